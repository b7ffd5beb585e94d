// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 000000000000000c\n0000000000000031\n0000000000006000\n0000000000000000\n0000000000000001\n0002000000000000\n0000000000000001\n000000000000000c\n0000000000000031\n000000000000000f\n0000000000000000\n
// hv_timer: the interval timer and the interrupt controller, natively and
// under the hypervisor (hv_timer_xen.s: the virtual timer, SET_ITM, SSM_I,
// GET_IVR, EOI and the event pending byte).  cr.itv = 0x31 (a raw mov,
// emulated under the hypervisor); printed:
//  1 SET_ITM to ITC + 300 and SSM_I: the timer interrupt arrives as an
//    External Interrupt (12); the handler's IVR read gives 0x31, it writes
//    EOI; IPSR had ic and i (0x6000); the handler's PSR is 0
//  2 with PSR.i off (RSM_I) the timer fires without delivery: nothing
//    taken (1 record), IRR0 shows vector 0x31 (bit 49); under the
//    hypervisor the pending byte is set (checked, not printed); SSM_I
//    brings it in at once: the record's IIP lies between the SSM_I's
//    first bundle and the next label (1); vector 12, IVR 0x31
//  3 IVR with nothing pending: 15 (spurious); IRR0 then 0
	.explicit
	.include "hv.inc"

	ENTRY _start
	IVT_START
	mov r24 = 0x31 ;;
	mov cr.itv = r24 ;;
	srlz.d ;;
	V_RFI_TO go, IC
go:
	V_GET_ITC r8
	adds r8 = 300, r8 ;;
	V_SET_ITM
	V_SSM_I
	movl r29 = COUNT ;;
wait1:
	ld8 r28 = [r29] ;;
	cmp.eq p6, p0 = 0, r28
(p6)	br.cond.sptk wait1 ;;
	V_RSM_I
	RECORD r8, 0, F_VEC
	PUTHEX r8
	RECORD r8, 0, F_IVR
	PUTHEX r8
	RECORD r8, 0, F_IPSR
	movl r24 = IC | I ;;
	and r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 0, F_PSR
	PUTHEX r8
	// 2: masked
	V_GET_ITC r8
	adds r8 = 100, r8 ;;
	V_SET_ITM
	mov r24 = 100 ;;
wait2:
	adds r24 = -1, r24 ;;
	cmp.ne p6, p0 = 0, r24
(p6)	br.cond.sptk wait2 ;;
	movl r29 = COUNT ;;
	ld8 r8 = [r29] ;;
	PUTHEX r8
	mov r8 = cr.irr0 ;;
	PUTHEX r8
	.ifdef XEN
	movl r24 = XSI_MASK_ADDR ;;
	ld8 r24 = [r24] ;;
	adds r24 = -1, r24 ;;
	ld1 r24 = [r24] ;;
	SCHECK r24, 1, 1                         // the pending byte
	.endif
unmask:
	V_SSM_I
unmasked:
	RECORD r8, 1, F_IIP
	movl r24 = unmask
	movl r25 = unmasked ;;
	cmp.leu p6, p0 = r24, r8
	mov r9 = 0 ;;
(p6)	cmp.leu p6, p0 = r8, r25 ;;
(p6)	mov r9 = 1 ;;
	PUTHEX r9
	RECORD r8, 1, F_VEC
	PUTHEX r8
	RECORD r8, 1, F_IVR
	PUTHEX r8
	NREC 2, 2
	V_RSM_I
	V_GET_IVR
	mov r24 = r8 ;;
	PUTHEX r8
	mov r8 = cr.irr0 ;;
	PUTHEX r8
	IVT_EXIT

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 12, 0x3000, V_IVR
	.org ivt + 0x8000
	.endp _start
