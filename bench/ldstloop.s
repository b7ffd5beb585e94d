// ldstloop: the load/store benchmark.  Each iteration is three bundles,
// nine slots: ld8 and st8 of one element of a 2048-element (16 KiB)
// array, walked with a wrapping index, plus the address arithmetic and
// br.cloop.  The iteration count is argv[1] in decimal (default
// 1000000); bench/run runs two counts and subtracts, so start-up
// cancels.  Exits with 0.
	.explicit
	.text
	.global _start
	.proc _start
_start:
	alloc r32=ar.pfs,0,1,1,0
	adds r14=16,r12
	movl r9=1000000 ;;
	ld8 r15=[r14],16 ;;            // argc; r14 = &argv[1]
	cmp.lt p6,p0=1,r15 ;;
(p6)	ld8 r14=[r14]
(p6)	mov r9=0 ;;
(p6)	br.cond.sptk.few parse ;;
	br.cond.sptk.few parsed ;;
parse:
	ld1 r10=[r14],1 ;;
	cmp.eq p7,p0=0,r10
	adds r10=-48,r10 ;;
(p7)	br.cond.dpnt.few parsed ;;
	shladd r11=r9,2,r9 ;;          // n * 5
	shladd r9=r11,1,r10            // n * 10 + digit
	br.cond.sptk.few parse ;;
parsed:
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
	mov out0=0
	mov r15=1236 ;;
	break.m 0x100000 ;;
	.endp _start

	.bss
	.align 16
array:
	.skip 2048 * 8
