/* Privileged-operation emulation: the guest kernel runs at CPL 2, so a raw
 * privileged instruction (one with no hyperprivop in the Xen build, or
 * any in a kernel that does not use them) raises a Privileged Operation
 * fault, and a write of ar.k0-7 or ar.itc a Privileged Register fault.
 * The hypervisor decodes the faulting slot from the predecoded bundle
 * (its handler's operands), applies the instruction to the virtual state
 * with the native checks that matter to a guest (NaT consumption,
 * Illegal Operation for interruption registers with virtual PSR.ic on,
 * reserved fields of the registers it shares with the native code), and
 * advances IIP, as Xen's priv_emulate did.  Faults of the emulation are
 * reflected; an instruction it does not emulate fails loudly.
 *
 * Not privileged, so not trapped, and run on the real state at CPL 2:
 * cover, thash, ttag, fc, probe, mov r = cpuid / pmd, and the reads of
 * PSR.um -- the virtualization holes of docs/hv.md. */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hv.h"

static int cr_exists(unsigned n)
{
    return n <= 2 || n == CR_PTA || (n >= CR_IPSR && n <= CR_IHA && n != 18) ||
           (n >= CR_LID && n <= CR_CMCV) || n == CR_LRR0 || n == CR_LRR1;
}

static int cr_interruption(unsigned n)
{
    return n >= CR_IPSR && n <= CR_IHA;
}

static int illegal(struct cpu *c)
{
    return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
}

static int mov_to_cr(struct hv *h, unsigned n, uint64_t v)
{
    struct cpu *c = &h->m->cpu;
    if (!cr_exists(n) || n == CR_IVR || (n >= CR_IRR0 && n < CR_IRR0 + 4))
        return illegal(c);
    if (cr_interruption(n) && hv_vic(h))
        return illegal(c);
    switch (n) {
    case CR_IVA:
        vcr_set(h, n, v & ~0x7fffull);
        h->iva_written = 1;
        break;
    case CR_ITM:
        hv_set_itm(h, v);
        break;
    case CR_TPR:
        if (v & ~TPR_WRITABLE)
            return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        hv_set_tpr(h, v & TPR_FIELDS);
        break;
    case CR_EOI:
        hv_eoi(h);
        break;
    case CR_ITV:
        if (v & ~0x100ffull)
            return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        hv_set_itv(h, v);
        break;
    case CR_PTA:
        if (v & 0x7e02ull)
            return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        vcr_set(h, n, v);                 /* the real PTA stays 0: hv walks */
        break;
    default:
        vcr_set(h, n, v);
        break;
    }
    return OP_NEXT;
}

static int mov_from_cr(struct hv *h, unsigned n, uint64_t *v)
{
    struct cpu *c = &h->m->cpu;
    if (!cr_exists(n))
        return illegal(c);
    if (cr_interruption(n) && hv_vic(h))
        return illegal(c);
    switch (n) {
    case CR_IVR: *v = hv_get_ivr(h); break;
    case CR_EOI: *v = 0; break;
    default: *v = vcr_get(h, n); break;
    }
    return OP_NEXT;
}

/* The source register I of slot S, or a NaT Consumption fault. */
static int src(struct cpu *c, const struct pslot *s, unsigned i, uint64_t *v)
{
    const struct greg *g = gr(c, (unsigned)s->o[i]);
    if (g->nat)
        return cpu_raise(c, FAULT_NAT_CONSUMPTION, 0);
    *v = g->val;
    return OP_NEXT;
}

static int set_dest(struct cpu *c, const struct pslot *s, uint64_t v)
{
    if (s->o[0] == 0)
        return illegal(c);
    gr_set(c, (unsigned)s->o[0], v, 0);
    return OP_NEXT;
}

#define COUNT(kind) (h->n.privop[PV_##kind]++)
#define FMT(f) (!strcmp(d->format, f))

static int emulate(struct hv *h, const struct pslot *s)
{
    struct cpu *c = &h->m->cpu;
    const struct insn_desc *d = s->d;
    const char *mn = d->mnemonic;
    uint64_t a = 0, b = 0;
    int r;
    if (FMT("M32")) {                                       /* mov cr3 = r2 */
        COUNT(mov_to_cr);
        if ((r = src(c, s, 1, &b)) != OP_NEXT)
            return r;
        return mov_to_cr(h, (unsigned)s->o[0] & 127, b);
    }
    if (FMT("M33")) {                                       /* mov r1 = cr3 */
        COUNT(mov_from_cr);
        if (s->o[0] == 0)
            return illegal(c);
        if ((r = mov_from_cr(h, (unsigned)s->o[1] & 127, &a)) != OP_NEXT)
            return r;
        return set_dest(c, s, a);
    }
    if (FMT("M41")) {                                       /* itc.i, itc.d r2 */
        COUNT(itc);
        if (hv_vic(h))
            return illegal(c);
        if ((r = src(c, s, 0, &b)) != OP_NEXT)
            return r;
        return hv_itc(h, mn[4] == 'd' ? TLB_D : TLB_I, b);
    }
    if (FMT("M42")) {                                       /* mov ind[r3] = r2, itr */
        if ((r = src(c, s, 0, &a)) != OP_NEXT || (r = src(c, s, 1, &b)) != OP_NEXT)
            return r;
        if (!strncmp(mn, "itr", 3)) {
            COUNT(itr);
            if (hv_vic(h))
                return illegal(c);
            return hv_itr(h, mn[4] == 'd' ? TLB_D : TLB_I, a & 0xff, b);
        }
        switch (d->opnd[0]) {
        case OPND_RR:
            COUNT(mov_to_rr);
            return hv_set_rr(h, a, b);
        case OPND_PKR:
            COUNT(mov_ind);
            return tlb_mov_to_pkr(c, a, b);
        case OPND_DBR:
        case OPND_IBR:
            COUNT(mov_ind);
            if ((a & 0xff) >= 16)
                return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
            (d->opnd[0] == OPND_DBR ? c->dbr : c->ibr)[a & 0xff] = b;
            cpu_debug_update(c);
            return OP_NEXT;
        case OPND_PMC:
        case OPND_PMD:
            COUNT(mov_ind);
            if ((a & 0xff) < 32)
                (d->opnd[0] == OPND_PMC ? c->pmc : c->pmd)[a & 0xff] = b;
            return OP_NEXT;
        default:
            break;
        }
    }
    if (FMT("M43")) {                                       /* mov r1 = ind[r3] */
        if ((r = src(c, s, 1, &a)) != OP_NEXT)
            return r;
        switch (d->opnd[1]) {
        case OPND_RR:
            COUNT(mov_from_rr);
            return set_dest(c, s, xsi_get(h, XSI_RRS + 8 * (unsigned)(a >> 61)));
        case OPND_PKR:
            COUNT(mov_ind);
            if (tlb_mov_from_pkr(c, a, &b))
                return OP_STOP;
            return set_dest(c, s, b);
        case OPND_DBR:
        case OPND_IBR:
            COUNT(mov_ind);
            if ((a & 0xff) >= 16)
                return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
            return set_dest(c, s, (d->opnd[1] == OPND_DBR ? c->dbr : c->ibr)[a & 0xff]);
        case OPND_PMC:
            COUNT(mov_ind);
            return set_dest(c, s, (a & 0xff) < 32 ? c->pmc[a & 0xff] : 0);
        default:
            break;
        }
    }
    if (FMT("M45")) {                                       /* ptc.l/g/ga, ptr r3, r2 */
        COUNT(ptc);
        if ((r = src(c, s, 0, &a)) != OP_NEXT || (r = src(c, s, 1, &b)) != OP_NEXT)
            return r;
        int tr_side = !strncmp(mn, "ptr", 3) ? (mn[4] == 'd' ? TLB_D : TLB_I) : -1;
        return hv_ptc(h, a, (unsigned)(b >> 2) & 0x3f, tr_side);
    }
    if (FMT("M47")) {                                       /* ptc.e r3 */
        COUNT(ptc);
        if ((r = src(c, s, 0, &a)) != OP_NEXT)
            return r;
        hv_ptc_e(h);
        return OP_NEXT;
    }
    if (FMT("M46") && (!strcmp(mn, "tpa") || !strcmp(mn, "tak"))) {
        COUNT(tpa_tak);
        if (s->o[0] == 0)
            return illegal(c);
        if ((r = src(c, s, 1, &a)) != OP_NEXT)
            return r;
        uint64_t gpa, key;
        int miss = tlb_unimplemented_va(a) || hv_tpa(h, a, &gpa, &key);
        if (mn[1] == 'a')                                   /* tak: 1 when none */
            return set_dest(c, s, miss ? 1 : key);
        if (miss && tlb_unimplemented_va(a))
            return cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, a);
        if (miss) {
            /* natively tpa raises the data TLB miss of a non-access
             * reference (SDM vol. 3, tpa: ISR.na, code 0): the hypervisor
             * satisfies it (then tpa runs again) or reflects it */
            c->intr = (struct interruption){ .vector = IVEC_ALT_DATA_TLB, .isr = ISR_NA | NA_TPA, .ifa = a,
                                             .valid = INTR_IFA };
            return hv_tlb_miss(h) ? OP_BRANCH : OP_STOP;
        }
        return set_dest(c, s, gpa);
    }
    if (FMT("M44")) {                                       /* ssm, rsm imm24 */
        COUNT(ssm_rsm);
        uint64_t imm = (uint64_t)s->o[0];
        if (imm & ~(PSR_DEFINED & 0xffffffull))
            return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        uint64_t v = hv_vpsr(h);
        hv_set_vpsr(h, mn[0] == 'r' ? v & ~imm : v | imm);
        return OP_NEXT;
    }
    if (FMT("M35")) {                                       /* mov psr.l = r2 */
        COUNT(mov_psr);
        if ((r = src(c, s, 1, &b)) != OP_NEXT)
            return r;
        b &= 0xffffffffull;
        if (b & ~(PSR_DEFINED & 0xffffffffull))
            return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        hv_set_vpsr(h, (hv_vpsr(h) & ~0xffffffffull) | b);
        return OP_NEXT;
    }
    if (FMT("M36")) {                                       /* mov r1 = psr */
        COUNT(mov_psr);
        return set_dest(c, s, hv_vpsr(h) & ((3ull << 35) | 0xffffffffull));
    }
    if (FMT("B8")) {
        if (!strcmp(mn, "rfi")) {
            COUNT(rfi);
            return hv_rfi(h);
        }
        if (!strncmp(mn, "bsw", 3)) {
            COUNT(bsw);
            hv_vbsw(h, mn[4] == '1');
            return OP_NEXT;
        }
    }
    if (FMT("M29") || FMT("I26") || FMT("M30") || FMT("I27")) {   /* mov ar3 = r2 / imm8 */
        COUNT(mov_ar);
        unsigned ar = (unsigned)s->o[0] & 127;
        if (FMT("M29") || FMT("I26")) {
            if ((r = src(c, s, 1, &b)) != OP_NEXT)
                return r;
        } else {
            b = (uint64_t)s->o[1];
        }
        if (ar < 8) {
            xsi_set(h, XSI_KRS + 8 * ar, b);
            c->ar[AR_KR0 + ar] = b;
            return OP_NEXT;
        }
        if (ar == AR_ITC) {
            hv_set_itc(h, b);
            return OP_NEXT;
        }
        if (ar == AR_RUC) {
            c->ruc_delta = b - c->insns;
            return OP_NEXT;
        }
    }
    return cpu_unimplemented(c, "hypervisor: emulation of this privileged instruction");
}

int hv_privop(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    const struct pbundle *pb = pcache_lookup(c, c->ip);
    h->n.privop_faults++;
    if (!pb || !pb->s[c->slot].d)
        return cpu_unimplemented(c, "hypervisor: the faulting privileged instruction cannot be fetched"), 0;
    if (!h->privop_sites)
        h->privop_sites = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    uint64_t key = c->ip | c->slot;
    struct hv_privop_site *site = g_hash_table_lookup(h->privop_sites, &key);
    if (!site) {
        site = g_new0(struct hv_privop_site, 1);
        site->addr = key;
        site->mnemonic = pb->s[c->slot].d->mnemonic;
        g_hash_table_insert(h->privop_sites, &site->addr, site);
    }
    site->count++;
    uint64_t bundle = c->ip;
    return hv_finish(h, emulate(h, &pb->s[c->slot]), bundle);
}

static int by_count(const void *a, const void *b)
{
    const struct hv_privop_site *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct hv_privop_site *hv_privop_sites(const struct hv *h, size_t *n)
{
    GHashTable *t = h->privop_sites;
    *n = t ? g_hash_table_size(t) : 0;
    struct hv_privop_site *out = g_new(struct hv_privop_site, *n ? *n : 1);
    if (t) {
        GHashTableIter it;
        gpointer k, v;
        size_t i = 0;
        g_hash_table_iter_init(&it, t);
        while (g_hash_table_iter_next(&it, &k, &v))
            out[i++] = *(const struct hv_privop_site *)v;
    }
    qsort(out, *n, sizeof *out, by_count);
    return out;
}
