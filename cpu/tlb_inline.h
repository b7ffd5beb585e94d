/* The pieces of tlb.c that its miss path shares with memory.c's: the
 * hash index, the walker's thash, the rights table and the common data
 * miss (tlb_data_miss_walks, tlb_data_miss_walk), inline where the
 * loads' and stores' slow paths call it.  Included by tlb.c and memory.c only (and hv/vmem.c, for
 * tlb_tc_insert_straight). */
#ifndef IA64EMU_TLB_INLINE_H
#define IA64EMU_TLB_INLINE_H

#include <string.h>

#include "machine.h"

#define TLB_INLINE static inline __attribute__((always_inline))

static inline int entry_matches(const struct tlb_entry *e, uint32_t rid, uint64_t va61)
{
    return e->valid && e->rid == rid && ((va61 ^ e->va) >> e->ps) == 0;
}

/* ---- the hash index (struct tlb): entry N of a side */
#define TLB_NENT (TLB_NTR + TLB_NTC)

static inline struct tlb_entry *entry_n(struct tlb *t, int side, unsigned n)
{
    return n < TLB_NTR ? &t->tr[side][n] : &t->tc[side][n - TLB_NTR];
}

static inline unsigned hash_of(uint32_t rid, uint64_t vpn)
{
    return (unsigned)(((vpn ^ (uint64_t)rid << 24) * 0x9e3779b97f4a7c15ull) >> (64 - TLB_HASH_BITS));
}

/* Entry N goes into bucket H's chain, first (its page size in ps_used
 * and, for a cache entry, tc_ps_used: index_add_at) */
TLB_INLINE void index_link(struct tlb *t, int side, unsigned n, unsigned h)
{
    t->hnext[side][n] = t->hhead[side][h];
    t->hhead[side][h] = (uint16_t)(n + 1);
    t->hbucket[side][n] = (uint16_t)(TLB_INDEXED | h);
}

/* (E: entry N, when the caller has it; H: its bucket, hash_of(e->rid,
 * e->va >> e->ps)) */
TLB_INLINE void index_add_at(struct tlb *t, int side, unsigned n, const struct tlb_entry *e, unsigned h)
{
    index_link(t, side, n, h);
    t->ps_used[side][e->rid & 7] |= 1ull << e->ps;
    if (n >= TLB_NTR)
        t->tc_ps_used[side] |= 1ull << e->ps;
}

TLB_INLINE void index_add_entry(struct tlb *t, int side, unsigned n, const struct tlb_entry *e)
{
    index_add_at(t, side, n, e, hash_of(e->rid, e->va >> e->ps));
}

/* Entry N, in the index, leaves its chain (its hbucket stays: the
 * caller's to clear, or to set by index_link) */
TLB_INLINE void index_unlink(struct tlb *t, int side, unsigned n)
{
    uint16_t *p = &t->hhead[side][t->hbucket[side][n] & ~TLB_INDEXED];
    while (__builtin_expect(*p != n + 1, 0))    /* (chains are short: mostly it is the first) */
        p = &t->hnext[side][*p - 1];
    *p = t->hnext[side][n];
}

/* Entry N leaves the index, if there. */
TLB_INLINE void index_remove(struct tlb *t, int side, unsigned n)
{
    if (t->hbucket[side][n]) {
        index_unlink(t, side, n);
        t->hbucket[side][n] = 0;
    }
}

/* No page is smaller than 4 KiB (tlb_page_size_ok guards every insert). */
#define GRANULE_SHIFT 12
_Static_assert((TLB_PAGE_SIZES & ((1ull << GRANULE_SHIFT) - 1)) == 0, "a page below the granule");

/* the walker's thash (tlb.h, vhpt_shape_thash) */
static inline uint64_t walk_thash(struct tlb *t, uint64_t va, uint64_t rr, uint64_t pta)
{
    return vhpt_shape_thash(&t->vhpt, va, rr, pta);
}

/* The rights (ACC_*) a page with TLB.ar AR and TLB.pl PL grants at
 * privilege level CPL (SDM vol. 2, 4.1.1.6, "Page Access Rights"): ar 0-3
 * give R, RX, RW, RWX at CPL <= pl; ar 4-6 give their first set at CPL =
 * pl and their second at CPL < pl; ar 7 is execute-only (promotion, epc)
 * above PL0 and RX at PL0. */
#define R_ ACC_R
#define W_ ACC_W
#define X_ ACC_X
/* ar 0-7's rights at CPL = pl and at CPL < pl, 4 bits each */
#define AT_PL    (R_ | (R_ | X_) << 4 | (R_ | W_) << 8 | (R_ | W_ | X_) << 12 | R_ << 16 | (R_ | X_) << 20 | \
                  (R_ | W_ | X_) << 24 | X_ << 28)
#define BELOW_PL (R_ | (R_ | X_) << 4 | (R_ | W_) << 8 | (R_ | W_ | X_) << 12 | (R_ | W_) << 16 |          \
                  (R_ | W_ | X_) << 20 | (R_ | W_) << 24 | X_ << 28)
#define RIGHTS(ar, pl, cpl) \
    ((ar) == 7 ? ((cpl) == 0 ? (R_ | X_) : X_) : (cpl) > (pl) ? 0 : ((cpl) == (pl) ? AT_PL : BELOW_PL) >> 4 * (ar) & 15)
#define RIGHTS4(ar, pl) RIGHTS(ar, pl, 0), RIGHTS(ar, pl, 1), RIGHTS(ar, pl, 2), RIGHTS(ar, pl, 3)
#define RIGHTS16(ar) RIGHTS4(ar, 0), RIGHTS4(ar, 1), RIGHTS4(ar, 2), RIGHTS4(ar, 3)

/* The rights of a page with pte PTE at CPL: one table, by pte{11:7}
 * (ar, pl) and CPL */
static inline unsigned pte_rights(uint64_t pte, unsigned cpl)
{
    static const uint8_t rights[128] = { RIGHTS16(0), RIGHTS16(1), RIGHTS16(2), RIGHTS16(3),
                                         RIGHTS16(4), RIGHTS16(5), RIGHTS16(6), RIGHTS16(7) };
    _Static_assert(PTE_PL(3ull << 7) == 3 && PTE_AR(7ull << 9) == 7, "pte{11:7} is ar, pl");
    return rights[((unsigned)(pte >> 7) & 31) << 2 | (cpl & 3)];
}

/* The straight misses' checks of a data reference after the insert
 * (check()'s, with PSR.pk = 0 and PSR.da = 0) in one look-up, by
 * pte{11:2} (ar, pl, D, A, ma) and CPL: ACC_R if a read passes (ma not
 * NaTPage, the rights grant R, A set), ACC_W if a write does (W, D set
 * too).  (tlb.c defines the table: TLB_PASSES_4096.) */
#define TLB_PASSES(i)                                         \
    (((i) >> 2 & 7) == MA_NATPAGE || !((i) & PTE_A) ? 0       \
     : RIGHTS((i) >> 9 & 7, (i) >> 7 & 3, (i) & 3) & ((i) & PTE_D ? R_ | W_ : R_))
#define TLB_PASSES_4(i)    TLB_PASSES(i), TLB_PASSES((i) + 1), TLB_PASSES((i) + 2), TLB_PASSES((i) + 3)
#define TLB_PASSES_16(i)   TLB_PASSES_4(i), TLB_PASSES_4((i) + 4), TLB_PASSES_4((i) + 8), TLB_PASSES_4((i) + 12)
#define TLB_PASSES_64(i)   TLB_PASSES_16(i), TLB_PASSES_16((i) + 16), TLB_PASSES_16((i) + 32), TLB_PASSES_16((i) + 48)
#define TLB_PASSES_256(i)  TLB_PASSES_64(i), TLB_PASSES_64((i) + 64), TLB_PASSES_64((i) + 128), \
                           TLB_PASSES_64((i) + 192)
#define TLB_PASSES_1024(i) TLB_PASSES_256(i), TLB_PASSES_256((i) + 256), TLB_PASSES_256((i) + 512), \
                           TLB_PASSES_256((i) + 768)
#define TLB_PASSES_4096    TLB_PASSES_1024(0), TLB_PASSES_1024(1024), TLB_PASSES_1024(2048), TLB_PASSES_1024(3072)
extern const uint8_t tlb_passes[4096];
static inline unsigned straight_passes(uint64_t pte, unsigned cpl)
{
    _Static_assert(PTE_MA(7ull << 2) == 7 && PTE_A == 1 << 5 && PTE_D == 1 << 6, "pte{6:2} is D, A, ma");
    return tlb_passes[(pte & 0xffc) | (cpl & 3)];
}

/* No entry of page size PS in bucket H's chain of the data side's hash
 * index translates V (VA{60:0}) in region RID, as lookup_chains finds */
static inline int chain_none(const struct tlb *t, uint32_t rid, uint64_t v, unsigned ps, unsigned h)
{
    for (unsigned n = t->hhead[TLB_D][h]; n; n = t->hnext[TLB_D][n - 1]) {
        const struct tlb_entry *e = entry_n((struct tlb *)t, TLB_D, n - 1);
        if (e->ps == ps && entry_matches(e, rid, v))
            return 0;
    }
    return 1;
}

/* ... with H = hash_of(RID, V >> PS) given: that size's probe (a
 * bucket shared with other pages of the region's one page size: its
 * chain, searched as lookup_chains searches it) */
static inline int lookup_none_at(const struct tlb *t, uint32_t rid, uint64_t v, unsigned ps, unsigned h)
{
    uint64_t m = t->ps_used[TLB_D][rid & 7];
    if (m == 1ull << ps)                /* (the usual: the region's one page size) */
        return __builtin_expect(!t->hhead[TLB_D][h], 1) || chain_none(t, rid, v, ps, h);
    if ((m >> ps) & 1) {
        if (t->hhead[TLB_D][h])
            return 0;
        m &= ~(1ull << ps);
    }
    for (; m; m &= m - 1)
        if (t->hhead[TLB_D][hash_of(rid, v >> __builtin_ctzll(m))])
            return 0;
    return 1;
}

/* The straight paths' insert (tlb_data_miss_walk; hv/vmem.c after
 * tlb_data_miss_hooked): for VA (PS, RID, KEY, PTE), VA's region id RID,
 * right after lookup_none_at found no entry for VA (the index clean); when
 * it displaces the round-robin victim, whose soft-TLB fills are all
 * remembered, and purges nothing, and a data reference ACC at PL passes
 * check()'s rights on the new entry (PSR.pk = 0, PSR.da = 0): the entry,
 * with *REF, as tc_insert and check() make them (but lookup's memo), and
 * no fill remembered for it yet (src_n 0); else NULL with nothing
 * changed. */
/* (H: the new entry's bucket, hash_of(RID, VA61(VA) >> PS): the probe's) */
TLB_INLINE struct tlb_entry *tc_insert_straight_at(struct cpu *c, uint64_t va, unsigned ps, uint32_t rid,
                                                  uint32_t key, uint64_t pte, unsigned acc, unsigned pl,
                                                  struct tlb_ref *ref, unsigned h)
{
    struct tlb *t = &c->tlb;
    struct memory *mm = &c->m->mem;
    unsigned i = t->tc_next[TLB_D];
    if (i >= TLB_NTC)                   /* (never: round robin mod TLB_NTC) */
        __builtin_unreachable();
    /* tc_insert's purge (MISSED) finds no size to probe (no size below PS
     * in both), and the index's sizes hold PS already (index_add_at's
     * would change nothing: index_link); no free entry */
    uint64_t size = 1ull << ps, sizes = t->tc_ps_used[TLB_D] & t->ps_used[TLB_D][rid & 7];
    if ((sizes & (size | (size - 1))) != size || t->tc_free[TLB_D] < TLB_NTC || mm->src_n[i] > MEM_SRC_MAX)
        return NULL;
    unsigned passes = straight_passes(pte, pl);
    if (!(passes & acc))                /* (ACC: ACC_R or ACC_W) */
        return NULL;
    uint64_t v = VA61(va);
    struct tlb_entry *slot = &t->tc[TLB_D][i];
    /* (what needs no entry first: fewer values live across the rest) */
    ref->pa = va ^ ((va ^ (pte & PTE_PPN_MASK)) & -size);   /* tlb_entry_pa: the ppn above ps, va below */
    ref->writable = (passes & ACC_W) != 0;      /* (a read passed: ma, A) */
    ref->tc = i + 1;
    t->miss[TLB_D].valid = 0;                   /* (its other fields count only when valid) */
    /* (lookup's memo is left as it is: the new entry is the only one
     * translating VA's granule, so a memo of the granule naming another
     * entry fails entry_matches; lookup_chains remembers the new one at
     * its first hit) */
    t->tc_next[TLB_D] = (i + 1) % TLB_NTC;
    /* the entry's fields (first: fewer values live across the rest), then
     * displace(), which reads none of them (only the index and the fill
     * lists): the victim is valid (tc_free = TLB_NTC) and so, the index
     * clean, in the index; it stays valid.  (The victim's soft-TLB fills
     * go last: fewer values live across that loop.) */
    slot->va = v & -size;
    slot->ps = (uint8_t)ps;
    slot->rid = rid;
    slot->key = key;
    slot->pte = pte;
    index_unlink(t, TLB_D, TLB_NTR + i);
    index_link(t, TLB_D, TLB_NTR + i, h);
    mem_tlb_drop_fills(mm, i);
    return slot;
}

TLB_INLINE struct tlb_entry *tlb_tc_insert_straight(struct cpu *c, uint64_t va, unsigned ps, uint32_t rid,
                                                    uint32_t key, uint64_t pte, unsigned acc, unsigned pl,
                                                    struct tlb_ref *ref, unsigned h)
{
    struct tlb_entry *e = tc_insert_straight_at(c, va, ps, rid, key, pte, acc, pl, ref, h);
    /* the walker's memo (or hv/vmem.c's, the machine walker off) goes
     * with its entry, the victim (tlb_tc_drop) */
    if (e && c->tlb.walk_memo.n == TLB_NTR + ref->tc)
        walk_memo_forget(&c->tlb);
    return e;
}

/* PTA in the walker's pieces of the short format (tlb.h, vhpt_short),
 * if it is one: 1, else 0 */
static __attribute__((noinline, cold)) int vhpt_short_set(struct tlb *t, uint64_t pta)
{
    if (PTA_VF(pta))
        return 0;
    vhpt_shape_set(&t->vhpt_short, pta);
    return 1;
}

/* The common data miss, straight: a translated reference (PSR_BIT set)
 * that no entry translates, the walker on (short format) with its memo
 * holding the VHPT page, the entry present and passing every check, and
 * an insert that displaces the round-robin victim, whose soft-TLB fills
 * are all remembered, and purges nothing.  The same computation as
 * translate(), check() and vhpt_walk() make then: first what decides
 * (changing nothing the general path does not redo the same), then the
 * walk's counts, the insert and *REF.
 *
 * Its first part: the walker on for VA, the short format, PSR_BIT set
 * and PSR.pk = 0 (no key to check), PSR.da = 0 (straight_passes),
 * PSR_ZERO's bits clear too.  (The walker's enables first: off, under
 * the hypervisor, it is the one test.)  1 if so, else 0. */
TLB_INLINE int tlb_data_miss_walks(struct cpu *c, uint64_t va, uint64_t psr_bit, uint64_t psr_zero)
{
    struct tlb *t = &c->tlb;
    uint64_t rr = t->rr[va >> 61], pta = c->cr[CR_PTA];
    if (!(RR_VE(rr) & PTA_VE(pta)) || (c->psr & (psr_bit | PSR_PK | PSR_DA | psr_zero)) != psr_bit ||
        !c->m->system_mode || tlb_unimplemented_va(va))
        return 0;
    /* (PTA.vf = 0, with its pieces at hand) */
    if (__builtin_expect(pta != t->vhpt_short.pta, 0))
        return vhpt_short_set(t, pta);
    return 1;
}

/* ... the rest, after it: 0, or -1 for the general path
 * (tlb_translate_data) */
TLB_INLINE int tlb_data_miss_walk(struct cpu *c, uint64_t va, unsigned acc, unsigned pl, struct tlb_ref *ref)
{
    struct tlb *t = &c->tlb;
    uint64_t rr = t->rr[va >> 61];
    uint32_t rid = RR_RID(rr);
    /* the walk: the VHPT page through the walker's memo (vhpt_pa), for
     * IHA{60:0} (IHA is in VA's region, whose rid the memo holds).  The
     * memo's entry is unchanged since vhpt_pa found it for this granule
     * (it translates IHA still), and the index is clean: vhpt_pa makes a
     * memo after lookup(), tlb_index_dirty forgets it. */
    uint64_t iha61 = vhpt_shape_thash61(&t->vhpt_short, va, rr);
    struct tlb_walk_memo *w = &t->walk_memo;
    if (w->granule != iha61 >> GRANULE_SHIFT || w->rid != rid)     /* (forgotten: WALK_MEMO_NONE) */
        return -1;
    unsigned ps = RR_PS(rr), h = hash_of(rid, VA61(va) >> ps);   /* (the probe's and the insert's bucket) */
    if (!lookup_none_at(t, rid, VA61(va), ps, h))
        return -1;
    const uint8_t *page = w->host;
    if (!page) {
        page = w->host = mem_page(&c->m->mem, w->page, 0);
        if (!page)
            return -1;
    }
    uint64_t pte;
    memcpy(&pte, page + (iha61 & ~GUEST_PAGE_MASK & ~7ull), 8);
    if (!(pte & PTE_P))                 /* (RR.ps is an insertable size: tlb_mov_to_rr, tlb_reset) */
        return -1;
    /* the insert and check()'s rights (no key: PSR.pk = 0; the memo goes
     * if it displaced the VHPT page's entry), then vhpt_walk's counts */
    if (!tlb_tc_insert_straight(c, va, ps, rid, rid, pte, acc, pl, ref, h))
        return -1;
    t->walks++;
    t->walk_inserts++;
    return 0;
}

/* The hook's common case (machine.on_data_miss: hv/vmem.c, data_miss)
 * inline, without its call: VA's software walk (struct tlb_soft_walk)
 * holding for VA's real rr RR (none while a trace records), the walk's
 * VHPT page remembered (the walker's memo, as vhpt_page_memo finds it),
 * the entry present and its page in the p2m, and an insert
 * tc_insert_straight_at makes.  0 then, with the hook's counts in
 * tlb.soft_walk_inserts; else 1, with nothing changed (the hook
 * decides). */
TLB_INLINE int soft_walk_miss(struct cpu *c, uint64_t va, uint64_t rr, unsigned acc, unsigned pl,
                              struct tlb_ref *ref, unsigned h)
{
    struct tlb *t = &c->tlb;
    const struct tlb_soft_walk *s = &t->soft_walk[va >> 61];
    uint64_t grr, gpta;
    if (rr != s->real_rr)
        return 1;
    memcpy(&grr, s->guest_rr, 8);
    memcpy(&gpta, s->guest_pta, 8);
    if (grr != s->rr || gpta != s->pta)
        return 1;
    uint64_t iha = SOFT_WALK_IHA(s, va), pte;
    const struct tlb_walk_memo *w = &t->walk_memo;
    if (w->granule != VA61(iha) >> GRANULE_SHIFT || w->rid != s->rid || !w->host)
        return 1;
    memcpy(&pte, w->host + (iha & ~GUEST_PAGE_MASK & ~7ull), 8);
    if ((pte & s->p_beyond) != PTE_P)
        return 1;
    if (PTE_PL(pte) < s->pl_min)
        pte = (pte & ~(3ull << 7)) | (uint64_t)s->pl_min << 7;
    if (!tlb_tc_insert_straight(c, va, s->ps, s->rid, s->rid, pte, acc, pl, ref, h))
        return 1;
    t->soft_walk_inserts++;
    return 0;
}

/* The common data miss under a hypervisor, straight: a translated
 * reference (PSR_BIT set) that no entry translates, the walker off, what
 * check() finds before it calls machine.on_tlb_miss (in system mode: the
 * hook is set in no other), and PSR.pk, PSR.da and PSR.be 0 (no key to
 * check, straight_passes, no byte swap: the caller's STRAIGHT form); the
 * hook's common case inline (soft_walk_miss), else its straight case
 * (machine.on_data_miss), decides the rest, with the probe's bucket for
 * VA's region id and page size (its insert's when it inserts with
 * those).  Decided here without changing anything.  Returns 0, or
 * on_data_miss's 0 or 1, or -1 for the general path. */
TLB_INLINE int tlb_data_miss_hooked(struct cpu *c, uint64_t va, unsigned acc, uint64_t psr_bit, unsigned pl,
                                    struct tlb_ref *ref)
{
    struct machine *mc = c->m;
    struct tlb *t = &c->tlb;
    uint64_t rr = t->rr[va >> 61];
    /* (the walker's enables after soft_walk_miss: a software walk holds
     * only for a real rr with ve 0) */
    if (!mc->on_data_miss || (c->psr & (psr_bit | PSR_PK | PSR_DA | PSR_BE)) != psr_bit ||
        tlb_unimplemented_va(va) || t->index_dirty[TLB_D])
        return -1;
    uint32_t rid = RR_RID(rr);
    unsigned ps = RR_PS(rr), h = hash_of(rid, VA61(va) >> ps);
    if (!lookup_none_at(t, rid, VA61(va), ps, h))
        return -1;
    if (soft_walk_miss(c, va, rr, acc, pl, ref, h) == 0)
        return 0;
    if (RR_VE(rr) & PTA_VE(c->cr[CR_PTA]))
        return -1;
    return mc->on_data_miss(mc, va, acc, pl, ref, h);
}

#endif
