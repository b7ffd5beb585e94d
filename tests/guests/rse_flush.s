// expect-exit: 0
// expect-state: gr[35]=0x6666 nat[32]=true nat[33]=false nat[34]=true ar.bsp=0x8000000000000000 ar.bspstore=0x8000000000000000 ar.rsc=0xc
// rse_flush: flushrs, the backing store image and its NaT collection,
// loadrs, and returns to frames that are not resident.  The backing store
// starts at B = 0x8000000000000000 (a NaT collection group boundary).
// _start keeps five locals r32-r36 = 0x1111, NaT (value 0x2222), 0x3333,
// 0x4444, 0x5555 and calls F, whose r32 is at B + 5 * 8.
// F: flushrs stores _start's locals at B .. B+0x20; BSPSTORE = BSP =
// B+0x28 and AR.RNAT{4:0} = 0b00010 (only the register at B+8 was a NaT);
// memory holds 0x1111 at B and the value 0x2222 at B+8.  F then rewrites
// the image: 0x7777 at B+0x10, NaT bit 0 set and bit 1 cleared in RNAT
// (the collection of this group is still in RNAT: its slot B+0x1f8 is
// above BSPSTORE), and loadrs with RSC.loadrs = 0 marks every register
// outside the (current) frame invalid.  br.ret must then fill _start's
// frame from memory: r32 is now a NaT, r33 = 0x2222 is not, r34 = 0x7777.
// G (a frame of size 0) flushes again, writes 0x6666 at B+0x18 and sets
// RNAT bit 2, invalidates with loadrs (loadrs = 0), then loadrs with
// RSC.loadrs = 0x28 loads [B, B+0x28) as dirty registers: BSPSTORE = B,
// BSP = B+0x28; the return pops them: r35 = 0x6666, r34 is a NaT.  Each
// check that fails exits with its step number.  "mov ar.rsc = 0" at PL 3
// leaves RSC.pl = 3 (no promotion): ar.rsc = 0xc.
	.explicit
	.include "check.inc"

	.macro CHECKNAT reg, nat, step
	mov r31 = \step ;;
	tnat.nz p14, p15 = \reg ;;
	.if \nat
(p15)	br.cond.spnt fail ;;
	.else
(p14)	br.cond.spnt fail ;;
	.endif
	.endm

	ENTRY _start
	alloc r2 = ar.pfs, 0, 5, 1, 0 ;;
	movl r3 = natword
	mov r4 = -1 ;;
	mov ar.unat = r4 ;;
	mov r32 = 0x1111
	ld8.fill r33 = [r3]
	mov r34 = 0x3333
	mov r35 = 0x4444
	mov r36 = 0x5555
	mov r37 = 0x77 ;;
	br.call.sptk.many b0 = F ;;
	CHECKNAT r32, 1, 10
	CHECKNAT r33, 0, 11
	CHECK r33, 0x2222, 12
	CHECK r34, 0x7777, 13
	CHECK r35, 0x4444, 14
	CHECK r36, 0x5555, 15
	mov r25 = ar.bsp ;;
	CHECK r25, 0x8000000000000000, 16
	br.call.sptk.many b0 = G ;;
	CHECKNAT r34, 1, 30
	CHECK r35, 0x6666, 31
	CHECKNAT r32, 1, 32
	CHECK r36, 0x5555, 33
	CHECK r33, 0x2222, 34
	CHECKNAT r33, 0, 35
	EXIT 0, i				// out0 = r37
	FAIL_EXIT newframe=1
	.endp _start

	// F(x): r32 = x, r33 = pfs, r34 = b0
	.proc F
F:
	alloc r33 = ar.pfs, 1, 2, 0, 0
	mov r34 = b0 ;;
	flushrs ;;
	mov ar.rsc = 0 ;;
	mov r20 = ar.bspstore
	mov r21 = ar.bsp
	mov r22 = ar.rnat ;;
	CHECK r20, 0x8000000000000028, 1
	CHECK r21, 0x8000000000000028, 2
	and r22 = 0x1f, r22 ;;
	CHECK r22, 2, 3
	movl r23 = 0x8000000000000000 ;;
	ld8 r24 = [r23], 8 ;;
	CHECK r24, 0x1111, 4
	ld8 r24 = [r23], 8 ;;
	CHECK r24, 0x2222, 5
	mov r24 = 0x7777 ;;
	st8 [r23] = r24
	mov r22 = ar.rnat ;;
	and r22 = -4, r22 ;;
	or r22 = 1, r22 ;;
	mov ar.rnat = r22 ;;
	loadrs ;;
	mov ar.pfs = r33
	mov b0 = r34 ;;
	br.ret.sptk.many b0 ;;
	.endp F

	// G(): a frame of size 0; pfs in r5
	.proc G
G:
	alloc r5 = ar.pfs, 0, 0, 0, 0 ;;
	flushrs ;;
	mov ar.rsc = 0 ;;
	mov r20 = ar.bsp ;;
	CHECK r20, 0x8000000000000028, 20
	movl r23 = 0x8000000000000018
	mov r24 = 0x6666 ;;
	st8 [r23] = r24
	mov r22 = ar.rnat ;;
	or r22 = 4, r22 ;;
	mov ar.rnat = r22 ;;
	loadrs ;;
	movl r24 = 0x28 << 16 ;;
	mov ar.rsc = r24 ;;
	loadrs ;;
	mov r20 = ar.bspstore
	mov r21 = ar.bsp ;;
	CHECK r20, 0x8000000000000000, 21
	CHECK r21, 0x8000000000000028, 22
	mov ar.rsc = 0
	mov ar.pfs = r5 ;;
	br.ret.sptk.many b0 ;;
	.endp G

	.data
	.align 8
natword:
	data8 0x2222
