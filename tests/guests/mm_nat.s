// expect-exit: 0
// expect-state: nat[20]=true nat[16]=true nat[17]=true nat[18]=true nat[19]=true
// expect-state: nat[22]=true nat[23]=false gr[23]=0x204
// mm_nat: NaT propagation through multimedia instructions (SDM: GR[r1].nat
// is the OR of the sources' NaT bits, and no NaT Consumption fault).
// r20 gets a NaT from ld8.fill with ar.unat all ones; then padd2, mux1,
// pmpyshr2 (second source), pshl2 (NaT count register) and pshradd2 (in an
// M slot) must all produce a NaT, and padd2 of two clean registers must
// not (0x102 + 0x102 = 0x204).  Static registers only; exit_group(0).
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mii
	adds r14=-16,r12
	mov r21=0x102
	nop.i 0 ;;
}
{ .mii
	st8 [r14]=r0
	nop.i 0
	nop.i 0 ;;
}
	M_BUNDLE mov ar.unat=-1
	M_BUNDLE ld8.fill r20=[r14]
{ .mii
	nop.m 0
	padd2 r16=r20,r21
	mux1 r17=r20,@rev ;;
}
{ .mii
	nop.m 0
	pmpyshr2 r18=r21,r20,0
	pshl2 r19=r21,r20 ;;
}
{ .mii
	pshradd2 r22=r21,1,r20
	padd2 r23=r21,r21
	nop.i 0 ;;
}
	I_BUNDLE mov r15=1236
	BREAK_BUNDLE
	.endp _start
