// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 0000000000000004\n0000000000000000\n0000001008022000\n0000000400000000\n0000000000000000\n2000000000800008\n0000000000004230\nfffffffffffffff0\n0000001008020000\n000000000000feed\n0000000000000017\n0000000000000000\n0000001308022000\n0000000400000000\n2000000000800008\nfffffffffffffff0\n0000000000000000\n000000000000000b\n0000000000000000\n0000001308022000\n0000000000000000\n0000000000100000\nfffffffffffffff0\n0000001008020000\n
// hv_reflect: boot, translation and reflection, natively and under the
// hypervisor (hv_reflect_xen.s: at CPL 2, metaphysical mode first).  The
// kernel sets rr1 (rid 0x42, 4 KiB, walker off) with SET_RR, maps this
// image at its region-1 alias (1 MiB) with ITR_D and ITC_I (RWX, PL3),
// points its IVA there and enters virtual mode with RFI (ic, dt, rt, it).
// Records as ivt.inc's, printed: vector, IIP (less the faulting
// instruction's address: 0), IPSR, ISR, IFS, IFA, ITIR, IIPA (less the same:
// -16, the bundle before, whose movl completed last: SDM vol. 2, 3.3.5.6), the
// handler's PSR, IIM (break):
//  1 a kernel load from an unmapped page of region 1: Alternate Data TLB
//    (4) with IFA, ISR.r (ei 0), ITIR = rr1 (0x4230); the handler maps
//    the page to MAP_PA with ITC_D and retries, the load reads MAP_PA's
//    quad (0xfeed).  The handler runs with ic, i off, PL0, translation
//    as it was (SDM vol. 2, 5.5).
//  2 RFI to a user task at CPL 3: its load of that PL0 page is a Data
//    Access Rights fault (23) whose IPSR shows cpl 3 (0x0000001308022000:
//    it, cpl 3, rt, dt, ic), and
//  3 its break 0x100000 (the Linux syscall break, the guest's own) is a
//    Break Instruction fault (11) with IIM 0x100000, ei 0 -- both
//    reflected into the virtual IVT under the hypervisor, whose RFI
//    returns; the handler returns from the break to PL0.
	.explicit
	.include "hv.inc"

	R1 = 1 << 61
	MISSK = 0x2000000000800008

	ENTRY _start
	IVT_START
	movl r8 = ivt + R1 ;;
	mov cr.iva = r8 ;;
	movl r24 = MAP_PA + 8
	movl r25 = 0xfeed ;;
	st8 [r24] = r25
	movl r8 = R1
	movl r9 = 0x4230 ;;
	V_SET_RR
	movl r24 = 0x2000000000100000
	mov r25 = 20 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 0
	movl r9 = 0x1007e1 ;;                    // p, a, d, pl 3, ar 3 (RWX)
	V_ITR_D
	movl r8 = 0x1007e1 ;;
	V_ITC_I
	V_RFI_TO kmain + R1, IC | DT | RT | IT
kmain:
	movl r24 = MISSK ;;
kmiss:
	ld8 r28 = [r24] ;;
	mov r10 = r28
	V_RFI_TO user + R1, IC | DT | RT | IT | (3 << 32)
kback:
	V_RSM_DT
	RECORD r8, 0, F_VEC
	PUTHEX r8
	RECORD r8, 0, F_IIP
	movl r24 = kmiss + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 0, F_IPSR
	PUTHEX r8
	RECORD r8, 0, F_ISR
	PUTHEX r8
	RECORD r8, 0, F_IFS
	PUTHEX r8
	RECORD r8, 0, F_IFA
	PUTHEX r8
	RECORD r8, 0, F_ITIR
	PUTHEX r8
	RECORD r8, 0, F_IIPA
	movl r24 = kmiss + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 0, F_PSR
	PUTHEX r8
	PUTHEX r10
	RECORD r8, 1, F_VEC
	PUTHEX r8
	RECORD r8, 1, F_IIP
	movl r24 = umiss + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 1, F_IPSR
	PUTHEX r8
	RECORD r8, 1, F_ISR
	PUTHEX r8
	RECORD r8, 1, F_IFA
	PUTHEX r8
	RECORD r8, 1, F_IIPA
	movl r24 = umiss + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 1, F_IFS
	PUTHEX r8
	RECORD r8, 2, F_VEC
	PUTHEX r8
	RECORD r8, 2, F_IIP
	movl r24 = ubrk + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 2, F_IPSR
	PUTHEX r8
	RECORD r8, 2, F_ISR
	PUTHEX r8
	RECORD r8, 2, F_IIM
	PUTHEX r8
	RECORD r8, 2, F_IIPA
	movl r24 = ubrk + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, 2, F_PSR
	PUTHEX r8
	NREC 3, 1
	IVT_EXIT

	// the user task (CPL 3)
	.align 16
user:
	movl r24 = MISSK ;;
umiss:
	ld8 r28 = [r24] ;;
ubrk:
	break.m 0x100000 ;;
	br.sptk.many kback ;;                    // IP-relative: stays in the alias

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 4, 0x1000, V_MAP
	VEC 11, 0x2c00, V_SKIP | V_PL0
	VEC 23, 0x5300, V_SKIP
	.org ivt + 0x8000
	.endp _start
