// ski_wild: a user-mode guest that jumps to an address where nothing is
// mapped (0x5000000000000000), used by tests/run_cmd_test.py: the run
// must end with a "guest fault" line and exit status 139 (128 + SIGSEGV).
	.explicit
	.include "guest.inc"
	ENTRY _start
	movl r16=0x5000000000000000 ;;
	mov b6=r16 ;;
	br.cond.sptk.few b6 ;;
	.endp _start
