// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: vhpt_walks                    3  software
// expect-stderr-contains: vhpt_inserts                  1  walks
// expect-exit: 0
// expect-stdout-from: hv_vhpt.s
// hv_vhpt under the hypervisor: the guest's VHPT walked in software; it
// prints what the native run prints.
// Three software walks (VA1, the not-present entry, the unmapped table
// page), one insert.
	XEN = 1
	.include "hv_vhpt.s"
