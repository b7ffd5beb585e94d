// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_walkmemo: the VHPT walker's reference to its table after the
// translation of the table's page goes (SDM rev. 2.3 vol. 2, 4.1.5-4.1.7:
// the walker's reference is translated by the DTLB; with no translation,
// a VHPT Translation fault, vector 0).  rr1 = 0x4231 (rid 0x42, 4 KiB
// pages, walker on), PTA = 0x10003d (base 0x100000, 2^15 bytes, short
// format): the entries of region 1's pages 1-511 are the table's first
// page, VA 0x2000000000100000, at PA 0x300000; each maps its page to PA
// 0x200000, which holds VAL.  Each phase maps the table page, loads a
// page (walked: VAL), lets the table page's translation go, and loads
// again:
// - A: the table page in the cache (itc.d), purged by ptc.l: page 2's
//   load is a VHPT Translation fault (IFA = its VA, IHA = its entry);
// - B: the table page in dtr1, purged by ptr.d: so is page 4's;
// - C: the table page in the cache again, then 296 loads of new pages
//   5-300, each walked and inserted: the cache (128 entries) displaces
//   the table page's entry on the way, and from the first load that
//   faults on, none passes (nothing inserts the table page again).
	.explicit
	.include "ivt.inc"

	TABLE = 0x2000000000100000
	PAGE = 0x2000000000000000                // + 0x1000 * n: page n of region 1
	VAL = 0x1122334455667788
	NLOADS = 296

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	movl r8 = 0x200000
	movl r9 = VAL ;;
	st8 [r8] = r9
	movl r8 = 0x300008                       // the entries of pages 1-511
	movl r9 = 0x200461
	mov r10 = 511 ;;
fill:
	st8 [r8] = r9, 8
	adds r10 = -1, r10 ;;
	cmp.ne p8, p0 = 0, r10
(p8)	br.cond.sptk.few fill ;;

	// A: itc.d, ptc.l
	ITC_D TABLE, 0x30, 0x300461
	PSR_RFI IC | DT
	movl r24 = PAGE + 0x1000 ;;
	ld8 r32 = [r24] ;;                       // walked: VAL
	movl r8 = TABLE
	mov r9 = 12 << 2 ;;
	ptc.l r8, r9 ;;
	srlz.d ;;
	mov r33 = 0
	movl r24 = PAGE + 0x2000 ;;
a_miss:
	M_BUNDLE ld8 r33 = [r24]                 // VHPT Translation fault

	// B: itr.d, ptr.d
	rsm IC | DT ;;
	srlz.d ;;
	ITR_D 1, TABLE, 0x30, 0x300461
	PSR_RFI IC | DT
	movl r24 = PAGE + 0x3000 ;;
	ld8 r34 = [r24] ;;                       // walked: VAL
	movl r8 = TABLE
	mov r9 = 12 << 2 ;;
	ptr.d r8, r9 ;;
	srlz.d ;;
	mov r35 = 0
	movl r24 = PAGE + 0x4000 ;;
b_miss:
	M_BUNDLE ld8 r35 = [r24]                 // VHPT Translation fault
	rsm DT ;;
	srlz.d ;;
	SCHECK r32, VAL, 1
	SCHECK r33, 0, 2
	SCHECK r34, VAL, 3
	SCHECK r35, 0, 4
	NREC 2, 5
	RECORD r8, 0, F_VEC
	SCHECK r8, 0, 6
	RECORD r8, 0, F_IFA
	SCHECK r8, PAGE + 0x2000, 7
	RECORD r8, 0, F_IHA
	SCHECK r8, TABLE + 0x10, 8
	RECORD r8, 0, F_IIP
	SCHECK r8, a_miss, 9
	RECORD r8, 1, F_VEC
	SCHECK r8, 0, 10
	RECORD r8, 1, F_IFA
	SCHECK r8, PAGE + 0x4000, 11
	RECORD r8, 1, F_IHA
	SCHECK r8, TABLE + 0x20, 12
	RECORD r8, 1, F_IIP
	SCHECK r8, b_miss, 13

	// C: itc.d, then the cache's own displacement
	rsm IC ;;
	srlz.d ;;
	ITC_D TABLE, 0x30, 0x300461
	PSR_RFI IC | DT
	movl r24 = PAGE + 0x5000
	mov r25 = NLOADS
	mov r32 = 0                              // loads that faulted
	mov r33 = 0                              // loads that passed after one faulted
	movl r26 = VAL ;;
c_loop:
	mov r27 = 0 ;;
	M_BUNDLE ld8 r27 = [r24]
	cmp.eq p8, p9 = r27, r26 ;;
(p9)	adds r32 = 1, r32
(p8)	cmp.ne.unc p10, p0 = 0, r32 ;;
(p10)	adds r33 = 1, r33
	adds r24 = 0x1000, r24
	adds r25 = -1, r25 ;;
	cmp.ne p8, p0 = 0, r25
(p8)	br.cond.sptk.few c_loop ;;
	rsm DT ;;
	srlz.d ;;
	SCHECK r33, 0, 14
	cmp.eq p8, p0 = 0, r32                   // some load faulted
	mov r8 = 1 ;;
(p8)	mov r8 = 0 ;;
	SCHECK r8, 1, 15
	movl r29 = COUNT ;;                      // every fault was one of the loads'
	ld8 r28 = [r29] ;;
	adds r8 = 2, r32 ;;
	cmp.eq p8, p0 = r8, r28
	mov r8 = 0 ;;
(p8)	mov r8 = 1 ;;
	SCHECK r8, 1, 16
	IVT_EXIT
	.endp _start

	TLB_IVT
