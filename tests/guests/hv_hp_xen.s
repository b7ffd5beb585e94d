// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: hyperprivops                 33  hyperprivops
// expect-stderr-contains: privop_faults                 6  privileged
// expect-stderr-contains: 0x1a SET_RR0_TO_RR4           1          1          0  fast
// expect-exit: 0
// expect-stdout-from: hv_hp.s
// hv_hp under the hypervisor: the same source with the Xen forms
// (hv.inc), at CPL 2 in metaphysical mode; it prints what the native run
// prints.
// The hypervisor counts 33 hyperprivops (the V_* forms of hv_hp.s) and 6
// privileged operations (mov cr.iva, cr.pta, pmd[] and three tak).
	XEN = 1
	.include "hv_hp.s"
