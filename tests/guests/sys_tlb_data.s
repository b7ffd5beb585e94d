// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_data: Data Page Not Present, Data Access-Bit and the purges
// (issue 4, SDM rev. 2.3 vol. 2, 4.1.1, 5.8; vol. 3 ptc, ptr).  PSR.dt =
// 1 (by rfi), PSR.it = 0.  rr1 = 0x4230: rid 0x42, 4 KiB pages, walker
// off, so a miss is an Alternate Data TLB fault (vector 4, 0x1000).
// Translations (ITIR 0x30: ps 12, key 0):
//   VA1 = 0x2000000000004000 -> PA 0x200000 (TC), VA2 = ...8000 -> 0x201000
//   (dtr0), VA3 = ...c000 -> 0x202000 (TC), all RW, pl 0, a, d (pte
//   ppn | 0x461); VNP = ...10000 with p = 0 (TC); VAB = ...14000 -> 0x203000
//   with a = 0, d = 1 (ppn | 0x441); VOUT = ...20000 -> 0x204000 (TC).
// Every fault below skips the faulting slot (TLB_IVT); the SDM fixes
// (5.8): IFA = the data address, ITIR = rr1's ps and rid (0x4230: the
// default translation information of every vector here), ISR.r (0x4 <<
// 32) for a load, ISR.w (0x2 << 32) for a store, ei 0 (slot 0), x = na = 0.
// First, physical: PAL_PTCE_INFO (static PAL call 6 at 0x12fff000) gives
// the documented values: status 0, base 0, counts 1 and 1 (r10 =
// 0x100000001), strides 0 (docs/system.md).
//  0, 1. a load and a store at VNP + 8: Data Page Not Present (vector 20,
//     0x5000), ISR.r, then ISR.w (4.1.1.5: p = 0; priority over the
//     access checks).
//  2, 3. a load at VAB and a store at VAB + 16: Data Access-Bit (vector
//     10, 0x2800), ISR.r, then ISR.w (a = 0, PSR.da = 0; no hardware
//     update of a, 4.1.1.7).  tpa of VAB + 16 is 0x203010: a non-access
//     reference checks no access bit.
//  VA1, VA2, VA3 load the values stored at their PAs (0x11, 0x22, 0x33).
//  4. ptc.l VA1 (ps 12): a load at VA1 misses (vector 4, IFA VA1); VA2
//     (a TR) and VA3 (another TC) still translate.
//  5. ptc.g VA3 (one processor: as ptc.l): a load at VA3 misses; VA2
//     translates.
//  VA1 and VA3 inserted again translate.  Then ptc.e over the PAL loop
//  (count0 x count1 purges from base, strides 0): 6, 7, 8. VA1, VA3 and
//  VNP miss (vector 4: the not-present entry is purged too, so no Page
//  Not Present); VA2, a TR, survives ptc.e.
//  VA1 inserted again.  ptr.d VA2 (ps 12): 9. VA2 misses; VA1 survives.
//  VA3 and VOUT inserted; ptc.l 0x2000000000000000 with ps 16 (64 KiB)
//  purges every TC entry in the range: 10, 11. VA1 and VA3 miss; VOUT,
//  outside it, translates.
	.explicit
	.include "ivt.inc"

	VA1 = 0x2000000000004000
	VA2 = 0x2000000000008000
	VA3 = 0x200000000000c000
	VNP = 0x2000000000010000
	VAB = 0x2000000000014000
	VOUT = 0x2000000000020000
	RISR = 0x400000000
	WISR = 0x200000000

	// LDOK va, value, step: a load at va gives value (r24, r25)
	.macro LDOK va, val, step
	movl r24 = \va
	mov r25 = 0 ;;
	ld8 r25 = [r24] ;;
	SCHECK r25, \val, \step
	.endm

	// LDF va: a load at va that faults (the IVT skips it)
	.macro LDF va
	movl r24 = \va ;;
	M_BUNDLE ld8 r25 = [r24]
	.endm

	// FREC n, vec, va, isr, step: record n is vector vec with IFA = va,
	// ISR = isr and ITIR 0x4230 (steps step to step + 3)
	.macro FREC n, vec, va, isr, step
	RECORD r8, \n, F_VEC
	SCHECK r8, \vec, \step
	RECORD r8, \n, F_IFA
	SCHECK r8, \va, \step + 1
	RECORD r8, \n, F_ISR
	SCHECK r8, \isr, \step + 2
	RECORD r8, \n, F_ITIR
	SCHECK r8, 0x4230, \step + 3
	.endm

	// PURGE insn, va, ps: insn (ptc.l, ptc.g, ptr.d) r24, r25 with r24 =
	// va and r25 = ps << 2
	.macro PURGE insn, va, ps
	movl r24 = \va
	mov r25 = \ps << 2 ;;
	\insn r24, r25 ;;
	srlz.d ;;
	.endm

	ENTRY _start
	IVT_START
	movl r8 = 0x12fff000 ;;                  // PAL_PROC
	mov b6 = r8
	mov r28 = 6                              // PAL_PTCE_INFO
	movl r8 = 1f ;;
	mov b0 = r8 ;;
	br.cond.sptk.many b6 ;;
1:	mov r12 = r9                             // base
	mov r13 = r10                            // counts
	mov r14 = r11 ;;                         // strides
	SCHECK r8, 0, 1
	SCHECK r12, 0, 2
	SCHECK r13, 0x100000001, 3
	SCHECK r14, 0, 4
	movl r8 = 0x200000
	mov r9 = 0x11 ;;
	st8 [r8] = r9
	movl r8 = 0x201000
	mov r9 = 0x22 ;;
	st8 [r8] = r9
	movl r8 = 0x202000
	mov r9 = 0x33 ;;
	st8 [r8] = r9
	movl r8 = 0x204000
	mov r9 = 0x44 ;;
	st8 [r8] = r9
	SETRR 0x2000000000000000, 0x4230
	ITC_D VA1, 0x30, 0x200461
	ITR_D 0, VA2, 0x30, 0x201461
	ITC_D VA3, 0x30, 0x202461
	ITC_D VNP, 0x30, 0
	ITC_D VAB, 0x30, 0x203441
	PSR_RFI IC | DT
	LDF VNP+8                                // 0: page not present, r
	movl r24 = VNP + 8 ;;
{ .mii
	st8 [r24] = r0                           // 1: page not present, w
	nop.i 0
	nop.i 0 ;;
}
	LDF VAB                                  // 2: access bit, r
	movl r24 = VAB + 16 ;;
{ .mii
	st8 [r24] = r0                           // 3: access bit, w
	nop.i 0
	nop.i 0 ;;
}
	tpa r26 = r24 ;;
	SCHECK r26, 0x203010, 5
	LDOK VA1, 0x11, 6
	LDOK VA2, 0x22, 7
	LDOK VA3, 0x33, 8
	PURGE ptc.l, VA1, 12
	LDF VA1                                  // 4
	LDOK VA2, 0x22, 9
	LDOK VA3, 0x33, 10
	PURGE ptc.g, VA3, 12
	LDF VA3                                  // 5
	LDOK VA2, 0x22, 11
	rsm IC ;;
	srlz.d ;;
	ITC_D VA1, 0x30, 0x200461
	ITC_D VA3, 0x30, 0x202461
	PSR_RFI IC | DT
	LDOK VA1, 0x11, 12
	LDOK VA3, 0x33, 13
	// the ptc.e loop of PAL_PTCE_INFO's values
	extr.u r24 = r13, 32, 32 ;;              // count0
.Louter:
	extr.u r25 = r13, 0, 32 ;;               // count1
.Linner:
	ptc.e r12 ;;
	extr.u r26 = r14, 0, 32 ;;               // stride1
	add r12 = r12, r26
	adds r25 = -1, r25 ;;
	cmp.lt p8, p0 = r0, r25
(p8)	br.cond.sptk.few .Linner ;;
	extr.u r26 = r14, 32, 32 ;;              // stride0
	add r12 = r12, r26
	adds r24 = -1, r24 ;;
	cmp.lt p8, p0 = r0, r24
(p8)	br.cond.sptk.few .Louter ;;
	srlz.d ;;
	LDF VA1                                  // 6
	LDF VA3                                  // 7
	LDF VNP                                  // 8
	LDOK VA2, 0x22, 14
	rsm IC ;;
	srlz.d ;;
	ITC_D VA1, 0x30, 0x200461
	PSR_RFI IC | DT
	PURGE ptr.d, VA2, 12
	LDF VA2                                  // 9
	LDOK VA1, 0x11, 15
	rsm IC ;;
	srlz.d ;;
	ITC_D VA3, 0x30, 0x202461
	ITC_D VOUT, 0x30, 0x204461
	PSR_RFI IC | DT
	LDOK VA3, 0x33, 16
	LDOK VOUT, 0x44, 17
	PURGE ptc.l, 0x2000000000000000, 16
	LDF VA1                                  // 10
	LDF VA3                                  // 11
	LDOK VOUT, 0x44, 18
	rsm DT ;;
	srlz.d ;;
	NREC 12, 19
	FREC 0, 20, VNP+8, RISR, 20
	FREC 1, 20, VNP+8, WISR, 24
	FREC 2, 10, VAB, RISR, 28
	FREC 3, 10, VAB+16, WISR, 32
	FREC 4, 4, VA1, RISR, 36
	FREC 5, 4, VA3, RISR, 40
	FREC 6, 4, VA1, RISR, 44
	FREC 7, 4, VA3, RISR, 48
	FREC 8, 4, VNP, RISR, 52
	FREC 9, 4, VA2, RISR, 56
	FREC 10, 4, VA1, RISR, 60
	FREC 11, 4, VA3, RISR, 64
	movl r8 = 0x203010 ;;
	ld8 r8 = [r8] ;;
	SCHECK r8, 0, 68                         // the faulting store did nothing
	IVT_EXIT
	.endp _start

	TLB_IVT
