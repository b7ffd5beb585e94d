// link: -Ttext=0x100000
// run: --max-insns=5000000
// expect-stdin: hello, ski\n
// expect-stdout: hello, ski\n
// expect-exit: 0
// sys_console: Ski's console interrupt and the SSC interrupt calls
// (issue 4, section 7), with the guest's own IVT.  SSC CONNECT_INTERRUPT
// (58) connects the keyboard, interrupt type 3, to vector 0x41 (as Linux's
// simserial driver does with the vector it allocates) and the clock
// timer, type 4, to 0x42.  With PSR.i set and TPR 0 the program spins;
// stdin (a file) is looked at every 100 000 instructions, and the bytes
// waiting pend 0x41: the External Interrupt handler reads IVR, takes the
// characters with SSC GETCHAR until it returns 0, echoes each with
// PUTCHAR, and EOIs -- one interrupt for the whole input.  Then SSC
// GENERATE_INTERRUPT (59) of type 4 is delivered right after its break,
// SSC SET_PERIODIC_INTERRUPT (60) of type 4 every 1000 instructions pends
// 0x42 at exactly that ITC spacing until it is set to 0, and at end of
// file the console raises nothing more.
	.explicit
	.include "ivt.inc"

	I = 1 << 14
	NCHARS = 0x80080                         // characters echoed by the handler
	NKBD = 0x80088                           // console interrupts taken
	KBDIVR = 0x80090                         // the console handler's IVR read
	NCLK = 0x80098                           // clock-type interrupts taken
	CLKREC = 0x800c0                         // their IVR read and entry ITC, 16 bytes each

	ENTRY _start
	IVT_START
	SSC 20                                   // CONSOLE_INIT
	mov r32 = 3
	mov r33 = 0x41
	SSC 58                                   // keyboard -> 0x41
	mov r32 = 4
	mov r33 = 0x42
	SSC 58                                   // clock timer -> 0x42
	mov cr.tpr = r0 ;;
	srlz.d ;;
	ssm IC | I ;;
	srlz.d ;;
	// 1: the console interrupt echoes the input
	movl r29 = NCHARS ;;
spin:
	ld8 r28 = [r29] ;;
	cmp.gtu p15, p0 = 11, r28
(p15)	br.cond.sptk spin ;;
	movl r29 = NKBD ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 1, 1
	movl r29 = KBDIVR ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 0x41, 2
	// 2: GENERATE_INTERRUPT: taken after the break, before the next instruction
	mov r32 = 4
	SSC 59
	movl r29 = NCLK ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 1, 3
	movl r29 = CLKREC ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 0x42, 4
	// 3: SET_PERIODIC_INTERRUPT every 1000 instructions, three times
	mov r32 = 4
	mov r33 = 1000
	SSC 60
	movl r29 = NCLK ;;
wait:
	ld8 r28 = [r29] ;;
	cmp.gtu p15, p0 = 4, r28
(p15)	br.cond.sptk wait ;;
	mov r32 = 4
	mov r33 = 0
	SSC 60                                   // stops it
	movl r29 = CLKREC + 16 ;;
	ld8 r28 = [r29], 8 ;;
	SCHECK r28, 0x42, 5
	ld8 r24 = [r29], 8 ;;                    // entry ITC of the first
	ld8 r28 = [r29], 8 ;;
	SCHECK r28, 0x42, 6
	ld8 r25 = [r29], 8 ;;
	ld8 r28 = [r29], 8 ;;
	SCHECK r28, 0x42, 7
	ld8 r26 = [r29] ;;
	sub r28 = r25, r24 ;;
	SCHECK r28, 1000, 8
	sub r28 = r26, r25 ;;
	SCHECK r28, 1000, 9
	// 4: 150 000 instructions on: no more clock interrupts, and none of
	// the console at end of file
	movl r24 = 50000 ;;
idle:
	adds r24 = -1, r24 ;;
	cmp.ne p15, p0 = 0, r24
(p15)	br.cond.sptk idle ;;
	movl r29 = NCLK ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 4, 10
	movl r29 = NKBD ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 1, 11
	movl r29 = NCHARS ;;
	ld8 r28 = [r29] ;;
	SCHECK r28, 11, 12
	rsm I ;;
	IVT_EXIT
	.endp _start

	// the External Interrupt handler (bank 0: r16-r23, p6 and p7; the
	// SSC calls' r8, r15 and r32 are saved and restored)
ext:
	mov r16 = cr.ivr ;;
	srlz.d ;;
	cmp.eq p6, p7 = 0x41, r16
(p7)	br.cond.sptk clk ;;
	mov r17 = r8
	mov r18 = r15
	mov r19 = r32
	movl r21 = KBDIVR ;;
	st8 [r21] = r16
	movl r21 = NKBD ;;
	ld8 r22 = [r21] ;;
	adds r22 = 1, r22 ;;
	st8 [r21] = r22
getc:
	mov r15 = 21 ;;                          // GETCHAR
	break.m 0x80001 ;;
	cmp.eq p6, p0 = 0, r8
(p6)	br.cond.spnt getc_done ;;
	mov r32 = r8
	mov r15 = 31 ;;                          // PUTCHAR
	break.m 0x80001 ;;
	movl r21 = NCHARS ;;
	ld8 r22 = [r21] ;;
	adds r22 = 1, r22 ;;
	st8 [r21] = r22
	br.cond.sptk getc ;;
getc_done:
	mov r8 = r17
	mov r15 = r18
	mov r32 = r19
	br.cond.sptk eoi ;;
	// type 4: the IVR read and the entry ITC (r20) at CLKREC + 16 * n
clk:
	movl r21 = NCLK ;;
	ld8 r22 = [r21] ;;
	adds r23 = 1, r22
	shl r22 = r22, 4 ;;
	st8 [r21] = r23
	movl r21 = CLKREC ;;
	add r21 = r21, r22 ;;
	st8 [r21] = r16, 8 ;;
	st8 [r21] = r20
eoi:
	mov cr.eoi = r0 ;;
	srlz.d ;;
	rfi ;;

	.align 32768
ivt:
	.org ivt + 0x3000
{ .mib
	mov r20 = ar.itc                         // first: the count at delivery
	nop.i 0
	br.sptk.many ext ;;
}
	.org ivt + 0x8000
