/* The F unit (cpu/ops_fp.c, cpu/softfloat.c).  Expected values are the
 * ones the SDM rev. 2.3 fixes: the frcpa/frsqrta tables and special cases
 * (vol. 3), the register and memory formats (vol. 1, 5.1), the FPSR
 * layout (vol. 1, 5.2.2).  Rounding itself is held to MPFR by fp_mpfr.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "ops.h"
#include "softfloat.h"

#define I(x) ((int64_t)(x))
#define FPSR_DEFAULT 0x0009804c0270033full   /* Linux: traps disabled, sf0 rn/64-bit */
#define D 0x300000ull

static struct machine *M;

static int setup(void **state)
{
    (void)state;
    M = t_new();
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_free(M);
    return 0;
}

static struct freg *F(unsigned n) { return fr(&M->cpu, n); }
static void setf(unsigned n, unsigned sign, uint32_t exp, uint64_t sig)
{
    *F(n) = (struct freg){ sig, exp, sign };
}
static int is(unsigned n, unsigned sign, uint32_t exp, uint64_t sig)
{
    const struct freg *f = F(n);
    return f->sign == sign && f->exp == exp && f->sig == sig;
}
static unsigned sf0_flags(void) { return (unsigned)(M->cpu.ar[AR_FPSR] >> 13) & 0x3f; }

/* ------------------------------------------------------------ frcpa */
static void test_frcpa_table(void **state)
{
    (void)state;
    /* 1.0: index 0, 0x3fc; exponent 0x1fffd - 0xffff = 0xfffe */
    setf(8, 0, 0xffff, 1ull << 63);
    setf(9, 0, 0xffff, 1ull << 63);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0xfffe, 1ull << 63 | 0x3fcull << 53));
    assert_int_equal(T_PR(M, 6), 1);
    /* -3.0 = -1.5 * 2: index 0x80 (fraction .1000 0000), entry 0x154;
     * exponent 0x1fffd - 0x10000 = 0xfffd; sign kept */
    setf(9, 1, 0x10000, 0xc000000000000000ull);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0xfffd, 1ull << 63 | 0x154ull << 53));
    assert_int_equal(T_PR(M, 6), 1);
    /* every entry, through sf_recip_approx: the table index is sig{62:55} */
    for (unsigned i = 0; i < 256; i++) {
        struct freg d = { 1ull << 63 | (uint64_t)i << 55 | 0x1234, 0x10005, 0 };
        struct freg r = sf_recip_approx(&d);
        assert_true(r.sig == (1ull << 63 | (uint64_t)sf_recip_table(i) << 53));
        assert_true(r.exp == 0x1fffd - 0x10005);
    }
    assert_int_equal(sf_recip_table(0), 0x3fc);
    assert_int_equal(sf_recip_table(255), 0x001);
    assert_int_equal(sf_rsqrt_table(0), 0x1a5);
    assert_int_equal(sf_rsqrt_table(128), 0x3fc);
    assert_int_equal(sf_rsqrt_table(255), 0x1aa);
    assert_int_equal(sf_to_single(&(struct freg){ 1ull << 63, 0xffff, 0 }), 0x3f800000u);
}

static void test_frcpa_special(void **state)
{
    (void)state;
    /* 1 / 0: divide by zero, +inf, predicate cleared, z flag */
    setf(8, 0, 0xffff, 1ull << 63);
    setf(9, 0, 0, 0);
    M->cpu.prf[M->cpu.prmap[6]] = 1;
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0x1ffff, 1ull << 63));
    assert_int_equal(T_PR(M, 6), 0);
    assert_int_equal(sf0_flags(), FPF_Z);
    /* 0 / 0: invalid, QNaN indefinite */
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    setf(8, 1, 0, 0);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0x1ffff, 0xc000000000000000ull));
    assert_int_equal(T_PR(M, 6), 0);
    assert_int_equal(sf0_flags(), FPF_V);
    /* NaN / x: the NaN, quieted, flag v for a signalling one */
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    setf(8, 0, 0x1ffff, 0x8000000000000123ull);
    setf(9, 0, 0xffff, 1ull << 63);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0x1ffff, 0xc000000000000123ull));
    assert_int_equal(T_PR(M, 6), 0);
    assert_int_equal(sf0_flags(), FPF_V);
    /* inf / 2: inf; 2 / -inf: -0; 0 / 2: 0 -- the quotient, predicate 0 */
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    setf(8, 0, 0x1ffff, 1ull << 63);
    setf(9, 0, 0x10000, 1ull << 63);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0x1ffff, 1ull << 63));
    assert_int_equal(T_PR(M, 6), 0);
    setf(8, 0, 0x10000, 1ull << 63);
    setf(9, 1, 0x1ffff, 1ull << 63);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0, 0));
    assert_int_equal(T_PR(M, 6), 0);
    setf(8, 0, 0, 0);
    setf(9, 0, 0x10000, 1ull << 63);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0, 0));
    assert_int_equal(T_PR(M, 6), 0);
    assert_int_equal(sf0_flags(), 0);
    /* NaTVal: NaTVal, predicate 0 */
    setf(8, 0, FR_EXP_NATVAL, 0);
    M->cpu.prf[M->cpu.prmap[6]] = 1;
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, FR_EXP_NATVAL, 0));
    assert_int_equal(T_PR(M, 6), 0);
    /* a false qualifying predicate clears p2 too */
    M->cpu.prf[M->cpu.prmap[6]] = 1;
    M->cpu.prf[M->cpu.prmap[7]] = 0;
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 7, 4, I(10), I(6), I(8), I(9)), STOP_NONE);
    assert_int_equal(T_PR(M, 6), 0);
    /* the limits: a huge denominator needs software assistance (FP fault, ISR.code swa) */
    setf(8, 0, 0xffff, 1ull << 63);
    setf(9, 0, 0x1fffe, 1ull << 63);
    assert_int_equal(t_exec(M, "frcpa.s0", "F6", 0, 4, I(10), I(6), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_FAULT);
    assert_int_equal(M->cpu.intr.isr & 0xf, 8);
}

static void test_frsqrta(void **state)
{
    (void)state;
    /* 1.0: index (exp{0} = 1) << 7 = 128: 0x3fc, exponent 0xfffe */
    setf(8, 0, 0xffff, 1ull << 63);
    assert_int_equal(t_exec(M, "frsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(is(10, 0, 0xfffe, 1ull << 63 | 0x3fcull << 53));
    assert_int_equal(T_PR(M, 6), 1);
    /* 2.0: index 0, 0x1a5, exponent 0xfffe - (1 >> 1) = 0xfffe */
    setf(8, 0, 0x10000, 1ull << 63);
    assert_int_equal(t_exec(M, "frsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(is(10, 0, 0xfffe, 1ull << 63 | 0x1a5ull << 53));
    /* 0.5: biased exponent 0xfffe (index 0), 0xfffe - (-1 >> 1) = 0xffff */
    setf(8, 0, 0xfffe, 1ull << 63);
    assert_int_equal(t_exec(M, "frsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(is(10, 0, 0xffff, 1ull << 63 | 0x1a5ull << 53));
    /* -0: itself, predicate 0; +inf: itself; -1: invalid, QNaN indefinite */
    setf(8, 1, 0, 0);
    assert_int_equal(t_exec(M, "frsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(is(10, 1, 0, 0));
    assert_int_equal(T_PR(M, 6), 0);
    setf(8, 0, 0x1ffff, 1ull << 63);
    assert_int_equal(t_exec(M, "frsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(is(10, 0, 0x1ffff, 1ull << 63));
    assert_int_equal(T_PR(M, 6), 0);
    setf(8, 1, 0xffff, 1ull << 63);
    assert_int_equal(t_exec(M, "frsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(is(10, 1, 0x1ffff, 0xc000000000000000ull));
    assert_int_equal(T_PR(M, 6), 0);
    assert_int_equal(sf0_flags(), FPF_V);
    /* fprsqrta of (4.0, 0.0): (0.5-ish, +inf), predicate 0 for the zero */
    setf(8, 0, 0x1003e, (uint64_t)0x40800000u << 32);
    assert_int_equal(t_exec(M, "fprsqrta.s0", "F7", 0, 3, I(10), I(6), I(8)), STOP_NONE);
    assert_true(F(10)->sig == ((uint64_t)(0x3e800000u | 0x3fcu << 13) << 32 | 0x7f800000u));
    assert_int_equal(T_PR(M, 6), 0);
}

/* ------------------------------------------------------------ arithmetic */
static void test_fma_forms(void **state)
{
    (void)state;
    setf(8, 0, 0x10000, 0xc000000000000000ull);   /* 3 */
    setf(9, 0, 0x10001, 1ull << 63);              /* 4 */
    setf(10, 0, 0xffff, 1ull << 63);              /* 1 */
    assert_int_equal(t_exec(M, "fma.s0", "F1", 0, 4, I(11), I(8), I(9), I(10)), STOP_NONE);
    assert_true(is(11, 0, 0x10002, 0xd000000000000000ull));  /* 13 */
    assert_int_equal(t_exec(M, "fms.s0", "F1", 0, 4, I(11), I(8), I(9), I(10)), STOP_NONE);
    assert_true(is(11, 0, 0x10002, 0xb000000000000000ull));  /* 11 */
    assert_int_equal(t_exec(M, "fnma.s0", "F1", 0, 4, I(11), I(8), I(9), I(10)), STOP_NONE);
    assert_true(is(11, 1, 0x10002, 0xb000000000000000ull));  /* -11 */
    assert_int_equal(t_exec(M, "fadd.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_NONE);
    assert_true(is(11, 0, 0x10001, 0xe000000000000000ull));  /* 7 */
    assert_int_equal(t_exec(M, "fsub.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_NONE);
    assert_true(is(11, 1, 0xffff, 1ull << 63));                /* -1 */
    assert_int_equal(t_exec(M, "fmpy.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_NONE);
    assert_true(is(11, 0, 0x10002, 0xc000000000000000ull));  /* 12 */
    /* fnmpy of +0 * 3: -0 (no addend, the product's sign) */
    setf(12, 0, 0, 0);
    assert_int_equal(t_exec(M, "fnmpy.s0", "F1", 0, 3, I(11), I(12), I(8)), STOP_NONE);
    assert_true(is(11, 1, 0, 0));
    /* fnorm of an unnormal: normalized, d flag */
    setf(12, 0, 0x10005, 1ull << 60);
    assert_int_equal(t_exec(M, "fnorm.s0", "F1", 0, 2, I(11), I(12)), STOP_NONE);
    assert_true(is(11, 0, 0x10002, 1ull << 63));
    assert_int_equal(sf0_flags(), FPF_D);
    /* 1/3 in single, double and double-extended: inexact */
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    setf(12, 0, 0xfffd, 0xaaaaaaaaaaaaaaaaull);    /* 1/3, truncated to 64 bits */
    assert_int_equal(t_exec(M, "fnorm.s.s0", "F1", 0, 2, I(11), I(12)), STOP_NONE);
    assert_true(is(11, 0, 0xfffd, 0xaaaaab0000000000ull));
    assert_int_equal(t_exec(M, "fnorm.d.s0", "F1", 0, 2, I(11), I(12)), STOP_NONE);
    assert_true(is(11, 0, 0xfffd, 0xaaaaaaaaaaaaa800ull));
    assert_int_equal(sf0_flags(), FPF_I);
    /* NaTVal in, NaTVal out */
    setf(12, 0, FR_EXP_NATVAL, 0);
    assert_int_equal(t_exec(M, "fma.s0", "F1", 0, 4, I(11), I(8), I(12), I(10)), STOP_NONE);
    assert_true(is(11, 0, FR_EXP_NATVAL, 0));
    /* f1 as the target: Illegal Operation */
    assert_int_equal(t_exec(M, "fma.s0", "F1", 0, 4, I(1), I(8), I(9), I(10)), STOP_FAULT);
    assert_int_equal(M->cpu.fault, FAULT_ILLEGAL_OPERATION);
    /* PSR.dfh: Disabled FP-Register, ISR.code 2 */
    M->cpu.psr |= PSR_DFH;
    assert_int_equal(t_exec(M, "fma.s0", "F1", 0, 4, I(40), I(8), I(9), I(10)), STOP_FAULT);
    assert_int_equal(M->cpu.fault, FAULT_DISABLED_FP_REGISTER);
    assert_int_equal(M->cpu.intr.isr & 3, 2);
    M->cpu.psr &= ~PSR_DFH;
    /* mfl set by a write to f2-f31 */
    M->cpu.psr &= ~PSR_MFL;
    assert_int_equal(t_exec(M, "fma.s0", "F1", 0, 4, I(11), I(8), I(9), I(10)), STOP_NONE);
    assert_true(M->cpu.psr & PSR_MFL);
}

static void test_fp_exceptions(void **state)
{
    (void)state;
    /* invalid with vd clear: Floating-point Fault, ISR.code v, f11 and FPSR unchanged */
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~1ull;
    setf(8, 0, 0x1ffff, 1ull << 63);
    setf(9, 0, 0, 0);
    setf(11, 0, 0xffff, 1ull << 63);
    uint64_t ip = M->cpu.ip;
    assert_int_equal(t_exec(M, "fmpy.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_FAULT);
    assert_int_equal(M->cpu.intr.isr & 0xff, 1);
    assert_true(is(11, 0, 0xffff, 1ull << 63));
    assert_true(M->cpu.ar[AR_FPSR] == (FPSR_DEFAULT & ~1ull));
    assert_true(M->cpu.ip == ip);
    /* overflow with od clear: the result (exponent wrapped), o and i flags,
     * then a Floating-point Trap after the instruction */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~8ull;
    setf(8, 0, 0x13ffe, 1ull << 63);              /* 2^16383, double-extended's largest binade */
    setf(9, 0, 0x10000, 1ull << 63);              /* 2 */
    assert_int_equal(t_exec(M, "fmpy.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_TRAP);
    assert_true(M->cpu.intr.valid & INTR_TRAP);
    assert_true(M->cpu.intr.isr & (1u << 11));
    assert_true(is(11, 0, 0x13fff, 1ull << 63));  /* unbounded 2^16384 */
    assert_int_equal(sf0_flags(), FPF_O);
    assert_true(M->cpu.slot == M->cpu.trap_slot + 1);
    /* the same with traps disabled: +inf, o and i */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    assert_int_equal(t_exec(M, "fmpy.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_NONE);
    assert_true(is(11, 0, 0x1ffff, 1ull << 63));
    assert_int_equal(sf0_flags(), FPF_O | FPF_I);
    /* fsetc, fclrf, fchkf on sf1 */
    assert_int_equal(t_exec(M, "fsetc.s1", "F12", 0, 2, I(0x7f), I(0x30)), STOP_NONE);
    assert_int_equal((M->cpu.ar[AR_FPSR] >> 19) & 0x7f, 0x30 | (0x33f >> 6 & 0x7f));
    assert_int_equal(t_exec(M, "fmpy.s1", "F1", 0, 3, I(11), I(8), I(9)), STOP_NONE);
    assert_true(is(11, 0, 0x13ffe, ~0ull));       /* rz: the largest finite */
    assert_int_equal((M->cpu.ar[AR_FPSR] >> 26) & 0x3f, FPF_O | FPF_I);
    /* sf1 has flags sf0 has not: fchkf.s1 branches */
    M->cpu.ip = T_CODE;
    assert_int_equal(t_exec(M, "fchkf.s1", "F14", 0, 1, I(0x100)), STOP_NONE);
    assert_true(M->cpu.ip == T_CODE + 16);        /* sf0 has o and i too: falls through */
    assert_int_equal(t_exec(M, "fclrf.s0", "F13", 0, 0), STOP_NONE);
    assert_int_equal(sf0_flags(), 0);
    M->cpu.ip = T_CODE;
    assert_int_equal(t_exec(M, "fchkf.s1", "F14", 0, 1, I(0x100)), STOP_NONE);
    assert_true(M->cpu.ip == T_CODE + 0x100);
    assert_int_equal(t_exec(M, "fclrf.s1", "F13", 0, 0), STOP_NONE);
    assert_int_equal((M->cpu.ar[AR_FPSR] >> 26) & 0x3f, 0);
    M->cpu.ip = T_CODE;
    assert_int_equal(t_exec(M, "fchkf.s1", "F14", 0, 1, I(0x100)), STOP_NONE);
    assert_true(M->cpu.ip == T_CODE + 16);
}

static void test_fcmp_fclass(void **state)
{
    (void)state;
    setf(8, 0, 0xffff, 1ull << 63);                /* 1 */
    setf(9, 0, 0x10000, 1ull << 63);               /* 2 */
    setf(10, 0, 0x1ffff, 0xc000000000000000ull);   /* QNaN */
    static const struct { const char *mn; int f2, f3, t; } cases[] = {
        { "fcmp.eq.s0", 8, 8, 1 }, { "fcmp.eq.s0", 8, 9, 0 }, { "fcmp.lt.s0", 8, 9, 1 },
        { "fcmp.lt.s0", 9, 8, 0 }, { "fcmp.le.s0", 8, 8, 1 }, { "fcmp.le.s0", 9, 8, 0 },
        { "fcmp.unord.s0", 8, 10, 1 }, { "fcmp.unord.s0", 8, 9, 0 }, { "fcmp.eq.s0", 10, 10, 0 },
        { "fcmp.eq.s0", 0, 0, 1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(t_exec(M, cases[i].mn, "F4", 0, 4, I(6), I(7), I(cases[i].f2), I(cases[i].f3)),
                         STOP_NONE);
        assert_int_equal(T_PR(M, 6), cases[i].t);
        assert_int_equal(T_PR(M, 7), !cases[i].t);
    }
    /* lt on a QNaN: invalid; eq on a QNaN: no flag */
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    assert_int_equal(t_exec(M, "fcmp.eq.s0", "F4", 0, 4, I(6), I(7), I(8), I(10)), STOP_NONE);
    assert_int_equal(sf0_flags(), 0);
    assert_int_equal(t_exec(M, "fcmp.lt.s0", "F4", 0, 4, I(6), I(7), I(8), I(10)), STOP_NONE);
    assert_int_equal(sf0_flags(), FPF_V);
    /* .unc with a false predicate: both cleared */
    M->cpu.prf[M->cpu.prmap[6]] = 1;
    M->cpu.prf[M->cpu.prmap[7]] = 1;
    M->cpu.prf[M->cpu.prmap[5]] = 0;
    assert_int_equal(t_exec(M, "fcmp.eq.unc.s0", "F4", 5, 4, I(6), I(7), I(8), I(8)), STOP_NONE);
    assert_int_equal(T_PR(M, 6) | T_PR(M, 7), 0);
    /* fclass.m: @nat, @qnan, @pos|@norm, @neg|@zero */
    setf(11, 0, FR_EXP_NATVAL, 0);
    assert_int_equal(t_exec(M, "fclass.m", "F5", 0, 4, I(6), I(7), I(11), I(0x100)), STOP_NONE);
    assert_int_equal(T_PR(M, 6), 1);
    assert_int_equal(T_PR(M, 7), 0);
    /* NaTVal tested for another class: both predicates cleared */
    M->cpu.prf[M->cpu.prmap[7]] = 1;
    assert_int_equal(t_exec(M, "fclass.m", "F5", 0, 4, I(6), I(7), I(11), I(0x0ff)), STOP_NONE);
    assert_int_equal(T_PR(M, 6) | T_PR(M, 7), 0);
    assert_int_equal(t_exec(M, "fclass.m", "F5", 0, 4, I(6), I(7), I(10), I(0x080)), STOP_NONE);
    assert_int_equal(T_PR(M, 6), 1);
    assert_int_equal(t_exec(M, "fclass.m", "F5", 0, 4, I(6), I(7), I(8), I(0x011)), STOP_NONE);
    assert_int_equal(T_PR(M, 6), 1);
    assert_int_equal(t_exec(M, "fclass.m", "F5", 0, 4, I(6), I(7), I(8), I(0x006)), STOP_NONE);
    assert_int_equal(T_PR(M, 6), 0);
    assert_int_equal(T_PR(M, 7), 1);
}

static void test_misc_ops(void **state)
{
    (void)state;
    setf(8, 1, 0x10000, 0xc000000000000000ull);    /* -3 */
    setf(9, 0, 0xffff, 1ull << 63);                /* 1 */
    assert_int_equal(t_exec(M, "fmin.s0", "F8", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0x10000, 0xc000000000000000ull));
    assert_int_equal(t_exec(M, "fmax.s0", "F8", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0xffff, 1ull << 63));
    assert_int_equal(t_exec(M, "famin.s0", "F8", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0xffff, 1ull << 63));
    assert_int_equal(t_exec(M, "famax.s0", "F8", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0x10000, 0xc000000000000000ull));
    /* fmerge.s / ns / se, fneg, fabs */
    assert_int_equal(t_exec(M, "fmerge.s", "F9", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0xffff, 1ull << 63));
    assert_int_equal(t_exec(M, "fmerge.ns", "F9", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0xffff, 1ull << 63));
    assert_int_equal(t_exec(M, "fmerge.se", "F9", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0x10000, 1ull << 63));
    assert_int_equal(t_exec(M, "fabs", "F9", 0, 2, I(10), I(8)), STOP_NONE);
    assert_true(is(10, 0, 0x10000, 0xc000000000000000ull));
    assert_int_equal(t_exec(M, "fnegabs", "F9", 0, 2, I(10), I(9)), STOP_NONE);
    assert_true(is(10, 1, 0xffff, 1ull << 63));
    /* logic and mixes: integer results */
    setf(8, 0, 0x1003e, 0x1122334455667788ull);
    setf(9, 0, 0x1003e, 0x99aabbccddeeff00ull);
    static const struct { const char *mn; uint64_t v; } lg[] = {
        { "fand", 0x1122334455667788ull & 0x99aabbccddeeff00ull },
        { "for", 0x1122334455667788ull | 0x99aabbccddeeff00ull },
        { "fxor", 0x1122334455667788ull ^ 0x99aabbccddeeff00ull },
        { "fandcm", 0x1122334455667788ull & ~0x99aabbccddeeff00ull },
        { "fmix.lr", 0x11223344ddeeff00ull }, { "fmix.r", 0x55667788ddeeff00ull },
        { "fmix.l", 0x1122334499aabbccull }, { "fswap", 0xddeeff0011223344ull },
        { "fswap.nl", 0x5deeff0011223344ull }, { "fswap.nr", 0xddeeff0091223344ull },
        { "fsxt.r", 0x00000000ddeeff00ull }, { "fsxt.l", 0x0000000099aabbccull },
        { "fpmerge.s", 0x19aabbcc5deeff00ull },   /* f2 signs (both +), f3 the rest */
    };
    for (size_t i = 0; i < sizeof lg / sizeof lg[0]; i++) {
        assert_int_equal(t_exec(M, lg[i].mn, "F9", 0, 3, I(10), I(8), I(9)), STOP_NONE);
        assert_true(is(10, 0, 0x1003e, lg[i].v));
    }
    /* fselect, xma */
    setf(11, 0, 0x1003e, 0xffff0000ffff0000ull);
    assert_int_equal(t_exec(M, "fselect", "F3", 0, 4, I(10), I(8), I(9), I(11)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0x1122bbcc5566ff00ull));
    setf(8, 0, 0x1003e, (uint64_t)-3);
    setf(9, 0, 0x1003e, 5);
    setf(11, 0, 0x1003e, 1);
    assert_int_equal(t_exec(M, "xma.l", "F2", 0, 4, I(10), I(8), I(9), I(11)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, (uint64_t)-14));
    assert_int_equal(t_exec(M, "xma.h", "F2", 0, 4, I(10), I(8), I(9), I(11)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, ~0ull));
    assert_int_equal(t_exec(M, "xma.hu", "F2", 0, 4, I(10), I(8), I(9), I(11)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 4));
    /* fcvt.xf of -3, fcvt.fx of -2.5 (rn: -2) and .trunc, fcvt.fxu of -1: invalid */
    assert_int_equal(t_exec(M, "fcvt.xf", "F11", 0, 2, I(10), I(8)), STOP_NONE);
    assert_true(is(10, 1, 0x10000, 0xc000000000000000ull));
    setf(12, 1, 0x10000, 0xa000000000000000ull);
    assert_int_equal(t_exec(M, "fcvt.fx.s0", "F10", 0, 2, I(10), I(12)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, (uint64_t)-2));
    setf(12, 1, 0x10000, 0xe000000000000000ull);  /* -3.5 */
    assert_int_equal(t_exec(M, "fcvt.fx.trunc.s0", "F10", 0, 2, I(10), I(12)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, (uint64_t)-3));
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    assert_int_equal(t_exec(M, "fcvt.fxu.s0", "F10", 0, 2, I(10), I(12)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0x8000000000000000ull));
    assert_int_equal(sf0_flags(), FPF_V);
    /* fpma on pairs of singles: (2, 3) * (4, 5) + (1, 1) = (9, 16) */
    setf(8, 0, 0x1003e, 0x4000000040400000ull);
    setf(9, 0, 0x1003e, 0x4080000040a00000ull);
    setf(11, 0, 0x1003e, 0x3f8000003f800000ull);
    assert_int_equal(t_exec(M, "fpma.s0", "F1", 0, 4, I(10), I(8), I(9), I(11)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0x4110000041800000ull));
    /* fpcmp.lt: (2 < 4, 3 < 5) */
    assert_int_equal(t_exec(M, "fpcmp.lt.s0", "F8", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, ~0ull));
    /* fpcvt.fx: (2, 3) -> integers */
    assert_int_equal(t_exec(M, "fpcvt.fx.s0", "F10", 0, 2, I(10), I(8)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0x0000000200000003ull));
    /* fpack of 1.0 and -2.0 */
    setf(8, 0, 0xffff, 1ull << 63);
    setf(9, 1, 0x10000, 1ull << 63);
    assert_int_equal(t_exec(M, "fpack", "F9", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0x3f800000c0000000ull));
}

/* Parallel FP with the overflow or underflow trap enabled: each half's
 * rounded single keeps its true biased exponent MOD 2^8 (SDM vol. 1,
 * 5.4.2 and 5.4.3; the scalar forms' is MOD 2^17), then a Floating-point
 * Trap with the high half's o/u/i/fpa in ISR.code bits 11-14, the low
 * half's in bits 7-10. */
static void test_fpma_traps(void **state)
{
    (void)state;
    /* overflow, od clear: high 1.5 * 2^127 * -8 = -1.5 * 2^130, biased 257
     * -> 1; low 2 * 3 = 6; exact, so no i */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~8ull;
    setf(8, 0, 0x1003e, 0x7f40000040000000ull);
    setf(9, 0, 0x1003e, 0xc100000040400000ull);
    assert_int_equal(t_exec(M, "fpmpy.s0", "F1", 0, 3, I(10), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_TRAP);
    assert_true(M->cpu.intr.valid & INTR_TRAP);
    assert_true(is(10, 0, 0x1003e, 0x80c0000040c00000ull));
    assert_int_equal(M->cpu.intr.isr & 0xff80, 1u << 11);
    assert_int_equal(sf0_flags(), FPF_O);
    /* overflow and inexact: the largest single squared, (2 - 2^-22 + 2^-47)
     * * 2^255, rounds (rn, down) to (2 - 2^-22) * 2^255: biased 382 -> 126,
     * fraction 0x7ffffe; o and i in the high half, fpa 0 */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~8ull;
    setf(8, 0, 0x1003e, 0x7f7fffff40000000ull);
    setf(9, 0, 0x1003e, 0x7f7fffff40400000ull);
    assert_int_equal(t_exec(M, "fpmpy.s0", "F1", 0, 3, I(10), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_TRAP);
    assert_true(is(10, 0, 0x1003e, 0x3f7ffffe40c00000ull));
    assert_int_equal(M->cpu.intr.isr & 0xff80, 1u << 11 | 1u << 13);
    assert_int_equal(sf0_flags(), FPF_O | FPF_I);
    /* underflow, ud clear: low 1.5 * 2^-126 * 2^-10 + 0 = 1.5 * 2^-136,
     * tiny (exact: u alone), biased -9 -> 247; fpma with f0's +0 addend
     * through fpms: x * y - 0 */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~0x10ull;
    setf(8, 0, 0x1003e, 0x4000000000c00000ull);
    setf(9, 0, 0x1003e, 0x404000003a800000ull);
    setf(11, 0, 0x1003e, 0);
    assert_int_equal(t_exec(M, "fpms.s0", "F1", 0, 4, I(10), I(8), I(9), I(11)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_TRAP);
    assert_true(is(10, 0, 0x1003e, 0x40c000007bc00000ull));
    assert_int_equal(M->cpu.intr.isr & 0xff80, 1u << 8);
    assert_int_equal(sf0_flags(), FPF_U);
    /* the same with the traps disabled: the denormal 1.5 * 2^-136 = 0x3000
     * * 2^-149 -- exact, so neither u nor i -- and no trap */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    assert_int_equal(t_exec(M, "fpms.s0", "F1", 0, 4, I(10), I(8), I(9), I(11)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0x40c0000000003000ull));
    assert_int_equal(sf0_flags(), 0);
    /* and the overflow: -inf (rn) in the high half, o and i */
    setf(8, 0, 0x1003e, 0x7f40000040000000ull);
    setf(9, 0, 0x1003e, 0xc100000040400000ull);
    assert_int_equal(t_exec(M, "fpmpy.s0", "F1", 0, 3, I(10), I(8), I(9)), STOP_NONE);
    assert_true(is(10, 0, 0x1003e, 0xff80000040c00000ull));
    assert_int_equal(sf0_flags(), FPF_O | FPF_I);
    /* the helper alone: 1.0 * 2^-200 -> biased -73 -> 183 */
    assert_int_equal(sf_to_single_wrapped(&(struct freg){ 1ull << 63, 0xffff - 200, 1 }), 0xdb800000u);
}

/* FPSR.sf0 has no td (SDM vol. 1, 5.2.2: td in sf1-sf3 only; sf0's bit is
 * reserved): sf0's traps follow FPSR.traps alone; mov ar.fpsr and
 * fsetc.s0 that would set it take a Reserved Register/Field fault. */
static void test_sf0_td(void **state)
{
    (void)state;
    const uint64_t SF0_TD = 1ull << 12, SF2_TD = 1ull << 38;
    setf(8, 0, 0x13ffe, 1ull << 63);              /* 2^16383 */
    setf(9, 0, 0x10000, 1ull << 63);              /* 2 */
    /* sf0 with its td bit set anyway (state written behind mov's back):
     * od clear still traps, the exponent unbounded */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = (FPSR_DEFAULT & ~8ull) | SF0_TD;
    assert_int_equal(t_exec(M, "fmpy.s0", "F1", 0, 3, I(11), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_TRAP);
    assert_true(M->cpu.intr.isr & (1u << 11));
    assert_true(is(11, 0, 0x13fff, 1ull << 63));
    /* sf2 (td set in Linux's default): no trap, +inf, o and i in sf2 */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~8ull;
    assert_true(M->cpu.ar[AR_FPSR] & SF2_TD);
    assert_int_equal(t_exec(M, "fmpy.s2", "F1", 0, 3, I(11), I(8), I(9)), STOP_NONE);
    assert_true(is(11, 0, 0x1ffff, 1ull << 63));
    assert_int_equal((M->cpu.ar[AR_FPSR] >> 39) & 0x3f, FPF_O | FPF_I);
    /* sf2 with td clear: the trap */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT & ~8ull & ~SF2_TD;
    assert_int_equal(t_exec(M, "fmpy.s2", "F1", 0, 3, I(11), I(8), I(9)), STOP_FAULT);
    assert_int_equal(M->cpu.intr.vector, IVEC_FP_TRAP);
    assert_true(is(11, 0, 0x13fff, 1ull << 63));
    /* mov ar.fpsr: sf0.td set is a reserved field; sf1-sf3's td are not */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    T_SETGR(M, 4, FPSR_DEFAULT | SF0_TD);
    assert_int_equal(t_exec(M, "mov.m", "M29", 0, 2, I(AR_FPSR), I(4)), STOP_FAULT);
    assert_int_equal(M->cpu.fault, FAULT_RESERVED_REGISTER_FIELD);
    assert_true(M->cpu.ar[AR_FPSR] == FPSR_DEFAULT);
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    T_SETGR(M, 4, FPSR_DEFAULT & ~SF2_TD);
    assert_int_equal(t_exec(M, "mov.m", "M29", 0, 2, I(AR_FPSR), I(4)), STOP_NONE);
    assert_true(M->cpu.ar[AR_FPSR] == (FPSR_DEFAULT & ~SF2_TD));
    /* fsetc.s0 setting td: Reserved Register/Field; fsetc.s1 may */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    M->cpu.ar[AR_FPSR] = FPSR_DEFAULT;
    assert_int_equal(t_exec(M, "fsetc.s0", "F12", 0, 2, I(0x7f), I(0x40)), STOP_FAULT);
    assert_int_equal(M->cpu.fault, FAULT_RESERVED_REGISTER_FIELD);
    assert_true(M->cpu.ar[AR_FPSR] == FPSR_DEFAULT);
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    assert_int_equal(t_exec(M, "fsetc.s1", "F12", 0, 2, I(0x3f), I(0x40)), STOP_NONE);
    assert_int_equal((M->cpu.ar[AR_FPSR] >> 19) & 0x7f, 0x40 | 0xc);
    /* fsetc with pc = 01 (reserved) in the result: the same fault */
    M->cpu.ip = T_CODE;
    M->cpu.slot = 0;
    assert_int_equal(t_exec(M, "fsetc.s2", "F12", 0, 2, I(0x73), I(0x04)), STOP_FAULT);
    assert_int_equal(M->cpu.fault, FAULT_RESERVED_REGISTER_FIELD);
}

/* ldf.fill / stf.spill round trip of one value of every class */
static void test_spill_fill_classes(void **state)
{
    (void)state;
    static const struct freg vals[] = {
        { 0, 0, 0 }, { 0, 0, 1 }, { 1ull << 63, 0xffff, 0 }, { 0x1234, 0, 1 },       /* zeros, 1, denormal */
        { 1ull << 40, 0x12345, 0 }, { 0, 0x1abcd, 1 }, { 1ull << 63, 0x1ffff, 1 },   /* unnormal, pseudo-zero, -inf */
        { 0xc000000000000001ull, 0x1ffff, 0 }, { 0x8000000000000001ull, 0x1ffff, 1 }, /* qnan, snan */
        { 0x4000000000000000ull, 0x1ffff, 0 }, { 0, FR_EXP_NATVAL, 0 },             /* unsupported, NaTVal */
        { ~0ull, 0x1fffe, 1 }, { 1, 1, 0 },
    };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        *F(12) = vals[i];
        T_SETGR(M, 4, D + 0x40);
        assert_int_equal(t_exec(M, "stf.spill", "M9", 0, 2, I(4), I(12)), STOP_NONE);
        setf(13, 0, 0xffff, 1ull << 63);
        assert_int_equal(t_exec(M, "ldf.fill", "M6", 0, 2, I(13), I(4)), STOP_NONE);
        assert_true(is(13, vals[i].sign, vals[i].exp, vals[i].sig));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_frcpa_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frcpa_special, setup, teardown),
        cmocka_unit_test_setup_teardown(test_frsqrta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fma_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fp_exceptions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fcmp_fclass, setup, teardown),
        cmocka_unit_test_setup_teardown(test_misc_ops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spill_fill_classes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fpma_traps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sf0_td, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
