// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_map: translated data references (issue 4, SDM rev. 2.3 vol. 2,
// ch. 4).  Region 1 gets rid 0x42, 4 KiB pages, the VHPT walker off
// (rr1 = 0x4230).  itc.d maps VA1 = 0x2000000000004000 to PA 0x200000,
// itr.d (dtr0) VA2 = 0x2000000000008000 to PA 0x201000, both RW at PL0
// with a and d set (pte = ppn | p | a | d | ar 2 = 0x...461).  With PSR.dt
// on (by rfi) a store and a load through each reach those physical pages.
// A load from an unmapped VA of the region, with the walker off, takes an
// Alternate Data TLB fault (vector 4, 0x1000): IFA = the address, ISR.r
// with ei 0 (slot 0), ITIR = rr1's ps and rid (the key) = 0x4230, IIPA =
// the bundle before, whose movl was the last instruction to complete (SDM
// vol. 2, 5.8 "Alternate Data TLB vector", 3.3.5.6).  The same miss
// with PSR.ic = 0 is a Data Nested TLB fault (vector 5, 0x1400) whose ISR
// has ni set; nothing else is collected (SDM vol. 2, 5.5).  The handler
// runs with PSR.dt still on: delivery leaves translation alone (5.5).
	.explicit
	.include "ivt.inc"

	VA1 = 0x2000000000004000
	VA2 = 0x2000000000008000
	MISS = 0x2000000000010008
	VAL = 0x1122334455667788

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4230
	ITC_D VA1, 0x30, 0x200461
	ITR_D 0, VA2, 0x30, 0x201461
	PSR_RFI IC | DT
	movl r24 = VA1
	movl r25 = VAL ;;
	st8 [r24] = r25 ;;
	ld8 r26 = [r24]
	movl r24 = VA2 + 8 ;;
	st8 [r24] = r25 ;;
	ld8 r27 = [r24]
pre1:
	movl r24 = MISS ;;
miss1:
	M_BUNDLE ld8 r28 = [r24]
	rsm DT ;;
	srlz.d ;;
	SCHECK r26, VAL, 1
	SCHECK r27, VAL, 2
	movl r24 = 0x200000 ;;
	ld8 r26 = [r24] ;;
	SCHECK r26, VAL, 3
	movl r24 = 0x201008 ;;
	ld8 r26 = [r24] ;;
	SCHECK r26, VAL, 4
	NREC 1, 5
	RECORD r8, 0, F_VEC
	SCHECK r8, 4, 6
	RECORD r8, 0, F_IFA
	SCHECK r8, MISS, 7
	RECORD r8, 0, F_ISR
	SCHECK r8, 0x400000000, 8                // r; ei 0
	RECORD r8, 0, F_ITIR
	SCHECK r8, 0x4230, 9                     // ps 12, key = rid 0x42
	RECORD r8, 0, F_IIPA
	SCHECK r8, pre1, 10
	RECORD r8, 0, F_IIP
	SCHECK r8, miss1, 11
	RECORD r8, 0, F_PSR
	SCHECK r8, DT, 90                        // translation kept; ic, i, cpl 0

	// PSR.ic = 0: IIP and IPSR are not written, so they are set here to
	// where the handler's skip lands (slot 2 of the bundle before back5)
	rsm IC ;;
	srlz.d ;;
	movl r8 = back5 - 16
	movl r9 = IC | (2 << 41) ;;
	mov cr.iip = r8
	mov cr.ipsr = r9 ;;
	ssm DT ;;
	srlz.d ;;
	M_BUNDLE ld8 r28 = [r24]
	br.sptk.many fail ;;
back5:
	NREC 2, 20
	RECORD r8, 1, F_VEC
	SCHECK r8, 5, 21
	RECORD r8, 1, F_ISR
	SCHECK r8, 0x8400000000, 22              // ni, r; ei 0
	IVT_EXIT
	.endp _start

	TLB_IVT
