// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_insn: translated instruction fetches (issue 4, SDM rev. 2.3
// vol. 2, 4.1, 5.8 "Interruption Vector Descriptions").  PSR.it = 1 (by
// rfi), PSR.dt = 0 (data stays physical).  itr0 maps region 0 from VA 0,
// 16 MiB (ITIR 0x60), to PA 0 with p, a, d, pl 3, ar 3 (RWX at every
// level): the code and the IVT run through it, at their link addresses.
// Region 1: rid 0x42, 4 KiB pages (rr1 = 0x4230, walker off; 0x4231 in
// the VHPT part).  Instruction TC entries of region 1 (ITIR 0x30 unless
// a key is given) map one 4 KiB page each to the code page `page1' (one
// bundle: r24 = 77, br b0) or `gate' (epc; r24 = psr; br.ret b0).
// Every fetch fault is taken on a branch to slot 0 of the bundle, and the
// IVT's entries return to b0 (V_B0).  For each fetch fault the SDM fixes
// (5.8, the vector's parameters): IIP = IFA = the bundle's address (not
// the page's), ISR.x = 1 with w = r = na = 0 and ei = 0 (the fetch is of
// slot 0: ISR = 0x100000000), ITIR = rr1's ps and rid as the key
// (0x4230: "default translation information", for the miss and the
// access faults alike), IPSR = the PSR of the fetch (ri 0).
//  0. VALT = 0x2000000000010020, no translation, walker off: Alternate
//     Instruction TLB (vector 3, 0x0c00); no IHA.
//  -  VOK (pl 0, ar 3, a): the bundle runs, r24 = 77.
//  1. VAR: ar 0 (read only, 4.1.1.6): Instruction Access Rights (vector
//     22, 0x5200) at PL0.
//  2. VAB: a = 0, PSR.ia = 0: Instruction Access-Bit (vector 9, 0x2400)
//     (4.1.1.7; no hardware update of a).
//  -  VAB again, entered by rfi with IPSR.ia = 1 and ri = 2 (the br):
//     the one-shot ia suppresses the fault for that first restarted
//     instruction (SDM vol. 2, 3.3.2 PSR.ia), so it branches back to b0
//     and no interruption is recorded.  (A restart at slot 0 would fault
//     at slot 1: ia covers only the first instruction.)
//  With PSR.pk = 1, pkr0 = key 0 (valid: the identity map's key) and pkr1
//  = key 0x88 with xd (0x8809) (4.1.3):
//  3. VKEY (key 0x77, in no pkr): Instruction Key Miss (vector 6,
//     0x1800);
//  4. VKP (key 0x88, xd): Key Permission (vector 21, 0x5100), ISR.x;
//     IPSR has pk.
//  5. VNP: p = 0: Page Not Present (vector 20, 0x5000), ISR.x.
//  6. From PL3, br.call to VGATE (pl 0, ar 7, execute-only): epc there
//     promotes to the page's pl (SDM vol. 3 "epc"): r24 = psr = ic | it,
//     cpl 0; its br.ret (PFS.ppl = 3) demotes again, so break.m 0 after
//     it is taken at PL3 (vector 11, IPSR.cpl = 3).
//  7. epc at PL3 on the identity page (ar 3, not execute-only) does not
//     promote: the break.m 0 after it is taken at PL3 too.
//  The VHPT part: rr1 = 0x4231, PTA = 0x10003d (base 0x100000, 2^15
//  bytes, short format, walker on), dtr0 maps VA 0x2000000000100000 to PA
//  0x300000.  The short-format hash is the VA's region | base | (VA{50:0}
//  >> 12) << 3 (4.1.5.1).
//  -  VWALK (page 0x90): entry 0x...100480 (PA 0x300480) maps page1: the
//     walker inserts it into the ITC and the bundle runs (r24 = 77).
//  8. VMISS = 0x20000000000a0010: the entry (0x...100500) is zero (not
//     present): Instruction TLB (vector 1, 0x0400), IHA =
//     0x2000000000100500.
//  9. VFAR = 0x2000000000200000: its entry (0x...101000) lies in an
//     unmapped VHPT page: VHPT Translation (vector 0, 0x0000) with ISR.x
//     (not turned into Data Nested TLB: PSR.ic is 1, and it is a fetch),
//     IHA = 0x2000000000101000.
	.explicit
	.include "ivt.inc"

	IT = 1 << 36
	IA = 1 << 45
	PL3 = 3 << 32
	XISR = 0x100000000                       // ISR.x, ei 0
	DEFITIR = 0x4230                         // rr1.ps, rr1.rid as the key

	VALT = 0x2000000000010020
	VOK = 0x2000000000020000
	VAR = 0x2000000000030000
	VAB = 0x2000000000040000
	VKEY = 0x2000000000050000
	VKP = 0x2000000000060000
	VNP = 0x2000000000070000
	VGATE = 0x2000000000080000
	VWALK = 0x2000000000090000
	VMISS = 0x20000000000a0010
	VFAR = 0x2000000000200000

	// FETCH va: branch to va; b0 = the code after it (the code page
	// returns there, and so does the IVT after a fetch fault).  r8.
	.macro FETCH va
	movl r8 = 1f ;;
	mov b0 = r8
	movl r8 = \va ;;
	mov b6 = r8 ;;
	br.sptk.many b6 ;;
1:
	.endm

	// REC4 n, vec, va, ipsr, step: record n is vector vec, with IIP =
	// IFA = va, ISR = XISR, ITIR = DEFITIR, IPSR = ipsr (steps step to
	// step + 5)
	.macro REC4 n, vec, va, ipsr, step
	RECORD r8, \n, F_VEC
	SCHECK r8, \vec, \step
	RECORD r8, \n, F_IIP
	SCHECK r8, \va, \step + 1
	RECORD r8, \n, F_IFA
	SCHECK r8, \va, \step + 2
	RECORD r8, \n, F_ISR
	SCHECK r8, XISR, \step + 3
	RECORD r8, \n, F_ITIR
	SCHECK r8, DEFITIR, \step + 4
	RECORD r8, \n, F_IPSR
	SCHECK r8, \ipsr, \step + 5
	.endm

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4230
	ITR_I 0, 0, 0x60, 0x7e1                  // identity: p a d pl3 ar3
	ITC_I VOK, 0x30, page1+0x661             // p a d pl0 ar3
	ITC_I VAR, 0x30, page1+0x061             // ar 0: R
	ITC_I VAB, 0x30, page1+0x641             // a = 0
	ITC_I VKEY, 0x7730, page1+0x661
	ITC_I VKP, 0x8830, page1+0x661
	ITC_I VNP, 0x30, 0                       // p = 0
	ITC_I VGATE, 0x30, gate+0xe61            // ar 7, pl 0
	PSR_RFI IC | IT
	FETCH VALT                               // 0: vector 3
	mov r24 = 0
	FETCH VOK
	mov r25 = r24                            // 77
	FETCH VAR                                // 1: vector 22
	FETCH VAB                                // 2: vector 9
	movl r8 = 1f ;;
	mov b0 = r8
	RFI_TO VAB, IC | IT | IA | (2 << 41)     // to the br, slot 2
	mov r8 = 0 ;;
	mov cr.ifs = r8 ;;
	rfi ;;
1:
	movl r8 = 0
	movl r9 = 0x1 ;;                         // key 0, v
	mov pkr[r8] = r9
	movl r8 = 1
	movl r9 = 0x8809 ;;                      // key 0x88, xd, v
	mov pkr[r8] = r9 ;;
	ssm PK ;;
	srlz.i ;;
	FETCH VKEY                               // 3: vector 6
	FETCH VKP                                // 4: vector 21
	rsm PK ;;
	srlz.i ;;
	FETCH VNP                                // 5: vector 20
	mov r24 = 0
	rsm IC ;;
	srlz.d ;;
	PSR_RFI IC | IT | PL3
	movl r8 = VGATE ;;
	mov b6 = r8 ;;
	br.call.sptk.many b0 = b6 ;;             // epc there
	mov r27 = r24
	break.m 0 ;;                             // 6: at PL3
	rsm IC ;;
	srlz.d ;;
	PSR_RFI IC | IT | PL3
	epc ;;                                   // not execute-only: no change
	break.m 0 ;;                             // 7: at PL3

	// the VHPT part
	rsm IC ;;
	srlz.d ;;
	SETRR 0x2000000000000000, 0x4231
	movl r8 = 0x10003d ;;
	mov cr.pta = r8 ;;
	ITR_D 0, 0x2000000000100000, 0x30, 0x300461
	movl r8 = 0x300480
	movl r9 = page1+0x661 ;;
	st8 [r8] = r9 ;;                         // VWALK's entry
	PSR_RFI IC | IT
	mov r24 = 0
	FETCH VWALK
	mov r15 = r24                            // 77
	FETCH VMISS                              // 8: vector 1
	FETCH VFAR                               // 9: vector 0

	SCHECK r25, 77, 1
	SCHECK r27, IC | IT, 3                   // epc: cpl 0
	SCHECK r15, 77, 4
	NREC 10, 5
	REC4 0, 3, VALT, IC | IT, 10
	REC4 1, 22, VAR, IC | IT, 20
	REC4 2, 9, VAB, IC | IT, 30
	REC4 3, 6, VKEY, IC | IT | PK, 40
	REC4 4, 21, VKP, IC | IT | PK, 50
	REC4 5, 20, VNP, IC | IT, 60
	RECORD r8, 6, F_VEC
	SCHECK r8, 11, 70
	RECORD r8, 6, F_IPSR
	extr.u r8 = r8, 32, 2 ;;
	SCHECK r8, 3, 71                         // br.ret demoted to PL3
	RECORD r8, 7, F_VEC
	SCHECK r8, 11, 72
	RECORD r8, 7, F_IPSR
	extr.u r8 = r8, 32, 2 ;;
	SCHECK r8, 3, 73                         // epc did not promote
	REC4 8, 1, VMISS, IC | IT, 80
	RECORD r8, 8, F_IHA
	SCHECK r8, 0x2000000000100500, 86
	REC4 9, 0, VFAR, IC | IT, 90
	RECORD r8, 9, F_IHA
	SCHECK r8, 0x2000000000101000, 96
	IVT_EXIT
	.endp _start

	IVT_COMMON
	.align 32768
ivt:
	VEC 0, 0x0000, V_B0
	VEC 1, 0x0400, V_B0
	VEC 3, 0x0c00, V_B0
	VEC 6, 0x1800, V_B0
	VEC 9, 0x2400, V_B0
	VEC 11, 0x2c00, V_SKIP | V_PL0
	VEC 20, 0x5000, V_B0
	VEC 21, 0x5100, V_B0
	VEC 22, 0x5200, V_B0
	.org ivt + 0x8000

	// the code pages that region 1 maps (4 KiB apart)
page1:
{ .mib
	adds r24 = 77, r0
	nop.i 0
	br.sptk.many b0 ;;
}
	.align 4096
gate:
{ .mib
	nop.m 0
	nop.i 0
	epc ;;
}
{ .mii
	mov r24 = psr
	nop.i 0
	nop.i 0 ;;
}
{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0 ;;
}
