// expect-exit: 135
// expect-stderr-contains: guest fault: unaligned data reference
// expect-stderr-contains: addr=0x9
// hostile_page0: misaligned loads from page 0, at addresses whose low bits
// once matched the tag of an empty soft-TLB entry (1): ld2 from 9 must be
// an Unaligned Data Reference for the guest (SIGBUS, 128 + 7), never the
// host's own segmentation fault.  (Alignment is checked before
// translation, so page 0 being unmapped does not matter.)
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32 = ar.pfs, 0, 1, 1, 0
	mov r9 = 9 ;;
	ld2 r10 = [r9] ;;
	EXIT 0
	.endp _start
