// link: -Ttext=0x100000
// expect-exit: 0
// sys_fp: floating-point faults and traps through the guest's IVT (issues
// 4 and 9).  FPSR is Linux's default (sf0: 64-bit precision, round to
// nearest) with the zero-divide trap enabled (traps.zd = 0): frcpa of 1/0
// in slot 1 takes a Floating-point Fault (vector 32, 0x5c00) before
// writing anything, ISR.code = z (4), ei = 1, IIP = the bundle.  Then with
// only the inexact trap enabled (traps.id = 0), fadd 1 + 2^-100 rounds to
// 1.0, writes it, and takes a Floating-point Trap (vector 33, 0x5d00) with
// ISR.code = i (bit 13), fpa 0 (rounded toward zero in magnitude), ei = 1,
// and IIP/IPSR.ri at the next instruction, slot 2 of the same bundle: a
// trap follows its instruction (SDM vol. 2, 5.5; the ISR layouts of the
// two vectors).
	.explicit
	.include "ivt.inc"

	FPSR_LINUX = 0x0009804c0270033f

	ENTRY _start
	IVT_START
	ssm IC ;;
	srlz.d ;;
	movl r9 = FPSR_LINUX & ~(1 << 2) ;;      // zd enabled
	mov ar.fpsr = r9 ;;
	mov f8 = f0 ;;
fz:
{ .mfi
	nop.m 0
	frcpa.s0 f8, p6 = f1, f0
	nop.i 0 ;;
}
	NREC 1, 1
	RECORD r8, 0, F_VEC
	SCHECK r8, 32, 2
	RECORD r8, 0, F_ISR
	SCHECK r8, 4 | (1 << 41), 3
	RECORD r8, 0, F_IIP
	SCHECK r8, fz, 4
	getf.exp r8 = f8 ;;                      // not written: still +0
	SCHECK r8, 0, 5

	movl r9 = FPSR_LINUX & ~(1 << 5) ;;      // id enabled
	mov ar.fpsr = r9
	movl r10 = 0xffff - 100 ;;
	setf.exp f10 = r10 ;;                    // 2^-100
fi:
{ .mfi
	nop.m 0
	fadd.s0 f8 = f1, f10
	nop.i 0 ;;
}
	NREC 2, 6
	RECORD r8, 1, F_VEC
	SCHECK r8, 33, 7
	RECORD r8, 1, F_ISR
	SCHECK r8, (1 << 13) | (1 << 41), 8
	RECORD r8, 1, F_IIP
	SCHECK r8, fi, 9
	RECORD r8, 1, F_IPSR
	extr.u r8 = r8, 41, 2 ;;                 // ri
	SCHECK r8, 2, 12
	getf.sig r8 = f8 ;;                      // written: 1.0
	SCHECK r8, 0x8000000000000000, 10
	getf.exp r8 = f8 ;;
	SCHECK r8, 0xffff, 11
	IVT_EXIT
	IVT_COMMON
	.endp _start

	.align 32768
ivt:
	VEC 32, 0x5c00, V_SKIP
	VEC 33, 0x5d00, 0
	.org ivt + 0x8000
