// expect-exit: 0
// expect-state: gr[16]=0x1 gr[17]=0x5060708 gr[18]=0x708 gr[19]=0x2
// expect-state: gr[20]=0x807060504030201 gr[21]=0xddccbbaa gr[23]=0xaabb
// expect-state: gr[24]=0x102030405060708 gr[25]=0xaabbccdd gr[26]=0xde
// expect-state: gr[27]=0xaabbccdd00000000 gr[28]=0x0
// mem_bigendian: PSR.be (user mask bit 1) selects big-endian data
// accesses (SDM vol. 1, 4.5.1.1).  sum 2 sets it, rum 2 and mov psr.um
// clear it.
//  BE: st8 0x0102030405060708; ld1 at +0 = 1, ld4 at +4 = 0x05060708,
//  ld2 at +6 = 0x0708; mov r19 = psr.um = 2; st4 0xaabbccdd at +8.
//  LE (rum): ld8 at +0 = 0x0807060504030201, ld4 at +8 = 0xddccbbaa.
//  BE (mov psr.um = 2): ld2 at +8 = 0xaabb; ld16 at +0 reads two big-endian
//  8-byte items: r24 = 0x0102030405060708 (at +0), ar.csd (r27) =
//  0xaabbccdd00000000 (at +8); fetchadd4 +1 at +8 returns 0xaabbccdd and
//  leaves aa bb cc de, so (LE again, mov psr.um = r0) ld1 at +11 = 0xde;
//  mov r28 = psr.um = 0 at the end.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,1,0
	movl r14=data ;;
}
{ .mlx
	sum 0x2
	movl r2=0x0102030405060708 ;;
}
{ .mmi
	st8 [r14]=r2
	adds r15=4,r14
	adds r3=6,r14 ;;
}
{ .mmi
	ld1 r16=[r14]
	ld4 r17=[r15]
	nop.i 0 ;;
}
{ .mlx
	ld2 r18=[r3]
	movl r4=0xaabbccdd ;;
}
{ .mii
	mov r19=psr.um
	adds r5=8,r14
	nop.i 0 ;;
}
{ .mmi
	st4 [r5]=r4 ;;
	rum 0x2
	nop.i 0 ;;
}
{ .mmi
	ld8 r20=[r14]
	ld4 r21=[r5]
	mov r22=2 ;;
}
{ .mmi
	mov psr.um=r22 ;;
	ld2 r23=[r5]
	nop.i 0 ;;
}
{ .mmi
	ld16 r24,ar.csd=[r14] ;;
	mov r27=ar.csd
	nop.i 0 ;;
}
{ .mii
	fetchadd4.acq r25=[r5],1
	adds r6=11,r14
	nop.i 0 ;;
}
{ .mmi
	mov psr.um=r0 ;;
	ld1 r26=[r6]
	nop.i 0 ;;
}
	M_BUNDLE mov r28=psr.um
	EXIT_BUNDLES 0
	.endp _start

	.data
	.align 16
data:
	data8 0, 0
