// link: -Ttext=0x100000
// run: --max-insns=100000
// expect-exit: 139
// expect-stderr-contains: guest halted: 16 interruptions in a row without an instruction retiring (last: Break Instruction
// sys_loop: the IVT's Break entry faults at once (it breaks again): no
// instruction ever retires, and the run ends with a "guest halted" line.
	.explicit
	.include "bundles.inc"
	ENTRY _start
	movl r8 = ivt ;;
	mov cr.iva = r8 ;;
	break.m 1 ;;
	.endp _start
	.align 32768
ivt:
	.org ivt + 0x2c00
	break.m 2 ;;
	.org ivt + 0x8000
