// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_prot: protection of translated data references (issue 4, SDM
// rev. 2.3 vol. 2, 4.1.1.6, 4.1.3, 5.8).  rr1 = 0x4230 (rid 0x42, walker
// off).  VA1 = 0x2000000000004000 -> PA 0x200000 with pl 0, ar 2 (RW), a
// set, d clear, key 0x55 (pte 0x200421, ITIR 0x5530); VA2 =
// 0x2000000000008000 -> PA 0x201000, RW, a and d set, key 0x66.
// - PL0, a store to VA1: Dirty-Bit fault (vector 8, 0x2000), IFA = VA1,
//   ISR.w (d = 0 and PSR.da = 0);
// - PL3: a load from VA1 (pl 0: no rights above PL0) is a Data Access
//   Rights fault (vector 23, 0x5300), ISR.r; break.m 0 then returns to PL0
//   (this IVT's break entry clears IPSR.cpl);
// - PSR.pk = 1, pkr0 = key 0x55, v, wd (0x5503): a load from VA1 passes, a
//   store is a Key Permission fault (vector 21, 0x5100), ISR.w (before the
//   Dirty-Bit check); a load from VA2, whose key no pkr holds, is a Data
//   Key Miss fault (vector 7, 0x1c00), ISR.r.
	.explicit
	.include "ivt.inc"

	VA1 = 0x2000000000004000
	VA2 = 0x2000000000008000
	VAL = 0x0102030405060708

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4230
	ITC_D VA1, 0x5530, 0x200421
	ITC_D VA2, 0x6630, 0x201461
	movl r8 = 0x200000
	movl r9 = VAL ;;
	st8 [r8] = r9 ;;
	PSR_RFI IC | DT
	movl r24 = VA1 ;;
	st8 [r24] = r0 ;;                        // 0: dirty bit
	rsm IC ;;
	srlz.d ;;
	PSR_RFI IC | DT | (3 << 32)
	ld8 r25 = [r24] ;;                       // 1: access rights (PL3)
	break.m 0 ;;                             // 2: back to PL0
	movl r8 = 0
	movl r9 = 0x5503 ;;
	mov pkr[r8] = r9 ;;
	ssm PK ;;
	srlz.d ;;
	ld8 r26 = [r24] ;;                       // allowed: rd clear
	st8 [r24] = r0 ;;                        // 3: key permission (wd)
	movl r27 = VA2 ;;
	ld8 r28 = [r27] ;;                       // 4: key miss
	rsm DT | PK ;;
	srlz.d ;;
	SCHECK r26, VAL, 1
	NREC 5, 2
	RECORD r8, 0, F_VEC
	SCHECK r8, 8, 3
	RECORD r8, 0, F_IFA
	SCHECK r8, VA1, 4
	RECORD r8, 0, F_ISR
	SCHECK r8, 0x200000000, 5                // w; ei 0
	RECORD r8, 1, F_VEC
	SCHECK r8, 23, 6
	RECORD r8, 1, F_ISR
	SCHECK r8, 0x400000000, 7                // r
	RECORD r8, 1, F_IPSR
	SCHECK r8, IC | DT | (3 << 32), 8        // it ran at PL3
	RECORD r8, 2, F_VEC
	SCHECK r8, 11, 9
	RECORD r8, 3, F_VEC
	SCHECK r8, 21, 10
	RECORD r8, 3, F_IFA
	SCHECK r8, VA1, 11
	RECORD r8, 3, F_ISR
	SCHECK r8, 0x200000000, 12               // w
	RECORD r8, 4, F_VEC
	SCHECK r8, 7, 13
	RECORD r8, 4, F_IFA
	SCHECK r8, VA2, 14
	RECORD r8, 4, F_ISR
	SCHECK r8, 0x400000000, 15               // r
	IVT_EXIT
	.endp _start

	TLB_IVT
