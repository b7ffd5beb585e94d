// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 0000000000000ea4\n0000000000000008\n
// trap_ret_fill: a br.ret whose mandatory RSE fill misses the TLB.  The
// callee spills its caller's frame (flushrs), drops it from the register
// file (loadrs with RSC.loadrs = 0) and purges the TC (ptc.e), so the
// return's mandatory fill of the caller's eight locals must translate the
// backing store again.  Natively at PL0 that is all; deprivileged
// (`run --mode=trap`, hv/vmem.c) the fill misses the hypervisor's real
// TC after the return completed: a trap-like fault at the return's
// target with the frame incomplete, which the hypervisor satisfies and
// whose fills it must then finish (as the guest's rfi would natively),
// the instruction count unchanged.  The same run with a trace (where the
// hypervisor takes every miss through its dispatch, not at the
// reference) must end in the same state (tests/trap_test.py fills).
// Prints the sum of the locals (8 x 0x1d1 + 0x1c = 0xea4), then 8 when
// BSP = BSPSTORE after the return (the eight fills made).
	.explicit
	.include "hv.inc"

	ENTRY _start
	alloc r2 = ar.pfs, 0, 8, 0, 0
	mov r32 = 0x1d1
	mov r33 = 0x1d2
	mov r34 = 0x1d3
	mov r35 = 0x1d4
	mov r36 = 0x1d5
	mov r37 = 0x1d6
	mov r38 = 0x1d7
	mov r39 = 0x1d8 ;;
	br.call.sptk.many b0 = callee ;;
	add r8 = r32, r33
	add r9 = r34, r35
	add r10 = r36, r37
	add r11 = r38, r39 ;;
	add r8 = r8, r9
	add r10 = r10, r11 ;;
	add r8 = r8, r10 ;;
	PUTHEX r8
	mov r9 = ar.bsp ;;                // every local is back in registers:
	mov r10 = ar.bspstore ;;
	sub r9 = r9, r10 ;;
	cmp.eq p6, p7 = 0, r9 ;;          // BSP - BSPSTORE = 0 dirty bytes after the fills
(p6)	mov r8 = 8
(p7)	mov r8 = 0 ;;
	PUTHEX r8
	SSC_EXIT 0
	.endp _start

	.proc callee
callee:
	alloc r3 = ar.pfs, 0, 2, 0, 0 ;;
	flushrs ;;                        // the caller's frame goes to the backing store,
	mov ar.rsc = 0 ;;                 // (enforced lazy, loadrs field 0)
	loadrs ;;                         // leaves the register file (invalid, not clean)
	mov r9 = r0 ;;
	ptc.e r9 ;;                       // and no translation is left for it
	srlz.d ;;
	mov ar.pfs = r3 ;;
	br.ret.sptk.many b0 ;;
	.endp callee
