/* Predecoding: a bundle becomes three slots, each with its handler and its
 * operand values, all taken from the instruction table. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops_branch.h"

static const struct op_binding *const families[] = { ops_int, ops_mm, ops_mem, ops_branch, ops_sys,
                                                     ops_tlb /* issue 4: translation */, ops_fp };

static int op_unimplemented(struct cpu *c, const struct pslot *s)
{
    char what[96];
    snprintf(what, sizeof what, "%s (%s)", s->d->mnemonic, s->d->format);
    return cpu_unimplemented(c, what);
}

static int op_illegal(struct cpu *c, const struct pslot *s)
{
    (void)s;
    return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
}

/* The bindings of every family, sorted by format (then by their order in
 * families[], which breaks ties), built once. */
struct binding_ref {
    const struct op_binding *b;
    unsigned order;
};
static struct binding_ref *by_format;
static size_t n_by_format;
static pthread_once_t by_format_once = PTHREAD_ONCE_INIT;

static int binding_ref_order(const void *x, const void *y)
{
    const struct binding_ref *a = x, *b = y;
    int r = strcmp(a->b->format, b->b->format);
    return r ? r : (a->order > b->order) - (a->order < b->order);
}

static void by_format_build(void)
{
    size_t n = 0;
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (const struct op_binding *b = families[f]; b->fn; b++)
            n++;
    by_format = calloc(n ? n : 1, sizeof *by_format);
    if (!by_format)
        abort();
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (const struct op_binding *b = families[f]; b->fn; b++) {
            by_format[n_by_format].b = b;
            by_format[n_by_format].order = (unsigned)n_by_format;
            n_by_format++;
        }
    qsort(by_format, n_by_format, sizeof *by_format, binding_ref_order);
}

/* The binding of D's format whose mnemonic is the longest prefix of D's at
 * a '.' boundary (the first in families[] order among equals). */
static const struct op_binding *find_binding(const struct insn_desc *d)
{
    pthread_once(&by_format_once, by_format_build);
    size_t lo = 0, hi = n_by_format;
    while (lo < hi) {                  /* the first of D's format */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(by_format[mid].b->format, d->format) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const struct op_binding *best = NULL;
    size_t best_len = 0;
    for (size_t i = lo; i < n_by_format && !strcmp(by_format[i].b->format, d->format); i++) {
        const struct op_binding *b = by_format[i].b;
        size_t n = strlen(b->mnemonic);
        if (strncmp(b->mnemonic, d->mnemonic, n))
            continue;
        if (d->mnemonic[n] != '\0' && d->mnemonic[n] != '.')
            continue;
        if (n > best_len || !best) {
            best = b;
            best_len = n;
        }
    }
    return best;
}

int predecode_has_handler(const struct insn_desc *d)
{
    return find_binding(d) != NULL;
}

/* Bindings are looked up once per table entry, when a machine first
 * predecodes it.  The cache is shared by all machines; entries are written
 * atomically (two threads may compute the same value). */
static const struct op_binding *binding_cache[INSN_COUNT];
static const struct op_binding no_binding;

static const struct op_binding *binding_of(const struct insn_desc *d)
{
    const struct op_binding **slot = &binding_cache[d - insn_table];
    const struct op_binding *b = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
    if (!b) {
        b = find_binding(d);
        if (!b)
            b = &no_binding;
        __atomic_store_n(slot, b, __ATOMIC_RELEASE);
    }
    return b == &no_binding ? NULL : b;
}

/* The hot form (ops.h) of a slot at position POS whose binding is B: only
 * where the handler's own operand checks cannot fail, so the fast path
 * needs none; else HOT_CALL, and the handler faults. */
static uint8_t hot_form(const struct op_binding *b, const struct insn_desc *d, const struct pslot *ps,
                        int pos)
{
    if (!b)
        return HOT_CALL;
    unsigned hot = OPB_HOT_OF(b->flags);
    switch (hot) {
    case HOT_CALL:
        return strncmp(d->mnemonic, "nop.", 4) ? HOT_CALL : HOT_NOP;
    case HOT_BR:
    case HOT_BRCALL:
    case HOT_RET:
    case HOT_ST8:
        return (uint8_t)hot;
    case HOT_CLOOP:
        return pos == 2 ? HOT_CLOOP : HOT_CALL;        /* slot 2 only */
    case HOT_ADD:
    case HOT_SUB:
        if (d->nopnd != 3)                             /* the "r1 = r2, r3, 1" form */
            return HOT_CALL;
        break;
    default:
        if (hot >= HOT_cmp_r_eq && hot <= HOT_cmp4_i_ltu)
            return ps->o[0] != ps->o[1] ? (uint8_t)hot : HOT_CALL; /* p1 = p2 faults */
        break;
    }
    return ps->o[0] != 0 ? (uint8_t)hot : HOT_CALL;         /* a GR target: r0 faults */
}

static void predecode_slot(struct pslot *ps, uint64_t slot, uint64_t slot_l, int unit, int pos)
{
    memset(ps, 0, sizeof *ps);
    const struct insn_desc *d = insn_decode(slot, insn_type_for_unit(slot, unit));
    ps->d = d;
    if (!d) {
        ps->fn = op_illegal;   /* SDM vol. 3, 4.1: unused encodings fault */
        return;                /* guard 0: whatever the predicate */
    }
    const struct op_binding *b = binding_of(d);
    ps->fn = b ? b->fn : op_unimplemented;
    ps->aux = b ? b->aux : 0;
    ps->qp = (uint8_t)slot_bits(slot, INSN_QP_POS, INSN_QP_LEN); /* as encoded, even when unpredicated */
    int always = (b && (b->flags & OPB_ALWAYS)) || (d->flags & INSN_F_NOPRED);
    ps->guard = always ? 0 : ps->qp;
    for (unsigned j = 0; j < d->nopnd; j++) {
        const struct insn_operand *o = &insn_operands[d->opnd[j]];
        ps->o[j] = insn_operand_value(d->opnd[j], slot, slot_l);
        if (o->kind == OPK_CONST && o->text[0] >= '0' && o->text[0] <= '9')
            ps->o[j] = strtoll(o->text, NULL, 10); /* the constants 1, 8, 16 */
        int names_gr = (o->kind == OPK_REG && o->text[0] == 'r') || o->kind == OPK_IND;
        if (names_gr && ps->o[j] > ps->maxgr)
            ps->maxgr = (uint8_t)ps->o[j];
    }
    ps->hot = hot_form(b, d, ps, pos);
    if (b && (b->flags & OPB_OWNFRAME)) {
        ps->maxgr = 0;
        ps->hot = HOT_FRAME;
        ps->aux = alloc_frame_bits(ps);
    }
}

void predecode_bundle(struct pbundle *pb, uint64_t addr, const uint8_t bytes[16])
{
    struct bundle b;
    bundle_split(&b, bytes);
    pb->addr = addr;
    pb->lo = b.lo;
    pb->hi = b.hi;
    pb->traced = 0;
    const struct insn_template *t = &insn_templates[b.tmpl];
    if (t->unit[0] == UNIT_NONE) {
        /* reserved template: Illegal Operation (SDM vol. 3, 3.3) */
        pb->nslots = 1;
        memset(pb->s, 0, sizeof pb->s);
        pb->s[0].fn = op_illegal;
        pb->s[1].guard = pb->s[2].guard = GUARD_NEVER;
        pb->s[1].hot = pb->s[2].hot = HOT_CALL + HOT_COUNT;
        pb->maxgr = pb->maxgr_tail = 0;
        return;
    }
    if (t->unit[1] == UNIT_L) {
        pb->nslots = 2;
        predecode_slot(&pb->s[0], b.slot[0], 0, t->unit[0], 0);
        predecode_slot(&pb->s[1], b.slot[2], b.slot[1], UNIT_X, 1);
        memset(&pb->s[2], 0, sizeof pb->s[2]);
        pb->s[2].guard = GUARD_NEVER;
    } else {
        pb->nslots = 3;
        for (int i = 0; i < 3; i++)
            predecode_slot(&pb->s[i], b.slot[i], 0, t->unit[i], i);
    }
    /* The run loop checks the slots up to an instruction that sets the
     * frame itself (alloc) against the current frame, and those after it
     * against the new one.  A second such slot, or one with a predicate,
     * sends the bundle slot by slot. */
    uint8_t *bound = &pb->maxgr;
    pb->maxgr = pb->maxgr_tail = 0;
    for (int i = 0; i < 3; i++) {
        struct pslot *ps = &pb->s[i];
        if (ps->maxgr > *bound)
            *bound = ps->maxgr;
        if (ps->hot == HOT_FRAME) {
            if (bound == &pb->maxgr_tail || ps->guard)
                pb->maxgr = 255;
            bound = &pb->maxgr_tail;
        }
        if (ps->guard)                     /* the run loop tests the predicate */
            ps->hot += HOT_COUNT;
    }
}
