/* The hypervisor: attachment, the one entry (machine.on_interruption),
 * the virtual PSR and banks, and the counters.  See hv.h and docs/hv.md. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hv.h"
#include "rse.h"
#include "trace.h"

/* ------------------------------------------------------ virtual PSR */
unsigned hv_vcpl(struct hv *h)
{
    return (unsigned)(h->vbits >> PSR_CPL_SHIFT) & 3;
}

/* The real PSR follows: the guest's pass-through bits; translation,
 * collection and interrupts always on (the hypervisor owns them); CPL 2
 * for virtual CPL 0-2, 3 for 3 (Xen's vcpu_rfi).  The real bank is the
 * hypervisor's: the guest's banks are in the XSI (hv_vbsw). */
void hv_set_vpsr(struct hv *h, uint64_t v)
{
    struct cpu *c = &h->m->cpu;
    uint64_t old = c->psr, real;
    unsigned cpl = (unsigned)(v >> PSR_CPL_SHIFT) & 3;
    real = (old & ~(HV_PSR_PASS | PSR_CPL_MASK)) | (v & HV_PSR_PASS & ~PSR_RI_MASK);
    real |= PSR_DT | PSR_IT | PSR_RT | PSR_IC | PSR_I | (uint64_t)(cpl == 3 ? 3 : 2) << PSR_CPL_SHIFT;
    c->psr = real;
    xsi_set4(h, XSI_IC, (v & PSR_IC) != 0);
    *xsi_at(h, XSI_MASK) = (v & PSR_I) == 0;
    hv_vbsw(h, (v & PSR_BN) != 0);
    xsi_set(h, XSI_VPSR, v);
    psr_translation_changed(c, old);
    /* hv_update_metaphysical, its common case (the mode stays) here */
    const uint64_t all = PSR_DT | PSR_IT | PSR_RT;
    int mp = (v & all) != all;
    if (mp != h->metaphysical) {
        h->vbits = v & HV_PSR_VBITS;
        hv_update_metaphysical(h);      /* (vhpt_tc_forget) */
        return;
    }
    /* vmem.c's region memos hold for the guest's dt on: they go when it
     * goes off (in metaphysical mode already) */
    if (mp && (h->vbits & ~v & PSR_DT))
        soft_walk_forget(&c->tlb);
    h->vbits = v & HV_PSR_VBITS;
    xsi_set4(h, XSI_METAPHYS, (uint32_t)mp);
}

/* bsw as the native instruction does it, with the XSI bank areas as the
 * hidden bank: the current r16-r31 (and NaT bits) go to the area of the
 * bank left, the other bank's values come from its area. */
static __attribute__((noinline)) void vbsw_swap(struct hv *h, int cur, int bank)
{
    struct cpu *c = &h->m->cpu;
    /* the two areas and their NaT words: bank 1's at XSI_BANK1, XSI_VNAT,
     * bank 0's at XSI_BANK0, XSI_VBNAT */
    uint8_t *restrict to = xsi_at(h, cur ? XSI_BANK1 : XSI_BANK0);
    const uint8_t *restrict from = xsi_at(h, bank ? XSI_BANK1 : XSI_BANK0);
    uint8_t *to_nat = xsi_at(h, cur ? XSI_VNAT : XSI_VBNAT);
    uint64_t nats = 0, ln;
    memcpy(&ln, xsi_at(h, bank ? XSI_VNAT : XSI_VBNAT), 8);
    struct greg *restrict g = gr(c, 16);     /* r16-r31: one bank, in order (rse.c) */
    /* (opaque to the compiler: else it copies the loop below for each
     * pair of areas, with every address in a register of its own) */
    __asm__("" : "+r"(to), "+r"(from));
#pragma GCC unroll 16
    for (unsigned i = 0; i < 16; i++) {
        memcpy(to + 8 * i, &g[i].val, 8);
        memcpy(&g[i].val, from + 8 * i, 8);
    }
    if (c->nat_live || (ln & 0xffff)) {      /* else every NaT bit stays 0 (cpu.h) */
        for (unsigned i = 0; i < 16; i++) {
            nats |= g[i].nat << i;
            g[i].nat = (ln >> i) & 1;
        }
        c->nat_live |= (ln & 0xffff) != 0;    /* as gr_set */
    }
    memcpy(to_nat, &nats, 8);
    xsi_set4(h, XSI_BANKNUM, (uint32_t)bank);
}

void hv_vbsw(struct hv *h, int bank)
{
    int cur = xsi_get4(h, XSI_BANKNUM) != 0;
    if (cur != bank)
        vbsw_swap(h, cur, bank);
}

/* IIP past the instruction at ip/slot (an MLX bundle has two slots). */
void hv_advance(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    const struct pbundle *pb = pcache_lookup(c, c->ip);
    unsigned last = pb ? pb->nslots - 1u : 2u;
    if (c->slot >= last) {
        c->ip += 16;
        c->slot = 0;
    } else {
        c->slot++;
    }
}

/* --------------------------------------------------------- the entry */
/* A fault the guest kernel's privileged instruction raised: Privileged
 * Operation or Register, or the Illegal Operation that itc and itr raise
 * before the privilege check because the real PSR.ic is 1 (SDM vol. 3,
 * "itc", "itr": the ic check comes first); the emulation applies the
 * virtual PSR.ic instead. */
static int privileged_fault(struct cpu *c, uint64_t isr)
{
    unsigned code = (unsigned)isr & 0xf0;
    if (code == GE_PRIVILEGED_OPERATION || code == GE_PRIVILEGED_REGISTER)
        return 1;
    if (code != GE_ILLEGAL_OPERATION)
        return 0;
    const struct pbundle *pb = pcache_lookup(c, c->ip);
    const struct insn_desc *d = pb ? pb->s[c->slot].d : NULL;
    return d && (!strncmp(d->mnemonic, "itc.", 4) || !strncmp(d->mnemonic, "itr.", 4));
}

static const uint8_t hp_is_fast[HP_LAST + 1] = {
#define HP(imm, name, fast) [imm] = fast,
#include "hyperprivops.def"
#undef HP
};

static int hv_dispatch_1(struct machine *m);
static __attribute__((noinline)) int hv_dispatch_traced(struct machine *m);

/* The entry, with the trace's HV_ENTER / HV_EXIT around it when a
 * recorder is attached (docs/trace-format.md; the cost accounting counts
 * the entries from them).  The kind is known before the handling: a
 * hyperprivop's class as hyperprivop.c counts it, a privileged-operation
 * fault, or "other" (TLB misses, real interrupts); reflections are
 * recorded by hv_reflect itself (reflect.c), also when an entry of
 * another kind ends in one (hv_dispatch_traced). */
static int hv_dispatch(struct machine *m)
{
    struct cpu *c = &m->cpu;
    if (m->trace)
        return hv_dispatch_traced(m);
    if (c->intr.vector == IVEC_BREAK && PSR_CPL(c) != 2) {
        /* the usual case, a system call's break: hv_dispatch_1's reflection */
        struct hv *h = m->hv;
        h->n.entries++;
        c->stop = STOP_NONE;
        c->fault = FAULT_NONE;
        return hv_reflect(h, &c->intr);
    }
    return hv_dispatch_1(m);
}

static __attribute__((noinline)) int hv_dispatch_traced(struct machine *m)
{
    struct cpu *c = &m->cpu;
    const struct interruption *in = &c->intr;
    unsigned kind = HV_EV_OTHER;
    uint64_t code = in->vector;
    if (in->vector == IVEC_BREAK && PSR_CPL(c) == 2 && in->iim >= 1 && in->iim <= HP_LAST) {
        struct hv *h = m->hv;
        kind = !hp_is_fast[in->iim] || *xsi_at(h, XSI_PENDING) ? HV_EV_HYPERPRIVOP_SLOW
                                                                     : HV_EV_HYPERPRIVOP_FAST;
        code = in->iim;
    } else if (in->vector == IVEC_GENERAL_EXCEPTION && PSR_CPL(c) == 2 && privileged_fault(c, in->isr)) {
        kind = HV_EV_PRIVOP_FAULT;
    } else if (in->vector != IVEC_EXTERNAL_INTERRUPT && in->vector != IVEC_ALT_DATA_TLB &&
               in->vector != IVEC_ALT_INSTRUCTION_TLB) {
        return hv_dispatch_1(m);       /* a reflection: hv_reflect records it */
    }
    trace_ev_hv_enter(c, kind, code);
    int r = hv_dispatch_1(m);
    if (m->trace)
        trace_ev_hv_exit(c, kind, code);
    return r;
}

static int hv_dispatch_1(struct machine *m)
{
    struct hv *h = m->hv;
    struct cpu *c = &m->cpu;
    const struct interruption *in = &c->intr;   /* as it came (hv_reflect copies it) */
    struct interruption copy;
    int r;
    h->n.entries++;
    c->stop = STOP_NONE;
    c->fault = FAULT_NONE;
    switch (c->intr.vector) {
    case IVEC_EXTERNAL_INTERRUPT:
        r = hv_external_interrupt(h);
        break;
    case IVEC_BREAK:
        /* hyperprivops from the guest kernel only (Xen: cpl 2) */
        if (!h->trap && PSR_CPL(c) == 2 && in->iim >= 1 && in->iim <= HP_LAST) {
            r = hv_hyperprivop(h, (unsigned)in->iim);
            break;
        }
        return hv_reflect(h, in);
    case IVEC_GENERAL_EXCEPTION:
        copy = c->intr;         /* privileged_fault's fetch may raise */
        if (PSR_CPL(c) == 2 && (privileged_fault(c, copy.isr))) {
            r = hv_privop(h);
            break;
        }
        return hv_reflect(h, &copy);
    case IVEC_ALT_DATA_TLB:
    case IVEC_ALT_INSTRUCTION_TLB:
        return hv_tlb_miss(h);
    default:
        return hv_reflect(h, in);
    }
    return r ? hv_events(h) : 0;
}

/* ----------------------------------------------------------- attach */
struct hv *hv_attach(struct machine *m)
{
    struct cpu *c = &m->cpu;
    uint8_t *xsi = mem_page(&m->mem, XSI_MACHINE, 1);
    if (!xsi)
        return NULL;
    struct hv *h = g_new0(struct hv, 1);
    h->m = m;
    h->xsi = xsi;
    m->hv = h;
    m->on_interruption = hv_dispatch;
    m->on_tlb_miss = hv_miss_now;
    m->on_hyperprivop = hv_break_now;
    /* The boot state (the contract): metaphysical mode, virtual PSR 0 --
     * ic off, i off (mask byte 1), bank 0, CPL 0 -- and the virtual
     * control and region registers at their reset values. */
    xsi_set(h, XSI_MASK_ADDR, XSI_BASE + XSI_MASK);
    for (unsigned n = 0; n < 128; n++)
        vcr_set(h, n, c->cr[n]);
    vcr_set(h, CR_IVA, 0);
    for (unsigned i = 0; i < 8; i++) {
        xsi_set(h, XSI_RRS + 8 * i, c->tlb.rr[i]);
        xsi_set(h, XSI_KRS + 8 * i, c->ar[AR_KR0 + i]);
    }
    hv_vmem_init(h);
    hv_vtimer_init(h);
    hv_set_vpsr(h, 0);
    return h;
}

void hv_free(struct machine *m)
{
    if (!m || !m->hv)
        return;
    hv_trap_free(m->hv);
    struct hv *h = m->hv;
    if (h->privop_sites)
        g_hash_table_destroy(h->privop_sites);
    g_free(m->hv);
    m->hv = NULL;
    m->on_interruption = NULL;
    m->on_tlb_miss = NULL;
    m->on_data_miss = NULL;
    m->on_hyperprivop = NULL;
}

/* ------------------------------------------------------------ stats */
static const struct { unsigned imm; const char *name; int fast; } hp_names[] = {
#define HP(imm, name, fast) { imm, #name, fast },
#include "hyperprivops.def"
#undef HP
};

static const char *const privop_names[PV_COUNT] = {
#define PRIVOP(name, what) what,
#include "privops.def"
#undef PRIVOP
};

void hv_print_stats(const struct machine *m, FILE *f)
{
    const struct hv *h = m->hv;
    if (!h)
        return;
    fprintf(f, "ia64emu: hypervisor (%s mode):\n", h->trap ? "trap" : "xen");
    /* the misses tlb_inline.h's soft_walk_miss satisfied for vmem.c's
     * data_miss: each a walk, an insert and an entry */
    struct hv_counters n = h->n;
    uint64_t soft = m->cpu.tlb.soft_walk_inserts;
    n.vhpt_walks += soft;
    n.vhpt_inserts += soft;
    n.entries += soft;
#define HV_COUNTER(name, what) fprintf(f, "ia64emu:   %-18s %12" PRIu64 "  %s\n", #name, n.name, what);
#include "counters.def"
#undef HV_COUNTER
    if (!h->trap)                 /* trap mode: the guest makes none */
        fprintf(f, "ia64emu: hyperprivops (count, fast, slow; Xen's class):\n");
    for (size_t i = 0; i < sizeof hp_names / sizeof hp_names[0]; i++) {
        const uint64_t *n = h->n.hp[hp_names[i].imm];
        if (n[0] + n[1])
            fprintf(f, "ia64emu:   0x%02x %-15s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 "  %s\n",
                    hp_names[i].imm, hp_names[i].name, n[0] + n[1], n[0], n[1],
                    hp_names[i].fast ? "fast" : "slow");
    }
    fprintf(f, "ia64emu: privileged operations emulated, per kind:\n");
    for (unsigned i = 0; i < PV_COUNT; i++)
        if (h->n.privop[i])
            fprintf(f, "ia64emu:   %-32s %10" PRIu64 "\n", privop_names[i], h->n.privop[i]);
    fprintf(f, "ia64emu: reflections per vector:\n");
    for (unsigned v = 0; v < IVEC_COUNT; v++)
        if (h->n.reflect[v])
            fprintf(f, "ia64emu:   vector %2u (0x%04" PRIx64 " %s): %" PRIu64 "\n", v,
                    ivec_offset((enum ivec)v), ivec_name((enum ivec)v), h->n.reflect[v]);
}
