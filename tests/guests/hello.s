// expect-exit: 0
// expect-stdout: hello from an IA-64 guest\n
// hello: a user-mode guest in Ski's conventions.  It writes a greeting
// with the Linux write system call (break 0x100000, r15 = 1027) and exits
// with exit_group (r15 = 1236).  It is the bundled default image.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,3,3,0
	movl r14=message ;;
}
{ .mii
	mov out0=1
	mov out1=r14
	mov out2=message_end-message ;;
}
	L_BUNDLE movl r15=1027
	BREAK_BUNDLE
{ .mii
	mov out0=0
	mov r15=1236
	nop.i 0 ;;
}
	B_BUNDLE br.call.sptk.many b0=finish
	.endp _start

	.proc finish
finish:
	BREAK_BUNDLE
	B_BUNDLE br.ret.sptk.many b0
	.endp finish

	.data
message:
	.ascii "hello from an IA-64 guest\n"
message_end:
