/* Binary patching of pv_ops sites, bundle level (pvops/patch.h). */
#include <stdio.h>
#include <string.h>

#include "insn.h"
#include "patch.h"

#define NOP_M (1ull << 27)              /* nop.m 0 (M48: op 0, x3 0, x4 1, x2 0) */
#define NOP_I (1ull << 27)              /* nop.i 0 (I18: op 0, x3 0, x6 0x01) */
#define TMPL_MII 0x0
#define TMPL_MIB 0x8                    /* template field 0x10/0x11 >> 1 */

/* An IP-relative operand's bit fields, low to high; in the L slot when
 * L is set.  The value counts bundles (scale 16). */
struct relfield {
    int opnd;
    int n;
    struct { unsigned pos, len, l; } f[3];
};
static const struct relfield relfields[] = {
    { OPND_TGT25, 2, { { 6, 20, 0 }, { 36, 1, 0 } } },
    { OPND_TGT25B, 3, { { 6, 7, 0 }, { 20, 13, 0 }, { 36, 1, 0 } } },
    { OPND_TGT25C, 2, { { 13, 20, 0 }, { 36, 1, 0 } } },
    { OPND_TGT64, 3, { { 13, 20, 0 }, { 2, 39, 1 }, { 36, 1, 0 } } },
};

static const struct relfield *relfield_of(int opnd)
{
    for (size_t i = 0; i < sizeof relfields / sizeof relfields[0]; i++)
        if (relfields[i].opnd == opnd)
            return &relfields[i];
    return NULL;
}

static unsigned relbits(const struct relfield *rf)
{
    unsigned n = 0;
    for (int i = 0; i < rf->n; i++)
        n += rf->f[i].len;
    return n;
}

/* Writes the displacement DISP (bytes, a multiple of 16) into the fields;
 * -1 when it does not fit. */
static int relput(const struct relfield *rf, uint64_t *slot, uint64_t *lslot, int64_t disp)
{
    unsigned bits = relbits(rf);
    int64_t v = disp / 16;
    int64_t lim = (int64_t)1 << (bits - 1);
    if (disp % 16 || v < -lim || v >= lim)
        return -1;
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < rf->n; i++) {
        uint64_t *s = rf->f[i].l ? lslot : slot;
        uint64_t mask = ((1ull << rf->f[i].len) - 1) << rf->f[i].pos;
        *s = (*s & ~mask) | ((u & ((1ull << rf->f[i].len) - 1)) << rf->f[i].pos);
        u >>= rf->f[i].len;
    }
    return 0;
}

int pvops_relocate_bundle(uint8_t b[PVOPS_BUNDLE], uint64_t from, uint64_t to, uint64_t seq, uint64_t seq_end,
                          char *err, size_t errlen)
{
    struct bundle bd;
    bundle_split(&bd, b);
    const struct insn_template *t = &insn_templates[bd.tmpl];
    int changed = 0;
    for (int s = 0; s < 3; s++) {
        int unit = t->unit[s];
        if (unit == UNIT_NONE || unit == UNIT_L)
            continue;
        int type = insn_type_for_unit(bd.slot[s], unit);
        const struct insn_desc *d = type < 0 ? NULL : insn_decode(bd.slot[s], type);
        if (!d)
            continue;
        for (int o = 0; o < d->nopnd; o++) {
            if (d->opnd[o] == OPND_IP) {
                snprintf(err, errlen, "bundle at 0x%llx slot %d: %s reads the IP and cannot move",
                         (unsigned long long)from, s, d->mnemonic);
                return -1;
            }
            const struct relfield *rf = relfield_of(d->opnd[o]);
            if (!rf)
                continue;               /* the brp tag (a hint) is left as it is */
            uint64_t lslot = s == 2 ? bd.slot[1] : 0;
            int64_t disp = insn_operand_value(d->opnd[o], bd.slot[s], lslot);
            uint64_t target = from + (uint64_t)disp;
            if (target >= seq && target <= seq_end)
                continue;               /* inside the sequence: it moves with it */
            if (relput(rf, &bd.slot[s], &lslot, (int64_t)(target - to))) {
                snprintf(err, errlen, "bundle at 0x%llx slot %d: %s target 0x%llx out of reach from 0x%llx",
                         (unsigned long long)from, s, d->mnemonic, (unsigned long long)target,
                         (unsigned long long)to);
                return -1;
            }
            if (s == 2 && unit == UNIT_X)
                bd.slot[1] = lslot;
            changed++;
        }
    }
    if (changed)
        bundle_pack(b, bd.tmpl, bd.stop, bd.slot);
    return changed;
}

void pvops_nop_bundle(uint8_t b[PVOPS_BUNDLE], int stop)
{
    const uint64_t slot[3] = { NOP_M, NOP_I, NOP_I };
    bundle_pack(b, TMPL_MII, stop ? 1 : 0, slot);
}

int pvops_branch_bundle(uint8_t b[PVOPS_BUNDLE], uint64_t at, uint64_t target)
{
    /* B1 br.cond.sptk.few: op 4, btype 0, wh 0 (sptk), p 0 (few), d 0, qp 0 */
    uint64_t slot[3] = { NOP_M, NOP_I, 4ull << 37 };
    uint64_t none = 0;
    if (relput(relfield_of(OPND_TGT25C), &slot[2], &none, (int64_t)(target - at)))
        return -1;
    bundle_pack(b, TMPL_MIB, 1, slot);
    return 0;
}

void pvops_count_insns(const uint8_t *p, unsigned n, unsigned *insns, unsigned *nops)
{
    *insns = *nops = 0;
    for (unsigned i = 0; i < n; i++) {
        struct bundle bd;
        bundle_split(&bd, p + 16 * i);
        const struct insn_template *t = &insn_templates[bd.tmpl];
        for (int s = 0; s < 3; s++) {
            int unit = t->unit[s];
            if (unit == UNIT_L)
                continue;
            if (unit == UNIT_NONE) {
                (*insns)++;
                continue;
            }
            int type = insn_type_for_unit(bd.slot[s], unit);
            const struct insn_desc *d = type < 0 ? NULL : insn_decode(bd.slot[s], type);
            if (d && !strncmp(d->mnemonic, "nop.", 4))
                (*nops)++;
            else
                (*insns)++;
        }
    }
}

int pvops_patch_site(uint8_t *site, unsigned nb, uint64_t site_addr, const uint8_t *xen, unsigned xb,
                     uint64_t xen_addr, uint8_t *stub, uint64_t stub_addr, size_t stub_room,
                     struct pvops_patch_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    uint64_t xend = xen_addr + 16ull * xb;
    if (!nb || !xb) {
        snprintf(err, errlen, "site at 0x%llx: empty site", (unsigned long long)site_addr);
        return -1;
    }
    if (xb <= nb) {
        uint8_t tmp[PVOPS_BUNDLE];
        int last_stop = 0;
        for (unsigned i = 0; i < xb; i++) {
            memcpy(tmp, xen + 16 * i, 16);
            int n = pvops_relocate_bundle(tmp, xen_addr + 16 * i, site_addr + 16 * i, xen_addr, xend, err, errlen);
            if (n < 0)
                return -1;
            r->relocated += (unsigned)n;
            memcpy(site + 16 * i, tmp, 16);
            last_stop = tmp[0] & 1;
        }
        /* the padding keeps the sequence's own end: a stop after it if it had one */
        for (unsigned i = xb; i < nb; i++)
            pvops_nop_bundle(site + 16 * i, last_stop);
        r->pad_bundles = nb - xb;
        return 0;
    }
    if (stub_room < 16ull * (xb + 1)) {
        snprintf(err, errlen, "site at 0x%llx: the patch area is full", (unsigned long long)site_addr);
        return -1;
    }
    for (unsigned i = 0; i < xb; i++) {
        memcpy(stub + 16 * i, xen + 16 * i, 16);
        int n = pvops_relocate_bundle(stub + 16 * i, xen_addr + 16 * i, stub_addr + 16 * i, xen_addr, xend, err,
                                      errlen);
        if (n < 0)
            return -1;
        r->relocated += (unsigned)n;
    }
    /* the branch back: to the bundle after the site */
    if (pvops_branch_bundle(stub + 16 * xb, stub_addr + 16 * xb, site_addr + 16 * nb) ||
        pvops_branch_bundle(site, site_addr, stub_addr)) {
        snprintf(err, errlen, "site at 0x%llx: the patch area at 0x%llx is out of reach of an IP-relative br",
                 (unsigned long long)site_addr, (unsigned long long)stub_addr);
        return -1;
    }
    for (unsigned i = 1; i < nb; i++)
        pvops_nop_bundle(site + 16 * i, 1);
    r->stub = 1;
    r->bundles_added = xb + 1;
    r->pad_bundles = nb - 1;
    return 0;
}
