// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_vlong: the VHPT walker, long format (issue 4, SDM rev. 2.3 vol.
// 2, 4.1.5-4.1.7; the hash and tag are implementation specific: those of
// docs/system.md).  rr1 = 0x4231: rid 0x42, 4 KiB pages, walker on.  PTA
// = 0x200000000010013d: base 0x2000000000100000, 2^15 bytes, vf 1 (long),
// ve 1.  Long format (docs/system.md): HPN = VA{50:0} >> rr.ps, the entry
// is at PTA{63:61} | base | ((HPN xor rr.rid) << 5) within the table (the
// region comes from the PTA, not the VA), and its tag (ttag) is rr.rid
// << 39 | HPN.  dtr0 maps the table's first 4 KiB to PA 0x300000.
// - thash/ttag: VA1 = 0x2000000000004000 (HPN 4, index 0x46): thash =
//   0x20000000001008c0, ttag = 0x210000000004; region-0 VA 0x4000 (rr0:
//   rid 0): thash = 0x2000000000100080 (region 1, the PTA's), ttag = 4.
// - VA1's entry (PA 0x3008c0): pte 0x200461 (PA 0x200000, RW, a, d),
//   ITIR word 0x9940 (ps 16, key 0x99), tag 0x210000000004.  A load at VA1
//   walks it and inserts a 64 KiB page: it reads PA 0x204000; tpa VA1 =
//   0x204000; tak VA1 = 0x99 (the entry's key, not the rid).  A load at
//   VA 0x2000000000008000, whose own entry is empty, hits that 64 KiB
//   translation: PA 0x208000.
// - VA2 = 0x2000000000015000 (entry 0x...100ae0) holds a present pte with
//   VA1's tag: a tag mismatch, so a Data TLB fault (vector 2, 0x800): IFA
//   = VA2, ISR.r (ei 0), ITIR = rr1's ps and rid = 0x4230, IHA =
//   0x2000000000100ae0 (SDM vol. 2, 5.8 "Data TLB vector").
// - VA3 = 0x2000000000016000 (entry 0x...100a80): its own tag with ti
//   (bit 63) set never matches: Data TLB fault, IHA = 0x2000000000100a80.
// - tak searches the VHPT when PSR.dt = 1, the DTLB only when PSR.dt = 0,
//   and never faults (SDM vol. 3 "tak"): VA4 = 0x2000000000017000 (entry
//   0x...100aa0: pte 0x207461, ITIR word 0x7730, key 0x77, its tag): tak
//   VA4 = 1 with PSR.dt = 0, then 0x77 with PSR.dt = 1; tak VA2 (tag
//   mismatch) = 1 and tak VFAR (unmapped table page) = 1, no fault.
// - VFAR = 0x2000000000200000 (HPN 0x200, index 0x242): its entry
//   (0x...104840) lies in an unmapped table page: VHPT Translation (vector
//   0, 0x0), ISR.r, IHA = 0x2000000000104840.
	.explicit
	.include "ivt.inc"

	VA1 = 0x2000000000004000
	VA2 = 0x2000000000015000
	VA3 = 0x2000000000016000
	VFAR = 0x2000000000200000
	VA4 = 0x2000000000017000
	VAL1 = 0x1111222233334444
	VAL2 = 0x5555666677778888

	// LENTRY pa, pte, itir, tag: a long-format entry at physical pa
	.macro LENTRY pa, pte, itir, tag
	movl r8 = \pa
	movl r9 = \pte
	movl r10 = \itir
	movl r11 = \tag ;;
	st8 [r8] = r9, 8 ;;
	st8 [r8] = r10, 8 ;;
	st8 [r8] = r11 ;;
	.endm

	// DREC n, vec, va, iha, step: record n is vector vec with IFA = va,
	// ISR.r, ITIR 0x4230 and IHA = iha (steps step to step + 4)
	.macro DREC n, vec, va, iha, step
	RECORD r8, \n, F_VEC
	SCHECK r8, \vec, \step
	RECORD r8, \n, F_IFA
	SCHECK r8, \va, \step + 1
	RECORD r8, \n, F_ISR
	SCHECK r8, 0x400000000, \step + 2
	RECORD r8, \n, F_ITIR
	SCHECK r8, 0x4230, \step + 3
	RECORD r8, \n, F_IHA
	SCHECK r8, \iha, \step + 4
	.endm

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x200000000010013d ;;
	mov cr.pta = r8 ;;
	ITR_D 0, 0x2000000000100000, 0x30, 0x300461
	LENTRY 0x3008c0, 0x200461, 0x9940, 0x210000000004
	LENTRY 0x300ae0, 0x205461, 0x30, 0x210000000004
	LENTRY 0x300a80, 0x206461, 0x30, 0x8000210000000016
	LENTRY 0x300aa0, 0x207461, 0x7730, 0x210000000017
	movl r24 = VA4 ;;
	tak r25 = r24 ;;
	SCHECK r25, 1, 40                        // PSR.dt = 0: DTLB only
	movl r8 = 0x204000
	movl r9 = VAL1 ;;
	st8 [r8] = r9
	movl r8 = 0x208000
	movl r9 = VAL2 ;;
	st8 [r8] = r9 ;;
	movl r24 = VA1 ;;
	thash r25 = r24
	ttag r26 = r24 ;;
	SCHECK r25, 0x20000000001008c0, 1
	SCHECK r26, 0x210000000004, 2
	movl r24 = 0x4000 ;;
	thash r25 = r24
	ttag r26 = r24 ;;
	SCHECK r25, 0x2000000000100080, 3
	SCHECK r26, 4, 4
	PSR_RFI IC | DT
	movl r24 = VA1 ;;
	ld8 r25 = [r24] ;;                       // walked: 64 KiB, key 0x99
	tpa r26 = r24
	tak r27 = r24
	movl r24 = 0x2000000000008000 ;;
	ld8 r15 = [r24] ;;                       // the same 64 KiB page
	movl r24 = VA4 ;;
	tak r12 = r24
	movl r24 = VA2 ;;
	tak r13 = r24
	movl r24 = VFAR ;;
	tak r14 = r24 ;;
	movl r24 = VA2 ;;
	M_BUNDLE ld8 r11 = [r24]                 // 0: tag mismatch
	movl r24 = VA3 ;;
	M_BUNDLE ld8 r11 = [r24]                 // 1: ti set
	movl r24 = VFAR ;;
	M_BUNDLE ld8 r11 = [r24]                 // 2: VHPT translation
	rsm DT ;;
	srlz.d ;;
	SCHECK r25, VAL1, 5
	SCHECK r26, 0x204000, 6
	SCHECK r27, 0x99, 7
	SCHECK r15, VAL2, 8
	SCHECK r12, 0x77, 41
	SCHECK r13, 1, 42
	SCHECK r14, 1, 43
	NREC 3, 9
	DREC 0, 2, VA2, 0x2000000000100ae0, 10
	DREC 1, 2, VA3, 0x2000000000100a80, 20
	DREC 2, 0, VFAR, 0x2000000000104840, 30
	IVT_EXIT
	.endp _start

	TLB_IVT
