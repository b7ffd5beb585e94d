/* Unit tests for binary patching (pvops/patch.c): the stub relocation of
 * IP-relative operands, the stub and its branches, in-place padding.
 * Encodings: SDM rev. 2.3 vol. 3, chapter 4 (B1 br.cond, X3 brl, M20
 * chk.s.m, I25 mov r=ip, M48/I18 nop); templates vol. 1, table 3-10. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "insn.h"
#include "patch.h"

#define NOP (1ull << 27)

/* The instruction in SLOT of bundle B, decoded. */
static const struct insn_desc *decode_slot(const uint8_t *b, int slot, struct bundle *bd)
{
    bundle_split(bd, b);
    int unit = insn_templates[bd->tmpl].unit[slot];
    int type = insn_type_for_unit(bd->slot[slot], unit);
    assert_true(type >= 0);
    const struct insn_desc *d = insn_decode(bd->slot[slot], type);
    assert_non_null(d);
    return d;
}

/* The absolute target of the IP-relative operand in SLOT of the bundle
 * at address AT. */
static uint64_t target_of(const uint8_t *b, uint64_t at, int slot)
{
    struct bundle bd;
    const struct insn_desc *d = decode_slot(b, slot, &bd);
    for (int o = 0; o < d->nopnd; o++)
        if (d->opnd[o] == OPND_TGT25C || d->opnd[o] == OPND_TGT64 || d->opnd[o] == OPND_TGT25B)
            return at + (uint64_t)insn_operand_value(d->opnd[o], bd.slot[slot], slot == 2 ? bd.slot[1] : 0);
    fail_msg("no IP-relative operand in slot %d (%s)", slot, d->mnemonic);
    return 0;
}

/* brl (X3) at slot 1+2 of an MLX bundle, displacement DISP bytes */
static void make_brl(uint8_t b[16], int64_t disp)
{
    uint64_t v = (uint64_t)(disp / 16);
    uint64_t slot[3] = { NOP, (v >> 20 & ((1ull << 39) - 1)) << 2,
                         0xcull << 37 | (v >> 59 & 1) << 36 | (v & 0xfffff) << 13 };
    bundle_pack(b, 0x2 /* MLX */, 1, slot);
}

/* chk.s.m r5, DISP (M20) in slot 0 of an MII bundle */
static void make_chk(uint8_t b[16], int64_t disp)
{
    uint64_t v = (uint64_t)(disp / 16);
    uint64_t slot[3] = { 1ull << 37 | 1ull << 33 | (v >> 20 & 1) << 36 | (v >> 7 & 0x1fff) << 20 |
                             5ull << 13 | (v & 0x7f) << 6, NOP, NOP };
    bundle_pack(b, 0x0, 0, slot);
}

static void test_encodings(void **state)
{
    (void)state;
    uint8_t b[16];
    struct bundle bd;
    pvops_nop_bundle(b, 1);
    for (int s = 0; s < 3; s++)
        assert_string_equal(decode_slot(b, s, &bd)->mnemonic, s ? "nop.i" : "nop.m");
    assert_int_equal(bd.stop, 1);
    assert_int_equal(pvops_branch_bundle(b, 0x1000, 0x1000 - 0x400), 0);
    assert_string_equal(decode_slot(b, 2, &bd)->mnemonic, "br.few");  /* br.cond.sptk.few, qp p0 */
    assert_int_equal(bd.slot[2] & 0x3f, 0);                 /* qp p0: always taken */
    assert_int_equal(target_of(b, 0x1000, 2), 0x1000 - 0x400);
    /* reach of an IP-relative br: +-16 MiB */
    assert_int_equal(pvops_branch_bundle(b, 0x1000000, 0x1000000 + (1ull << 24) - 16), 0);
    assert_int_equal(pvops_branch_bundle(b, 0x1000000, 0x1000000 + (1ull << 24)), -1);
    assert_int_equal(pvops_branch_bundle(b, 0x1000000, 0), 0);
    assert_int_equal(pvops_branch_bundle(b, 0x1000010, 0), -1);
    make_brl(b, -0x123450);
    assert_string_equal(decode_slot(b, 2, &bd)->mnemonic, "brl.few");  /* brl.cond.sptk.few, qp p0 */
    assert_int_equal(target_of(b, 0x200000, 2), 0x200000 - 0x123450);
    make_chk(b, 0x330);
    assert_string_equal(decode_slot(b, 0, &bd)->mnemonic, "chk.s.m");
    assert_int_equal(target_of(b, 0x200000, 0), 0x200330);
}

/* A four-bundle sequence at 0x100000 (as in the Xen image), moved to a
 * stub at 0x920000: a branch inside it and one to its end keep their
 * displacement; a brl, a chk.s and a branch outside keep their absolute
 * target. */
static void test_relocation(void **state)
{
    (void)state;
    const uint64_t from = 0x100000, to = 0x920000, end = from + 4 * 16;
    uint8_t seq[4][16], out[5 * 16];
    char err[200];
    assert_int_equal(pvops_branch_bundle(seq[0], from, from + 0x20), 0);     /* inside */
    assert_int_equal(pvops_branch_bundle(seq[1], from + 0x10, end), 0);      /* the end */
    make_brl(seq[2], -0x80000);                                             /* outside */
    make_chk(seq[3], 0x1000);                                               /* outside */
    uint8_t site[2 * 16];
    pvops_nop_bundle(site, 0);
    pvops_nop_bundle(site + 16, 1);
    struct pvops_patch_result r;
    const uint64_t site_addr = 0x908000;
    assert_int_equal(pvops_patch_site(site, 2, site_addr, &seq[0][0], 4, from, out, to, sizeof out, &r, err,
                                      sizeof err), 0);
    assert_int_equal(r.stub, 1);
    assert_int_equal(r.bundles_added, 5);
    assert_int_equal(r.relocated, 2);
    assert_int_equal(r.pad_bundles, 1);
    assert_int_equal(target_of(out, to, 2), to + 0x20);
    assert_int_equal(target_of(out + 16, to + 16, 2), to + 0x40);           /* the branch back bundle */
    assert_int_equal(target_of(out + 32, to + 32, 2), from + 32 - 0x80000);
    assert_int_equal(target_of(out + 48, to + 48, 0), from + 48 + 0x1000);
    assert_int_equal(target_of(out + 64, to + 64, 2), site_addr + 32);       /* back after the site */
    assert_int_equal(target_of(site, site_addr, 2), to);                    /* the site branches out */
    struct bundle bd;
    assert_string_equal(decode_slot(site + 16, 0, &bd)->mnemonic, "nop.m");
    /* the slots that were not IP-relative are copied bit for bit */
    assert_memory_equal(out + 32, seq[2], 5);
    /* chk.s's 21-bit reach: 16 MiB */
    make_chk(seq[3], 0x10);
    assert_int_equal(pvops_relocate_bundle(seq[3], from, from + (1ull << 25), from, from, err, sizeof err), -1);
    assert_non_null(strstr(err, "out of reach"));
}

static void test_in_place_and_refusals(void **state)
{
    (void)state;
    uint8_t site[3 * 16], xen[16], stub[16];
    char err[200];
    struct pvops_patch_result r;
    pvops_branch_bundle(xen, 0x9000, 0x9010);                               /* to its own end */
    memset(site, 0xaa, sizeof site);
    assert_int_equal(pvops_patch_site(site, 3, 0x4000100, xen, 1, 0x9000, stub, 0x4020000, sizeof stub, &r, err,
                                      sizeof err), 0);
    assert_int_equal(r.stub, 0);
    assert_int_equal(r.pad_bundles, 2);
    assert_int_equal(r.bundles_added, 0);
    assert_int_equal(target_of(site, 0x4000100, 2), 0x4000110);             /* still its end */
    unsigned insns, nops;
    pvops_count_insns(site, 3, &insns, &nops);
    assert_int_equal(insns, 1);
    assert_int_equal(nops, 8);
    assert_int_equal(site[16] & 1, 1);                                      /* the padding keeps the stop */
    /* mov r3 = ip (I25) cannot move */
    uint64_t mip[3] = { NOP, 0x30ull << 27 | 3ull << 6, NOP };
    bundle_pack(xen, 0x0, 1, mip);
    assert_int_equal(pvops_relocate_bundle(xen, 0x9000, 0x9100, 0x9000, 0x9010, err, sizeof err), -1);
    assert_non_null(strstr(err, "reads the IP"));
    /* a stub that does not fit the patch area */
    uint8_t big[2 * 16];
    pvops_nop_bundle(big, 0);
    pvops_nop_bundle(big + 16, 1);
    assert_int_equal(pvops_patch_site(site, 1, 0x4000100, big, 2, 0x9000, stub, 0x4020000, sizeof stub, &r, err,
                                      sizeof err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_relocation),
        cmocka_unit_test(test_in_place_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
