// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: sys_uart: hello through the 8250\n
// sys_uart: the 8250 UART of Ski's system platform at physical 0xff5e0000
// (docs/system.md), transmit only.  The guest checks the registers a quiet
// 8250 shows (IIR 0x01, LSR 0x60, MSR 0xb0, LCR, MCR and SCR read back),
// that the divisor latch (LCR.dlab) takes offsets 0 and 1 without
// printing, that loopback mode (MCR bit 4) maps DTR, RTS, OUT1, OUT2 to
// DSR, CTS, RI, DCD and drops what is written to THR, then prints its
// message byte by byte, waiting for LSR.thre before each store to THR;
// the newline goes by a 4-byte store, through the uncacheable alias (bit
// 63 set).  The 16550 side: FCR bit 0 turns IIR's FIFO bits 7:6 on (how
// Linux's 8250 driver tells a 16550A); enabling the transmitter-empty
// interrupt (IER bit 1) with THR empty makes IIR report it (0x02) until
// IIR is read or THR written.  A failing check exits with its number.
	.explicit
	.include "check.inc"

	UART = 0xff5e0000

	// REG r, off: r = the address of UART register off
	.macro REG r, off
	movl \r = UART + \off ;;
	.endm

	ENTRY _start
	alloc r2 = ar.pfs, 0, 2, 0, 0
	REG r20, 0
	REG r21, 1
	REG r22, 2
	REG r23, 3
	REG r24, 4
	REG r25, 5
	REG r26, 6
	REG r27, 7
	ld1 r8 = [r22] ;;
	CHECK r8, 0x01, 1                       // IIR: nothing pending
	ld1 r8 = [r25] ;;
	CHECK r8, 0x60, 2                       // LSR: THRE | TEMT
	ld1 r8 = [r26] ;;
	CHECK r8, 0xb0, 3                       // MSR: CTS, DSR, DCD
	ld1 r8 = [r20] ;;
	CHECK r8, 0, 4                          // RBR: no data
	// divisor latch: 115200 baud / 1 = 0x0001; nothing is printed
	mov r9 = 0x83 ;;
	st1 [r23] = r9 ;;                       // LCR: dlab, 8 bits
	mov r9 = 0x41 ;;
	st1 [r20] = r9                          // DLL
	mov r9 = 0x02 ;;
	st1 [r21] = r9 ;;                       // DLM
	ld1 r8 = [r20] ;;
	CHECK r8, 0x41, 5
	ld1 r8 = [r21] ;;
	CHECK r8, 0x02, 6
	mov r9 = 0x03 ;;
	st1 [r23] = r9 ;;                       // LCR: 8N1, dlab clear
	ld1 r8 = [r23] ;;
	CHECK r8, 0x03, 7
	ld1 r8 = [r21] ;;
	CHECK r8, 0, 8                          // IER
	mov r9 = 0x5a ;;
	st1 [r27] = r9 ;;
	ld1 r8 = [r27] ;;
	CHECK r8, 0x5a, 9                       // SCR
	// loopback: MCR = loop | OUT2 | DTR -> MSR = DCD | DSR
	mov r9 = 0x19 ;;
	st1 [r24] = r9 ;;
	ld1 r8 = [r24] ;;
	CHECK r8, 0x19, 10
	ld1 r8 = [r26] ;;
	CHECK r8, 0xa0, 11
	mov r9 = 0x58 ;;
	st1 [r20] = r9 ;;                       // 'X' goes nowhere
	mov r9 = 0x0b ;;
	st1 [r24] = r9 ;;                       // MCR: OUT2, RTS, DTR
	ld1 r8 = [r26] ;;
	CHECK r8, 0xb0, 12
	// 16550: FIFOs on, then the transmitter-empty interrupt
	mov r9 = 0x01 ;;
	st1 [r22] = r9 ;;                       // FCR: enable the FIFOs
	ld1 r8 = [r22] ;;
	CHECK r8, 0xc1, 14                      // IIR: FIFOs on, nothing pending
	mov r9 = 0x02 ;;
	st1 [r21] = r9 ;;                       // IER: ETBEI
	ld1 r8 = [r22] ;;
	CHECK r8, 0xc2, 15                      // THR empty: pending ...
	ld1 r8 = [r22] ;;
	CHECK r8, 0xc1, 16                      // ... and cleared by that read
	st1 [r21] = r0 ;;                       // IER: none
	mov r9 = 0x06 ;;
	st1 [r22] = r9 ;;                       // FCR: FIFOs off, receiver cleared
	ld1 r8 = [r22] ;;
	CHECK r8, 0x01, 17

	movl r14 = msg ;;
next:
	ld1 r15 = [r14], 1 ;;
	cmp.eq p6, p0 = 0, r15
(p6)	br.cond.dpnt.few done ;;
wait:
	ld1 r8 = [r25] ;;
	tbit.z p7, p0 = r8, 5
(p7)	br.cond.dpnt.few wait ;;
	st1 [r20] = r15
	br.cond.sptk.few next ;;
done:
	movl r16 = 0x8000000000000000 + UART ;;
	mov r9 = 10 ;;
	st4 [r16] = r9 ;;
	ld4 r8 = [r16] ;;
	CHECK r8, 0, 13                         // RBR through a 4-byte load
	SSC_FAIL_EXIT
	.endp _start

	.align 16
msg:
	.asciz "sys_uart: hello through the 8250"
