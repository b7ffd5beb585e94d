/* IA-64 instruction encodings: the types behind the generated table.
 *
 * cpu/insn.tbl is the one description of every encoding; cpu/gen_insn.py
 * compiles it into insn_table.c (the arrays below) and insn_table.h (the
 * operand ids, flag bits and type numbers).  SDM rev. 2.3, vol. 3, ch. 4.
 */
#ifndef IA64EMU_INSN_H
#define IA64EMU_INSN_H

#include <stddef.h>
#include <stdint.h>

#include "insn_table.h"

struct insn_piece {
    uint8_t pos, len;
    uint8_t lslot;           /* taken from the L slot of an MLX bundle */
};

/* How an operand is pulled out of a 41-bit slot and printed. */
struct insn_operand {
    const char *name;
    uint8_t kind;            /* OPK_* */
    uint8_t npieces;
    struct insn_piece piece[6]; /* concatenated, least significant first */
    uint8_t sign;            /* sign-extend the concatenation */
    uint8_t complement;      /* value = field ^ all-ones (cpos, ccnt) */
    uint8_t scale;           /* shift left after extraction */
    int8_t add;              /* then add */
    const char *text;        /* constant text, or register prefix */
    const int64_t *map;      /* OPK_MAP: field value -> operand value */
    uint8_t nmap;
    const char *const *names; /* OPK_MUX: symbolic names for some values */
};

struct insn_desc {
    const char *mnemonic;    /* with completers, as objdump prints it */
    const char *format;      /* SDM format: A1, M46, ... */
    uint64_t match, mask;    /* slot & mask == match */
    uint8_t type;            /* INSN_TYPE_* */
    uint8_t nout;            /* operands before the '=' */
    uint8_t nopnd;
    uint8_t opnd[5];         /* OPND_* */
    uint16_t flags;          /* INSN_F_* */
};

struct insn_template {
    const char *tag;         /* "MII", "MLX", or "-3-" when reserved */
    uint8_t unit[3];         /* UNIT_*; UNIT_NONE when reserved */
    uint8_t stop_after;      /* 1 or 2: a stop follows that slot; 0 none */
};

struct insn_dispatch {
    uint8_t nkey;
    uint8_t key[8];          /* slot bits that index the candidate lists */
    uint32_t first;          /* index into insn_dispatch_starts */
};

extern const struct insn_operand insn_operands[OPND_COUNT];
extern const struct insn_desc insn_table[INSN_COUNT];
extern const struct insn_template insn_templates[16];
extern const struct insn_dispatch insn_dispatch[6][16];
extern const uint16_t insn_dispatch_items[];
extern const uint32_t insn_dispatch_starts[];

/* A bundle split into its fields (SDM vol. 1, 3.3.1 "Instruction
 * Encoding Overview"). */
struct bundle {
    uint64_t lo, hi;         /* the raw 128 bits, little-endian halves */
    uint8_t tmpl;            /* bits 1-4: index into insn_templates */
    uint8_t stop;            /* bit 0: a stop at the end of the bundle */
    uint64_t slot[3];        /* 41 bits each */
};

void bundle_split(struct bundle *b, const uint8_t bytes[16]);
int bundle_reserved(const struct bundle *b);

/* Instruction type for a slot executed on UNIT (UNIT_*), or -1. */
int insn_type_for_unit(uint64_t slot, int unit);

/* The table entry that decodes SLOT as TYPE, or NULL. */
const struct insn_desc *insn_decode(uint64_t slot, int type);

void bundle_pack(uint8_t bytes[16], unsigned tmpl, unsigned stop, const uint64_t slot[3]);

/* Extract operand OP of SLOT.  SLOT_L is the L slot of an MLX bundle,
 * used by the long immediates.  Branch-relative operands come back as a
 * displacement from the bundle address. */
int64_t insn_operand_value(int op, uint64_t slot, uint64_t slot_l);

/* Bits of SLOT, POS.. POS+LEN-1. */
static inline uint64_t slot_bits(uint64_t slot, unsigned pos, unsigned len)
{
    return (slot >> pos) & ((1ull << len) - 1);
}

#endif
