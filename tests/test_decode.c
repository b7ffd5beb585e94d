/* Unit tests for bundle and operand decoding.  Expected values follow the
 * SDM (rev. 2.3): vol. 1, 3.3 (bundles), vol. 3, table 3-10 (templates) and
 * chapter 4 (instruction formats). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "disasm.h"
#include "insn.h"

static void make_bytes(uint8_t out[16], uint64_t lo, uint64_t hi)
{
    for (int i = 0; i < 8; i++) {
        out[i] = (uint8_t)(lo >> (8 * i));
        out[8 + i] = (uint8_t)(hi >> (8 * i));
    }
}

/* Builds a bundle from a 5-bit template and three slots, per SDM vol. 1,
 * figure 3-16: template in bits 0-4, slot 0 in 5-45, slot 1 in 46-86,
 * slot 2 in 87-127. */
static void build(struct bundle *b, unsigned tmpl5, uint64_t s0, uint64_t s1, uint64_t s2)
{
    uint8_t bytes[16];
    uint64_t lo = tmpl5 | s0 << 5 | s1 << 46;
    uint64_t hi = s1 >> 18 | s2 << 23;
    make_bytes(bytes, lo, hi);
    bundle_split(b, bytes);
}

static void test_bundle_fields(void **state)
{
    (void)state;
    struct bundle b;
    uint64_t s0 = 0x123456789abull, s1 = 0x1fedcba9876ull, s2 = 0x0a5a5a5a5a5ull;
    build(&b, 0x11, s0, s1, s2);
    assert_int_equal(b.tmpl, 0x8);
    assert_int_equal(b.stop, 1);
    assert_true(b.slot[0] == s0);
    assert_true(b.slot[1] == s1);
    assert_true(b.slot[2] == s2);
    build(&b, 0x00, 0x1ffffffffffull, 0, 0x1ffffffffffull);
    assert_true(b.slot[0] == 0x1ffffffffffull);
    assert_true(b.slot[1] == 0);
    assert_true(b.slot[2] == 0x1ffffffffffull);
    assert_int_equal(b.stop, 0);
}

static void test_slot_bits(void **state)
{
    (void)state;
    assert_true(slot_bits(0x1e000000000ull, 37, 4) == 0xf);
    assert_true(slot_bits(0x3f, 0, 6) == 0x3f);
    assert_true(slot_bits(1ull << 36, 36, 1) == 1);
}

/* SDM vol. 3, table 3-10: all 32 templates. */
static void test_templates(void **state)
{
    (void)state;
    static const struct { const char *units; int stop_after; } expect[32] = {
        { "MII", 0 }, { "MII", 3 }, { "MII", 2 }, { "MII", 23 }, { "MLX", 0 }, { "MLX", 3 },
        { NULL, 0 }, { NULL, 0 }, { "MMI", 0 }, { "MMI", 3 }, { "MMI", 1 }, { "MMI", 13 },
        { "MFI", 0 }, { "MFI", 3 }, { "MMF", 0 }, { "MMF", 3 }, { "MIB", 0 }, { "MIB", 3 },
        { "MBB", 0 }, { "MBB", 3 }, { NULL, 0 }, { NULL, 0 }, { "BBB", 0 }, { "BBB", 3 },
        { "MMB", 0 }, { "MMB", 3 }, { NULL, 0 }, { NULL, 0 }, { "MFB", 0 }, { "MFB", 3 },
        { NULL, 0 }, { NULL, 0 },
    };
    for (unsigned t = 0; t < 32; t++) {
        struct bundle b;
        build(&b, t, 0, 0, 0);
        if (!expect[t].units) {
            assert_true(bundle_reserved(&b));
            continue;
        }
        assert_false(bundle_reserved(&b));
        const struct insn_template *d = &insn_templates[b.tmpl];
        for (int s = 0; s < 3; s++) {
            static const char letters[] = "MIFBLX";
            char u = letters[d->unit[s]];
            assert_int_equal(u, expect[t].units[s]);
        }
        /* stops: 3 = end of bundle, 1/2 = after that slot, 13/23 both */
        int want_mid = expect[t].stop_after % 10 == 3 ? expect[t].stop_after / 10 : expect[t].stop_after;
        if (want_mid == 3)
            want_mid = 0;
        assert_int_equal(d->stop_after, want_mid);
        assert_int_equal(b.stop, (expect[t].stop_after % 10) == 3);
    }
}

static uint64_t sext(uint64_t v, int bits)
{
    uint64_t s = 1ull << (bits - 1);
    return (v ^ s) - s;
}

/* A3 imm8 = sign_ext(s << 7 | imm7b, 8); A4 imm14 = sign_ext(s << 13 |
 * imm6d << 7 | imm7b, 14); A5 imm22 = sign_ext(s << 21 | imm5c << 16 |
 * imm9d << 7 | imm7b, 22). */
static void test_alu_immediates(void **state)
{
    (void)state;
    for (uint64_t v = 0; v < 256; v += 7) {
        uint64_t slot = (v & 0x7f) << 13 | (v >> 7) << 36;
        assert_true((uint64_t)insn_operand_value(OPND_IMM8, slot, 0) == sext(v, 8));
    }
    uint64_t vals14[] = { 0, 1, 0x1fff, 0x2000, 0x3fff, 0x1234, 0x2a5a };
    for (size_t i = 0; i < sizeof vals14 / sizeof vals14[0]; i++) {
        uint64_t v = vals14[i];
        uint64_t slot = (v & 0x7f) << 13 | ((v >> 7) & 0x3f) << 27 | (v >> 13) << 36;
        assert_true((uint64_t)insn_operand_value(OPND_IMM14, slot, 0) == sext(v, 14));
    }
    uint64_t vals22[] = { 0, 1, 0x1fffff, 0x200000, 0x3fffff, 0x123456, 0x2abcde };
    for (size_t i = 0; i < sizeof vals22 / sizeof vals22[0]; i++) {
        uint64_t v = vals22[i];
        uint64_t slot = (v & 0x7f) << 13 | ((v >> 7) & 0x1ff) << 27 |
                        ((v >> 16) & 0x1f) << 22 | (v >> 21) << 36;
        assert_true((uint64_t)insn_operand_value(OPND_IMM22, slot, 0) == sext(v, 22));
    }
}

/* X2 (movl): imm64 = i << 63 | imm41 << 22 | ic << 21 | imm5c << 16 |
 * imm9d << 7 | imm7b, imm41 being the whole L slot. */
static void test_movl_immediate(void **state)
{
    (void)state;
    uint64_t vals[] = { 0, 1, 0x123456789abcdef0ull, 0xffffffffffffffffull, 0x8000000000000000ull };
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint64_t v = vals[i];
        uint64_t slot = (v & 0x7f) << 13 | ((v >> 7) & 0x1ff) << 27 | ((v >> 16) & 0x1f) << 22 |
                        ((v >> 21) & 1) << 21 | (v >> 63) << 36;
        uint64_t l = (v >> 22) & 0x1ffffffffffull;
        assert_true((uint64_t)insn_operand_value(OPND_IMMU64, slot, l) == v);
    }
}

/* X3 (brl): target = IP + (sign_ext(i << 59 | imm39 << 20 | imm20b, 60) << 4),
 * imm39 being bits 2-40 of the L slot. */
static void test_brl_target(void **state)
{
    (void)state;
    int64_t disps[] = { 0, 16, -16, 0x7ffffffffffffff0ll, -0x8000000000000000ll, 0x123456789abcd0ll };
    for (size_t i = 0; i < sizeof disps / sizeof disps[0]; i++) {
        uint64_t imm60 = ((uint64_t)disps[i] >> 4) & ((1ull << 60) - 1);
        uint64_t slot = (imm60 & 0xfffff) << 13 | (imm60 >> 59) << 36;
        uint64_t l = ((imm60 >> 20) & 0x7fffffffffull) << 2 | 3; /* bits 0-1 ignored */
        assert_true(insn_operand_value(OPND_TGT64, slot, l) == disps[i]);
    }
}

/* B1: target = IP + (sign_ext(s << 20 | imm20b, 21) << 4);
 * M22 (chk.a) uses the same field at 13-32; I20/M20 split it at 6-12 and 20-32. */
static void test_branch_displacements(void **state)
{
    (void)state;
    int64_t disps[] = { 0, 16, -16, 0xfffff0, -0x1000000, 0x123450 };
    for (size_t i = 0; i < sizeof disps / sizeof disps[0]; i++) {
        uint64_t imm21 = ((uint64_t)disps[i] >> 4) & 0x1fffff;
        uint64_t b1 = (imm21 & 0xfffff) << 13 | (imm21 >> 20) << 36;
        assert_true(insn_operand_value(OPND_TGT25C, b1, 0) == disps[i]);
        uint64_t i20 = (imm21 & 0x7f) << 6 | ((imm21 >> 7) & 0x1fff) << 20 | (imm21 >> 20) << 36;
        assert_true(insn_operand_value(OPND_TGT25B, i20, 0) == disps[i]);
        uint64_t m22 = (imm21 & 0xfffff) << 6 | (imm21 >> 20) << 36;
        assert_true(insn_operand_value(OPND_TGT25, m22, 0) == disps[i]);
    }
}

/* Reserved templates decode nothing: every slot is a data8 placeholder. */
static void test_reserved_templates(void **state)
{
    (void)state;
    static const unsigned reserved[] = { 0x06, 0x07, 0x14, 0x15, 0x1a, 0x1b, 0x1e, 0x1f };
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        struct bundle b;
        char line[128];
        build(&b, reserved[i], 0x8000000000ull, 0, 1);
        assert_true(bundle_reserved(&b));
        assert_int_equal(disasm_slot_count(&b), 3);
        for (int s = 0; s < 3; s++)
            assert_null(disasm_line(line, sizeof line, &b, s, 0, NULL, NULL));
        disasm_line(line, sizeof line, &b, 0, 0, NULL, NULL);
        char want[64];
        snprintf(want, sizeof want, "[-%x-]       data8 0x8000000000", reserved[i] >> 1);
        assert_string_equal(line, want);
        disasm_line(line, sizeof line, &b, 2, 0, NULL, NULL);
        assert_string_equal(line, "            data8 0x000000001"); /* %#011x */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundle_fields),
        cmocka_unit_test(test_slot_bits),
        cmocka_unit_test(test_templates),
        cmocka_unit_test(test_alu_immediates),
        cmocka_unit_test(test_movl_immediate),
        cmocka_unit_test(test_brl_target),
        cmocka_unit_test(test_branch_displacements),
        cmocka_unit_test(test_reserved_templates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
