/* The soft-float fma (cpu/softfloat.c) against MPFR, the oracle of a
 * correctly rounded fused multiply-add.
 *
 *   fp_mpfr [COUNT [SEED]]
 *
 * COUNT seeded random operand triples (default 1,000,000), each run as
 * one of fma, fms, fnma, fadd (f4 = f1), fmpy (f2 = f0) in a random
 * environment: precision 24/53/64 from the status field or the .s/.d
 * completers, wre on or off, every rounding mode, ftz, and the o/u/i traps
 * enabled or not (now and then v and d too).  Operands include zeros,
 * pseudo-zeros, denormals (exponent 0), unnormals, normals near every
 * format's overflow and underflow thresholds, infinities, quiet and
 * signalling NaNs and unsupported encodings.
 *
 * MPFR computes the finite results: rounding once to the precision with an
 * unbounded exponent (tininess is detected after rounding, as the SDM
 * does), then mpfr_subnormalize in the target exponent range for tiny
 * results.  The IA-64 rules for NaN operands (quieting, f4 > f2 > f3
 * priority), invalid operations (QNaN indefinite), the D flag, the trap
 * results (the rounded value with its exponent wrapped to 17 bits) and
 * ftz are written out here from the SDM.  Every result's sign, exponent
 * and significand, every flag and trap, and the trap's fpa bit must match
 * (ISR.ebc is not compared): the program
 * prints each mismatch (up to 20) and exits 1 if there is any.
 *
 * Every 8th case also runs as an instruction (tests/harness.c): the
 * encoded fma/fms/fnma/fadd/fmpy with its .s/.d completer and status
 * field, FPSR as drawn, f8-f10 the operands: f11, the status field's
 * flags and the Floating-point Fault or Trap (vector and ISR.code bits)
 * must be the oracle's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "harness.h"
#include "softfloat.h"

static uint64_t rng_state;

static uint64_t rnd64(void)
{
    /* splitmix64 */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static unsigned rnd(unsigned n) { return (unsigned)(rnd64() % n); }

static const int centers[] = { 0, 1, -1, 31, -31, 63, -64, 127, -126, 1023, -1022, 16383, -16382, 65535, -65534 };

/* A random significand: full, short (24/53 bits: ties), sparse, all ones. */
static uint64_t rand_sig(void)
{
    uint64_t s = rnd64() | 1ull << 63;
    switch (rnd(6)) {
    case 0: return s & ~((1ull << 40) - 1);
    case 1: return s & ~((1ull << 11) - 1);
    case 2: return 1ull << 63 | (1ull << rnd(63));
    case 3: return ~0ull;
    case 4: return 1ull << 63;
    default: return s;
    }
}

/* An operand; HALF: aim at half the center (a multiplicand). */
static struct freg rand_op(int half, int center)
{
    struct freg f;
    f.sign = rnd(2);
    unsigned k = rnd(100);
    if (k < 3) {                                   /* zero */
        f.exp = 0;
        f.sig = 0;
    } else if (k < 4) {                            /* pseudo-zero */
        f.exp = 1 + rnd(0x1fffd);
        f.sig = 0;
    } else if (k < 7) {                            /* exponent 0: (pseudo-)denormal */
        f.exp = 0;
        f.sig = rnd64() >> rnd(64);
        if (!f.sig)
            f.sig = 1;
        if (rnd(4) == 0)
            f.sig |= 1ull << 63;
    } else if (k < 12) {                           /* unnormal */
        int e = (half ? center / 2 : center) + (int)rnd(141) - 70;
        f.exp = (uint32_t)(e + 0xffff);
        if (f.exp < 1)
            f.exp = 1;
        if (f.exp > 0x1fffe)
            f.exp = 0x1fffe;
        f.sig = rand_sig() >> (1 + rnd(63));
        if (!f.sig)
            f.sig = 1;
    } else if (k < 14) {                           /* infinity */
        f.exp = 0x1ffff;
        f.sig = 1ull << 63;
    } else if (k < 16) {                           /* NaN: quiet or signalling */
        f.exp = 0x1ffff;
        f.sig = 1ull << 63 | (rnd64() >> 2) | 1;
        if (rnd(2))
            f.sig |= 1ull << 62;
    } else if (k < 17) {                           /* unsupported */
        f.exp = 0x1ffff;
        f.sig = rnd64() >> 1;
    } else {                                       /* normal */
        int e = (half ? center / 2 : center) + (int)rnd(141) - 70;
        if (rnd(4) == 0)
            e = (int)rnd(0x1fffe) - 0xfffe;
        if (e > 65535)
            e = 65535;
        if (e < -65534)
            e = -65534;
        f.exp = (uint32_t)(e + 0xffff);
        f.sig = rand_sig();
    }
    return f;
}

static mpfr_rnd_t mode(unsigned rc)
{
    static const mpfr_rnd_t m[4] = { MPFR_RNDN, MPFR_RNDD, MPFR_RNDU, MPFR_RNDZ };
    return m[rc & 3];
}

/* Exact value of a finite register operand (pseudo-zeros are zeros). */
static void to_mpfr(mpfr_t x, const struct freg *f)
{
    if (fr_inf(f)) {
        mpfr_set_inf(x, f->sign ? -1 : 1);
        return;
    }
    if (f->sig == 0) {
        mpfr_set_zero(x, f->sign ? -1 : 1);
        return;
    }
    int e = (int)(f->exp ? f->exp : 0xc001) - 0xffff;
    mpfr_set_uj(x, f->sig, MPFR_RNDN);             /* exact: 64 bits */
    mpfr_mul_2si(x, x, e - 63, MPFR_RNDN);
    if (f->sign)
        mpfr_neg(x, x, MPFR_RNDN);
}

/* Register encoding of a finite non-zero MPFR value Y (precision <= 64)
 * whose leading-bit exponent lies in [emin, emax], or below emin for a
 * denormal (then the exponent is emin and the integer bit is 0). */
static struct freg from_mpfr(mpfr_t y, const struct fp_env *e)
{
    struct freg r;
    r.sign = mpfr_signbit(y) ? 1 : 0;
    if (mpfr_zero_p(y)) {
        r.exp = 0;
        r.sig = 0;
        return r;
    }
    int ey = (int)mpfr_get_exp(y) - 1;             /* leading bit's exponent */
    int eb = ey < e->emin ? e->emin : ey;
    mpfr_t t;
    mpfr_init2(t, 64);
    mpfr_abs(t, y, MPFR_RNDN);
    mpfr_mul_2si(t, t, 63 - eb, MPFR_RNDN);        /* exact */
    r.sig = mpfr_get_uj(t, MPFR_RNDN);
    mpfr_clear(t);
    r.exp = (uint32_t)(eb + 0xffff) & 0x1ffff;
    if (e->es == 15 && r.exp == 0xc001 && !(r.sig >> 63))
        r.exp = 0;
    return r;
}

/* The oracle's o or u (FLAG) with its trap enabled: P, rounded with an
 * unbounded exponent EY, in the register format with the exponent wrapped
 * to 17 bits; i with it when inexact (T), fpa when rounded up (UP). */
static void trapped(struct freg *r, struct fp_info *in, unsigned flag, mpfr_t p, int ey, int up, int t,
                    const struct fp_env *e)
{
    in->flags |= flag;
    in->traps |= flag;
    struct fp_env wide = *e;
    wide.emin = -1000000;
    wide.es = 17;
    *r = from_mpfr(p, &wide);
    r->exp = (uint32_t)(ey + 0xffff) & 0x1ffff;
    in->fpa = (unsigned)up;
    if (t) {
        in->flags |= FPF_I;
        in->traps |= FPF_I;
    }
}

/* The oracle's inexact result: i and FLAGS, and the i trap with fpa (UP)
 * when enabled. */
static void inexact_result(struct fp_info *in, unsigned flags, int up, const struct fp_env *e)
{
    in->flags |= flags | FPF_I;
    if (e->enabled & FPF_I) {
        in->traps |= FPF_I;
        in->fpa = (unsigned)up;
    }
}

/* The expected result of (-1)^np a*b + (-1)^na c (c NULL: none).
 * Returns 1 when a fault is expected (then only FAULTS is compared). */
static int oracle(struct freg *r, struct fp_info *in, const struct freg *a, const struct freg *b,
                  const struct freg *c, int np, int na, const struct fp_env *e)
{
    memset(in, 0, sizeof *in);
    const struct freg *ops[3] = { a, b, c };
    int unsup = 0, nan = 0, snan = 0, unorm = 0;
    for (int i = 0; i < 3; i++) {
        if (!ops[i])
            continue;
        unsup |= fr_unsupported(ops[i]);
        nan |= fr_nan(ops[i]);
        snan |= fr_snan(ops[i]);
        unorm |= fr_unorm(ops[i]);
    }
    if (unsup || nan) {
        if (unsup) {
            *r = FR_QNAN_INDEFINITE;
            in->flags = FPF_V;
        } else {
            const struct freg *q = fr_nan(b) ? b : (c && fr_nan(c)) ? c : a;
            *r = *q;
            r->sig |= 1ull << 62;
            in->flags = snan ? FPF_V : 0;
        }
        if ((in->flags & FPF_V) && (e->enabled & FPF_V)) {
            in->faults = FPF_V;
            return 1;
        }
        return 0;
    }
    mpfr_t x, y, z, p;
    mpfr_inits2(64, x, y, z, (mpfr_ptr)0);
    mpfr_init2(p, e->prec);
    to_mpfr(x, a);
    to_mpfr(y, b);
    if (np)
        mpfr_neg(x, x, MPFR_RNDN);
    if (c) {
        to_mpfr(z, c);
        if (na)
            mpfr_neg(z, z, MPFR_RNDN);
    }
    mpfr_rnd_t m = mode(e->rc);
    mpfr_clear_flags();
    int t = c ? mpfr_fma(p, x, y, z, m) : mpfr_mul(p, x, y, m);
    int ret = 0;
    if (mpfr_nan_p(p)) {                           /* inf * 0, inf - inf */
        *r = FR_QNAN_INDEFINITE;
        in->flags = FPF_V;
        if (e->enabled & FPF_V) {
            in->faults = FPF_V;
            ret = 1;
        }
        goto out;
    }
    if (unorm) {
        in->flags |= FPF_D;
        if (e->enabled & FPF_D) {
            in->faults = FPF_D;
            ret = 1;
            goto out;
        }
    }
    if (mpfr_inf_p(p)) {                           /* exact infinity */
        *r = (struct freg){ 1ull << 63, 0x1ffff, mpfr_signbit(p) ? 1u : 0u };
        goto out;
    }
    if (mpfr_zero_p(p)) {                          /* exact zero */
        *r = (struct freg){ 0, 0, mpfr_signbit(p) ? 1u : 0u };
        goto out;
    }
    int ey = (int)mpfr_get_exp(p) - 1;
    /* did the rounding go up in magnitude? */
    int up = (t > 0 && !mpfr_signbit(p)) || (t < 0 && mpfr_signbit(p));
    if (ey > e->emax) {
        if (e->enabled & FPF_O) {
            trapped(r, in, FPF_O, p, ey, up, t, e);
            goto out;
        }
        unsigned s = mpfr_signbit(p) ? 1 : 0;
        int to_inf = e->rc == RC_RN || (e->rc == RC_RM && s) || (e->rc == RC_RP && !s);
        inexact_result(in, FPF_O, to_inf, e);
        if (to_inf) {
            *r = (struct freg){ 1ull << 63, 0x1ffff, s };
        } else {
            r->sign = s;
            r->exp = (uint32_t)(e->emax + 0xffff);
            r->sig = ~0ull << (64 - e->prec);
        }
        goto out;
    }
    if (ey < e->emin) {                            /* tiny */
        if (e->enabled & FPF_U) {
            trapped(r, in, FPF_U, p, ey, up, t, e);
            goto out;
        }
        if (e->ftz) {
            in->flags |= FPF_U | FPF_I;
            if (e->enabled & FPF_I)
                in->traps |= FPF_I;
            *r = (struct freg){ 0, 0, mpfr_signbit(p) ? 1u : 0u };
            goto out;
        }
        /* denormalize: round again at the format's smallest quantum */
        mpfr_exp_t old_emin = mpfr_get_emin(), old_emax = mpfr_get_emax();
        mpfr_set_emin(e->emin - (int)e->prec + 2);
        mpfr_set_emax(e->emax + 1);
        t = c ? mpfr_fma(p, x, y, z, m) : mpfr_mul(p, x, y, m);
        t = mpfr_check_range(p, t, m);
        t = mpfr_subnormalize(p, t, m);
        mpfr_set_emin(old_emin);
        mpfr_set_emax(old_emax);
        *r = from_mpfr(p, e);
        if (mpfr_zero_p(p))
            r->exp = 0;
        up = (t > 0 && !mpfr_signbit(p)) || (t < 0 && mpfr_signbit(p));
        if (t)
            inexact_result(in, FPF_U, up, e);
        goto out;
    }
    *r = from_mpfr(p, e);
    if (t)
        inexact_result(in, 0, up, e);
out:
    mpfr_clears(x, y, z, p, (mpfr_ptr)0);
    return ret;
}

static const char *const op_names[] = { "fma", "fms", "fnma", "fadd", "fmpy" };

/* The case as an instruction; 0 when it agrees with the oracle. */
static int run_insn(struct machine *m, unsigned op, unsigned pcsrc, unsigned sf, uint64_t fpsr,
                    const struct freg *a, const struct freg *b, const struct freg *c, const struct freg *want,
                    const struct fp_info *wi, int wf)
{
    char mn[32];
    snprintf(mn, sizeof mn, "%s%s.s%u", op_names[op], pcsrc == 1 ? ".s" : pcsrc == 2 ? ".d" : "", sf);
    struct cpu *cpu = &m->cpu;
    cpu->ip = T_CODE;
    cpu->slot = 0;
    cpu->ar[AR_FPSR] = fpsr;
    *fr(cpu, 8) = *a;
    *fr(cpu, 9) = *b;
    *fr(cpu, 10) = *c;
    *fr(cpu, 11) = (struct freg){ 0x123, 0x4567, 1 };
    int stop;
    switch (op) {
    case 3: stop = t_exec(m, mn, "F1", 0, 3, (int64_t)11, (int64_t)8, (int64_t)10); break;
    case 4: stop = t_exec(m, mn, "F1", 0, 3, (int64_t)11, (int64_t)8, (int64_t)9); break;
    default: stop = t_exec(m, mn, "F1", 0, 4, (int64_t)11, (int64_t)8, (int64_t)9, (int64_t)10); break;
    }
    const struct freg *r = fr(cpu, 11);
    unsigned flags = (unsigned)(cpu->ar[AR_FPSR] >> (6 + 13 * sf + 7)) & 0x3f;
    if (wf)
        return stop != STOP_FAULT || cpu->intr.vector != IVEC_FP_FAULT ||
               (cpu->intr.isr & 0xf) != (wi->faults & FPF_V ? 1u : 2u) || r->exp != 0x4567 ||
               flags != 0;
    if (r->sign != want->sign || r->exp != want->exp || r->sig != want->sig || flags != wi->flags)
        return 1;
    if (!wi->traps)
        return stop != STOP_NONE;
    unsigned code = (wi->traps & FPF_O ? 1u << 11 : 0) | (wi->traps & FPF_U ? 1u << 12 : 0) |
                    (wi->traps & FPF_I ? 1u << 13 : 0) | wi->fpa << 14;
    return stop != STOP_FAULT || cpu->intr.vector != IVEC_FP_TRAP || (cpu->intr.isr & 0x7800) != code;
}

int main(int argc, char **argv)
{
    long count = argc > 1 ? atol(argv[1]) : 1000000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 20261129;
    rng_state = seed;
    long mismatches = 0, faults = 0, traps = 0, inexact = 0, tiny = 0, huge = 0, specials = 0;
    long per_prec[3] = { 0, 0, 0 }, per_rc[4] = { 0 }, per_wre[2] = { 0 };
    struct freg one = { 1ull << 63, 0xffff, 0 };
    struct machine *m = t_new();
    long insn_cases = 0, insn_mismatches = 0;
    for (long n = 0; n < count; n++) {
        /* the environment, as FPSR would give it */
        unsigned sf = rnd(4), pcsrc = rnd(3), wre = rnd(2), rc = rnd(4), ftz = rnd(4) == 0;
        unsigned pcf = (unsigned[]){ 0, 2, 3 }[rnd(3)];
        unsigned disabled = 0x3f;
        if (rnd(2))
            disabled &= ~(unsigned)(rnd(8) << 3);  /* o, u, i traps */
        if (rnd(16) == 0)
            disabled &= ~(unsigned)rnd(4);         /* v, d faults */
        uint64_t fpsr = disabled | (uint64_t)(ftz | wre << 1 | pcf << 2 | rc << 4) << (6 + 13 * sf);
        struct fp_env e;
        fp_env_init(&e, fpsr, sf, pcsrc == 0 ? FPC_SF : pcsrc == 1 ? FPC_S : FPC_D);
        per_prec[e.prec == 24 ? 0 : e.prec == 53 ? 1 : 2]++;
        per_rc[rc]++;
        per_wre[wre]++;

        int center = centers[rnd(sizeof centers / sizeof centers[0])];
        unsigned op = rnd(5);
        struct freg a = rand_op(op != 3, center), b = rand_op(1, center), cv = rand_op(0, center);
        if (rnd(3) == 0 && !fr_special(&a) && !fr_special(&b) && a.sig && b.sig) {
            /* an addend near the product: cancellation */
            cv.exp = (uint32_t)((int)a.exp + (int)b.exp - 0xffff + (int)rnd(5) - 2) & 0x1ffff;
            if (cv.exp == 0x1ffff || cv.exp == 0)
                cv.exp = 0xffff;
            cv.sig = b.sig * (a.sig | 1) ^ (rnd64() >> rnd(64));
            cv.sign = rnd(2);
        }
        const struct freg *pa = &a, *pb = &b, *pc = &cv;
        int np = 0, na = 0;
        switch (op) {
        case 1: na = 1; break;            /* fms */
        case 2: np = 1; break;            /* fnma */
        case 3: pb = &one; break;         /* fadd: f4 = f1 */
        case 4: pc = NULL; break;         /* fmpy: f2 = f0 */
        default: break;
        }
        struct freg got = { 0, 0, 0 }, want = { 0, 0, 0 };
        struct fp_info gi = { 0 }, wi;
        int gf = sf_fma(&got, pa, pb, pc, np, na, &e, &gi);
        int wf = oracle(&want, &wi, pa, pb, pc, np, na, &e);
        int bad;
        if (wf || gf) {
            faults++;
            bad = gf != wf || gi.faults != wi.faults;
        } else {
            bad = got.sign != want.sign || got.exp != want.exp || got.sig != want.sig ||
                  gi.flags != wi.flags || gi.traps != wi.traps ||
                  (wi.traps && gi.fpa != wi.fpa);
            traps += wi.traps != 0;
            inexact += (wi.flags & FPF_I) != 0;
            tiny += (wi.flags & FPF_U) != 0;
            huge += (wi.flags & FPF_O) != 0;
            specials += fr_special(&want);
        }
        if ((n & 7) == 0) {
            insn_cases++;
            if (run_insn(m, op, pcsrc, sf, fpsr, pa, pb, pc ? pc : &cv, &want, &wi, wf)) {
                insn_mismatches++;
                if (!bad && insn_mismatches <= 20)
                    fprintf(stderr, "instruction mismatch (case %ld): %s\n", n, op_names[op]);
                bad = 1;
            }
        }
        if (bad) {
            if (++mismatches <= 20)
                fprintf(stderr,
                        "mismatch #%ld (case %ld): %s prec %u es %u rc %u ftz %u en %#x\n"
                        "  a %u %05x %016" PRIx64 "  b %u %05x %016" PRIx64 "  c %u %05x %016" PRIx64 "%s\n"
                        "  got  %u %05x %016" PRIx64 " flags %#x traps %#x fpa %u fault %d/%#x\n"
                        "  want %u %05x %016" PRIx64 " flags %#x traps %#x fpa %u fault %d/%#x\n",
                        mismatches, n, op_names[op], e.prec, e.es, e.rc, e.ftz, e.enabled, pa->sign, pa->exp,
                        pa->sig, pb->sign, pb->exp, pb->sig, cv.sign, cv.exp, cv.sig, pc ? "" : " (unused)",
                        got.sign, got.exp, got.sig, gi.flags, gi.traps, gi.fpa, gf, gi.faults, want.sign,
                        want.exp, want.sig, wi.flags, wi.traps, wi.fpa, wf, wi.faults);
        }
    }
    printf("fp_mpfr: %ld cases (seed %" PRIu64 "), %ld mismatches; %ld run as instructions, %ld mismatches\n",
           count, seed, mismatches, insn_cases, insn_mismatches);
    printf("  precision 24/53/64: %ld/%ld/%ld; rc rn/rm/rp/rz: %ld/%ld/%ld/%ld; wre 0/1: %ld/%ld\n",
           per_prec[0], per_prec[1], per_prec[2], per_rc[0], per_rc[1], per_rc[2], per_rc[3], per_wre[0],
           per_wre[1]);
    printf("  faults %ld, traps %ld, inexact %ld, underflow %ld, overflow %ld, NaN/inf results %ld\n", faults,
           traps, inexact, tiny, huge, specials);
    t_free(m);
    mpfr_free_cache();
    return mismatches != 0;
}
