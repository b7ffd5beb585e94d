// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_physets: physical and virtual references to one address, PSR.dt
// switched between them (SDM rev. 2.3 vol. 2, 4.1: with PSR.dt = 0 a data
// reference is physical; with PSR.dt = 1 the DTLB translates it).  VA
// 0x200000 (region 0, rid 0, 4 KiB pages, walker off) maps to PA 0x300000
// (itc.d); PA 0x200000 holds V1, PA 0x300000 V2.  Each switch is an rsm or
// ssm of PSR.dt (ia64emu keeps the physical references' soft-TLB entries
// apart and across the switches: memory.h, MEM_PHYS):
// - dt 0: 0x200000 reads V1; dt 1: V2; dt 0: V1 again, then stores V3;
// - dt 1: reads V2, stores V4; dt 0: 0x200000 reads V3, 0x300000 V4;
// - dt 1: reads V4.
	.explicit
	.include "ivt.inc"

	ADDR = 0x200000
	V1 = 0x1111111111111111
	V2 = 0x2222222222222222
	V3 = 0x3333333333333333
	V4 = 0x4444444444444444

	ENTRY _start
	IVT_START
	movl r8 = 0x200000
	movl r9 = V1 ;;
	st8 [r8] = r9
	movl r8 = 0x300000
	movl r9 = V2 ;;
	st8 [r8] = r9
	ITC_D ADDR, 0x30, 0x300461
	PSR_RFI IC
	movl r24 = ADDR
	movl r25 = 0x300000 ;;
	ld8 r14 = [r24] ;;                       // physical: V1
	ssm DT ;;
	srlz.d ;;
	ld8 r15 = [r24] ;;                       // virtual: V2
	rsm DT ;;
	srlz.d ;;
	ld8 r16 = [r24] ;;                       // physical: V1
	movl r9 = V3 ;;
	st8 [r24] = r9 ;;
	ssm DT ;;
	srlz.d ;;
	ld8 r17 = [r24] ;;                       // virtual: V2
	movl r9 = V4 ;;
	st8 [r24] = r9 ;;
	rsm DT ;;
	srlz.d ;;
	ld8 r18 = [r24] ;;                       // physical: V3
	ld8 r19 = [r25] ;;                       // physical: V4
	ssm DT ;;
	srlz.d ;;
	ld8 r20 = [r24] ;;                       // virtual: V4
	rsm DT ;;
	srlz.d ;;
	SCHECK r14, V1, 1
	SCHECK r15, V2, 2
	SCHECK r16, V1, 3
	SCHECK r17, V2, 4
	SCHECK r18, V3, 5
	SCHECK r19, V4, 6
	SCHECK r20, V4, 7
	NREC 0, 8
	IVT_EXIT
	.endp _start

	TLB_IVT
