/* ia64emu's Xen backend: DO_SAVE_MIN for the Xen build of ivt.S.
 *
 * minstate.h's own DO_SAVE_MIN (native) has two privileged instructions
 * that are not hooks: the read of cr.ifs (its SAVE_IFS argument) and the
 * bsw.1 that ends it.  Under Xen, the hypervisor has already covered the
 * interrupted frame when it reflected the interruption and left that
 * frame's IFS in XSI precover_ifs, and the bank switch is done through
 * XSI.  This is ours: the same protocol as minstate.h documents it --
 *
 *   entry: psr.ic off, bank 0, r31 = the interrupted predicates;
 *   exit:  psr.ic off, bank 1; pt_regs on the kernel stack holds the
 *          interrupted r1-r3, r8-r15, the interruption state and the
 *          application registers (on the kernel RBS if from user mode);
 *          r1 = __gp, r2 = &pt_regs.r16, r8 = ar.ccv, r9 = ar.csd,
 *          r10 = ar.ssd, r11 = FPSR_DEFAULT, r12 = kernel sp,
 *          r13 = current, r3 and r15 kept (r15 = r19 with EXTRA),
 *          p15 = the interrupted psr.i, pKStk/pUStk, pSys = 0,
 *          pNonSys = 1 --
 *
 * except that the IFS comes from precover_ifs (the COVER hook before it
 * is the hyperprivop) and the bank switch (pvx_bsw_1, unrecorded, as
 * native Linux's raw bsw.1 is not a site) uses r14, r30 and r31 as
 * scratch: r14 is not kept (ivt.S writes it before reading it after
 * every SAVE_MIN_WITH_COVER).  Linux 6.1 uses DO_SAVE_MIN only with
 * COVER (SAVE_MIN_WITH_COVER, _R19), so SAVE_IFS is always the read of
 * the covered frame's IFS, which is precover_ifs here.
 */
#ifndef IA64EMU_XEN_SAVE_MIN_H
#define IA64EMU_XEN_SAVE_MIN_H

#ifdef CONFIG_VIRT_CPU_ACCOUNTING_NATIVE
# error "the Xen DO_SAVE_MIN does not do CPU time accounting (ACCOUNT_GET_STAMP, ACCOUNT_SYS_ENTER)"
#endif

/* (object-like, as the native one: the arguments expand in the body) */
#define DO_SAVE_MIN PVX_DO_SAVE_MIN

#define PVX_DO_SAVE_MIN(cover, save_ifs, extra, workaround)			\
	/* the interrupted state, before anything moves */			\
	mov r16 = IA64_KR(CURRENT) ;						\
	mov r27 = ar.rsc ;							\
	mov r20 = r1 ;								\
	mov r25 = ar.unat ;							\
	MOV_FROM_IPSR(p0, r29) ;						\
	mov r26 = ar.pfs ;							\
	MOV_FROM_IIP(r28) ;							\
	mov r21 = ar.fpsr ;							\
	cover ;									\
	;;									\
	/* the covered frame's IFS; from user mode unless current's		\
	 * thread.on_ustack says otherwise (and clear it) */			\
	movl r30 = XSI_PRECOVER_IFS ;						\
	adds r16 = IA64_TASK_THREAD_ON_USTACK_OFFSET, r16 ;			\
	;;									\
	ld8 r30 = [r30] ;							\
	ld1 r17 = [r16] ;							\
	st1 [r16] = r0 ;							\
	adds r1 = -IA64_TASK_THREAD_ON_USTACK_OFFSET, r16 ;			\
	;;									\
	invala ;								\
	cmp.eq pKStk, pUStk = r0, r17 ;						\
	;;									\
	/* from user mode: the RSE to the kernel's backing store */		\
(pUStk)	mov ar.rsc = 0 ;							\
	;;									\
(pUStk)	mov.m r24 = ar.rnat ;							\
(pUStk)	addl r22 = IA64_RBS_OFFSET, r1 ;					\
(pKStk)	mov r1 = sp ;								\
	;;									\
(pUStk)	lfetch.fault.excl.nt1 [r22] ;						\
(pUStk)	addl r1 = IA64_STK_OFFSET - IA64_PT_REGS_SIZE, r1 ;			\
(pUStk)	mov r23 = ar.bspstore ;							\
	;;									\
(pUStk)	mov ar.bspstore = r22 ;							\
(pKStk)	addl r1 = -IA64_PT_REGS_SIZE, r1 ;					\
	;;									\
	/* r1 = pt_regs */							\
(pUStk)	mov r18 = ar.bsp ;							\
(pUStk)	mov ar.rsc = 0x3 ;							\
	adds r17 = 2 * L1_CACHE_BYTES, r1 ;					\
	adds r16 = IA64_PT_REGS_CR_IPSR_OFFSET, r1 ;				\
	;;									\
	lfetch.fault.excl.nt1 [r17], L1_CACHE_BYTES ;				\
	st8 [r16] = r29 ;							\
	;;									\
	lfetch.fault.excl.nt1 [r17] ;						\
	tbit.nz p15, p0 = r29, IA64_PSR_I_BIT ;					\
	mov r29 = b0 ;								\
	;;									\
	workaround ;								\
	/* pt_regs from r8 on, two pointers 8 bytes apart */			\
	adds r16 = IA64_PT_REGS_R8_OFFSET, r1 ;					\
	adds r17 = IA64_PT_REGS_R9_OFFSET, r1 ;					\
(pKStk)	mov r18 = r0 ;								\
	;;									\
	.mem.offset 0, 0 ; st8.spill [r16] = r8, 16 ;				\
	.mem.offset 8, 0 ; st8.spill [r17] = r9, 16 ;				\
	;;									\
	.mem.offset 0, 0 ; st8.spill [r16] = r10, 24 ;				\
	.mem.offset 8, 0 ; st8.spill [r17] = r11, 24 ;				\
	;;									\
	st8 [r16] = r28, 16 ;		/* cr_iip */				\
	st8 [r17] = r30, 16 ;		/* cr_ifs */				\
(pUStk)	sub r18 = r18, r22 ;		/* dirty bytes */			\
	mov r8 = ar.ccv ;							\
	mov r9 = ar.csd ;							\
	mov r10 = ar.ssd ;							\
	movl r11 = FPSR_DEFAULT ;						\
	;;									\
	st8 [r16] = r25, 16 ;		/* ar_unat */				\
	st8 [r17] = r26, 16 ;		/* ar_pfs */				\
	shl r18 = r18, 16 ;		/* loadrs */				\
	;;									\
	st8 [r16] = r27, 16 ;		/* ar_rsc */				\
(pUStk)	st8 [r17] = r24, 16 ;		/* ar_rnat */				\
(pKStk)	adds r17 = 16, r17 ;							\
	;;									\
(pUStk)	st8 [r16] = r23, 16 ;		/* ar_bspstore */			\
	st8 [r17] = r31, 16 ;		/* pr */				\
(pKStk)	adds r16 = 16, r16 ;							\
	;;									\
	st8 [r16] = r29, 16 ;		/* b0 */				\
	st8 [r17] = r18, 16 ;		/* loadrs */				\
	cmp.eq pNonSys, pSys = r0, r0 ;						\
	;;									\
	.mem.offset 0, 0 ; st8.spill [r16] = r20, 16 ;	/* r1 */		\
	.mem.offset 8, 0 ; st8.spill [r17] = r12, 16 ;				\
	adds r12 = -16, r1 ;		/* the kernel memory stack */		\
	;;									\
	.mem.offset 0, 0 ; st8.spill [r16] = r13, 16 ;				\
	.mem.offset 8, 0 ; st8.spill [r17] = r21, 16 ;	/* ar_fpsr */		\
	mov r13 = IA64_KR(CURRENT) ;						\
	;;									\
	.mem.offset 0, 0 ; st8.spill [r16] = r15, 16 ;				\
	.mem.offset 8, 0 ; st8.spill [r17] = r14, 16 ;				\
	;;									\
	.mem.offset 0, 0 ; st8.spill [r16] = r2, 16 ;				\
	.mem.offset 8, 0 ; st8.spill [r17] = r3, 16 ;				\
	adds r2 = IA64_PT_REGS_R16_OFFSET, r1 ;					\
	;;									\
	extra ;									\
	movl r1 = __gp ;							\
	;;									\
	pvx_bsw_1 r14 ;								\
	;;

#endif
