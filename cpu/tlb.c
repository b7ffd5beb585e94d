/* Address translation: the TLBs, protection, and the VHPT walker (SDM rev.
 * 2.3 vol. 2, ch. 4).  Reached only on a soft-TLB miss (memory.c) and from
 * the TLB instructions (ops_tlb.c). */
#include <string.h>

#include "machine.h"
#include "tlb_inline.h"

/* check, translate and vhpt_walk are inlined into their few callers: the
 * constant arguments of the loads' and stores' miss path fold away */
#define INLINE static inline __attribute__((always_inline))

const uint8_t tlb_passes[4096] = { TLB_PASSES_4096 };   /* (tlb_inline.h, straight_passes) */

_Static_assert(TLB_NTC == MEM_SRC_NTC, "memory.h's count of data TC entries");

void tlb_reset(struct cpu *c)
{
    memset(&c->tlb, 0, sizeof c->tlb);
    walk_memo_forget(&c->tlb);
    soft_walk_forget(&c->tlb);
    /* rr0-rr7: rid 0, 4 KiB preferred page size, walker off */
    for (int i = 0; i < 8; i++)
        c->tlb.rr[i] = 12 << 2;
}

uint64_t tlb_thash(struct cpu *c, uint64_t va)
{
    return tlb_thash_of(va, c->tlb.rr[va >> 61], c->cr[CR_PTA]);
}

uint64_t tlb_ttag(struct cpu *c, uint64_t va)
{
    return tlb_ttag_of(va, c->tlb.rr[va >> 61]);
}

static inline void index_add(struct tlb *t, int side, unsigned n)
{
    index_add_entry(t, side, n, entry_n(t, side, n));
}

static void index_rebuild(struct tlb *t, int side)
{
    memset(t->hhead[side], 0, sizeof t->hhead[side]);
    memset(t->hbucket[side], 0, sizeof t->hbucket[side]);
    memset(t->ps_used[side], 0, sizeof t->ps_used[side]);
    t->tc_ps_used[side] = 0;
    for (unsigned n = 0; n < TLB_NENT; n++)
        if (entry_n(t, side, n)->valid)
            index_add(t, side, n);
    t->index_dirty[side] = 0;
    memset(t->memo[side], 0, sizeof t->memo[side]);
    walk_memo_forget(t);
}

/* The first entry (translation registers, then the cache, in order)
 * translating VA61 in region RID, as a scan of them all would find it.
 *
 * A hit is remembered for its 4 KiB granule (the smallest page: every
 * entry translates all of a granule or none of it).  The entry found
 * stays the first for the granule while it is valid and translates it:
 * an entry that comes to translate it later is a cache insert, which
 * purges the overlapping cache entries (so it or the remembered one is
 * gone), or another write of entries, which forgets the memo with the
 * index (tlb_index_dirty). */
/* (SIZES: the page sizes of RID's ps_used whose buckets may hold VA's entry) */
static __attribute__((noinline)) struct tlb_entry *lookup_chains(struct tlb *t, int side, uint32_t rid, uint64_t v,
                                                                  struct tlb_memo *memo, uint64_t sizes)
{
    uint64_t granule = v >> GRANULE_SHIFT;
    unsigned best = TLB_NENT;
    for (uint64_t m = sizes; m; m &= m - 1) {
        unsigned ps = (unsigned)__builtin_ctzll(m);
        for (unsigned n = t->hhead[side][hash_of(rid, v >> ps)]; n; n = t->hnext[side][n - 1]) {
            const struct tlb_entry *e = entry_n(t, side, n - 1);
            if (n - 1 < best && e->ps == ps && entry_matches(e, rid, v))
                best = n - 1;
        }
    }
    if (best == TLB_NENT) {
        t->miss[side] = (struct tlb_miss){ .granule = granule, .rid = rid, .valid = 1 };
        return NULL;
    }
    *memo = (struct tlb_memo){ .granule = granule, .rid = rid, .n = (uint16_t)(best + 1) };
    return entry_n(t, side, best);
}

static __attribute__((noinline)) struct tlb_entry *lookup_rebuilt(struct tlb *t, int side, uint32_t rid, uint64_t v,
                                                                   struct tlb_memo *memo)
{
    index_rebuild(t, side);    /* forgets the memo too */
    return lookup_chains(t, side, rid, v, memo, t->ps_used[side][rid & 7]);
}

/* (inline: a miss whose buckets are all empty, the usual one, is a few
 * hashes; its other cases are calls) */
INLINE struct tlb_entry *lookup_index(struct tlb *t, int side, uint32_t rid, uint64_t v, struct tlb_memo *memo)
{
    if (__builtin_expect(t->index_dirty[side], 0))
        return lookup_rebuilt(t, side, rid, v, memo);
    for (uint64_t m = t->ps_used[side][rid & 7]; m; m &= m - 1)
        if (t->hhead[side][hash_of(rid, v >> __builtin_ctzll(m))])
            return lookup_chains(t, side, rid, v, memo, m);   /* (the sizes before M: empty) */
    t->miss[side] = (struct tlb_miss){ .granule = v >> GRANULE_SHIFT, .rid = rid, .valid = 1 };
    return NULL;
}

static inline struct tlb_entry *lookup(struct tlb *t, int side, uint64_t va)
{
    uint32_t rid = RR_RID(t->rr[va >> 61]);
    uint64_t v = VA61(va), granule = v >> GRANULE_SHIFT;
    struct tlb_memo *memo = &t->memo[side][granule % TLB_MEMO];
    if (memo->n && memo->granule == granule && memo->rid == rid) {
        struct tlb_entry *e = entry_n(t, side, memo->n - 1u);
        if (entry_matches(e, rid, v))
            return e;
    }
    return lookup_index(t, side, rid, v, memo);
}

struct tlb_entry *tlb_lookup(struct cpu *c, int side, uint64_t va)
{
    return lookup(&c->tlb, side, va);
}

void tlb_index_dirty(struct cpu *c, int side)
{
    c->tlb.index_dirty[side] = 1;
    c->tlb.miss[side].valid = 0;
    memset(c->tlb.memo[side], 0, sizeof c->tlb.memo[side]);
    walk_memo_forget(&c->tlb);
}

/* Insert into the translation cache of SIDE, replacing any overlapping
 * entry (SDM vol. 2, 4.1.1.2): a free entry if there is one, else round
 * robin. */
void tlb_side_changed(struct cpu *c, int side)
{
    if (side == TLB_I)
        mem_tlb_flush_fetch(c->m);
    else
        mem_tlb_flush_data(c->m);
}

/* Valid cache entry N of SIDE goes.  Returns 1 when the fetch side's
 * soft TLB and predecoded bundles must go (tlb_side_changed), 0 when
 * what the data soft TLBs took from it went already. */
INLINE int displace(struct cpu *c, int side, unsigned n)
{
    struct tlb_entry *e = &c->tlb.tc[side][n - TLB_NTR];
    tlb_tc_drop(&c->tlb, side, n - TLB_NTR);     /* only TC entries are displaced */
    index_remove(&c->tlb, side, n);
    if (side == TLB_I)
        return 1;
    if (!mem_tlb_drop_fills(&c->m->mem, n - TLB_NTR))
        mem_tlb_drop_data(c->m, n - TLB_NTR, e->va, e->ps, e->rid);
    return 0;
}

/* The cache entries of SIDE with a page size in SIZES (bit n: 2^n bytes)
 * that overlap the new entry V (2^PS bytes) in RID go (what the soft
 * TLBs, and for instructions the predecoded bundles, took from a
 * translation that is gone goes with it; a translation only added
 * invalidates nothing; on the data side only the soft-TLB entries of the
 * translation displaced go: mem_tlb_drop_data).  Entries with a page as
 * large or larger hold V: one probe for each such size; smaller ones, up
 * to 16 probes, else a scan.  Returns displace()'s verdict. */
static int purge_overlaps(struct cpu *c, int side, uint64_t v, unsigned ps, uint32_t rid, uint64_t sizes)
{
    struct tlb *t = &c->tlb;
    int displaced = 0;
    for (uint64_t m = sizes; m; m &= m - 1) {
        unsigned eps = (unsigned)__builtin_ctzll(m);
        if (eps < ps && ps - eps > 4) {
            for (unsigned i = 0; i < TLB_NTC; i++) {
                struct tlb_entry *e = &t->tc[side][i];
                unsigned s = e->ps > ps ? e->ps : ps;
                if (e->valid && e->rid == rid && ((e->va ^ v) >> s) == 0)
                    displaced |= displace(c, side, TLB_NTR + i);
            }
            return displaced;
        }
        uint64_t step = 1ull << eps, end = eps < ps ? v + (1ull << ps) : v + 1;
        for (uint64_t a = v & ~(step - 1); a < end; a += step)
            for (unsigned n = t->hhead[side][hash_of(rid, a >> eps)], next; n; n = next) {
                next = t->hnext[side][n - 1];
                struct tlb_entry *e = entry_n(t, side, n - 1);
                unsigned s = e->ps > ps ? e->ps : ps;
                if (n - 1 >= TLB_NTR && e->ps == eps && e->valid && e->rid == rid &&
                    ((e->va ^ v) >> s) == 0)
                    displaced |= displace(c, side, n - 1);
            }
    }
    return displaced;
}

/* tlb_tc_insert; MISSED: the last lookup of SIDE was lookup_index's,
 * for VA in RID, and found nothing (the walker after a miss: the index is
 * clean and t->miss is VA's, no need to check either). */
INLINE struct tlb_entry *tc_insert(struct cpu *c, int side, uint64_t va, unsigned ps, uint32_t rid,
                                   uint32_t key, uint64_t pte, int missed)
{
    struct tlb *t = &c->tlb;
    uint64_t v = VA61(va) & ~((1ull << ps) - 1), granule = VA61(va) >> GRANULE_SHIFT;
    if (!missed) {
        if (__builtin_expect(t->index_dirty[side], 0))
            index_rebuild(t, side);
        const struct tlb_miss *miss = &t->miss[side];
        missed = miss->valid && miss->granule == granule && miss->rid == rid;
    }
    /* The entries the new one overlaps go.  When the last lookup found no
     * entry for VA's granule, none of a page as large as PS or larger
     * does (it would translate VA). */
    uint64_t sizes = t->tc_ps_used[side] & (missed ? (1ull << ps) - 1 : ~0ull);
    if (sizes)          /* ... and RID's entries (the index is clean) */
        sizes &= t->ps_used[side][rid & 7];
    int displaced = sizes ? purge_overlaps(c, side, v, ps, rid, sizes) : 0;
    /* a free entry if there is one, else round robin */
    struct tlb_entry *slot = NULL;
    for (unsigned i = t->tc_free[side]; i < TLB_NTC; i++)
        if (!t->tc[side][i].valid) {
            slot = &t->tc[side][i];
            t->tc_free[side] = i + 1;
            /* out of the index, if a purge left it there */
            index_remove(t, side, TLB_NTR + i);
            break;
        }
    if (!slot) {
        unsigned i = t->tc_next[side];
        t->tc_next[side] = (i + 1) % TLB_NTC;
        displaced |= displace(c, side, TLB_NTR + i);   /* out of the index too */
        slot = &t->tc[side][i];
        t->tc_free[side] = TLB_NTC;    /* the entry displace freed is filled now */
    }
    if (displaced)
        tlb_side_changed(c, side);
    unsigned slot_n = TLB_NTR + (unsigned)(slot - t->tc[side]);
    slot->va = v;
    slot->ps = (uint8_t)ps;
    slot->rid = rid;
    slot->key = key;
    slot->pte = pte;
    slot->valid = 1;
    index_add_entry(t, side, slot_n, slot);
    t->miss[side].valid = 0;
    /* the new entry is now the only one translating VA's granule */
    if (missed)
        t->memo[side][granule % TLB_MEMO] = (struct tlb_memo){ .granule = granule, .rid = rid,
                                                               .n = (uint16_t)(slot_n + 1) };
    return slot;
}

struct tlb_entry *tlb_tc_insert(struct cpu *c, int side, uint64_t va, unsigned ps, uint32_t rid,
                                uint32_t key, uint64_t pte)
{
    return tc_insert(c, side, va, ps, rid, key, pte, 0);
}

struct tlb_entry *tlb_tc_insert_missed(struct cpu *c, int side, uint64_t va, unsigned ps, uint32_t rid,
                                       uint32_t key, uint64_t pte)
{
    return tc_insert(c, side, va, ps, rid, key, pte, 1);
}

/* After itc.d inserted E for VA (no TR overlaps it: op_itc checks; the
 * cache entries it overlaps went), the walker's memo, forgotten with the
 * entry it named (tlb_tc_drop), names E again when E translates its
 * granule, as the next walk's vhpt_pa would find it there (E: no TR
 * before it).  Linux's vhpt_miss inserts the VHPT page's entry, displaced
 * from the cache, again this way: the next miss then goes straight
 * (tlb_data_miss_walk). */
void tlb_walk_memo_again(struct cpu *c, const struct tlb_entry *e, uint64_t va)
{
    struct tlb *t = &c->tlb;
    struct tlb_walk_memo *w = &t->walk_memo;
    uint64_t g = w->last << GRANULE_SHIFT;
    if (w->n || w->rid != e->rid || ((g ^ e->va) >> e->ps) || !(e->pte & PTE_P) || tlb_unimplemented_va(g) ||
        !(RR_VE(t->rr[va >> 61]) & PTA_VE(c->cr[CR_PTA])))
        return;
    *w = (struct tlb_walk_memo){ .granule = w->last, .page = tlb_entry_pa(e, g) & GUEST_PAGE_MASK,
                                 .last = w->last, .rid = e->rid,
                                 .n = (uint16_t)(TLB_NTR + (unsigned)(e - t->tc[TLB_D]) + 1) };
}

/* A fault of the translation family: IFA = VA, ITIR = the region's ps and
 * rid as the key, IHA = thash(VA) for the vectors that write it. */
static int tlb_fault(struct cpu *c, struct interruption *f, enum ivec v, uint64_t va, uint64_t isr, int iha)
{
    uint64_t rr = c->tlb.rr[va >> 61];
    memset(f, 0, sizeof *f);
    f->vector = v;
    f->isr = isr;
    f->ifa = va;
    f->itir = (uint64_t)RR_PS(rr) << 2 | (uint64_t)RR_RID(rr) << 8;
    f->valid = INTR_IFA | INTR_ITIR;
    if (iha) {
        f->iha = tlb_thash(c, va);
        f->valid |= INTR_IHA;
    }
    return 1;
}

/* The physical address of VHPT entry address IHA through the data TLB
 * into *PA, or 0 when no present entry translates it.  The walker's memo
 * saves the lookup while the entry it found stays (lookup's memo
 * argument), unchanged while remembered (tlb.h, struct tlb_walk_memo). */
INLINE int vhpt_pa(struct tlb *t, uint64_t iha, uint64_t *pa)
{
    struct tlb_walk_memo *w = &t->walk_memo;
    uint32_t rid = RR_RID(t->rr[iha >> 61]);
    uint64_t granule = VA61(iha) >> GRANULE_SHIFT;
    if (w->granule == granule && w->rid == rid) {   /* (forgotten: WALK_MEMO_NONE) */
        *pa = w->page | (iha & ~GUEST_PAGE_MASK);
        return 1;
    }
    struct tlb_miss va_miss = t->miss[TLB_D];
    struct tlb_entry *e = lookup(t, TLB_D, iha);
    if (!e || !(e->pte & PTE_P) || tlb_unimplemented_va(iha)) {
        /* (the miss remembered stays the reference's own, still true:
         * the VHPT Translation handler inserts its page first, tc_insert) */
        t->miss[TLB_D] = va_miss;
        return 0;
    }
    *pa = tlb_entry_pa(e, iha);
    unsigned n = e < t->tc[TLB_D] ? (unsigned)(e - t->tr[TLB_D]) : TLB_NTR + (unsigned)(e - t->tc[TLB_D]);
    *w = (struct tlb_walk_memo){ .granule = granule, .page = *pa & GUEST_PAGE_MASK, .rid = rid,
                                 .n = (uint16_t)(n + 1) };
    return 1;
}

/* The hardware VHPT walker (SDM vol. 2, 4.1.5): the entry for VA at
 * thash(VA), itself reached through the data TLB (never walked).  Returns
 * the inserted TC entry, NULL when the entry does not translate VA (a TLB
 * fault), or sets *UNMAPPED when the VHPT page has no translation (a VHPT
 * Translation fault). */
INLINE struct tlb_entry *vhpt_walk(struct cpu *c, int side, uint64_t va, uint64_t rr, uint64_t pta, int *unmapped,
                                   int missed)
{
    struct tlb *t = &c->tlb;
    uint64_t iha = walk_thash(t, va, rr, pta);
    uint64_t pa;
    t->walks++;
    if (!vhpt_pa(t, iha, &pa)) {
        *unmapped = 1;
        return NULL;
    }
    uint64_t pte = 0, itir = 0, tag = 0;
    const uint8_t *page = mem_page(&c->m->mem, pa, 0);
    /* entries are little-endian; absent memory reads as zero; words
     * used: 3 of a 32-byte long-format entry, 1 of a short one */
    if (page) {
        const uint8_t *w = page + (pa & ~GUEST_PAGE_MASK & (PTA_VF(pta) ? ~31ull : ~7ull));
        memcpy(&pte, w, 8);
        if (PTA_VF(pta)) {
            memcpy(&itir, w + 8, 8);
            memcpy(&tag, w + 16, 8);
        }
    }
    unsigned ps = RR_PS(rr);
    uint32_t key = RR_RID(rr);
    if (PTA_VF(pta)) {
        if (tag != tlb_ttag_of(va, rr))      /* also a set ti bit (63) */
            return NULL;
        ps = (unsigned)(itir >> 2) & 0x3f;
        key = (uint32_t)(itir >> 8) & 0xffffff;
    }
    /* a not-present entry is not inserted: the reference takes the TLB fault */
    if (!(pte & PTE_P) || !tlb_page_size_ok(ps))
        return NULL;
    c->tlb.walk_inserts++;
    return tc_insert(c, side, va, ps, RR_RID(rr), key, pte, missed);
}

/* A search of the VHPT that never faults (tak, SDM vol. 3 "tak"): the
 * walker's TC insert for VA when the walker is on for VA's region and finds
 * a present entry, else NULL (a walk that would fault finds nothing).  The
 * insert is one the walker may make at any time (SDM vol. 2, 4.1.8). */
struct tlb_entry *tlb_vhpt_search(struct cpu *c, int side, uint64_t va)
{
    int unmapped = 0;
    uint64_t rr = c->tlb.rr[va >> 61], pta = c->cr[CR_PTA];
    if (!RR_VE(rr) || !PTA_VE(pta))
        return NULL;
    return vhpt_walk(c, side, va, rr, pta, &unmapped, 0);
}

/* tlb_check; with REF, when it passes, also the TC entry used and for a
 * read whether a store to VA at PL would pass the same checks: no key
 * permission, access rights or Dirty-Bit fault (the others are the
 * read's). */
INLINE int check(struct cpu *c, int side, uint64_t va, unsigned acc, unsigned pl, uint64_t isr_extra, int rights,
                 uint64_t *pa, struct interruption *f, struct tlb_ref *ref, int serve)
{
    uint64_t isr = (uint64_t)acc << 32 | isr_extra;
    int data = side == TLB_D;
    if (tlb_unimplemented_va(va))
        return 2;
    uint64_t rr = c->tlb.rr[va >> 61];
    struct tlb_entry *e = lookup(&c->tlb, side, va);
    if (!e) {
        /* with PSR.ic = 0 the data miss faults below become Data Nested
         * TLB at delivery (SDM vol. 2, figure 4-16; interrupt.c) */
        uint64_t pta = c->cr[CR_PTA];
        if (!RR_VE(rr) || !PTA_VE(pta)) {
            /* SERVE: a reference that would fault, whose Alternate Data
             * TLB miss the hypervisor may satisfy at once (machine.h) */
            if (!serve || !data || !c->m->on_tlb_miss || !(e = c->m->on_tlb_miss(c->m, va, isr)))
                return tlb_fault(c, f, data ? IVEC_ALT_DATA_TLB : IVEC_ALT_INSTRUCTION_TLB, va, isr, 0);
        } else {
            int unmapped = 0;
            e = vhpt_walk(c, side, va, rr, pta, &unmapped, 1);   /* lookup's miss: VA's */
            if (unmapped)
                return tlb_fault(c, f, IVEC_VHPT_TRANSLATION, va, isr, 1);
            if (!e)
                return tlb_fault(c, f, data ? IVEC_DATA_TLB : IVEC_INSTRUCTION_TLB, va, isr, 1);
        }
    }
    uint64_t pte = e->pte;
    if (!(pte & PTE_P))
        return tlb_fault(c, f, IVEC_PAGE_NOT_PRESENT, va, isr, 0);
    *pa = tlb_entry_pa(e, va);
    if (!rights)
        return 0;
    /* a non-speculative data reference to a NaTPage (SDM vol. 2, 4.4.4) */
    if (PTE_MA(pte) == MA_NATPAGE && data && rights == 1 && !(isr_extra & ISR_SP)) {
        tlb_fault(c, f, IVEC_NAT_CONSUMPTION, va, isr | 0x20, 0);   /* code{7:4} = 2: NaT Page */
        f->valid = INTR_IFA;
        return 1;
    }
    int key_wd = 0;
    if (c->psr & PSR_PK) {
        const uint64_t *k = NULL;
        for (int i = 0; i < TLB_NPKR; i++)
            if ((c->tlb.pkr[i] & 1) && (uint32_t)(c->tlb.pkr[i] >> 8 & 0xffffff) == e->key) {
                k = &c->tlb.pkr[i];
                break;
            }
        if (!k)
            return tlb_fault(c, f, data ? IVEC_DATA_KEY_MISS : IVEC_INSTRUCTION_KEY_MISS, va, isr, 0);
        /* pkr.wd (bit 1), rd (2), xd (3) */
        if (((acc & ACC_W) && (*k & 2)) || ((acc & ACC_R) && (*k & 4)) || ((acc & ACC_X) && (*k & 8)))
            return tlb_fault(c, f, IVEC_KEY_PERMISSION, va, isr, 0);
        key_wd = (*k & 2) != 0;
    }
    unsigned granted = pte_rights(pte, pl);
    if ((granted & acc) != acc)
        return tlb_fault(c, f, data ? IVEC_DATA_ACCESS_RIGHTS : IVEC_INSTRUCTION_ACCESS_RIGHTS, va, isr, 0);
    if (data && (acc & ACC_W) && !(pte & PTE_D) && !(c->psr & PSR_DA))
        return tlb_fault(c, f, IVEC_DIRTY_BIT, va, isr, 0);
    if (!(pte & PTE_A) && !(c->psr & (data ? PSR_DA : PSR_IA)))
        return tlb_fault(c, f, data ? IVEC_DATA_ACCESS_BIT : IVEC_INSTRUCTION_ACCESS_BIT, va, isr, 0);
    if (ref) {
        ref->writable = !key_wd && (granted & ACC_W) && ((pte & PTE_D) || (c->psr & PSR_DA));
        uintptr_t off = (uintptr_t)e - (uintptr_t)c->tlb.tc[side];
        ref->tc = off < sizeof c->tlb.tc[side] ? (unsigned)(off / sizeof *e) + 1 : 0;
    }
    return 0;
}

int tlb_check(struct cpu *c, int side, uint64_t va, unsigned acc, unsigned pl, uint64_t isr_extra,
              int rights, uint64_t *pa, struct interruption *f)
{
    return check(c, side, va, acc, pl, isr_extra, rights, pa, f, NULL, 0);
}

int tlb_translate(struct cpu *c, int side, uint64_t va, unsigned acc, uint64_t psr_bit, uint64_t isr_extra,
                  uint64_t *pa)
{
    return tlb_translate_pl(c, side, va, acc, psr_bit, psr_cpl(c->psr), isr_extra, pa);
}

/* An untranslated reference passes; a store passes where a read does
 * (check() fills *REF when translated). */
static inline int untranslated(struct tlb_ref *ref)
{
    if (ref) {
        ref->tc = 0;
        ref->writable = 1;
    }
    return 0;
}

INLINE int translate(struct cpu *c, int side, uint64_t va, unsigned acc, uint64_t psr_bit, unsigned pl,
                     uint64_t isr_extra, uint64_t *pa, struct tlb_ref *ref)
{
    if (!c->m->system_mode) {
        *pa = va;
        return untranslated(ref);
    }
    if (!(c->psr & psr_bit)) {
        /* physical: bit 63 selects the uncacheable attribute */
        uint64_t p = va & ~(1ull << 63);
        if (p >> (IMPL_PA_MSB + 1)) {
            cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, va);
            if (side == TLB_I)
                c->intr.valid |= INTR_FETCH;
            return OP_STOP;
        }
        *pa = p;
        return untranslated(ref);
    }
    struct interruption f;
    switch (check(c, side, va, acc, pl, isr_extra, 1, pa, &f, ref, 1)) {
    case 0:
        return 0;
    case 1:
        if (side == TLB_I)
            f.valid |= INTR_FETCH;     /* no slot was counted for the fetch */
        return cpu_interrupt(c, &f);
    default:
        cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, va);
        if (side == TLB_I)
            c->intr.valid |= INTR_FETCH;
        return OP_STOP;
    }
}

int tlb_translate_pl(struct cpu *c, int side, uint64_t va, unsigned acc, uint64_t psr_bit, unsigned pl,
                     uint64_t isr_extra, uint64_t *pa)
{
    return translate(c, side, va, acc, psr_bit, pl, isr_extra, pa, NULL);
}

int tlb_translate_data(struct cpu *c, uint64_t va, unsigned acc, uint64_t psr_bit, unsigned pl,
                       struct tlb_ref *ref)
{
    return translate(c, TLB_D, va, acc, psr_bit, pl, 0, &ref->pa, ref);
}
