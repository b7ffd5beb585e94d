/* Soft-float for the IA-64 82-bit register format (SDM rev. 2.3 vol. 1,
 * 5.1-5.2, and the vol. 3 pages of fma/frcpa/frsqrta/fcvt/fcmp).  Our own
 * arithmetic on 128-bit integers; host floating point is never used.
 *
 * A register value is struct freg (cpu.h): sign, 17-bit biased exponent
 * (bias 0xffff), 64-bit significand with an explicit integer bit.  An
 * exponent of 0 with a non-zero significand (double-extended denormals)
 * reads as exponent 0xc001.  Every operation is computed exactly and
 * rounded once to the precision and exponent range of its environment. */
#ifndef IA64EMU_SOFTFLOAT_H
#define IA64EMU_SOFTFLOAT_H

#include <stdint.h>

#include "cpu.h"

/* IEEE flags, in FPSR status-field order (v d z o u i); also the trap
 * disable bits of FPSR.traps (vd dd zd od ud id) in the same order. */
#define FPF_V 1u
#define FPF_D 2u
#define FPF_Z 4u
#define FPF_O 8u
#define FPF_U 16u
#define FPF_I 32u

/* Precision control sources. */
enum { FPC_SF = 0, FPC_S = 1, FPC_D = 2, FPC_SIMD = 3, FPC_NONE = 4 };

/* Rounding control (FPSR sf.rc). */
enum { RC_RN = 0, RC_RM = 1, RC_RP = 2, RC_RZ = 3 };

struct fp_env {
    unsigned prec;       /* significand bits: 24, 53, 64 */
    int emax, emin;      /* unbiased exponent range of normal numbers */
    unsigned es;         /* exponent width: 8, 11, 15, 17 */
    unsigned rc;
    unsigned ftz;        /* effective: sf.ftz and the underflow trap disabled */
    unsigned enabled;    /* FPF_* traps enabled (not disabled by FPSR.traps or sf.td) */
};

/* What an operation raised. */
struct fp_info {
    unsigned flags;      /* FPF_* */
    unsigned faults;     /* FPF_V/D/Z whose trap is enabled: a Floating-point Fault */
    unsigned swa;        /* software assistance required (fault, ISR.code bit 3) */
    unsigned traps;      /* FPF_O/U/I whose trap is enabled: a Floating-point Trap */
    unsigned fpa;        /* the significand was rounded up in magnitude */
    unsigned ebc;        /* the trap result's exponent was wrapped */
};

void fp_env_init(struct fp_env *e, uint64_t fpsr, unsigned sf, unsigned pc);
/* An environment from explicit controls (tests): PREC 24/53/64, ES 8/11/15/17. */
void fp_env_make(struct fp_env *e, unsigned prec, unsigned es, unsigned rc, unsigned ftz, unsigned enabled);

/* Classes (the argument is a raw register value). */
static inline int fr_natval(const struct freg *f) { return f->exp == 0x1fffe && f->sig == 0 && f->sign == 0; }
static inline int fr_special(const struct freg *f) { return f->exp == 0x1ffff; }
static inline int fr_nan(const struct freg *f) { return f->exp == 0x1ffff && (f->sig >> 63) && (f->sig << 1); }
static inline int fr_snan(const struct freg *f) { return fr_nan(f) && !((f->sig >> 62) & 1); }
static inline int fr_inf(const struct freg *f) { return f->exp == 0x1ffff && f->sig == 1ull << 63; }
static inline int fr_unsupported(const struct freg *f) { return f->exp == 0x1ffff && !(f->sig >> 63); }
/* zero, or pseudo-zero (non-zero exponent, zero significand) */
static inline int fr_zero(const struct freg *f) { return f->exp != 0x1ffff && f->sig == 0; }
static inline int fr_true_zero(const struct freg *f) { return f->exp == 0 && f->sig == 0; }
/* unnormal, denormal, pseudo-denormal or pseudo-zero: the D flag's operands */
static inline int fr_unorm(const struct freg *f)
{
    if (f->exp == 0x1ffff || fr_true_zero(f))
        return 0;
    return !(f->sig >> 63) || f->exp == 0;
}
static inline int fr_normal(const struct freg *f)   /* finite, non-zero, integer bit set */
{
    return f->exp != 0x1ffff && f->exp != 0 && (f->sig >> 63);
}

extern const struct freg FR_QNAN_INDEFINITE;

/* fma and its forms: r = (-1)^NP * a * b + (-1)^NA * c; C NULL: no
 * addend (f2 = f0: the product alone, zero keeps the product's sign).
 * Returns 0, or 1 when a fault must be raised (info->faults / swa): then
 * R is unspecified. */
int sf_fma(struct freg *r, const struct freg *a, const struct freg *b, const struct freg *c,
           int np, int na, const struct fp_env *e, struct fp_info *info);

/* Rounds the exact value (-1)^SIGN * SIG * 2^(EXP - 127) (SIG's bit 127
 * set, STICKY: non-zero bits below) to the environment. */
struct freg sf_round(unsigned sign, unsigned __int128 sig, int sticky, int exp, const struct fp_env *e,
                     struct fp_info *info);

/* Comparisons of two non-NaTVal values: relation 0 eq, 1 lt, 2 le, 3 unord.
 * Sets V (signalling NaN, unsupported, or lt/le on any NaN) and D. */
int sf_compare(const struct freg *a, const struct freg *b, unsigned rel, const struct fp_env *e,
               struct fp_info *info);
/* a < b as fmin/fmax compare (false when unordered); V and D as fmin. */
int sf_minmax_lt(const struct freg *a, const struct freg *b, const struct fp_env *e, struct fp_info *info);

/* frcpa / frsqrta: returns the predicate (1: the approximation). */
int sf_frcpa(struct freg *r, const struct freg *a, const struct freg *b, const struct fp_env *e,
             struct fp_info *info);
int sf_frsqrta(struct freg *r, const struct freg *a, const struct fp_env *e, struct fp_info *info);
/* The table steps alone, for a normalized finite non-zero operand. */
struct freg sf_recip_approx(const struct freg *den);
struct freg sf_rsqrt_approx(const struct freg *x);
uint16_t sf_recip_table(unsigned i);
uint16_t sf_rsqrt_table(unsigned i);

/* fcvt.fx / fxu (TRUNC: round toward zero): the integer in *out.
 * Returns 1 for a fault. *nan: the result is the integer indefinite. */
int sf_to_int(uint64_t *out, const struct freg *a, int is_signed, int trunc, const struct fp_env *e,
              struct fp_info *info);
/* fcvt.xf: the signed 64-bit integer in the register-format value. */
struct freg sf_from_int(int64_t v);

/* Normalizes a finite value (exponent 0 read as 0xc001); zero stays. */
struct freg sf_normalize(const struct freg *f);

/* Single-precision memory format <-> register format (SDM vol. 1, 5.1). */
struct freg sf_from_single(uint32_t v);
uint32_t sf_to_single(const struct freg *f);
/* The parallel forms' o/u trap-enabled result: the biased exponent MOD 2^8. */
uint32_t sf_to_single_wrapped(const struct freg *f);

#endif
