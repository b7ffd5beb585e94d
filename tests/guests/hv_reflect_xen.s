// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: reflections                   3  interruptions
// expect-stderr-contains: 0x06 ITC_I                    1          1          0  fast
// expect-exit: 0
// expect-stdout-from: hv_reflect.s
// hv_reflect under the hypervisor: it boots at CPL 2 in metaphysical mode
// (virtual PSR 0), and prints what the native run prints.
// Three reflections (the vectors the native run enters).
	XEN = 1
	.include "hv_reflect.s"
