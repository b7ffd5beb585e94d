// expect-exit: 0
// expect-state: gr[16]=0x0 gr[18]=0x1 gr[19]=0x1 gr[20]=0xa gr[21]=0xb
// expect-state: gr[22]=0xfffffffffffffffb gr[24]=0xfffffffb gr[25]=0xffffffff00000007
// expect-state: gr[4]=0x2 gr[26]=0x1111 gr[27]=0xc5d gr[9]=0x4444 gr[10]=0x5555
// expect-state: gr[28]=0x1234 nat[28]=true gr[30]=0x1234 nat[30]=true
// expect-state: gr[31]=0x77 nat[31]=false ar.unat=0x80 ar.ccv=0x2
// mem_sem: semaphores, 16-byte accesses, spill and fill (SDM vol. 3:
// cmpxchg, xchg, fetchadd, cmp8xchg16, ld16, st16, st8.spill, ld8.fill).
//  cmpxchg8.acq with ccv 0 on a word holding 0: r16 = 0, word = 1;
//  cmpxchg8.rel again: fails, r18 = 1; xchg8 with r0: r19 = 1, word = 0.
//  fetchadd4.acq +1 on 10: r20 = 10 (11 now); fetchadd8.rel -16: r21 = 11,
//  the word is then 11 - 16 = 0xfffffffffffffffb (r22).
//  cmpxchg4.acq with ccv 0xfffffffb matches the low 4 bytes: r24 = 0xfffffffb,
//  they become 7: r25 = 0xffffffff00000007.
//  cmp8xchg16.acq with ccv = the first 8 bytes (2): r4 = 2; r2 = 0x1111 and
//  csd = 0xc5d are written; ld16 reads back r26 = 0x1111, ar.csd = 0xc5d (r27).
//  st16.rel of 0x4444 / csd 0x5555, ld8 of both halves: r9, r10.
//  Spill area 512-byte aligned, so ar.unat bit = offset / 8:
//  ar.unat = bit 5; ld8.fill of 0x1234 at offset 40: r28 = 0x1234, NaT.
//  st8.spill r28 at offset 56 sets bit 7; ld8.fill: r30 = 0x1234, NaT.
//  st8.spill of 0x77 at offset 40 clears bit 5; ld8.fill: r31 not NaT.
//  ar.unat ends 0x80.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,1,0
	movl r14=lock ;;
}
{ .mmi
	mov ar.ccv=r0
	adds r15=8,r14
	mov r17=1 ;;
}
{ .mmi
	cmpxchg8.acq r16=[r14],r17,ar.ccv ;;
	cmpxchg8.rel r18=[r14],r17,ar.ccv
	nop.i 0 ;;
}
{ .mmi
	xchg8 r19=[r14],r0 ;;
	fetchadd4.acq r20=[r15],1
	nop.i 0 ;;
}
{ .mmi
	fetchadd8.rel r21=[r15],-16 ;;
	ld8 r22=[r15]
	mov r2=-5 ;;
}
{ .mii
	mov r23=7
	zxt4 r3=r2 ;;
	nop.i 0 ;;
}
{ .mmi
	mov ar.ccv=r3 ;;
	nop.m 0
	nop.i 0 ;;
}
{ .mmi
	cmpxchg4.acq r24=[r15],r23,ar.ccv ;;
	ld8 r25=[r15]
	adds r14=16,r14 ;;
}
// cmp8xchg16
{ .mmi
	mov r2=2 ;;
	mov ar.ccv=r2
	mov r3=0xc5d ;;
}
{ .mmi
	mov ar.csd=r3
	mov r2=0x1111
	nop.i 0 ;;
}
{ .mmi
	cmp8xchg16.acq r4=[r14],r2,ar.csd,ar.ccv ;;
	mov ar.csd=r0
	nop.i 0 ;;
}
{ .mmi
	ld16 r26,ar.csd=[r14] ;;
	mov r27=ar.csd
	mov r5=0x5555 ;;
}
{ .mmi
	mov ar.csd=r5
	mov r6=0x4444
	nop.i 0 ;;
}
{ .mmi
	st16.rel [r14]=r6,ar.csd ;;
	ld8 r9=[r14]
	adds r7=8,r14 ;;
}
{ .mmi
	ld8 r10=[r7]
	nop.m 0
	nop.i 0 ;;
}
// spill and fill
{ .mlx
	mov r2=0x20
	movl r14=area+40 ;;
}
{ .mmi
	mov ar.unat=r2 ;;
	ld8.fill r28=[r14]
	adds r15=16,r14 ;;
}
{ .mmi
	st8.spill [r15]=r28 ;;
	ld8.fill r30=[r15]
	mov r29=0x77 ;;
}
{ .mmi
	st8.spill [r14]=r29 ;;
	ld8.fill r31=[r14]
	nop.i 0 ;;
}
	EXIT_BUNDLES 0
	.endp _start

	.data
	.align 16
lock:
	data8 0
counter:
	data8 10
pair:
	data8 2
	data8 3
	.align 512
area:
	data8 0, 0, 0, 0, 0
	data8 0x1234
	data8 0, 0
