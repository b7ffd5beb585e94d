// expect-exit: 0
// fp_div: 64-bit unsigned integer division, double-precision division and
// double-precision square root by the usual frcpa / frsqrta and fma
// sequences (Newton-Raphson refinement of the reciprocal, Goldschmidt for
// the square root, a final remainder step), each on the 2000 seeded
// operands of fp_data.inc, which tests/gen_fp_data.py writes at build time
// with the host's correctly rounded results.  Every result must be exact:
// the first wrong integer quotient exits 1, double quotient 2, root 3.
// Status fields as Linux sets them: sf0 64-bit precision, round to
// nearest; sf1 64-bit with the 17-bit exponent range (wre), traps off.
	.explicit
	.include "check.inc"
	.include "fp_data.inc"

	.text
	ENTRY _start
	alloc r32=ar.pfs,0,1,1,0
	mov r20=0
	movl r21=FPD_COUNT
	movl r14=fpd_udiv ;;
.Lu:	// q = a / b, unsigned
	ld8 r16=[r14],8 ;;
	ld8 r17=[r14],8 ;;
	ld8 r18=[r14],8
	setf.sig f8=r16
	setf.sig f9=r17 ;;
	fnorm.s1 f8=f8			// fcvt.xuf: the integers as FP values
	fnorm.s1 f9=f9 ;;
	frcpa.s1 f10,p6=f8,f9 ;;	// y0 ~ 1/b
(p6)	fmpy.s1 f11=f8,f10		// q0 = a y0
(p6)	fnma.s1 f12=f9,f10,f1 ;;	// e0 = 1 - b y0
(p6)	fma.s1 f11=f12,f11,f11		// q1 = q0 + e0 q0
(p6)	fmpy.s1 f13=f12,f12 ;;		// e1 = e0^2
(p6)	fma.s1 f10=f12,f10,f10		// y1 = y0 + e0 y0
(p6)	fma.s1 f11=f13,f11,f11 ;;	// q2 = q1 + e1 q1
(p6)	fma.s1 f10=f13,f10,f10		// y2 = y1 + e1 y1
(p6)	fnma.s1 f12=f9,f11,f8 ;;	// r2 = a - b q2
(p6)	fma.s1 f10=f12,f10,f11 ;;	// q3 = q2 + r2 y2
	fcvt.fxu.trunc.s1 f10=f10 ;;
	getf.sig r19=f10 ;;
	cmp.ne p15,p0=r19,r18
	mov r31=1 ;;
(p15)	br.cond.spnt fail ;;
	adds r20=1,r20 ;;
	cmp.lt p7,p0=r20,r21
(p7)	br.cond.sptk .Lu ;;

	mov r20=0
	movl r14=fpd_ddiv ;;
.Ld:	// q = a / b, double
	ldfd f8=[r14],8 ;;
	ldfd f9=[r14],8 ;;
	ld8 r18=[r14],8 ;;
	frcpa.s0 f10,p6=f8,f9 ;;	// y0
(p6)	fnma.s1 f12=f9,f10,f1 ;;	// e0 = 1 - b y0
(p6)	fma.s1 f10=f12,f10,f10		// y1 = y0 + e0 y0
(p6)	fmpy.s1 f13=f12,f12 ;;		// e1 = e0^2
(p6)	fma.s1 f10=f13,f10,f10		// y2 = y1 + e1 y1
(p6)	fmpy.s1 f12=f13,f13 ;;		// e2 = e1^2
(p6)	fma.s1 f10=f12,f10,f10 ;;	// y3 = y2 + e2 y2
(p6)	fmpy.s1 f11=f8,f10 ;;		// q0 = a y3
(p6)	fnma.s1 f12=f9,f11,f8 ;;	// r0 = a - b q0
(p6)	fma.d.s0 f10=f12,f10,f11 ;;	// q = q0 + r0 y3, rounded once to double
	getf.d r19=f10 ;;
	cmp.ne p15,p0=r19,r18
	mov r31=2 ;;
(p15)	br.cond.spnt fail ;;
	adds r20=1,r20 ;;
	cmp.lt p7,p0=r20,r21
(p7)	br.cond.sptk .Ld ;;

	mov r20=0
	movl r2=0xfffe
	movl r14=fpd_dsqrt ;;
	setf.exp f7=r2 ;;		// 0.5
.Ls:	// sqrt(a), double
	ldfd f8=[r14],8 ;;
	ld8 r18=[r14],8
	frsqrta.s0 f10,p6=f8 ;;		// y0 ~ 1/sqrt(a)
(p6)	fma.s1 f11=f8,f10,f0		// g0 = a y0 ~ sqrt(a)
(p6)	fma.s1 f12=f7,f10,f0 ;;		// h0 = y0 / 2
(p6)	fnma.s1 f13=f11,f12,f7 ;;	// r = 1/2 - g h
(p6)	fma.s1 f11=f11,f13,f11		// g += g r
(p6)	fma.s1 f12=f12,f13,f12 ;;	// h += h r
(p6)	fnma.s1 f13=f11,f12,f7 ;;
(p6)	fma.s1 f11=f11,f13,f11
(p6)	fma.s1 f12=f12,f13,f12 ;;
(p6)	fnma.s1 f13=f11,f12,f7 ;;
(p6)	fma.s1 f11=f11,f13,f11
(p6)	fma.s1 f12=f12,f13,f12 ;;
(p6)	fnma.s1 f13=f11,f11,f8 ;;	// d = a - g g
(p6)	fma.d.s0 f10=f13,f12,f11 ;;	// g + d h, rounded once to double
	getf.d r19=f10 ;;
	cmp.ne p15,p0=r19,r18
	mov r31=3 ;;
(p15)	br.cond.spnt fail ;;
	adds r20=1,r20 ;;
	cmp.lt p7,p0=r20,r21
(p7)	br.cond.sptk .Ls ;;

	EXIT 0
	FAIL_EXIT
	.endp _start
