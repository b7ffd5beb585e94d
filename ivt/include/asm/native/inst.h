/* ia64emu's backend for Linux's IA-64 pv_ops hook macros.
 *
 * Linux's minstate.h includes <asm/native/inst.h>; this directory comes
 * before the kernel's in the include path, so this file, not the kernel's,
 * expands every hook site of ivt.S and entry.S (and of our guest kernel).
 * The hooks, their ids and operand shapes are pvops/hooks.def; the
 * generated pvops_hooks.h gives HOOK_ID_<name> and friends.
 *
 * One -DPVOPS_VARIANT=n picks the backend:
 *   PVOPS_VARIANT_NATIVE  the native privileged instructions;
 *   PVOPS_VARIANT_CHECK   the same, but every general register the caller
 *                         donates is first set to PVOPS_POISON and every
 *                         donated predicate is cleared after the site, so
 *                         that a caller relying on one is caught;
 *   PVOPS_VARIANT_XEN     the paravirtual expansion, asm/xen/pvops_inst.h.
 * -DPVOPS_SITE_BASE=n numbers this file's sites from n, in source order.
 *
 * Every expansion is bracketed by two labels (a label starts a bundle in
 * IA-64 gas, so the site owns whole bundles) and records itself in
 * PVOPS_SITES_SECTION; see pvops/pvops_abi.h for the record.
 */
#ifndef IA64EMU_PVOPS_INST_H
#define IA64EMU_PVOPS_INST_H

#include <pvops_hooks.h>

#ifndef PVOPS_VARIANT
# error "PVOPS_VARIANT is not set: build with -DPVOPS_VARIANT=PVOPS_VARIANT_NATIVE (or _CHECK, _XEN)"
#endif
#ifndef PVOPS_SITE_BASE
# error "PVOPS_SITE_BASE is not set: each assembled file numbers its sites from its own base"
#endif

/* ---- site records -------------------------------------------------- */

/* A register argument as "class, number" (arguments are macro-expanded
 * first, so pKStk becomes p2 before the lookup). */
#define PVOPS_ARG(x) PVOPS_ARG_(x)
#define PVOPS_ARG_(x) PVOPS_REG_##x
#define PVOPS_ARG_KR(kr) PVOPS_CLASS_KR, IA64_KR_##kr
#define PVOPS_NOARG PVOPS_CLASS_NONE, 0

#define PVOPS_SITE_START 7771:

/* Close the site, append its record, count it.  7771/7772 are local
 * labels no kernel file uses. */
#define PVOPS_SITE_END(hook, a0, a1, a2, a3)					\
	7772: ;									\
	.ifndef pvops_site_next ; .set pvops_site_next, PVOPS_SITE_BASE ; .endif ; \
	.pushsection PVOPS_SITES_SECTION, "aw" ;					\
	.align 8 ;								\
	data4 pvops_site_next ;						\
	data2 HOOK_ID_##hook ;							\
	data1 (7772b - 7771b) >> 4, PVOPS_VARIANT ;				\
	data8 7771b ;								\
	data1 HOOK_ROLE0_##hook, a0, 0, HOOK_ROLE1_##hook, a1, 0 ;		\
	data1 HOOK_ROLE2_##hook, a2, 0, HOOK_ROLE3_##hook, a3, 0 ;		\
	.popsection ;								\
	.set pvops_site_next, pvops_site_next + 1

/* ---- the backends ---------------------------------------------------- */

#if PVOPS_VARIANT == PVOPS_VARIANT_XEN
/* The paravirtual backend: the same hook macros (and its own
 * DO_SAVE_MIN) with the same site records. */
# include <asm/xen/pvops_inst.h>
#elif PVOPS_VARIANT == PVOPS_VARIANT_NATIVE || PVOPS_VARIANT == PVOPS_VARIANT_CHECK

#define DO_SAVE_MIN IA64_NATIVE_DO_SAVE_MIN

/* ---- the clobber check --------------------------------------------- */

#if PVOPS_VARIANT == PVOPS_VARIANT_CHECK
/* Before the site: a donated general register holds the poison (under
 * the site's own predicate, so that two sites under complementary
 * predicates in one instruction group stay legal). */
# define PVOPS_POISON_GR(qp, r) (qp) movl r = PVOPS_POISON ;
/* After the site: a donated predicate is cleared.  After, because a
 * caller may donate the site's own qualifying predicate. */
# define PVOPS_POISON_PR(qp, p) ; (qp) cmp.ne p, p0 = r0, r0
#else
# define PVOPS_POISON_GR(qp, r)
# define PVOPS_POISON_PR(qp, p)
#endif

/* ---- the hooks ------------------------------------------------------ */

/* Reads of interruption control registers. */
#define PVOPS_READ_CR(hook, cr, reg)						\
	PVOPS_SITE_START mov reg = cr ;						\
	PVOPS_SITE_END(hook, PVOPS_ARG(reg), PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

#define MOV_FROM_IFA(reg)	PVOPS_READ_CR(MOV_FROM_IFA, cr.ifa, reg)
#define MOV_FROM_ITIR(reg)	PVOPS_READ_CR(MOV_FROM_ITIR, cr.itir, reg)
#define MOV_FROM_ISR(reg)	PVOPS_READ_CR(MOV_FROM_ISR, cr.isr, reg)
#define MOV_FROM_IHA(reg)	PVOPS_READ_CR(MOV_FROM_IHA, cr.iha, reg)
#define MOV_FROM_IIM(reg)	PVOPS_READ_CR(MOV_FROM_IIM, cr.iim, reg)
#define MOV_FROM_IIP(reg)	PVOPS_READ_CR(MOV_FROM_IIP, cr.iip, reg)

#define MOV_FROM_IPSR(pred, reg)						\
	PVOPS_SITE_START (pred) mov reg = cr.ipsr ;				\
	PVOPS_SITE_END(MOV_FROM_IPSR, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_FROM_IVR(reg, clob)							\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	mov reg = cr.ivr ;							\
	PVOPS_SITE_END(MOV_FROM_IVR, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_FROM_PSR(pred, reg, clob)						\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) mov reg = psr ;							\
	PVOPS_SITE_END(MOV_FROM_PSR, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

#define MOV_FROM_ITC(pred, pred_clob, reg, clob)				\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) mov reg = ar.itc PVOPS_POISON_PR(pred, pred_clob) ;		\
	PVOPS_SITE_END(MOV_FROM_ITC, PVOPS_ARG(pred), PVOPS_ARG(pred_clob), PVOPS_ARG(reg), PVOPS_ARG(clob))

/* Writes of interruption control registers and kernel registers. */
#define PVOPS_WRITE_CR(hook, pred, cr, reg, clob)				\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) mov cr = reg ;							\
	PVOPS_SITE_END(hook, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

#define MOV_TO_ITIR(pred, reg, clob)	PVOPS_WRITE_CR(MOV_TO_ITIR, pred, cr.itir, reg, clob)
#define MOV_TO_IHA(pred, reg, clob)	PVOPS_WRITE_CR(MOV_TO_IHA, pred, cr.iha, reg, clob)
#define MOV_TO_IPSR(pred, reg, clob)	PVOPS_WRITE_CR(MOV_TO_IPSR, pred, cr.ipsr, reg, clob)
#define MOV_TO_IFS(pred, reg, clob)	PVOPS_WRITE_CR(MOV_TO_IFS, pred, cr.ifs, reg, clob)

#define MOV_TO_IFA(reg, clob)							\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	mov cr.ifa = reg ;							\
	PVOPS_SITE_END(MOV_TO_IFA, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_TO_IIP(reg, clob)							\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	mov cr.iip = reg ;							\
	PVOPS_SITE_END(MOV_TO_IIP, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_TO_KR(kr, reg, clob0, clob1)					\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	mov IA64_KR(kr) = reg ;							\
	PVOPS_SITE_END(MOV_TO_KR, PVOPS_ARG_KR(kr), PVOPS_ARG(reg), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

/* Ours (pvops/hooks.def ids 34-43): the guest kernel's timer (34, 35),
 * its boot-time set-up and its code patching, so that none of its
 * privileged instructions is left raw. */
#define MOV_TO_RR(addr, val, clob0, clob1)					\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	mov rr[addr] = val ;							\
	PVOPS_SITE_END(MOV_TO_RR, PVOPS_ARG(addr), PVOPS_ARG(val), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

#define ITR_D(slot, pte, clob0, clob1)						\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	itr.d dtr[slot] = pte ;							\
	PVOPS_SITE_END(ITR_D, PVOPS_ARG(slot), PVOPS_ARG(pte), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

#define ITR_I(slot, pte, clob0, clob1)						\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	itr.i itr[slot] = pte ;							\
	PVOPS_SITE_END(ITR_I, PVOPS_ARG(slot), PVOPS_ARG(pte), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

/* mov cr.X = reg, one argument and one donated register. */
#define PVOPS_WRITE_CR1(hook, cr, reg, clob)					\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	mov cr = reg ;								\
	PVOPS_SITE_END(hook, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_TO_PTA(reg, clob)	PVOPS_WRITE_CR1(MOV_TO_PTA, cr.pta, reg, clob)
#define MOV_TO_IVA(reg, clob)	PVOPS_WRITE_CR1(MOV_TO_IVA, cr.iva, reg, clob)
#define MOV_TO_ITV(reg, clob)	PVOPS_WRITE_CR1(MOV_TO_ITV, cr.itv, reg, clob)
#define MOV_TO_TPR(reg, clob)	PVOPS_WRITE_CR1(MOV_TO_TPR, cr.tpr, reg, clob)
#define MOV_TO_ITM(reg, clob)	PVOPS_WRITE_CR1(MOV_TO_ITM, cr.itm, reg, clob)
#define MOV_TO_EOI(reg, clob)	PVOPS_WRITE_CR1(MOV_TO_EOI, cr.eoi, reg, clob)

#define FC(addr, clob)								\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	fc addr ;								\
	PVOPS_SITE_END(FC, PVOPS_ARG(addr), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

/* Translation cache inserts and the hash. */
#define ITC_I(pred, reg, clob)							\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) itc.i reg ;							\
	PVOPS_SITE_END(ITC_I, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

#define ITC_D(pred, reg, clob)							\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) itc.d reg ;							\
	PVOPS_SITE_END(ITC_D, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

#define ITC_I_AND_D(pred_i, pred_d, reg, clob)					\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	(pred_i) itc.i reg ;							\
	(pred_d) itc.d reg ;							\
	PVOPS_SITE_END(ITC_I_AND_D, PVOPS_ARG(pred_i), PVOPS_ARG(pred_d), PVOPS_ARG(reg), PVOPS_ARG(clob))

#define THASH(pred, reg0, reg1, clob)						\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) thash reg0 = reg1 ;						\
	PVOPS_SITE_END(THASH, PVOPS_ARG(pred), PVOPS_ARG(reg0), PVOPS_ARG(reg1), PVOPS_ARG(clob))

/* PSR bits. */
#define SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I(clob0, clob1)			\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	ssm psr.ic | PSR_DEFAULT_BITS ;; srlz.i ;; 				\
	PVOPS_SITE_END(SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define SSM_PSR_IC_AND_SRLZ_D(clob0, clob1)					\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	ssm psr.ic ;; srlz.d ;							\
	PVOPS_SITE_END(SSM_PSR_IC_AND_SRLZ_D, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define RSM_PSR_IC(clob)							\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob)				\
	rsm psr.ic ;								\
	PVOPS_SITE_END(RSM_PSR_IC, PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

#define SSM_PSR_I(pred, pred_clob, clob)					\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob)				\
	(pred) ssm psr.i PVOPS_POISON_PR(pred, pred_clob) ;			\
	PVOPS_SITE_END(SSM_PSR_I, PVOPS_ARG(pred), PVOPS_ARG(pred_clob), PVOPS_ARG(clob), PVOPS_NOARG)

#define RSM_PSR_I(pred, clob0, clob1)						\
	PVOPS_SITE_START PVOPS_POISON_GR(pred, clob0) PVOPS_POISON_GR(pred, clob1) \
	(pred) rsm psr.i ;							\
	PVOPS_SITE_END(RSM_PSR_I, PVOPS_ARG(pred), PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG)

#define RSM_PSR_I_IC(clob0, clob1, clob2)					\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	PVOPS_POISON_GR(p0, clob2)						\
	rsm psr.i | psr.ic ;							\
	PVOPS_SITE_END(RSM_PSR_I_IC, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_ARG(clob2), PVOPS_NOARG)

#define RSM_PSR_DT								\
	PVOPS_SITE_START rsm psr.dt ;						\
	PVOPS_SITE_END(RSM_PSR_DT, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

#define RSM_PSR_BE_I(clob0, clob1)						\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	rsm psr.be | psr.i ;							\
	PVOPS_SITE_END(RSM_PSR_BE_I, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define SSM_PSR_DT_AND_SRLZ_I							\
	PVOPS_SITE_START ssm psr.dt ;; srlz.i ;					\
	PVOPS_SITE_END(SSM_PSR_DT_AND_SRLZ_I, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

/* Register banks, cover, return from interruption. */
#define BSW_0(clob0, clob1, clob2)						\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	PVOPS_POISON_GR(p0, clob2)						\
	bsw.0 ;									\
	PVOPS_SITE_END(BSW_0, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_ARG(clob2), PVOPS_NOARG)

#define BSW_1(clob0, clob1)							\
	PVOPS_SITE_START PVOPS_POISON_GR(p0, clob0) PVOPS_POISON_GR(p0, clob1)	\
	bsw.1 ;									\
	PVOPS_SITE_END(BSW_1, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define COVER									\
	PVOPS_SITE_START cover ;						\
	PVOPS_SITE_END(COVER, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

#define RFI									\
	PVOPS_SITE_START rfi ;							\
	PVOPS_SITE_END(RFI, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

#else
# error "unknown PVOPS_VARIANT"
#endif

#endif /* IA64EMU_PVOPS_INST_H */
