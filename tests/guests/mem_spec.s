// expect-exit: 0
// expect-state: gr[16]=0x1122334455667788 nat[16]=false gr[17]=0x11
// expect-state: gr[18]=0x99aabbccddeeff00 nat[18]=false gr[19]=0x0
// expect-state: gr[20]=0x1122334455667788 gr[21]=0x0 gr[22]=0x22
// expect-state: gr[24]=0xdeadbeefddeeff00 gr[26]=0x26
// expect-state: gr[27]=0x1122334455667788 nat[27]=false gr[28]=0x28
// expect-state: gr[29]=0x29 gr[30]=0xdeadbeefddeeff00 gr[31]=0x31
// expect-state: fr[6].exp=0xffff fr[6].sig=0x8000000000000000
// mem_spec: control and data speculation (SDM vol. 1, 4.4.4 - 4.4.5).
//  1. ld8.s from a misaligned address defers (r16 NaT); chk.s.m branches
//     to recovery, which marks r17 = 0x11 and reloads r16 non-speculatively.
//  2. ld8.s from an aligned address loads; chk.s.i does not branch (r19 = 0).
//  3. ld8.a r20; a store to other bytes leaves the ALAT entry: chk.a.clr
//     does not branch (r21 = 0) but drops the entry, so a second chk.a.nc
//     branches (r22 = 0x22).
//  4. ld8.a r24 from data+8; st4 to data+12 overlaps it; ld8.c.clr misses
//     and reloads (0xdeadbeefddeeff00); .clr allocates nothing, so
//     chk.a.nc r24 branches (r26 = 0x26).
//  5. ld8.sa from a misaligned address: NaT, no ALAT entry; chk.a.nc
//     branches (r28 = 0x28), recovery reloads r27.
//  6. ldfd.s from a misaligned address: NaTVal; chk.s f6 branches
//     (r29 = 0x29), recovery loads 1.0.
//  7. ld8.a r30 (data+8, by now 0xdeadbeefddeeff00), then invala: chk.a.nc r30 branches (r31 = 0x31).
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,1,0
	movl r14=data ;;
}
{ .mii
	adds r15=1,r14
	mov r17=0
	mov r19=0 ;;
}
{ .mii
	mov r21=0
	mov r22=0
	mov r26=0 ;;
}
{ .mii
	ld8.s r16=[r15]
	mov r28=0
	mov r29=0 ;;
}
// 1. deferred: recovery
{ .mii
	chk.s r16, rec1
	mov r31=0
	nop.i 0 ;;
}
back1:
// 2. not deferred: no recovery
{ .mmi
	adds r2=8,r14 ;;
	ld8.s r18=[r2]
	nop.i 0 ;;
}
	I_BUNDLE chk.s r18, rec2
back2:
// 3. ALAT hit, then the entry dropped by chk.a.clr
{ .mmi
	ld8.a r20=[r14]
	adds r3=16,r14
	nop.i 0 ;;
}
{ .mmi
	st8 [r3]=r14 ;;
	chk.a.clr r20, rec3a
	nop.i 0 ;;
}
back3a:
{ .mmi
	chk.a.nc r20, rec3b
	nop.m 0
	nop.i 0 ;;
}
back3b:
// 4. overlapping store: ld.c.clr reloads
{ .mlx
	ld8.a r24=[r2]
	movl r25=0xdeadbeef ;;
}
{ .mmi
	adds r3=12,r14 ;;
	st4 [r3]=r25
	nop.i 0 ;;
}
{ .mmi
	ld8.c.clr r24=[r2] ;;
	chk.a.nc r24, rec4
	nop.i 0 ;;
}
back4:
// 5. ld.sa deferred: no ALAT entry
{ .mmi
	ld8.sa r27=[r15] ;;
	chk.a.nc r27, rec5
	nop.i 0 ;;
}
back5:
// 6. FP control speculation
{ .mmi
	ldfd.s f6=[r15] ;;
	chk.s f6, rec6
	nop.i 0 ;;
}
back6:
// 7. invala
{ .mmi
	ld8.a r30=[r2] ;;
	invala
	nop.i 0 ;;
}
{ .mmi
	chk.a.nc r30, rec7
	nop.m 0
	nop.i 0 ;;
}
back7:
	EXIT_BUNDLES 0

rec1:
{ .mmi
	ld8 r16=[r14]
	mov r17=0x11
	nop.i 0 ;;
}
	B_BUNDLE br.sptk.many back1
rec2:
	RECOVERY_MARK r19, 0x19, back2
rec3a:
	RECOVERY_MARK r21, 0x21, back3a
rec3b:
	RECOVERY_MARK r22, 0x22, back3b
rec4:
	RECOVERY_MARK r26, 0x26, back4
rec5:
{ .mmi
	ld8 r27=[r14]
	mov r28=0x28
	nop.i 0 ;;
}
	B_BUNDLE br.sptk.many back5
rec6:
{ .mmi
	adds r3=24,r14 ;;
	ldfd f6=[r3]
	mov r29=0x29 ;;
}
	B_BUNDLE br.sptk.many back6
rec7:
	RECOVERY_MARK r31, 0x31, back7
	.endp _start

	.data
	.align 16
data:
	data8 0x1122334455667788
	data8 0x99aabbccddeeff00
	data8 0
	data8 0x3ff0000000000000
