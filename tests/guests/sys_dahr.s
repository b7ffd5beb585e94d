// link: -Ttext=0x100000
// expect-exit: 0
// sys_dahr: the data access hint registers of the Itanium 9500 (M50
// mov dahr = imm16, M43 mov r1 = dahr[r3]) hold what was written (hints:
// they change no access), and vmsw.0 / vmsw.1 raise Illegal Operation
// (General Exception, vector 24, ISR.code 0), as on a processor without
// the virtualization extension, which ia64emu models (docs/system.md).
	.explicit
	.include "ivt.inc"

	ENTRY _start
	IVT_START
	ssm IC ;;
	srlz.d ;;
	mov r9 = 3
	mov r10 = 0 ;;
{ .mii
	mov dahr3 = 0x1234
	nop.i 0
	nop.i 0 ;;
}
{ .mii
	mov r8 = dahr[r9]
	nop.i 0
	nop.i 0 ;;
}
	SCHECK r8, 0x1234, 1
{ .mii
	mov r8 = dahr[r10]
	nop.i 0
	nop.i 0 ;;
}
	SCHECK r8, 0, 2
vm0:
{ .mib
	nop.m 0
	nop.i 0
	vmsw.0 ;;
}
vm1:
{ .mib
	nop.m 0
	nop.i 0
	vmsw.1 ;;
}
	NREC 2, 3
	RECORD r8, 0, F_VEC
	SCHECK r8, 24, 4
	RECORD r8, 0, F_ISR
	SCHECK r8, 2 << 41, 5                    // code 0 (illegal operation), ei 2
	RECORD r8, 0, F_IIP
	SCHECK r8, vm0, 6
	RECORD r8, 1, F_IIP
	SCHECK r8, vm1, 7
	IVT_EXIT
	IVT_COMMON
	.endp _start

	.align 32768
ivt:
	VEC 24, 0x5400, V_SKIP
	.org ivt + 0x8000
