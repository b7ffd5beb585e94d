// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 1203040501367809\n0000000000000000\n2000000000007000\n0000000000004330\n2000000000100038\n0000000000000000\n2000000000008000\n0000000000004230\n2000000000108040\n0000000000000004\n2000000000009000\n0000000000004230\n0000000000000002\n2000000000005000\n0000000000004230\n2000000000100028\n0000000000000000\n200000000000f000\n0000000000004230\n2000000000100078\n
// hv_vhpt_memo: walks of the guest's VHPT (short format) around each
// change that decides them -- the region register (region id, ve), the
// PTA, a guest TR in the region id, the table page's own translation
// (purged, inserted again) -- and physical references (PSR.dt off) in
// between, cacheable and not.  Under the hypervisor (hv_vhpt_memo_xen.s)
// its straight miss path remembers these per region and for the table
// page: every change must be seen at the next miss.
// rr1 = 0x4231 (rid 0x42, 4 KiB, ve); PTA = 0x10003d (base 0x100000,
// 2^15, short, ve); the table page 0x2000000000100000 -> PA 0x300000 by
// itc.d.  Entry at 0x300000 + 8 * (VA >> 12) for page k (k = 1-6, 8, 9)
// maps it to PA 0x200000 + k * 0x1000, whose first quad is k; VA7 is
// a TR (k = 7); NP's entry is zero.  First 128 walks in region 2 (rr2 =
// 0x5231, its table page 0x4000000000100000 -> PA 0x310000 by dtr2) fill
// the data TC, so that the walks after it displace entries (the
// hypervisor's straight inserts need a full TC); then the table page of
// region 1 is inserted, which the rest never displaces.
// Printed: each load's quad as one hex digit (0: the load faulted and was
// skipped), in order:
//   1 VA1, 2 VA2 (walked); rr1's rid 0x43: VA3 VHPT Translation (the
//   table page's translation has rid 0x42); rid 0x42 again: 3 VA3; PTA
//   base 0x108000: VA4 VHPT Translation (IHA 0x2000000000108040); PTA
//   back: 4 VA4; rr1.ve off: VA5 Alternate Data TLB; ve on: 5 VA5; NP
//   Data TLB; dt off: 1 PA 0x201000, 3 PA 0x8000000001203000
//   (uncacheable; a 16 MiB page of its own under the hypervisor, the
//   quad written before the TC was filled); dt on: 6 VA6; dtr1 maps
//   VA7: 7 VA7, 8 VA8 (walked, a TR in the region id); ptc.ga of the
//   table page: VA9 VHPT Translation (IHA 0x2000000000100078); the table
//   page inserted again: 9 VA9.
// Then the five interruptions: vector, IFA, ITIR and (but the Alternate
// Data TLB's) IHA.
	.explicit
	.include "hv.inc"

	VA1 = 0x2000000000004000
	NP = 0x2000000000005000
	VA2 = 0x2000000000006000
	VA3 = 0x2000000000007000
	VA4 = 0x2000000000008000
	VA5 = 0x2000000000009000
	VA6 = 0x200000000000a000
	VA7 = 0x200000000000c000
	VA8 = 0x200000000000d000
	VA9 = 0x200000000000f000
	TABLE = 0x2000000000100000
	TABLE_PA = 0x300000

	// PAGE k, va: the table's entry for VA maps it to PA 0x200000 +
	// k * 0x1000 (p, a, d, pl 0, ar 2), whose first quad is k (physical
	// stores: PSR.dt off)
	.macro PAGE k, va
	movl r24 = TABLE_PA + 8 * ((\va >> 12) & 0xfff)
	movl r25 = (0x200000 + \k * 0x1000) | 0x461 ;;
	st8 [r24] = r25
	movl r24 = 0x200000 + \k * 0x1000
	mov r25 = \k ;;
	st8 [r24] = r25 ;;
	.endm

	// LOADV addr: r10 = r10 * 16 + the quad at ADDR (0 when the load
	// faults: the handlers skip it)
	.macro LOADV addr
	movl r25 = \addr
	mov r11 = 0 ;;
	ld8 r11 = [r25] ;;
	shladd r10 = r10, 4, r11 ;;
	.endm

	// SETRR1 value: rr1 = value
	.macro SETRR1 val
	movl r8 = 1 << 61
	movl r9 = \val ;;
	V_SET_RR
	.endm

	// SETPTA value: cr.pta = value (raw: the hypervisor emulates it)
	.macro SETPTA val
	movl r24 = \val ;;
	mov cr.pta = r24 ;;
	srlz.d ;;
	.endm

	// MAP_TABLE: itc.d of the table page (virtual psr.ic must be off)
	.macro MAP_TABLE
	movl r24 = TABLE
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	movl r8 = TABLE_PA | 0x461 ;;
	V_ITC_D
	.endm

	// PRINTREC n, iha: record n's vector, IFA, ITIR and, IHA = 1, IHA
	.macro PRINTREC n, iha
	RECORD r8, \n, F_VEC
	PUTHEX r8
	RECORD r8, \n, F_IFA
	PUTHEX r8
	RECORD r8, \n, F_ITIR
	PUTHEX r8
	.if \iha
	RECORD r8, \n, F_IHA
	PUTHEX r8
	.endif
	.endm

	WARM = 0x4000000000010000               // 128 pages, hpn 0x10-0x8f
	WARM_TABLE = 0x4000000000100000
	WARM_TABLE_PA = 0x310000

	ENTRY _start
	IVT_START
	SETRR1 0x4231
	movl r8 = 2 << 61
	movl r9 = 0x5231 ;;
	V_SET_RR
	SETPTA 0x10003d
	movl r24 = WARM_TABLE
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 2
	movl r9 = WARM_TABLE_PA | 0x461 ;;
	V_ITR_D
	movl r24 = WARM_TABLE_PA + 8 * 0x10
	movl r25 = 0x20f000 | 0x461
	mov r26 = 128 ;;
fill:
	st8 [r24] = r25, 8
	adds r26 = -1, r26 ;;
	cmp.ne p6, p0 = 0, r26
(p6)	br.cond.sptk fill ;;
	PAGE 1, VA1
	PAGE 2, VA2
	PAGE 3, VA3
	PAGE 4, VA4
	PAGE 5, VA5
	PAGE 6, VA6
	PAGE 8, VA8
	PAGE 9, VA9
	movl r24 = 0x207000
	mov r25 = 7 ;;
	st8 [r24] = r25
	movl r24 = 0x1203000
	mov r25 = 3 ;;
	st8 [r24] = r25
	mov r10 = 0
	V_RFI_TO warm, IC | DT
warm:
	movl r24 = WARM
	mov r25 = 0x1000
	mov r26 = 128 ;;
.Lwarm:
	ld8 r27 = [r24]
	add r24 = r24, r25
	adds r26 = -1, r26 ;;
	cmp.ne p6, p0 = 0, r26
(p6)	br.cond.sptk .Lwarm ;;
	V_RSM_IC
	MAP_TABLE
	V_RFI_TO go, IC | DT
go:
	LOADV VA1
	LOADV VA2
	SETRR1 0x4331
	LOADV VA3                                // rec 0
	SETRR1 0x4231
	LOADV VA3
	SETPTA 0x10803d
	LOADV VA4                                // rec 1
	SETPTA 0x10003d
	LOADV VA4
	SETRR1 0x4230
	LOADV VA5                                // rec 2
	SETRR1 0x4231
	LOADV VA5
	LOADV NP                                 // rec 3
	V_RSM_DT
	LOADV 0x201000
	LOADV 0x8000000001203000
	V_SSM_DT
	LOADV VA6
	V_RSM_IC
	movl r24 = VA7
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 1
	movl r9 = 0x207461 ;;
	V_ITR_D
	V_RFI_TO tr_done, IC | DT
tr_done:
	LOADV VA7
	LOADV VA8
	movl r8 = TABLE
	mov r9 = 12 << 2 ;;
	V_PTC_GA
	LOADV VA9                                // rec 4
	V_RSM_IC
	MAP_TABLE
	V_RFI_TO again, IC | DT
again:
	LOADV VA9
	V_RSM_DT
	PUTHEX r10
	PRINTREC 0, 1
	PRINTREC 1, 1
	PRINTREC 2, 0
	PRINTREC 3, 1
	PRINTREC 4, 1
	NREC 5, 1
	IVT_EXIT

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 0, 0x0000, V_SKIP
	VEC 2, 0x0800, V_SKIP
	VEC 4, 0x1000, V_SKIP
	.org ivt + 0x8000
	.endp _start
