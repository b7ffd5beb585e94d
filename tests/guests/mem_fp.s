// expect-exit: 0
// expect-state: gr[16]=0x10000 gr[17]=0xc90fdaa22168c000 gr[18]=0x40490fda
// expect-state: gr[19]=0x400921fb40000000 gr[20]=0x3039
// expect-state: gr[21]=0xc90fdaa22168c000 gr[22]=0x10000 gr[23]=0xc90fdaa22168c000
// expect-state: gr[24]=0x8000000000000000 gr[25]=0x3fff gr[26]=0xffff
// expect-state: gr[27]=0x3ff8000000000000 gr[28]=0x30000 gr[29]=0x3ff0000000000000
// expect-state: nat[31]=true gr[9]=0x1fffe gr[10]=0x0
// expect-state: fr[6].exp=0x10000 fr[6].sig=0xc90fdaa22168c000 fr[15].exp=0x1fffe
// expect-state: fr[13].sign=1 fr[13].exp=0x10000 fr[13].sig=0x8000000000000000
// mem_fp: FP loads, stores, setf and getf with the memory formats of SDM
// vol. 1, 5.1 (register exponent bias 0xffff).
//  setf.d of pi (0x400921fb54442d18): exp 0x10000, significand
//  0xc90fdaa22168c000 (getf.exp r16, getf.sig r17).  stfs truncates the
//  significand: 0x40490fda (r18); ldfs of that, getf.d: 0x400921fb40000000.
//  setf.sig 12345, stf8, ld8: 0x3039.  stf.spill of f6: significand, then
//  exponent | sign << 17 (r21, r22); ldf.fill back, getf.sig (r23).
//  stfe of f1 (+1.0): 0x8000000000000000, 0x3fff (r24, r25); ldfe, getf.exp
//  0xffff.  ldfpd of 1.5, -2.0: getf.d r27, getf.exp r28 = 1 << 17 | 0x10000.
//  setf.s 1.0f, stfd: 0x3ff0000000000000.  A NaT GR (ld8.s, misaligned)
//  through setf.sig gives NaTVal; getf.sig of NaTVal gives NaT (r31); its
//  spill holds 0 and 0x1fffe (r10, r9).
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,1,0
	movl r14=data ;;
}
	L_BUNDLE movl r2=0x400921fb54442d18
{ .mmi
	setf.d f6=r2 ;;
	getf.exp r16=f6
	nop.i 0 ;;
}
{ .mmi
	getf.sig r17=f6
	stfs [r14]=f6
	nop.i 0 ;;
}
{ .mmi
	ld4 r18=[r14]
	ldfs f7=[r14]
	mov r3=12345 ;;
}
{ .mmi
	getf.d r19=f7
	setf.sig f8=r3
	adds r15=8,r14 ;;
}
{ .mmi
	stf8 [r15]=f8 ;;
	ld8 r20=[r15]
	adds r15=16,r14 ;;
}
{ .mmi
	stf.spill [r15]=f6 ;;
	ld8 r21=[r15],8
	nop.i 0 ;;
}
{ .mmi
	ld8 r22=[r15],-8 ;;
	ldf.fill f9=[r15]
	adds r15=32,r14 ;;
}
{ .mmi
	getf.sig r23=f9
	stfe [r15]=f1
	nop.i 0 ;;
}
{ .mmi
	ld8 r24=[r15],8 ;;
	ld2 r25=[r15],-8
	nop.i 0 ;;
}
{ .mmi
	ldfe f10=[r15] ;;
	getf.exp r26=f10
	adds r15=48,r14 ;;
}
	L_BUNDLE movl r2=pairs
{ .mmi
	ldfpd f12,f13=[r2] ;;
	getf.d r27=f12
	nop.i 0 ;;
}
{ .mlx
	getf.exp r28=f13
	movl r5=0x3f800000 ;;
}
{ .mmi
	setf.s f14=r5 ;;
	stfd [r15]=f14
	nop.i 0 ;;
}
{ .mmi
	ld8 r29=[r15]
	adds r4=1,r14
	adds r15=64,r14 ;;
}
{ .mmi
	ld8.s r30=[r4] ;;
	setf.sig f15=r30
	nop.i 0 ;;
}
{ .mmi
	getf.sig r31=f15
	stf.spill [r15]=f15,8
	nop.i 0 ;;
}
{ .mmi
	ld8 r9=[r15],-8 ;;
	ld8 r10=[r15]
	nop.i 0 ;;
}
	EXIT_BUNDLES 0
	.endp _start

	.data
	.align 16
data:
	data8 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	.align 16
pairs:
	data8 0x3ff8000000000000
	data8 0xc000000000000000
