// ski_loop: a user-mode guest that never ends, used by
// tests/run_cmd_test.py: `run --max-insns=N` must stop it after N
// instructions with exit status 124.  Each bundle executes 3 slots.
	.explicit
	.include "guest.inc"
	ENTRY _start
	mov r16=0 ;;
forever:
	adds r16=1,r16
	nop.i 0
	br.cond.sptk.few forever ;;
	.endp _start
