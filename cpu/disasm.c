/* Disassembly, in objdump's syntax, from the generated table alone. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "disasm.h"

static size_t put(char *buf, size_t n, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (len < n) {
        int k = vsnprintf(buf + len, n - len, fmt, ap);
        if (k > 0)
            len += (size_t)k;
    }
    va_end(ap);
    return len < n ? len : n - 1;
}

size_t disasm_plain_address(void *ctx, char *buf, size_t n, size_t len, uint64_t addr)
{
    (void)ctx;
    return put(buf, n, len, "0x%" PRIx64, addr);
}

int disasm_slot_count(const struct bundle *b)
{
    return insn_templates[b->tmpl].unit[1] == UNIT_L ? 2 : 3;
}

static const char *ar_name(uint64_t v, char *tmp, size_t n)
{
    static const char *const names[128] = {
        [16] = "ar.rsc", [17] = "ar.bsp", [18] = "ar.bspstore", [19] = "ar.rnat",
        [21] = "ar.fcr", [24] = "ar.eflag", [25] = "ar.csd", [26] = "ar.ssd",
        [27] = "ar.cflg", [28] = "ar.fsr", [29] = "ar.fir", [30] = "ar.fdr",
        [32] = "ar.ccv", [36] = "ar.unat", [40] = "ar.fpsr", [44] = "ar.itc",
        [45] = "ar.ruc", [64] = "ar.pfs", [65] = "ar.lc", [66] = "ar.ec",
    };
    if (v < 8)
        snprintf(tmp, n, "ar.k%u", (unsigned)v);
    else if (v < 128 && names[v])
        return names[v];
    else
        snprintf(tmp, n, "ar%u", (unsigned)v);
    return tmp;
}

static const char *cr_name(uint64_t v, char *tmp, size_t n)
{
    static const char *const names[128] = {
        [0] = "cr.dcr", [1] = "cr.itm", [2] = "cr.iva", [8] = "cr.pta",
        [16] = "cr.ipsr", [17] = "cr.isr", [19] = "cr.iip", [20] = "cr.ifa",
        [21] = "cr.itir", [22] = "cr.iipa", [23] = "cr.ifs", [24] = "cr.iim",
        [25] = "cr.iha", [26] = "cr.iib0", [27] = "cr.iib1", [64] = "cr.lid",
        [65] = "cr.ivr", [66] = "cr.tpr", [67] = "cr.eoi", [68] = "cr.irr0",
        [69] = "cr.irr1", [70] = "cr.irr2", [71] = "cr.irr3", [72] = "cr.itv",
        [73] = "cr.pmv", [74] = "cr.cmcv", [80] = "cr.lrr0", [81] = "cr.lrr1",
    };
    if (v < 128 && names[v])
        return names[v];
    snprintf(tmp, n, "cr%u", (unsigned)v);
    return tmp;
}

const struct insn_desc *disasm_line(char *buf, size_t n, const struct bundle *b, int line,
                                    uint64_t bundle_addr, disasm_addr_fn addr_fn, void *ctx)
{
    const struct insn_template *t = &insn_templates[b->tmpl];
    int slotnum = line;
    size_t len = 0;
    char tmp[24];

    if (!addr_fn)
        addr_fn = disasm_plain_address;
    buf[0] = '\0';
    len = line == 0 ? put(buf, n, len, "[%s] ", t->tag) : put(buf, n, len, "      ");
    if (line == 1 && t->unit[1] == UNIT_L)
        slotnum = 2; /* the L slot is an operand of the X slot */

    uint64_t slot = b->slot[slotnum];
    int unit = t->unit[slotnum];
    const struct insn_desc *d = insn_decode(slot, insn_type_for_unit(slot, unit));
    if (!d) {
        put(buf, n, len, "      data8 %#011" PRIx64, slot);
        return NULL;
    }
    unsigned qp = (unsigned)slot_bits(slot, INSN_QP_POS, INSN_QP_LEN);
    if ((d->flags & INSN_F_NOPRED) || qp == 0)
        len = put(buf, n, len, "      ");
    else
        len = put(buf, n, len, "(p%02u) ", qp);
    len = put(buf, n, len, "%s%s", d->mnemonic, d->nopnd ? " " : "");

    for (unsigned j = 0; j < d->nopnd; j++) {
        const struct insn_operand *o = &insn_operands[d->opnd[j]];
        int64_t v = insn_operand_value(d->opnd[j], slot, b->slot[1]);
        if (j > 0 && j != d->nout)
            len = put(buf, n, len, ",");
        switch (o->kind) {
        case OPK_CONST: len = put(buf, n, len, "%s", o->text); break;
        case OPK_REG:   len = put(buf, n, len, "%s%d", o->text, (int)v); break;
        case OPK_AR:    len = put(buf, n, len, "%s", ar_name((uint64_t)v, tmp, sizeof tmp)); break;
        case OPK_CR:    len = put(buf, n, len, "%s", cr_name((uint64_t)v, tmp, sizeof tmp)); break;
        case OPK_IND:   len = put(buf, n, len, "%s[r%d]", o->text, (int)v); break;
        case OPK_SDEC:
        case OPK_MAP:   len = put(buf, n, len, "%" PRId64, v); break;
        case OPK_UDEC:  len = put(buf, n, len, "%" PRIu64, (uint64_t)v); break;
        case OPK_MUX:
            if (o->names && o->names[v])
                len = put(buf, n, len, "%s", o->names[v]);
            else
                len = put(buf, n, len, "0x%" PRIx64, (uint64_t)v);
            break;
        case OPK_REL:   len = addr_fn(ctx, buf, n, len, bundle_addr + (uint64_t)v); break;
        default:        len = put(buf, n, len, "0x%" PRIx64, (uint64_t)v); break;
        }
        if (j + 1 == d->nout)
            len = put(buf, n, len, "=");
    }
    if (slotnum + 1 == t->stop_after || (slotnum == 2 && b->stop))
        len = put(buf, n, len, ";;");
    return d;
}
