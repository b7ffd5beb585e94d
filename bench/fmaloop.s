// fmaloop: the floating-point benchmark.  Each iteration is two MFI
// bundles: four independent fma.s1 (64-bit precision, inexact results)
// and br.cloop; the fma results feed the next iteration, so the operands
// stay finite and non-trivial (x = x * c + d with c just below 1).
// The iteration count is argv[1] in decimal (default 1000000); bench/run
// runs two counts and subtracts, so start-up cancels.  Exits with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,1,1,0
	ARGV_COUNT 1000000
	adds r9=-1,r9
	movl r16=0x3fefffffffffff00	// c, just below 1
	movl r17=0x3fb999999999999a ;;	// d = 0.1
	mov ar.lc=r9
	setf.d f6=r16
	setf.d f7=r17 ;;
	setf.d f8=r17
	setf.d f9=r16 ;;
	setf.d f10=r17
	setf.d f11=r16 ;;
	.align 32
loop:
{ .mfi
	nop.m 0
	fma.s1 f8=f8,f6,f7
	nop.i 0
}
{ .mfb
	nop.m 0
	fma.s1 f9=f9,f6,f7
	nop.b 0
}
{ .mfi
	nop.m 0
	fma.s1 f10=f10,f6,f7
	nop.i 0
}
{ .mfb
	nop.m 0
	fma.s1 f11=f11,f6,f7
	br.cloop.sptk.few loop ;;
}
	EXIT 0
	.endp _start
