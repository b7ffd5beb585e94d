// link: -Ttext=0x100000
// expect-exit: 0
// expect-state: gr[20]=125 gr[21]=0 gr[22]=1 gr[23]=1 gr[24]=1 gr[25]=1 gr[26]=0 gr[27]=3
// ski_time: without --realtime the guest's clocks follow its ITC (README,
// "Determinism"): wall-clock time is 2025-01-01 00:00:00 UTC plus ITC at
// 100 MHz.  The program sets ar.itc to 3661 s worth of ticks and reads
// SSC GET_RTC (r15 = 65): eight 32-bit words at r32, loaded into r20-r27:
// year - 1900 = 125, month 0, day 1, 01:01:01, 0 ms, weekday 3 (a
// Wednesday).  Buffers are at physical 0x200000.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r2=ar.pfs,0,1,0,0
	movl r14=0x553d42ad00 ;;                // 3661 * 100,000,000 ticks
	mov ar.itc=r14 ;;
	movl r32=0x200000
	mov r15=65 ;;
	break.m 0x80001 ;;
	movl r14=0x200000 ;;
	ld4 r20=[r14],4 ;;
	ld4 r21=[r14],4 ;;
	ld4 r22=[r14],4 ;;
	ld4 r23=[r14],4 ;;
	ld4 r24=[r14],4 ;;
	ld4 r25=[r14],4 ;;
	ld4 r26=[r14],4 ;;
	ld4 r27=[r14],4 ;;
	SSC_EXIT r0
	.endp _start
