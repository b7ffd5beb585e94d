// expect-exit: 132
// expect-stderr-contains: guest fault: NaT consumption
// expect-state: nat[16]=true nat[17]=true nat[18]=true nat[19]=true nat[20]=true nat[21]=true
// expect-state: nat[22]=true nat[23]=true nat[24]=true nat[25]=true nat[26]=true nat[28]=true
// expect-state: gr[27]=0x7 nat[27]=false gr[29]=0xc nat[29]=false br[1]=0x0 pr=0x46001
// int_nat: NaT propagation through the integer instructions and the
// compares' NaT rules (SDM vol. 3, "cmp", "tbit", "tnat").  r16 gets a
// NaT from ld8.s of a misaligned address (deferred).  Every GR result
// computed from r16 (r17-r26, r28) has its NaT bit set; mov of an
// immediate clears it (r27); r29 = 5 + 7 is clean.  Predicates:
//   cmp.eq p6,p7 with a NaT clears both; cmp.eq.or p8,p9 leaves them (0);
//   cmp.eq.and p10,p11 clears them; cmp.eq.or.andcm p12,p13 leaves them
//   (p13 = 1); tnat.nz p14,p15 gives p14 = 1, p15 = 0; tbit.z p16,p17
//   clears both; tnat.z.unc p18,p19 on a clean register gives p18 = 1;
//   cmp.lt.unc p20,p21 with a NaT clears both.  So pr = p0 | p13 | p14 |
//   p18 = 0x46001.  Last, mov b1 = r16 takes a Register NaT Consumption
//   fault (SIGILL: exit 132) and b1 stays 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32 = ar.pfs, 0, 1, 1, 0
	movl r14 = buf + 1
	mov r2 = 5
	mov r3 = 7 ;;
	ld8.s r16 = [r14]			// misaligned: deferred, NaT
	mov pr = r0, -2 ;;			// p1-p63 = 0
	add r17 = r16, r2
	adds r18 = 5, r16
	shladd r19 = r2, 2, r16
	extr.u r20 = r16, 0, 8
	dep r21 = r2, r16, 0, 4
	dep.z r22 = r16, 0, 4 ;;
	popcnt r23 = r16
	sxt1 r24 = r16
	shr r25 = r2, r16
	mov r26 = r16
	mov r27 = r16
	and r28 = r16, r0 ;;
	movl r27 = 7
	add r29 = r2, r3 ;;
	cmp.eq.or p6, p7 = r0, r0
	cmp.eq p13, p0 = r0, r0
	cmp.eq.or p10, p11 = r0, r0
	cmp.eq.or p16, p17 = r0, r0 ;;
	cmp.eq p6, p7 = r16, r0
	cmp.eq.or p8, p9 = r16, r16
	cmp.eq.and p10, p11 = r16, r16
	cmp.eq.or.andcm p12, p13 = r16, r16
	tnat.nz p14, p15 = r16
	tbit.z p16, p17 = r16, 0 ;;
	tnat.z.unc p18, p19 = r2
	cmp.lt.unc p20, p21 = r16, r0 ;;
	mov b1 = r16 ;;				// Register NaT Consumption fault
	EXIT 1, i
	.endp _start

	.data
	.align 16
buf:	.skip 32
