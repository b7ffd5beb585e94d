// link: -Ttext=0x100000
// ski_badssc: a system-mode guest that makes an SSC call ia64emu does not
// know (r15 = 99), used by tests/run_cmd_test.py: the run must end with a
// message naming the call and exit status 125.
	.explicit
	.include "guest.inc"
	ENTRY _start
	SSC 99
	.endp _start
