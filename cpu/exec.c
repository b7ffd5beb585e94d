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
    struct mem_tlb *t = &c->m->mem.rtlb[(addr >> GUEST_PAGE_SHIFT) & (MEM_TLB_SIZE - 1)];
    if (__builtin_expect(t->tag == (addr & GUEST_PAGE_MASK), 1))
        return t->host + (addr & ~GUEST_PAGE_MASK);
    return mem_fetch_slow(c, addr);
}

/* The predecoded bundle at ADDR, validated against the bytes in memory
 * (blink), so self-modifying code needs no write tracking for
 * correctness. */
const struct pbundle *pcache_lookup(struct cpu *c, uint64_t addr)
{
    const uint8_t *p = fetch(c, addr);
    if (!p)
        return NULL;
    struct pbundle *pb = &c->m->pcache[(addr >> 4) & (PCACHE_SIZE - 1)];
    uint64_t lo, hi;
    memcpy(&lo, p, 8);
    memcpy(&hi, p + 8, 8);
    if (__builtin_expect(pb->addr == addr && pb->lo == lo && pb->hi == hi, 1))
        return pb;
    predecode_bundle(pb, addr, p);
    mem_mark_code(&c->m->mem, addr);
    return pb;
}

/* The frame check: naming a GR beyond the current frame is an Illegal
 * Operation fault (SDM vol. 1, 4.1.1). */
static inline int frame_ok(const struct cpu *c, const struct pslot *s)
{
    return s->maxgr < 32 + CFM_SOF(c->cfm);
}

void cpu_run(struct cpu *c)
{
    c->stop = STOP_NONE;
    while (c->stop == STOP_NONE) {
        if (c->ip & 15) {
            cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, c->ip);
            break;
        }
        const struct pbundle *pb = pcache_lookup(c, c->ip);
        if (!pb)
            break;
        unsigned i = c->slot;
        int r = OP_NEXT;
        for (; i < pb->nslots; i++) {
            const struct pslot *s = &pb->s[i];
            c->slot = i;
            c->insns++;
            if (!s->always && !c->prf[c->prmap[s->qp]])
                continue;
            if (__builtin_expect(!frame_ok(c, s), 0)) {
                r = cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
                break;
            }
            r = s->fn(c, s);
            if (r != OP_NEXT)
                break;
        }
        if (r == OP_NEXT) {
            c->ip += 16;
            c->slot = 0;
        }
        if (c->max_insns && c->insns >= c->max_insns && c->stop == STOP_NONE)
            c->stop = STOP_MAX_INSNS;
    }
}
