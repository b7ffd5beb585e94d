// link: -Ttext=0x100000
// expect-exit: 0
// hv_vhpt_victim: the walker's reference to its table after the table
// page's TC entry is displaced by the walks' own inserts (SDM rev. 2.3
// vol. 2, 4.1.1.2: an insert into a full TC replaces an entry; 4.1.5:
// the walker's reference is translated by the DTLB, and with no
// translation it is a VHPT Translation fault, vector 0).  Under the
// hypervisor (hv_vhpt_victim_xen.s) its straight miss path remembers the
// table page with the real TC entry that maps it: the insert that
// displaces that entry must forget it.
// rr1 = 0x4231 (rid 0x42, 4 KiB, ve); PTA = 0x10003d (base 0x100000,
// 2^15, short, ve); the table page 0x2000000000100000 -> PA 0x300000 by
// itc.d, the only data TC entry made with translation on before the
// loads.  The entries of pages 1-NLOADS of region 1 map each to PA
// 0x200000, whose first quad is 1.  The loads of pages 1-NLOADS fill the
// TC (128 entries) and the 128th load's insert replaces the table page's
// entry: 128 loads pass, the rest are VHPT Translation faults (skipped).
// Printed: the count of loads that passed, then the first fault's
// vector, IFA, ITIR and IHA.
	.explicit
	.include "hv.inc"

	TABLE = 0x2000000000100000
	TABLE_PA = 0x300000
	PAGES = 0x2000000000000000              // + 0x1000 * n: page n of region 1
	NLOADS = 160

	ENTRY _start
	IVT_START
	movl r8 = 1 << 61
	movl r9 = 0x4231 ;;
	V_SET_RR
	movl r24 = 0x10003d ;;
	mov cr.pta = r24 ;;
	srlz.d ;;
	// the table's entries (physical stores: PSR.dt off)
	movl r24 = TABLE_PA + 8
	movl r25 = 0x200000 | 0x461
	mov r26 = NLOADS ;;
fill:
	st8 [r24] = r25, 8
	adds r26 = -1, r26 ;;
	cmp.ne p6, p0 = 0, r26
(p6)	br.cond.sptk fill ;;
	movl r24 = 0x200000
	mov r25 = 1 ;;
	st8 [r24] = r25
	// the table page (virtual psr.ic off)
	movl r24 = TABLE
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	movl r8 = TABLE_PA | 0x461 ;;
	V_ITC_D
	mov r10 = 0
	V_RFI_TO go, IC | DT
go:
	movl r24 = PAGES + 0x1000
	mov r25 = 0x1000
	mov r26 = NLOADS ;;
.Lload:
	mov r11 = 0 ;;
	ld8 r11 = [r24] ;;
	add r10 = r10, r11
	add r24 = r24, r25
	adds r26 = -1, r26 ;;
	cmp.ne p6, p0 = 0, r26
(p6)	br.cond.sptk .Lload ;;
	V_RSM_DT
	PUTHEX r10
	RECORD r8, 0, F_VEC
	PUTHEX r8
	RECORD r8, 0, F_IFA
	PUTHEX r8
	RECORD r8, 0, F_ITIR
	PUTHEX r8
	RECORD r8, 0, F_IHA
	PUTHEX r8
	NREC NLOADS - 128, 1
	IVT_EXIT

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 0, 0x0000, V_SKIP
	VEC 2, 0x0800, V_SKIP
	VEC 4, 0x1000, V_SKIP
	.org ivt + 0x8000
	.endp _start
