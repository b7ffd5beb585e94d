// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stdout: 0000000000001040\n0000000000000000\n2000000000008000\n0000000000004230\n2000000000108040\n0000000000000018\n
// expect-exit: 0
// hv_vhpt_xsi_xen: the straight miss's per-region memos under the
// hypervisor (tlb.soft_walk: tlb_inline.h's soft_walk_miss, vmem.c's
// data_miss) hold only while what they were made from holds.  The
// guest's PTA written straight into the XSI (its vcr[8], a store to the
// shared area, no hyperprivop) decides the next walk as the one the
// hypervisor emulates does; PSR.dt turned off in metaphysical mode
// already (psr.it and psr.rt are off throughout) makes a reference to
// region 1 physical: an Unimplemented Data Address (General Exception,
// vector 24: bits 62:61 set), not a walk.  The set-up of
// hv_vhpt_memo.s: rr1 = 0x4231, PTA = 0x10003d, the table page
// 0x2000000000100000 -> PA 0x300000 by itc.d, and 128 walks in region 2
// first, so that the walks after it are the hypervisor's straight ones.
// Printed: r10 = 1 VA1 (walked), VA4 with the XSI's PTA base 0x108000:
// VHPT Translation (IHA 0x2000000000108040), skipped (0); the XSI's PTA
// back: 4 VA4; dt off: VA5 (its entry present) General Exception,
// skipped (0).  Then the interruptions: vector, IFA, ITIR, IHA; vector.
	.explicit
	XEN = 1
	.include "hv.inc"

	VA1 = 0x2000000000004000
	VA4 = 0x2000000000008000
	VA5 = 0x2000000000009000
	TABLE = 0x2000000000100000
	TABLE_PA = 0x300000
	XSI_PTA = XSI_BASE + 0x4800 + 8 * 8

	// PAGE k, va: the table's entry for VA maps it to PA 0x200000 +
	// k * 0x1000 (p, a, d, pl 0, ar 2), whose first quad is k
	.macro PAGE k, va
	movl r24 = TABLE_PA + 8 * ((\va >> 12) & 0xfff)
	movl r25 = (0x200000 + \k * 0x1000) | 0x461 ;;
	st8 [r24] = r25
	movl r24 = 0x200000 + \k * 0x1000
	mov r25 = \k ;;
	st8 [r24] = r25 ;;
	.endm

	// LOADV addr: r10 = r10 * 16 + the quad at ADDR (0 when the load
	// faults: the handlers skip it)
	.macro LOADV addr
	movl r25 = \addr
	mov r11 = 0 ;;
	ld8 r11 = [r25] ;;
	shladd r10 = r10, 4, r11 ;;
	.endm

	// XSIPTA value: the XSI's vcr[8] (the guest's PTA) = value
	.macro XSIPTA val
	movl r24 = XSI_PTA
	movl r25 = \val ;;
	st8 [r24] = r25 ;;
	.endm

	WARM = 0x4000000000010000               // 128 pages, hpn 0x10-0x8f
	WARM_TABLE = 0x4000000000100000
	WARM_TABLE_PA = 0x310000

	ENTRY _start
	IVT_START
	movl r8 = 1 << 61
	movl r9 = 0x4231 ;;
	V_SET_RR
	movl r8 = 2 << 61
	movl r9 = 0x5231 ;;
	V_SET_RR
	movl r24 = 0x10003d ;;
	mov cr.pta = r24 ;;
	srlz.d ;;
	movl r24 = WARM_TABLE
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 2
	movl r9 = WARM_TABLE_PA | 0x461 ;;
	V_ITR_D
	movl r24 = WARM_TABLE_PA + 8 * 0x10
	movl r25 = 0x20f000 | 0x461
	mov r26 = 128 ;;
fill:
	st8 [r24] = r25, 8
	adds r26 = -1, r26 ;;
	cmp.ne p6, p0 = 0, r26
(p6)	br.cond.sptk fill ;;
	PAGE 1, VA1
	PAGE 4, VA4
	PAGE 5, VA5
	mov r10 = 0
	V_RFI_TO warm, IC | DT
warm:
	movl r24 = WARM
	mov r25 = 0x1000
	mov r26 = 128 ;;
.Lwarm:
	ld8 r27 = [r24]
	add r24 = r24, r25
	adds r26 = -1, r26 ;;
	cmp.ne p6, p0 = 0, r26
(p6)	br.cond.sptk .Lwarm ;;
	V_RSM_IC
	movl r24 = TABLE
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	movl r8 = TABLE_PA | 0x461 ;;
	V_ITC_D
	V_RFI_TO go, IC | DT
go:
	LOADV VA1
	XSIPTA 0x10803d
	LOADV VA4                                // rec 0
	XSIPTA 0x10003d
	LOADV VA4
	V_RSM_DT
	LOADV VA5                                // rec 1
	PUTHEX r10
	RECORD r8, 0, F_VEC
	PUTHEX r8
	RECORD r8, 0, F_IFA
	PUTHEX r8
	RECORD r8, 0, F_ITIR
	PUTHEX r8
	RECORD r8, 0, F_IHA
	PUTHEX r8
	RECORD r8, 1, F_VEC
	PUTHEX r8
	NREC 2, 1
	IVT_EXIT

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 0, 0x0000, V_SKIP
	VEC 2, 0x0800, V_SKIP
	VEC 4, 0x1000, V_SKIP
	VEC 24, 0x5400, V_SKIP
	.org ivt + 0x8000
	.endp _start
