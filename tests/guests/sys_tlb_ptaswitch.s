// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_ptaswitch: the VHPT walker's data misses across writes of
// cr.pta, with PSR.be = 1, and unaligned (SDM rev. 2.3 vol. 2, 4.1.5:
// VHPT_Addr from PTA.base and PTA.size at each walk; vol. 1, 4.5: PSR.be
// byte order; vol. 2, 5.8: the translation before the Unaligned Data
// Reference fault, vector 30).  rr1 = 0x4231 (rid 0x42, 4 KiB pages,
// walker on).  Two short-format tables of 2^15 bytes: A at VA
// 0x2000000000100000 (PTA 0x10003d, in dtr1 at PA 0x300000), whose
// entries map region 1's pages 1-511 to PA 0x200000 (holding VAL_A), and
// B at VA 0x2000000000180000 (PTA 0x18003d, dtr2 at PA 0x310000), whose
// entries map them to PA 0x210000 (holding VAL_B).  Each load is of a
// page not loaded before, so each is walked:
// - page 1 with PTA A: VAL_A; page 2 with PTA B: VAL_B; page 3 with PTA A
//   again: VAL_A;
// - page 4 with PSR.be = 1: VAL_A byte-swapped;
// - page 5 at offset 4 (ld8): an Unaligned Data Reference fault, IFA the
//   address; then page 5 at offset 0: VAL_A.
	.explicit
	.include "ivt.inc"

	TABLE_A = 0x2000000000100000
	TABLE_B = 0x2000000000180000
	PAGE = 0x2000000000000000                // + 0x1000 * n: page n of region 1
	VAL_A = 0x1122334455667788
	VAL_B = 0x0102030405060708
	BE = 1 << 1

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x200000
	movl r9 = VAL_A ;;
	st8 [r8] = r9
	movl r8 = 0x210000
	movl r9 = VAL_B ;;
	st8 [r8] = r9
	movl r8 = 0x300008                       // table A: pages 1-511
	movl r9 = 0x200461
	mov r10 = 511 ;;
fill_a:
	st8 [r8] = r9, 8
	adds r10 = -1, r10 ;;
	cmp.ne p8, p0 = 0, r10
(p8)	br.cond.sptk.few fill_a ;;
	movl r8 = 0x310008                       // table B: pages 1-511
	movl r9 = 0x210461
	mov r10 = 511 ;;
fill_b:
	st8 [r8] = r9, 8
	adds r10 = -1, r10 ;;
	cmp.ne p8, p0 = 0, r10
(p8)	br.cond.sptk.few fill_b ;;
	ITR_D 1, TABLE_A, 0x30, 0x300461
	ITR_D 2, TABLE_B, 0x30, 0x310461
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	PSR_RFI IC | DT

	movl r24 = PAGE + 0x1000 ;;
	ld8 r25 = [r24] ;;                       // table A: VAL_A
	movl r8 = 0x18003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	movl r24 = PAGE + 0x2000 ;;
	ld8 r26 = [r24] ;;                       // table B: VAL_B
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	movl r24 = PAGE + 0x3000 ;;
	ld8 r27 = [r24] ;;                       // table A: VAL_A
	sum BE ;;
	movl r24 = PAGE + 0x4000 ;;
	ld8 r14 = [r24] ;;                       // big-endian
	rum BE ;;
	mov r15 = 0
	movl r24 = PAGE + 0x5004 ;;
unaligned:
	M_BUNDLE ld8 r15 = [r24]                 // Unaligned Data Reference
	movl r24 = PAGE + 0x5000 ;;
	ld8 r13 = [r24] ;;                       // VAL_A
	rsm DT ;;
	srlz.d ;;
	SCHECK r25, VAL_A, 1
	SCHECK r26, VAL_B, 2
	SCHECK r27, VAL_A, 3
	SCHECK r14, 0x8877665544332211, 4
	SCHECK r15, 0, 5
	SCHECK r13, VAL_A, 6
	NREC 1, 7
	RECORD r8, 0, F_VEC
	SCHECK r8, 30, 8
	RECORD r8, 0, F_IFA
	SCHECK r8, PAGE + 0x5004, 9
	RECORD r8, 0, F_IIP
	SCHECK r8, unaligned, 10
	IVT_EXIT
	.endp _start

	// TLB_IVT's, with Unaligned Data Reference (30)
	IVT_COMMON
	.align 32768
ivt:
	VEC 0, 0x0000, V_SKIP
	VEC 1, 0x0400, V_SKIP
	VEC 2, 0x0800, V_SKIP
	VEC 3, 0x0c00, V_SKIP
	VEC 4, 0x1000, V_SKIP
	VEC 5, 0x1400, V_SKIP
	VEC 6, 0x1800, V_SKIP
	VEC 7, 0x1c00, V_SKIP
	VEC 8, 0x2000, V_SKIP
	VEC 9, 0x2400, V_SKIP
	VEC 10, 0x2800, V_SKIP
	VEC 11, 0x2c00, V_SKIP | V_PL0
	VEC 20, 0x5000, V_SKIP
	VEC 21, 0x5100, V_SKIP
	VEC 22, 0x5200, V_SKIP
	VEC 23, 0x5300, V_SKIP
	VEC 24, 0x5400, V_SKIP
	VEC 30, 0x5a00, V_SKIP
	.org ivt + 0x8000
