/* The trace recorder's state and its INSN record writers, shared by
 * trace.c and the run loop's traced forms (exec.c): private to the two. */
#ifndef IA64EMU_TRACE_REC_H
#define IA64EMU_TRACE_REC_H

#include <stdio.h>
#include <string.h>

#include "cpu.h"
#include "machine.h"
#include "trace.h"

#define MK_START  1u   /* slot 0 of a site's first bundle */
#define MK_AFTER  2u   /* slot 0 of the first bundle after a site */
#define MK_BODY   4u   /* a slot in a site */
#define MK_BRANCH 8u   /* a slot that can branch (level branches) */
#define MK_INSN   16u  /* every slot (level insns) */

/* What an INSN event records of a slot, decided once when the bundle is
 * marked (trace_fill, plan_slot): its output operands' classes and
 * register numbers (the table's operands before the '='), and its base
 * register (the [r3] operand) and stored GR. */
enum { RK_GR, RK_FR, RK_PR, RK_BR, RK_AR, RK_CR, RK_MEM, RK_PRS, RK_PSR };
struct rec_out {
    uint8_t kind;                  /* RK_* */
    uint8_t reg;                   /* register number (RK_AR: the AR's) */
};
struct slot_plan {
    uint8_t nout;                  /* candidate outputs in out[] */
    uint8_t has_base;              /* an [r3] operand: base_reg */
    uint8_t base_reg;
    uint8_t has_src;               /* a GR source (a store's value): src_reg */
    uint8_t src_reg;
    uint8_t ldst;                  /* cost accounting: a load, store or semaphore */
    uint8_t one_gr;                /* one output, a GR, and no base register (the fast path) */
    uint8_t two_pr;                /* two outputs, PRs, and no base register (a compare) */
    struct rec_out out[5];
};

/* One slot of a marked bundle: all that its wrapper reads, together. */
struct slot_mark {
    uint8_t addr_enc[16];          /* the bundle's address as a varint (padded: copied whole) */
    uint8_t addr_len;
    uint8_t k;                     /* the slot's number */
    uint8_t flags;                 /* MK_* */
    uint8_t stop;                  /* a stop follows the slot (the template's) */
    uint8_t guard_is_qp;           /* the slot's guard is its qp */
    struct slot_plan plan;
};

struct trace_mark {
    int32_t start, after, body;    /* site indices, or -1 */
    struct slot_mark slot[3];
};

struct trace {
    FILE *f;
    char *path, *tmp;
    uint8_t *buf;
    size_t len;
    int io_error;
    uint64_t bytes, events, last_t;
    unsigned level;
    struct trace_site *sites;      /* sorted by address */
    uint32_t nsites;
    uint32_t *suspended;           /* per site: interruptions that left it pending an rfi */
    uint8_t *suspended_at_start;   /* ... one of them at its first slot */
    struct trace_stub { uint64_t addr, end; int32_t site; } *stubs;  /* patched sites' stubs */
    uint32_t nstubs;
    struct trace_mark *marks;      /* PCACHE_SIZE */
    int32_t active;                /* the site being executed, or -1 */
    int32_t pending_resume;        /* rfi to this site's first slot: its ENTER is a resume */
    int pdep;                      /* the host has BMI2 (enc_u_pdep) */
    size_t run_at;                 /* the open INSN run's count byte in buf, or 0 */
    /* a bundle without hook marks, in run_slots' place (lean_run) */
    int (*lean_run)(struct cpu *c, const struct pbundle *pb, uint64_t limit);
    int (*hook_run)(struct cpu *c, const struct pbundle *pb, uint64_t limit);   /* ... one with hook marks */
    int in_slot;                   /* inside the call of a recorded slot's handler ... */
    uint64_t slot_now;             /* ... of the instruction retired at this count */
    /* cost accounting (trace_costs_enable), or NULL */
    struct trace_costs *costs;
    uint64_t seg_start;            /* the active site's segment began at this count */
    unsigned seg_vec;              /* ... while this vector's handler ran */
    int group_open;                /* an instruction group of the active site is open */
    uint8_t vstack[32];            /* the vectors whose handlers run (delivery pushes, rfi pops) */
    unsigned vdepth;
};

#define BUF_SIZE (1u << 16)

/* Writes the buffer out (and ends an open INSN run). */
void trace_flush_buf(struct trace *t);

/* The end of a varint of V >= 0x80 whose low 56 bits' 7-bit groups are
 * already spread to the bytes of X (little-endian hosts): the
 * continuation bits, then the bytes past the eighth. */
static inline uint8_t *enc_spread(uint8_t *p, uint64_t v, uint64_t x)
{
    if (v < (1ull << 56)) {
        unsigned n = (unsigned)(63 - __builtin_clzll(v)) / 7u;   /* bytes - 1: 1..7 */
        x |= 0x8080808080808080ull & ((1ull << (8 * n)) - 1);
        memcpy(p, &x, 8);
        return p + n + 1;
    }
    x |= 0x8080808080808080ull;
    memcpy(p, &x, 8);
    uint64_t r = v >> 56;
    if (r < 0x80) {
        p[8] = (uint8_t)r;
        return p + 9;
    }
    p[8] = (uint8_t)(r | 0x80);
    p[9] = (uint8_t)(r >> 7);
    return p + 10;
}

/* V as a LEB128 varint at P (which has room for 16 bytes); returns the
 * end.  On a little-endian host, without a loop: the 7-bit groups spread
 * to the bytes of a word at once. */
static inline uint8_t *enc_u(uint8_t *p, uint64_t v)
{
    if (__builtin_expect(v < 0x80, 1)) {
        *p = (uint8_t)v;
        return p + 1;
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x = (v & 0x7full) | (v << 1 & 0x7f00ull) | (v << 2 & 0x7f0000ull) | (v << 3 & 0x7f000000ull) |
                 (v << 4 & 0x7f00000000ull) | (v << 5 & 0x7f0000000000ull) | (v << 6 & 0x7f000000000000ull) |
                 (v << 7 & 0x7f00000000000000ull);
    return enc_spread(p, v, x);
#else
    while (v >= 0x80) {
        *p++ = (uint8_t)(v | 0x80);
        v >>= 7;
    }
    *p++ = (uint8_t)v;
    return p;
#endif
}

/* The same with BMI2's pdep (x86-64 hosts that have it: trace_open asks
 * the CPU), which spreads the groups in one instruction. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HAVE_PDEP 1
static inline uint8_t *enc_u_pdep(uint8_t *p, uint64_t v)
{
    if (__builtin_expect(v < 0x80, 1)) {
        *p = (uint8_t)v;
        return p + 1;
    }
    uint64_t x;
    __asm__("pdep %2, %1, %0" : "=r"(x) : "r"(v), "r"(0x7f7f7f7f7f7f7f7full));
    return enc_spread(p, v, x);
}
#define ENC(p, v) (bmi ? enc_u_pdep((p), (v)) : enc_u((p), (v)))
#else
#define HAVE_PDEP 0
#define ENC(p, v) enc_u((p), (v))
#endif

/* trace_put_values (trace.c): the values of an INSN record at P, of the
 * slot planned in PL, the general case: their count in *N; returns the
 * end.  The _pdep form with BMI2. */
uint8_t *trace_put_values(struct cpu *c, const struct slot_plan *pl, uint8_t *p, int have_base,
                          uint64_t base_before, unsigned *np);
#if HAVE_PDEP
uint8_t *trace_put_values_pdep(struct cpu *c, const struct slot_plan *pl, uint8_t *p, int have_base,
                               uint64_t base_before, unsigned *np);
#define PUT_VALUES(...) (bmi ? trace_put_values_pdep(__VA_ARGS__) : trace_put_values(__VA_ARGS__))
#else
#define PUT_VALUES(...) trace_put_values(__VA_ARGS__)
#endif

/* The INSN record of slot K of MK at count NOW, written in one pass from
 * the slot's plan (docs/trace-format.md: the values of its outputs).  With
 * CONT, the slot follows the one just recorded, in the same bundle and at
 * the next count: it joins that INSN run unless another event came
 * between; else a run starts (its address and time once, then the slots'
 * records).  Everything it reads is read before the first byte is
 * written (byte stores alias everything). */
static inline __attribute__((always_inline)) void insn_emit(struct trace *t, struct cpu *c,
                                                            const struct slot_mark *sm,
                                                            unsigned flags, int have_base, uint64_t base_before,
                                                            uint64_t now, const int bmi, const int cont)
{
    if (__builtin_expect(t->len > BUF_SIZE - 512, 0))
        trace_flush_buf(t);
    uint8_t *const buf = t->buf;
    uint8_t *p = buf + t->len;
    size_t run_at = t->run_at;
    uint64_t last = t->last_t;
    const struct slot_plan *pl = &sm->plan;
    unsigned head = sm->k | flags << 2, one_gr = flags == INSN_EV_QP && pl->one_gr;
    unsigned reg = pl->out[0].reg, nat = 0;
    uint64_t val = 0;
    if (one_gr) {                  /* the commonest: one GR written */
        const struct greg *g = c->grmap[reg];
        val = g->val;
        nat = g->nat;
    }
    if (!cont || !run_at) {
        uint64_t d = now - last, addr_len = sm->addr_len;
        __uint128_t addr;
        memcpy(&addr, sm->addr_enc, 16);
        p[0] = TEV_INSN;
        p = ENC(p + 1, d << 1 ^ (uint64_t)((int64_t)d >> 63));
        memcpy(p, &addr, 16);
        p += addr_len;
        run_at = (size_t)(p - buf);
        *p++ = 0;
    }
    uint8_t *rec = p++;            /* slot | flags << 2 | values << 4 */
    unsigned n = 0;
    if (one_gr) {
        p[0] = VAL_GR;
        p[1] = (uint8_t)reg;
        p = ENC(p + 2, val);
        *p++ = (uint8_t)nat;
        n = 1;
    } else if (flags == INSN_EV_QP && pl->two_pr) {
        unsigned r0 = pl->out[0].reg, r1 = pl->out[1].reg;
        uint8_t v0 = (uint8_t)pr_get(c, r0), v1 = (uint8_t)pr_get(c, r1);
        p[0] = VAL_PR;
        p[1] = (uint8_t)r0;
        p[2] = v0;
        p[3] = VAL_PR;
        p[4] = (uint8_t)r1;
        p[5] = v1;
        p += 6;
        n = 2;
    } else if (flags == INSN_EV_QP && (pl->nout || pl->has_base)) {
        p = PUT_VALUES(c, pl, p, have_base, base_before, &n);
    }
    *rec = (uint8_t)(head | n << 4);
    buf[run_at]++;
    t->run_at = run_at;
    t->len = (size_t)(p - buf);
    t->last_t = now;
    t->events++;
}

/* The INSN record of slot K of the TRACED_FAST bundle PB (exec.c), a
 * hot form (ops.h) that ran, at count NOW: VALUES is 0 (nop), 1 (it wrote
 * the GR o[0]) or 2 (a compare: the PRs o[0], o[1]), as plan_slot (trace.c)
 * plans them.  Everything is read before the first byte is written. */
static inline __attribute__((always_inline)) void trace_rec_hot(struct trace *t, struct cpu *c,
                                                                const struct pbundle *pb, const unsigned k,
                                                                uint64_t now, const int values)
{
    if (__builtin_expect(t->len > BUF_SIZE - 512, 0))
        trace_flush_buf(t);
    uint8_t *const buf = t->buf;
    uint8_t *p = buf + t->len;
    size_t run_at = t->run_at;
    const int bmi = t->pdep;
    (void)bmi;
    unsigned r0 = (unsigned)pb->s[k].o[0], r1 = (unsigned)pb->s[k].o[1], nat = 0;
    uint64_t val = 0;
    if (values == 1) {
        const struct greg *g = c->grmap[r0];
        val = g->val;
        nat = g->nat;
    } else if (values == 2) {
        val = (uint64_t)c->prf[c->prmap[r0]];
        nat = c->prf[c->prmap[r1]];
    }
    if (k == 0 || !run_at) {
        const struct slot_mark *sm = &t->marks[pb - c->m->pcache].slot[0];
        uint64_t d = now - t->last_t, addr_len = sm->addr_len;
        uint8_t addr[16];
        memcpy(addr, sm->addr_enc, 16);
        p[0] = TEV_INSN;
        p = ENC(p + 1, d << 1 ^ (uint64_t)((int64_t)d >> 63));
        memcpy(p, addr, 16);
        p += addr_len;
        run_at = (size_t)(p - buf);
        *p++ = 0;
    }
    p[0] = (uint8_t)(k | INSN_EV_QP << 2 | (unsigned)values << 4);
    if (values == 1) {
        p[1] = VAL_GR;
        p[2] = (uint8_t)r0;
        p = ENC(p + 3, val);
        *p++ = (uint8_t)nat;
    } else if (values == 2) {
        p[1] = VAL_PR;
        p[2] = (uint8_t)r0;
        p[3] = (uint8_t)val;
        p[4] = VAL_PR;
        p[5] = (uint8_t)r1;
        p[6] = (uint8_t)nat;
        p += 7;
    } else {
        p++;
    }
    buf[run_at]++;
    t->run_at = run_at;
    t->len = (size_t)(p - buf);
    t->last_t = now;
    t->events++;
}

/* The BRANCH event of slot SM's taken branch, at count NOW (c->ip and
 * c->slot: the target; trace.c). */
void trace_branch_emit(struct trace *t, struct cpu *c, const struct slot_mark *sm, uint64_t now);

/* exec.c, the traced forms of a TRACED_FAST bundle PB: slot K, any form
 * but a hot simple one, retiring at count NOW: run (its predicate true,
 * or none) and recorded; returns as its handler (c->insns is the
 * bundle's count, as for a handler). */
static inline __attribute__((always_inline)) int trace_fast_slot(struct cpu *c, const struct pbundle *pb,
                                                                 const unsigned k, uint64_t now)
{
    struct trace *t = c->m->trace;
    const struct slot_mark *sm = &t->marks[pb - c->m->pcache].slot[k];
    const struct pslot *s = &pb->s[k];
    unsigned qp = c->prf[c->prmap[s->qp]];
    int have_base = sm->plan.has_base;
    uint64_t base_before = have_base ? c->grmap[sm->plan.base_reg]->val : 0;
    t->slot_now = now + 1;            /* events the handler raises: once it retires */
    t->in_slot = 1;
    int r = s->fn(c, s);
    t->in_slot = 0;
    unsigned fl = qp ? INSN_EV_QP : 0;
    if (__builtin_expect(r == OP_STOP, 0) && c->stop == STOP_FAULT)
        fl |= INSN_EV_FAULT;
    insn_emit(t, c, sm, fl, have_base, base_before, now, t->pdep, k != 0);
    if (r == OP_BRANCH && (sm->flags & MK_BRANCH))
        trace_branch_emit(t, c, sm, now + 1);
    return r;
}

#endif
