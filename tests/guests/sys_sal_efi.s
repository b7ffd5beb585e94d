// link: -Ttext=0x100000
// expect-exit: 0
// expect-stderr-contains: ia64emu: SAL procedure 0x1000013 is not implemented (returns -1)
// sys_sal_efi: Ski's firmware window, SAL and EFI side (docs/system.md).
// SAL_PROC and EFI GetTime are C procedures, reached through their
// function descriptors (entry, gp) at 0x12fff100 and 0x12fff110 with
// br.call; the index or first argument is in0, the status comes back in
// r8 and the results in r9-r11, and br.ret restores the caller's frame.
// Checked: SAL_FREQ_BASE for the platform, interval timer and real-time
// clock (100 MHz, 100 MHz, 1 Hz, drift 0) and an invalid clock type (-2);
// SAL_SET_VECTORS (0, and -2 for a bad vector type); an unimplemented
// SAL procedure (SAL_GET_STATE_INFO) returning -1 with a warning; GetTime
// at Ski's address 0x12ffffb0: status 0, a plausible local time (year
// 2020-2200, month 1-12, day 1-31, hour, minute, second in range), time
// zone EFI_UNSPECIFIED_TIMEZONE (0x7ff), daylight 0, capabilities 1 Hz,
// 50 ppm (50000000), SetsToZero 0; GetTime with a null time pointer:
// EFI_INVALID_PARAMETER.  A failing check exits with its number.
	.explicit
	.include "check.inc"

	TIME = 0x80000
	CAPS = 0x80100

	// RCHECK reg, lo, hi, step: SSC EXIT step unless lo <= reg <= hi
	.macro RCHECK reg, lo, hi, step
	mov r31 = \step
	movl r30 = \lo ;;
	cmp.ltu p15, p0 = \reg, r30 ;;
(p15)	br.cond.spnt fail ;;
	movl r30 = \hi ;;
	cmp.ltu p15, p0 = r30, \reg ;;
(p15)	br.cond.spnt fail ;;
	.endm

	// FIELD size, post, step, lo [, hi]: r17 = the next field (ld<size>
	// from r16, then r16 += post, unless post is empty); CHECK it is lo,
	// or with hi, RCHECK lo <= it <= hi
	.macro FIELD size, post, step, lo, hi
	.ifb \post
	ld\size r17 = [r16] ;;
	.else
	ld\size r17 = [r16], \post ;;
	.endif
	.ifb \hi
	CHECK r17, \lo, \step
	.else
	RCHECK r17, \lo, \hi, \step
	.endif
	.endm

	// SAL index, a1, a2, a3, a4: SAL_PROC through the descriptor at r35
	.macro SAL index, a1=0, a2=0, a3=0, a4=0
	movl r36 = \index
	movl r37 = \a1
	movl r38 = \a2
	movl r39 = \a3 ;;
	mov r40 = \a4
	ld8 r14 = [r35], 8 ;;
	ld8 r1 = [r35], -8
	mov b6 = r14 ;;
	br.call.sptk.many b0 = b6 ;;
	.endm

	ENTRY _start
	alloc r2 = ar.pfs, 0, 4, 5, 0
	movl r32 = 0x3232
	movl r33 = 0x3333
	movl r34 = 0x12fff110                   // GetTime's descriptor
	movl r35 = 0x12fff100 ;;                // SAL_PROC's descriptor

	// SAL_FREQ_BASE (0x01000012)
	SAL 0x01000012, 0
	CHECK r8, 0, 1
	CHECK r9, 100000000, 2
	CHECK r10, 0, 3
	SAL 0x01000012, 1
	CHECK r8, 0, 4
	CHECK r9, 100000000, 5
	SAL 0x01000012, 2
	CHECK r8, 0, 6
	CHECK r9, 1, 7
	SAL 0x01000012, 3
	CHECK r8, -2, 8
	// SAL_SET_VECTORS (0x01000000): MCA at 0x90000, gp 0x91000, length 0x100
	SAL 0x01000000, 0, 0x90000, 0x91000, 0x100
	CHECK r8, 0, 9
	SAL 0x01000000, 5
	CHECK r8, -2, 10
	// SAL_PHYSICAL_ID_INFO: not implemented
	SAL 0x01000013
	CHECK r8, -1, 11
	CHECK r32, 0x3232, 12                   // the frame came back
	CHECK r33, 0x3333, 13

	// GetTime(TIME, CAPS)
	ld8 r14 = [r34], 8 ;;
	ld8 r1 = [r34], -8
	mov b6 = r14 ;;
	CHECK r14, 0x12ffffb0, 20
	movl r36 = TIME
	movl r37 = CAPS ;;
	br.call.sptk.many b0 = b6 ;;
	CHECK r8, 0, 21
	movl r16 = TIME ;;
	FIELD 2, 2, 22, 2020, 2200              // Year
	FIELD 1, 1, 23, 1, 12                   // Month
	FIELD 1, 1, 24, 1, 31                   // Day
	FIELD 1, 1, 25, 0, 23                   // Hour
	FIELD 1, 1, 26, 0, 59                   // Minute
	FIELD 1, 2, 27, 0, 60                   // Second (and a pad byte)
	FIELD 4, 4, 28, 0, 999999999            // Nanosecond
	FIELD 2, 2, 29, 0x7ff                   // TimeZone
	FIELD 1, , 30, 0                        // Daylight
	movl r16 = CAPS ;;
	FIELD 4, 4, 31, 1                       // Resolution
	FIELD 4, 4, 32, 50000000                // Accuracy
	FIELD 1, , 33, 0                        // SetsToZero
	// GetTime(NULL, NULL): EFI_INVALID_PARAMETER
	mov r36 = 0
	mov r37 = 0 ;;
	br.call.sptk.many b0 = b6 ;;
	CHECK r8, 0x8000000000000002, 34
	CHECK r32, 0x3232, 35
	SSC_FAIL_EXIT
	.endp _start
