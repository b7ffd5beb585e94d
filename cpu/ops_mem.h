/* The semantics of the common integer loads and stores, shared by their
 * handlers (ops_mem.c) and the run loop's fast path (exec.c): ld1-ld8
 * with no completer, acq or bias (M1, M3) and st1-st8 with none or rel
 * (M4, M5).  No speculation, no ALAT entry, no UNAT.  SDM rev. 2.3
 * vol. 3, "ld", "st".  NATS is as in ops_int.h. */
#ifndef IA64EMU_OPS_MEM_H
#define IA64EMU_OPS_MEM_H

#include "ops.h"

/* A Register NaT Consumption fault (address or data NaT), or with
 * ILLEGAL an Illegal Operation fault. */
int mem_fast_fault(struct cpu *c, int illegal);
/* Stores invalidate every ALAT entry whose bytes overlap theirs. */
void alat_inval_range_slow(struct cpu *c, uint64_t addr, unsigned size);

static inline __attribute__((always_inline)) void alat_store(struct cpu *c, uint64_t addr, unsigned size)
{
    if (__builtin_expect(c->alat_mask != 0, 0))
        alat_inval_range_slow(c, addr, size);
}

/* ld r1 = [r3] (M1), and with IMM ld r1 = [r3], imm9 (M3).  The caller has
 * excluded r1 = 0 and, for M3, r1 = r3 and r3 = 0. */
static inline __attribute__((always_inline)) int ld_exec(struct cpu *c, const struct pslot *s,
                                                         unsigned size, int imm, int nats)
{
    struct greg *b = gr(c, OPR(1));
    uint64_t v;
    if (__builtin_expect(nats && b->nat != 0, 0))
        return mem_fast_fault(c, 0);
    if (mem_load(c, b->val, size, &v))
        return OP_STOP;
    struct greg *t = gr(c, OPR(0));
    t->val = v;
    if (nats)
        t->nat = 0;
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

/* st [r3] = r2 (M4), and with IMM st [r3] = r2, imm9 (M5).  The caller
 * has excluded r3 = 0 for M5. */
static inline __attribute__((always_inline)) int st_exec(struct cpu *c, const struct pslot *s,
                                                         unsigned size, int imm, int nats)
{
    struct greg *b = gr(c, OPR(0)), *v = gr(c, OPR(1));
    if (__builtin_expect(nats && (b->nat | v->nat) != 0, 0))
        return mem_fast_fault(c, 0);
    uint64_t addr = b->val;
    if (mem_store(c, addr, size, v->val))
        return OP_STOP;
    alat_store(c, addr, size);
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

#endif
