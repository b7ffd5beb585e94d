// intloop: the integer-loop benchmark.  Each iteration is two bundles,
// six instructions and no nops: five independent ALU and compare
// instructions and br.cloop (the shape of Ski's measured integer loop).
// The iteration count is argv[1] in decimal (default 1000000); bench/run
// runs two counts and subtracts, so start-up cancels.  Exits with 0.
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
	mov out0=0
	mov r15=1236 ;;
	break.m 0x100000 ;;
	.endp _start
