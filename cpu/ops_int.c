/* Integer instructions: the A-unit ALU and compares (A1-A8), the I-unit
 * shifts, bit fields and tests (I5, I7, I9-I17, I29, I30), moves to and
 * from BR, PR and IP (I21-I25), and movl (X2).
 *
 * Semantics: SDM rev. 2.3 vol. 3, chapter 2, the pseudo-code of each
 * instruction.  NaT bits propagate from every GR source to the GR target;
 * check_target_register(r1) faults on r1 = 0 (registers outside the frame
 * are checked by the run loop). */
#include "ops_int.h"

#define ILLEGAL() cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0)

/* Write GR[n] = v with NaT bit nat and continue; r0 is not writable. */
#define SETGR(N, V, NAT)                                            \
    do {                                                            \
        unsigned n_ = (N);                                          \
        uint64_t v_ = (V), t_ = (NAT);                              \
        if (__builtin_expect(n_ == 0, 0))                           \
            return illegal(c);                                      \
        struct greg *g_ = gr(c, n_);                                \
        g_->val = v_;                                               \
        g_->nat = t_;                                               \
        c->nat_live |= t_;                                          \
        return OP_NEXT;                                             \
    } while (0)

static __attribute__((cold, noinline)) int illegal(struct cpu *c)
{
    return ILLEGAL();
}

static inline uint64_t sext(uint64_t v, unsigned len)
{
    return len >= 64 ? v : (uint64_t)((int64_t)(v << (64 - len)) >> (64 - len));
}

static inline uint64_t zext(uint64_t v, unsigned len)
{
    return len >= 64 ? v : v & ((1ull << len) - 1);
}

/* --------------------------------------------------------------- A1-A5 */
/* The two A1 forms of add (and of sub) share mnemonic and format; the
 * "r1 = r2, r3, 1" form has a fourth operand. */
#define PLUS1(s) ((uint64_t)(s)->o[3])  /* the constant operand 1, or 0 */

/* The handlers of the forms in ops_int.h: r1 = 0 faults, else the shared
 * semantics. */
#define SHARED(name, call)                                                  \
    static int name(struct cpu *c, const struct pslot *s)                  \
    {                                                                       \
        if (__builtin_expect(OPR(0) == 0, 0))                               \
            return illegal(c);                                              \
        call;                                                               \
        return OP_NEXT;                                                     \
    }
SHARED(op_add, int_add(c, s, PLUS1(s), 1))
SHARED(op_sub, int_sub(c, s, PLUS1(s), 1))
SHARED(op_and, int_and(c, s, 1))
SHARED(op_andcm, int_andcm(c, s, 1))
SHARED(op_or, int_or(c, s, 1))
SHARED(op_xor, int_xor(c, s, 1))
SHARED(op_shladd, int_shladd(c, s, 1))
SHARED(op_add_imm, int_adds(c, s, 1))
SHARED(op_mov_gr, int_mov(c, s, 1))
SHARED(op_mov_imm, int_movi(c, s, 1))

/* addp4 and shladdp4: 32-bit result, bits 62:61 from r3{31:30}. */
static inline uint64_t p4(uint64_t sum, uint64_t r3)
{
    return (uint64_t)(uint32_t)sum | ((r3 >> 30) & 3) << 61;
}

static int op_addp4(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(2));
    SETGR(OPR(0), p4(a->val + b->val, b->val), a->nat | b->nat);
}

static int op_addp4_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), p4((uint64_t)O(1) + b->val, b->val), b->nat);
}

/* A3: imm8 (already sign-extended) op r3. */
static int op_sub_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), (uint64_t)O(1) - b->val, b->nat);
}

static int op_and_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), (uint64_t)O(1) & b->val, b->nat);
}

static int op_andcm_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), (uint64_t)O(1) & ~b->val, b->nat);
}

static int op_or_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), (uint64_t)O(1) | b->val, b->nat);
}

static int op_xor_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), (uint64_t)O(1) ^ b->val, b->nat);
}

static int op_shladdp4(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(3));
    SETGR(OPR(0), p4((a->val << O(2)) + b->val, b->val), a->nat | b->nat);
}

/* ------------------------------------------------------- predicate writes */
/* .unc with a false qualifying predicate: both targets cleared. */
static __attribute__((noinline)) int pclear(struct cpu *c, const struct pslot *s)
{
    pset2(c, OPR(0), 0, OPR(1), 0);
    return OP_NEXT;
}

/* The prologue of every predicate-writing instruction: p1 = p2 is an
 * Illegal Operation when it executes; .unc types run with qp = 0 too
 * (OPB_ALWAYS) and then clear both targets. */
#define PPROLOGUE(ct)                                                       \
    do {                                                                    \
        if (__builtin_expect(OPR(0) == OPR(1), 0))                          \
            return illegal(c);                                              \
        if ((ct) == CT_unc && !pr_get(c, s->qp))                            \
            return pclear(c, s);                                            \
    } while (0)

/* ---------------------------------------------------------------- A6-A8 */
/* Register form (A6; A7) or imm8 form (A8); 64-bit (cmp) or 32-bit
 * (cmp4). */
ALWAYS_INLINE int cmp_body(struct cpu *c, const struct pslot *s, int imm, int w4, int rel, int ct)
{
    PPROLOGUE(ct);
    return int_cmp(c, s, imm, w4, rel, ct, 1);
}

/* One handler per form, width, relation and type: W is the mnemonic stem
 * (cmp, cmp4), F is r (A6, A7) or i (A8). */
#define CMPFN(F, W, R, CT)                                                  \
    static int W##_##F##_##R##_##CT(struct cpu *c, const struct pslot *s)  \
    {                                                                       \
        return cmp_body(c, s, #F[0] == 'i', sizeof #W == 5, REL_##R, CT_##CT); \
    }
#define CTS_none ""
#define CTS_unc ".unc"
#define CTS_and ".and"
#define CTS_or ".or"
#define CTS_orandcm ".or.andcm"
/* The "none" types are hot forms (ops.h). */
#define CMPHOT_none(W, F, R) HOT_##W##_##F##_##R
#define CMPHOT_unc(W, F, R) 0
#define CMPHOT_and(W, F, R) 0
#define CMPHOT_or(W, F, R) 0
#define CMPHOT_orandcm(W, F, R) 0
#define CMPB(FMT, F, W, R, CT)                                              \
    { FMT, #W "." #R CTS_##CT, W##_##F##_##R##_##CT, 0,                     \
      CT_##CT == CT_unc ? OPB_ALWAYS : OPB_HOT(CMPHOT_##CT(W, F, R)) },

/* X(F, W, R, CT) over every implemented compare of each format. */
#define CMP_NU(X, FMT, F, W, R) X(FMT, F, W, R, none) X(FMT, F, W, R, unc)
#define CMP_PAR(X, FMT, F, W, R) X(FMT, F, W, R, and) X(FMT, F, W, R, or) X(FMT, F, W, R, orandcm)
#define CMP_A6(X, W)                                                        \
    CMP_NU(X, "A6", r, W, lt) CMP_NU(X, "A6", r, W, ltu) CMP_NU(X, "A6", r, W, eq) \
    CMP_PAR(X, "A6", r, W, eq) CMP_PAR(X, "A6", r, W, ne)
#define CMP_A7(X, W)                                                        \
    CMP_PAR(X, "A7", r, W, gt) CMP_PAR(X, "A7", r, W, le)                   \
    CMP_PAR(X, "A7", r, W, ge) CMP_PAR(X, "A7", r, W, lt)
#define CMP_A8(X, W)                                                        \
    CMP_NU(X, "A8", i, W, lt) CMP_NU(X, "A8", i, W, ltu) CMP_NU(X, "A8", i, W, eq) \
    CMP_PAR(X, "A8", i, W, eq) CMP_PAR(X, "A8", i, W, ne)
#define CMP_ALL(X)                                                          \
    CMP_A6(X, cmp) CMP_A6(X, cmp4) CMP_A7(X, cmp) CMP_A7(X, cmp4)           \
    CMP_A8(X, cmp) CMP_A8(X, cmp4)

/* The names are unique: A6 has no parallel lt/le/gt/ge, A7 no eq/ne. */
#define CMPFN5(FMT, F, W, R, CT) CMPFN(F, W, R, CT)
CMP_ALL(CMPFN5)

/* ------------------------------------------------- I16, I17, I30: tests */
/* tbit: the bit; trel nz tests for 1, z for 0; NaT as in cmp. */
ALWAYS_INLINE int tbit_body(struct cpu *c, const struct pslot *s, int nz, int ct)
{
    PPROLOGUE(ct);
    const struct greg *g = gr(c, OPR(2));
    int bit = (int)((g->val >> O(3)) & 1);
    return pwrite(c, OPR(0), OPR(1), ct, nz ? bit : !bit, (int)g->nat);
}

/* tnat: the NaT bit is the tested value; no NaT input. */
ALWAYS_INLINE int tnat_body(struct cpu *c, const struct pslot *s, int nz, int ct)
{
    PPROLOGUE(ct);
    int bit = gr_nat(c, OPR(2));
    return pwrite(c, OPR(0), OPR(1), ct, nz ? bit : !bit, 0);
}

/* tf: processor features, imm5 = 32..63.  ia64emu implements feature 32
 * (@clz: the clz instruction) and no other. */
#define TF_FEATURES (1ull << 32)
ALWAYS_INLINE int tf_body(struct cpu *c, const struct pslot *s, int nz, int ct)
{
    PPROLOGUE(ct);
    int bit = (int)((TF_FEATURES >> (O(2) & 63)) & 1);
    return pwrite(c, OPR(0), OPR(1), ct, nz ? bit : !bit, 0);
}

#define TFN(T, TR, CT)                                                      \
    static int T##_##TR##_##CT(struct cpu *c, const struct pslot *s)       \
    {                                                                       \
        return T##_body(c, s, #TR[0] == 'n', CT_##CT);                      \
    }
#define TB(FMT, T, TR, CT)                                                  \
    { FMT, #T "." #TR CTS_##CT, T##_##TR##_##CT, 0,                         \
      CT_##CT == CT_unc ? OPB_ALWAYS : 0 },
#define T_ALL(X, FMT, T)                                                    \
    X(FMT, T, z, none) X(FMT, T, z, unc) X(FMT, T, z, and) X(FMT, T, nz, and) \
    X(FMT, T, z, or) X(FMT, T, nz, or) X(FMT, T, z, orandcm) X(FMT, T, nz, orandcm)
#define TFN4(FMT, T, TR, CT) TFN(T, TR, CT)
T_ALL(TFN4, "I16", tbit)
T_ALL(TFN4, "I17", tnat)
T_ALL(TFN4, "I30", tf)

/* ------------------------------------------------ I5, I7: variable shifts */
/* Counts are unsigned 64-bit; above 63 the result is all zeros, or all
 * copies of the sign bit for shr. */
static int op_shr_var(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *n = gr(c, OPR(2));
    uint64_t cnt = n->val > 63 ? 63 : n->val;
    SETGR(OPR(0), (uint64_t)((int64_t)a->val >> cnt), a->nat | n->nat);
}

static int op_shru_var(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *n = gr(c, OPR(2));
    SETGR(OPR(0), n->val > 63 ? 0 : a->val >> n->val, a->nat | n->nat);
}

static int op_shl_var(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *n = gr(c, OPR(2));
    SETGR(OPR(0), n->val > 63 ? 0 : a->val << n->val, a->nat | n->nat);
}

/* ------------------------------------------------------ I9: popcnt, clz */
static int op_popcnt(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), (uint64_t)__builtin_popcountll(a->val), a->nat);
}

static int op_clz(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), a->val ? (uint64_t)__builtin_clzll(a->val) : 64, a->nat);
}

/* ---------------------------------------------------- I10-I15: bit fields */
/* shrp r1 = r2, r3, count6: (r2:r3) >> count6, low 64 bits. */
static int op_shrp(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(2));
    unsigned n = (unsigned)O(3);
    SETGR(OPR(0), n ? (b->val >> n) | (a->val << (64 - n)) : b->val, a->nat | b->nat);
}

/* extr[.u] r1 = r3, pos6, len6: the field is clipped at bit 63. */
static inline unsigned clip(int64_t pos, int64_t len)
{
    return (unsigned)(pos + len > 64 ? 64 - pos : len);
}

static int op_extru(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), zext(a->val >> O(2), clip(O(2), O(3))), a->nat);
}

static int op_extr(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), sext(a->val >> O(2), clip(O(2), O(3))), a->nat);
}

/* shr.u / shr r1 = r3, count: extr with len = 64 - count. */
static int op_shru_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), a->val >> O(2), a->nat);
}

static int op_shr_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), (uint64_t)((int64_t)a->val >> O(2)), a->nat);
}

/* dep.z r1 = r2, pos6, len6 (I12); shl r1 = r2, count (len = 64 - count). */
static int op_depz(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), zext(a->val, clip(O(2), O(3))) << O(2), a->nat);
}

static int op_shl_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), a->val << O(2), a->nat);
}

/* dep.z r1 = imm8, pos6, len6 (I13). */
static int op_depz_imm(struct cpu *c, const struct pslot *s)
{
    SETGR(OPR(0), zext((uint64_t)O(1), clip(O(2), O(3))) << O(2), 0);
}

/* GR[r3] with bits pos..pos+len-1 (clipped at 63) replaced by src. */
static inline uint64_t deposit(uint64_t dst, uint64_t src, int64_t pos, int64_t len)
{
    uint64_t m = zext(~0ull, clip(pos, len)) << pos;
    return (dst & ~m) | ((src << pos) & m);
}

/* dep r1 = imm1, r3, pos6, len6 (I14). */
static int op_dep_imm(struct cpu *c, const struct pslot *s)
{
    const struct greg *b = gr(c, OPR(2));
    SETGR(OPR(0), deposit(b->val, (uint64_t)O(1), O(3), O(4)), b->nat);
}

/* dep r1 = r2, r3, pos6, len4 (I15). */
static int op_dep(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(2));
    SETGR(OPR(0), deposit(b->val, a->val, O(3), O(4)), a->nat | b->nat);
}

/* ------------------------------------------------------ I29: extensions */
static int op_zxt(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), zext(a->val, s->aux), a->nat);
}

static int op_sxt(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    SETGR(OPR(0), sext(a->val, s->aux), a->nat);
}

/* czx{1,2}.l: index of the first zero element counting from the most
 * significant end; .r from the least significant end; the element count
 * (8 or 4) when there is none.  aux = element size in bits, + 1 for .r. */
static int op_czx(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    unsigned bits = s->aux & ~1u, n = 64 / bits, i;
    uint64_t m = (1ull << bits) - 1;
    for (i = 0; i < n; i++) {
        unsigned sh = (s->aux & 1) ? i * bits : 64 - (i + 1) * bits;
        if (!((a->val >> sh) & m))
            break;
    }
    SETGR(OPR(0), i, a->nat);
}

/* ---------------------------------------------------- I21-I25: moves */
/* mov b1 = r2 (every hint form; hints change nothing). */
static int op_mov_to_br(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    if (a->nat)
        return nat_consumption(c);
    c->br[OPR(0) & 7] = a->val;
    return OP_NEXT;
}

static int op_mov_from_br(struct cpu *c, const struct pslot *s)
{
    SETGR(OPR(0), c->br[OPR(1) & 7], 0);
}

/* The predicate moves act as if CFM.rrb.pr were 0: physical registers. */
static int op_mov_to_pr(struct cpu *c, const struct pslot *s)
{
    const struct greg *a = gr(c, OPR(1));
    if (a->nat)
        return nat_consumption(c);
    uint64_t mask = (uint64_t)O(2);   /* sign-extended mask17 */
    prf_set_bits(c, a->val, mask & ~1ull);   /* p0 stays 1 */
    return OP_NEXT;
}

static int op_mov_to_pr_rot(struct cpu *c, const struct pslot *s)
{
    uint64_t v = (uint64_t)O(1);      /* sign-extended imm44 */
    prf_set_bits(c, v, ~0xffffull);
    return OP_NEXT;
}

/* I25: mov r1 = ip and mov r1 = pr share mnemonic and format. */
static int op_mov_from_ip_pr(struct cpu *c, const struct pslot *s)
{
    if (s->d->opnd[1] == OPND_IP)
        SETGR(OPR(0), c->ip, 0);
    SETGR(OPR(0), prf_bits(c) | 1, 0);
}

/* ------------------------------------------------------------- bindings */
#define B(fmt, mn, fn, aux) { fmt, mn, fn, aux, 0 },
#define H(fmt, mn, fn, hot) { fmt, mn, fn, 0, OPB_HOT(hot) },

const struct op_binding ops_int[] = {
    H("A1", "add", op_add, HOT_ADD)
    H("A1", "sub", op_sub, HOT_SUB)
    B("A1", "addp4", op_addp4, 0)
    H("A1", "and", op_and, HOT_AND)
    H("A1", "andcm", op_andcm, HOT_ANDCM)
    H("A1", "or", op_or, HOT_OR)
    H("A1", "xor", op_xor, HOT_XOR)
    H("A2", "shladd", op_shladd, HOT_SHLADD)
    B("A2", "shladdp4", op_shladdp4, 0)
    B("A3", "sub", op_sub_imm, 0)
    B("A3", "and", op_and_imm, 0)
    B("A3", "andcm", op_andcm_imm, 0)
    B("A3", "or", op_or_imm, 0)
    B("A3", "xor", op_xor_imm, 0)
    H("A4", "mov", op_mov_gr, HOT_MOV)
    H("A4", "adds", op_add_imm, HOT_ADDS)
    B("A4", "addp4", op_addp4_imm, 0)
    H("A5", "mov", op_mov_imm, HOT_MOVI)
    H("A5", "addl", op_add_imm, HOT_ADDS)
    CMP_ALL(CMPB)
    T_ALL(TB, "I16", tbit)
    T_ALL(TB, "I17", tnat)
    T_ALL(TB, "I30", tf)
    B("I5", "shr", op_shr_var, 0)
    B("I5", "shr.u", op_shru_var, 0)
    B("I7", "shl", op_shl_var, 0)
    B("I9", "popcnt", op_popcnt, 0)
    B("I9", "clz", op_clz, 0)
    B("I10", "shrp", op_shrp, 0)
    B("I11", "extr.u", op_extru, 0)
    B("I11", "extr", op_extr, 0)
    B("I11", "shr.u", op_shru_imm, 0)
    B("I11", "shr", op_shr_imm, 0)
    B("I12", "dep.z", op_depz, 0)
    B("I12", "shl", op_shl_imm, 0)
    B("I13", "dep.z", op_depz_imm, 0)
    B("I14", "dep", op_dep_imm, 0)
    B("I15", "dep", op_dep, 0)
    B("I29", "zxt1", op_zxt, 8)
    B("I29", "zxt2", op_zxt, 16)
    B("I29", "zxt4", op_zxt, 32)
    B("I29", "sxt1", op_sxt, 8)
    B("I29", "sxt2", op_sxt, 16)
    B("I29", "sxt4", op_sxt, 32)
    B("I29", "czx1.l", op_czx, 8)
    B("I29", "czx2.l", op_czx, 16)
    B("I29", "czx1.r", op_czx, 9)
    B("I29", "czx2.r", op_czx, 17)
    B("I21", "mov", op_mov_to_br, 0)
    B("I22", "mov", op_mov_from_br, 0)
    B("I23", "mov", op_mov_to_pr, 0)
    B("I24", "mov", op_mov_to_pr_rot, 0)
    B("I25", "mov", op_mov_from_ip_pr, 0)
    H("X2", "movl", op_mov_imm, HOT_MOVI)
    { 0 },
};
