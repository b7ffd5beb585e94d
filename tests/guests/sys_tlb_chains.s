// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_chains: the data TLB keeps finding what it holds, and only that,
// while its entries come and go (SDM rev. 2.3 vol. 2, 4.1.1.2 and 4.1.5:
// the walker inserts what it finds; ptc.l removes just the translations it
// overlaps; the cache's size and round-robin replacement: docs/system.md,
// "Address translation").  The pages are chosen so that their entries
// share buckets of the emulator's hash index of the TLB (cpu/tlb.h): an
// entry displaced or purged is often not the first of its bucket.
// rr1 = 0x4231 (rid 0x42, 4 KiB pages, walker on), PTA = 0x10003d (base
// 0x100000, 2^15 bytes, short format); the table, VA 0x2000000000100000,
// is in dtr1 (64 KiB at PA 0x300000).  Page 0x200 + 13 i of region 1
// (i < 240) maps to PA 0x400000 + 0x1000 i, which holds i + 1.
// - A: a load of each page in order, each walked and inserted (from the
//   129th on displacing round robin): i + 1 each;
// - B: ptc.l of every third page of the last 128 (i = 112, 115, ... 238:
//   43 purges), the table's entries made not present, and a load of each
//   of the last 128 pages: those purged take a Data TLB fault (vector 2,
//   IFA the page), the other 85 give i + 1 from the cache.
	.explicit
	.include "ivt.inc"

	TABLE = 0x2000000000100000
	PAGE0 = 0x2000000000200000               // page 0x200 of region 1: i = 0
	STRIDE = 13 * 0x1000
	NPAGES = 240
	FIRST = 112                              // the first of the last 128

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	srlz.d ;;
	movl r24 = 0x301000                      // page 0x200's table entry
	movl r25 = 0x400461                      // its pte: PA 0x400000, p a d, RW at PL0
	movl r26 = 0x400000
	mov r27 = 1
	mov r14 = NPAGES ;;
fill:
	st8 [r24] = r25, 13 * 8
	st8 [r26] = r27
	adds r25 = 0x1000, r25
	adds r26 = 0x1000, r26
	adds r27 = 1, r27
	adds r14 = -1, r14 ;;
	cmp.ne p8, p0 = 0, r14
(p8)	br.cond.sptk.few fill ;;
	ITR_D 1, TABLE, 16 << 2, 0x300461

	// A: every page, walked
	PSR_RFI IC | DT
	movl r14 = STRIDE
	movl r24 = PAGE0
	mov r25 = NPAGES
	mov r26 = 1                              // i + 1
	mov r34 = 0 ;;                           // wrong values
a_loop:
	ld8 r27 = [r24] ;;
	cmp.ne p8, p0 = r27, r26 ;;
(p8)	adds r34 = 1, r34
	add r24 = r24, r14
	adds r26 = 1, r26
	adds r25 = -1, r25 ;;
	cmp.ne p8, p0 = 0, r25
(p8)	br.cond.sptk.few a_loop ;;

	// B: the purges, the table emptied, the loads
	movl r24 = PAGE0 + FIRST * STRIDE
	movl r15 = 3 * STRIDE
	mov r9 = 12 << 2
	mov r25 = 43 ;;
b_purge:
	ptc.l r24, r9 ;;
	add r24 = r24, r15
	adds r25 = -1, r25 ;;
	cmp.ne p8, p0 = 0, r25
(p8)	br.cond.sptk.few b_purge ;;
	srlz.d ;;
	rsm DT ;;
	srlz.d ;;
	movl r24 = 0x301000
	mov r25 = NPAGES ;;
b_clear:
	st8 [r24] = r0, 13 * 8
	adds r25 = -1, r25 ;;
	cmp.ne p8, p0 = 0, r25
(p8)	br.cond.sptk.few b_clear ;;
	ssm DT ;;
	srlz.d ;;
	movl r24 = PAGE0 + FIRST * STRIDE
	mov r25 = 128
	mov r26 = FIRST + 1                      // i + 1
	mov r35 = 0                              // 0: a purged page
	mov r32 = 0                              // loads that gave i + 1
	mov r33 = 0 ;;                           // loads that gave what they should not
b_loop:
	mov r27 = 0 ;;
	M_BUNDLE ld8 r27 = [r24]                 // purged: Data TLB fault, skipped
	cmp.eq p10, p11 = 0, r35 ;;
(p10)	mov r15 = 0
(p11)	mov r15 = r26
(p10)	mov r35 = 2
(p11)	adds r35 = -1, r35 ;;
	cmp.ne p8, p0 = r27, r15
	cmp.eq p9, p0 = r27, r26 ;;
(p8)	adds r33 = 1, r33
(p9)	adds r32 = 1, r32
	add r24 = r24, r14
	adds r26 = 1, r26
	adds r25 = -1, r25 ;;
	cmp.ne p8, p0 = 0, r25
(p8)	br.cond.sptk.few b_loop ;;
	rsm DT ;;
	srlz.d ;;
	SCHECK r34, 0, 1
	SCHECK r33, 0, 2
	SCHECK r32, 85, 3
	NREC 43, 4
	RECORD r8, 0, F_VEC
	SCHECK r8, 2, 5
	RECORD r8, 0, F_IFA
	SCHECK r8, PAGE0 + FIRST * STRIDE, 6
	RECORD r8, 42, F_VEC
	SCHECK r8, 2, 7
	RECORD r8, 42, F_IFA
	SCHECK r8, PAGE0 + 238 * STRIDE, 8
	IVT_EXIT
	.endp _start

	TLB_IVT
