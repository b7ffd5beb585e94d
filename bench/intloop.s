// intloop: the integer-loop benchmark.  Each iteration is two bundles,
// six instructions and no nops: five independent ALU and compare
// instructions and br.cloop (the shape of Ski's measured integer loop).
// The iteration count is argv[1] in decimal (default 1000000); bench/run
// runs two counts and subtracts, so start-up cancels.  Exits with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,1,1,0
	ARGV_COUNT 1000000
	adds r9=-1,r9
	mov r16=1
	mov r17=3 ;;
	mov ar.lc=r9
	mov r18=5
	mov r19=7
	mov r20=11
	mov r21=13 ;;
	.align 32
loop:
{ .mii
	add r16=r16,r17
	add r18=r18,r19
	sub r20=r20,r21
}
{ .mib
	xor r22=r23,r24
	cmp.eq p6,p7=r25,r26
	br.cloop.sptk.few loop ;;
}
	EXIT 0
	.endp _start
