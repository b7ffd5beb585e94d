// expect-exit: 0
// expect-state: cfm=0x1 ar.bsp=0x8000000000000030 ar.bspstore=0x8000000000000030 gr[9]=0xc000000000000206 gr[10]=0x8000000000000000 gr[11]=0x8000000000000030 ar.ec=0x3f ar.lc=0x4d ar.rsc=0xc
// rse_calls: indirect calls (br.call b0=b6, B5), long calls and branches
// (brl.call, brl: X4, X3), the PFS a call saves, application-register
// moves, and cover.  _start's frame: sof 6, sol 4 (CFM 0x206), r32 at the
// backing-store base B = 0x8000000000000000, at PL 3 with EC 0, so every
// call saves PFS = 0x206 | 0 << 52 | 3 << 62 = 0xc000000000000206 (add2
// returns it in r9).  ar.lc = 77 = 0x4d; ar.ec = -1 keeps 6 bits: 0x3f;
// "mov ar.rsc = 0" at PL 3 gives RSC.pl = 3: 0xc.  cover adds the 6
// registers of the frame to the dirty partition: ar.bsp goes from B (r10)
// to B + 0x30 (r11); flushrs stores them (BSPSTORE = B + 0x30, no NaT
// collection in between), so memory at B + 0x18 holds r35 = 0x35 and at
// B + 0x28 the last output r37 = 23.  The exit path allocates a frame of
// one output: CFM = 0x1.  A failed check exits with its step number.
	.explicit
	.include "check.inc"

	ENTRY _start
	alloc r2 = ar.pfs, 0, 4, 2, 0 ;;
	mov r32 = 0x32
	mov r33 = 0x33
	mov r34 = 0x34
	mov r35 = 0x35
	movl r3 = add2 ;;
	mov b6 = r3
	mov r36 = 40
	mov r37 = 2 ;;
	br.call.sptk.many b0 = b6 ;;
	CHECK r8, 42, 1
	CHECK r9, 0xc000000000000206, 2
	CHECK r35, 0x35, 3
	mov r36 = 100
	mov r37 = 23 ;;
	brl.call.sptk.many b0 = add2 ;;
	CHECK r8, 123, 4
	brl.sptk.few over ;;
	mov r31 = 5 ;;
	br.cond.sptk.few fail ;;
over:
	mov ar.lc = 77 ;;
	mov r4 = ar.lc ;;
	CHECK r4, 77, 6
	mov r3 = -1 ;;
	mov ar.ec = r3 ;;
	mov r4 = ar.ec ;;
	CHECK r4, 63, 7
	movl r3 = 0x123456789abcdef0 ;;
	mov ar.ccv = r3 ;;
	mov r4 = ar.ccv ;;
	CHECK r4, 0x123456789abcdef0, 8
	mov ar.rsc = 0 ;;
	mov r4 = ar.rsc ;;
	CHECK r4, 0xc, 9
	mov r10 = ar.bsp ;;
	cover ;;
	mov r11 = ar.bsp ;;
	flushrs ;;
	mov r12 = ar.bspstore ;;
	CHECK r11, 0x8000000000000030, 10
	CHECK r12, 0x8000000000000030, 11
	movl r13 = 0x8000000000000018 ;;
	ld8 r14 = [r13], 0x10 ;;
	CHECK r14, 0x35, 12
	ld8 r14 = [r13] ;;
	CHECK r14, 23, 13
	mov r31 = 0				// all passed: on into fail, exit 0
	FAIL_EXIT newframe=1
	.endp _start

	// add2(a, b): r8 = a + b, r9 = the PFS the call saved
	.proc add2
add2:
	alloc r34 = ar.pfs, 2, 1, 0, 0 ;;
	add r8 = r32, r33
	mov r9 = r34
	mov ar.pfs = r34 ;;
	br.ret.sptk.many b0 ;;
	.endp add2
