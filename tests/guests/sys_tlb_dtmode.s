// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_dtmode: turning PSR.dt off and on (rsm, ssm) between loads of
// one address, in a loop hot enough for the translator: each load
// translates as PSR.dt says at that moment (SDM vol. 2, 4.1): what the
// soft TLBs and a translated block remember of one mode must not serve
// the other (memory.h, jit.c).
// rr0 = 0x4230 (rid 0x42, 4 KiB pages, walker off); dtr0 maps VA =
// 0x300000 to PA 0x200000, which holds 0x11; PA 0x300000 holds 0x77.
	.explicit
	.include "ivt.inc"

	VA = 0x300000

	ENTRY _start
	IVT_START
	movl r8 = 0x200000
	mov r9 = 0x11 ;;
	st8 [r8] = r9
	movl r8 = 0x300000
	mov r9 = 0x77 ;;
	st8 [r8] = r9
	SETRR 0, 0x4230
	ITR_D 0, VA, 0x30, 0x200461
	PSR_RFI DT
	movl r24 = VA
	mov r27 = 100
	mov r9 = 0
	mov r10 = 0 ;;
.Lloop:
	ld8 r25 = [r24] ;;                       // translated: PA 0x200000
	rsm DT ;;
	srlz.d ;;
	ld8 r26 = [r24] ;;                       // physical: PA 0x300000
	ssm DT ;;
	srlz.d ;;
	ld8 r11 = [r24] ;;                       // translated again
	add r9 = r9, r25
	add r10 = r10, r26
	adds r27 = -1, r27 ;;
	add r9 = r9, r11
	cmp.lt p8, p0 = r0, r27
(p8)	br.cond.sptk.few .Lloop ;;
	SCHECK r9, 200 * 0x11, 1
	SCHECK r10, 100 * 0x77, 2
	IVT_EXIT
	.endp _start

	TLB_IVT
