// expect-exit: 42
// expect-stdout:
// mm_exit: the exit status comes out of multimedia arithmetic.  psad1 of
// 0x2a00 and 0 is 42 (one byte differs by 0x2a); pshl4 by 1 doubles each
// word (84); pshr4.u by a register count of 1 halves it again (42);
// pmax1.u against 0 keeps every byte.  exit_group(42).
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,2,1,0
	movl r20=0x2a00 ;;
}
{ .mii
	mov r21=1
	psad1 r16=r20,r0
	nop.i 0 ;;
}
	I_BUNDLE pshl4 r17=r16,1
	I_BUNDLE pshr4.u r18=r17,r21
	I_BUNDLE pmax1.u r19=r18,r0
{ .mii
	mov out0=r19
	mov r15=1236
	nop.i 0 ;;
}
	BREAK_BUNDLE
	.endp _start
