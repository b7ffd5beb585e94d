// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_walkmemo_itc: the VHPT walker reads its table through the
// translation the DTLB holds when it walks (SDM rev. 2.3 vol. 2,
// 4.1.5-4.1.7): after the table page's entry is purged and itc.d inserts
// it again with another physical page, walks read the new page.  rr1 =
// 0x4231 (rid 0x42, 4 KiB pages, walker on), PTA = 0x10003d (base
// 0x100000, 2^15 bytes, short format): the entries of region 1's pages
// 1-511 are the table's first page, VA 0x2000000000100000.  Table 1 at
// PA 0x300000 maps each page to PA 0x200000 (VAL), table 2 at PA 0x400000
// to PA 0x500000 (VAL2).
// - the table page is table 1 (itc.d): page 1's load is walked: VAL;
// - ptc.l purges it, itc.d inserts table 2 there: page 2's load is
//   walked through table 2: VAL2, page 1's (still in the cache) VAL;
// - ptc.l purges it, itc.d inserts table 1 again: page 3: VAL.
	.explicit
	.include "ivt.inc"

	TABLE = 0x2000000000100000
	PAGE = 0x2000000000000000                // + 0x1000 * n: page n of region 1
	VAL = 0x1122334455667788
	VAL2 = 0x99aabbccddeeff00

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	movl r8 = 0x200000
	movl r9 = VAL ;;
	st8 [r8] = r9
	movl r8 = 0x500000
	movl r9 = VAL2 ;;
	st8 [r8] = r9
	movl r8 = 0x300008                       // the entries of pages 1-511
	movl r9 = 0x200461
	movl r10 = 0x400008
	movl r11 = 0x500461
	mov r14 = 511 ;;
fill:
	st8 [r8] = r9, 8
	st8 [r10] = r11, 8
	adds r14 = -1, r14 ;;
	cmp.ne p8, p0 = 0, r14
(p8)	br.cond.sptk.few fill ;;

	ITC_D TABLE, 0x30, 0x300461              // table 1
	PSR_RFI IC | DT
	movl r24 = PAGE + 0x1000 ;;
	ld8 r32 = [r24] ;;                       // walked: VAL
	movl r8 = TABLE
	mov r9 = 12 << 2 ;;
	ptc.l r8, r9 ;;
	srlz.d ;;
	rsm IC | DT ;;
	srlz.d ;;
	ITC_D TABLE, 0x30, 0x400461              // table 2
	PSR_RFI IC | DT
	movl r24 = PAGE + 0x2000 ;;
	ld8 r33 = [r24] ;;                       // walked through table 2: VAL2
	movl r24 = PAGE + 0x1000 ;;
	ld8 r34 = [r24] ;;                       // in the cache: VAL
	movl r8 = TABLE
	mov r9 = 12 << 2 ;;
	ptc.l r8, r9 ;;
	srlz.d ;;
	rsm IC | DT ;;
	srlz.d ;;
	ITC_D TABLE, 0x30, 0x300461              // table 1 again
	PSR_RFI IC | DT
	movl r24 = PAGE + 0x3000 ;;
	ld8 r35 = [r24] ;;                       // walked: VAL
	rsm DT ;;
	srlz.d ;;
	SCHECK r32, VAL, 1
	SCHECK r33, VAL2, 2
	SCHECK r34, VAL, 3
	SCHECK r35, VAL, 4
	NREC 0, 5
	IVT_EXIT
	.endp _start

	TLB_IVT
