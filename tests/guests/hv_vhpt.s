// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 5566778899aabbcc\n0000000000200000\n0000000000000042\n0000000000000002\n2000000000005000\n0000000400000000\n0000000000004230\n2000000000100028\n0000000000000000\n0000000000000000\n2000000000200000\n0000000400000000\n0000000000004230\n2000000000101000\n
// hv_vhpt: the guest's VHPT, short format, as sys_tlb_vhpt: natively the
// hardware walker; under the hypervisor (hv_vhpt_xen.s) the real walker is
// off and the hypervisor walks the guest's table in software on a real
// miss, with the SDM's rules.  rr1 = 0x4231 (rid 0x42, 4 KiB, ve) by
// SET_RR; PTA = 0x10003d (base 0x100000, 2^15, short, ve) by a raw mov;
// dtr0 (ITR_D) maps the table's first page to PA 0x300000, whose entry
// for VA1 = 0x2000000000004000 (at 0x300020) maps it to PA 0x200000.
// Printed:
//  1 the load from VA1 (walked) reads the quad at PA 0x200000; tpa gives
//    0x200000, tak the key (rr1's rid, 0x42)
//  2 VA 0x2000000000005000 (entry zero, not present): Data TLB (2), IFA,
//    ISR.r, ITIR 0x4230, IHA = 0x2000000000100028, IIP at the load (0)
//  3 VA 0x2000000000200000 (entry in an unmapped table page): VHPT
//    Translation (0), IFA, ISR.r, ITIR, IHA = 0x2000000000101000
	.explicit
	.include "hv.inc"

	VA1 = 0x2000000000004000
	NP = 0x2000000000005000
	FAR = 0x2000000000200000
	VAL = 0x5566778899aabbcc

	ENTRY _start
	IVT_START
	movl r8 = 1 << 61
	movl r9 = 0x4231 ;;
	V_SET_RR
	movl r24 = 0x10003d ;;
	mov cr.pta = r24 ;;
	srlz.d ;;
	movl r24 = 0x2000000000100000
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 0
	movl r9 = 0x300461 ;;
	V_ITR_D
	movl r24 = 0x300020
	movl r25 = 0x200461 ;;
	st8 [r24] = r25                          // the VHPT entry of VA1
	movl r24 = 0x200000
	movl r25 = VAL ;;
	st8 [r24] = r25 ;;
	V_RFI_TO go, IC | DT
go:
	movl r24 = VA1 ;;
	ld8 r10 = [r24] ;;                       // walked
	tpa r11 = r24
	tak r14 = r24
	movl r24 = NP ;;
np:
	ld8 r25 = [r24] ;;
	movl r24 = FAR ;;
far:
	ld8 r25 = [r24] ;;
	V_RSM_DT
	PUTHEX r10
	PUTHEX r11
	PUTHEX r14
	RECORD r8, 0, F_VEC
	PUTHEX r8
	RECORD r8, 0, F_IFA
	PUTHEX r8
	RECORD r8, 0, F_ISR
	PUTHEX r8
	RECORD r8, 0, F_ITIR
	PUTHEX r8
	RECORD r8, 0, F_IHA
	PUTHEX r8
	RECORD r8, 0, F_IIP
	movl r24 = np ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 1, F_VEC
	PUTHEX r8
	RECORD r8, 1, F_IFA
	PUTHEX r8
	RECORD r8, 1, F_ISR
	PUTHEX r8
	RECORD r8, 1, F_ITIR
	PUTHEX r8
	RECORD r8, 1, F_IHA
	PUTHEX r8
	NREC 2, 1
	IVT_EXIT

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 0, 0x0000, V_SKIP
	VEC 2, 0x0800, V_SKIP
	.org ivt + 0x8000
	.endp _start
