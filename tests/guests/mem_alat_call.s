// expect-exit: 0
// expect-state: gr[16]=0x0 gr[17]=0x17 gr[18]=0x0 gr[19]=0x5
// mem_alat_call: ALAT entries across calls (SDM vol. 1, 4.4.5).
//  1. ld8.a loc1 from data; a call whose callee stores to data+8 and makes
//     an advanced load of its own into its own stacked register; back in
//     the caller, chk.a.nc loc1 hits (no recovery: r16 stays 0).
//  2. ld8.a loc2 from data; a call whose callee stores to data (the same
//     8 bytes); chk.a.nc loc2 misses: recovery sets r17 = 0x17.
//  3. loc3, loaded before both calls from data+16, which no callee
//     stores to, still hits after them (r18 stays 0), although callee1
//     made an entry of its own for a register of its deeper frame.
//  r19 = 5: the value loc1 loaded (data holds 5 until call 2).
	.explicit
	.include "bundles.inc"
	ENTRY _start
{ .mlx
	alloc r32=ar.pfs,0,4,1,0
	movl r14=data ;;
}
{ .mmi
	ld8.a r33=[r14]
	adds r15=16,r14
	mov r16=0 ;;
}
{ .mmi
	ld8.a r35=[r15]
	mov r17=0
	mov r18=0 ;;
}
{ .mib
	mov out0=r14
	nop.i 0
	br.call.sptk.many b0=callee1 ;;
}
{ .mmi
	chk.a.nc r33, rec1
	nop.m 0
	nop.i 0 ;;
}
back1:
{ .mmi
	ld8.a r34=[r14]
	mov out0=r14
	nop.i 0 ;;
}
	B_BUNDLE br.call.sptk.many b0=callee2
{ .mmi
	chk.a.nc r34, rec2
	nop.m 0
	nop.i 0 ;;
}
back2:
{ .mmi
	chk.a.nc r35, rec3
	nop.m 0
	nop.i 0 ;;
}
back3:
{ .mii
	mov r19=r33
	mov r15=1236
	mov out0=0 ;;
}
	BREAK_BUNDLE
rec1:
	RECOVERY_MARK r16, 0x16, back1
rec2:
	RECOVERY_MARK r17, 0x17, back2
rec3:
	RECOVERY_MARK r18, 0x18, back3
	.endp _start

// callee1(p): stores 9 to p+8; ld8.a of its own local from p+8.
	.proc callee1
callee1:
{ .mii
	alloc r36=ar.pfs,1,4,0,0
	adds r34=8,r32
	mov r35=9 ;;
}
{ .mmi
	st8 [r34]=r35 ;;
	ld8.a r33=[r34]
	nop.i 0 ;;
}
{ .mii
	nop.m 0
	mov ar.pfs=r36 ;;
	nop.i 0 ;;
}
	B_BUNDLE br.ret.sptk.many b0
	.endp callee1

// callee2(p): stores 7 to p.
	.proc callee2
callee2:
{ .mii
	alloc r34=ar.pfs,1,2,0,0
	mov r33=7
	nop.i 0 ;;
}
{ .mii
	st8 [r32]=r33
	mov ar.pfs=r34
	nop.i 0 ;;
}
	B_BUNDLE br.ret.sptk.many b0
	.endp callee2

	.data
	.align 16
data:
	data8 5, 0, 3, 0
