// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: 0x02 RSM_DT                  80         80          0  fast
// expect-stderr-contains: 0x03 SSM_DT                  80         80          0  fast
// expect-stderr-contains: 0x05 ITC_D                   80         80          0  fast
// expect-exit: 0
// expect-stdout-from: hv_hpnow.s
// hv_hpnow under the hypervisor: the same source with the Xen forms
// (hv.inc); it prints what the native run prints.  RSM_DT, SSM_DT and
// ITC_D are serviced at their breaks (80 of each), and the loop is
// translated (its last passes run as host code).
	XEN = 1
	.include "hv_hpnow.s"
