// expect-exit: 0
// expect-state: gr[20]=0x778899aabbccddee gr[21]=0xfffffffffffffcde gr[22]=0xffffffffabcdffff gr[23]=0x5 gr[24]=0xffffffff80000000 gr[25]=0x1f pr=0x1
// int_bits: the I-unit shifts, bit fields and counts of issue 3 (shr,
// shr.u, shl by register and by immediate, shrp, extr, extr.u, dep.z, dep
// in all forms, popcnt, clz, sxt, zxt, czx, tf).  Each step compares its
// result with the value the SDM gives and, on a mismatch, exits with the
// step number; all steps passing exits 0.  r20-r25 are also checked from
// the state dump, and pr ends with only p0 set.
	.explicit
	.include "check.inc"

	ENTRY _start
	alloc r32 = ar.pfs, 0, 1, 1, 0
	movl r3 = 0x8000000000000000
	mov r2 = 4
	mov r5 = 1
	mov r6 = 63
	mov r7 = 64 ;;
	// ---- shifts by a register (I5, I7)
	shr r4 = r3, r2 ;;
	CHECK r4, 0xf800000000000000, 1
	shr.u r4 = r3, r2 ;;
	CHECK r4, 0x0800000000000000, 2
	shl r4 = r5, r6 ;;
	CHECK r4, 0x8000000000000000, 3
	shl r4 = r5, r7 ;;
	CHECK r4, 0, 4
	// ---- shifts by an immediate (I11, I12 aliases)
	shr.u r4 = r3, 60 ;;
	CHECK r4, 8, 5
	shr r4 = r3, 60 ;;
	CHECK r4, 0xfffffffffffffff8, 6
	shl r4 = r5, 5 ;;
	CHECK r4, 32, 7
	// ---- shrp (I10), extr (I11)
	movl r8 = 0x1122334455667788
	movl r9 = 0x99aabbccddeeff00 ;;
	shrp r20 = r8, r9, 16 ;;
	CHECK r20, 0x778899aabbccddee, 8
	movl r10 = 0x123456789abcdef0 ;;
	extr.u r4 = r10, 8, 12 ;;
	CHECK r4, 0xcde, 9
	extr r21 = r10, 8, 12 ;;
	CHECK r21, 0xfffffffffffffcde, 10
	// ---- dep.z (I12, I13), dep (I14, I15)
	mov r11 = 0xff ;;
	dep.z r4 = r11, 4, 4 ;;
	CHECK r4, 0xf0, 11
	dep.z r4 = -1, 8, 8 ;;
	CHECK r4, 0xff00, 12
	dep r4 = -1, r0, 4, 8 ;;
	CHECK r4, 0xff0, 13
	movl r12 = 0xabcd
	mov r13 = -1 ;;
	dep r22 = r12, r13, 16, 16 ;;
	CHECK r22, 0xffffffffabcdffff, 14
	// ---- popcnt, clz (I9)
	movl r14 = 0xf0f0
	movl r15 = 0x100000000 ;;
	popcnt r4 = r14 ;;
	CHECK r4, 8, 15
	clz r4 = r15 ;;
	CHECK r4, 31, 16
	// ---- sxt, zxt, czx (I29)
	movl r16 = 0x12345680
	movl r17 = 0x80000000 ;;
	zxt1 r4 = r16 ;;
	CHECK r4, 0x80, 17
	sxt1 r4 = r16 ;;
	CHECK r4, 0xffffffffffffff80, 18
	sxt4 r24 = r17 ;;
	CHECK r24, 0xffffffff80000000, 19
	zxt2 r4 = r16 ;;
	CHECK r4, 0x5680, 20
	sxt2 r4 = r16 ;;
	CHECK r4, 0x5680, 21
	movl r18 = 0x1122003344556677
	movl r19 = 0x1111222200003333 ;;
	czx1.l r4 = r18 ;;
	CHECK r4, 2, 22
	czx1.r r23 = r18 ;;
	CHECK r23, 5, 23
	czx2.l r4 = r19 ;;
	CHECK r4, 2, 24
	czx2.r r4 = r19 ;;
	CHECK r4, 1, 25
	// ---- tf (I30): feature 32 (@clz) is implemented
	tf.z p6, p7 = @clz ;;
	mov r25 = pr ;;
	extr.u r4 = r25, 6, 2 ;;
	CHECK r4, 2, 26
	extr.u r25 = r3, 59, 5 ;;		// 0x10, then dep.z below fills
	dep r25 = -1, r25, 0, 4 ;;		// 0x1f
	mov pr = r0, -2 ;;			// all predicates but p0 cleared
	// ---- all passed
	EXIT 0, i
	FAIL_EXIT
	.endp _start
