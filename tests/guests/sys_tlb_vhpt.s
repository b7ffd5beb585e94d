// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_vhpt: the VHPT walker, short format (issue 4, SDM rev. 2.3
// vol. 2, 4.1.5-4.1.7).  rr1 = 0x4231: rid 0x42, 4 KiB pages, walker on.
// PTA = 0x10003d: base 0x100000, size 2^15, vf 0 (short), ve 1.  The
// short-format hash of a VA is its region bits | the base | ((VA{50:0} >>
// ps) << 3) within the table, so VA1 = 0x2000000000004000 (page 4) has
// its entry at 0x2000000000100020.  dtr0 maps the table's first page to
// PA 0x300000; the entry there (PA 0x300020) maps VA1 to PA 0x200000.
// - a load from VA1 misses the TLB, the walker inserts the entry: it
//   reads what was stored at PA 0x200000; tpa gives 0x200000 and tak the
//   key, rr1's rid (a short-format entry's key);
// - VA 0x2000000000005000's entry (0x...100028) is zero, not present: a
//   Data TLB fault (vector 2, 0x800) with IFA, ISR.r, ITIR = 0x4230 and
//   IHA = 0x2000000000100028 (SDM vol. 2, 5.8 "Data TLB vector");
// - VA 0x2000000000200000's entry (page 0x200, 0x...101000) lies in an
//   unmapped table page: a VHPT Translation fault (vector 0, 0x0) with
//   IFA = the VA and IHA = 0x2000000000101000.
	.explicit
	.include "ivt.inc"

	VA1 = 0x2000000000004000
	NP = 0x2000000000005000
	FAR = 0x2000000000200000
	VAL = 0x5566778899aabbcc

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	ITR_D 0, 0x2000000000100000, 0x30, 0x300461
	movl r8 = 0x300020
	movl r9 = 0x200461 ;;
	st8 [r8] = r9                            // the VHPT entry of VA1
	movl r8 = 0x200000
	movl r9 = VAL ;;
	st8 [r8] = r9 ;;
	PSR_RFI IC | DT
	movl r24 = VA1 ;;
	ld8 r26 = [r24] ;;                       // walked
	tpa r27 = r24
	tak r28 = r24
	movl r24 = NP ;;
np:
	M_BUNDLE ld8 r25 = [r24]
	movl r24 = FAR ;;
far:
	M_BUNDLE ld8 r25 = [r24]
	rsm DT ;;
	srlz.d ;;
	SCHECK r26, VAL, 1
	SCHECK r27, 0x200000, 2
	SCHECK r28, 0x42, 3
	NREC 2, 4
	RECORD r8, 0, F_VEC
	SCHECK r8, 2, 5
	RECORD r8, 0, F_IFA
	SCHECK r8, NP, 6
	RECORD r8, 0, F_ISR
	SCHECK r8, 0x400000000, 7                // r; ei 0
	RECORD r8, 0, F_ITIR
	SCHECK r8, 0x4230, 8
	RECORD r8, 0, F_IHA
	SCHECK r8, 0x2000000000100028, 9
	RECORD r8, 0, F_IIP
	SCHECK r8, np, 10
	RECORD r8, 1, F_VEC
	SCHECK r8, 0, 11
	RECORD r8, 1, F_IFA
	SCHECK r8, FAR, 12
	RECORD r8, 1, F_ISR
	SCHECK r8, 0x400000000, 13
	RECORD r8, 1, F_ITIR
	SCHECK r8, 0x4230, 14
	RECORD r8, 1, F_IHA
	SCHECK r8, 0x2000000000101000, 15
	IVT_EXIT
	.endp _start

	TLB_IVT
