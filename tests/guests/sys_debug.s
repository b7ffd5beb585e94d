// link: -Ttext=0x100000
// expect-exit: 0
// sys_debug: the Debug vector (0x5900) with data and instruction
// breakpoints (SDM vol. 2, 7.1.1: dbr/ibr pairs, address, mask{55:0},
// plm{59:56}, dbr w{62} r{63}, ibr x{63}), PSR.dd and PSR.id, the
// Unsupported Data Reference vector (0x5b00) for a semaphore to an
// uncacheable page, and Unimplemented Data Address on the General
// Exception vector with ISR.code 0x30.  Records as in sys_ivt (ivt.inc).
	.explicit
	.include "ivt.inc"

	DB = 1 << 24
	ID = 1 << 37
	DD = 1 << 39
	R = 1 << 34
	W = 1 << 33
	X = 1 << 32
	MASK = 0x00ffffffffffffff
	PLM0 = 1 << 56
	PLM3 = 1 << 59
	DBR_R = 1 << 63
	DBR_W = 1 << 62
	DATA = 0x90100

	// PSR.db is bit 24, beyond ssm/rsm's imm24: mov psr.l (uses r8)
	.macro SETPSR val
	movl r8 = \val ;;
	mov psr.l = r8 ;;
	srlz.i ;;
	.endm

	.macro SETDBR n, addr, m
	mov r10 = \n
	movl r11 = \addr ;;
	mov dbr[r10] = r11
	mov r10 = \n + 1
	movl r11 = \m ;;
	mov dbr[r10] = r11 ;;
	srlz.d ;;
	.endm

	ENTRY _start
	IVT_START
	SETPSR IC | DB
	movl r9 = DATA ;;
	// 1: a read breakpoint on DATA: hit with IFA and ISR.r, ei
	SETDBR 0, DATA, DBR_R | PLM0 | MASK
d1:
{ .mmi
	nop.m 0
	ld8 r10 = [r9]
	nop.i 0 ;;
}
	NREC 1, 1
	RECORD r8, 0, F_VEC
	SCHECK r8, 29, 2
	RECORD r8, 0, F_IFA
	SCHECK r8, DATA, 3
	RECORD r8, 0, F_ISR
	SCHECK r8, R | (1 << 41), 4
	RECORD r8, 0, F_IIP
	SCHECK r8, d1, 5
	RECORD r8, 0, F_IIPA
	SCHECK r8, d1, 6
	// 2: misses: another byte the mask compares, a store to a read
	// breakpoint, a PL3-only breakpoint at PL0; bytes of the access
	// that the mask ignores still match (ld8 at DATA with addr DATA + 4)
	adds r11 = 8, r9 ;;
	ld8 r10 = [r11] ;;
	st8 [r9] = r10 ;;
	NREC 1, 10
	SETDBR 0, DATA + 4, DBR_R | PLM0 | MASK
	ld8 r10 = [r9] ;;
	NREC 2, 11
	RECORD r8, 1, F_IFA
	SCHECK r8, DATA, 12
	SETDBR 0, DATA, DBR_R | PLM3 | MASK
	ld8 r10 = [r9] ;;
	NREC 2, 13
	// 3: a write breakpoint: stores hit (ISR.w), loads miss
	SETDBR 0, DATA, DBR_W | PLM0 | MASK
	ld8 r10 = [r9] ;;
{ .mmi
	st4 [r9] = r10
	nop.m 0
	nop.i 0 ;;
}
	NREC 3, 20
	RECORD r8, 2, F_ISR
	SCHECK r8, W, 21
	// 4: a mask that ignores bits 11:0: any byte of the page
	SETDBR 0, DATA, DBR_R | DBR_W | PLM0 | (MASK & ~0xfff)
	adds r11 = 0x40, r9 ;;
{ .mmi
	ld1 r10 = [r11]
	nop.m 0
	nop.i 0 ;;
}
	NREC 4, 30
	RECORD r8, 3, F_IFA
	SCHECK r8, DATA + 0x40, 31
	// 5: PSR.dd: the first instruction after rfi is not checked, the
	// next one is
	movl r11 = DATA                          // RFI_TO uses r9
	RFI_TO d5, IC | DB | DD
	rfi ;;
d5:
	ld8 r10 = [r11] ;;
	ld8 r10 = [r11] ;;
	NREC 5, 40
	RECORD r8, 4, F_IPSR
	SCHECK r8, IC | DB | (1 << 41), 41      // slot 1; dd cleared
	// 6: PSR.db = 0: nothing
	SETPSR IC
	movl r9 = DATA ;;
	ld8 r10 = [r9] ;;
	NREC 5, 50
	SETDBR 0, 0, 0

	// 7: an instruction breakpoint on bundle i7: Instruction Debug
	// before each instruction of it (IFA = IIP = i7, ISR.x, ei); the
	// handler skips the slot, so none runs
	mov r10 = 0
	movl r11 = i7 ;;
	mov ibr[r10] = r11
	mov r10 = 1
	movl r11 = (1 << 63) | PLM0 | MASK ;;
	mov ibr[r10] = r11 ;;
	mov r24 = 0
	mov r25 = 0
	mov r26 = 0 ;;
	SETPSR IC | DB
i7:
{ .mii
	adds r24 = 1, r24
	adds r25 = 2, r25
	adds r26 = 4, r26 ;;
}
	SETPSR IC
	NREC 8, 60
	RECORD r8, 5, F_VEC
	SCHECK r8, 29, 61
	RECORD r8, 5, F_IIP
	SCHECK r8, i7, 62
	RECORD r8, 5, F_IFA
	SCHECK r8, i7, 63
	RECORD r8, 5, F_ISR
	SCHECK r8, X, 64
	RECORD r8, 7, F_ISR
	SCHECK r8, X | (2 << 41), 65
	add r24 = r24, r25 ;;                    // the slots' marks: 1, 2, 4
	add r24 = r24, r26 ;;
	SCHECK r24, 0, 66
	// again on bundle i7b, through rfi with IPSR.id: slot 0 runs, slots
	// 1 and 2 fault
	mov r10 = 0
	movl r11 = i7b + 8 ;;                    // addr{3:0} is ignored
	mov ibr[r10] = r11
	mov r24 = 0
	mov r25 = 0
	mov r26 = 0 ;;
	RFI_TO i7b, IC | DB | ID
	rfi ;;
i7b:
{ .mii
	adds r24 = 1, r24
	adds r25 = 2, r25
	adds r26 = 4, r26 ;;
}
	SETPSR IC
	NREC 10, 67
	RECORD r8, 8, F_ISR
	SCHECK r8, X | (1 << 41), 68
	RECORD r8, 8, F_IIP
	SCHECK r8, i7b, 69
	RECORD r8, 8, F_IPSR
	SCHECK r8, IC | DB | (1 << 41), 70       // id cleared
	add r24 = r24, r25 ;;
	add r24 = r24, r26 ;;
	SCHECK r24, 1, 71
	mov r10 = 1
	mov r11 = 0 ;;
	mov ibr[r10] = r11 ;;

	// 8: Unsupported Data Reference: xchg to an uncacheable (bit 63)
	// physical address; IFA, ISR.r and w
	movl r9 = (1 << 63) | DATA ;;
	mov r10 = 7 ;;
u8:
	xchg8 r11 = [r9], r10 ;;
	NREC 11, 72
	RECORD r8, 10, F_VEC
	SCHECK r8, 31, 73
	RECORD r8, 10, F_IFA
	SCHECK r8, (1 << 63) | DATA, 74
	RECORD r8, 10, F_ISR
	SCHECK r8, R | W, 75
	// 9: Unimplemented Data Address: General Exception, ISR.code 0x30
	movl r9 = 1 << 50 ;;
	ld8 r10 = [r9] ;;
	NREC 12, 80
	RECORD r8, 11, F_VEC
	SCHECK r8, 24, 81
	RECORD r8, 11, F_ISR
	SCHECK r8, 0x30, 82

	IVT_EXIT
	.endp _start

	IVT_COMMON

	.align 32768
ivt:
	VEC 24, 0x5400, V_SKIP
	VEC 29, 0x5900, V_SKIP
	VEC 31, 0x5b00, V_SKIP
	.org ivt + 0x8000
