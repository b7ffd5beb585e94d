// expect-exit: 135
// expect-stderr-contains: guest fault: unaligned data reference
// expect-stderr-contains: addr=0x
// expect-state: gr[16]=0x11 gr[17]=0x3
// mem_unaligned: misaligned data references fault (SDM vol. 1, 4.5.2.1).
// ld1 and an aligned ld2 complete (r16 = 0x11, r17 = 3: marks progress);
// ld8 from data+4 raises Unaligned Data Reference; in user mode the run
// ends with the fault (SIGBUS: exit 128 + 7) and r18 is never written.
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,1,1,0
	movl r14=data ;;
}
{ .mmi
	ld1 r16=[r14]
	adds r15=4,r14
	mov r18=0 ;;
}
{ .mmi
	adds r2=2,r14 ;;
	ld2 r17=[r2]
	nop.i 0 ;;
}
{ .mmi
	ld8 r18=[r15] ;;
	nop.m 0
	nop.i 0 ;;
}
	EXIT_BUNDLES 0
	.endp _start

	.data
	.align 16
data:
	data1 0x11, 0x22, 0x03, 0x00, 0x44, 0x55, 0x66, 0x77
	data8 0
