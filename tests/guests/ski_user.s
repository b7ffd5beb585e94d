// expect-exit: 3
// expect-stdout: ski_user: hello, stdout\n
// ski_user: Ski compatibility, user mode.  Linked at 0x4000000000000000
// (region 2), so `run` picks user mode as Ski does.  It writes one line
// with write(1, msg, len) (break 0x100000, r15 = 1027, arguments in
// out0-out2) and exits with exit(3) (r15 = 1025).  write returns the
// byte count in r8 with r10 = 0.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,3,0
	movl r14=msg ;;
}
{ .mii
	mov out0=1
	mov out1=r14
	mov out2=msg_end-msg ;;
}
	L_BUNDLE movl r15=1027
	I_BUNDLE break.i 0x100000
{ .mii
	mov out0=3
	mov r15=1025
	nop.i 0 ;;
}
	BREAK_BUNDLE
	.endp _start

	.data
msg:
	.ascii "ski_user: hello, stdout\n"
msg_end:
