// callloop: the call/return benchmark.  Each iteration is twelve slots
// in four bundles: br.call; in the callee alloc (a new three-register
// frame), three adds and br.ret; then br.cloop (the shape of Ski's
// measured call loop).  The iteration count is argv[1] in decimal
// (default 1000000); bench/run runs two counts and subtracts, so
// start-up cancels.  Exits with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,1,1,0
	ARGV_COUNT 1000000
	adds r9=-1,r9 ;;
	mov ar.lc=r9 ;;
	.align 32
loop:
{ .mib
	nop.m 0
	nop.i 0
	br.call.sptk.many b0=callee ;;
}
{ .mib
	nop.m 0
	nop.i 0
	br.cloop.sptk.few loop ;;
}
	EXIT 0
	.endp _start

	.proc callee
callee:
{ .mii
	alloc r32=ar.pfs,0,3,0,0
	add r33=r0,r0
	add r34=r0,r0 ;;
}
{ .mib
	add r33=r33,r34
	nop.i 0
	br.ret.sptk.many b0 ;;
}
	.endp callee
