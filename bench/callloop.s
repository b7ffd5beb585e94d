// callloop: the call/return benchmark.  Each iteration is twelve slots
// in four bundles: br.call; in the callee alloc (a new three-register
// frame), three adds and br.ret; then br.cloop (the shape of Ski's
// measured call loop).  The iteration count is argv[1] in decimal
// (default 1000000); bench/run runs two counts and subtracts, so
// start-up cancels.  Exits with 0.
	.explicit
	.text
	.global _start
	.proc _start
_start:
	alloc r32=ar.pfs,0,1,1,0
	adds r14=16,r12
	movl r9=1000000 ;;
	ld8 r15=[r14],16 ;;            // argc; r14 = &argv[1]
	cmp.lt p6,p0=1,r15 ;;
(p6)	ld8 r14=[r14]
(p6)	mov r9=0 ;;
(p6)	br.cond.sptk.few parse ;;
	br.cond.sptk.few parsed ;;
parse:
	ld1 r10=[r14],1 ;;
	cmp.eq p7,p0=0,r10
	adds r10=-48,r10 ;;
(p7)	br.cond.dpnt.few parsed ;;
	shladd r11=r9,2,r9 ;;          // n * 5
	shladd r9=r11,1,r10            // n * 10 + digit
	br.cond.sptk.few parse ;;
parsed:
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
	mov out0=0
	mov r15=1236 ;;
	break.m 0x100000 ;;
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
