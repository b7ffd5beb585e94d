// deepcall: the call/return benchmark at a depth that forces RSE spills
// and fills.  Each outer iteration calls rec 48 deep; every frame is six
// registers (one input, four locals, one output), 288 in all, three times
// the 96 physical stacked registers, so each descent spills and each
// return fills.  The iteration count is argv[1] in decimal (default
// 1000000), in calls: the outer loop runs count / 48 times; bench/run runs
// two counts and subtracts, so start-up cancels.  Exits with 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,2,1,0
	ARGV_COUNT 1000000
	movl r10=0x5555555555555556 ;;  // ~ 2^64 / 3: count / 48 = (count / 3) >> 4
	setf.sig f6=r9
	setf.sig f7=r10 ;;
	xmpy.hu f8=f6,f7 ;;
	getf.sig r9=f8 ;;
	shr.u r9=r9,4 ;;
	cmp.eq p6,p0=r9,r0 ;;
(p6)	mov r9=1 ;;
	mov r33=r9 ;;
outer:
	mov r34=48
	br.call.sptk.many b0=rec ;;
	adds r33=-1,r33 ;;
	cmp.ne p6,p0=r33,r0
(p6)	br.cond.sptk.few outer ;;
	EXIT 0
	.endp _start

	// rec(depth): recurses until depth is 0
	.proc rec
rec:
	alloc r34=ar.pfs,1,4,1,0
	mov r35=b0
	cmp.eq p6,p0=r32,r0 ;;
	adds r37=-1,r32
(p6)	br.cond.dpnt.few 1f ;;
	br.call.sptk.many b0=rec ;;
1:	mov b0=r35
	mov ar.pfs=r34 ;;
	br.ret.sptk.many b0 ;;
	.endp rec
