/* Bundle and slot decoding, driven entirely by the generated table. */
#include "insn.h"

void bundle_split(struct bundle *b, const uint8_t bytes[16])
{
    uint64_t lo = 0, hi = 0;
    for (int i = 7; i >= 0; i--) {
        lo = (lo << 8) | bytes[i];
        hi = (hi << 8) | bytes[8 + i];
    }
    b->lo = lo;
    b->hi = hi;
    b->stop = lo & 1;
    b->tmpl = (lo >> 1) & 0xf;
    b->slot[0] = (lo >> 5) & 0x1ffffffffffull;
    b->slot[1] = (lo >> 46) | ((hi & 0x7fffff) << 18);
    b->slot[2] = hi >> 23;
}

int bundle_reserved(const struct bundle *b)
{
    return insn_templates[b->tmpl].unit[0] == UNIT_NONE;
}

/* SDM vol. 3, 4.1: major opcodes 8-15 on an I or M unit are the A-type
 * instructions, which either unit executes. */
int insn_type_for_unit(uint64_t slot, int unit)
{
    unsigned op = slot_bits(slot, 37, 4);
    switch (unit) {
    case UNIT_M: return op >= 8 ? INSN_TYPE_A : INSN_TYPE_M;
    case UNIT_I: return op >= 8 ? INSN_TYPE_A : INSN_TYPE_I;
    case UNIT_F: return INSN_TYPE_F;
    case UNIT_B: return INSN_TYPE_B;
    case UNIT_L:
    case UNIT_X: return INSN_TYPE_X;
    default: return -1;
    }
}

static uint64_t raw_field(const struct insn_operand *o, uint64_t slot, unsigned *width)
{
    uint64_t v = 0;
    unsigned total = 0;
    for (unsigned i = 0; i < o->npieces; i++) {
        v |= slot_bits(slot, o->piece[i].pos, o->piece[i].len) << total;
        total += o->piece[i].len;
    }
    *width = total;
    return v;
}

int64_t insn_operand_value(int op, uint64_t slot, uint64_t slot_l)
{
    const struct insn_operand *o = &insn_operands[op];
    unsigned width;
    uint64_t v;

    switch (o->kind) {
    case OPK_IMM64:  /* X2, movl: SDM vol. 3, 4.7.2 */
        return (int64_t)(slot_bits(slot, 13, 7) | slot_bits(slot, 27, 9) << 7 |
                         slot_bits(slot, 22, 5) << 16 | slot_bits(slot, 21, 1) << 21 |
                         slot_l << 22 | slot_bits(slot, 36, 1) << 63);
    case OPK_IMM62:  /* X1, X5: break.x, nop.x */
        return (int64_t)(slot_bits(slot, 6, 20) | slot_bits(slot, 36, 1) << 20 |
                         slot_l << 21);
    case OPK_TGT64:  /* X3, X4: brl, displacement in bundles */
        return (int64_t)((slot_bits(slot, 13, 20) | (slot_l >> 2) << 20 |
                          slot_bits(slot, 36, 1) << 59) << 4);
    default:
        break;
    }
    v = raw_field(o, slot, &width);
    if (o->kind == OPK_MAP)
        return v < o->nmap ? o->map[v] : 0;
    if (o->complement && o->npieces)
        v ^= (1ull << o->piece[0].len) - 1;
    if (o->sign && width && width < 64) {
        uint64_t sbit = 1ull << (width - 1);
        v = (v ^ sbit) - sbit;
    }
    v <<= o->scale;
    v += (uint64_t)(int64_t)o->add;
    return (int64_t)v;
}

/* Constraints that the mask cannot express (pseudo-op forms). */
static int constraints_hold(const struct insn_desc *d, uint64_t slot)
{
    if (d->flags & INSN_F_F2EQF3)
        return insn_operand_value(OPND_F2, slot, 0) == insn_operand_value(OPND_F3, slot, 0);
    if (d->flags & INSN_F_LENMCNT) /* dep.z written as shl */
        return insn_operand_value(OPND_LEN6, slot, 0) ==
               64 - insn_operand_value(d->opnd[2], slot, 0);
    return 1;
}

const struct insn_desc *insn_decode(uint64_t slot, int type)
{
    if (type < 0 || type > 5)
        return NULL;
    const struct insn_dispatch *dp = &insn_dispatch[type][slot_bits(slot, 37, 4)];
    unsigned key = 0;
    for (unsigned i = 0; i < dp->nkey; i++)
        key |= (unsigned)slot_bits(slot, dp->key[i], 1) << i;
    uint32_t from = insn_dispatch_starts[dp->first + key];
    uint32_t to = insn_dispatch_starts[dp->first + key + 1];
    for (uint32_t i = from; i < to; i++) {
        const struct insn_desc *d = &insn_table[insn_dispatch_items[i]];
        if ((slot & d->mask) == d->match && constraints_hold(d, slot))
            return d;
    }
    return NULL;
}
