// expect-exit: 135
// expect-stderr-contains: guest fault: unaligned data reference
// expect-state: gr[16]=0x5 gr[17]=0x6
// mem_unaligned_sem: semaphores must be naturally aligned (SDM vol. 3,
// fetchadd: "an Unaligned Data Reference fault is raised" regardless of
// PSR.ac).  fetchadd8.acq on an aligned word works (r16 = 5, the word
// becomes 6, r17 = 6); fetchadd4.rel at word+2 faults: exit 128 + SIGBUS.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,1,0
	movl r14=data ;;
}
{ .mmi
	fetchadd8.acq r16=[r14],1 ;;
	ld8 r17=[r14]
	adds r15=2,r14 ;;
}
{ .mmi
	fetchadd4.rel r18=[r15],1 ;;
	nop.m 0
	nop.i 0 ;;
}
	EXIT_BUNDLES 0
	.endp _start

	.data
	.align 16
data:
	data8 5
