// expect-exit: 0
// expect-state: cfm=0x2cb8104409 ar.lc=0x0 ar.ec=0x0 gr[17]=0x4 gr[18]=0xa gr[40]=0x0
// loop_pipe: software-pipelined loops (SDM vol. 1, 4.5 and the br
// pseudo-code of vol. 3) with rotating GRs (alloc ...,8: r32-r39 rotate)
// and rotating predicates.  src = 10, 20, 30, 40, 50.
// 1. br.ctop, 3 stages (ld8 / add 1000 / st8), LC = 4, EC = 3: 5 + 3 - 1
//    = 7 iterations, each rotating; dst1 = 1010 .. 1050.
// 2. br.cexit, 2 stages (ld8 / st8), LC = 4, EC = 2: exits in iteration
//    6; dst2 = src.
// 3. br.wtop, 2 stages, a while loop over a counter: the compare writes
//    p16 each iteration, p17 (the rotated p16) predicates stage 2 (x2 and
//    st8), EC = 1; dst3 = 20 .. 100.
// 4. br.wexit with a counter of 3 and EC = 1: 4 iterations (r17 = 4); 3
//    rotations while PR[qp] = 1 and 1 draining EC, so after the clrrrb
//    before it rrb.gr = -4 mod 8 = 4, rrb.fr = -4 mod 96 = 92, rrb.pr =
//    -4 mod 48 = 44: CFM = sof 9 | sol 8 << 7 | sor/8 1 << 14 | 4 << 18 |
//    92 << 25 | 44 << 32 = 0x2cb8104409.  LC = 0 and EC = 0 at the end.
// 5. br.cloop with LC = 9: 10 iterations (r18 = 10), LC = 0.
// Each failed check exits with its step number.
	.explicit
	.include "check.inc"

	// CHECK5 base, step, v0 .. v4: the five qwords at base
	.macro CHECK5 base, step, a, b, c, d, e
	movl r26 = \base ;;
	ld8 r27 = [r26], 8 ;;
	CHECK r27, \a, \step
	ld8 r27 = [r26], 8 ;;
	CHECK r27, \b, \step + 1
	ld8 r27 = [r26], 8 ;;
	CHECK r27, \c, \step + 2
	ld8 r27 = [r26], 8 ;;
	CHECK r27, \d, \step + 3
	ld8 r27 = [r26], 8 ;;
	CHECK r27, \e, \step + 4
	.endm

	ENTRY _start
	alloc r2 = ar.pfs, 0, 8, 1, 8 ;;      // sof 9, sol 8, sor 8; out0 = r40
	// ---- 1: br.ctop
	movl r14 = src
	movl r15 = dst1
	mov r20 = 1000
	mov ar.lc = 4
	mov ar.ec = 3
	mov pr.rot = 0x10000 ;;
L1:
(p16)	ld8 r32 = [r14], 8
(p17)	add r34 = r33, r20
(p18)	st8 [r15] = r35, 8
	br.ctop.sptk.few L1 ;;
	CHECK5 dst1, 1, 1010, 1020, 1030, 1040, 1050
	mov r21 = ar.lc
	mov r22 = ar.ec ;;
	CHECK r21, 0, 6
	CHECK r22, 0, 7
	// ---- 2: br.cexit
	clrrrb ;;
	movl r14 = src
	movl r15 = dst2
	mov ar.lc = 4
	mov ar.ec = 2
	mov pr.rot = 0x10000 ;;
L2:
(p16)	ld8 r32 = [r14], 8
(p17)	st8 [r15] = r33, 8
	br.cexit.spnt.few X2 ;;
	br.cond.sptk.few L2 ;;
X2:
	CHECK5 dst2, 10, 10, 20, 30, 40, 50
	// ---- 3: br.wtop
	clrrrb ;;
	movl r14 = src
	movl r15 = dst3
	mov r16 = 5
	mov ar.ec = 1
	mov pr.rot = 0 ;;
L3:
	cmp.ne p16, p0 = 0, r16 ;;
(p16)	ld8 r32 = [r14], 8
(p16)	adds r16 = -1, r16
(p17)	shladd r21 = r33, 1, r0 ;;
(p17)	st8 [r15] = r21, 8
(p16)	br.wtop.sptk.few L3 ;;
	CHECK5 dst3, 20, 20, 40, 60, 80, 100
	// ---- 4: br.wexit
	clrrrb ;;
	mov r16 = 3
	mov r17 = 0
	mov ar.ec = 1
	mov pr.rot = 0 ;;
L4:
	cmp.ne p16, p0 = 0, r16 ;;
(p16)	adds r16 = -1, r16
	adds r17 = 1, r17
(p16)	br.wexit.spnt.few X4 ;;
	br.cond.sptk.few L4 ;;
X4:
	CHECK r17, 4, 30
	// ---- 5: br.cloop
	mov ar.lc = 9
	mov r18 = 0 ;;
L5:
	adds r18 = 1, r18
	br.cloop.sptk.few L5 ;;
	CHECK r18, 10, 31
	EXIT 0, i				// out0 = r40
	FAIL_EXIT newframe=1
	.endp _start

	.data
	.align 8
src:	data8 10, 20, 30, 40, 50
dst1:	.skip 40
dst2:	.skip 40
dst3:	.skip 40
