// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 0000000000000050\na800000000000000\n
// hv_hpnow: the hyperprivops the hypervisor services where their break
// runs and then goes on in the run (hv/hyperprivop.c, hyperprivop_now:
// RSM_DT, SSM_DT, ITC_D), natively and under the hypervisor
// (hv_hpnow_xen.s), in a loop hot enough to be translated (jit.h,
// JIT_HOT), with translation on (PL0 at this image's region-1 alias, as
// hv_breaks), so that RSM_DT and SSM_DT switch metaphysical mode each
// time (a region flush whose physical fills are logged: memory.c).  Each
// of 80 passes: ITC_D of a 4 KiB page of region 1 at a new address to
// `val`'s page, then at once a store and a load through it; RSM_DT and a
// physical load of `val`; SSM_DT and loads of `val` and of the stored
// word through dtr0 (the image's alias).  Printed:
//  1 the count of passes whose loads read what the SDM says (the quad at
//    `val` three times, the word stored through the new page): 80, 0x50
//  2 the sum of the words stored (pass numbers 80 .. 1 in the top byte):
//    3240 << 56 mod 2^64 = 0xa8 << 56 = 0xa800000000000000
	.explicit
	.include "hv.inc"

	R1 = 1 << 61
	Y = 0x2000000000400000
	PASSES = 80

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
	mov r33 = 0                              // passes whose loads were right
	mov r34 = PASSES
	mov r35 = 0 ;;                           // the sum of the stores
	V_RFI_TO loop + R1, DT | RT | IT
loop:
	// ITC_D: Y + pass * 4 KiB -> val's page, RW, PL0
	shl r24 = r34, 12
	movl r25 = Y ;;
	add r24 = r24, r25
	mov r25 = 12 << 2 ;;
	V_TO_CR ifa, r24, r2
	V_TO_CR itir, r25, r2
	movl r8 = val + 0x461 ;;                 // p, a, d, pl 0, ar 2 (RW)
	V_ITC_D
	// at once through it (val is page-aligned): the pass number in the
	// top byte at `slot`, then `val`
	adds r26 = slot - val, r24
	mov r27 = r24
	shl r28 = r34, 56 ;;
	st8 [r26] = r28 ;;
	ld8 r16 = [r27]
	ld8 r29 = [r26] ;;
	add r35 = r35, r29
	// physical, then translated again
	V_RSM_DT
	movl r27 = val ;;
	ld8 r17 = [r27] ;;
	V_SSM_DT
	movl r27 = val + R1 ;;
	ld8 r18 = [r27]
	movl r27 = slot + R1 ;;
	ld8 r19 = [r27] ;;
	movl r27 = 0x1122334455667788 ;;
	cmp.eq p6, p0 = r16, r27
	cmp.eq p7, p0 = r17, r27
	cmp.eq p8, p0 = r18, r27
	cmp.eq p9, p0 = r19, r28 ;;
(p6)	cmp.eq.and p6, p0 = r16, r17
(p7)	cmp.eq.and p6, p0 = r17, r18
(p8)	cmp.eq.and p6, p0 = r18, r16 ;;
(p9)	cmp.eq.and p6, p0 = r0, r0
(p6)	adds r33 = 1, r33
	adds r34 = -1, r34 ;;
	cmp.ne p6, p0 = r34, r0
(p6)	br.cond.sptk loop ;;
	PUTHEX r33
	PUTHEX r35
	IVT_EXIT

	.align 4096
val:	data8 0x1122334455667788
slot:	data8 0

	HV_IVT_COMMON
	.align 32768
ivt:
	.org ivt + 0x8000
	.endp _start
