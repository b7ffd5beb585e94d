// link: -Ttext=0x100000
// expect-exit: 0
// sys_tlb_rr: a region register's new value takes effect for the
// addresses of its region at once, and for no others (SDM rev. 2.3 vol. 2,
// 4.1.2: the region register of a reference selects the RID its
// translation is looked up with).  Region 1 (rid 0x42) maps VA1 to
// physical 0x200000 and region 2 (rid 0x43) VA3 to 0x202000, by itc.d,
// 4 KiB pages, the VHPT walker off.  With PSR.dt on, loads through both
// are made (so any cached translation of them is warm); then rr1 gets
// rid 0x44, which nothing maps: a load through VA1 takes an Alternate
// Data TLB fault (vector 4, IFA = VA1) and the handler skips it, while
// VA3 still translates; rr1 back to rid 0x42 finds its TC entry again.
	.explicit
	.include "ivt.inc"

	VA1 = 0x2000000000004000
	VA3 = 0x4000000000004000
	VAL_A = 0x1111222233334444
	VAL_C = 0x5555666677778888

	ENTRY _start
	IVT_START
	movl r24 = 0x200000
	movl r25 = VAL_A ;;
	st8 [r24] = r25
	movl r24 = 0x202000
	movl r25 = VAL_C ;;
	st8 [r24] = r25 ;;
	SETRR 0x2000000000000000, 0x4230
	SETRR 0x4000000000000000, 0x4330
	ITC_D VA1, 0x30, 0x200461
	ITC_D VA3, 0x30, 0x202461
	PSR_RFI IC | DT
	movl r24 = VA1 ;;
	ld8 r26 = [r24]
	movl r24 = VA3 ;;
	ld8 r27 = [r24]
	SETRR 0x2000000000000000, 0x4430
	movl r24 = VA1
	mov r14 = r0 ;;
	M_BUNDLE ld8 r14 = [r24]
	movl r24 = VA3 ;;
	ld8 r12 = [r24]
	SETRR 0x2000000000000000, 0x4230
	movl r24 = VA1 ;;
	ld8 r13 = [r24]
	rsm DT ;;
	srlz.d ;;
	SCHECK r26, VAL_A, 1
	SCHECK r27, VAL_C, 2
	SCHECK r14, 0, 3                         // the faulting load was skipped
	SCHECK r12, VAL_C, 4
	SCHECK r13, VAL_A, 5
	NREC 1, 6
	RECORD r8, 0, F_VEC
	SCHECK r8, 4, 7
	RECORD r8, 0, F_IFA
	SCHECK r8, VA1, 8
	IVT_EXIT
	.endp _start

	TLB_IVT
