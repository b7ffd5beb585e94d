// expect-exit: 0
// expect-state: gr[8]=0x3afc gr[10]=0x7
// exec_smc_hot: self-modifying code that has become hot.  A loop calls a
// two-bundle function 250 times: long enough for the run loop to hand
// the loop and its callee to the translator (docs/jit.md, JIT_HOT).
// - Pass 100 rewrites the callee's first bundle (adds r8 = 1 becomes
//   adds r8 = 100) and makes the SDM's flush sequence (fc, sync.i,
//   srlz.i: vol. 2, "Self-Modifying Code"): every later pass must run the
//   new code, so r8 = 100 * 1 + 150 * 100 = 0x3afc.
// - Pass 200 rewrites the second bundle (a nop becomes mov r10 = 7) with
//   plain stores and no flush: until a flush the SDM lets a fetch see the
//   old bundle or the new one, so each of the next passes must leave r10
//   0 or 7 (it is cleared before each call), nothing else.  After the
//   last pass the flush sequence is made and one more call must set r10
//   to 7.
	.explicit
	.include "check.inc"

	ENTRY _start
	alloc r16 = ar.pfs, 0, 0, 1, 0
	mov r8 = 0
	mov r9 = 0
	mov r10 = 0
	mov r11 = 0
	mov r14 = 100
	mov r15 = 200
	mov r17 = 250 ;;
again:
	cmp.eq p6, p0 = r14, r9
	cmp.eq p7, p0 = r15, r9 ;;
(p6)	br.call.sptk.many b1 = patch_body
(p7)	br.call.sptk.many b1 = patch_tail ;;
	mov r10 = 0
	br.call.sptk.many b0 = body ;;
	// r10: 0 (the old tail) or 7 (the new), and 0 before pass 200
	cmp.ne p8, p0 = 0, r10
	cmp.gtu p9, p0 = r15, r9 ;;
(p8)	cmp.ne.unc p10, p0 = 7, r10
(p9)	mov r11 = r10 ;;
	mov r31 = 1
(p10)	br.cond.spnt fail ;;
	CHECK r11, 0, 2
	adds r9 = 1, r9 ;;
	cmp.eq p11, p0 = r17, r9
(p11)	br.cond.sptk.few done ;;
	br.cond.sptk.few again ;;
done:
	CHECK r8, 0x3afc, 3
	// the flush sequence for the tail, then the new code must run
	movl r2 = tail ;;
	fc r2 ;;
	sync.i ;;
	srlz.i ;;
	mov r10 = 0
	adds r8 = -100, r8
	br.call.sptk.many b0 = body ;;
	CHECK r10, 7, 4
	CHECK r8, 0x3afc, 5
	EXIT 0
	FAIL_EXIT
	.endp _start

	// COPY_BUNDLE dst, src: the 16 bytes at src to dst (r2-r5)
	.macro COPY_BUNDLE dst, src
	movl r2 = \dst
	movl r3 = \src ;;
	ld8 r4 = [r3], 8 ;;
	ld8 r5 = [r3] ;;
	st8 [r2] = r4, 8 ;;
	st8 [r2] = r5 ;;
	.endm

	.proc patch_body
patch_body:
	COPY_BUNDLE body, add100
	fc r2 ;;
	sync.i ;;
	srlz.i ;;
	br.ret.sptk.many b1 ;;
	.endp patch_body

	// (no flush: the SDM lets either bundle run until one)
	.proc patch_tail
patch_tail:
	COPY_BUNDLE tail, tail7
	br.ret.sptk.many b1 ;;
	.endp patch_tail

	.align 16
	.proc body
body:
{ .mii
	nop.m 0
	adds r8 = 1, r8
	nop.i 0 ;;
}
tail:
{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0 ;;
}
	.endp body

	// templates, never run where they are
	.align 16
add100:
{ .mii
	nop.m 0
	adds r8 = 100, r8
	nop.i 0 ;;
}
tail7:
{ .mib
	nop.m 0
	mov r10 = 7
	br.ret.sptk.many b0 ;;
}
