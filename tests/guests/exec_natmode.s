// expect-exit: 0
// expect-state: gr[21]=0x5 nat[21]=true gr[23]=0x6 nat[23]=true gr[24]=0x7 nat[24]=true
// expect-state: gr[25]=0x8 nat[25]=false gr[9]=0x2
// exec_natmode: the first NaT bit of a run, set in the middle of a bundle
// whose later slots the run loop has already run (and cached) while no
// register had one.  The loop body fills r21 with ld8.fill, whose NaT
// bit comes from the UNAT bit of the address (SDM vol. 3, "ld"): clear on
// the first pass, set on the second.  After a stop in the same bundle,
// r23 = r21 + r22 and in the next bundle r24 = r23 + r22 must carry the
// NaT bit (SDM vol. 1, 4.4.4: the NaT bits of the sources propagate to
// the target) and r25 = 8 must have none.  r21 = 5, r22 = 1.
	.explicit
	.include "check.inc"

	ENTRY _start
	alloc r16 = ar.pfs, 0, 0, 1, 0
	movl r2 = word
	mov r9 = 0
	mov r22 = 1
	mov ar.unat = r0 ;;
	// r4 = the UNAT bit of word's address: bit (address >> 3) & 63
	extr.u r3 = r2, 3, 6
	mov r4 = 1 ;;
	shl r4 = r4, r3 ;;
loop:
{ .mmi
	ld8.fill r21 = [r2] ;;
	nop.m 0
	add r23 = r21, r22 ;;
}
{ .mii
	nop.m 0
	add r24 = r23, r22
	mov r25 = 8 ;;
}
{ .mii
	nop.m 0
	adds r9 = 1, r9 ;;
	cmp.eq p6, p0 = 1, r9 ;;
}
{ .mib
(p6)	mov.m ar.unat = r4
	nop.i 0
(p6)	br.cond.sptk.few loop ;;
}
	tnat.nz p7, p0 = r23 ;;
(p7)	br.cond.sptk.few ok ;;
	EXIT 1
ok:
	EXIT 0
	.endp _start

	.data
	.align 8
word:	data8 5
