// expect-exit: 0
// expect-state: gr[16]=0x7f8020e000000000 gr[17]=0x0000ffff00000015 gr[18]=0x17f81ff01
// expect-state: gr[19]=0xffff gr[2]=0x7fff80007fff0007 gr[3]=0x601ff0302
// expect-state: gr[24]=0x000580007fff0000 gr[25]=0x5 gr[26]=0xffffffffffffffff
// expect-state: nat[16]=false nat[2]=false
// mm_alu: the A9 and A10 multimedia ALU forms in a user-mode guest:
// saturating padd1.sss and psub2.uus, pavgsub1 (borrow into the top bit),
// pcmp2.gt (signed), pshladd2 (a saturating shift skips the add),
// pavg1.raz, pshradd2, pcmp1.eq, and a padd4 under a false predicate
// (p6 = 0) that must leave r25 = 5.  Values worked out by hand from the
// SDM pseudo-code.  Static registers only; exit_group(0).
	.explicit
	.text
	.global _start
	.proc _start
_start:
{ .mlx
	nop.m 0
	movl r20=0x7f8010f000000000 ;;
}
{ .mlx
	nop.m 0
	movl r21=0x1ff10f000000000 ;;
}
{ .mlx
	nop.m 0
	movl r22=0xfff000010005 ;;
}
{ .mlx
	nop.m 0
	movl r23=0xfff00002fff0 ;;
}
{ .mlx
	nop.m 0
	movl r24=0x4ff000305 ;;
}
{ .mlx
	nop.m 0
	movl r25=0x100ff0503 ;;
}
{ .mlx
	nop.m 0
	movl r26=0x80000001 ;;
}
{ .mlx
	nop.m 0
	movl r27=0x7fffffff ;;
}
{ .mlx
	nop.m 0
	movl r28=0x1000f00020000001 ;;
}
{ .mlx
	nop.m 0
	movl r29=0x4000c000ffff0003 ;;
}
{ .mlx
	nop.m 0
	movl r30=0x400ff0201 ;;
}
{ .mlx
	nop.m 0
	movl r31=0x701ff0402 ;;
}
{ .mii
	cmp.ne p6,p0=r0,r0
	nop.i 0
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	padd1.sss r16=r20,r21
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	psub2.uus r17=r22,r23
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	pavgsub1 r18=r24,r25
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	pcmp2.gt r19=r26,r27
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	pshladd2 r2=r28,2,r29
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	pavg1.raz r3=r30,r31
	nop.i 0 ;;
}
{ .mlx
	nop.m 0
	movl r22=0x480007fffffff ;;
}
{ .mlx
	nop.m 0
	movl r23=0x380007fff0001 ;;
}
{ .mlx
	nop.m 0
	movl r25=0x5 ;;
}
{ .mii
	pshradd2 r24=r22,1,r23
	nop.i 0
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	(p6) padd4 r25=r20,r21
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	pcmp1.eq r26=r20,r20
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	mov r15=1236
	nop.i 0 ;;
}
{ .mib
	nop.m 0
	nop.i 0
	break.b 0x100000 ;;
}
	.endp _start
