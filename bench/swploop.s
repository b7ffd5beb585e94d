// swploop: a software-pipelined loop with rotating registers.  Three
// stages per element, over a 1024-element (8 KiB) array: (p16) ld8 a[i]
// into r32, (p17) add the previous element's value (now r33) and a
// constant into r34, (p18) st8 that sum (now r35) to b[i]; br.ctop
// rotates the GRs and predicates, counting LC, then EC.  Each element is
// two bundles, six slots.  The iteration count is argv[1] in decimal
// (default 1000000), in elements: the outer loop runs count / 1024 times;
// bench/run runs two counts and subtracts, so start-up cancels.  Exits
// with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r2=ar.pfs,0,16,1,16
	ARGV_COUNT 1000000
	shr.u r9=r9,10 ;;
	cmp.eq p6,p0=r9,r0 ;;
(p6)	mov r9=1
	movl r20=srca
	movl r21=dsta
	mov r5=3
	mov r22=1023 ;;
outer:
	mov ar.lc=r22
	mov ar.ec=3
	mov pr.rot=1<<16
	mov r16=r20
	mov r17=r21 ;;
	.align 32
loop:
{ .mii
(p16)	ld8 r32=[r16],8
(p17)	add r34=r33,r5
	nop.i 0
}
{ .mib
(p18)	st8 [r17]=r35,8
	nop.i 0
	br.ctop.sptk.few loop ;;
}
	adds r9=-1,r9 ;;
	cmp.ne p6,p0=r9,r0
(p6)	br.cond.sptk.few outer ;;
	EXIT 0
	.endp _start

	.bss
	.align 16
srca:
	.skip 1024 * 8
dsta:
	.skip 1024 * 8
