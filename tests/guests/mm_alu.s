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
	.include "bundles.inc"
	ENTRY _start
	L_BUNDLE movl r20=0x7f8010f000000000
	L_BUNDLE movl r21=0x1ff10f000000000
	L_BUNDLE movl r22=0xfff000010005
	L_BUNDLE movl r23=0xfff00002fff0
	L_BUNDLE movl r24=0x4ff000305
	L_BUNDLE movl r25=0x100ff0503
	L_BUNDLE movl r26=0x80000001
	L_BUNDLE movl r27=0x7fffffff
	L_BUNDLE movl r28=0x1000f00020000001
	L_BUNDLE movl r29=0x4000c000ffff0003
	L_BUNDLE movl r30=0x400ff0201
	L_BUNDLE movl r31=0x701ff0402
	M_BUNDLE cmp.ne p6,p0=r0,r0
	I_BUNDLE padd1.sss r16=r20,r21
	I_BUNDLE psub2.uus r17=r22,r23
	I_BUNDLE pavgsub1 r18=r24,r25
	I_BUNDLE pcmp2.gt r19=r26,r27
	I_BUNDLE pshladd2 r2=r28,2,r29
	I_BUNDLE pavg1.raz r3=r30,r31
	L_BUNDLE movl r22=0x480007fffffff
	L_BUNDLE movl r23=0x380007fff0001
	L_BUNDLE movl r25=0x5
	M_BUNDLE pshradd2 r24=r22,1,r23
	I_BUNDLE (p6) padd4 r25=r20,r21
	I_BUNDLE pcmp1.eq r26=r20,r20
	I_BUNDLE mov r15=1236
	BREAK_BUNDLE
	.endp _start
