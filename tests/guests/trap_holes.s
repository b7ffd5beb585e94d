// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 00000000001000a0\n2000000001000028\n00000000001001c0\n8000000000000204\n
// trap_holes: two planted virtualization holes for `run --mode=trap`
// (hv/trap.c, docs/hv.md "Trap-and-emulate mode"); natively at PL0 the
// output is what the SDM fixes:
//  1 the address of the bundle thash_site, then thash of 0x2000000000005000
//    with rr1 = 0x4230 (rid 0x42, ps 12, ve 0) and cr.pta = 0x100003c (base
//    0x1000000, size 15, short format): region 1 | base | (0x5000 >> 12)
//    << 3 = 0x2000000001000028 (SDM vol. 3, "thash");
//  2 the address of the bundle cover_site, then cr.ifs after cover with
//    PSR.ic = 0 in a frame of 4 locals: v | sol 4 | sof 4 = 0x8000000000000204
//    (SDM vol. 3, "cover").
// Under trap mode, thash (slot 0 of thash_site) hashes with the real PTA
// and cover (slot 2 of cover_site) does not write IFS (the real PSR.ic is
// 1): both are reported as holes whose result differs, at those
// addresses, and the second and fourth lines differ from native
// (tests/trap_test.py planted).
	.explicit
	.include "hv.inc"

	ENTRY _start
	IVT_START
	movl r8 = 1 << 61
	movl r9 = 0x4230 ;;
	mov rr[r8] = r9 ;;
	movl r9 = 0x100003c ;;
	mov cr.pta = r9 ;;
	srlz.d ;;
	movl r8 = (1 << 61) | 0x5000 ;;
thash_site:
{ .mii
	thash r10 = r8
	nop.i 0
	nop.i 0 ;;
}
	movl r11 = thash_site ;;
	PUTHEX r11
	PUTHEX r10
	rsm IC ;;
	srlz.d ;;
	alloc r2 = ar.pfs, 0, 4, 0, 0 ;;
cover_site:
{ .mib
	nop.m 0
	nop.i 0
	cover ;;
}
	mov r10 = cr.ifs
	alloc r2 = ar.pfs, 0, 4, 0, 0 ;;
	movl r11 = cover_site ;;
	PUTHEX r11
	PUTHEX r10
	IVT_EXIT
	.align 16
	HV_IVT_COMMON
	.align 32768
ivt:
	.org ivt + 0x8000
	.endp _start
