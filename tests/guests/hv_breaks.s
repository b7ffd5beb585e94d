// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 000000000000000b\n0000000000000000\n0000020000000000\n0000000000100000\n0000000000000000\n000000000000000b\n0000000000000000\n0000040000000000\n000000000001ffff\n0000000000000000\n000000000000000b\n0000000000000000\n0000020000000000\n0000000000100000\n0000000000000000\n000000000000000b\n0000000000000000\n0000000000000000\n0000000000001234\nfffffffffffffff0\n
// hv_breaks: Break Instruction faults at each slot, natively and under the
// hypervisor (hv_breaks_xen.s), which reflects a break that is no
// hyperprivop where the break runs when an instruction of its bundle
// completed before it (hv/reflect.c, hv_reflect_break_now), else through
// the fault: the same records either way.  The kernel maps this image at
// its region-1 alias as hv_reflect does; each break is reflected to the
// virtual IVT, whose handler returns past it at PL0.  Printed per record:
// vector, IIP (less the break's bundle: 0), ISR (ei: the slot), IIM and
// IIPA (less the break's bundle: 0, or -16 for a break in slot 0, whose
// bundle before completed last: SDM vol. 2, 3.3.5.6):
//  0 a user task's break in slot 1 (CPL 3), after a nop.m that completed;
//  1 a user task's break in slot 2 (break.i);
//  2 a kernel break in slot 1 (the kernel's own: not a hyperprivop);
//  3 a kernel break in slot 0, after a bundle of nops.
	.explicit
	.include "hv.inc"

	R1 = 1 << 61

	.macro SHOW n, label
	RECORD r8, \n, F_VEC
	PUTHEX r8
	RECORD r8, \n, F_IIP
	movl r24 = \label + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	RECORD r8, \n, F_ISR
	PUTHEX r8
	RECORD r8, \n, F_IIM
	PUTHEX r8
	RECORD r8, \n, F_IIPA
	movl r24 = \label + R1 ;;
	sub r8 = r8, r24 ;;
	PUTHEX r8
	.endm

	ENTRY _start
	IVT_START
	movl r8 = ivt + R1 ;;
	mov cr.iva = r8 ;;
	movl r8 = R1
	movl r9 = 0x4230 ;;
	V_SET_RR
	movl r24 = 0x2000000000100000
	mov r25 = 20 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	mov r8 = 0
	movl r9 = 0x1007e1 ;;                    // p, a, d, pl 3, ar 3 (RWX)
	V_ITR_D
	movl r8 = 0x1007e1 ;;
	V_ITC_I
	V_RFI_TO user1 + R1, IC | DT | RT | IT | (3 << 32)
k1:
	V_RFI_TO user2 + R1, IC | DT | RT | IT | (3 << 32)
k2:
	{ .mmi
	nop.m 0
	break.m 0x100000
	nop.i 0 ;;
	}
	{ .mii
	nop.m 0
	nop.i 0
	nop.i 0 ;;
	}
kb0:
	{ .mii
	break.m 0x1234
	nop.i 0
	nop.i 0 ;;
	}
	V_RSM_DT
	SHOW 0, user1
	SHOW 1, user2
	SHOW 2, k2
	SHOW 3, kb0
	NREC 4, 1
	IVT_EXIT

	// the user tasks (CPL 3)
	.align 16
user1:
	{ .mmi
	nop.m 0
	break.m 0x100000
	nop.i 0 ;;
	}
	br.sptk.many k1 ;;                       // IP-relative: stays in the alias
user2:
	{ .mmi
	nop.m 0
	nop.m 0
	break.i 0x1ffff ;;
	}
	br.sptk.many k2 ;;

	HV_IVT_COMMON
	.align 32768
ivt:
	VEC 11, 0x2c00, V_SKIP | V_PL0
	.org ivt + 0x8000
	.endp _start
