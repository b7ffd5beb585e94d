// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: reflections                   4  interruptions
// expect-exit: 0
// expect-stdout-from: hv_breaks.s
// hv_breaks under the hypervisor: the breaks in slots 1 and 2 reflected
// where they run, the one in slot 0 through its fault; it prints what the
// native run prints.
	XEN = 1
	.include "hv_breaks.s"
