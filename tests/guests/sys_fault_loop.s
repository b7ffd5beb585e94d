// link: -Ttext=0x100000
// run: --max-insns=5000
// expect-exit: 124
// expect-stderr-contains: stopped after 5000 instructions (--max-insns)
// sys_fault_loop: the IVT's Break entry returns with rfi to the faulting
// break, which faults again, for ever.  The rfi retires every time, so the
// run is no stall (sys_loop); --max-insns ends it, exit status 124.
	.explicit
	.include "bundles.inc"
	ENTRY _start
	movl r8 = ivt ;;
	mov cr.iva = r8 ;;
	ssm 0x2000 ;;                // PSR.ic: IIP and IPSR are collected
	srlz.d ;;
	break.m 1 ;;
	.endp _start
	.align 32768
ivt:
	.org ivt + 0x2c00
	rfi ;;
	.org ivt + 0x8000
