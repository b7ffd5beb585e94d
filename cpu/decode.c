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

void bundle_pack(uint8_t bytes[16], unsigned tmpl, unsigned stop, const uint64_t slot[3])
{
    const uint64_t m = (1ull << 41) - 1;
    uint64_t lo = (stop & 1) | (uint64_t)(tmpl & 0xf) << 1 | (slot[0] & m) << 5 | (slot[1] & m) << 46;
    uint64_t hi = (slot[1] & m) >> 18 | (slot[2] & m) << 23;
    for (int i = 0; i < 8; i++) {
        bytes[i] = (uint8_t)(lo >> (8 * i));
        bytes[8 + i] = (uint8_t)(hi >> (8 * i));
    }
}

int bundle_reserved(const struct bundle *b)
{
    return insn_templates[b->tmpl].unit[0] == UNIT_NONE;
}

/* SDM vol. 3, 4.1: major opcodes 8-15 on an I or M unit are the A-type
 * instructions, which either unit executes. */
int insn_type_for_unit(uint64_t slot, int unit)
{
    unsigned op = slot_bits(slot, INSN_OP_POS, INSN_OP_LEN);
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

static uint64_t raw_field(const struct insn_operand *o, uint64_t slot, uint64_t slot_l, unsigned *width)
{
    uint64_t v = 0;
    unsigned total = 0;
    for (unsigned i = 0; i < o->npieces; i++) {
        uint64_t from = o->piece[i].lslot ? slot_l : slot;
        v |= slot_bits(from, o->piece[i].pos, o->piece[i].len) << total;
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

    v = raw_field(o, slot, slot_l, &width);
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
    const struct insn_dispatch *dp = &insn_dispatch[type][slot_bits(slot, INSN_OP_POS, INSN_OP_LEN)];
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
