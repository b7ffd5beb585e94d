/* The semantics of the hottest integer instructions, shared by their
 * handlers (ops_int.c) and the run loop's fast path (exec.c): one
 * definition each.  SDM rev. 2.3 vol. 3, chapter 2: "add", "sub", "and",
 * "andcm", "or", "xor", "shladd", "adds", "addl", "mov", "movl", "cmp".
 * NaT bits propagate from every GR source to the GR target.  The callers
 * have excluded what faults: a GR target r0 (check_target_register), and
 * p1 = p2 for compares. */
#ifndef IA64EMU_OPS_INT_H
#define IA64EMU_OPS_INT_H

#include "ops.h"

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* GR[r1] = v with NaT bit nat; r1 is not 0.  Every function here takes
 * NATS: 1 in the handlers; 0 in the run loop's NaT-free mode (exec.c),
 * where no GR has its NaT bit set, so that no NaT bit is read and the
 * target's stays 0. */
ALWAYS_INLINE void setgr(struct cpu *c, unsigned r1, uint64_t v, uint64_t nat, int nats)
{
    struct greg *g = gr(c, r1);
    g->val = v;
    if (nats) {
        g->nat = nat;
        c->nat_live |= nat;
    }
}

/* A1: r1 = r2 op r3.  add and sub take ONE, the constant 1 of their
 * "r1 = r2, r3, 1" form, or 0. */
ALWAYS_INLINE void int_add(struct cpu *c, const struct pslot *s, uint64_t one, int nats)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(2));
    setgr(c, OPR(0), a->val + b->val + one, a->nat | b->nat, nats);
}

ALWAYS_INLINE void int_sub(struct cpu *c, const struct pslot *s, uint64_t one, int nats)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(2));
    setgr(c, OPR(0), a->val - b->val - one, a->nat | b->nat, nats);
}

#define INT_LOGIC(name, expr)                                               \
    ALWAYS_INLINE void name(struct cpu *c, const struct pslot *s, int nats) \
    {                                                                       \
        const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(2));           \
        uint64_t x = a->val, y = b->val;                                    \
        setgr(c, OPR(0), (expr), a->nat | b->nat, nats);                          \
    }
INT_LOGIC(int_and, x & y)
INT_LOGIC(int_andcm, x & ~y)
INT_LOGIC(int_or, x | y)
INT_LOGIC(int_xor, x ^ y)

/* A2: shladd r1 = r2, count2, r3 (count 1-4). */
ALWAYS_INLINE void int_shladd(struct cpu *c, const struct pslot *s, int nats)
{
    const struct greg *a = gr(c, OPR(1)), *b = gr(c, OPR(3));
    setgr(c, OPR(0), (a->val << O(2)) + b->val, a->nat | b->nat, nats);
}

/* A4 adds, A5 addl: r1 = imm + r3. */
ALWAYS_INLINE void int_adds(struct cpu *c, const struct pslot *s, int nats)
{
    const struct greg *b = gr(c, OPR(2));
    setgr(c, OPR(0), (uint64_t)O(1) + b->val, b->nat, nats);
}

/* A4 mov r1 = r3 (adds with imm14 = 0). */
ALWAYS_INLINE void int_mov(struct cpu *c, const struct pslot *s, int nats)
{
    const struct greg *b = gr(c, OPR(1));
    setgr(c, OPR(0), b->val, b->nat, nats);
}

/* A5 mov r1 = imm22 (addl from r0); X2 movl r1 = imm64. */
ALWAYS_INLINE void int_movi(struct cpu *c, const struct pslot *s, int nats)
{
    setgr(c, OPR(0), (uint64_t)O(1), 0, nats);
}

/* ------------------------------------------------------- predicate writes */
/* The compare types (SDM vol. 3, "cmp", table 2-15). */
enum { CT_none, CT_unc, CT_and, CT_or, CT_orandcm };

/* Sets p1 and p2.  prmap[0] is always 0, so a write aimed at p0 lands in
 * prf[0], which is then set back to 1 (p0 reads 1, writes are ignored). */
ALWAYS_INLINE void pset2(struct cpu *c, unsigned p1, int v1, unsigned p2, int v2)
{
    c->prf[c->prmap[p1]] = (uint8_t)v1;
    c->prf[c->prmap[p2]] = (uint8_t)v2;
    c->prf[0] = 1;
}

/* Writes p1, p2 by compare type CT from relation REL and NaT NAT. */
ALWAYS_INLINE int pwrite(struct cpu *c, unsigned p1, unsigned p2, int ct, int rel, int nat)
{
    switch (ct) {
    case CT_and:
        if (nat || !rel)
            pset2(c, p1, 0, p2, 0);
        break;
    case CT_or:
        if (!nat && rel)
            pset2(c, p1, 1, p2, 1);
        break;
    case CT_orandcm:
        if (!nat && rel)
            pset2(c, p1, 1, p2, 0);
        break;
    default: /* none, unc */
        pset2(c, p1, !nat && rel, p2, !nat && !rel);
        break;
    }
    return OP_NEXT;
}

/* ---------------------------------------------------------------- A6-A8 */
enum { REL_eq, REL_ne, REL_lt, REL_le, REL_gt, REL_ge, REL_ltu };

/* cmp and cmp4 (W4) of relation REL and type CT, register form (A6; A7,
 * whose first source is r0 = operand value 0) or imm8 form (A8 IMM).
 * The .unc prologue is the caller's. */
ALWAYS_INLINE int int_cmp(struct cpu *c, const struct pslot *s, int imm, int w4, int rel, int ct, int nats)
{
    const struct greg *b = gr(c, OPR(3));
    uint64_t x, y = b->val, nat = b->nat;
    if (imm) {
        x = (uint64_t)O(2);
    } else {
        const struct greg *a = gr(c, OPR(2));
        x = a->val;
        nat |= a->nat;
    }
    if (w4 && rel == REL_ltu) {
        x = (uint32_t)x;
        y = (uint32_t)y;
    } else if (w4) {
        x = (uint64_t)(int64_t)(int32_t)x;
        y = (uint64_t)(int64_t)(int32_t)y;
    }
    int v;
    switch (rel) {
    case REL_eq: v = x == y; break;
    case REL_ne: v = x != y; break;
    case REL_lt: v = (int64_t)x < (int64_t)y; break;
    case REL_le: v = (int64_t)x <= (int64_t)y; break;
    case REL_gt: v = (int64_t)x > (int64_t)y; break;
    case REL_ge: v = (int64_t)x >= (int64_t)y; break;
    default: v = x < y; break;
    }
    return pwrite(c, OPR(0), OPR(1), ct, v, nats ? (int)nat : 0);
}

#endif
