// expect-exit: 0
// jit_alloc_wrap: an alloc whose new frame wraps round the 96 physical
// stacked registers and needs no room, made inline by the translator
// (cpu/jit.c, emit_ool, alloc_wraps_inline), and br.ret to a frame whose
// registers must all be filled back (cpu/rse.c, return_segment).  Each
// level of rec(n) spills every dirty register (flushrs) and drops them
// (loadrs with RSC.loadrs 0, RSC.mode 0), so that the callee's alloc
// (sof 5, sol 4) always fits beside the 4 registers the call made dirty
// (SDM vol. 2, 6.5), and every return reloads the caller's 4 locals from
// the backing store (a mandatory fill, SDM vol. 2, 6.6).  Each level's
// frame starts 4 registers above its caller's, so every 24th level's
// frame wraps; 48 descents of depth D = 30 .. 77 put those levels at
// every depth; the rest of the alloc's bundle (adds, cmp4.lt imm8) then
// runs with its registers reached through the map (emit_rest_form).
// r33 (AR.PFS, written by the wrapping alloc) takes each return back,
// r32 (n, filled back) is summed, r35 must equal it.  By
// the SDM: r8 = sum over the descents of D (D + 1) / 2 = 74584 =
// 0x12358; r9 counts the leaves: 48; r11 counts the levels: sum (D + 1)
// = 2616 = 0xa38.
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
	br.call.sptk.many b0 = rec ;;
	adds r17 = 1, r17 ;;
	cmp.ge p8, p0 = 77, r17
(p8)	br.cond.sptk.many loop ;;
	CHECK r8, 0x12358, 1
	CHECK r9, 48, 2
	CHECK r11, 0xa38, 3
	EXIT r0, i
	FAIL_EXIT
	.endp _start

	// rec(n): r32 = n, r33 = pfs, r34 = b0, r35 = n, r36 = n - 1 (out0)
	.proc rec
rec:
	{ .mii
	alloc r33 = ar.pfs, 1, 3, 1, 0
	adds r36 = -1, r32                  // out0 = n - 1
	cmp4.lt p6, p7 = 0, r32 ;;          // p7 = (n == 0)
	}
	mov r34 = b0
	adds r11 = 1, r11
	mov r35 = r32
(p7)	br.cond.dpnt.few leaf ;;
	flushrs ;;
	mov ar.rsc = 0 ;;
	loadrs ;;
	br.call.sptk.many b0 = rec ;;
	add r8 = r8, r32
	mov r31 = 4
	cmp.ne p9, p0 = r32, r35 ;;
(p9)	br.cond.spnt.few fail
	mov ar.pfs = r33
	mov b0 = r34 ;;
	br.ret.sptk.many b0 ;;
leaf:
	adds r9 = 1, r9
	mov ar.pfs = r33 ;;
	br.ret.sptk.many b0 ;;
	.endp rec
