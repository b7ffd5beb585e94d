// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: miss_metaphysical             5  TLB
// expect-stderr-contains: miss_vtr                      1  TLB
// expect-stderr-contains: vhpt_walks                  140  software
// expect-stderr-contains: vhpt_inserts                136  walks
// expect-exit: 0
// expect-stdout-from: hv_vhpt_memo.s
// hv_vhpt_memo under the hypervisor: the guest's VHPT walked in software,
// most walks after the TC is full on data_miss's straight path, with its
// memos; it prints what the native run prints.  140 walks: the 128 of
// region 2 and 12 after (4 of them fault: VA3, VA4, NP, VA9), 136
// inserts; VA7 from the guest's dtr1.
	XEN = 1
	.include "hv_vhpt_memo.s"
