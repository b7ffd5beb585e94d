// link: -Ttext=0x100000
// expect-exit: 7
// expect-stdout: ski_system: hello through SSC PUTCHAR\n
// expect-state: gr[8]=0x7 gr[33]=0x0
// ski_system: Ski compatibility, system mode.  Linked at 0x100000 (region
// 0), so `run` picks system mode: the program starts at its entry in
// physical mode with PSR = 0 and an empty frame.  It calls SSC
// CONSOLE_INIT (r15 = 20), then prints its message one byte at a time
// with SSC PUTCHAR (r15 = 31, the byte in r32), and ends with SSC EXIT
// (r15 = 66, status 7 in r32), which also leaves the status in r8.  SSC
// calls are break 0x80001; their arguments are r32-r35 of the current
// frame, hence the alloc.  The message is in .text so that every
// address the program uses is a region-0 physical address.  The loop stops at the NUL after the message,
// with r33 holding that NUL.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r2=ar.pfs,0,2,0,0
	movl r14=msg ;;
}
	I_BUNDLE mov r15=20
	BREAK_BUNDLE 0x80001
loop:
{ .mii
	ld1 r33=[r14],1
	mov r15=31
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	cmp.eq p6,p7=0,r33
	mov r32=r33 ;;
}
	B_BUNDLE (p6) br.cond.dpnt.few done
	BREAK_BUNDLE 0x80001
	B_BUNDLE br.cond.sptk.few loop
done:
{ .mii
	nop.m 0
	mov r15=66
	mov r32=7 ;;
}
	BREAK_BUNDLE 0x80001
	.endp _start

	// the message lives in region 0 too, beside the code
	.align 16
msg:
	.asciz "ski_system: hello through SSC PUTCHAR\n"
