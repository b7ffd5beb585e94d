/* The run loop: the only place that executes instructions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

void pcache_flush(struct machine *m)
{
    for (size_t i = 0; i < PCACHE_SIZE; i++)
        m->pcache[i].addr = 1;   /* never a bundle address */
}

void pcache_invalidate_page(struct machine *m, uint64_t addr)
{
    uint64_t page = addr & GUEST_PAGE_MASK;
    for (uint64_t a = page; a < page + GUEST_PAGE_SIZE; a += 16) {
        struct pbundle *pb = &m->pcache[(a >> 4) & (PCACHE_SIZE - 1)];
        if (pb->addr == a)
            pb->addr = 1;
    }
}

static inline const uint8_t *fetch(struct cpu *c, uint64_t addr)
{
    struct mem_tlb *t = &c->m->mem.rtlb[mem_tlb_index(addr)];
    if (__builtin_expect(t->tag == (addr & GUEST_PAGE_MASK), 1))
        return t->host + (addr & ~GUEST_PAGE_MASK);
    return mem_fetch_slow(c, addr);
}

static const struct pbundle *pcache_fill(struct cpu *c, uint64_t addr)
{
    if (addr & 15) {
        cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, addr);
        return NULL;
    }
    const uint8_t *p = fetch(c, addr);
    if (!p)
        return NULL;
    struct pbundle *pb = &c->m->pcache[(addr >> 4) & (PCACHE_SIZE - 1)];
    predecode_bundle(pb, addr, p);
    pb->host = p;
    mem_mark_code(&c->m->mem, addr);
    return pb;
}

/* The predecoded bundle at ADDR.  A hit is validated against the bytes
 * where it was fetched from (blink), so self-modifying code needs no
 * write tracking for correctness; guest pages are never freed while the
 * machine runs, so that host pointer stays valid.  (When translation
 * arrives, changing a mapping must flush the cache.) */
static inline const struct pbundle *lookup(struct cpu *c, uint64_t addr)
{
    struct pbundle *pb = &c->m->pcache[(addr >> 4) & (PCACHE_SIZE - 1)];
    if (__builtin_expect(pb->addr == addr, 1)) {
        uint64_t lo, hi;
        memcpy(&lo, pb->host, 8);
        memcpy(&hi, pb->host + 8, 8);
        if (__builtin_expect(lo == pb->lo && hi == pb->hi, 1))
            return pb;
    }
    return pcache_fill(c, addr);
}

const struct pbundle *pcache_lookup(struct cpu *c, uint64_t addr)
{
    return lookup(c, addr);
}

/* Slot K of PB, when its predicate holds.  Leaves the bundle loop on a
 * branch or a stop. */
#define RUN_SLOT(K)                                                      \
    do {                                                                 \
        const struct pslot *s_ = &pb->s[K];                              \
        if (s_->guard == 0 || c->prf[c->prmap[s_->guard]]) {              \
            c->slot = (K);                                               \
            int r_ = s_->fn(c, s_);                                      \
            if (__builtin_expect(r_ != OP_NEXT, 0)) {                    \
                c->insns += (K) - first + 1;                             \
                if (r_ == OP_STOP)                                       \
                    return;                                              \
                goto next_bundle;                                        \
            }                                                            \
        }                                                                \
    } while (0)

/* The run loop.  Time (c->insns) advances by the slots a bundle retires,
 * counted when the bundle is left; an instruction group's own reads of
 * ar.itc see the count at the bundle's start. */
/* Slot by slot, from c->slot: a restart in mid-bundle, a frame fault, or
 * --max-insns ending inside this bundle.  Returns OP_NEXT when the bundle
 * retired, OP_BRANCH, or OP_STOP. */
static inline __attribute__((always_inline)) int run_slots(struct cpu *c, const struct pbundle *pb,
                                                           uint64_t limit)
{
    unsigned first = c->slot;
    uint64_t room = limit - c->insns;
    for (unsigned i = first; i < pb->nslots; i++) {
        const struct pslot *s = &pb->s[i];
        if (i - first >= room) {
            c->insns += i - first;
            c->slot = i;
            c->stop = STOP_MAX_INSNS;
            return OP_STOP;
        }
        if (!c->prf[c->prmap[s->guard]])
            continue;
        c->slot = i;
        /* naming a GR beyond the current frame: Illegal Operation (SDM
         * vol. 1, 4.1.1) */
        if (s->maxgr >= 32 + CFM_SOF(c->cfm)) {
            c->insns += i - first + 1;
            return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
        }
        int r = s->fn(c, s);
        if (r != OP_NEXT) {
            c->insns += i - first + 1;
            return r;
        }
    }
    c->insns += pb->nslots - first;
    c->ip += 16;
    c->slot = 0;
    return OP_NEXT;
}

/* The run loop.  Time (c->insns) advances by the slots a bundle retires,
 * counted when the bundle is left; an instruction group's own reads of
 * ar.itc see the count at the bundle's start.  Whole bundles run on the
 * fast path while at least three instructions remain before the limit. */
void cpu_run(struct cpu *c)
{
    uint64_t limit = c->max_insns ? c->max_insns : UINT64_MAX;
    uint64_t fast_limit = limit > 3 ? limit - 3 : 0;
    c->stop = STOP_NONE;
    for (;;) {
        const struct pbundle *pb;
        if (__builtin_expect(c->insns > fast_limit, 0)) {
            if (c->insns >= limit)
                break;
            pb = lookup(c, c->ip);
            if (!pb || run_slots(c, pb, limit) == OP_STOP)
                return;
            continue;
        }
        pb = lookup(c, c->ip);
        if (__builtin_expect(!pb, 0))
            return;
        unsigned first = c->slot;
        /* one frame test covers the whole bundle */
        if (__builtin_expect(first == 0 && pb->maxgr < 32 + CFM_SOF(c->cfm), 1)) {
            RUN_SLOT(0);
            RUN_SLOT(1);
            RUN_SLOT(2);
            c->insns += pb->nslots;
            c->ip += 16;
            c->slot = 0;
        } else if (run_slots(c, pb, limit) == OP_STOP) {
            return;
        }
        continue;
    next_bundle:;
    }
    c->stop = STOP_MAX_INSNS;
}
