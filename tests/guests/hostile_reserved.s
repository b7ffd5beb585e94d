// expect-exit: 132
// expect-stderr-contains: guest fault: illegal operation at ip=0x4000000000000010 slot 0
// hostile_reserved: a user-mode guest that runs a bundle with a reserved
// template (0x1f): Illegal Operation (SDM vol. 3, 3.3), and with no
// handler the run ends as SIGILL, 128 + 4.
	.explicit
	.include "guest.inc"
	ENTRY _start
	nop.m 0 ;;
	.endp _start
	data8 0x000000000000001f, 0
