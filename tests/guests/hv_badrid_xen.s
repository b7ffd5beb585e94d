// link: -Ttext=0x100000
// run: --mode=xen
// expect-exit: 125
// expect-stderr-contains: unimplemented: hypervisor: region id 0xffffff is the metaphysical one
// hv_badrid_xen: the hypervisor keeps region id 0xffffff for metaphysical
// mode (docs/hv.md); a guest region register naming it fails loudly
// (exit 125) instead of sharing translations with the hypervisor's.
	.explicit
	XEN = 1
	.include "hv.inc"

	ENTRY _start
	alloc r2 = ar.pfs, 0, 4, 0, 0
	movl r8 = 1 << 61
	movl r9 = 0xffffff30 ;;
	V_SET_RR
	SSC_EXIT 0
	.endp _start
