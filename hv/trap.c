/* Trap-and-emulate mode (issue 6, section 3; `run --mode=trap`).
 *
 * The unmodified native kernel (build/ivt/kernel-native.elf) runs under
 * the same hypervisor model as --mode=xen, deprivileged at CPL 2 (Xen/ia64's
 * choice; docs/hv.md, "Trap-and-emulate mode"), with the same virtual state
 * (struct hv and the XSI page, which this guest never reads: its interface
 * is its own raw instructions).  What differs from xen mode:
 * - no hyperprivops: every `break` is the guest's and is reflected;
 * - every privileged instruction faults (Privileged Operation, Privileged
 *   Register, or the Illegal Operation of itc/itr under the real PSR.ic = 1)
 *   and is emulated on the virtual state by privop.c: mov to/from cr
 *   (interruption registers from the virtual CRs the reflection wrote),
 *   rfi, bsw, ssm/rsm, the TLB, the timer (ITM, ITV, IVR, EOI, TPR);
 * - the virtualization holes -- instructions that are sensitive to the
 *   privilege level or to state the hypervisor virtualizes, but do not
 *   trap at CPL 2 (SDM vol. 3, each instruction's page) -- run on the real
 *   state.  They are counted, never emulated.
 *
 * Hole detection costs nothing per instruction: machine.on_fill binds each
 * predecoded hole to hole_slot (the original handler is looked up per
 * instruction-table entry), so only the holes pay a call; with trap mode
 * off on_fill is NULL.  hole_slot records the hole's address and whether
 * this execution's result differs from what the native instruction would
 * have given on the virtual state ("differs"), then runs the original.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hv.h"

enum hole_kind {
    HOLE_COVER,
    HOLE_THASH,
    HOLE_TTAG,
    HOLE_FC,
    HOLE_CPUID,
    HOLE_PMD,
    HOLE_PSR_UM,
    HOLE_PROBE,
    HOLE_ITC,
    HOLE_RSC,
    HOLE_PFS,
    HOLE_COUNT,
    TRACK_RSC_WRITE = HOLE_COUNT   /* not a hole: the pl the guest wrote (HOLE_RSC) */
};

static const struct {
    const char *name;
    const char *why;      /* the SDM's reason, for --stats */
} hole_info[HOLE_COUNT] = {
    [HOLE_COVER] = { "cover", "writes IFS only when PSR.ic = 0; the real PSR.ic is 1 (differs when the virtual ic is 0)" },
    [HOLE_THASH] = { "thash", "hashes with the real PTA and region registers, not the virtual ones" },
    [HOLE_TTAG] = { "ttag", "tags with the real region registers, not the virtual ones" },
    [HOLE_FC] = { "fc", "not privileged; flushes through the real translation (no cache is modelled: same result)" },
    [HOLE_CPUID] = { "mov r=cpuid", "not privileged: reads the real processor's identification (same here)" },
    [HOLE_PMD] = { "mov r=pmd", "not privileged: reads the real performance data registers (same here)" },
    [HOLE_PSR_UM] = { "mov r=psr.um", "not privileged: reads the real PSR's user mask (passed through: same)" },
    [HOLE_PROBE] = { "probe", "checks at max(real CPL 2, pl) against the real translations (result not compared)" },
    [HOLE_ITC] = { "mov r=ar.itc", "not privileged with PSR.si = 0: the real ITC, without the virtual itc_offset" },
    [HOLE_RSC] = { "mov r=ar.rsc", "a write sets RSC.pl to max(pl, CPL): the real CPL 2 shows where the guest wrote 0 or 1" },
    [HOLE_PFS] = { "mov r=ar.pfs", "br.call records the real CPL 2 in PFS.ppl where the guest ran at CPL 0 "
                                   "(alloc's read of ar.pfs, on the fast path, is not counted)" },
};

struct hole_rec {
    uint64_t addr;        /* bundle */
    unsigned slot, kind;
    uint64_t count, differs;
    uint64_t first_insn;  /* the instruction count at its first execution */
};

struct trap {
    op_fn orig[INSN_COUNT];       /* the handler of each wrapped table entry */
    GHashTable *index;            /* bundle | slot -> recs index + 1 */
    GArray *recs;                 /* struct hole_rec, in order of first execution */
    int64_t first_differ;         /* recs index of the first execution that differed, or -1 */
    uint64_t first_differ_insn;
    /* per kind: the first execution that differed (recs index + 1, 0:
     * none), and its instruction count */
    guint kind_differ[HOLE_COUNT];
    uint64_t kind_differ_insn[HOLE_COUNT];
    unsigned rsc_pl, rsc_cpl;     /* the guest's last write of RSC.pl, its virtual CPL then */
};

static int hole_kind_of(const struct pslot *s)
{
    const struct insn_desc *d = s->d;
    if (!d)
        return -1;
    const char *mn = d->mnemonic, *f = d->format;
    if (!strcmp(f, "B8") && !strcmp(mn, "cover"))
        return HOLE_COVER;
    if (!strcmp(f, "M46") && !strcmp(mn, "thash"))
        return HOLE_THASH;
    if (!strcmp(f, "M46") && !strcmp(mn, "ttag"))
        return HOLE_TTAG;
    if (!strcmp(f, "M28") && !strncmp(mn, "fc", 2))
        return HOLE_FC;
    if (!strcmp(f, "M43") && d->opnd[1] == OPND_CPUID)
        return HOLE_CPUID;
    if (!strcmp(f, "M43") && d->opnd[1] == OPND_PMD)
        return HOLE_PMD;
    if (!strcmp(f, "M36") && d->opnd[1] == OPND_PSR_UM)
        return HOLE_PSR_UM;
    if (!strncmp(mn, "probe", 5))
        return HOLE_PROBE;
    if (!strcmp(f, "M31") && s->o[1] == AR_ITC)
        return HOLE_ITC;
    if (!strcmp(f, "M31") && s->o[1] == AR_RSC)
        return HOLE_RSC;
    if (!strcmp(f, "I28") && s->o[1] == AR_PFS)
        return HOLE_PFS;
    if ((!strcmp(f, "M29") || !strcmp(f, "M30")) && s->o[0] == AR_RSC)
        return TRACK_RSC_WRITE;
    return -1;
}

static struct hole_rec *record(struct trap *t, uint64_t addr, unsigned slot, unsigned kind, uint64_t insns)
{
    gpointer key = (gpointer)(uintptr_t)(addr | slot);
    uintptr_t i = (uintptr_t)g_hash_table_lookup(t->index, key);
    if (!i) {
        struct hole_rec r = { addr, slot, kind, 0, 0, insns };
        g_array_append_val(t->recs, r);
        i = t->recs->len;
        g_hash_table_insert(t->index, key, (gpointer)i);
    }
    return &g_array_index(t->recs, struct hole_rec, i - 1);
}

/* A hole, executed (its predicate true): count it, run the original on
 * the real state, and note whether its result differs from the native
 * instruction's on the virtual state. */
static int hole_slot(struct cpu *c, const struct pslot *s)
{
    struct hv *h = c->m->hv;
    struct trap *t = h->trap;
    int kind = hole_kind_of(s);
    op_fn orig = t->orig[s->d - insn_table];
    uint64_t src = 0;
    int src_nat = 0, differs = 0;
    if (kind == HOLE_THASH || kind == HOLE_TTAG) {
        src = gr_val(c, (unsigned)s->o[1]);
        src_nat = gr_nat(c, (unsigned)s->o[1]);
    }
    if (kind == TRACK_RSC_WRITE) {
        src = !strcmp(s->d->format, "M30") ? (uint64_t)s->o[1] : gr_val(c, (unsigned)s->o[1]);
    }
    if (kind == HOLE_COVER)
        differs = !hv_vic(h);           /* natively IFS would be written */
    if (kind == HOLE_ITC)
        differs = xsi_get(h, XSI_ITC_OFFSET) != 0;
    int r = orig(c, s);
    if (r == OP_NEXT && (kind == HOLE_THASH || kind == HOLE_TTAG) && !src_nat && !tlb_unimplemented_va(src)) {
        uint64_t native = kind == HOLE_THASH ? hv_thash(h, src) : hv_ttag(h, src);
        differs = gr_val(c, (unsigned)s->o[0]) != native;
    }
    if (r == OP_STOP)
        return r;                       /* it faulted: it did not execute */
    if (kind == TRACK_RSC_WRITE) {
        t->rsc_pl = (unsigned)(src >> 2) & 3;
        t->rsc_cpl = hv_vcpl(h);
        return r;
    }
    if (kind == HOLE_RSC) {
        /* natively: the pl written, raised to the CPL it was written at */
        unsigned real = (unsigned)(gr_val(c, (unsigned)s->o[0]) >> 2) & 3;
        differs = real != (t->rsc_pl > t->rsc_cpl ? t->rsc_pl : t->rsc_cpl);
    }
    if (kind == HOLE_PFS)
        differs = (gr_val(c, (unsigned)s->o[0]) >> 62) == 2 && hv_vcpl(h) < 2;
    struct hole_rec *rec = record(t, c->ip, c->slot, (unsigned)kind, c->insns);
    rec->count++;
    if (differs) {
        rec->differs++;
        if (!t->kind_differ[kind]) {
            t->kind_differ[kind] = (guint)(rec - &g_array_index(t->recs, struct hole_rec, 0)) + 1;
            t->kind_differ_insn[kind] = c->insns;
        }
        if (t->first_differ < 0) {
            t->first_differ = (int64_t)(rec - &g_array_index(t->recs, struct hole_rec, 0));
            t->first_differ_insn = c->insns;
        }
    }
    return r;
}

static void trap_fill(struct cpu *c, struct pbundle *pb)
{
    struct trap *t = ((struct hv *)c->m->hv)->trap;
    for (unsigned k = 0; k < pb->nslots; k++) {
        struct pslot *s = &pb->s[k];
        if (hole_kind_of(s) < 0 || s->fn == hole_slot)
            continue;
        t->orig[s->d - insn_table] = s->fn;
        s->fn = hole_slot;
        /* the holes have no hot form: the run loop calls fn (HOT_CALL,
         * + HOT_COUNT when it tests the predicate first) */
        s->hot = (uint8_t)(s->guard ? HOT_CALL + HOT_COUNT : HOT_CALL);
    }
}

struct hv *hv_attach_trap(struct machine *m)
{
    struct hv *h = hv_attach(m);
    if (!h)
        return NULL;
    struct trap *t = g_new0(struct trap, 1);
    t->index = g_hash_table_new(g_direct_hash, g_direct_equal);
    t->recs = g_array_new(FALSE, FALSE, sizeof(struct hole_rec));
    t->first_differ = -1;
    h->trap = t;
    m->on_fill = trap_fill;
    /* bundles predecoded before now would miss the wrapper */
    pcache_flush(m);
    return h;
}

void hv_trap_free(struct hv *h)
{
    struct trap *t = h ? h->trap : NULL;
    if (!t)
        return;
    h->m->on_fill = NULL;
    g_hash_table_destroy(t->index);
    g_array_free(t->recs, TRUE);
    g_free(t);
    h->trap = NULL;
}

static int by_addr(const void *a, const void *b)
{
    const struct hole_rec *x = a, *y = b;
    uint64_t ka = x->addr | x->slot, kb = y->addr | y->slot;
    return ka < kb ? -1 : ka > kb;
}

void hv_trap_report(const struct machine *m, FILE *f, int ended_ok)
{
    const struct hv *h = m->hv;
    const struct trap *t = h ? h->trap : NULL;
    if (!t)
        return;
    uint64_t total[HOLE_COUNT] = { 0 }, diff[HOLE_COUNT] = { 0 }, sites[HOLE_COUNT] = { 0 };
    uint64_t all = 0, alldiff = 0;
    for (guint i = 0; i < t->recs->len; i++) {
        const struct hole_rec *r = &g_array_index(t->recs, struct hole_rec, i);
        total[r->kind] += r->count;
        diff[r->kind] += r->differs;
        sites[r->kind]++;
        all += r->count;
        alldiff += r->differs;
    }
    fprintf(f, "ia64emu: trap-mode holes (executed, not trapped, not emulated): %" PRIu64
            " executions at %u addresses, %" PRIu64 " with a result that differs from native\n",
            all, t->recs->len, alldiff);
    for (unsigned k = 0; k < HOLE_COUNT; k++) {
        if (!total[k])
            continue;
        fprintf(f, "ia64emu:   %-13s %10" PRIu64 " executions, %10" PRIu64 " differ, %4" PRIu64
                " addresses  (%s)\n", hole_info[k].name, total[k], diff[k], sites[k], hole_info[k].why);
        if (t->kind_differ[k]) {
            const struct hole_rec *r = &g_array_index(t->recs, struct hole_rec, t->kind_differ[k] - 1);
            fprintf(f, "ia64emu:   %-13s first differs at 0x%016" PRIx64 " slot %u (instruction %" PRIu64 ")\n",
                    "", r->addr, r->slot, t->kind_differ_insn[k]);
        }
    }
    GArray *sorted = g_array_sized_new(FALSE, FALSE, sizeof(struct hole_rec), t->recs->len);
    g_array_append_vals(sorted, t->recs->data, t->recs->len);
    g_array_sort(sorted, by_addr);
    for (guint i = 0; i < sorted->len; i++) {
        const struct hole_rec *r = &g_array_index(sorted, struct hole_rec, i);
        fprintf(f, "ia64emu:   hole %-13s at 0x%016" PRIx64 " slot %u: %" PRIu64 " executions, %" PRIu64
                " differ\n", hole_info[r->kind].name, r->addr, r->slot, r->count, r->differs);
    }
    g_array_free(sorted, TRUE);
    if (t->first_differ < 0) {
        fprintf(f, "ia64emu: trap-mode verdict: no hole gave a result different from native; the run did "
                "not diverge because of the holes%s\n",
                ended_ok ? "" : " (it ended abnormally for another reason)");
        return;
    }
    const struct hole_rec *fd = &g_array_index(t->recs, struct hole_rec, (guint)t->first_differ);
    fprintf(f, "ia64emu: trap-mode verdict: the run DIVERGED from native because of the holes: the first "
            "hole with a different result is %s at 0x%016" PRIx64 " slot %u (instruction %" PRIu64 ")%s\n",
            hole_info[fd->kind].name, fd->addr, fd->slot, t->first_differ_insn,
            ended_ok ? "; the guest state differs from native from there on (compare the output with a "
                       "native run: ia64emu compare)"
                     : "; the guest kernel then panicked or faulted: that hole is the likely cause");
}
