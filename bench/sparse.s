// sparse: memory.  Writes every 8-byte word of argv[1] chunks of 256 KiB
// (default 256: 64 MiB), one every 4 GiB of region 3: 256 chunks span
// 1 TiB of the address space.  ia64emu allocates guest pages on first
// touch, so its resident set is what was touched plus itself (bench/run
// reports the peak; the issue's bound is 100 MiB).  Exits with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,1,1,0
	ARGV_COUNT 256
	movl r20=0x6000000000000000     // the first chunk
	movl r21=0x100000000            // 4 GiB: the stride
	mov r17=1 ;;
outer:
	mov r16=r20
	movl r22=32767 ;;               // 256 KiB / 8 - 1
	mov ar.lc=r22 ;;
	.align 32
loop:
{ .mib
	st8 [r16]=r17,8
	nop.i 0
	br.cloop.sptk.few loop ;;
}
	add r20=r20,r21
	adds r9=-1,r9 ;;
	cmp.ne p6,p0=r9,r0
(p6)	br.cond.sptk.few outer ;;
	EXIT 0
	.endp _start
