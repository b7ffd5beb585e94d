// expect-exit: 0
// expect-state: gr[20]=0x60000000c0000010 gr[21]=0x200000003ffffff0 gr[22]=0x4000000080000005 gr[23]=0xfffffffffffffff0 gr[24]=0x200000 gr[25]=0x55555 gr[26]=0x123456789abcdef0 nat[20]=false
// int_alu: the A-unit integer instructions, compares and the moves of
// issue 3 (add, sub, addp4, logical, shladd, shladdp4, adds, addl, movl,
// cmp/cmp4 of every type, tbit, tnat, mov to/from BR, PR and IP).  Each
// step compares its result with the value the SDM gives and, on a
// mismatch, exits with the step number; all steps passing exits 0.  The
// final values of r20-r26 are also checked from the state dump.
	.explicit
	.include "check.inc"

	// CHECKP bits, step: (p7 << 1 | p6) must equal bits
	.macro CHECKP bits, step
	mov r29 = pr ;;
	extr.u r29 = r29, 6, 2 ;;
	CHECK r29, \bits, \step
	.endm

	ENTRY _start
	alloc r32 = ar.pfs, 0, 1, 1, 0
	mov r2 = 5
	mov r3 = 7 ;;
	// ---- add, sub (A1, A3)
	add r4 = r2, r3 ;;
	CHECK r4, 12, 1
	add r4 = r2, r3, 1 ;;
	CHECK r4, 13, 2
	sub r4 = r2, r3 ;;
	CHECK r4, -2, 3
	sub r4 = r2, r3, 1 ;;
	CHECK r4, -3, 4
	sub r4 = 10, r3 ;;
	CHECK r4, 3, 5
	// ---- logical (A1, A3)
	movl r2 = 0xff00ff00
	movl r3 = 0x0ff00ff0 ;;
	and r4 = r2, r3 ;;
	CHECK r4, 0x0f000f00, 6
	or r4 = r2, r3 ;;
	CHECK r4, 0xfff0fff0, 7
	xor r4 = r2, r3 ;;
	CHECK r4, 0xf0f0f0f0, 8
	andcm r4 = r2, r3 ;;
	CHECK r4, 0xf000f000, 9
	and r4 = 0x7f, r3 ;;
	CHECK r4, 0x70, 10
	or r23 = -128, r3 ;;
	CHECK r23, 0xfffffffffffffff0, 11
	// ---- shladd, shladdp4 (A2), addp4 (A1, A4)
	mov r2 = 3
	mov r3 = 100 ;;
	shladd r4 = r2, 2, r3 ;;
	CHECK r4, 112, 12
	movl r5 = 0x10000000
	movl r6 = 0x80000005 ;;
	shladdp4 r22 = r5, 4, r6 ;;
	CHECK r22, 0x4000000080000005, 13
	mov r9 = 0x10
	movl r10 = 0xffffffffc0000000 ;;
	addp4 r20 = r9, r10 ;;
	CHECK r20, 0x60000000c0000010, 14
	movl r11 = 0x40000010 ;;
	addp4 r21 = -0x20, r11 ;;
	CHECK r21, 0x200000003ffffff0, 15
	// ---- adds (A4), addl (A5), movl (X2)
	mov r3 = 1 ;;
	adds r4 = -8192, r3 ;;
	CHECK r4, 0xffffffffffffe001, 16
	mov r2 = 1 ;;
	addl r24 = 0x1fffff, r2 ;;
	CHECK r24, 0x200000, 17
	movl r26 = 0x123456789abcdef0 ;;
	// ---- compares (A6-A8) and tests (I16, I17); p6 is bit 0, p7 bit 1
	mov r2 = -1
	mov r3 = 1
	movl r5 = 0x80000000 ;;
	cmp.lt p6, p7 = r2, r3 ;;
	CHECKP 1, 18
	cmp.ltu p6, p7 = r2, r3 ;;
	CHECKP 2, 19
	cmp4.lt p6, p7 = r5, r3 ;;
	CHECKP 1, 20
	cmp.ne p8, p9 = r0, r0
	cmp.eq p6, p7 = r0, r0 ;;
(p8)	cmp.eq.unc p6, p7 = r0, r0 ;;		// qp false: both cleared
	CHECKP 0, 21
	cmp.eq p6, p0 = r0, r0
	cmp.eq p7, p0 = r0, r0 ;;
	cmp.ne.and p6, p7 = r2, r2 ;;		// false: both cleared
	CHECKP 0, 22
	cmp.ne.or p6, p7 = r2, r3 ;;		// true: both set
	CHECKP 3, 23
	mov r12 = 5
	cmp.ne p6, p7 = r0, r0 ;;
	cmp.eq.or.andcm p6, p7 = 5, r12 ;;	// true: p6 = 1, p7 = 0
	CHECKP 1, 24
	mov r13 = -5
	cmp.eq p6, p0 = r0, r0
	cmp.eq p7, p0 = r0, r0 ;;
	cmp.gt.and p6, p7 = r0, r13 ;;		// 0 > -5: unchanged
	CHECKP 3, 25
	tbit.z p6, p7 = r3, 0 ;;		// bit 0 of 1 is set
	CHECKP 2, 26
	cmp.ne p6, p7 = r0, r0 ;;
	cmp.ne p7, p0 = r0, r0 ;;		// p6 = p7 = 0
	tbit.nz.or p6, p7 = r3, 0 ;;
	CHECKP 3, 27
	tnat.z p6, p7 = r3 ;;
	CHECKP 1, 28
	// ---- moves to and from BR (I21, I22), PR (I23-I25), IP (I25)
	movl r4 = 0x4000000000001230 ;;
	mov b6 = r4 ;;
	mov r5 = b6 ;;
	CHECK r5, 0x4000000000001230, 29
	movl r14 = 0x5555555555555554 ;;
	mov pr = r14, -2 ;;
	mov r15 = pr ;;
	CHECK r15, 0x5555555555555555, 30
	mov pr.rot = 0x50000 ;;
	mov r25 = pr ;;
	CHECK r25, 0x55555, 31
here:
{ .mii
	nop.m 0
	mov r16 = ip
	nop.i 0 ;;
}
	CHECK r16, here, 32
	// ---- all passed
	EXIT 0, i
	FAIL_EXIT
	.endp _start
