/* Fuzz target: the decoder, the disassembler and the predecoder on
 * arbitrary bundles.  The input is cut into 16-byte bundles (the last one
 * zero-padded), at most 64; each is split, every slot decoded for its
 * unit with every operand extracted, every line disassembled (into a
 * large buffer and into a small one, which must stay terminated), and the
 * bundle predecoded. */
#include <string.h>

#include "disasm.h"
#include "fuzz.h"
#include "machine.h"

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 16)
        size = 64 * 16;
    for (size_t off = 0; off < size; off += 16) {
        uint8_t raw[16] = { 0 };
        memcpy(raw, data + off, size - off < 16 ? size - off : 16);
        struct bundle b;
        bundle_split(&b, raw);
        FUZZ_CHECK(b.tmpl < 16 && b.slot[0] >> 41 == 0 && b.slot[1] >> 41 == 0 && b.slot[2] >> 41 == 0);
        int reserved = bundle_reserved(&b);
        const struct insn_template *t = &insn_templates[b.tmpl];
        for (int i = 0; i < 3 && !reserved; i++) {
            int unit = t->unit[i];
            if (unit == UNIT_L)
                continue;
            uint64_t slot = b.slot[i], slot_l = 0;
            if (i == 2 && t->unit[1] == UNIT_L) {
                unit = UNIT_X;
                slot_l = b.slot[1];
            }
            int type = insn_type_for_unit(slot, unit);
            const struct insn_desc *d = type < 0 ? NULL : insn_decode(slot, type);
            if (!d)
                continue;
            FUZZ_CHECK((slot & d->mask) == d->match && d->nopnd <= 5);
            for (unsigned j = 0; j < d->nopnd; j++) {
                FUZZ_CHECK(d->opnd[j] < OPND_COUNT);
                (void)insn_operand_value(d->opnd[j], slot, slot_l);
            }
        }
        /* addresses anywhere, branch targets wrapping around */
        uint64_t addr = (le64(raw) ^ le64(raw + 8) * 0x9e3779b97f4a7c15ull) & ~15ull;
        int lines = disasm_slot_count(&b);
        FUZZ_CHECK(lines == 2 || lines == 3);
        for (int line = 0; line < lines; line++) {
            char big[512], small[12];
            memset(big, 0x55, sizeof big);
            disasm_line(big, sizeof big, &b, line, addr, disasm_plain_address, NULL);
            FUZZ_CHECK(memchr(big, 0, sizeof big) != NULL);
            FUZZ_CHECK(strlen(big) < 200);
            memset(small, 0x55, sizeof small);
            disasm_line(small, sizeof small, &b, line, addr, disasm_plain_address, NULL);
            FUZZ_CHECK(memchr(small, 0, sizeof small) != NULL);
            FUZZ_CHECK(strncmp(big, small, strlen(small)) == 0);
        }
        struct pbundle pb;
        predecode_bundle(&pb, addr, raw);
        FUZZ_CHECK(pb.nslots >= 1 && pb.nslots <= 3);
        for (int i = 0; i < pb.nslots; i++)
            FUZZ_CHECK(pb.s[i].fn != NULL || pb.s[i].guard == GUARD_NEVER);
    }
    return 0;
}
