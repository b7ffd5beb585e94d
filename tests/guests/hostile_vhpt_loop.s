// link: -Ttext=0x100000
// expect-exit: 0
// hostile_vhpt_loop: a VHPT whose walk faults again and again (issue 10).
// rr1 = 0x4231 (rid 0x42, 4 KiB pages, walker on), PTA = 0x10003d (base
// 0x100000, 2^15 bytes, short format, ve 1), and no translation for the
// table itself.  A load from VA = 0x2000000000004000 misses the TLB; the
// walker's reference to its entry (IHA = 0x2000000000100020) misses too:
// a VHPT Translation fault (vector 0, 0x0000) with IFA = VA, IHA and
// ISR.r (SDM vol. 2, 4.1.6 and 5.8 "VHPT Translation vector").  The
// handler fixes nothing and returns to the load, which faults again: 500
// times, each checked (vector 0's IFA and IHA); then it sends the guest
// on past the load and the guest exits 0.  Nothing in the emulator grows
// with the number of faults.
	.explicit
	.include "ivt.inc"

	VA = 0x2000000000004000
	IHA_WANT = 0x2000000000100020
	ROUNDS = 500
	BAD = 0x80108                            // entries with the wrong IFA or IHA

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	PSR_RFI IC | DT
	movl r24 = VA ;;
vload:
	ld8 r28 = [r24] ;;
after:
	PSR_RFI IC
	movl r8 = COUNT ;;
	ld8 r8 = [r8] ;;
	SCHECK r8, ROUNDS, 1
	movl r8 = BAD ;;
	ld8 r8 = [r8] ;;
	SCHECK r8, 0, 2
	IVT_EXIT
	.endp _start

	.align 32768
ivt:
	.org ivt + 0x0000                        // VHPT Translation
	rsm DT ;;
	srlz.d ;;
	br.sptk.many vhpt_handler ;;
	.org ivt + 0x8000

vhpt_handler:
	movl r16 = COUNT ;;
	ld8 r17 = [r16] ;;
	adds r17 = 1, r17 ;;
	st8 [r16] = r17
	mov r18 = cr.ifa
	mov r19 = cr.iha ;;
	movl r20 = VA
	movl r21 = IHA_WANT ;;
	cmp.ne p8, p0 = r18, r20
	cmp.ne p9, p0 = r19, r21 ;;
	movl r22 = BAD ;;
	ld8 r23 = [r22] ;;
(p8)	adds r23 = 1, r23 ;;
(p9)	adds r23 = 1, r23 ;;
	st8 [r22] = r23
	mov r23 = ROUNDS ;;
	cmp.ltu p8, p0 = r17, r23
(p8)	br.cond.sptk.many retry ;;
	movl r16 = after ;;                      // enough: on past the load
	mov cr.iip = r16 ;;
retry:
	rfi ;;
