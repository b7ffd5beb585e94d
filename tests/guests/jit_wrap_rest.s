// expect-exit: 0
// jit_wrap_rest: the rest of a bundle after an alloc whose new frame wraps
// round the 96 physical stacked registers (cpu/jit.c, emit_rest).  rec(n)
// begins with { .mib alloc (sof 5, sol 4); (p6) add r8 = r8, r10;
// (p7) br.cond leaf }, the caller setting r10 = n, p6 = n odd and
// p7 = (n == 0).  Each level's frame starts 4 registers above its
// caller's, so every 24th level has bof in 92..95 and its frame wraps; 48
// descents of depth D = 30 .. 77 put the wrapping levels at n of either
// parity (slot 1 guarded off and on) and, for two D, at the leaf (slot 2
// a taken branch: not OP_NEXT).  rec's entry runs 2,616 times, far past
// JIT_HOT.  By the SDM: r8 = the sum over the descents of the odd n <= D,
// sum (ceil(D/2))^2 = 15^2 + 16^2 + 16^2 + ... + 38^2 + 39^2 = 37304 =
// 0x91b8; r9 counts the leaves: 48; r11 counts the levels: sum (D + 1) =
// 2616 = 0xa38.
	.explicit
	.include "check.inc"
	ENTRY _start
	alloc r16 = ar.pfs, 0, 2, 1, 0 ;;
	mov r8 = 0
	mov r9 = 0
	mov r11 = 0
	mov r17 = 30 ;;                     // D
loop:
	mov r34 = r17
	mov r10 = r17
	tbit.nz p6, p0 = r17, 0
	cmp.eq p7, p0 = 0, r17 ;;
	br.call.sptk.many b0 = rec ;;
	adds r17 = 1, r17 ;;
	cmp.ge p8, p0 = 77, r17
(p8)	br.cond.sptk.many loop ;;
	CHECK r8, 0x91b8, 1
	CHECK r9, 48, 2
	CHECK r11, 0xa38, 3
	EXIT r0, i
	FAIL_EXIT
	.endp _start

	// rec(n): r32 = n, r33 = pfs, r34 = b0, r35 (unused), r36 = n - 1 (out0)
	.proc rec
rec:
	{ .mib
	alloc r33 = ar.pfs, 1, 3, 1, 0
(p6)	add r8 = r8, r10
(p7)	br.cond.dpnt.few leaf ;;
	}
	mov r34 = b0
	adds r11 = 1, r11
	adds r36 = -1, r32 ;;
	mov r10 = r36
	tbit.nz p6, p0 = r36, 0
	cmp.eq p7, p0 = 0, r36
	br.call.sptk.many b0 = rec ;;
	mov ar.pfs = r33
	mov b0 = r34 ;;
	br.ret.sptk.many b0 ;;
leaf:
	adds r11 = 1, r11
	adds r9 = 1, r9
	mov ar.pfs = r33 ;;
	br.ret.sptk.many b0 ;;
	.endp rec
