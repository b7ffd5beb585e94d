// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 0000000000000000\n0000000000012338\n0000000000000130\n0000000000000530\n0000000000000abc\n000000001f000004\n0000000000000055\n0000000000000246\n0000000000000030\n2000000000f00918\n0000000000000077\n0000000000000001\n0000000000000066\n0000000000020000\n1122334455667788\n0000000000000000\n8000000000000204\n0000000000000002\n0000000000000000\n0000000000002000\n8000000000000204\n
// hv_hp: every hyperprivop but those of the timer and interrupt controller
// (hv_timer) and ITC_I (hv_reflect), as the native instruction in native
// system mode at PL0 and as the hyperprivop under --mode=xen at CPL 2
// (hv_hp_xen.s), with the (virtual) state printed after each; both runs
// print the same, values the SDM fixes:
//  1 GET_PSR at boot: 0 (physical, PL0, ic and i off, bank 0)
//  2 SET_RR rr1 = 0x12338, GET_RR: 0x12338
//  3 SET_RR0_TO_RR4 (0x130 ... 0x530), GET_RR of regions 0, 4
//  4 SET_KR k3 = 0xabc, read back with mov r = ar.k3 (not privileged)
//  5 GET_CPUID(3): 0x1f000004 (number 4, family 0x1f: docs/system.md)
//  6 GET_PMD(4) after a raw mov pmd[4] = 0x55 (privop emulation in xen)
//  7 SET_EFLAG, GET_EFLAG: 0x246
//  8 SET_TPR 0x30, GET_TPR
//  9 THASH of 0x2000000000123456 with rr1 = 0x230 (4 KiB pages) and PTA =
//    base 0x2000000000f00000, 32 KiB, short format: region | base |
//    (0x123 << 3) = 0x2000000000f00918 (SDM vol. 2, 4.1.6, figure 4-14)
// 10 FC (no result), ITC_D with key 0x77: tak gives 0x77; PTC_GA of the
//    page: tak gives 1 (no translation)
// 11 ITR_D dtr2 with key 0x66: tak gives 0x66
// 12 SSM_DT: PSR.dt (0x20000); a load through dtr3 (1 MiB, region 1 alias
//    of this image) reads the quad at `val`; RSM_DT: PSR 0
// 13 COVER with PSR.ic 0: IFS = v | sol 4 | sof 4 = 0x8000000000000204
// 14 RSM_BE after sum psr.be: PSR.be (2), then 0
// 15 RFI to a target with IPSR = ic: PSR 0x2000; RFI with IFS.v restores
//    the covered frame: cover again gives the same IFS
	.explicit
	.include "hv.inc"

	ENTRY _start
	IVT_START
	V_GET_PSR
	PUTHEX r8
	movl r8 = 1 << 61
	movl r9 = 0x12338 ;;
	V_SET_RR
	movl r8 = 1 << 61 ;;
	V_GET_RR
	PUTHEX r8
	mov r8 = 0x130
	mov r9 = 0x230
	mov r10 = 0x330
	mov r11 = 0x430
	mov r14 = 0x530 ;;
	V_SET_RR0_TO_RR4
	mov r8 = r0 ;;
	V_GET_RR
	PUTHEX r8
	movl r8 = 4 << 61 ;;
	V_GET_RR
	PUTHEX r8
	mov r9 = 0xabc ;;
	V_SET_KR 3
	mov r8 = ar.k3 ;;
	PUTHEX r8
	mov r8 = 3 ;;
	V_GET_CPUID
	PUTHEX r8
	mov r24 = 4
	mov r25 = 0x55 ;;
	mov pmd[r24] = r25 ;;
	mov r8 = 4 ;;
	V_GET_PMD
	PUTHEX r8
	mov r8 = 0x246 ;;
	V_SET_EFLAG
	mov r8 = r0 ;;
	V_GET_EFLAG
	PUTHEX r8
	mov r8 = 0x30 ;;
	V_SET_TPR
	mov r8 = r0 ;;
	V_GET_TPR
	PUTHEX r8
	mov r8 = r0 ;;
	V_SET_TPR
	movl r24 = 0x2000000000f0003c ;;
	mov cr.pta = r24 ;;
	srlz.d ;;
	movl r8 = 0x2000000000123456 ;;
	V_THASH
	PUTHEX r8
	movl r8 = 0x100000 ;;
	V_FC
	// ITC_D, tak, PTC_GA, tak
	movl r24 = 0x2000000000200000
	movl r25 = 0x7730 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	movl r8 = 0x400461 ;;
	V_ITC_D
	tak r8 = r24 ;;
	PUTHEX r8
	mov r8 = r24
	mov r9 = 12 << 2 ;;
	V_PTC_GA
	tak r8 = r24 ;;
	PUTHEX r8
	// ITR_D, tak
	movl r24 = 0x2000000000400000
	movl r25 = 0x6630 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 2
	movl r9 = 0x401461 ;;
	V_ITR_D
	tak r8 = r24 ;;
	PUTHEX r8
	// SSM_DT, a translated load, RSM_DT
	movl r24 = 0x2000000000100000
	mov r25 = 20 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 3
	movl r9 = 0x100461 ;;
	V_ITR_D
	V_SSM_DT
	V_GET_PSR
	PUTHEX r8
	movl r24 = val + (1 << 61) ;;
	ld8 r8 = [r24] ;;
	PUTHEX r8
	V_RSM_DT
	V_GET_PSR
	PUTHEX r8
	// COVER
	V_COVER
	V_FROM_CR r8, ifs, r2
	alloc r3 = ar.pfs, 0, 4, 0, 0 ;;
	PUTHEX r8
	// RSM_BE
	sum BE ;;
	V_GET_PSR
	mov r24 = r8
	V_RSM_BE
	V_GET_PSR
	PUTHEX r24
	PUTHEX r8
	// RFI
	V_RFI_TO rfi1, IC
rfi1:
	V_GET_PSR
	PUTHEX r8
	V_RSM_IC
	V_COVER
	alloc r3 = ar.pfs, 0, 8, 0, 0
	movl r9 = rfi2 ;;
	V_TO_CR iip, r9, r2
	V_TO_CR ipsr, r0, r2
	V_RFI
rfi2:
	V_COVER
	V_FROM_CR r8, ifs, r2
	alloc r3 = ar.pfs, 0, 4, 0, 0 ;;
	PUTHEX r8
	IVT_EXIT
	.align 8
val:	data8 0x1122334455667788
	.align 16
	HV_IVT_COMMON
	.align 32768
ivt:
	.org ivt + 0x8000
	.endp _start
