// link: -Ttext=0x100000
// run: --mode=xen
// expect-exit: 0
// expect-stdout-from: hv_vhpt_victim.s
// hv_vhpt_victim under the hypervisor: the guest's VHPT walked in
// software, the inserts after the TC is full on data_miss's straight
// path; it prints what the native run prints.
	XEN = 1
	.include "hv_vhpt_victim.s"
