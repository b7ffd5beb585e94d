// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: hyperprivops                  0  hyperprivops
// expect-stderr-contains: privop_faults                42  privileged
// expect-exit: 0
// expect-stdout-from: hv_privop.s
// hv_privop under the hypervisor: every privileged instruction raw at CPL
// 2, emulated; it prints what the native run prints.
// No hyperprivop; 42 privileged instructions emulated, counted by hand
// in hv_privop.s (IVT_START's mov cr.iva included).
	XEN = 1
	.include "hv_privop.s"
