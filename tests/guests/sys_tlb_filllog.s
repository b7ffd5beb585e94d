// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_filllog: physical references (PSR.dt = 0) and translated ones
// (PSR.dt = 1) of the same addresses, in turn: each translates as PSR.dt
// says at that moment (SDM vol. 2, 4.1).  The soft TLBs log the general
// path's few fills instead of counting them for a whole clear (memory.h,
// fill_log): a flush must clear every entry logged (loads, stores, more
// fills than the log holds), and a region flush (mov rr) in between must
// leave the log's entries of other regions to the next flush.
// rr0 = 0x4230 (rid 0x42, 4 KiB pages, walker off); dtr0 maps VA =
// 0x300000-0x30ffff (64 KiB) to PA 0x200000-0x20ffff.  Page k (0-11) of
// PA 0x200000 holds 0x11 + k, of PA 0x300000 0x77 + k.
	.explicit
	.include "ivt.inc"

	VA = 0x300000
	NPAGES = 12

	ENTRY _start
	IVT_START
	movl r8 = 0x200000
	movl r14 = 0x300000
	movl r15 = 0x1000
	mov r9 = 0x11
	mov r10 = 0x77
	mov r27 = NPAGES ;;
.Linit:
	st8 [r8] = r9
	st8 [r14] = r10
	add r8 = r8, r15
	add r14 = r14, r15
	adds r9 = 1, r9
	adds r10 = 1, r10
	adds r27 = -1, r27 ;;
	cmp.lt p8, p0 = r0, r27
(p8)	br.cond.sptk.few .Linit ;;
	SETRR 0, 0x4230
	ITR_D 0, VA, 0x40, 0x200461
	PSR_RFI DT
	movl r24 = VA
	movl r15 = 0x1000
	mov r20 = 3				// rounds
	mov r9 = 0
	mov r10 = 0 ;;
.Lround:
	// physical: more fills than the log holds
	rsm DT ;;
	srlz.d ;;
	mov r18 = r24
	mov r27 = NPAGES ;;
.Lphys:
	ld8 r25 = [r18] ;;
	add r10 = r10, r25
	add r18 = r18, r15
	adds r27 = -1, r27 ;;
	cmp.lt p8, p0 = r0, r27
(p8)	br.cond.sptk.few .Lphys ;;
	ssm DT ;;
	srlz.d ;;
	// translated: the same addresses
	mov r18 = r24
	mov r27 = NPAGES ;;
.Lvirt:
	ld8 r25 = [r18] ;;
	add r9 = r9, r25
	add r18 = r18, r15
	adds r27 = -1, r27 ;;
	cmp.lt p8, p0 = r0, r27
(p8)	br.cond.sptk.few .Lvirt ;;
	adds r20 = -1, r20 ;;
	cmp.lt p8, p0 = r0, r20
(p8)	br.cond.sptk.few .Lround ;;
	// 3 rounds of (0x11 + ... + 0x1c) and of (0x77 + ... + 0x82)
	SCHECK r9, 3 * (12 * 0x11 + 66), 1
	SCHECK r10, 3 * (12 * 0x77 + 66), 2
	// a physical store, then a translated one to the same address:
	// PA 0x300000 keeps 0x99, PA 0x200000 gets 0x55
	rsm DT ;;
	srlz.d ;;
	mov r9 = 0x99 ;;
	st8 [r24] = r9 ;;
	ssm DT ;;
	srlz.d ;;
	mov r9 = 0x55 ;;
	st8 [r24] = r9 ;;
	rsm DT ;;
	srlz.d ;;
	ld8 r25 = [r24]
	movl r8 = 0x200000 ;;
	ld8 r26 = [r8] ;;
	SCHECK r25, 0x99, 3
	SCHECK r26, 0x55, 4
	// physical fills of region 4 (bit 63: uncacheable) and region 0
	// logged, a region flush of region 4 (mov rr4), then a translated
	// load of the region 0 address: the flush back clears its entry
	movl r18 = 0x8000000000300000 ;;
	ld8 r25 = [r18]
	ld8 r26 = [r24] ;;
	SETRR 0x8000000000000000, 0x4230
	ld8 r27 = [r18] ;;
	ssm DT ;;
	srlz.d ;;
	ld8 r28 = [r24] ;;
	SCHECK r25, 0x99, 5
	SCHECK r26, 0x99, 6
	SCHECK r27, 0x99, 7
	SCHECK r28, 0x55, 8
	IVT_EXIT
	.endp _start

	TLB_IVT
