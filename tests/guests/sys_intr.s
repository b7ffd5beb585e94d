// link: -Ttext=0x100000
// expect-exit: 0
// sys_intr: timer and external interrupts, banks and debug traps with the
// guest's own IVT (issue 4).  The interval timer pends the vector in
// cr.itv when ar.itc (one tick per instruction) reaches cr.itm; IVR
// returns the highest pending vector not masked by TPR or the vector in
// service, else 15, and EOI completes it; an external interrupt is taken
// when PSR.i is set, with IIP and IPSR.ri at the next instruction, and the
// handler's first ar.itc read sees exactly cr.itm.  bsw switches r16-r31
// and an interruption runs in bank 0.  rfi with IPSR.ss gives a Single Step
// trap after one instruction (ISR.code ss, ei of the stepped slot); PSR.tb
// a Taken Branch trap at the target.  Records as in sys_ivt.s.
	.explicit
	.include "ivt.inc"

	I = 1 << 14
	TB = 1 << 26
	SS = 1 << 40
	ITCREC = 0x80180

	// PEND vector: the timer pends vector (ITM = ITC + 30), then 90 instructions
	.macro PEND vec
	mov r9 = \vec ;;
	mov cr.itv = r9
	mov r9 = ar.itc ;;
	adds r9 = 30, r9 ;;
	mov cr.itm = r9 ;;
	srlz.d ;;
	mov r11 = 30 ;;
.Lw\@:
	adds r11 = -1, r11 ;;
	cmp.ne p6, p0 = 0, r11
(p6)	br.cond.sptk .Lw\@ ;;
	.endm

	// CR_CHECK cr, value, step: SCHECK of a control register's value
	// (read into r8, then srlz.d)
	.macro CR_CHECK cr, val, step
	mov r8 = \cr ;;
	srlz.d ;;
	SCHECK r8, \val, \step
	.endm

	ENTRY _start
	alloc r2 = ar.pfs, 0, 4, 0, 0
	movl r8 = ivt ;;
	mov cr.iva = r8 ;;
	ssm IC ;;
	srlz.d ;;
	// 1: IVR and EOI order, PSR.i = 0
	PEND 0x40
	PEND 0x50
	CR_CHECK cr.irr1, 0x10001, 1
	CR_CHECK cr.ivr, 0x50, 2
	CR_CHECK cr.ivr, 15, 3                   // 0x40: class 4 below 5 in service
	mov cr.eoi = r0 ;;
	srlz.d ;;
	CR_CHECK cr.ivr, 0x40, 4
	mov cr.eoi = r0 ;;
	srlz.d ;;
	CR_CHECK cr.ivr, 15, 5
	CR_CHECK cr.irr1, 0, 6
	// 2: TPR masks class 3; lowering it delivers at the next instruction
	PEND 0x30
	mov r9 = 0x30 ;;
	mov cr.tpr = r9 ;;
	srlz.d ;;
	ssm I ;;
	srlz.d ;;
	NREC 0, 10
l_tpr0:
{ .mii
	mov cr.tpr = r0
	nop.i 0
	nop.i 0 ;;
}
	NREC 1, 11
	RECORD r8, 0, F_VEC
	SCHECK r8, 12, 12
	RECORD r8, 0, F_IIP
	SCHECK r8, l_tpr0, 13
	RECORD r8, 0, F_IPSR
	SCHECK r8, IC | I | (1 << 41), 14
	RECORD r8, 0, F_IIPA                     // the mov cr.tpr completed last
	SCHECK r8, l_tpr0, 16                    // (SDM vol. 2, 3.3.5.6)
	movl r29 = ITCREC + 8 ;;
	ld8 r8 = [r29] ;;                        // the handler's IVR read
	SCHECK r8, 0x30, 15
	// 3: the timer interrupt comes when ar.itc reaches cr.itm
	mov r9 = 0x31 ;;
	mov cr.itv = r9
	mov r9 = ar.itc ;;
	adds r9 = 40, r9 ;;
	mov cr.itm = r9 ;;
	srlz.d ;;
	mov r33 = r9
	movl r29 = COUNT ;;
wait:
	ld8 r28 = [r29] ;;
	cmp.eq p6, p0 = 1, r28
(p6)	br.cond.sptk wait ;;
	movl r29 = ITCREC ;;
	ld8 r8 = [r29] ;;
	mov r31 = 20 ;;                          // exactly cr.itm
	cmp.ne p15, p0 = r8, r33 ;;
(p15)	br.cond.spnt fail ;;
	RECORD r8, 1, F_VEC
	SCHECK r8, 12, 21
	rsm I ;;
	// 4: banks
	bsw.1 ;;
	mov r16 = 0x11 ;;
	bsw.0 ;;
	mov r16 = 0x22 ;;
	bsw.1 ;;
	SCHECK r16, 0x11, 30
	break.m 1 ;;                             // the handler writes bank 0's r16
	SCHECK r16, 0x11, 31
	bsw.0 ;;
	SCHECK r16, 11, 32
	// 5: single step after rfi with IPSR.ss
	RFI_TO l_ssb, IC | SS
	mov r8 = 0
	mov r10 = 0 ;;
	rfi ;;
l_ssb:
{ .mii
	mov r8 = 1
	mov r10 = 2
	nop.i 0 ;;
}
	NREC 4, 40
	RECORD r8, 3, F_VEC
	SCHECK r8, 36, 41
	RECORD r8, 3, F_IIP
	SCHECK r8, l_ssb, 42
	RECORD r8, 3, F_IPSR
	SCHECK r8, IC | SS | (1 << 41), 43
	RECORD r8, 3, F_ISR
	SCHECK r8, 0x8, 44                       // ss, ei 0
	RECORD r8, 3, F_IIPA                     // a trap: the trapping bundle
	SCHECK r8, l_ssb, 46
	SCHECK r10, 2, 45
	// 6: taken branch trap at the target
	movl r9 = IC | TB ;;
	mov psr.l = r9 ;;
	srlz.d ;;
l_tbb:
	br.cond.sptk.many l_tbt ;;
	nop.m 0 ;;
l_tbt:
	NREC 5, 50
	RECORD r8, 4, F_VEC
	SCHECK r8, 35, 51
	RECORD r8, 4, F_IIP
	SCHECK r8, l_tbt, 52
	RECORD r8, 4, F_ISR
	extr.u r8 = r8, 0, 16 ;;
	SCHECK r8, 0x4, 53
	RECORD r8, 4, F_IIPA                     // the branch's bundle
	SCHECK r8, l_tbb, 54

	IVT_EXIT
	.endp _start

	// the external interrupt: ar.itc at entry and the IVR read to ITCREC,
	// EOI, then the common record
ext:
	movl r21 = ITCREC ;;
	st8 [r21] = r20, 8
	mov r20 = cr.ivr ;;
	st8 [r21] = r20
	srlz.d ;;
	mov cr.eoi = r0 ;;
	srlz.d ;;
	srlz.d
	mov r16 = 12
	mov r19 = 0
	br.sptk.many common ;;

	IVT_COMMON

	.align 32768
ivt:
	VEC 11, 0x2c00, V_SKIP
	.org ivt + 0x3000
{ .mib
	mov r20 = ar.itc                         // first: the count at delivery
	nop.i 0
	br.sptk.many ext ;;
}
	VEC 35, 0x5f00, V_TRAP
	VEC 36, 0x6000, V_TRAP
	.org ivt + 0x8000
