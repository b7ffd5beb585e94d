// link: -Ttext=0x100000
// expect-exit: 0
// sys_ivt: a bare-metal guest with its own IVT (issue 4).  Every vector
// entry it uses records the interruption (vector, IIP, IPSR, ISR, IIM, IFA,
// IIPA, IFS, ...) at REC + 128 * n, n counted at COUNT (ivt.inc), and
// returns with rfi: faults past the faulting slot (IPSR.ri + 1, or the next
// bundle after slot 2), traps where they were.  The checks compare the
// records with what the SDM fixes: break in slots 0, 1 and 2 (IIM,
// IPSR.ri, ISR.ei), Unaligned Reference (IFA, ISR.r / ISR.w), General
// Exception codes (illegal 0x00, privileged operation 0x10 at PL3,
// reserved field 0x30), NaT Consumption (0x10), Disabled FP-Register
// (ISR.code 1 for dfl, 2 for dfh), IFS after cover with PSR.ic = 0 and rfi
// restoring that frame, rfi into slot 1 and 2, epc from PL3, and a
// Lower-Privilege Transfer trap (ISR.code lp) on br.ret to PL3.  A failing
// check exits with its number through SSC EXIT.
	.explicit
	.include "ivt.inc"

	ENTRY _start
	IVT_START                                // a backing store for rfi with IFS.v
	ssm IC ;;
last1:
{ .mii
	srlz.d
	nop.i 0
	nop.i 0 ;;
}
	// 1: break in slots 0, 1, 2.  IIPA (SDM vol. 2, 3.3.5.6) is the
	// bundle of the last instruction that completed with PSR.ic = 1: the
	// srlz.d at last1 for all three, as the handler's rfi runs with
	// PSR.ic = 0 and the breaks do not complete
brk1:
{ .mib
	break.m 0x12345
	break.i 0x11
	break.b 0x22 ;;
}
	NREC 3, 1
	RECORD r8, 0, F_VEC
	SCHECK r8, 11, 2
	RECORD r8, 0, F_IIM
	SCHECK r8, 0x12345, 3
	RECORD r8, 0, F_IIP
	SCHECK r8, brk1, 4
	RECORD r8, 0, F_IPSR
	SCHECK r8, IC, 5                  // ri 0
	RECORD r8, 1, F_IPSR
	SCHECK r8, IC | (1 << 41), 6      // ri 1
	RECORD r8, 1, F_ISR
	SCHECK r8, 1 << 41, 7             // ei 1, code 0, ni 0
	RECORD r8, 2, F_IPSR
	SCHECK r8, IC | (2 << 41), 8
	RECORD r8, 2, F_IIM
	SCHECK r8, 0x22, 9
	RECORD r8, 2, F_IFS
	SCHECK r8, 0, 10                  // IFS.v = 0
	RECORD r8, 2, F_IIPA
	SCHECK r8, last1, 11
	RECORD r8, 0, F_IIPA
	SCHECK r8, last1, 12
	RECORD r8, 1, F_IIPA
	SCHECK r8, last1, 13

	// 2: unaligned load and store: IFA, ISR.r / ISR.w, ei
	movl r9 = 0x90003 ;;
u1:
{ .mmi
	nop.m 0
	ld8 r10 = [r9]
	nop.i 0 ;;
}
	st4 [r9] = r10 ;;
	NREC 5, 20
	RECORD r8, 3, F_VEC
	SCHECK r8, 30, 21
	RECORD r8, 3, F_IFA
	SCHECK r8, 0x90003, 22
	RECORD r8, 3, F_ISR
	SCHECK r8, (1 << 34) | (1 << 41), 23   // r, ei 1
	RECORD r8, 3, F_IIP
	SCHECK r8, u1, 24
	RECORD r8, 4, F_ISR
	SCHECK r8, 1 << 33, 25                 // w, ei 0
	RECORD r8, 3, F_IIPA                   // the nop.m in slot 0 completed
	SCHECK r8, u1, 26
	RECORD r8, 4, F_IIPA                   // ... and the nop.i in slot 2
	SCHECK r8, u1, 27

	// 3: General Exception: illegal (read-only cr.ivr), reserved field
	// (cr.tpr bit 20), NaT Consumption
	movl r9 = 1 << 20 ;;
	mov cr.irr0 = r9 ;;
	mov cr.tpr = r9 ;;
	movl r9 = 0x90000
	mov r10 = -1 ;;
	mov ar.unat = r10 ;;
	ld8.fill r10 = [r9] ;;                   // NaT from ar.unat
	mov cr.tpr = r10 ;;
	NREC 8, 30
	RECORD r8, 5, F_VEC
	SCHECK r8, 24, 31
	RECORD r8, 5, F_ISR
	zxt4 r8 = r8 ;;                          // ISR.code
	SCHECK r8, 0x00, 32
	RECORD r8, 6, F_ISR
	zxt4 r8 = r8 ;;                          // ISR.code
	SCHECK r8, 0x30, 33
	RECORD r8, 7, F_VEC
	SCHECK r8, 26, 34
	RECORD r8, 7, F_ISR
	zxt4 r8 = r8 ;;                          // ISR.code
	SCHECK r8, 0x10, 35

	// 4: cover with PSR.ic = 0 writes IFS (v, the frame); rfi with IFS.v
	// restores the frame
	mov r32 = 0x77
	mov r35 = 0x99 ;;
	rsm IC ;;
	srlz.d ;;
	cover ;;
	mov r8 = cr.ifs ;;
	SCHECK r8, 0x8000000000000204, 40         // sof 4, sol 4
	RFI_TO back4, IC
	rfi ;;
back4:
	SCHECK r32, 0x77, 41
	SCHECK r35, 0x99, 42

	// 5: rfi into slot 1, then slot 2
	RFI_TO s1, IC | (1 << 41)
	mov r8 = 0
	mov r10 = 0 ;;
	rfi ;;
s1:
{ .mii
	mov r8 = 1
	mov r10 = 2
	nop.i 0 ;;
}
	SCHECK r8, 0, 50
	SCHECK r10, 2, 51
	RFI_TO s2, IC | (2 << 41)
	mov r10 = 0 ;;
	rfi ;;
s2:
{ .mii
	mov r8 = 1
	mov r10 = 2
	mov r11 = 3 ;;
}
	SCHECK r8, 0, 52
	SCHECK r10, 0, 53
	SCHECK r11, 3, 54

	// 6: to PL3 with rfi; a privileged instruction faults (GE 0x10); epc
	// comes back to PL0; with PSR.lp, br.ret to PL3 traps
	RFI_TO pl3, IC | (3 << 32)
	rfi ;;
pl3:
	rsm 1 << 14 ;;                           // privileged
	mov r9 = ar.pfs ;;
	movl r10 = 0xc000000000000000 ;;
	or r9 = r9, r10 ;;
	mov ar.pfs = r9 ;;
	epc ;;
	mov r8 = psr ;;                          // privileged: works at PL0
	NREC 9, 60
	RECORD r8, 8, F_VEC
	SCHECK r8, 24, 61
	RECORD r8, 8, F_ISR
	SCHECK r8, 0x10, 62
	RECORD r8, 8, F_IPSR
	SCHECK r8, IC | (3 << 32), 63
	RECORD r8, 8, F_IIP
	SCHECK r8, pl3, 64
	// Disabled FP-Register (vector 25): ISR.code bit 0 for f2-f31 with
	// PSR.dfl, bit 1 for f32-f127 with PSR.dfh; then both enabled again
	movl r8 = REC ;;
	ssm (1 << 18) | (1 << 19) ;;
	srlz.d ;;
{ .mii
	ldf8 f10 = [r8]
	nop.i 0
	nop.i 0 ;;
}
{ .mii
	ldf8 f40 = [r8]
	nop.i 0
	nop.i 0 ;;
}
	rsm (1 << 18) | (1 << 19) ;;
	srlz.d ;;
	ldf8 f40 = [r8] ;;
	NREC 11, 65
	RECORD r8, 9, F_VEC
	SCHECK r8, 25, 66
	RECORD r8, 9, F_ISR
	SCHECK r8, 1, 67
	RECORD r8, 10, F_VEC
	SCHECK r8, 25, 68
	RECORD r8, 10, F_ISR
	SCHECK r8, 2, 69
	movl r9 = IC | LP ;;
	mov psr.l = r9 ;;
	srlz.d ;;
	br.call.sptk.many b0 = demote ;;
after:
	rsm 1 << 14 ;;                           // PL3 again: faults
	NREC 13, 70
	RECORD r8, 11, F_VEC
	SCHECK r8, 34, 71
	RECORD r8, 11, F_ISR
	SCHECK r8, 0x40000000002, 72             // lp, ei 2 (the br.ret)
	RECORD r8, 11, F_IIP
	SCHECK r8, after, 73
	RECORD r8, 11, F_IPSR
	SCHECK r8, IC | LP | (3 << 32), 74
	RECORD r8, 11, F_IIPA                    // a trap: the trapping bundle
	SCHECK r8, dret, 76
	RECORD r8, 12, F_VEC
	SCHECK r8, 24, 75
	RECORD r8, 12, F_IIPA                    // the bundle of after's rsm: the
	SCHECK r8, dret, 77                      // last to complete was the br.ret

	// 7: a fault at a branch's target: IIPA is the branch's bundle;
	// back at PL0 (epc) with PSR.ic on
	epc ;;
	ssm IC ;;
	srlz.d ;;
brb7:
{ .mib
	nop.m 0
	nop.i 0
	br.sptk.few t7 ;;
}
	break.m 0x666 ;;                         // never runs
t7:
{ .mii
	break.m 0x777
	nop.i 0
	nop.i 0 ;;
}
	NREC 14, 80
	RECORD r8, 13, F_IIM
	SCHECK r8, 0x777, 81
	RECORD r8, 13, F_IIPA
	SCHECK r8, brb7, 82

	IVT_EXIT
	.endp _start

demote:
	mov r9 = ar.pfs ;;
	movl r10 = 0xc000000000000000 ;;
	or r9 = r9, r10 ;;
	mov ar.pfs = r9 ;;
dret:
{ .mib
	nop.m 0
	nop.i 0
	br.ret.sptk.many b0 ;;
}

	IVT_COMMON

	.align 32768
ivt:
	VEC 11, 0x2c00, V_SKIP
	VEC 24, 0x5400, V_SKIP
	VEC 25, 0x5500, V_SKIP
	VEC 26, 0x5600, V_SKIP
	VEC 30, 0x5a00, V_SKIP
	VEC 34, 0x5e00, 0
	.org ivt + 0x8000
