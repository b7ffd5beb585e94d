// link: -Ttext=0x100000
// args: one two
// expect-exit: 7
// expect-stdout: one two\n
// expect-state: gr[16]=0x7 gr[18]=0x1 gr[19]=0x1 gr[20]=0x1
// ski_ssc: SSC GET_ARGS and GET_RTC in system mode.  GET_ARGS (r15 = 75)
// copies the arguments given after the image ("one two"), joined by
// spaces and NUL-terminated, to the buffer at r32 and returns their length
// without the NUL in r8 (r16 = 7); the program prints the buffer with SSC
// PUTCHAR.  GET_RTC (r15 = 65) writes eight 32-bit words at r32: year -
// 1900, month 0-11, day 1-31, hour, minute, second, millisecond, weekday:
// r18 = 1 when the month is below 12, r19 = 1 when the year is 2025 or
// later (125 and up), r20 = 1 when the day is between 1 and 31.  Exits
// through SSC EXIT with the length, 7.  Buffers are at physical 0x200000.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r2=ar.pfs,0,1,0,0
	movl r14=0x200000
	mov r15=75 ;;
	mov r32=r14 ;;
	break.m 0x80001 ;;
	mov r16=r8 ;;
print:
	ld1 r9=[r14],1 ;;
	cmp.eq p6,p0=0,r9
	mov r32=r9
	mov r15=31 ;;
(p6)	br.cond.dpnt.few printed ;;
	break.m 0x80001
	br.cond.sptk.few print ;;
printed:
	mov r32=10
	SSC 31
	movl r14=0x200100
	mov r15=65 ;;
	mov r32=r14 ;;
	break.m 0x80001 ;;
	ld4 r9=[r14],4 ;;
	ld4 r10=[r14],4
	cmp.le p7,p0=125,r9 ;;
	ld4 r11=[r14]
	cmp.gtu p6,p0=12,r10
	mov r18=0
	mov r19=0 ;;
(p6)	mov r18=1
(p7)	mov r19=1
	adds r11=-1,r11
	mov r20=0 ;;
	cmp.gtu p8,p0=31,r11 ;;
(p8)	mov r20=1
	SSC_EXIT r16
	.endp _start
