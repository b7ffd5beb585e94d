// expect-exit: 132
// expect-stderr-contains: guest fault: illegal operation at ip=0x6000000000000000 slot 0
// hostile_jump_data: a user-mode guest that branches into its data
// segment, into bytes that are not code (a reserved template): Illegal
// Operation, SIGILL (128 + 4), no host crash.
// link: -Ttext=0x4000000000000000 -Tdata=0x6000000000000000
	.explicit
	.include "guest.inc"
	ENTRY _start
	movl r16=junk ;;
	mov b6=r16 ;;
	br.cond.sptk.few b6 ;;
	.endp _start
	.data
	.align 16
junk:
	data8 -1, -1
