// ski_mem: a user-mode guest that stores to one new 4 KiB page after
// another, used by tests/run_cmd_test.py with a small --mem: the run must
// end with a message about the guest memory limit and exit status 137
// (128 + SIGKILL, as the OOM killer would), never with a host crash.
	.explicit
	.include "guest.inc"
	ENTRY _start
	movl r16=0x6000000100000000
	mov r17=4096 ;;
again:
	st8 [r16]=r17
	add r16=r16,r17
	br.cond.sptk.few again ;;
	.endp _start
