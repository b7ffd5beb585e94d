// expect-exit: 0
// expect-state: gr[8]=0xb05e gr[9]=0x0 gr[10]=0x8000000000000000 gr[11]=0x8000000000000000 ar.bsp=0x8000000000000000
// rse_deep: recursion 300 calls deep through the register stack engine.
// Every level n (300 .. 0) allocates a frame of 6 registers (1 input, 4
// locals, 1 output; sol = 5) and keeps in its locals 3n + 7 and either n
// (n even) or a NaT (n odd, made by ld8.fill with ar.unat all ones).
// 300 levels preserve 2 + 300 * 5 registers, far more than the 96
// physical stacked registers: alloc must spill (mandatory RSE stores, with
// a NaT collection every 63 registers, 24 of them) and br.ret must fill
// frames that are no longer resident (mandatory RSE loads, NaT bits back
// from the collections).  After each return a level checks its locals;
// r9 counts mismatches and r8 sums n over the levels that checked: 1 + 2 +
// ... + 300 = 45150 = 0xb05e.  Back in _start the stack is where it
// started: ar.bsp = the backing-store base 0x8000000000000000 (r10, r11
// read it before and after).  _start's own local r33 must survive too.
// The exit status is r9.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32 = ar.pfs, 0, 2, 1, 0 ;;   // r32, r33 locals, r34 = out0
	mov r10 = ar.bsp
	movl r2 = natword ;;
	mov r3 = -1 ;;
	mov ar.unat = r3                    // every ld8.fill yields a NaT
	mov r8 = 0
	mov r9 = 0
	mov r33 = 0x5a
	mov r34 = 300 ;;
	br.call.sptk.many b0 = rec ;;
	cmp.ne p6, p0 = 0x5a, r33 ;;        // _start's own local came back
(p6)	adds r9 = 1, r9
	mov ar.pfs = r32 ;;
	mov r11 = ar.bsp
	EXIT r9, i
	.endp _start

	// rec(n): r32 = n, r33 = pfs, r34 = b0, r35 = 3n + 7, r36 = n or NaT
	.proc rec
rec:
	alloc r33 = ar.pfs, 1, 4, 1, 0
	mov r34 = b0
	shladd r35 = r32, 1, r32 ;;
	adds r35 = 7, r35
	tbit.nz p6, p7 = r32, 0 ;;
(p6)	ld8.fill r36 = [r2]
(p7)	mov r36 = r32
	cmp.eq p8, p0 = 0, r32 ;;
(p8)	br.cond.dpnt done ;;
	adds r37 = -1, r32
	br.call.sptk.many b0 = rec ;;
	shladd r14 = r32, 1, r32 ;;
	adds r14 = 7, r14
	tbit.nz p6, p7 = r32, 0 ;;
	cmp.ne p10, p0 = r14, r35
(p6)	tnat.z p13, p0 = r36                // odd: must be a NaT
(p7)	tnat.nz p13, p0 = r36 ;;            // even: must not be
(p10)	adds r9 = 1, r9 ;;
(p13)	adds r9 = 1, r9
(p7)	cmp.ne.unc p14, p0 = r36, r32 ;;
(p14)	adds r9 = 1, r9
	add r8 = r8, r32
done:
	mov ar.pfs = r33
	mov b0 = r34 ;;
	br.ret.sptk.many b0 ;;
	.endp rec

	.data
	.align 8
natword:
	data8 0x1234
