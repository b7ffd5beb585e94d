/* Guest memory and translation under the hypervisor.
 *
 * - The p2m (guest-physical -> machine) is the identity on HV_GPA_BITS
 *   bits (the contract: guest-physical addresses are the image's physical
 *   addresses); an address beyond it fails loudly.
 * - Real translation is always on.  The real region registers are the
 *   guest's with ve cleared (the real VHPT walker is off for the guest:
 *   every real miss comes here as an Alternate ITLB/DTLB fault) and the
 *   real PTA is 0.
 * - Metaphysical mode (Xen's name): while the guest's virtual PSR has dt,
 *   it or rt off, real rr0 and rr4 hold the hypervisor's HV_MP_RID, and a
 *   miss of a reference the guest makes physically (its dt, it or rt --
 *   ISR.rs says which -- off) gets an identity p2m translation of 16 MiB
 *   (uncacheable for bit 63, region 4), PL2, RWX.  Addresses with bits
 *   62:50 set are an Unimplemented Data Address fault, as natively.
 * - The guest's TLB inserts (ITC, ITR hyperprivops; raw itc/itr trapped)
 *   are translated: the page number through the p2m, and a pte.pl below 2
 *   becomes 2 (the guest kernel runs at CPL 2).  TC inserts go straight
 *   into the real TC; the guest's TRs are kept here (hv.vtr) and give real
 *   TC entries on a miss, so the real TR file is the hypervisor's (dtr 0
 *   maps the XSI page, PL2 read/write, in every mode).
 * - The guest's VHPT is walked here, in software, on a real miss, with the
 *   SDM's walker rules: the guest's rr.ve and pta.ve, short or long format
 *   (the tag compared), the entry reached through the guest's data
 *   translations; a walk that finds no translation for the VHPT page is a
 *   VHPT Translation fault (IHA), an entry not present (or a tag
 *   mismatch) a Data/Instruction TLB fault (IHA), a walker that is off an
 *   Alternate one -- all reflected. */
#include "hv.h"
#include "tlb_inline.h"       /* tlb_tc_insert_straight */

#define MP_PS 24                        /* metaphysical translations: 16 MiB */
/* the miss path's steps are inlined into its two callers, hv_tlb_miss and
 * hv_miss_now: NOW folds away */
#define INLINE static inline __attribute__((always_inline))

static int data_miss(struct machine *m, uint64_t va, unsigned acc, unsigned pl, struct tlb_ref *ref, unsigned h);
static inline struct tlb_entry *vtr_lookup_rid(struct hv *h, int side, uint64_t va, uint32_t rid);

uint64_t hv_p2m(uint64_t gpa, int *ok)
{
    *ok = gpa < (1ull << HV_GPA_BITS);
    return gpa;
}

static uint64_t vrr(const struct hv *h, uint64_t va)
{
    return xsi_get(h, XSI_RRS + 8 * (unsigned)(va >> 61));
}

static uint64_t real_rr(uint64_t guest_rr)
{
    return guest_rr & ~1ull;            /* the real walker stays off */
}

/* guest_data_ma's remembered entry, a real TC one: tlb_lookup's answer
 * for an address it translates unless HV_XSI_DTR (the only real TR) does
 * too -- real TC entries never overlap (tlb_tc_insert purges).  Region
 * register and TR writes forget it, vhpt_page's memo and data_miss's
 * region memos (tlb.soft_walk, which also go when the guest's dt goes
 * off: hv_set_vpsr); metaphysical mode's changes all but vhpt_page's
 * memo (hv_update_metaphysical). */
static void vhpt_tc_forget(struct hv *h)
{
    h->vhpt_tc = NULL;
    walk_memo_forget(&h->m->cpu.tlb);
    soft_walk_forget(&h->m->cpu.tlb);
}

static inline int translates(const struct tlb_entry *e, uint32_t rid, uint64_t va)
{
    return e->valid && e->rid == rid && ((VA61(va) ^ e->va) >> e->ps) == 0;
}

/* Real dtr HV_XSI_DTR: the mapped_regs page, with rr7's region id. */
static void map_xsi(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    struct tlb_entry *e = &c->tlb.tr[TLB_D][HV_XSI_DTR];
    e->va = VA61(XSI_MAPPED);
    e->ps = GUEST_PAGE_SHIFT;
    e->rid = RR_RID(c->tlb.rr[7]);
    e->key = 0;
    e->pte = XSI_MACHINE | PTE_P | PTE_A | PTE_D | 2ull << 7 | 2ull << 9;   /* pl 2, ar 2: RW */
    e->valid = 1;
    vhpt_tc_forget(h);
    tlb_index_dirty(c, TLB_D);      /* a TR written in place (tlb.c's index) */
    mem_tlb_flush_data(h->m);
}

void hv_vmem_init(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    for (unsigned r = 0; r < 8; r++)
        c->tlb.rr[r] = real_rr(xsi_get(h, XSI_RRS + 8 * r));
    c->cr[CR_PTA] = 0;
    /* with hv_attach's on_tlb_miss; system mode only (tlb_inline.h,
     * tlb_data_miss_hooked, does not test it) */
    h->m->on_data_miss = h->m->system_mode ? data_miss : NULL;
    h->metaphysical = 0;
    map_xsi(h);
    mem_tlb_flush(h->m);
}

void hv_update_metaphysical(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    const uint64_t all = PSR_DT | PSR_IT | PSR_RT;
    int mp = (h->vbits & all) != all;
    xsi_set4(h, XSI_METAPHYS, (uint32_t)mp);
    if (mp == h->metaphysical)
        return;
    h->metaphysical = mp;
    /* (the walker's memo stays: it holds for the real region id it names,
     * which the lookup compares, and metaphysical mode changes only real
     * rr0 and rr4, vhpt_page_memo) */
    h->vhpt_tc = NULL;
    soft_walk_forget(&c->tlb);
    for (unsigned r = 0; r < 8; r += 4)
        c->tlb.rr[r] = mp ? (uint64_t)HV_MP_RID << 8 | MP_PS << 2 : real_rr(xsi_get(h, XSI_RRS + 8 * r));
    mem_tlb_flush_regions(h->m, 1u << 0 | 1u << 4);
}

int hv_set_rr(struct hv *h, uint64_t va, uint64_t v)
{
    struct cpu *c = &h->m->cpu;
    unsigned r = (unsigned)(va >> 61);
    if ((v & 2) || (v >> 32) || !tlb_page_size_ok(RR_PS(v)))
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    if (RR_RID(v) == HV_MP_RID)
        return cpu_unimplemented(c, "hypervisor: region id 0xffffff is the metaphysical one (docs/hv.md)");
    xsi_set(h, XSI_RRS + 8 * r, v);
    if (!(h->metaphysical && (r == 0 || r == 4)))
        c->tlb.rr[r] = real_rr(v);
    vhpt_tc_forget(h);
    if (r == 7)
        map_xsi(h);
    mem_tlb_flush_regions(h->m, 1u << r);
    return OP_NEXT;
}

uint64_t hv_thash(struct hv *h, uint64_t va)
{
    return tlb_thash_of(va, vrr(h, va), vcr_get(h, CR_PTA));
}

uint64_t hv_ttag(struct hv *h, uint64_t va)
{
    return tlb_ttag_of(va, vrr(h, va));
}

/* ------------------------------------------------------------- inserts */
/* A guest pte as the real TLB takes it: ppn through the p2m, pl 0-1 -> 2.
 * 0, or 1 when the page is beyond the p2m. */
static int machine_pte(uint64_t pte, uint64_t *out)
{
    if (!(pte & PTE_P)) {
        *out = pte;
        return 0;
    }
    int ok;
    uint64_t ppn = hv_p2m(pte & PTE_PPN_MASK, &ok);
    if (!ok)
        return 1;
    pte = (pte & ~PTE_PPN_MASK) | ppn;
    if (PTE_PL(pte) < 2)
        pte = (pte & ~(3ull << 7)) | 2ull << 7;
    *out = pte;
    return 0;
}

static int range_overlaps(uint64_t va_a, unsigned ps_a, uint64_t va_b, unsigned ps_b)
{
    unsigned s = ps_a > ps_b ? ps_a : ps_b;
    return ((VA61(va_a) ^ VA61(va_b)) >> s) == 0;
}

static int entry_overlaps(const struct tlb_entry *e, uint32_t rid, uint64_t va, unsigned ps)
{
    return e->valid && e->rid == rid && range_overlaps(e->va, e->ps, va, ps);
}

/* The guest's TRs of SIDE changed: vtr_lookup's summary of them. */
static void vtr_changed(struct hv *h, int side)
{
    vhpt_tc_forget(h);
    h->vtr_valid[side] = 0;
    h->vtr_rids[side] = 0;
    for (unsigned i = 0; i < TLB_NTR; i++)
        if (h->vtr[side][i].valid) {
            h->vtr_valid[side] |= (uint8_t)(1u << i);
            h->vtr_rids[side] |= 1ull << (h->vtr[side][i].rid & 63);
        }
}

/* The real TC entries of SIDE that overlap the range go. */
static void purge_tc(struct hv *h, int side, uint32_t rid, uint64_t va, unsigned ps)
{
    struct cpu *c = &h->m->cpu;
    for (int i = 0; i < TLB_NTC; i++)
        if (entry_overlaps(&c->tlb.tc[side][i], rid, va, ps))
            tlb_tc_drop(&c->tlb, side, (unsigned)i);
    tlb_side_changed(c, side);
}

/* The checks of an insertion (SDM vol. 2, 4.1.1.5), and what the
 * hypervisor cannot give: the XSI page's range, a page beyond the p2m.
 * NOW: a failure is -1, nothing raised (hv_itc_now). */
INLINE int insert_checks_now(struct hv *h, uint64_t ifa, uint64_t itir, uint64_t pte, uint64_t *mpte, int now)
{
    struct cpu *c = &h->m->cpu;
    unsigned ps = (unsigned)(itir >> 2) & 0x3f, ma = PTE_MA(pte);
    if (tlb_unimplemented_va(ifa))
        return now ? -1 : cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, ifa);
    if ((itir & 3) || (itir >> 32) || !tlb_page_size_ok(ps) ||
        ((pte & PTE_P) && ((pte & 2) || (pte & (3ull << 50)) || (ma >= 1 && ma <= 3))))
        return now ? -1 : cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    if ((ifa >> 61) == 7 && RR_RID(vrr(h, ifa)) == RR_RID(c->tlb.rr[7]) &&
        range_overlaps(ifa, ps, XSI_MAPPED, GUEST_PAGE_SHIFT))
        return now ? -1 : cpu_unimplemented(c, "hypervisor: a guest translation overlapping the XSI page");
    if (machine_pte(pte, mpte))
        return now ? -1 : cpu_unimplemented(c, "hypervisor: a guest-physical page beyond the p2m (48 bits)");
    return OP_NEXT;
}

static int insert_checks(struct hv *h, uint64_t ifa, uint64_t itir, uint64_t pte, uint64_t *mpte)
{
    return insert_checks_now(h, ifa, itir, pte, mpte, 0);
}

/* After the guest's itc.d inserted E (no guest TR overlaps it: itc
 * checks; the real TC entries it overlaps went), the walker's memo
 * (vhpt_page_slow's), forgotten with the entry it named, names E again
 * when E translates its granule (walk_memo.last) as guest_data_ma would
 * find it there: no guest TR in E's region id translates it, nor the
 * XSI's TR (the only real one); E present, its page there (no allocation here: else
 * the memo stays forgotten).  The memo holds for the real region id E's,
 * the guest's: vhpt_page_memo compares it with the real rr of a walk's
 * IHA (metaphysical mode's rr0 and rr4 have another).  Linux's
 * vhpt_miss inserts the VHPT page's entry, displaced from the cache,
 * again this way: the next walk then finds the memo (as native's op_itc,
 * tlb_walk_memo_again). */
static void walk_memo_again(struct hv *h, const struct tlb_entry *e)
{
    struct tlb *t = &h->m->cpu.tlb;
    struct tlb_walk_memo *w = &t->walk_memo;
    uint64_t g = w->last << GRANULE_SHIFT;
    if (w->n || ((g ^ e->va) >> e->ps) || !(e->pte & PTE_P) || tlb_unimplemented_va(g) ||
        translates(&t->tr[TLB_D][HV_XSI_DTR], e->rid, g) || vtr_lookup_rid(h, TLB_D, g, e->rid))
        return;
    uint64_t ma = tlb_entry_pa(e, g) & GUEST_PAGE_MASK;
    const uint8_t *page = mem_page(&h->m->mem, ma, 0);
    if (!page)
        return;
    *w = (struct tlb_walk_memo){ .granule = w->last, .page = ma, .host = page, .last = w->last, .rid = e->rid,
                                 .n = (uint16_t)(TLB_NTR + (unsigned)(e - t->tc[TLB_D]) + 1) };
}

/* ITC.D/I of PTE at the XSI's ifa and itir; NOW: -1 with nothing changed
 * where it would fault (or fail loudly) */
INLINE int itc(struct hv *h, int side, uint64_t pte, int now)
{
    struct cpu *c = &h->m->cpu;
    uint64_t ifa = vcr_get(h, CR_IFA), itir = vcr_get(h, CR_ITIR), mpte = 0;
    int r = insert_checks_now(h, ifa, itir, pte, &mpte, now);
    if (r != OP_NEXT)
        return r;
    unsigned ps = (unsigned)(itir >> 2) & 0x3f;
    uint32_t rid = RR_RID(vrr(h, ifa));
    if ((h->vtr_rids[side] >> (rid & 63)) & 1)     /* (else no guest TR has RID) */
        for (int i = 0; i < TLB_NTR; i++)
            if (entry_overlaps(&h->vtr[side][i], rid, ifa, ps))
                return now ? -1 : cpu_unimplemented(c, "machine check: itc overlapping a translation register");
    struct tlb_entry *e = tlb_tc_insert(c, side, ifa, ps, rid, (uint32_t)(itir >> 8) & 0xffffff, mpte);
    if (side == TLB_D)
        walk_memo_again(h, e);
    return OP_NEXT;
}

int hv_itc(struct hv *h, int side, uint64_t pte)
{
    return itc(h, side, pte, 0);
}

int hv_itc_now(struct hv *h, int side, uint64_t pte)
{
    return itc(h, side, pte, 1);
}

int hv_itr(struct hv *h, int side, uint64_t slot, uint64_t pte)
{
    struct cpu *c = &h->m->cpu;
    uint64_t ifa = vcr_get(h, CR_IFA), itir = vcr_get(h, CR_ITIR), mpte;
    if (slot >= TLB_NTR)
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    int r = insert_checks(h, ifa, itir, pte, &mpte);
    if (r != OP_NEXT)
        return r;
    unsigned ps = (unsigned)(itir >> 2) & 0x3f;
    uint32_t rid = RR_RID(vrr(h, ifa));
    for (unsigned i = 0; i < TLB_NTR; i++)
        if (i != slot && entry_overlaps(&h->vtr[side][i], rid, ifa, ps))
            return cpu_unimplemented(c, "machine check: itr overlapping a translation register");
    struct tlb_entry *e = &h->vtr[side][slot];
    if (e->valid)
        purge_tc(h, side, e->rid, e->va, e->ps);   /* what the old one gave */
    purge_tc(h, side, rid, ifa, ps);               /* itr purges overlapping TC entries */
    e->va = VA61(ifa) & ~((1ull << ps) - 1);
    e->ps = (uint8_t)ps;
    e->rid = rid;
    e->key = (uint32_t)(itir >> 8) & 0xffffff;
    e->pte = pte;
    e->valid = 1;
    vtr_changed(h, side);
    return OP_NEXT;
}

/* ptc.l/g/ga (TR_SIDE < 0): both real TCs; a range over a guest TR is a
 * machine check, as natively.  ptr.i/d (TR_SIDE): that side's guest TRs
 * and real TC. */
int hv_ptc(struct hv *h, uint64_t va, unsigned ps, int tr_side)
{
    struct cpu *c = &h->m->cpu;
    if (!tlb_page_size_ok(ps))
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    if (tlb_unimplemented_va(va))
        return cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, va);
    uint32_t rid = RR_RID(vrr(h, va));
    if (tr_side < 0) {
        for (int side = 0; side < 2; side++)
            for (int i = 0; i < TLB_NTR; i++)
                if (entry_overlaps(&h->vtr[side][i], rid, va, ps))
                    return cpu_unimplemented(c, "machine check: ptc overlapping a translation register");
        purge_tc(h, TLB_I, rid, va, ps);
        purge_tc(h, TLB_D, rid, va, ps);
        return OP_NEXT;
    }
    for (int i = 0; i < TLB_NTR; i++)
        if (entry_overlaps(&h->vtr[tr_side][i], rid, va, ps))
            h->vtr[tr_side][i].valid = 0;
    vtr_changed(h, tr_side);
    purge_tc(h, tr_side, rid, va, ps);
    return OP_NEXT;
}

void hv_ptc_e(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < TLB_NTC; i++)
            tlb_tc_drop(&c->tlb, side, (unsigned)i);
    mem_tlb_flush(h->m);
}

/* ------------------------------------------------------------- misses */
/* VA in region id RID */
static __attribute__((noinline)) struct tlb_entry *vtr_scan(struct hv *h, int side, uint64_t va, uint32_t rid)
{
    for (unsigned m = h->vtr_valid[side]; m; m &= m - 1) {
        struct tlb_entry *e = &h->vtr[side][__builtin_ctz(m)];
        if (e->rid == rid && ((VA61(va) ^ e->va) >> e->ps) == 0)
            return e;
    }
    return NULL;
}

static inline struct tlb_entry *vtr_lookup_rid(struct hv *h, int side, uint64_t va, uint32_t rid)
{
    if (!((h->vtr_rids[side] >> (rid & 63)) & 1))
        return NULL;            /* the usual case: no guest TR in that region id */
    return vtr_scan(h, side, va, rid);
}

static struct tlb_entry *vtr_lookup(struct hv *h, int side, uint64_t va)
{
    return vtr_lookup_rid(h, side, va, RR_RID(vrr(h, va)));
}

/* The machine address of guest virtual VA through the guest's data
 * translations (its TRs, then the real TC, which holds its TC entries
 * translated): 0 with *MA and *TC, the real TC entry used (NULL: a guest
 * TR), or 1. */
static int guest_data_ma(struct hv *h, uint64_t va, uint64_t *ma, const struct tlb_entry **tc)
{
    struct tlb_entry *e = vtr_lookup(h, TLB_D, va);
    if (e) {
        int ok;
        if (!(e->pte & PTE_P))
            return 1;
        *ma = hv_p2m(tlb_entry_pa(e, va), &ok);
        *tc = NULL;
        return !ok;
    }
    struct cpu *c = &h->m->cpu;
    const struct tlb_entry *t = h->vhpt_tc, *xsi = &c->tlb.tr[TLB_D][HV_XSI_DTR];
    uint32_t rid = RR_RID(c->tlb.rr[va >> 61]);
    if (!t || !translates(t, rid, va) || translates(xsi, rid, va)) {
        /* (the miss remembered stays the reference's own, still true: the
         * guest's VHPT Translation handler inserts the reference's page
         * first, tlb_tc_insert's missed path; as tlb.c's vhpt_pa) */
        struct tlb_miss va_miss = c->tlb.miss[TLB_D];
        t = tlb_lookup(c, TLB_D, va);
        if (!t || t == xsi) {
            if (!t)
                c->tlb.miss[TLB_D] = va_miss;
            return 1;
        }
        if (t >= c->tlb.tc[TLB_D] && t < c->tlb.tc[TLB_D] + TLB_NTC)
            h->vhpt_tc = t;
    }
    if (!(t->pte & PTE_P))
        return 1;
    *ma = tlb_entry_pa(t, va);
    *tc = t;
    return 0;
}

/* The host page of the guest's VHPT entry at IHA (guest_data_ma; pages
 * are 4 KiB or larger, so the granule decides), remembered: 0 with *PAGE
 * (NULL: absent memory, the cap reached), or 1 when the guest's data
 * translations have none.  RID: the real region id of IHA.
 *
 * The memo is the machine walker's (tlb.h, struct tlb_walk_memo; that
 * walker is off under the hypervisor): the real TC entry used, which the
 * TLB forgets it with, or VTR_USED for a guest TR (vtr_changed forgets
 * it), and the host page.  A walk's IHA is never in metaphysical mode's
 * regions (tlb_miss, region_memo_fill), so VA{60:0} and the real region id
 * decide the translation as they do natively. */
#define VTR_USED (TLB_NENT + 1)
static __attribute__((noinline)) int vhpt_page_slow(struct hv *h, uint64_t iha, uint32_t rid, const uint8_t **page)
{
    struct tlb *tlb = &h->m->cpu.tlb;
    const struct tlb_entry *t;
    uint64_t ma;
    if (guest_data_ma(h, iha, &ma, &t))
        return 1;
    /* absent memory is allocated, as mem_copy_out does, and reads as zero */
    *page = mem_page(&h->m->mem, ma, 1);
    if (*page)
        tlb->walk_memo = (struct tlb_walk_memo){
            .granule = VA61(iha) >> GRANULE_SHIFT, .page = ma & GUEST_PAGE_MASK, .host = *page, .rid = rid,
            .n = (uint16_t)(t ? TLB_NTR + (unsigned)(t - tlb->tc[TLB_D]) + 1 : VTR_USED) };
    return 0;
}

/* vhpt_page's remembered page for IHA in real region id RID, or NULL
 * (the memo holds while the guest's TRs and region registers, the real
 * ones, and the real TC entry used stay as they were) */
static inline const uint8_t *vhpt_page_memo(const struct hv *h, uint64_t iha, uint32_t rid)
{
    const struct tlb_walk_memo *w = &h->m->cpu.tlb.walk_memo;
    if (w->granule == VA61(iha) >> GRANULE_SHIFT && w->rid == rid)   /* (forgotten: WALK_MEMO_NONE) */
        return w->host;         /* (NULL: forgotten by mem_unmap or mem_free) */
    return NULL;
}

static inline int vhpt_page(struct hv *h, uint64_t iha, const uint8_t **page)
{
    uint32_t rid = RR_RID(h->m->cpu.tlb.rr[iha >> 61]);
    if ((*page = vhpt_page_memo(h, iha, rid)))
        return 0;
    return vhpt_page_slow(h, iha, rid, page);
}


int hv_tpa(struct hv *h, uint64_t va, uint64_t *gpa, uint64_t *key)
{
    struct tlb_entry *e = vtr_lookup(h, TLB_D, va);
    if (!e)
        e = tlb_lookup(&h->m->cpu, TLB_D, va);
    if (!e || !(e->pte & PTE_P) || e == &h->m->cpu.tlb.tr[TLB_D][HV_XSI_DTR])
        return 1;
    *gpa = tlb_entry_pa(e, va);        /* the p2m is the identity */
    *key = e->key;
    return 0;
}

int hv_guest_pa(struct hv *h, uint64_t va, uint64_t *gpa)
{
    uint64_t key;
    if (!(h->vbits & PSR_DT)) {
        *gpa = va & ~(1ull << 63);      /* metaphysical: the p2m is the identity */
        return 0;
    }
    return hv_tpa(h, va, gpa, &key) ? -1 : 0;
}

/* Reflect the miss of VA as vector V: IFA, ITIR from the guest's rr, and
 * IHA for the vectors that have it. */
static int reflect_miss(struct hv *h, const struct interruption *real, enum ivec v, uint64_t va, int iha)
{
    uint64_t rr = vrr(h, va);
    struct interruption in = *real;
    in.vector = v;
    in.ifa = va;
    in.itir = (uint64_t)RR_PS(rr) << 2 | (uint64_t)RR_RID(rr) << 8;
    in.valid |= INTR_IFA | INTR_ITIR;
    in.valid &= ~INTR_IHA;
    if (iha) {
        in.iha = hv_thash(h, va);
        in.valid |= INTR_IHA;
    }
    return hv_reflect(h, &in);
}

/* The miss REAL satisfied: VA's translation in the real TC.  The
 * reference is made again, so a data reference's slot, which the run
 * loop counted, did not retire (a fetch's was never counted, nor a
 * trap's, whose instruction completed). */
INLINE int install(struct hv *h, const struct interruption *real, int now, int side, uint64_t va, unsigned ps,
                   uint32_t rid, uint32_t key, uint64_t mpte)
{
    struct cpu *c = &h->m->cpu;
    /* NOW: the last lookup of the data side, check()'s, found nothing for
     * VA in VA's real region id */
    if (now && rid == RR_RID(c->tlb.rr[va >> 61]))
        h->installed = tlb_tc_insert_missed(c, side, va, ps, rid, key, mpte);
    else
        h->installed = tlb_tc_insert(c, side, va, ps, rid, key, mpte);
    if (!now && !(real->valid & (INTR_FETCH | INTR_TRAP)))
        c->insns--;
    /* a trap's instruction completed: a br.ret or rfi whose mandatory fill
     * missed left its frame incomplete; natively the guest's handler
     * would return with rfi, which completes it (rse.c): here the fills
     * are made now, and their own next fault is a new entry */
    if (!now && (real->valid & INTR_TRAP) && (int)c->rse.ndirty < 0 && rse_complete_frame(c)) {
        rse_fault_after(c);
        return h->m->on_interruption(h->m);
    }
    return 1;
}

/* Where the miss of REAL cannot be satisfied: reflected as vector V (IHA
 * when IHA), or, serviced NOW (hv_tlb_miss_now), 0 with nothing changed */
#define UNSATISFIED(v, iha) (now ? 0 : reflect_miss(h, real, (v), va, (iha)))

/* The guest's VHPT (PTA), walked for VA (SDM vol. 2, 4.1.5).  RR: the
 * guest's region register of VA. */
INLINE int walk(struct hv *h, const struct interruption *real, int now, int side, uint64_t va, uint64_t rr,
                uint64_t pta)
{
    struct cpu *c = &h->m->cpu;
    uint64_t iha = vhpt_shape_thash(&h->vhpt, va, rr, pta), mpte;
    const uint8_t *page;
    if (tlb_unimplemented_va(iha) || vhpt_page(h, iha, &page)) {
        h->n.vhpt_walks += !now;
        return UNSATISFIED(IVEC_VHPT_TRANSLATION, 1);
    }
    /* the entry (8 or 32 bytes, aligned) is inside one page (the machine
     * address has IHA's low 12 bits); absent memory reads as zero */
    uint64_t pte = 0, itir = 0, tag = 0;
    if (page) {
        const uint8_t *e = page + (iha & ~GUEST_PAGE_MASK & ~(uint64_t)(PTA_VF(pta) ? 31 : 7));
        memcpy(&pte, e, 8);
        if (PTA_VF(pta)) {
            memcpy(&itir, e + 8, 8);
            memcpy(&tag, e + 16, 8);
        }
    }
    unsigned ps = RR_PS(rr);
    uint32_t key = RR_RID(rr);
    int ok = 1;
    if (PTA_VF(pta)) {
        ok = tag == tlb_ttag_of(va, rr);
        ps = (unsigned)(itir >> 2) & 0x3f;
        key = (uint32_t)(itir >> 8) & 0xffffff;
    }
    if (!ok || !(pte & PTE_P) || !tlb_page_size_ok(ps)) {
        h->n.vhpt_walks += !now;
        return UNSATISFIED(side == TLB_I ? IVEC_INSTRUCTION_TLB : IVEC_DATA_TLB, 1);
    }
    if (machine_pte(pte, &mpte)) {
        if (now)
            return 0;
        h->n.vhpt_walks++;
        h->n.vhpt_inserts++;
        return cpu_unimplemented(c, "hypervisor: a guest-physical page beyond the p2m (48 bits)"), 0;
    }
    h->n.vhpt_walks++;
    h->n.vhpt_inserts++;
    return install(h, real, now, side, va, ps, RR_RID(rr), key, mpte);
}

/* metaphysical mode's entry for VA on machine page MPAGE: present,
 * accessed and dirty, RWX at PL2, uncacheable (ma 4) for VA{63} set */
static inline uint64_t metaphysical_pte(uint64_t va, uint64_t mpage)
{
    return mpage | PTE_P | (uint64_t)((va >> 63) ? 4 : 0) << 2 | PTE_A | PTE_D | 2ull << 7 | 3ull << 9;
}

/* A physical reference of the guest (its dt, it or rt off): bit 63 is
 * the uncacheable attribute; bits 62:50 unimplemented (tlb.c's physical
 * mode). */
static __attribute__((noinline)) int miss_physical(struct hv *h, const struct interruption *real, int now,
                                                   int side, uint64_t va)
{
    struct cpu *c = &h->m->cpu;
    uint64_t gpa = va & ~(1ull << 63);
    int ok;
    if (gpa >> (IMPL_PA_MSB + 1)) {
        if (now)
            return 0;
        uint64_t kept = c->intr.valid & (INTR_FETCH | INTR_TRAP);
        cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, va);
        c->intr.valid |= kept;
        return hv_reflect_current(h);
    }
    uint64_t page = gpa & ~((1ull << MP_PS) - 1), mpage = hv_p2m(page, &ok);
    if (!ok)
        return now ? 0 : (cpu_unimplemented(c, "hypervisor: a guest-physical address beyond the p2m (48 bits)"), 0);
    h->n.miss_metaphysical++;
    return install(h, real, now, side, va, MP_PS, HV_MP_RID, 0, metaphysical_pte(va, mpage));
}

/* An Alternate ITLB/DTLB miss REAL: satisfied from the guest's
 * translation registers, its VHPT or its metaphysical mode, else
 * reflected (or the run ends at what ia64emu does not model).  NOW: only
 * the satisfied case, 1, else 0 and nothing changed. */
INLINE int tlb_miss(struct hv *h, const struct interruption *real, int now, enum ivec vector, uint64_t va,
                    uint64_t isr)
{
    struct cpu *c = &h->m->cpu;
    uint64_t bit, mpte;
    int side;
    if (vector == IVEC_ALT_INSTRUCTION_TLB) {
        side = TLB_I;
        bit = PSR_IT;
    } else {
        side = TLB_D;
        bit = (isr & ISR_RS) ? PSR_RT : PSR_DT;
    }
    if (__builtin_expect(!(h->vbits & bit), 0))
        return miss_physical(h, real, now, side, va);
    unsigned region = (unsigned)(va >> 61);
    if (h->metaphysical && (region == 0 || region == 4))
        return now ? 0 : (cpu_unimplemented(c, "hypervisor: a translated reference to region 0 or 4 in metaphysical mode"), 0);
    uint64_t rr = vrr(h, va), pta = vcr_get(h, CR_PTA);
    struct tlb_entry *e = vtr_lookup_rid(h, side, va, RR_RID(rr));
    if (e) {
        if (machine_pte(e->pte, &mpte)) {
            if (now)
                return 0;
            h->n.miss_vtr++;
            return cpu_unimplemented(c, "hypervisor: a guest-physical page beyond the p2m (48 bits)"), 0;
        }
        h->n.miss_vtr++;
        return install(h, real, now, side, va, e->ps, RR_RID(rr), e->key, mpte);
    }
    if (RR_VE(rr) && PTA_VE(pta))
        return walk(h, real, now, side, va, rr, pta);
    return UNSATISFIED(vector, 0);
}

int hv_tlb_miss(struct hv *h)
{
    const struct interruption *real = &h->m->cpu.intr;     /* as it came, until a cpu_raise */
    return tlb_miss(h, real, 0, real->vector, real->ifa, real->isr);
}

/* An Alternate Data TLB miss serviced where the reference is made
 * (machine.on_tlb_miss) when the hypervisor satisfies it: the insert and
 * counts of hv_dispatch's path, without the fault's run end (the
 * translated code goes on).  Not while a trace records (hv_dispatch makes
 * its entry and exit events).  take()'s count of interruptions without a
 * retired instruction does not see these entries: the reference is
 * satisfied at once, so they cannot repeat without progress.  (REAL:
 * NULL, which the NOW paths never read.) */
struct tlb_entry *hv_miss_now(struct machine *m, uint64_t va, uint64_t isr)
{
    struct hv *h = m->hv;
    if (m->trace || !tlb_miss(h, NULL, 1, IVEC_ALT_DATA_TLB, va, isr))
        return NULL;
    h->n.entries++;
    return h->installed;
}

/* data_miss's memo of REGION (tlb.soft_walk, which tlb_inline.h's
 * soft_walk_miss uses too), made from the XSI's rr and PTA and the real
 * rr as they are, or NULL when its straight case does not hold there
 * (what tlb_miss() and walk() decide from those, and guest TRs and
 * metaphysical mode, whose changes forget the memo): the guest's dt on
 * (hv_set_vpsr forgets the memos when it goes off: they never hold for a
 * physical reference), outside metaphysical mode's regions, no guest TR
 * in the region id, the guest's walker on (short format), the region's
 * real region id the guest's, a page size the TLB takes. */
static __attribute__((noinline)) const struct tlb_soft_walk *region_memo_fill(struct hv *h, unsigned region)
{
    uint64_t rr = xsi_get(h, XSI_RRS + 8 * region), pta = vcr_get(h, CR_PTA), real = h->m->cpu.tlb.rr[region];
    uint32_t rid = RR_RID(rr);
    if (!(h->vbits & PSR_DT) || (h->metaphysical && (region == 0 || region == 4)) ||
        ((h->vtr_rids[TLB_D] >> (rid & 63)) & 1) ||
        !(RR_VE(rr) & PTA_VE(pta)) || PTA_VF(pta) || real != real_rr(rr) || !tlb_page_size_ok(RR_PS(rr)))
        return NULL;
    /* (VHPT_Addr, short format: tlb_thash_of's pieces) */
    unsigned size = PTA_SIZE(pta);
    uint64_t mask = size >= 61 ? (1ull << 61) - 1 : (1ull << size) - 1;
    /* (machine_pte as data: the p2m the identity below HV_GPA_BITS, pl 2
     * at least) */
    struct tlb_soft_walk *s = &h->m->cpu.tlb.soft_walk[region];
    *s = (struct tlb_soft_walk){ .real_rr = real, .rr = rr, .pta = pta,
                                 .iha_base = (uint64_t)region << 61 | (VA61(pta) & ~0x7fffull & ~mask),
                                 .iha_mask = mask & tlb_hpn(~0ull, RR_PS(rr)) << 3,
                                 .p_beyond = PTE_P | (PTE_PPN_MASK & ~((1ull << HV_GPA_BITS) - 1)),
                                 .guest_rr = xsi_at(h, XSI_RRS + 8 * region),
                                 .guest_pta = xsi_at(h, XSI_VCR + 8 * CR_PTA),
                                 .rid = rid, .ps = (uint8_t)RR_PS(rr), .pl_min = 2 };
    return s;
}

/* data_miss's physical reference (the guest's dt off): miss_physical's
 * insert and counts, when VA's real region id is metaphysical mode's
 * (region 0 or 4: install's insert after check()'s miss, the one
 * tlb_tc_insert_straight makes).  1: its soft-TLB fill is logged, so that
 * leaving metaphysical mode (mem_tlb_flush_regions) clears just the
 * physical references' fills instead of scanning the level's sets. */
INLINE int straight_physical(struct machine *m, uint64_t va, unsigned acc, unsigned pl, struct tlb_ref *ref,
                             unsigned hash)
{
    struct hv *h = m->hv;
    uint64_t gpa = va & ~(1ull << 63);
    int ok;
    if (gpa >> (IMPL_PA_MSB + 1) || m->cpu.tlb.rr[va >> 61] != ((uint64_t)HV_MP_RID << 8 | MP_PS << 2))
        return -1;
    uint64_t mpage = hv_p2m(gpa & ~((1ull << MP_PS) - 1), &ok);
    if (!ok)
        return -1;
    /* (a miss remembered in another region id stays true: the new entry
     * translates nothing there; the guest's VHPT Translation handler
     * reads its page table physically before its itc.d, guest_data_ma) */
    struct tlb_miss va_miss = m->cpu.tlb.miss[TLB_D];
    if (!tlb_tc_insert_straight(&m->cpu, va, MP_PS, HV_MP_RID, 0, metaphysical_pte(va, mpage), acc, pl, ref,
                                hash))
        return -1;
    if (va_miss.rid != HV_MP_RID)
        m->cpu.tlb.miss[TLB_D] = va_miss;
    h->n.miss_metaphysical++;
    h->n.entries++;
    return 1;
}

/* machine.on_data_miss: hv_miss_now's common case for a data reference
 * ACC at PL, and check()'s rights after it, straight, where tlb_inline.h's
 * soft_walk_miss (its common case inline, the same computation) did not
 * decide: the guest's data translation on, VA's region memo
 * (region_memo_fill) holding or made again, the guest's VHPT page
 * remembered (vhpt_page_memo) or found, the entry present and in the
 * p2m, and an insert tlb_tc_insert_straight makes; or a physical
 * reference (straight_physical).  The same computation as tlb_miss() and
 * walk() make then; first what decides, changing nothing but memos (and
 * what walk's vhpt_page makes, which the general path after a -1 finds
 * made), then the insert and the counts.  0 (1: straight_physical's), or
 * -1 for the general path. */
static int data_miss(struct machine *m, uint64_t va, unsigned acc, unsigned pl, struct tlb_ref *ref,
                     unsigned hash)
{
    struct hv *h = m->hv;
    unsigned region = (unsigned)(va >> 61);
    const struct tlb_soft_walk *s = &m->cpu.tlb.soft_walk[region];
    if (m->trace)
        return -1;
    if (!(h->vbits & PSR_DT))
        return straight_physical(m, va, acc, pl, ref, hash);
    if (vrr(h, va) != s->rr || vcr_get(h, CR_PTA) != s->pta || m->cpu.tlb.rr[region] != s->real_rr) {
        if (!(s = region_memo_fill(h, region)))
            return -1;
    }
    /* (install's insert after check()'s miss: VA's real region id is
     * RID.  Short format: IHA is in VA's region, whose real region id is
     * RID.  The memo holds only an implemented IHA's page (walk checks
     * first) and its granule has the bits that decide: a hit is
     * implemented.) */
    uint64_t iha = SOFT_WALK_IHA(s, va);
    const uint8_t *page = vhpt_page_memo(h, iha, s->rid);
    /* walk's vhpt_page, after its check of IHA, when the memo was
     * forgotten */
    if (!page && (tlb_unimplemented_va(iha) || vhpt_page_slow(h, iha, s->rid, &page) || !page))
        return -1;
    /* the memos made: the walk, the insert and the counts are
     * soft_walk_miss's (hv_print_stats adds its inserts to ours) */
    return soft_walk_miss(&m->cpu, va, m->cpu.tlb.rr[region], acc, pl, ref, hash) ? -1 : 0;
}
