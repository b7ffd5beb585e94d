/* ia64emu's Xen backend for the pv_ops hook macros (PVOPS_VARIANT_XEN).
 *
 * Included by asm/native/inst.h, after the site-record macros.  Every
 * hook expands as the Xen/ia64 paravirtualised Linux expanded it (facts:
 * shared/reference/pvops.md; Linux arch/ia64/include/asm/xen/inst.h and
 * privop.h, Xen's mapped_regs), with the same site records as the native
 * backend (the same sites, ids and arguments; PVOPS_VARIANT = xen):
 *
 *   - a virtual control register is a field of the shared area (XSI):
 *     a movl of its address, then one ld8/st8 (ld4/st4 for the 32-bit
 *     fields), with no trap;
 *   - virtual psr.i is the event mask byte that interrupt_mask_addr
 *     points to (1 = masked), the pending byte is at mask - 1;
 *   - the rest is a hyperprivop, `break n` at CPL 2: arguments in r8
 *     (and r9), the result in r8.  The caller's r8/r9 are kept in the
 *     registers it donated (CLOB) and put back, unless r8/r9 is itself
 *     the output or a donated register.  A hyperprivop that has no result
 *     leaves r8 and r9 as they were (the hypervisor's side of it);
 *   - what has no hyperprivop stays the raw instruction and traps
 *     (Privileged Operation fault at CPL 2): the hypervisor emulates it.
 *
 * A site writes only its OUT and CLOB registers and PCLOB predicates,
 * plus, for the bank switches, r16-r31 and (BSW_1, as Xen's) r30/r31 as
 * scratch before they are filled; ar.unat is put back.  The sequences are
 * gas macros (pvx_*), so that they can look at which registers they were
 * given; a combination they cannot honour is an assembly error.
 *
 * The hook bodies are also used unrecorded: RSM_PSR_BE_I is RSM_PSR_I
 * plus `rum psr.be`, and our DO_SAVE_MIN switches banks as BSW_1 does
 * (native Linux has a raw bsw.1 there, not a hook site).
 */
#ifndef IA64EMU_XEN_PVOPS_INST_H
#define IA64EMU_XEN_PVOPS_INST_H

/* ---- the interface (pvops.md) ---------------------------------------- */

/* The shared area: mapped_regs at XSI_BASE + 0x4000; offsets from
 * XSI_BASE.  (No blanks inside: these become gas macro arguments.) */
#define XSI_BASE		0xfffffffffff00000
#define XSI_BANK1_R16		(XSI_BASE+0x4400)	/* bank1_regs[16] */
#define XSI_BANK0_R16		(XSI_BASE+0x4480)	/* bank0_regs[16] */
#define XSI_B1NAT		(XSI_BASE+0x4500)	/* vnat: NaT bits of bank1_regs */
#define XSI_B0NAT		(XSI_BASE+0x4508)	/* vbnat */
#define XSI_IPSR		(XSI_BASE+0x4880)
#define XSI_ISR			(XSI_BASE+0x4888)
#define XSI_IIP			(XSI_BASE+0x4898)
#define XSI_IFA			(XSI_BASE+0x48a0)
#define XSI_ITIR		(XSI_BASE+0x48a8)
#define XSI_IIPA		(XSI_BASE+0x48b0)
#define XSI_IFS			(XSI_BASE+0x48b8)
#define XSI_IIM			(XSI_BASE+0x48c0)
#define XSI_IHA			(XSI_BASE+0x48c8)
#define XSI_PRECOVER_IFS	(XSI_BASE+0x4c00)
#define XSI_PSR_IC		(XSI_BASE+0x4c10)	/* 32-bit: virtual psr.ic */
#define XSI_PSR_I_ADDR		(XSI_BASE+0x4c18)	/* -> the event mask byte */
#define XSI_PEND		(XSI_BASE+0x4c20)	/* 32-bit */
#define XSI_METAPHYS		(XSI_BASE+0x4c48)	/* 32-bit */
#define XSI_BANKNUM		(XSI_BASE+0x4c4c)	/* 32-bit */
#define XSI_RR0			(XSI_BASE+0x4c50)
#define XSI_KR0			(XSI_BASE+0x4c90)
#define XSI_ITC_OFFSET		(XSI_BASE+0x4d50)
#define XSI_ITC_LAST		(XSI_BASE+0x4d58)
#define XSI_MASK_TO_PEND	(-1)	/* the pending byte is at mask - 1 */

/* Hyperprivops: the break immediates. */
#define HYPERPRIVOP_RFI			0x01
#define HYPERPRIVOP_RSM_DT		0x02
#define HYPERPRIVOP_SSM_DT		0x03
#define HYPERPRIVOP_COVER		0x04
#define HYPERPRIVOP_ITC_D		0x05
#define HYPERPRIVOP_ITC_I		0x06
#define HYPERPRIVOP_SSM_I		0x07
#define HYPERPRIVOP_GET_IVR		0x08
#define HYPERPRIVOP_GET_TPR		0x09
#define HYPERPRIVOP_SET_TPR		0x0a
#define HYPERPRIVOP_EOI			0x0b
#define HYPERPRIVOP_SET_ITM		0x0c
#define HYPERPRIVOP_THASH		0x0d
#define HYPERPRIVOP_PTC_GA		0x0e
#define HYPERPRIVOP_ITR_D		0x0f
#define HYPERPRIVOP_GET_RR		0x10
#define HYPERPRIVOP_SET_RR		0x11
#define HYPERPRIVOP_SET_KR		0x12
#define HYPERPRIVOP_FC			0x13
#define HYPERPRIVOP_GET_CPUID		0x14
#define HYPERPRIVOP_GET_PMD		0x15
#define HYPERPRIVOP_GET_EFLAG		0x16
#define HYPERPRIVOP_SET_EFLAG		0x17
#define HYPERPRIVOP_RSM_BE		0x18
#define HYPERPRIVOP_GET_PSR		0x19
#define HYPERPRIVOP_SET_RR0_TO_RR4	0x1a

/* ---- building blocks (gas macros, unrecorded) ------------------------- */

/* Assembly errors for register combinations a sequence cannot honour. */
.macro pvx_differ a, b
	.ifc "\a", "\b"
	.error "pvops xen: \a may not be given twice to one hook"
	.endif
.endm
.macro pvx_not_banked reg
	.irp x, r16, r17, r18, r19, r20, r21, r22, r23, r24, r25, r26, r27, r28, r29, r30, r31
	.ifc "\reg", "\x"
	.error "pvops xen: a bank switch cannot use \reg (r16-r31) as scratch"
	.endif
	.endr
.endm

/* A 64-bit XSI field: reg = [field] (reg is the address first). */
.macro pvx_xsi_ld8 qp, reg, field
	(\qp) movl \reg = \field
	;;
	(\qp) ld8 \reg = [\reg]
.endm
/* [field] = reg, the address in clob. */
.macro pvx_xsi_st8 qp, reg, clob, field
	pvx_differ \reg, \clob
	(\qp) movl \clob = \field
	;;
	(\qp) st8 [\clob] = \reg
.endm
/* The 32-bit virtual psr.ic = val (0 or 1); clob0 address, clob1 value. */
.macro pvx_psr_ic val, clob0, clob1
	pvx_differ \clob0, \clob1
	.if \val
	mov \clob1 = 1
	.endif
	movl \clob0 = XSI_PSR_IC
	;;
	.if \val
	st4 [\clob0] = \clob1
	.else
	st4 [\clob0] = r0
	.endif
.endm

/* Hyperprivop nr with one argument in r8 (arg; "-" for none): the
 * caller's r8 waits in clob unless arg is r8 already (a hyperprivop with
 * no result leaves r8 alone) or clob is r8. */
.macro pvx_hp1 nr, qp, arg, clob
	pvx_differ \arg, \clob
	.ifc "\arg", "r8"
	(\qp) break \nr
	.exitm
	.endif
	.ifc "\clob", "r8"
	(\qp) mov r8 = \arg
	;;
	(\qp) break \nr
	.exitm
	.endif
	(\qp) mov \clob = r8
	(\qp) mov r8 = \arg
	;;
	(\qp) break \nr
	;;
	(\qp) mov r8 = \clob
.endm

/* Hyperprivop nr with a result, out = r8 afterwards; its argument (if
 * arg is not "-") in r8 before.  The caller's r8 waits in clob unless
 * out or clob is r8. */
.macro pvx_hp_get nr, qp, out, arg, clob
	pvx_differ \out, \clob
	pvx_differ \arg, \clob
	.ifc "\out", "r8"
	.ifnc "\arg", "-"
	.ifnc "\arg", "r8"
	(\qp) mov r8 = \arg
	;;
	.endif
	.endif
	(\qp) break \nr
	.exitm
	.endif
	.ifc "\clob", "r8"
	.ifnc "\arg", "-"
	(\qp) mov r8 = \arg
	;;
	.endif
	(\qp) break \nr
	;;
	(\qp) mov \out = r8
	.exitm
	.endif
	(\qp) mov \clob = r8
	.ifnc "\arg", "-"
	.ifnc "\arg", "r8"
	(\qp) mov r8 = \arg
	.endif
	.endif
	;;
	(\qp) break \nr
	;;
	(\qp) mov \out = r8
	(\qp) mov r8 = \clob
.endm

/* Hyperprivop nr with two arguments, a8 in r8 and a9 in r9 (a8 may be an
 * immediate).  The caller's r8 waits in c0 and r9 in c1, unless the
 * register already holds its argument or is itself donated; pvx_hp2
 * first orders the donated registers so that c0 is not r9 and c1 not r8. */
.macro pvx_hp2 nr, a8, a9, c0, c1
	pvx_differ \c0, \c1
	.irp x, \c0, \c1
	pvx_differ \a8, \x
	pvx_differ \a9, \x
	.endr
	.ifc "\c0", "r9"
	pvx_hp2_ \nr, \a8, \a9, \c1, \c0
	.exitm
	.endif
	.ifc "\c1", "r8"
	pvx_hp2_ \nr, \a8, \a9, \c1, \c0
	.exitm
	.endif
	pvx_hp2_ \nr, \a8, \a9, \c0, \c1
.endm
.macro pvx_hp2_ nr, a8, a9, c0, c1
	/* pvx_s8/pvx_s9: the caller's r8/r9 is kept in c0/c1 */
	.set pvx_s8, 0
	.set pvx_s9, 0
	.ifnc "\c0", "r8"
	.ifnc "\a8", "r8"
	.set pvx_s8, 1
	.endif
	.endif
	.ifnc "\c1", "r9"
	.ifnc "\a9", "r9"
	.set pvx_s9, 1
	.endif
	.endif
	.if pvx_s8
	mov \c0 = r8
	.endif
	.if pvx_s9
	mov \c1 = r9
	.endif
	.if pvx_s8 | pvx_s9
	;;
	.endif
	/* the loads: an argument in the other register comes from its saved
	 * copy; unsaved, the load that reads it goes first */
	.set pvx_r9first, 0
	.ifc "\a9", "r8"
	.if pvx_s8 == 0
	.set pvx_r9first, 1
	.ifc "\a8", "r9"
	.if pvx_s9 == 0
	.error "pvops xen: r8 and r9 swapped with neither kept: donate another register"
	.endif
	.endif
	.endif
	.endif
	.if pvx_r9first
	pvx_load9 \a9, \c0
	pvx_load8 \a8, \c1
	.else
	pvx_load8 \a8, \c1
	pvx_load9 \a9, \c0
	.endif
	;;
	break \nr
	;;
	.if pvx_s8
	mov r8 = \c0
	.endif
	.if pvx_s9
	mov r9 = \c1
	.endif
.endm
.macro pvx_load8 a8, saved9
	.ifc "\a8", "r8"
	.exitm
	.endif
	.ifc "\a8", "r9"
	.if pvx_s9
	mov r8 = \saved9
	.else
	mov r8 = r9
	.endif
	.exitm
	.endif
	mov r8 = \a8
.endm
.macro pvx_load9 a9, saved8
	.ifc "\a9", "r9"
	.exitm
	.endif
	.ifc "\a9", "r8"
	.if pvx_s8
	mov r9 = \saved8
	.else
	mov r9 = r8
	.endif
	.exitm
	.endif
	mov r9 = \a9
.endm

/* virtual psr.i = 0: the mask byte = 1 (clob0 its address, clob1 1). */
.macro pvx_rsm_i qp, clob0, clob1
	pvx_differ \clob0, \clob1
	(\qp) movl \clob0 = XSI_PSR_I_ADDR
	(\qp) mov \clob1 = 1
	;;
	(\qp) ld8 \clob0 = [\clob0]
	;;
	(\qp) st1 [\clob0] = \clob1
.endm

/* Two registers of a bank from / to consecutive slots of an XSI bank
 * area: the pointers step by 16 (a fill uses ar.unat, a spill sets it). */
.macro pvx_fill2 even, odd
	ld8.fill \even = [r30], 16
	ld8.fill \odd = [r31], 16
	;;
.endm
.macro pvx_spill2 ptr0, ptr1, even, odd
	.mem.offset 0, 0
	st8.spill [\ptr0] = \even, 16
	.mem.offset 8, 0
	st8.spill [\ptr1] = \odd, 16
	;;
.endm

/* bsw.1: r16-r31 = bank1_regs, their NaT bits from vnat, banknum = 1.
 * clob keeps the caller's ar.unat; r30 and r31 are the pointers until
 * they are filled last (as Xen's). */
.macro pvx_bsw_1 clob
	pvx_not_banked \clob
	mov \clob = ar.unat
	movl r30 = XSI_B1NAT
	;;
	ld8 r30 = [r30]
	mov r31 = 1
	;;
	mov ar.unat = r30
	movl r30 = XSI_BANKNUM
	;;
	st4 [r30] = r31
	movl r30 = XSI_BANK1_R16
	movl r31 = XSI_BANK1_R16 + 8
	;;
	pvx_fill2 r16, r17
	pvx_fill2 r18, r19
	pvx_fill2 r20, r21
	pvx_fill2 r22, r23
	pvx_fill2 r24, r25
	pvx_fill2 r26, r27
	pvx_fill2 r28, r29
	ld8.fill r30 = [r30]
	ld8.fill r31 = [r31]
	;;
	mov ar.unat = \clob
.endm

/* bsw.0: r16-r31 (the bank-1 values) to bank1_regs, their NaT bits to
 * vnat, banknum = 0; clob2 keeps the caller's ar.unat. */
.macro pvx_bsw_0 clob0, clob1, clob2
	pvx_differ \clob0, \clob1
	pvx_differ \clob0, \clob2
	pvx_differ \clob1, \clob2
	.irp x, \clob0, \clob1, \clob2
	pvx_not_banked \x
	.endr
	mov \clob2 = ar.unat
	movl \clob0 = XSI_BANK1_R16
	movl \clob1 = XSI_BANK1_R16 + 8
	;;
	pvx_spill2 \clob0, \clob1, r16, r17
	pvx_spill2 \clob0, \clob1, r18, r19
	pvx_spill2 \clob0, \clob1, r20, r21
	pvx_spill2 \clob0, \clob1, r22, r23
	pvx_spill2 \clob0, \clob1, r24, r25
	pvx_spill2 \clob0, \clob1, r26, r27
	pvx_spill2 \clob0, \clob1, r28, r29
	pvx_spill2 \clob0, \clob1, r30, r31
	mov \clob1 = ar.unat
	movl \clob0 = XSI_B1NAT
	;;
	st8 [\clob0] = \clob1
	mov ar.unat = \clob2
	movl \clob0 = XSI_BANKNUM
	;;
	st4 [\clob0] = r0
.endm

/* ---- the hooks ---------------------------------------------------------- */

/* Reads of interruption control registers: XSI loads. */
#define PVX_READ_CR(hook, qp, reg, field)					\
	PVOPS_SITE_START pvx_xsi_ld8 qp, reg, field ;				\
	PVOPS_SITE_END(hook, PVOPS_ARG(reg), PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

#define MOV_FROM_IFA(reg)	PVX_READ_CR(MOV_FROM_IFA, p0, reg, XSI_IFA)
#define MOV_FROM_ITIR(reg)	PVX_READ_CR(MOV_FROM_ITIR, p0, reg, XSI_ITIR)
#define MOV_FROM_ISR(reg)	PVX_READ_CR(MOV_FROM_ISR, p0, reg, XSI_ISR)
#define MOV_FROM_IHA(reg)	PVX_READ_CR(MOV_FROM_IHA, p0, reg, XSI_IHA)
#define MOV_FROM_IIM(reg)	PVX_READ_CR(MOV_FROM_IIM, p0, reg, XSI_IIM)
#define MOV_FROM_IIP(reg)	PVX_READ_CR(MOV_FROM_IIP, p0, reg, XSI_IIP)

#define MOV_FROM_IPSR(pred, reg)						\
	PVOPS_SITE_START pvx_xsi_ld8 pred, reg, XSI_IPSR ;			\
	PVOPS_SITE_END(MOV_FROM_IPSR, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_NOARG, PVOPS_NOARG)

/* HP GET_IVR, HP GET_PSR: the result in r8. */
#define MOV_FROM_IVR(reg, clob)							\
	PVOPS_SITE_START pvx_hp_get HYPERPRIVOP_GET_IVR, p0, reg, -, clob ;	\
	PVOPS_SITE_END(MOV_FROM_IVR, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_FROM_PSR(pred, reg, clob)						\
	PVOPS_SITE_START pvx_hp_get HYPERPRIVOP_GET_PSR, pred, reg, -, clob ;	\
	PVOPS_SITE_END(MOV_FROM_PSR, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

/* The virtual ITC, no trap: ar.itc + itc_offset, kept above itc_last
 * (then itc_last + 1) and stored back as the new itc_last. */
.macro pvx_mov_from_itc qp, pclob, reg, clob
	pvx_differ \reg, \clob
	pvx_differ \qp, \pclob
	(\qp) movl \clob = XSI_ITC_OFFSET
	;;
	(\qp) ld8 \clob = [\clob]
	(\qp) mov \reg = ar.itc
	;;
	(\qp) add \reg = \reg, \clob
	(\qp) movl \clob = XSI_ITC_LAST
	;;
	(\qp) ld8 \clob = [\clob]
	;;
	(\qp) cmp.geu.unc \pclob, p0 = \clob, \reg
	;;
	(\pclob) adds \reg = 1, \clob
	(\qp) movl \clob = XSI_ITC_LAST
	;;
	(\qp) st8 [\clob] = \reg
.endm
#define MOV_FROM_ITC(pred, pred_clob, reg, clob)				\
	PVOPS_SITE_START pvx_mov_from_itc pred, pred_clob, reg, clob ;		\
	PVOPS_SITE_END(MOV_FROM_ITC, PVOPS_ARG(pred), PVOPS_ARG(pred_clob), PVOPS_ARG(reg), PVOPS_ARG(clob))

/* Writes of interruption control registers: XSI stores. */
#define PVX_WRITE_CR(hook, pred, reg, clob, field)				\
	PVOPS_SITE_START pvx_xsi_st8 pred, reg, clob, field ;			\
	PVOPS_SITE_END(hook, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

#define MOV_TO_ITIR(pred, reg, clob)	PVX_WRITE_CR(MOV_TO_ITIR, pred, reg, clob, XSI_ITIR)
#define MOV_TO_IHA(pred, reg, clob)	PVX_WRITE_CR(MOV_TO_IHA, pred, reg, clob, XSI_IHA)
#define MOV_TO_IPSR(pred, reg, clob)	PVX_WRITE_CR(MOV_TO_IPSR, pred, reg, clob, XSI_IPSR)
#define MOV_TO_IFS(pred, reg, clob)	PVX_WRITE_CR(MOV_TO_IFS, pred, reg, clob, XSI_IFS)

#define MOV_TO_IFA(reg, clob)							\
	PVOPS_SITE_START pvx_xsi_st8 p0, reg, clob, XSI_IFA ;			\
	PVOPS_SITE_END(MOV_TO_IFA, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_TO_IIP(reg, clob)							\
	PVOPS_SITE_START pvx_xsi_st8 p0, reg, clob, XSI_IIP ;			\
	PVOPS_SITE_END(MOV_TO_IIP, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

/* HP SET_KR: r8 = the index, r9 = the value. */
#define MOV_TO_KR(kr, reg, clob0, clob1)					\
	PVOPS_SITE_START pvx_hp2 HYPERPRIVOP_SET_KR, IA64_KR_##kr, reg, clob0, clob1 ; \
	PVOPS_SITE_END(MOV_TO_KR, PVOPS_ARG_KR(kr), PVOPS_ARG(reg), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

/* Ours (ids 34-43).  HP SET_RR: r8 = an address in the region, r9 = the
 * value; HP ITR_D: r8 = the slot, r9 = the pte, ITIR and IFA from XSI;
 * itr.i, cr.pta, cr.iva and cr.itv have no hyperprivop: raw, emulated. */
#define MOV_TO_RR(addr, val, clob0, clob1)					\
	PVOPS_SITE_START pvx_hp2 HYPERPRIVOP_SET_RR, addr, val, clob0, clob1 ;	\
	PVOPS_SITE_END(MOV_TO_RR, PVOPS_ARG(addr), PVOPS_ARG(val), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

#define ITR_D(slot, pte, clob0, clob1)						\
	PVOPS_SITE_START pvx_hp2 HYPERPRIVOP_ITR_D, slot, pte, clob0, clob1 ;	\
	PVOPS_SITE_END(ITR_D, PVOPS_ARG(slot), PVOPS_ARG(pte), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

#define ITR_I(slot, pte, clob0, clob1)						\
	PVOPS_SITE_START itr.i itr[slot] = pte ;				\
	PVOPS_SITE_END(ITR_I, PVOPS_ARG(slot), PVOPS_ARG(pte), PVOPS_ARG(clob0), PVOPS_ARG(clob1))

#define PVX_WRITE_CR_RAW(hook, cr, reg, clob)					\
	PVOPS_SITE_START mov cr = reg ;						\
	PVOPS_SITE_END(hook, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_TO_PTA(reg, clob)	PVX_WRITE_CR_RAW(MOV_TO_PTA, cr.pta, reg, clob)
#define MOV_TO_IVA(reg, clob)	PVX_WRITE_CR_RAW(MOV_TO_IVA, cr.iva, reg, clob)
#define MOV_TO_ITV(reg, clob)	PVX_WRITE_CR_RAW(MOV_TO_ITV, cr.itv, reg, clob)

/* HP SET_TPR, SET_ITM, EOI, FC: r8 = the value (address). */
#define PVX_HP1(hook, nr, reg, clob)						\
	PVOPS_SITE_START pvx_hp1 nr, p0, reg, clob ;				\
	PVOPS_SITE_END(hook, PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG)

#define MOV_TO_TPR(reg, clob)	PVX_HP1(MOV_TO_TPR, HYPERPRIVOP_SET_TPR, reg, clob)
#define MOV_TO_ITM(reg, clob)	PVX_HP1(MOV_TO_ITM, HYPERPRIVOP_SET_ITM, reg, clob)
#define MOV_TO_EOI(reg, clob)	PVX_HP1(MOV_TO_EOI, HYPERPRIVOP_EOI, reg, clob)
#define FC(addr, clob)		PVX_HP1(FC, HYPERPRIVOP_FC, addr, clob)

/* Translation cache inserts (HP ITC_I / ITC_D: r8 = the pte, ITIR and
 * IFA from XSI) and the hash (HP THASH: r8 = the address in, the hash
 * out). */
#define ITC_I(pred, reg, clob)							\
	PVOPS_SITE_START pvx_hp1 HYPERPRIVOP_ITC_I, pred, reg, clob ;		\
	PVOPS_SITE_END(ITC_I, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

#define ITC_D(pred, reg, clob)							\
	PVOPS_SITE_START pvx_hp1 HYPERPRIVOP_ITC_D, pred, reg, clob ;		\
	PVOPS_SITE_END(ITC_D, PVOPS_ARG(pred), PVOPS_ARG(reg), PVOPS_ARG(clob), PVOPS_NOARG)

/* Both inserts of one pte, each under its own predicate. */
.macro pvx_itc_i_and_d qpi, qpd, reg, clob
	pvx_differ \reg, \clob
	.ifnc "\reg", "r8"
	.ifnc "\clob", "r8"
	mov \clob = r8
	.endif
	mov r8 = \reg
	;;
	.endif
	(\qpi) break HYPERPRIVOP_ITC_I
	;;
	(\qpd) break HYPERPRIVOP_ITC_D
	.ifnc "\reg", "r8"
	.ifnc "\clob", "r8"
	;;
	mov r8 = \clob
	.endif
	.endif
.endm
#define ITC_I_AND_D(pred_i, pred_d, reg, clob)					\
	PVOPS_SITE_START pvx_itc_i_and_d pred_i, pred_d, reg, clob ;		\
	PVOPS_SITE_END(ITC_I_AND_D, PVOPS_ARG(pred_i), PVOPS_ARG(pred_d), PVOPS_ARG(reg), PVOPS_ARG(clob))

#define THASH(pred, reg0, reg1, clob)						\
	PVOPS_SITE_START pvx_hp_get HYPERPRIVOP_THASH, pred, reg0, reg1, clob ;	\
	PVOPS_SITE_END(THASH, PVOPS_ARG(pred), PVOPS_ARG(reg0), PVOPS_ARG(reg1), PVOPS_ARG(clob))

/* PSR bits.  psr.ic is an XSI field (PSR_DEFAULT_BITS is 0 in our
 * configuration, and Xen ignored it; no srlz is needed for a store);
 * psr.i is the event mask byte: setting it clears the mask, then, if an
 * event is pending, HP SSM_I lets the hypervisor deliver it. */
#define SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I(clob0, clob1)			\
	PVOPS_SITE_START pvx_psr_ic 1, clob1, clob0 ;				\
	PVOPS_SITE_END(SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

/* (the srlz.d serialises what precedes the site, e.g. an itr.d) */
#define SSM_PSR_IC_AND_SRLZ_D(clob0, clob1)					\
	PVOPS_SITE_START ;; srlz.d ;; pvx_psr_ic 1, clob0, clob1 ;		\
	PVOPS_SITE_END(SSM_PSR_IC_AND_SRLZ_D, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define RSM_PSR_IC(clob)							\
	PVOPS_SITE_START movl clob = XSI_PSR_IC ;; st4 [clob] = r0 ;		\
	PVOPS_SITE_END(RSM_PSR_IC, PVOPS_ARG(clob), PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

.macro pvx_ssm_i qp, pclob, clob
	(\qp) movl \clob = XSI_PSR_I_ADDR
	;;
	(\qp) ld8 \clob = [\clob]
	;;
	(\qp) st1 [\clob] = r0, XSI_MASK_TO_PEND
	;;
	(\qp) ld1 \clob = [\clob]
	;;
	(\qp) cmp.ne.unc \pclob, p0 = \clob, r0
	;;
	(\pclob) break HYPERPRIVOP_SSM_I
.endm
#define SSM_PSR_I(pred, pred_clob, clob)					\
	PVOPS_SITE_START pvx_ssm_i pred, pred_clob, clob ;			\
	PVOPS_SITE_END(SSM_PSR_I, PVOPS_ARG(pred), PVOPS_ARG(pred_clob), PVOPS_ARG(clob), PVOPS_NOARG)

#define RSM_PSR_I(pred, clob0, clob1)						\
	PVOPS_SITE_START pvx_rsm_i pred, clob0, clob1 ;				\
	PVOPS_SITE_END(RSM_PSR_I, PVOPS_ARG(pred), PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG)

/* Both masks, no trap. */
.macro pvx_rsm_i_ic clob0, clob1, clob2
	pvx_differ \clob0, \clob1
	pvx_differ \clob0, \clob2
	pvx_differ \clob1, \clob2
	movl \clob0 = XSI_PSR_I_ADDR
	movl \clob1 = XSI_PSR_IC
	;;
	ld8 \clob0 = [\clob0]
	mov \clob2 = 1
	;;
	st1 [\clob0] = \clob2
	st4 [\clob1] = r0
.endm
#define RSM_PSR_I_IC(clob0, clob1, clob2)					\
	PVOPS_SITE_START pvx_rsm_i_ic clob0, clob1, clob2 ;			\
	PVOPS_SITE_END(RSM_PSR_I_IC, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_ARG(clob2), PVOPS_NOARG)

#define RSM_PSR_DT								\
	PVOPS_SITE_START break HYPERPRIVOP_RSM_DT ;				\
	PVOPS_SITE_END(RSM_PSR_DT, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

/* psr.be is in the user mask: rum needs no privilege. */
#define RSM_PSR_BE_I(clob0, clob1)						\
	PVOPS_SITE_START pvx_rsm_i p0, clob0, clob1 ; rum psr.be ;		\
	PVOPS_SITE_END(RSM_PSR_BE_I, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define SSM_PSR_DT_AND_SRLZ_I							\
	PVOPS_SITE_START break HYPERPRIVOP_SSM_DT ;				\
	PVOPS_SITE_END(SSM_PSR_DT_AND_SRLZ_I, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

/* Register banks through XSI; cover and rfi are hyperprivops. */
#define BSW_0(clob0, clob1, clob2)						\
	PVOPS_SITE_START pvx_bsw_0 clob0, clob1, clob2 ;			\
	PVOPS_SITE_END(BSW_0, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_ARG(clob2), PVOPS_NOARG)

/* (clob0 is not needed: Xen's BSW_1 used its second register) */
#define BSW_1(clob0, clob1)							\
	PVOPS_SITE_START pvx_bsw_1 clob1 ;					\
	PVOPS_SITE_END(BSW_1, PVOPS_ARG(clob0), PVOPS_ARG(clob1), PVOPS_NOARG, PVOPS_NOARG)

#define COVER									\
	PVOPS_SITE_START break HYPERPRIVOP_COVER ;				\
	PVOPS_SITE_END(COVER, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

/* (.serialize.data: the hypervisor's return serialises, as rfi does;
 * without it gas's dependency check would follow the break into the
 * code after it) */
#define RFI									\
	PVOPS_SITE_START break HYPERPRIVOP_RFI ; .serialize.data ;		\
	PVOPS_SITE_END(RFI, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG, PVOPS_NOARG)

/* ---- DO_SAVE_MIN --------------------------------------------------------- */

#include <asm/xen/save_min.h>

#endif /* IA64EMU_XEN_PVOPS_INST_H */
