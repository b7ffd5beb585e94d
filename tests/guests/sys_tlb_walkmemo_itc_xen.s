// link: -Ttext=0x100000
// run: --mode=xen --stats
// expect-stderr-contains: miss_metaphysical             2  TLB
// expect-stderr-contains: vhpt_walks                    3  software
// expect-stderr-contains: vhpt_inserts                  3  walks
// expect-exit: 0
// sys_tlb_walkmemo_itc under the hypervisor: the guest's VHPT walked in
// software reads the table through the translation the TC holds when it
// walks.  The guest's itc.d of the table page (in metaphysical mode, its
// dt off) names the new entry in the walker's memo again (hv/vmem.c,
// walk_memo_again), which leaving metaphysical mode keeps: page 2's walk
// reads table 2 (VAL2), page 3's table 1 again (VAL).
	.include "sys_tlb_walkmemo_itc.s"
