// link: -Ttext=0x100000
// expect-exit: 0
// hostile_rse_unmapped: the register stack's backing store in unmapped
// memory (issue 10).  With PSR.rt on, BSPSTORE points into region 1
// (rr1 = 0x4230: rid 0x42, 4 KiB pages, walker off), where nothing is
// mapped.  A callee's flushrs must write the caller's dirty frame there:
// the mandatory spill misses and the guest's IVT gets an Alternate Data
// TLB fault (vector 4, 0x1000) with IFA = the backing store address and
// ISR.w, ISR.rs (a mandatory RSE reference) and ei = flushrs's slot (SDM
// vol. 2, 6.5.5 and 5.8 "Alternate Data TLB vector").  The handler skips
// the flushrs; the return needs no fill (the frame is still in the
// register file), and the guest goes on and exits 0.
	.explicit
	.include "ivt.inc"

	RT = 1 << 27
	BS = 0x2000000000000000

	ENTRY _start
	IVT_START
	SETRR 0x2000000000000000, 0x4230
	mov ar.rsc = 0 ;;
	movl r8 = BS ;;
	mov ar.bspstore = r8 ;;
	alloc r2 = ar.pfs, 0, 4, 0, 0
	PSR_RFI IC | RT
	mov r32 = 0x11
	mov r35 = 0x44 ;;
	br.call.sptk.many b0 = flush ;;
	PSR_RFI IC                               // rt off (rsm reaches PSR{23:0} only)
	SCHECK r32, 0x11, 1                      // the caller's frame is intact
	SCHECK r35, 0x44, 2
	NREC 1, 3
	RECORD r8, 0, F_VEC
	SCHECK r8, 4, 4
	RECORD r8, 0, F_IFA
	SCHECK r8, BS, 5
	RECORD r8, 0, F_ISR
	SCHECK r8, (1 << 37) | (1 << 33), 6     // rs, w; ei 0; code 0
	RECORD r8, 0, F_IIP
	SCHECK r8, fl, 7
	IVT_EXIT
	.endp _start

flush:
	alloc r3 = ar.pfs, 0, 2, 0, 0 ;;
fl:
{ .mii
	flushrs
	nop.i 0
	nop.i 0 ;;
}
	mov ar.pfs = r3 ;;
	br.ret.sptk.many b0 ;;

	IVT_COMMON
	.align 32768
ivt:
	VEC 4, 0x1000, V_SKIP
	.org ivt + 0x8000
