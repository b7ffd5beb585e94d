// link: -Ttext=0x100000
// expect-exit: 0
// hostile_intr_storm: an interrupt storm (issue 10).  The timer fires
// (ITV = vector 0x31, ITM a few ticks ahead) and the External Interrupt
// handler returns with rfi without acknowledging it (no read of IVR): the
// interrupt stays pending (IRR) and, PSR.i being 1 again after rfi, is
// taken again before the next instruction, every time at the same IIP
// (SDM vol. 2, 5.8.3 and 5.4: an unacknowledged external interrupt stays
// pending).  After 1000 entries the handler acknowledges it (IVR = 0x31)
// and ends it (EOI); the guest checks the count, that all 1000 entries had
// the same IIP, that the first IVR read gave 0x31 and that the storm is
// over (IVR 15, spurious), and exits 0.  The handler uses only bank-0
// registers and p8 (predicates are not banked).
	.explicit
	.include "ivt.inc"

	I = 1 << 14
	STORM = 1000
	FIRST = 0x80108                          // IIP of the first entry
	SAME = 0x80110                           // entries at that IIP
	ACK = 0x80118                            // the IVR read at the end

	ENTRY _start
	IVT_START
	mov r9 = 0x31 ;;
	mov cr.itv = r9
	mov cr.tpr = r0 ;;
	mov r9 = ar.itc ;;
	adds r9 = 50, r9 ;;
	mov cr.itm = r9 ;;
	srlz.d ;;
	ssm IC | I ;;
	srlz.d ;;
	movl r25 = COUNT ;;
spin:
	ld8 r26 = [r25]
	mov r27 = STORM ;;
	cmp.ltu p6, p0 = r26, r27
(p6)	br.cond.sptk.many spin ;;
	rsm I ;;
	srlz.d ;;
	SCHECK r26, STORM, 1
	movl r8 = SAME ;;
	ld8 r8 = [r8] ;;
	SCHECK r8, STORM, 2
	movl r8 = ACK ;;
	ld8 r8 = [r8] ;;
	SCHECK r8, 0x31, 3
	mov r8 = cr.ivr ;;                       // nothing pending now
	srlz.d ;;
	SCHECK r8, 15, 4
	IVT_EXIT
	.endp _start

	.align 32768
ivt:
	.org ivt + 0x3000                        // External Interrupt
	movl r16 = COUNT ;;
	ld8 r17 = [r16] ;;
	adds r17 = 1, r17
	mov r18 = cr.iip ;;
	st8 [r16] = r17
	movl r19 = FIRST ;;
	cmp.eq p8, p0 = 1, r17 ;;
(p8)	st8 [r19] = r18 ;;
	ld8 r20 = [r19]
	movl r21 = SAME ;;
	ld8 r22 = [r21] ;;
	cmp.eq p8, p0 = r18, r20 ;;
(p8)	adds r22 = 1, r22 ;;
	st8 [r21] = r22
	mov r23 = STORM ;;
	cmp.ltu p8, p0 = r17, r23
(p8)	br.cond.sptk.many back ;;
	mov r23 = cr.ivr ;;                      // acknowledge, then end it
	srlz.d ;;
	movl r16 = ACK ;;
	st8 [r16] = r23
	mov cr.eoi = r0 ;;
	srlz.d ;;
back:
	rfi ;;
	.org ivt + 0x8000
