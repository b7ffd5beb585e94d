// expect-exit: 0
// expect-state: gr[16]=0xa7b7a5b5a3b3a1b1 gr[17]=0xa3a2b3b2a1a0b1b0 gr[18]=0x1713161215111410
// expect-state: gr[19]=0xaaaa111122223333 gr[24]=0x01ff7f807f7f8080 gr[26]=0x000080000002ffff
// expect-state: gr[25]=0xf80007ffffff0001 gr[27]=0x080007ff0fff0001 gr[31]=0x0000fff0ff000100
// expect-state: gr[30]=0x0000000f00000018 gr[2]=0x1011121314151617 gr[3]=0x80
// expect-state: gr[29]=0x007fff00f0001000
// mm_perm: the I-unit multimedia forms in a user-mode guest: mix1.l,
// unpack2.l, mux1 @shuf and @rev, mux2 0x1b (reverse the halfwords),
// pack2.sss, pmpyshr2 by 15, pshr2 / pshl2 by a register count of 4,
// pshr2.u by an immediate 4, pshl4 by an immediate 8, pmpy2.l and psad1.
// Values worked out by hand from the SDM pseudo-code.  Static registers
// only; exit_group(0).
	.explicit
	.include "bundles.inc"
	ENTRY _start
	L_BUNDLE movl r20=0xa7a6a5a4a3a2a1a0
	L_BUNDLE movl r21=0xb7b6b5b4b3b2b1b0
	L_BUNDLE movl r22=0x1716151413121110
	L_BUNDLE movl r23=0x333322221111aaaa
	L_BUNDLE movl r24=0x7f0080ff80ff7f
	L_BUNDLE movl r25=0x1ffff12348000
	L_BUNDLE movl r26=0x380000100ffff
	L_BUNDLE movl r27=0x5800001000002
	L_BUNDLE movl r28=0x80007ffffff00010
	L_BUNDLE movl r29=0x4
	L_BUNDLE movl r30=0x3ffff00048000
	L_BUNDLE movl r31=0x5000200068000
	I_BUNDLE mix1.l r16=r20,r21
	I_BUNDLE unpack2.l r17=r20,r21
	I_BUNDLE mux1 r18=r22,@shuf
	I_BUNDLE mux2 r19=r23,0x1b
	I_BUNDLE pack2.sss r24=r24,r25
	I_BUNDLE pmpyshr2 r26=r26,r27,15
	I_BUNDLE pmpy2.l r30=r30,r31
	I_BUNDLE pshr2 r25=r28,r29
	I_BUNDLE pshr2.u r27=r28,4
	I_BUNDLE pshl2 r31=r28,r29
	I_BUNDLE mux1 r2=r22,@rev
	I_BUNDLE psad1 r3=r20,r21
	I_BUNDLE pshl4 r29=r28,8
	I_BUNDLE mov r15=1236
	BREAK_BUNDLE
	.endp _start
