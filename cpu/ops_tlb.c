/* The translation instructions (SDM rev. 2.3 vol. 3): the region and
 * protection key register files of the M42/M43 moves (bound in
 * ops_sys.c), itc, itr, ptc, ptr, probe,
 * thash, ttag, tpa and tak.  The TLB itself is tlb.c. */
#include <string.h>

#include "ops.h"
#include "trace.h"

static inline int privileged(struct cpu *c)
{
    return psr_cpl(c->psr) != 0;
}

static inline int priv_fault(struct cpu *c)
{
    return cpu_raise(c, FAULT_PRIVILEGED_OPERATION, 0);
}

static inline int reserved_fault(struct cpu *c)
{
    return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
}

/* The checks the privileged translation instructions open with, in the
 * SDM's order: an Illegal Operation when ILLEGAL (r1 = 0, or PSR.ic = 1
 * for the insertions), a Privileged Operation fault above PL0, then NaT
 * Consumption for a NaT in GR[ra] or GR[rb] (rb = 0 where there is one
 * source).  OP_NEXT when all pass. */
static int priv_checks(struct cpu *c, int illegal, unsigned ra, unsigned rb)
{
    if (illegal)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (privileged(c))
        return priv_fault(c);
    if (gr_nat(c, ra) || (rb && gr_nat(c, rb)))
        return nat_consumption(c);
    return OP_NEXT;
}

/* A translation changed: the soft TLBs and, if they held fetches, the
 * predecoded bundles go. */
static inline int changed(struct cpu *c)
{
    mem_tlb_flush(c->m);
    return OP_NEXT;
}

/* ------------------------------------------------- rr and pkr (M42, M43) */
/* The rr and pkr files of ops_sys.c's mov ind handlers, after their
 * privilege and NaT checks.
 * rr: ve (0), ps (7:2), rid (31:8); bit 1 and 63:32 reserved (SDM vol. 2,
 * 4.1.2).  An unsupported preferred page size is a reserved field. */
int tlb_mov_to_rr(struct cpu *c, uint64_t r3, uint64_t v)
{
    if ((v & 2) || (v >> 32) || !tlb_page_size_ok(RR_PS(v)))
        return reserved_fault(c);
    if (c->tlb.rr[r3 >> 61] == v)
        return OP_NEXT;
    c->tlb.rr[r3 >> 61] = v;
    mem_tlb_flush_regions(c->m, 1u << (r3 >> 61));   /* only that region translates anew */
    return OP_NEXT;
}

/* pkr: v (0), wd (1), rd (2), xd (3), key (31:8); 7:4 and 63:32 reserved
 * (SDM vol. 2, 4.1.3).  A valid key is held by one register only: writing
 * it invalidates any other register holding it. */
int tlb_mov_to_pkr(struct cpu *c, uint64_t r3, uint64_t v)
{
    unsigned i = (unsigned)(r3 & 0xff);
    if (i >= TLB_NPKR || (v & 0xf0) || (v >> 32))
        return reserved_fault(c);
    if (v & 1)
        for (unsigned j = 0; j < TLB_NPKR; j++)
            if (j != i && (c->tlb.pkr[j] & 1) && ((c->tlb.pkr[j] ^ v) & 0xffffff00) == 0)
                c->tlb.pkr[j] &= ~1ull;
    c->tlb.pkr[i] = v;
    return changed(c);
}

/* mov r1 = rr[r3] / pkr[r3] (M43): 0 with *V, or OP_STOP (an
 * unimplemented pkr is a reserved register). */
int tlb_mov_from_rr(struct cpu *c, uint64_t r3, uint64_t *v)
{
    *v = c->tlb.rr[r3 >> 61];
    return 0;
}

int tlb_mov_from_pkr(struct cpu *c, uint64_t r3, uint64_t *v)
{
    if ((r3 & 0xff) >= TLB_NPKR)
        return reserved_fault(c);
    *v = c->tlb.pkr[r3 & 0xff];
    return 0;
}

/* ------------------------------------------------------ insertion */
/* Reserved fields of an insertion (SDM vol. 2, 4.1.1.5): with p = 1, pte
 * bit 1, 51:50, reserved memory attributes (1-3) and unimplemented
 * physical page bits; ITIR 1:0 and 63:32, and an unsupported page size. */
static int insert_reserved(uint64_t pte, uint64_t itir)
{
    if ((itir & 3) || (itir >> 32) || !tlb_page_size_ok((unsigned)(itir >> 2) & 0x3f))
        return 1;
    if (!(pte & PTE_P))
        return 0;
    unsigned ma = PTE_MA(pte);
    return (pte & 2) || (pte & (3ull << 50)) || (ma >= 1 && ma <= 3) ||
           (pte & ((1ull << 50) - 1) & ~0xfffull & ~PTE_PPN_MASK);
}

static int overlaps(const struct tlb_entry *e, uint32_t rid, uint64_t va, unsigned ps)
{
    unsigned s = e->ps > ps ? e->ps : ps;
    return e->valid && e->rid == rid && ((e->va ^ (va & ((1ull << 61) - 1))) >> s) == 0;
}

/* The checks itc and itr share: PSR.ic must be 0 (Illegal Operation),
 * PL0, no NaT, an implemented IFA, no reserved field. */
static int insert_checks(struct cpu *c, unsigned r2, unsigned r3)
{
    int r = priv_checks(c, (c->psr & PSR_IC) != 0, r2, r3);
    if (r != OP_NEXT)
        return r;
    uint64_t ifa = c->cr[CR_IFA];
    if (tlb_unimplemented_va(ifa))
        return cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, ifa);
    if (insert_reserved(gr_val(c, r2), c->cr[CR_ITIR]))
        return reserved_fault(c);
    return OP_NEXT;
}

/* itc.i / itc.d r2 (M41): into the translation cache, from IFA and ITIR.
 * Overlapping a translation register is a machine check (SDM vol. 2,
 * 4.1.1.2). */
static int op_itc(struct cpu *c, const struct pslot *s)
{
    int side = (int)s->aux, r = insert_checks(c, OPR(0), 0);
    if (r != OP_NEXT)
        return r;
    uint64_t ifa = c->cr[CR_IFA], itir = c->cr[CR_ITIR];
    unsigned ps = (unsigned)(itir >> 2) & 0x3f;
    uint32_t rid = RR_RID(c->tlb.rr[ifa >> 61]);
    for (int i = 0; i < TLB_NTR; i++)
        if (overlaps(&c->tlb.tr[side][i], rid, ifa, ps))
            return cpu_unimplemented(c, "machine check: itc overlapping a translation register");
    struct tlb_entry *e = tlb_tc_insert(c, side, ifa, ps, rid, (uint32_t)(itir >> 8) & 0xffffff, gr_val(c, OPR(0)));
    if (side == TLB_D)
        tlb_walk_memo_again(c, e, ifa);
    if (c->m->trace)
        trace_ev_tlb(c, side == TLB_I ? TLB_EV_ITC_I : TLB_EV_ITC_D, 0, ifa, itir, gr_val(c, OPR(0)));
    return OP_NEXT;   /* tlb_tc_insert flushed what a displaced entry gave */
}

/* itr.i itr[r3] = r2, itr.d dtr[r3] = r2 (M42): into translation register
 * GR[r3]{7:0}, purging the overlapping cache entries of that side;
 * overlapping another translation register is a machine check. */
static int op_itr(struct cpu *c, const struct pslot *s)
{
    int side = (int)s->aux, r = insert_checks(c, OPR(1), OPR(0));
    if (r != OP_NEXT)
        return r;
    uint64_t slot = gr_val(c, OPR(0)) & 0xff;
    if (slot >= TLB_NTR)
        return reserved_fault(c);
    uint64_t ifa = c->cr[CR_IFA], itir = c->cr[CR_ITIR];
    unsigned ps = (unsigned)(itir >> 2) & 0x3f;
    uint32_t rid = RR_RID(c->tlb.rr[ifa >> 61]);
    for (unsigned i = 0; i < TLB_NTR; i++)
        if (i != slot && overlaps(&c->tlb.tr[side][i], rid, ifa, ps))
            return cpu_unimplemented(c, "machine check: itr overlapping a translation register");
    int displaced = 0;
    for (int i = 0; i < TLB_NTC; i++)
        if (overlaps(&c->tlb.tc[side][i], rid, ifa, ps)) {
            tlb_tc_drop(&c->tlb, side, (unsigned)i);
            displaced = 1;
        }
    struct tlb_entry *e = &c->tlb.tr[side][slot];
    if (e->valid || displaced)
        tlb_side_changed(c, side);
    e->va = ifa & ((1ull << 61) - 1) & ~((1ull << ps) - 1);
    e->ps = (uint8_t)ps;
    e->rid = rid;
    e->key = (uint32_t)(itir >> 8) & 0xffffff;
    e->pte = gr_val(c, OPR(1));
    e->valid = 1;
    tlb_index_dirty(c, side);
    if (c->m->trace)
        trace_ev_tlb(c, side == TLB_I ? TLB_EV_ITR_I : TLB_EV_ITR_D, slot, ifa, itir, e->pte);
    return OP_NEXT;
}

/* ---------------------------------------------------------- purges */
/* The operands of ptc.l, ptc.g, ptc.ga, ptr (M45): address GR[r3], page
 * size GR[r2]{7:2}.  Purgeable sizes are the insertable ones. */
static int purge_operands(struct cpu *c, const struct pslot *s, uint64_t *va, unsigned *ps)
{
    int r = priv_checks(c, 0, OPR(0), OPR(1));
    if (r != OP_NEXT)
        return r;
    *va = gr_val(c, OPR(0));
    *ps = (unsigned)(gr_val(c, OPR(1)) >> 2) & 0x3f;
    if (!tlb_page_size_ok(*ps))
        return reserved_fault(c);
    if (tlb_unimplemented_va(*va))
        return cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, *va);
    return OP_NEXT;
}

/* ptc.l, ptc.g, ptc.ga (M45): purge both translation caches of the range;
 * one processor, so the global forms are the local one.  A range that
 * overlaps a translation register is a machine check. */
static int op_ptc(struct cpu *c, const struct pslot *s)
{
    uint64_t va;
    unsigned ps;
    int r = purge_operands(c, s, &va, &ps);
    if (r != OP_NEXT)
        return r;
    uint32_t rid = RR_RID(c->tlb.rr[va >> 61]);
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < TLB_NTR; i++)
            if (overlaps(&c->tlb.tr[side][i], rid, va, ps))
                return cpu_unimplemented(c, "machine check: ptc overlapping a translation register");
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < TLB_NTC; i++)
            if (overlaps(&c->tlb.tc[side][i], rid, va, ps))
                tlb_tc_drop(&c->tlb, side, (unsigned)i);
    if (c->m->trace)
        trace_ev_tlb(c, s->d->mnemonic[4] == 'l' ? TLB_EV_PTC_L : s->d->mnemonic[5] == 'a' ? TLB_EV_PTC_GA
                                                                                         : TLB_EV_PTC_G,
                     va, ps, 0, 0);
    return changed(c);
}

/* ptr.i, ptr.d (M45): purge that side's translation registers and cache
 * entries overlapping the range. */
static int op_ptr(struct cpu *c, const struct pslot *s)
{
    uint64_t va;
    unsigned ps;
    int side = (int)s->aux, r = purge_operands(c, s, &va, &ps);
    if (r != OP_NEXT)
        return r;
    uint32_t rid = RR_RID(c->tlb.rr[va >> 61]);
    for (int i = 0; i < TLB_NTR; i++)
        if (overlaps(&c->tlb.tr[side][i], rid, va, ps))
            tlb_tr_drop(&c->tlb, side, (unsigned)i);
    for (int i = 0; i < TLB_NTC; i++)
        if (overlaps(&c->tlb.tc[side][i], rid, va, ps))
            tlb_tc_drop(&c->tlb, side, (unsigned)i);
    tlb_side_changed(c, side);
    if (c->m->trace)
        trace_ev_tlb(c, side == TLB_I ? TLB_EV_PTR_I : TLB_EV_PTR_D, va, ps, 0, 0);
    return OP_NEXT;
}

/* ptc.e r3 (M47): the whole of both translation caches at once (so
 * PAL_PTCE_INFO's loop is one iteration: counts 1, 1, strides 0). */
static int op_ptc_e(struct cpu *c, const struct pslot *s)
{
    int r = priv_checks(c, 0, OPR(0), 0);
    if (r != OP_NEXT)
        return r;
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < TLB_NTC; i++)
            tlb_tc_drop(&c->tlb, side, (unsigned)i);
    if (c->m->trace)
        trace_ev_tlb(c, TLB_EV_PTC_E, gr_val(c, OPR(0)), 0, 0, 0);
    return changed(c);
}

/* -------------------------------------------- thash, ttag, tpa, tak (M46) */
/* thash, ttag: a NaT or unimplemented address gives a NaT result. */
static int op_thash(struct cpu *c, const struct pslot *s)
{
    if (OPR(0) == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    uint64_t va = gr_val(c, OPR(1));
    if (gr_nat(c, OPR(1)) || tlb_unimplemented_va(va))
        gr_set(c, OPR(0), 0, 1);
    else
        gr_set(c, OPR(0), s->aux ? tlb_ttag(c, va) : tlb_thash(c, va), 0);
    return OP_NEXT;
}

/* tpa r1 = r3: the physical address through the data TLB (walking the
 * VHPT on a miss), a non-access reference (ISR.na, code 0); no rights
 * are checked. */
static int op_tpa(struct cpu *c, const struct pslot *s)
{
    int r = priv_checks(c, OPR(0) == 0, OPR(1), 0);
    if (r != OP_NEXT)
        return r;
    uint64_t va = gr_val(c, OPR(1)), pa;
    struct interruption f;
    switch (tlb_check(c, TLB_D, va, 0, 0, ISR_NA | NA_TPA, 0, &pa, &f)) {
    case 0:
        gr_set(c, OPR(0), pa, 0);
        return OP_NEXT;
    case 1:
        return cpu_interrupt(c, &f);
    default:
        return cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, va);
    }
}

/* tak r1 = r3: the key of the present translation of GR[r3], or 1 when
 * there is none or the address is unimplemented.  With PSR.dt = 1 the data
 * TLB and then the VHPT are searched, with PSR.dt = 0 the data TLB only
 * (SDM vol. 3, "tak"); the search never faults. */
static int op_tak(struct cpu *c, const struct pslot *s)
{
    int r = priv_checks(c, OPR(0) == 0, OPR(1), 0);
    if (r != OP_NEXT)
        return r;
    uint64_t va = gr_val(c, OPR(1)), key = 1;
    if (!tlb_unimplemented_va(va)) {
        struct tlb_entry *e = tlb_lookup(c, TLB_D, va);
        if (!e && (c->psr & PSR_DT))
            e = tlb_vhpt_search(c, TLB_D, va);   /* an insert flushes what it displaces */
        if (e && (e->pte & PTE_P))
            key = e->key;
    }
    gr_set(c, OPR(0), key, 0);
    return OP_NEXT;
}

/* --------------------------------------------------------------- probe */
/* probe.r/.w r1 = r3, r2 (M38) and r1 = r3, imm2 (M39): 1 when the page
 * allows the access at privilege level max(pl, CPL), 0 when its access
 * rights or key permissions do not; misses, Page Not Present and Key Miss
 * fault (ISR.na, code 2).  probe.r/.w/.rw.fault r3, imm2 (M40): every
 * fault of the access (code 5), no result.  In physical mode (PSR.dt = 0)
 * the regular forms return 1 and the fault forms do nothing. */
static int op_probe(struct cpu *c, const struct pslot *s)
{
    int fault_form = !strcmp(s->d->format, "M40");
    unsigned rva = fault_form ? OPR(0) : OPR(1);
    const char *m = s->d->mnemonic;
    unsigned acc = strstr(m, ".rw") ? ACC_R | ACC_W : strstr(m, ".w") ? ACC_W : ACC_R;
    unsigned pl;
    if (!fault_form && OPR(0) == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (gr_nat(c, rva))
        return nat_consumption(c);
    if (!strcmp(s->d->format, "M38")) {
        if (gr_nat(c, OPR(2)))
            return nat_consumption(c);
        pl = (unsigned)gr_val(c, OPR(2)) & 3;
    } else {
        pl = (unsigned)(fault_form ? O(1) : O(2)) & 3;
    }
    if (pl < psr_cpl(c->psr))
        pl = psr_cpl(c->psr);
    uint64_t va = gr_val(c, rva), pa;
    if (!c->m->system_mode || !(c->psr & PSR_DT)) {
        if (!fault_form)
            gr_set(c, OPR(0), 1, 0);
        return OP_NEXT;
    }
    struct interruption f;
    int r = tlb_check(c, TLB_D, va, acc, pl, ISR_NA | (fault_form ? NA_PROBE_FAULT : NA_PROBE), 2, &pa, &f);
    if (r == 2)
        return cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, va);
    if (fault_form)
        return r ? cpu_interrupt(c, &f) : OP_NEXT;
    int denied = 0;
    if (r) {
        switch (f.vector) {
        case IVEC_KEY_PERMISSION: case IVEC_DATA_ACCESS_RIGHTS:
            denied = 1;
            break;
        case IVEC_DIRTY_BIT: case IVEC_DATA_ACCESS_BIT:
            break;   /* the rights allow it */
        default:
            return cpu_interrupt(c, &f);
        }
    }
    gr_set(c, OPR(0), !denied, 0);
    return OP_NEXT;
}

const struct op_binding ops_tlb[] = {
    { "M41", "itc.i", op_itc, TLB_I, 0 }, { "M41", "itc.d", op_itc, TLB_D, 0 },
    { "M42", "itr.i", op_itr, TLB_I, 0 }, { "M42", "itr.d", op_itr, TLB_D, 0 },
    { "M45", "ptc.l", op_ptc, 0, 0 }, { "M45", "ptc.g", op_ptc, 0, 0 }, { "M45", "ptc.ga", op_ptc, 0, 0 },
    { "M45", "ptr.i", op_ptr, TLB_I, 0 }, { "M45", "ptr.d", op_ptr, TLB_D, 0 },
    { "M47", "ptc.e", op_ptc_e, 0, 0 },
    { "M46", "thash", op_thash, 0, 0 }, { "M46", "ttag", op_thash, 1, 0 },
    { "M46", "tpa", op_tpa, 0, 0 }, { "M46", "tak", op_tak, 0, 0 },
    { "M38", "probe", op_probe, 0, 0 }, { "M39", "probe", op_probe, 0, 0 }, { "M40", "probe", op_probe, 0, 0 },
    { 0 },
};
