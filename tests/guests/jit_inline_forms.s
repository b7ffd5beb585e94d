// expect-exit: 0
// expect-state: gr[18]=0x56000000 gr[19]=0xe36 gr[20]=0x60d5471b56 gr[21]=0xfffffffffbffffff
// expect-state: gr[22]=0xc3be11647416b4a8 nat[22]=true gr[24]=0x60d5471b0c gr[25]=0xe36ac0
// expect-state: gr[26]=0xc715 gr[27]=0x3003e gr[28]=0xc0000000ffffffff gr[29]=0x0
// expect-state: gr[30]=0x6008685ed0 nat[30]=true pr=0xc715 gr[1]=0x1c5c gr[13]=0x78
// jit_inline_forms: a loop the translator makes a block of (cpu/jit.c),
// of forms whose handlers it makes inline: ld1-ld4, st1-st4 (a store read
// back by ld8), ld8.fill (its UNAT bit set on the last pass: the NaT bit
// set in the block, which must leave it; r22 carries it), st8.spill (its
// UNAT bit cleared: ar.unat read back), dep.z, extr.u, dep, xor imm8,
// tbit and tnat of the parallel types, cmp.unc, mov r = pr, mov f = f of
// a negative value (getf.exp has the sign), and invala between ld8.a and
// ld8.c.nc (the check load reloads: r29 = 0, not 7), and a store to the
// address of a valid ALAT entry after another store in the block (the
// check load reloads: r1 sums the stored values).  The values are the
// interpreter's (--no-jit).
	.include "check.inc"
	ENTRY _start
	alloc r16 = ar.pfs, 0, 0, 1, 0
	movl r2 = buf
	mov r23 = -1
	mov r20 = 0
	mov r22 = 0
	mov r9 = 0 ;;
	adds r3 = 2, r2
	adds r4 = 5, r2
	adds r5 = 64, r2
	adds r6 = 70, r2
	adds r7 = 75, r2
	adds r8 = 128, r2
	adds r14 = 256, r2
	adds r17 = 72, r2
	adds r32 = 384, r2
	movl r15 = 0xc0000000ffffffff ;;
	setf.sig f6 = r15 ;;
	fmerge.ns f7 = f6, f6 ;;
loop:
	ld4 r10 = [r2]
	ld2 r11 = [r3] ;;
	ld1 r12 = [r4]
	add r20 = r20, r10 ;;
	add r20 = r20, r11 ;;
	add r20 = r20, r12 ;;
	st4 [r5] = r20
	st2 [r6] = r20 ;;
	st1 [r7] = r20 ;;
	ld8 r18 = [r17] ;;
	add r22 = r22, r18
	mov r31 = 0
	cmp.eq p15, p0 = 120, r9 ;;
(p15)	mov r31 = -1 ;;
	mov ar.unat = r31 ;;
	ld8.fill r30 = [r8] ;;
	add r22 = r22, r30
	mov ar.unat = r23 ;;
	st8.spill [r8] = r20 ;;
	mov r21 = ar.unat ;;
	add r22 = r22, r21
	dep.z r25 = r20, 5, 20
	extr.u r19 = r20, 7, 13 ;;
	add r22 = r22, r25 ;;
	dep r24 = r20, r22, 9, 11 ;;
	add r22 = r22, r19 ;;
	add r22 = r22, r24
	xor r24 = 0x5a, r20 ;;
	add r22 = r22, r24
	cmp.eq p6, p7 = r0, r0
	cmp.eq p8, p9 = r0, r9 ;;
	tbit.nz.and p6, p7 = r20, 3
	tbit.z.or p8, p9 = r20, 7 ;;
	tbit.nz.or.andcm p10, p11 = r20, 9
	tnat.nz.and p12, p13 = r20
	tbit.z p1, p2 = r20, 11 ;;
(p8)	cmp.eq.unc p3, p4 = r20, r24
	cmp4.lt.unc p5, p14 = 3, r20 ;;
	mov r26 = pr ;;
	add r22 = r22, r26
	mov f8 = f7 ;;
	getf.exp r27 = f8
	getf.sig r28 = f8 ;;
	add r22 = r22, r27 ;;
	add r22 = r22, r28
	ld8.a r29 = [r14] ;;
	mov r29 = 7 ;;
	invala ;;
	ld8.c.nc r29 = [r14] ;;
	add r22 = r22, r29
	ld8.a r13 = [r32] ;;
	st4 [r5] = r20 ;;
	st8 [r32] = r9 ;;
	ld8.c.nc r13 = [r32] ;;
	add r1 = r1, r13
	adds r9 = 1, r9 ;;
	cmp.lt p6, p0 = r9, r0
	cmp.ltu p14, p0 = 120, r9 ;;
(p14)	br.cond.sptk.few done
	br.cond.sptk.few loop ;;
done:
	EXIT 0
	.endp _start
	.data
	.align 8
buf:	data8 0x8899aabbccddeeff, 0x1122334455667788, 0xfedcba9876543210, 0x0f1e2d3c4b5a6978
	.skip 512
