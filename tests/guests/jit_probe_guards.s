// expect-exit: 0
// expect-state: gr[10]=0x8899aabbccde9e31 gr[11]=0x112233445566ced6 gr[12]=0xc3be
// expect-state: gr[13]=0xc165 gr[17]=0xc3be gr[20]=0x2ddc55
// jit_probe_guards: a loop the translator makes a block of (cpu/jit.c),
// for its soft-TLB probes whose entry is known and its predicate tests:
// a store through the base of the load before (the other soft TLB's
// entry of the same index), to a page and to its alias 1 MiB away (the
// same soft-TLB index: the tag differs) in turns, a load that writes its
// own base before a store through it, a store that misses inside a run
// of slots with the same guard, a guarded compare that writes its own
// guard, guarded branches out and slots on the flags of the compare
// before (also across moves and adds; p2 of cmp.unc, with a qp 0 and
// none), and compares with r0 as r3 (cmp.lt, cmp.ltu, cmp4.lt, cmp4.eq:
// signed below zero, never below zero unsigned, the low 32 bits) and of
// an imm8.
// The counts are the SDM's (checked); the sums are the interpreter's
// (--no-jit, expect-state).
	.include "check.inc"
	ENTRY _start
	alloc r16 = ar.pfs, 0, 0, 1, 0
	movl r2 = buf
	movl r18 = far
	mov r14 = 300
	mov r15 = 151
	mov r9 = 0 ;;
	mov r20 = 0
	mov r21 = 0
	mov r22 = 0
	mov r23 = 0
	mov r24 = 0
	mov r25 = 0
	mov r26 = 0
	mov r27 = 0
	mov r28 = 0
	mov r29 = 0 ;;
loop:
	cmp.eq p6, p0 = r9, r14 ;;
(p6)	br.cond.dpnt done
	ld8 r10 = [r2] ;;
	add r10 = r10, r9 ;;
	st8 [r2] = r10
	and r11 = 1, r9 ;;
	tbit.nz p8, p9 = r9, 0
	shl r11 = r11, 20 ;;
	add r3 = r2, r11		// buf, or its alias 1 MiB on (odd passes); + 8
	and r4 = 2, r9 ;;
	adds r3 = 8, r3
	shl r4 = r4, 19 ;;
	add r4 = r4, r18		// far, or its alias (every other odd pass)
	ld8 r12 = [r3] ;;
	add r12 = r12, r9 ;;
	st8 [r3] = r12			// the wtlb entry of the load's index
(p8)	add r12 = r12, r9 ;;
(p8)	adds r12 = 3, r12 ;;
(p8)	st8 [r4] = r12			// a miss (the alias's entry there)
(p8)	add r20 = r20, r12
	st8 [r3] = r12 ;;
(p8)	cmp.eq p8, p9 = r9, r15 ;;	// p8 from here: the pass 151 only
(p8)	adds r21 = 1, r21
(p9)	adds r22 = 1, r22 ;;
(p8)	adds r28 = 1, r28 ;;
(p8)	br.cond.dpnt side ;;
back:
	adds r7 = 16, r2
	adds r5 = -150, r9 ;;
	ld8 r7 = [r7] ;;		// its own base: far + 8192
	st8 [r7] = r9
	cmp.lt p10, p11 = r5, r0 ;;
(p10)	adds r23 = 1, r23
(p11)	adds r24 = 1, r24 ;;
	cmp.ltu p10, p11 = r5, r0 ;;
(p10)	adds r23 = 100, r23
(p11)	adds r24 = 1, r24
	cmp.ltu.unc p0, p12 = r9, r15 ;;
(p12)	adds r29 = 1, r29
(p10)	cmp.eq.unc p0, p12 = r0, r0 ;;	// p10 0: p12 cleared
(p12)	adds r29 = 100, r29
	shl r6 = r9, 24 ;;
	cmp4.lt p12, p13 = r6, r0 ;;
(p12)	adds r25 = 1, r25 ;;
	cmp4.eq p0, p13 = r6, r0 ;;
(p13)	adds r26 = 1, r26
	cmp.lt p14, p0 = 5, r9 ;;
	adds r19 = 5, r9		// (moves and adds between: the flags kept)
	movl r8 = 0x123456789abcdef ;;
	mov r28 = r28 ;;
(p14)	adds r27 = 1, r27
	adds r9 = 1, r9
	br.cond.sptk.few loop ;;
side:
	adds r28 = 16, r28
	br.cond.sptk.few back ;;
done:
	CHECK r21, 1, 1
	CHECK r22, 299, 2
	CHECK r23, 150, 3
	CHECK r24, 450, 4
	CHECK r25, 128, 5
	CHECK r26, 298, 6
	CHECK r27, 294, 7
	CHECK r28, 17, 8
	CHECK r29, 149, 10
	movl r5 = far + 8192 ;;
	ld8 r5 = [r5] ;;
	CHECK r5, 299, 9
	ld8 r10 = [r2]
	adds r11 = 8, r2
	movl r12 = buf + 0x100008 ;;
	ld8 r11 = [r11]
	ld8 r12 = [r12]
	movl r13 = far
	movl r17 = far + 0x100000 ;;
	ld8 r13 = [r13]
	ld8 r17 = [r17] ;;
	EXIT 0
	FAIL_EXIT
	.endp _start
	.data
	.align 8
buf:	data8 0x8899aabbccddeeff, 0x1122334455667788, far + 8192
	.skip 0x100000 - 24
	data8 0x0f1e2d3c4b5a6978, 0x1234
	.bss
	.align 16
far:	.skip 0x100000 + 16
