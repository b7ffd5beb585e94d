// link: -Ttext=0x100000
// expect-exit: 0
// expect-stderr-contains: ia64emu: PAL procedure 0x5 is not implemented (returns -1)
// sys_pal: Ski's firmware window, PAL side (docs/system.md).  The guest
// finds PAL_PROC in the SAL system table at 0x12fff200 (signature "SST_",
// bytes summing to 0, entry-point descriptor type 0 at +96 holding
// PAL_PROC 0x12fff000 and SAL_PROC 0x12fff020), then makes static calls
// as the SDM's PAL calling conventions say: index in r28, arguments in
// r29-r31, return address in b0, entered with br.cond; status in r8 and
// results in r9-r11.  Checked: PAL_FREQ_BASE (13), PAL_FREQ_RATIOS (14),
// PAL_VM_SUMMARY (8), PAL_CACHE_SUMMARY (4), PAL_CACHE_INFO (2, and its
// invalid-argument status -2), PAL_PTCE_INFO (6), PAL_HALT_LIGHT (29:
// at once with the timer masked; else ITC jumps to the ITM match),
// an unimplemented static index (5, PAL_MEM_ATTRIB) returning -1 with a
// warning, and an unimplemented stacked call (index 0x10b via br.call,
// in0 = the index) returning -1 through br.ret with the caller's frame
// restored.
// Registers the calls must leave alone (r1, r4, r32-r33, b1) are
// checked after them.  A failing check exits with its number.
	.explicit
	.include "check.inc"

	// PAL index, a1, a2, a3: a static PAL call through b6 (= PAL_PROC)
	.macro PAL index, a1=0, a2=0, a3=0
	mov r28 = \index
	mov r29 = \a1
	mov r30 = \a2
	mov r31 = \a3
	movl r3 = 9f ;;
	mov b0 = r3 ;;
	br.cond.sptk.many b6 ;;
9:
	.endm

	ENTRY _start
	alloc r2 = ar.pfs, 0, 4, 2, 0
	movl r1 = 0x1111
	movl r4 = 0x4444
	movl r32 = 0x3232
	movl r33 = 0x3333 ;;
	mov b1 = r4
	// the SAL system table
	movl r14 = 0x12fff200 ;;
	ld4 r15 = [r14] ;;
	CHECK r15, 0x5f545353, 1                // "SST_"
	adds r16 = 4, r14 ;;
	ld4 r17 = [r16] ;;                      // its size
	CHECK r17, 144, 2
	mov r18 = 0
	mov r19 = r14
	mov r21 = 143 ;;
	mov ar.lc = r21 ;;
sum:
	ld1 r20 = [r19], 1 ;;
	add r18 = r18, r20
	br.cloop.sptk.few sum ;;
	zxt1 r18 = r18 ;;
	CHECK r18, 0, 3                         // checksum
	adds r16 = 96, r14 ;;
	ld1 r17 = [r16] ;;
	CHECK r17, 0, 4                         // entry-point descriptor
	adds r16 = 104, r14 ;;
	ld8 r17 = [r16], 8 ;;
	CHECK r17, 0x12fff000, 5                // PAL_PROC
	ld8 r17 = [r16] ;;
	CHECK r17, 0x12fff020, 6                // SAL_PROC
	adds r16 = 104, r14 ;;
	ld8 r17 = [r16] ;;
	mov b6 = r17 ;;

	// PAL_FREQ_BASE: 100 MHz
	PAL 13
	CHECK r8, 0, 10
	CHECK r9, 100000000, 11
	// PAL_FREQ_RATIOS: processor, bus, ITC 1/1 each
	PAL 14
	CHECK r8, 0, 12
	CHECK r9, 0x100000001, 13
	CHECK r10, 0x100000001, 14
	CHECK r11, 0x100000001, 15
	// PAL_VM_SUMMARY
	PAL 8
	CHECK r8, 0, 16
	CHECK r9, 0x01020707000f1865, 17       // TC levels 1, unique TCs 2, 8 ITRs/DTRs, 16 PKRs, key 24, PA 50, vw
	CHECK r10, 0x11832, 18                 // max_purges 1, rid 24 bits, impl_va_msb 50
	// PAL_CACHE_SUMMARY: 1 level, 2 unique caches
	PAL 4
	CHECK r8, 0, 19
	CHECK r9, 1, 20
	CHECK r10, 2, 21
	// PAL_CACHE_INFO level 0, data: 16 KiB, 4-way, 64-byte lines
	PAL 2, 0, 2
	CHECK r8, 0, 22
	CHECK r9, 0x0000010106060400, 23
	CHECK r10, 0x00310c0c00004000, 24
	PAL 2, 1, 2                             // no level 1
	CHECK r8, -2, 25
	// PAL_PTCE_INFO: base 0, counts 1 and 1, strides 0
	PAL 6
	CHECK r8, 0, 26
	CHECK r9, 0, 27
	CHECK r10, 0x100000001, 28
	CHECK r11, 0, 29
	// PAL_HALT_LIGHT returns; nothing pending and the timer masked
	// (ITV.m = 1 at reset): at once
	PAL 29
	CHECK r8, 0, 30
	// the timer armed (ITV = vector 0xef, unmasked; PSR.i = 0, so it
	// stays pending): ITM 1000000 ticks ahead; PAL_HALT_LIGHT skips the
	// ticks, ITC reaches ITM (read back a few instructions later) and
	// vector 0xef is pending in IRR3 (bit 47)
	mov r14 = ar.itc ;;
	movl r15 = 1000000 ;;
	add r15 = r14, r15 ;;
	mov cr.itm = r15
	mov r16 = 0xef ;;
	mov cr.itv = r16 ;;
	srlz.d ;;
	PAL 29
	mov r16 = ar.itc ;;
	CHECK r8, 0, 39
	sub r16 = r16, r15 ;;
	shr.u r17 = r16, 5 ;;                   // 0 <= ITC - ITM < 32
	CHECK r17, 0, 40
	mov r16 = cr.irr3 ;;
	extr.u r16 = r16, 47, 1 ;;
	CHECK r16, 1, 41
	// unimplemented: -1
	PAL 5
	CHECK r8, -1, 31
	PAL 5                                   // warned once only (stderr)
	CHECK r8, -1, 32
	// a stacked call: br.call with in0 = index, r28 = index; returns by br.ret
	mov r28 = 0x10b
	mov r36 = 0x10b
	mov r37 = 7 ;;
	br.call.sptk.many b0 = b6 ;;
	CHECK r8, -1, 33
	CHECK r32, 0x3232, 34                   // the frame came back
	CHECK r33, 0x3333, 35
	// what the calls must not touch
	CHECK r1, 0x1111, 36
	CHECK r4, 0x4444, 37
	mov r17 = b1 ;;
	CHECK r17, 0x4444, 38
	SSC_FAIL_EXIT
	.endp _start
