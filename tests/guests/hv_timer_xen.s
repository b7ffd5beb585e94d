// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: vtimer_ticks                  2  virtual
// expect-stderr-contains: virq_delivered                2  virtual
// expect-stderr-contains: 0x07 SSM_I                    1          0          1  fast
// expect-exit: 0
// expect-stdout-from: hv_timer.s
// hv_timer under the hypervisor: the virtual timer, IVR, EOI and the
// event pending byte; it prints what the native run prints.
// Two timer ticks made pending and delivered; the SSM_I runs with an
// event pending, so it counts as slow.
	XEN = 1
	.include "hv_timer.s"
