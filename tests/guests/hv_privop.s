// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 0000000000000000\n6000000000f00031\n0000000000000002\n0000000000000020\n00000000000000ef\n0000000000004230\n0000000000000001\n0000000000100b40\n0000000000000055\n0000000000000001\n0000001008020000\n0000001008022000\n0000001008020008\n0000000000000011\n0000000000000022\n00000000000005a5\n
// hv_privop: raw privileged instructions, natively at PL0 and under the
// hypervisor at CPL 2 (hv_privop_xen.s), where each raises a Privileged
// Operation (or Register) fault that the hypervisor emulates on the
// virtual state (the Xen build's ITR_I, MOV_TO_PTA, MOV_TO_IVA and
// MOV_TO_ITV stay raw); itc and itr raise Illegal Operation there (the
// real PSR.ic is 1, checked first), which the hypervisor emulates too.
// Both runs print the same:
//  1 mov cr.iva = ivt, read back (bits 14:0 ignored); cr.pta, cr.dcr,
//    cr.tpr (0x2f: bits 3:0 ignored, reads 0x20), cr.itv read back
//  2 mov rr[r] / mov r = rr[r] (rr1 = 0x4230)
//  3 itr.i and itr.d map this image's region-1 alias (1 MiB), rfi (IPSR
//    it, dt, rt) continues there: ip's region is 1 (0x2000...)
//  4 tpa of the alias gives the physical address; itc.d then ptc.l of a
//    page: tak gives its key (0x55), then 1 (none)
//  5 mov r = psr (bits 36:35 and 31:0: it, rt, dt = 0x1008020000), after
//    ssm psr.ic (0x1008022000), after rsm psr.ic and mov psr.l setting ac
//  6 bsw.1 / bsw.0 keep two r16s (0x11, 0x22)
//  7 mov ar.k5 = r (a Privileged Register fault at CPL 2), read back
	.explicit
	.include "hv.inc"

	R1 = 1 << 61

	ENTRY _start
	IVT_START
	movl r24 = ivt + 0x1234 ;;
	mov cr.iva = r24 ;;
	srlz.i ;;
	mov r8 = cr.iva ;;
	movl r24 = ivt ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	movl r24 = 0x6000000000f00031 ;;
	mov cr.pta = r24 ;;
	srlz.d ;;
	mov r8 = cr.pta ;;
	PUTHEX r8
	mov r24 = 2 ;;
	mov cr.dcr = r24 ;;
	srlz.d ;;
	mov r8 = cr.dcr ;;
	PUTHEX r8
	mov r24 = 0x2f ;;
	mov cr.tpr = r24 ;;
	srlz.d ;;
	mov r8 = cr.tpr ;;
	PUTHEX r8
	mov cr.tpr = r0 ;;
	srlz.d ;;
	mov r24 = 0xef ;;
	mov cr.itv = r24 ;;
	srlz.d ;;
	mov r8 = cr.itv ;;
	PUTHEX r8
	// 2
	movl r24 = R1
	movl r25 = 0x4230 ;;
	mov rr[r24] = r25 ;;
	srlz.d ;;
	mov r8 = rr[r24] ;;
	PUTHEX r8
	// 3
	movl r24 = 0x2000000000100000
	mov r25 = 20 << 2 ;;
	mov cr.ifa = r24
	mov cr.itir = r25 ;;
	movl r25 = 0x1007e1
	mov r26 = 1 ;;
	itr.i itr[r26] = r25 ;;
	itr.d dtr[r26] = r25 ;;
	srlz.i ;;
	movl r24 = alias + R1
	movl r25 = IC | IT | DT | RT ;;
	mov cr.iip = r24
	mov cr.ipsr = r25
	mov cr.ifs = r0 ;;
	rfi ;;
alias:
	mov r8 = ip ;;
	shr.u r8 = r8, 61 ;;
	PUTHEX r8
	// 4
	movl r24 = val + R1 ;;
	tpa r8 = r24 ;;
	PUTHEX r8
	rsm IC ;;
	srlz.d ;;
	movl r24 = 0x2000000000500000
	movl r25 = 0x5530 ;;
	mov cr.ifa = r24
	mov cr.itir = r25
	movl r26 = 0x600461 ;;
	itc.d r26 ;;
	srlz.d ;;
	tak r8 = r24 ;;
	PUTHEX r8
	mov r25 = 12 << 2 ;;
	ptc.l r24, r25 ;;
	srlz.d ;;
	tak r8 = r24 ;;
	PUTHEX r8
	// 5
	mov r8 = psr ;;
	PUTHEX r8
	ssm IC ;;
	srlz.d ;;
	mov r8 = psr ;;
	PUTHEX r8
	rsm IC ;;
	srlz.d ;;
	mov r8 = psr ;;
	movl r24 = 1 << 3 ;;                     // ac
	or r24 = r24, r8 ;;
	mov psr.l = r24 ;;
	srlz.d ;;
	mov r8 = psr ;;
	PUTHEX r8
	// 6
	bsw.1 ;;
	mov r16 = 0x11 ;;
	bsw.0 ;;
	mov r16 = 0x22 ;;
	bsw.1 ;;
	mov r8 = r16 ;;
	PUTHEX r8
	bsw.0 ;;
	mov r8 = r16 ;;
	PUTHEX r8
	// 7
	mov r24 = 0x5a5 ;;
	mov ar.k5 = r24 ;;
	mov r8 = ar.k5 ;;
	PUTHEX r8
	IVT_EXIT
	.align 8
val:	data8 0
	.align 16

	HV_IVT_COMMON
	.align 32768
ivt:
	.org ivt + 0x8000
	.endp _start
