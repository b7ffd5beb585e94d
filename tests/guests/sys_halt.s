// link: -Ttext=0x100000
// expect-exit: 139
// expect-stderr-contains: guest halted: instruction fetch at 0x7000002c00: no memory there
// sys_halt: cr.iva points at memory that does not exist; the break's
// delivery vectors there and the run ends with a "guest halted" line.
	.explicit
	.include "bundles.inc"
	ENTRY _start
	movl r8 = 0x7000000000 ;;
	mov cr.iva = r8 ;;
	break.m 1 ;;
	.endp _start
