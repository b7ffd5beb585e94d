/* The F unit (SDM rev. 2.3 vol. 3, formats F1-F14): arithmetic through
 * softfloat.c, compares, classes, approximations, min/max, merges and
 * logic, conversions and the status-field instructions.  FP loads, stores
 * and getf/setf are in ops_mem.c; break.f and nop.f in ops_branch.c.
 *
 * Every handler follows the SDM's order: target-register check (f0 and f1
 * are read-only: Illegal Operation), Disabled FP-Register fault, NaTVal
 * propagation, then the exception checks (v, d, z faults when enabled:
 * Floating-point Fault, nothing written), the result and the status-field
 * flags, and last the o/u/i traps when enabled (Floating-point Trap, after
 * the result is written).
 *
 * aux: bits 0-1 status field, 2-4 precision source (FPC_*), 5 and up the
 * operation's own bits. */
#include "ops.h"
#include "softfloat.h"

#define A_SF(a) ((a) & 3)
#define A_PC(a) (((a) >> 2) & 7)
#define A_X(a) ((a) >> 5)
#define AUX(sf, pc, x) ((uint32_t)(sf) | (uint32_t)(pc) << 2 | (uint32_t)(x) << 5)

#define FR_INTEGER_EXP 0x1003e   /* the exponent of integer and parallel results */

static inline unsigned disabled4(struct cpu *c, unsigned a, unsigned b, unsigned d, unsigned e)
{
    return fp_disabled(c, a) | fp_disabled(c, b) | fp_disabled(c, d) | fp_disabled(c, e);
}

static int illegal(struct cpu *c)
{
    return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
}

static int disabled_fault(struct cpu *c, unsigned code)
{
    return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, code);
}

/* ISR.code of a Floating-point Fault: one of swa (8), v (1), z (4), d (2)
 * in that priority; for the parallel forms the high half's in bits 0-3,
 * the low half's in bits 4-7. */
static unsigned fault_code(const struct fp_info *in)
{
    if (in->swa)
        return 8;
    if (in->faults & FPF_V)
        return 1;
    if (in->faults & FPF_Z)
        return 4;
    if (in->faults & FPF_D)
        return 2;
    return 0;
}

static int fp_fault(struct cpu *c, unsigned code)
{
    struct interruption in = { .vector = IVEC_FP_FAULT, .isr = code };
    return cpu_interrupt(c, &in);
}

/* ISR.code of a Floating-point Trap: o (bit 11), u (12), i (13), fpa (14),
 * ebc (15); the parallel forms: high half in bits 11-14, low in 7-10. */
static unsigned trap_code(const struct fp_info *in)
{
    return (in->traps & FPF_O ? 1u << 11 : 0) | (in->traps & FPF_U ? 1u << 12 : 0) |
           (in->traps & FPF_I ? 1u << 13 : 0) | in->fpa << 14 | in->ebc << 15;
}

/* The trap is taken after the instruction: ip/slot go to the next one. */
static int fp_trap(struct cpu *c, unsigned code)
{
    unsigned slot = c->slot;
    if (c->slot == 2) {
        c->ip += 16;
        c->slot = 0;
    } else {
        c->slot++;
    }
    return cpu_trap(c, IVEC_FP_TRAP, code, slot);
}

static inline void fpsr_flags(struct cpu *c, unsigned sf, unsigned flags)
{
    c->ar[AR_FPSR] |= (uint64_t)(flags & 0x3f) << (6 + 13 * sf + 7);
}

/* The environment of the instruction's status field and precision source.
 * Every binding of a parallel form names FPC_SIMD. */
static inline void env(struct cpu *c, struct fp_env *e, uint32_t aux)
{
    fp_env_init(e, c->ar[AR_FPSR], A_SF(aux), A_PC(aux));
}

static inline void write_fr(struct cpu *c, unsigned f, struct freg v)
{
    *fr(c, f) = v;
    fr_written(c, f);
}

static inline struct freg integer_fr(uint64_t v)
{
    return (struct freg){ v, FR_INTEGER_EXP, 0 };
}

/* The first checks of a handler with an FR target, in the SDM's order:
 * f0 and f1 are read-only (Illegal Operation), then the Disabled
 * FP-Register fault over f1 and the sources FA-FC (0: none).  0, or
 * OP_STOP. */
static inline int target_checks(struct cpu *c, unsigned f1, unsigned fa, unsigned fb, unsigned fc)
{
    if (f1 < 2)
        return illegal(c);
    unsigned d = disabled4(c, f1, fa, fb, fc);
    return d ? disabled_fault(c, d) : 0;
}

/* A NaTVal source: the target becomes NaTVal. */
static inline int natval_result(struct cpu *c, unsigned f1)
{
    set_natval(fr(c, f1));
    fr_written(c, f1);
    return OP_NEXT;
}

/* The end of a form with one rounded result: R to f1, the flags to the
 * status field, then the o/u/i trap when enabled. */
static inline int scalar_result(struct cpu *c, const struct pslot *s, struct freg r, const struct fp_info *in)
{
    write_fr(c, OPR(0), r);
    fpsr_flags(c, A_SF(s->aux), in->flags);
    return in->traps ? fp_trap(c, trap_code(in)) : OP_NEXT;
}

/* The faults of a form that rounds nothing itself (compares, min/max,
 * approximations, the parallel conversion): the enabled ones of MASK
 * among the flags.  Their ISR.code, 0 for none. */
static inline unsigned enabled_faults(struct fp_info *in, const struct fp_env *e, unsigned mask)
{
    in->faults = in->flags & e->enabled & mask;
    return fault_code(in);
}

/* P1 and P2 both cleared: a false predicate of the .unc forms, or a
 * NaTVal operand of fcmp and fclass. */
static inline int clear_pair(struct cpu *c, unsigned p1, unsigned p2)
{
    pr_set(c, p1, 0);
    pr_set(c, p2, 0);
    return OP_NEXT;
}

/* The parallel forms: two singles in the significand, half 0 the high one
 * (bits 32-63), half 1 the low.  A fault's ISR.code has the high half's
 * bits in 0-3 and the low half's in 4-7 (fault_code() << 4 * h). */
static inline uint32_t half_of(const struct freg *f, int h)
{
    return (uint32_t)(f->sig >> (h ? 0 : 32));
}

static inline struct freg single_of(const struct freg *f, int h)
{
    return sf_from_single(half_of(f, h));
}

/* The end of a parallel form: the Floating-point Fault when FAULT, else
 * the two singles to f1 and both halves' flags to the status field. */
static inline int par_result(struct cpu *c, const struct pslot *s, unsigned fault, const uint32_t half[2],
                             const struct fp_info in[2])
{
    if (fault)
        return fp_fault(c, fault);
    write_fr(c, OPR(0), integer_fr((uint64_t)half[0] << 32 | half[1]));
    fpsr_flags(c, A_SF(s->aux), in[0].flags | in[1].flags);
    return OP_NEXT;
}

/* After par_result(), for the parallel forms that round: the o/u/i trap
 * of either half, ISR.code as trap_code() gives it (no ebc), the high
 * half's in bits 11-14 and the low half's in 7-10. */
static inline int par_trap(struct cpu *c, const struct fp_info in[2])
{
    if (!in[0].traps && !in[1].traps)
        return OP_NEXT;
    return fp_trap(c, (in[0].traps ? trap_code(&in[0]) & 0x7800 : 0) |
                          (in[1].traps ? (trap_code(&in[1]) >> 4) & 0x780 : 0));
}

/* ------------------------------------------------ F1: fma, fms, fnma */
/* x bits: 0-1 form (0 f3,f4,f2; 1 fnorm f3; 2 fadd f3,f2; 3 fmpy f3,f4),
 * 2-3 kind (0 fma, 1 fms, 2 fnma).  One body for both widths, PAR a
 * constant: op_fma and op_fpma. */
static inline __attribute__((always_inline)) int f1_exec(struct cpu *c, const struct pslot *s, int par)
{
    uint32_t aux = s->aux;
    unsigned f1 = OPR(0), f2, f3, f4, kind = (A_X(aux) >> 2) & 3;
    f3 = OPR(1);
    switch (A_X(aux) & 3) {
    case 0: f4 = OPR(2); f2 = OPR(3); break;
    case 1: f4 = 1; f2 = 0; break;
    case 2: f4 = 1; f2 = OPR(2); break;
    default: f4 = OPR(2); f2 = 0; break;
    }
    int st = target_checks(c, f1, f2, f3, f4);
    if (st)
        return st;
    const struct freg *a = fr(c, f3), *b = fr(c, f4), *cc = fr(c, f2);
    if (is_natval(a) || is_natval(b) || is_natval(cc))
        return natval_result(c, f1);
    struct fp_env e;
    env(c, &e, aux);
    if (!par) {
        struct fp_info in = { 0 };
        struct freg r;
        if (sf_fma(&r, a, b, f2 ? cc : NULL, kind == 2, kind == 1, &e, &in))
            return fp_fault(c, fault_code(&in));
        return scalar_result(c, s, r, &in);
    }
    /* An enabled overflow or underflow trap leaves that half's rounded
     * single with its biased exponent MOD 2^8 (SDM vol. 1, 5.4.2-5.4.3). */
    struct fp_info in[2] = { { 0 }, { 0 } };
    uint32_t half[2];
    unsigned fault = 0;
    for (int h = 0; h < 2; h++) {
        struct freg x = single_of(a, h), y = single_of(b, h), z = single_of(cc, h), r;
        if (sf_fma(&r, &x, &y, f2 ? &z : NULL, kind == 2, kind == 1, &e, &in[h]))
            fault |= fault_code(&in[h]) << (4 * h);
        half[h] = in[h].traps & (FPF_O | FPF_U) ? sf_to_single_wrapped(&r) : sf_to_single(&r);
    }
    st = par_result(c, s, fault, half, in);
    return st ? st : par_trap(c, in);
}

static int op_fma(struct cpu *c, const struct pslot *s)
{
    return f1_exec(c, s, 0);
}

static int op_fpma(struct cpu *c, const struct pslot *s)
{
    return f1_exec(c, s, 1);
}

/* ------------------------------------------------ F2: xma */
/* x: 0 l, 1 h (signed), 2 hu */
static int op_xma(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0), f3 = OPR(1), f4 = OPR(2), f2 = s->d->nopnd > 3 ? OPR(3) : 0;
    int st = target_checks(c, f1, f2, f3, f4);
    if (st)
        return st;
    const struct freg *a = fr(c, f3), *b = fr(c, f4), *cc = fr(c, f2);
    if (is_natval(a) || is_natval(b) || is_natval(cc))
        return natval_result(c, f1);
    uint64_t v;
    switch (A_X(s->aux)) {
    case 0:
        v = a->sig * b->sig + cc->sig;
        break;
    case 1: {
        __int128 p = (__int128)(int64_t)a->sig * (int64_t)b->sig + (__int128)(int64_t)cc->sig;
        v = (uint64_t)((unsigned __int128)p >> 64);
        break;
    }
    default: {
        unsigned __int128 p = (unsigned __int128)a->sig * b->sig + cc->sig;
        v = (uint64_t)(p >> 64);
        break;
    }
    }
    write_fr(c, f1, integer_fr(v));
    return OP_NEXT;
}

/* ------------------------------------------------ F3: fselect */
static int op_fselect(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0), f3 = OPR(1), f4 = OPR(2), f2 = OPR(3);
    int st = target_checks(c, f1, f2, f3, f4);
    if (st)
        return st;
    const struct freg *a = fr(c, f3), *b = fr(c, f4), *m = fr(c, f2);
    if (is_natval(a) || is_natval(b) || is_natval(m))
        return natval_result(c, f1);
    write_fr(c, f1, integer_fr((a->sig & m->sig) | (b->sig & ~m->sig)));
    return OP_NEXT;
}

/* ------------------------------------------------ F4: fcmp */
/* x: bits 0-1 relation (eq lt le unord), bit 2 .unc (only .unc runs with
 * a false predicate: OPB_ALWAYS) */
static int op_fcmp(struct cpu *c, const struct pslot *s)
{
    unsigned p1 = OPR(0), p2 = OPR(1), f2 = OPR(2), f3 = OPR(3), rel = A_X(s->aux) & 3;
    if (p1 == p2)
        return illegal(c);
    if (!pr_get(c, s->qp))
        return clear_pair(c, p1, p2);
    unsigned d = disabled4(c, f2, f3, 0, 0);
    if (d)
        return disabled_fault(c, d);
    const struct freg *a = fr(c, f2), *b = fr(c, f3);
    if (is_natval(a) || is_natval(b))
        return clear_pair(c, p1, p2);
    struct fp_env e;
    struct fp_info in = { 0 };
    env(c, &e, s->aux);
    int t = sf_compare(a, b, rel, &e, &in);
    unsigned fault = enabled_faults(&in, &e, FPF_V | FPF_D);
    if (fault)
        return fp_fault(c, fault);
    pr_set(c, p1, t);
    pr_set(c, p2, !t);
    fpsr_flags(c, A_SF(s->aux), in.flags);
    return OP_NEXT;
}

/* ------------------------------------------------ F5: fclass */
/* fclass9: 0x001 +, 0x002 -, 0x004 zero, 0x008 unnormalized, 0x010
 * normalized, 0x020 infinity, 0x040 signalling NaN, 0x080 quiet NaN,
 * 0x100 NaTVal (SDM vol. 3, "fclass"). */
static int fp_class_match(const struct freg *f, unsigned m)
{
    if (is_natval(f))
        return (m >> 8) & 1;
    if (fr_nan(f))
        return fr_snan(f) ? (m >> 6) & 1 : (m >> 7) & 1;
    int sign_ok = (f->sign & 1) ? (m >> 1) & 1 : m & 1;
    int cls = 0;
    if (fr_true_zero(f))
        cls = m & 0x004;
    else if (fr_inf(f))
        cls = m & 0x020;
    else if (fr_unsupported(f))
        cls = 0;
    else if (fr_unorm(f))
        cls = m & 0x008;
    else
        cls = m & 0x010;
    return sign_ok && cls;
}

static int op_fclass(struct cpu *c, const struct pslot *s)
{
    unsigned p1 = OPR(0), p2 = OPR(1), f2 = OPR(2), m = (unsigned)O(3);
    if (p1 == p2)
        return illegal(c);
    if (!pr_get(c, s->qp))
        return clear_pair(c, p1, p2);
    unsigned d = fp_disabled(c, f2);
    if (d)
        return disabled_fault(c, d);
    const struct freg *f = fr(c, f2);
    if (is_natval(f) && !(m & 0x100))    /* NaTVal not asked for: both cleared, as fcmp */
        return clear_pair(c, p1, p2);
    int t = fp_class_match(f, m);
    pr_set(c, p1, t);
    pr_set(c, p2, !t);
    return OP_NEXT;
}

/* ------------------------------------------------ F6, F7: frcpa, frsqrta */
/* One half of fprcpa (f2 = NUM, f3 = DEN singles): the result single and
 * the predicate; the limits of the single range clear the predicate. */
static uint32_t prcpa_half(uint32_t nu, uint32_t de, const struct fp_env *e, struct fp_info *in, int *pred)
{
    struct freg a = sf_from_single(nu), b = sf_from_single(de), r;
    *pred = 0;
    if (fr_nan(&a) || fr_nan(&b)) {
        if (fr_snan(&a) || fr_snan(&b))
            in->flags |= FPF_V;
        r = fr_nan(&a) ? a : b;
        r.sig |= 1ull << 62;
        return sf_to_single(&r);
    }
    if ((fr_inf(&a) && fr_inf(&b)) || (fr_zero(&a) && fr_zero(&b))) {
        in->flags |= FPF_V;
        return sf_to_single(&FR_QNAN_INDEFINITE);
    }
    if (!fr_inf(&a) && !fr_zero(&a) && fr_zero(&b)) {
        in->flags |= FPF_Z;
        r = (struct freg){ 1ull << 63, 0x1ffff, (a.sign ^ b.sign) & 1 };
        return sf_to_single(&r);
    }
    if (fr_unorm(&a) || fr_unorm(&b))
        in->flags |= FPF_D;
    unsigned s = (a.sign ^ b.sign) & 1;
    if (fr_inf(&a)) {
        r = (struct freg){ 1ull << 63, 0x1ffff, s };
        return sf_to_single(&r);
    }
    if (fr_inf(&b) || fr_zero(&a)) {
        r = (struct freg){ 0, 0, s };
        return sf_to_single(&r);
    }
    struct freg n = sf_normalize(&a), dn = sf_normalize(&b);
    if (fr_unorm(&b)) {                       /* 1/denormal overflows the single range */
        r = (struct freg){ 1ull << 63, 0x1ffff, b.sign };
        return sf_to_single(&r);
    }
    if (b.exp >= 0xffff + 127 - 2) {          /* 1/huge underflows */
        r = (struct freg){ 0, 0, b.sign };
        return sf_to_single(&r);
    }
    int est = (int)n.exp - (int)dn.exp;
    *pred = !(est >= 127 || est <= 2 - 127 || (int)n.exp <= 24 + 0xffff - 127);
    r = sf_recip_approx(&dn);
    return sf_to_single(&r);
}

static uint32_t prsqrta_half(uint32_t v, struct fp_info *in, int *pred)
{
    struct freg a = sf_from_single(v), r;
    *pred = 0;
    if (fr_nan(&a)) {
        if (fr_snan(&a))
            in->flags |= FPF_V;
        a.sig |= 1ull << 62;
        return sf_to_single(&a);
    }
    if (a.sign && !fr_zero(&a)) {
        in->flags |= FPF_V;
        return sf_to_single(&FR_QNAN_INDEFINITE);
    }
    if (fr_unorm(&a))
        in->flags |= FPF_D;
    if (fr_zero(&a)) {
        r = (struct freg){ 1ull << 63, 0x1ffff, a.sign };
        return sf_to_single(&r);
    }
    if (fr_inf(&a))
        return 0;
    struct freg x = sf_normalize(&a);
    r = sf_rsqrt_approx(&x);
    *pred = !fr_unorm(&a);
    return sf_to_single(&r);
}

/* frcpa f1, p2 = f2, f3 (SQ 0) and frsqrta f1, p2 = f3 (SQ 1), and their
 * parallel forms (PAR): one body, SQ and PAR constants. */
static inline __attribute__((always_inline)) int approx_exec(struct cpu *c, const struct pslot *s, int sq, int par)
{
    unsigned f1 = OPR(0), p2 = OPR(1), f2 = sq ? 0 : OPR(2), f3 = sq ? OPR(2) : OPR(3);
    if (!pr_get(c, s->qp)) {
        pr_set(c, p2, 0);
        return OP_NEXT;
    }
    int st = target_checks(c, f1, f2, f3, 0);
    if (st)
        return st;
    const struct freg *a = fr(c, f2), *b = fr(c, f3);
    if ((!sq && is_natval(a)) || is_natval(b)) {
        pr_set(c, p2, 0);
        return natval_result(c, f1);
    }
    struct fp_env e;
    env(c, &e, s->aux);
    if (!par) {
        struct fp_info in = { 0 };
        struct freg r;
        int p = sq ? sf_frsqrta(&r, b, &e, &in) : sf_frcpa(&r, a, b, &e, &in);
        if (p < 0)
            return fp_fault(c, fault_code(&in));
        write_fr(c, f1, r);
        pr_set(c, p2, p);
        fpsr_flags(c, A_SF(s->aux), in.flags);
        return OP_NEXT;
    }
    struct fp_info in[2] = { { 0 }, { 0 } };
    uint32_t half[2];
    int pred[2];
    unsigned fault = 0;
    for (int h = 0; h < 2; h++) {
        half[h] = sq ? prsqrta_half(half_of(b, h), &in[h], &pred[h])
                     : prcpa_half(half_of(a, h), half_of(b, h), &e, &in[h], &pred[h]);
        fault |= enabled_faults(&in[h], &e, FPF_V | FPF_Z | FPF_D) << (4 * h);
    }
    st = par_result(c, s, fault, half, in);
    if (!st)
        pr_set(c, p2, pred[0] && pred[1]);
    return st;
}

static int op_frcpa(struct cpu *c, const struct pslot *s)
{
    return approx_exec(c, s, 0, 0);
}

static int op_frsqrta(struct cpu *c, const struct pslot *s)
{
    return approx_exec(c, s, 1, 0);
}

static int op_fprcpa(struct cpu *c, const struct pslot *s)
{
    return approx_exec(c, s, 0, 1);
}

static int op_fprsqrta(struct cpu *c, const struct pslot *s)
{
    return approx_exec(c, s, 1, 1);
}

/* ------------------------------------------------ F8: min, max, fpcmp */
/* x: 0 min, 1 max, 2 amin, 3 amax; bit 2 parallel */
static int minmax_pick(const struct freg *a, const struct freg *b, unsigned op, const struct fp_env *e,
                       struct fp_info *in)
{
    struct freg x = *a, y = *b;
    if (op >= 2) {
        x.sign = 0;
        y.sign = 0;
    }
    /* 1: a (f2), 0: b (f3) */
    if (op & 1)
        return sf_minmax_lt(&y, &x, e, in);
    return sf_minmax_lt(&x, &y, e, in);
}

static int op_fminmax(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0), f2 = OPR(1), f3 = OPR(2), op = A_X(s->aux) & 3, par = (A_X(s->aux) >> 2) & 1;
    int st = target_checks(c, f1, f2, f3, 0);
    if (st)
        return st;
    const struct freg *a = fr(c, f2), *b = fr(c, f3);
    if (is_natval(a) || is_natval(b))
        return natval_result(c, f1);
    struct fp_env e;
    env(c, &e, s->aux);
    if (!par) {
        struct fp_info in = { 0 };
        struct freg r = minmax_pick(a, b, op, &e, &in) ? *a : *b;
        unsigned fault = enabled_faults(&in, &e, FPF_V | FPF_D);
        if (fault)
            return fp_fault(c, fault);
        write_fr(c, f1, r);
        fpsr_flags(c, A_SF(s->aux), in.flags);
        return OP_NEXT;
    }
    struct fp_info in[2] = { { 0 }, { 0 } };
    uint32_t half[2];
    unsigned fault = 0;
    for (int h = 0; h < 2; h++) {
        struct freg x = single_of(a, h), y = single_of(b, h);
        half[h] = minmax_pick(&x, &y, op, &e, &in[h]) ? half_of(a, h) : half_of(b, h);
        fault |= enabled_faults(&in[h], &e, FPF_V | FPF_D) << (4 * h);
    }
    return par_result(c, s, fault, half, in);
}

/* x: relation 0-7 (eq lt le unord neq nlt nle ord) */
static int op_fpcmp(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0), f2 = OPR(1), f3 = OPR(2), rel = A_X(s->aux) & 7;
    int st = target_checks(c, f1, f2, f3, 0);
    if (st)
        return st;
    const struct freg *a = fr(c, f2), *b = fr(c, f3);
    if (is_natval(a) || is_natval(b))
        return natval_result(c, f1);
    struct fp_env e;
    env(c, &e, s->aux);
    struct fp_info in[2] = { { 0 }, { 0 } };
    uint32_t half[2];
    unsigned fault = 0;
    for (int h = 0; h < 2; h++) {
        struct freg x = single_of(a, h), y = single_of(b, h);
        int t = sf_compare(&x, &y, rel & 3, &e, &in[h]);
        if (rel & 4)
            t = !t;
        half[h] = t ? 0xffffffffu : 0;
        fault |= enabled_faults(&in[h], &e, FPF_V | FPF_D) << (4 * h);
    }
    return par_result(c, s, fault, half, in);
}

/* ------------------------------------------------ F9: merge and logical */
enum { M_S, M_NS, M_SE, P_S, P_NS, P_SE, X_LR, X_R, X_L, SXT_R, SXT_L, PACK, SWAP, SWAP_NL, SWAP_NR,
       L_AND, L_ANDCM, L_OR, L_XOR, MOV, ABS, NEG, NEGABS, PABS, PNEG, PNEGABS };

static int op_f9(struct cpu *c, const struct pslot *s)
{
    unsigned op = A_X(s->aux), f1 = OPR(0), f2, f3;
    switch (op) {
    case MOV: f2 = f3 = OPR(1); break;
    case ABS: case PABS: f2 = 0; f3 = OPR(1); break;
    case NEG: case PNEG: case NEGABS: case PNEGABS: f2 = f3 = OPR(1); if (op == NEGABS || op == PNEGABS) f2 = 0; break;
    default: f2 = OPR(1); f3 = OPR(2); break;
    }
    int st = target_checks(c, f1, f2, f3, 0);
    if (st)
        return st;
    const struct freg *a = fr(c, f2), *b = fr(c, f3);
    if (is_natval(a) || is_natval(b))
        return natval_result(c, f1);
    struct freg r;
    uint64_t x = a->sig, y = b->sig;
    const uint64_t SGN = 0x8000000080000000ull, SE = 0xff800000ff800000ull;
    switch (op) {
    case M_S: case MOV: case ABS: r = (struct freg){ y, b->exp, a->sign }; break;
    case M_NS: case NEG: case NEGABS: r = (struct freg){ y, b->exp, !a->sign }; break;
    case M_SE: r = (struct freg){ y, a->exp, a->sign }; break;
    case P_S: case PABS: r = integer_fr((x & SGN) | (y & ~SGN)); break;
    case P_NS: case PNEG: case PNEGABS: r = integer_fr((~x & SGN) | (y & ~SGN)); break;
    case P_SE: r = integer_fr((x & SE) | (y & ~SE)); break;
    case X_LR: r = integer_fr((x & 0xffffffff00000000ull) | (y & 0xffffffffu)); break;
    case X_R: r = integer_fr(x << 32 | (y & 0xffffffffu)); break;
    case X_L: r = integer_fr((x & 0xffffffff00000000ull) | y >> 32); break;
    case SXT_R: r = integer_fr(((x >> 31) & 1 ? 0xffffffff00000000ull : 0) | (y & 0xffffffffu)); break;
    case SXT_L: r = integer_fr(((x >> 63) ? 0xffffffff00000000ull : 0) | y >> 32); break;
    case PACK: r = integer_fr((uint64_t)sf_to_single(a) << 32 | sf_to_single(b)); break;
    /* fswap: f2's left and f3's right single, concatenated, then swapped */
    case SWAP: r = integer_fr(y << 32 | x >> 32); break;
    case SWAP_NL: r = integer_fr(((y << 32) ^ (1ull << 63)) | x >> 32); break;
    case SWAP_NR: r = integer_fr(y << 32 | ((x >> 32) ^ 0x80000000u)); break;
    case L_AND: r = integer_fr(x & y); break;
    case L_ANDCM: r = integer_fr(x & ~y); break;
    case L_OR: r = integer_fr(x | y); break;
    default: r = integer_fr(x ^ y); break;
    }
    r.sign &= 1;
    write_fr(c, f1, r);
    return OP_NEXT;
}

/* mov f1 = f3 (fmerge.s f1 = f3, f3): the usual case, no fault possible
 * (f1 writable, neither FR set disabled) and no NaTVal source, straight;
 * the rest is op_f9's MOV. */
static int op_fmov(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0);
    const struct freg *b = fr(c, OPR(1));
    if (__builtin_expect(f1 < 2 || (c->psr & (PSR_DFL | PSR_DFH)) || is_natval(b), 0))
        return op_f9(c, s);
    write_fr(c, f1, (struct freg){ b->sig, b->exp, b->sign & 1 });
    return OP_NEXT;
}

/* ------------------------------------------------ F10, F11: conversions */
/* x: bit 0 unsigned, bit 1 trunc, bit 2 parallel */
static int op_fcvt_fx(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0), f2 = OPR(1), x = A_X(s->aux);
    int is_signed = !(x & 1), trunc = (x >> 1) & 1, par = (x >> 2) & 1;
    int st = target_checks(c, f1, f2, 0, 0);
    if (st)
        return st;
    const struct freg *a = fr(c, f2);
    if (is_natval(a))
        return natval_result(c, f1);
    struct fp_env e;
    env(c, &e, s->aux);
    if (!par) {
        struct fp_info in = { 0 };
        uint64_t v = 0;
        if (sf_to_int(&v, a, is_signed, trunc, &e, &in))
            return fp_fault(c, fault_code(&in));
        return scalar_result(c, s, integer_fr(v), &in);
    }
    struct fp_info in[2] = { { 0 }, { 0 } };
    uint32_t half[2];
    unsigned fault = 0;
    for (int h = 0; h < 2; h++) {
        struct freg x1 = single_of(a, h);
        uint64_t w;
        struct fp_info t = { 0 };
        struct fp_env e2 = e;
        e2.enabled = 0;                        /* range-check before faulting */
        sf_to_int(&w, &x1, is_signed, trunc, &e2, &t);
        int bad = (t.flags & FPF_V) != 0;
        if (!bad && (is_signed ? (int64_t)w < INT32_MIN || (int64_t)w > INT32_MAX : w > UINT32_MAX)) {
            bad = 1;
            t.flags = (t.flags & ~(FPF_I | FPF_D)) | FPF_V;
        }
        half[h] = bad ? 0x80000000u : (uint32_t)w;
        in[h].flags = t.flags;
        fault |= enabled_faults(&in[h], &e, FPF_V | FPF_D) << (4 * h);
        if (!in[h].faults && (t.flags & FPF_I) && (e.enabled & FPF_I)) {
            in[h].traps = FPF_I;
            in[h].fpa = t.fpa;
        }
    }
    st = par_result(c, s, fault, half, in);
    return st ? st : par_trap(c, in);
}

static int op_fcvt_xf(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0), f2 = OPR(1);
    int st = target_checks(c, f1, f2, 0, 0);
    if (st)
        return st;
    const struct freg *a = fr(c, f2);
    if (is_natval(a))
        return natval_result(c, f1);
    write_fr(c, f1, sf_from_int((int64_t)a->sig));
    return OP_NEXT;
}

/* ------------------------------------------------ F12-F14: status fields */
/* fsetc: sf0's controls, ANDed with amask7 and ORed with omask7, to sf;
 * a reserved field in the result (pc 01 in any field, td in sf0) is a
 * Reserved Register/Field fault (SDM vol. 3, fsetc: is_reserved_field). */
static int op_fsetc(struct cpu *c, const struct pslot *s)
{
    unsigned sf = A_SF(s->aux), amask = (unsigned)O(0) & 0x7f, omask = (unsigned)O(1) & 0x7f;
    uint64_t fpsr = c->ar[AR_FPSR];
    unsigned ctl0 = (unsigned)(fpsr >> 6) & 0x7f;
    unsigned ctl = (ctl0 & amask) | omask;
    if (((ctl >> 2) & 3) == 1 || (sf == 0 && (ctl & 0x40)))
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    unsigned shift = 6 + 13 * sf;
    c->ar[AR_FPSR] = (fpsr & ~(0x7full << shift)) | (uint64_t)ctl << shift;
    return OP_NEXT;
}

static int op_fclrf(struct cpu *c, const struct pslot *s)
{
    c->ar[AR_FPSR] &= ~(0x3full << (6 + 13 * A_SF(s->aux) + 7));
    return OP_NEXT;
}

/* fchkf: branch when sf's flags hold one that sf0's do not, or one whose
 * trap is enabled. */
static int op_fchkf(struct cpu *c, const struct pslot *s)
{
    uint64_t fpsr = c->ar[AR_FPSR];
    unsigned sf = A_SF(s->aux);
    unsigned fl = (unsigned)(fpsr >> (6 + 13 * sf + 7)) & 0x3f, fl0 = (unsigned)(fpsr >> 13) & 0x3f;
    unsigned en = (unsigned)~fpsr & 0x3f;
    if ((fl & ~fl0) || (fl & en)) {
        c->ip += (uint64_t)O(0);
        c->slot = 0;
        return OP_BRANCH;
    }
    return OP_NEXT;
}

/* ------------------------------------------------ bindings */
#define SF4F(fmt, mn, fn, pc, x, fl)                                                                 \
    { fmt, mn ".s0", fn, AUX(0, pc, x), fl }, { fmt, mn ".s1", fn, AUX(1, pc, x), fl },                \
    { fmt, mn ".s2", fn, AUX(2, pc, x), fl }, { fmt, mn ".s3", fn, AUX(3, pc, x), fl }
#define SF4(fmt, mn, fn, pc, x) SF4F(fmt, mn, fn, pc, x, 0)
/* F1 x: form | kind << 2 */
#define F1P(mn, form, kind)                                                                          \
    SF4("F1", mn, op_fma, FPC_SF, (form) | (kind) << 2), SF4("F1", mn ".s", op_fma, FPC_S, (form) | (kind) << 2), \
    SF4("F1", mn ".d", op_fma, FPC_D, (form) | (kind) << 2)

const struct op_binding ops_fp[] = {
    F1P("fma", 0, 0), F1P("fnorm", 1, 0), F1P("fadd", 2, 0), F1P("fmpy", 3, 0),
    F1P("fms", 0, 1), F1P("fsub", 2, 1),
    F1P("fnma", 0, 2), F1P("fnmpy", 3, 2),
    SF4("F1", "fpma", op_fpma, FPC_SIMD, 0), SF4("F1", "fpmpy", op_fpma, FPC_SIMD, 3),
    SF4("F1", "fpms", op_fpma, FPC_SIMD, 0 | 1 << 2), SF4("F1", "fpnma", op_fpma, FPC_SIMD, 0 | 2 << 2),
    SF4("F1", "fpnmpy", op_fpma, FPC_SIMD, 3 | 2 << 2),
    { "F2", "xma.l", op_xma, AUX(0, 0, 0), 0 }, { "F2", "xma.h", op_xma, AUX(0, 0, 1), 0 },
    { "F2", "xma.hu", op_xma, AUX(0, 0, 2), 0 }, { "F2", "xmpy.l", op_xma, AUX(0, 0, 0), 0 },
    { "F2", "xmpy.h", op_xma, AUX(0, 0, 1), 0 }, { "F2", "xmpy.hu", op_xma, AUX(0, 0, 2), 0 },
    { "F3", "fselect", op_fselect, 0, 0 },
    SF4("F4", "fcmp.eq", op_fcmp, FPC_NONE, 0), SF4("F4", "fcmp.lt", op_fcmp, FPC_NONE, 1),
    SF4("F4", "fcmp.le", op_fcmp, FPC_NONE, 2), SF4("F4", "fcmp.unord", op_fcmp, FPC_NONE, 3),
    SF4F("F4", "fcmp.eq.unc", op_fcmp, FPC_NONE, 4 | 0, OPB_ALWAYS),
    SF4F("F4", "fcmp.lt.unc", op_fcmp, FPC_NONE, 4 | 1, OPB_ALWAYS),
    SF4F("F4", "fcmp.le.unc", op_fcmp, FPC_NONE, 4 | 2, OPB_ALWAYS),
    SF4F("F4", "fcmp.unord.unc", op_fcmp, FPC_NONE, 4 | 3, OPB_ALWAYS),
    { "F5", "fclass.m", op_fclass, 0, 0 }, { "F5", "fclass.m.unc", op_fclass, 0, OPB_ALWAYS },
    SF4F("F6", "frcpa", op_frcpa, FPC_NONE, 0, OPB_ALWAYS), SF4F("F6", "fprcpa", op_fprcpa, FPC_SIMD, 0, OPB_ALWAYS),
    SF4F("F7", "frsqrta", op_frsqrta, FPC_NONE, 0, OPB_ALWAYS),
    SF4F("F7", "fprsqrta", op_fprsqrta, FPC_SIMD, 0, OPB_ALWAYS),
    SF4("F8", "fmin", op_fminmax, FPC_NONE, 0), SF4("F8", "fmax", op_fminmax, FPC_NONE, 1),
    SF4("F8", "famin", op_fminmax, FPC_NONE, 2), SF4("F8", "famax", op_fminmax, FPC_NONE, 3),
    SF4("F8", "fpmin", op_fminmax, FPC_SIMD, 4), SF4("F8", "fpmax", op_fminmax, FPC_SIMD, 5),
    SF4("F8", "fpamin", op_fminmax, FPC_SIMD, 6), SF4("F8", "fpamax", op_fminmax, FPC_SIMD, 7),
    SF4("F8", "fpcmp.eq", op_fpcmp, FPC_SIMD, 0), SF4("F8", "fpcmp.lt", op_fpcmp, FPC_SIMD, 1),
    SF4("F8", "fpcmp.le", op_fpcmp, FPC_SIMD, 2), SF4("F8", "fpcmp.unord", op_fpcmp, FPC_SIMD, 3),
    SF4("F8", "fpcmp.neq", op_fpcmp, FPC_SIMD, 4), SF4("F8", "fpcmp.nlt", op_fpcmp, FPC_SIMD, 5),
    SF4("F8", "fpcmp.nle", op_fpcmp, FPC_SIMD, 6), SF4("F8", "fpcmp.ord", op_fpcmp, FPC_SIMD, 7),
    { "F9", "fmerge.s", op_f9, AUX(0, 0, M_S), 0 }, { "F9", "fmerge.ns", op_f9, AUX(0, 0, M_NS), 0 },
    { "F9", "fmerge.se", op_f9, AUX(0, 0, M_SE), 0 }, { "F9", "fpmerge.s", op_f9, AUX(0, 0, P_S), 0 },
    { "F9", "fpmerge.ns", op_f9, AUX(0, 0, P_NS), 0 }, { "F9", "fpmerge.se", op_f9, AUX(0, 0, P_SE), 0 },
    { "F9", "fmix.lr", op_f9, AUX(0, 0, X_LR), 0 }, { "F9", "fmix.r", op_f9, AUX(0, 0, X_R), 0 },
    { "F9", "fmix.l", op_f9, AUX(0, 0, X_L), 0 }, { "F9", "fsxt.r", op_f9, AUX(0, 0, SXT_R), 0 },
    { "F9", "fsxt.l", op_f9, AUX(0, 0, SXT_L), 0 }, { "F9", "fpack", op_f9, AUX(0, 0, PACK), 0 },
    { "F9", "fswap", op_f9, AUX(0, 0, SWAP), 0 }, { "F9", "fswap.nl", op_f9, AUX(0, 0, SWAP_NL), 0 },
    { "F9", "fswap.nr", op_f9, AUX(0, 0, SWAP_NR), 0 }, { "F9", "fand", op_f9, AUX(0, 0, L_AND), 0 },
    { "F9", "fandcm", op_f9, AUX(0, 0, L_ANDCM), 0 }, { "F9", "for", op_f9, AUX(0, 0, L_OR), 0 },
    { "F9", "fxor", op_f9, AUX(0, 0, L_XOR), 0 }, { "F9", "mov", op_fmov, AUX(0, 0, MOV), 0 },
    { "F9", "fabs", op_f9, AUX(0, 0, ABS), 0 }, { "F9", "fneg", op_f9, AUX(0, 0, NEG), 0 },
    { "F9", "fnegabs", op_f9, AUX(0, 0, NEGABS), 0 }, { "F9", "fpabs", op_f9, AUX(0, 0, PABS), 0 },
    { "F9", "fpneg", op_f9, AUX(0, 0, PNEG), 0 }, { "F9", "fpnegabs", op_f9, AUX(0, 0, PNEGABS), 0 },
    SF4("F10", "fcvt.fx", op_fcvt_fx, FPC_NONE, 0), SF4("F10", "fcvt.fxu", op_fcvt_fx, FPC_NONE, 1),
    SF4("F10", "fcvt.fx.trunc", op_fcvt_fx, FPC_NONE, 2), SF4("F10", "fcvt.fxu.trunc", op_fcvt_fx, FPC_NONE, 3),
    SF4("F10", "fpcvt.fx", op_fcvt_fx, FPC_SIMD, 4), SF4("F10", "fpcvt.fxu", op_fcvt_fx, FPC_SIMD, 5),
    SF4("F10", "fpcvt.fx.trunc", op_fcvt_fx, FPC_SIMD, 6), SF4("F10", "fpcvt.fxu.trunc", op_fcvt_fx, FPC_SIMD, 7),
    { "F11", "fcvt.xf", op_fcvt_xf, 0, 0 },
    SF4F("F12", "fsetc", op_fsetc, FPC_NONE, 0, 0), SF4F("F13", "fclrf", op_fclrf, FPC_NONE, 0, 0),
    SF4F("F14", "fchkf", op_fchkf, FPC_NONE, 0, 0),
    { 0 },
};
