// ldstloop: the load/store benchmark.  Each iteration is three bundles,
// nine slots: ld8 and st8 of one element of a 2048-element (16 KiB)
// array, walked with a wrapping index, plus the address arithmetic and
// br.cloop.  The iteration count is argv[1] in decimal (default
// 1000000); bench/run runs two counts and subtracts, so start-up
// cancels.  Exits with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,1,1,0
	ARGV_COUNT 1000000
	adds r9=-1,r9
	movl r26=array ;;
	mov ar.lc=r9
	mov r16=r26                    // &a[0]
	mov r18=1                      // the next index
	mov r21=0                      // running sum
	mov r22=0                      // the previous load
	mov r25=2047 ;;                // index mask
	.align 32
loop:
{ .mii
	ld8 r20=[r16]                  // a[i]
	and r19=r18,r25                // (i + 1) & mask
	add r21=r21,r22 ;;             // sum += the previous a[i]
}
{ .mmi
	st8 [r16]=r21                  // a[i] = sum
	mov r22=r20
	shladd r16=r19,3,r26 ;;        // &a[(i + 1) & mask]
}
{ .mib
	adds r18=1,r18
	nop.i 0
	br.cloop.sptk.few loop ;;
}
	EXIT 0
	.endp _start

	.bss
	.align 16
array:
	.skip 2048 * 8
