// expect-exit: 0
// expect-state: gr[8]=0x67 gr[9]=0x4 gr[10]=0x7
// exec_smc: self-modifying code.  One call site runs a two-bundle
// function four times.  After two passes, when the run loop has
// predecoded the bundles and linked each to its successor (the call site
// to the function, its first bundle to its second), the guest patches
// the second bundle, reached by falling through from the first: it now
// also sets r10 = 7.  After the third pass it patches the first, reached
// by the call: its add of 1 to r8 becomes an add of 100.  Each new code
// must run at once: stores to a page holding predecoded bundles drop
// them, and no link between cached bundles bypasses that.  So r8 = 1 + 1
// + 1 + 100 = 0x67 and r10 = 7.  Bundles are copied whole from templates
// (two st8 each), followed by the serialising sequence the SDM asks for
// (fc, sync.i, srlz.i) although ia64emu needs none of it.
	.explicit
	.include "check.inc"

	ENTRY _start
	alloc r16 = ar.pfs, 0, 0, 1, 0
	mov r8 = 0
	mov r9 = 0
	mov r10 = 0 ;;
again:
	cmp.eq p6, p0 = 2, r9
	cmp.eq p7, p0 = 3, r9 ;;
(p6)	br.call.sptk.many b1 = patch_tail
(p7)	br.call.sptk.many b1 = patch_body ;;
	br.call.sptk.many b0 = body ;;
	adds r9 = 1, r9 ;;
	cmp.eq p8, p0 = 4, r9
(p8)	br.cond.sptk.few done ;;
	br.cond.sptk.few again ;;
done:
	CHECK r8, 0x67, 1
	CHECK r10, 7, 2
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
	fc r2 ;;
	sync.i ;;
	srlz.i ;;
	.endm

	.proc patch_tail
patch_tail:
	COPY_BUNDLE tail, tail7
	br.ret.sptk.many b1 ;;
	.endp patch_tail

	.proc patch_body
patch_body:
	COPY_BUNDLE body, add100
	br.ret.sptk.many b1 ;;
	.endp patch_body

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
