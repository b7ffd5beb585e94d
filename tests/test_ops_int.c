/* Integer instructions (cpu/ops_int.c): A1-A8, I5, I7, I9-I17, I21-I25,
 * I29, I30, X2.  Every expected value is worked out by hand from the SDM
 * rev. 2.3 vol. 3 pseudo-code of the instruction. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness_m.h"

#define SETP(n, v) pr_set(&m->cpu, n, v)

/* Runs one encoded I- or A-type slot (slot 1 of an MII bundle). */
static int exec_slot(struct machine *m, uint64_t slot)
{
    uint64_t s[3] = { t_find("nop.m", "M48", 1)->match, slot, t_find("nop.i", "I18", 1)->match };
    return t_run_bundle(m, 0, s);
}

/* Runs the entry of FORMAT/MNEMONIC whose operand 1 is WHICH (the two I25
 * forms share mnemonic, format and operand count). */
static int exec_by_operand(struct machine *m, const char *mn, const char *f, int which, int64_t r1)
{
    for (int i = 0; i < INSN_COUNT; i++) {
        const struct insn_desc *d = &insn_table[i];
        if (strcmp(d->mnemonic, mn) || strcmp(d->format, f) || d->opnd[1] != which)
            continue;
        int64_t ops[5] = { r1 };
        uint64_t slot, l;
        assert_int_equal(t_encode(d, 0, ops, &slot, &l), 0);
        return exec_slot(m, slot);
    }
    fail();
    return -1;
}

/* shr, shr.u (I11) and shl (I12) by COUNT: the len6 field (bits 27-32)
 * must hold 64 - count - 1, which the harness does not fill in. */
static int exec_lenm(struct machine *m, const char *mn, const char *f, int64_t r1, int64_t r, int64_t count)
{
    const struct insn_desc *d = t_find(mn, f, 3);
    assert_non_null(d);
    int64_t ops[5] = { r1, r, count };
    uint64_t slot = d->match;
    for (unsigned j = 0; j < 3; j++) {
        const struct insn_operand *o = &insn_operands[d->opnd[j]];
        uint64_t raw = (uint64_t)ops[j] ^ (o->complement ? 63u : 0u);
        slot |= (raw & ((1ull << o->piece[0].len) - 1)) << o->piece[0].pos;
    }
    slot |= (uint64_t)(63 - count) << 27;
    assert_true(insn_decode(slot, INSN_TYPE_I) == d);
    return exec_slot(m, slot);
}

static void expect_fault(struct machine *m, int r, enum fault f)
{
    assert_int_equal(r, STOP_FAULT);
    assert_int_equal(m->cpu.fault, f);
}

/* ------------------------------------------------------------------ A1 */
static void test_add_sub(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 5);
    SET(3, 7);
    OK(EX(m, "add", "A1", 0, 3, 1, 2, 3));
    EQ(GR(1), 12);
    assert_false(NAT(1));
    OK(EX(m, "add", "A1", 0, 4, 4, 2, 3, 1));     /* r4 = r2 + r3 + 1 */
    EQ(GR(4), 13);
    OK(EX(m, "sub", "A1", 0, 3, 5, 2, 3));
    EQ(GR(5), -2);
    OK(EX(m, "sub", "A1", 0, 4, 6, 2, 3, 1));     /* r6 = r2 - r3 - 1 */
    EQ(GR(6), -3);
    /* wrap-around */
    SET(8, 0xffffffffffffffffull);
    SET(9, 2);
    OK(EX(m, "add", "A1", 0, 3, 10, 8, 9));
    EQ(GR(10), 1);
    /* NaT of either source goes to the target */
    SETNAT(3, 7);
    OK(EX(m, "add", "A1", 0, 3, 1, 2, 3));
    assert_true(NAT(1));
    OK(EX(m, "sub", "A1", 0, 3, 11, 3, 2));
    assert_true(NAT(11));
    /* a false qualifying predicate leaves the target alone */
    SET(12, 99);
    SETP(5, 0);
    OK(EX(m, "add", "A1", 5, 3, 12, 2, 2));
    EQ(GR(12), 99);
    SETP(5, 1);
    OK(EX(m, "add", "A1", 5, 3, 12, 2, 2));
    EQ(GR(12), 10);
    /* writing r0 is an Illegal Operation fault */
    expect_fault(m, EX(m, "add", "A1", 0, 3, 0, 2, 2), FAULT_ILLEGAL_OPERATION);
    t_free(m);
}

static void test_addp4(void **state)
{
    (void)state;
    struct machine *m = t_new();
    /* 0x10 + 0xc0000010: low 32 bits 0xc0000010, r3{31:30} = 3 -> {62:61} */
    SET(2, 0x10);
    SET(3, 0xffffffffc0000000ull);
    OK(EX(m, "addp4", "A1", 0, 3, 1, 2, 3));
    EQ(GR(1), 0x60000000c0000010ull);
    /* imm14 form: -0x20 + 0x40000010 = 0x3ffffff0, r3{31:30} = 1 */
    SET(4, 0x40000010);
    OK(EX(m, "addp4", "A4", 0, 3, 5, -0x20, 4));
    EQ(GR(5), 0x200000003ffffff0ull);
    assert_false(NAT(5));
    SETNAT(4, 0x40000010);
    OK(EX(m, "addp4", "A4", 0, 3, 5, 1, 4));
    assert_true(NAT(5));
    t_free(m);
}

static void test_logical(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 0xff00ff00);
    SET(3, 0x0ff00ff0);
    OK(EX(m, "and", "A1", 0, 3, 10, 2, 3));
    EQ(GR(10), 0x0f000f00);
    OK(EX(m, "or", "A1", 0, 3, 11, 2, 3));
    EQ(GR(11), 0xfff0fff0);
    OK(EX(m, "xor", "A1", 0, 3, 12, 2, 3));
    EQ(GR(12), 0xf0f0f0f0);
    OK(EX(m, "andcm", "A1", 0, 3, 13, 2, 3));     /* r2 & ~r3 */
    EQ(GR(13), 0xf000f000);
    /* A3: imm8 is sign-extended */
    SET(4, 0x0f);
    OK(EX(m, "andcm", "A3", 0, 3, 14, 0x7f, 4));
    EQ(GR(14), 0x70);
    OK(EX(m, "or", "A3", 0, 3, 15, -128, 4));
    EQ(GR(15), 0xffffffffffffff8full);
    OK(EX(m, "and", "A3", 0, 3, 16, -1, 2));
    EQ(GR(16), 0xff00ff00);
    OK(EX(m, "xor", "A3", 0, 3, 17, -1, 4));
    EQ(GR(17), 0xfffffffffffffff0ull);
    OK(EX(m, "sub", "A3", 0, 3, 18, 10, 4));      /* 10 - 15 */
    EQ(GR(18), -5);
    SETNAT(4, 0);
    OK(EX(m, "and", "A3", 0, 3, 19, 0, 4));
    assert_true(NAT(19));
    SETNAT(2, 0);
    OK(EX(m, "or", "A1", 0, 3, 20, 2, 3));
    assert_true(NAT(20));
    t_free(m);
}

/* ------------------------------------------------------------------ A2 */
static void test_shladd(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 3);
    SET(3, 100);
    OK(EX(m, "shladd", "A2", 0, 4, 1, 2, 3, 3));  /* (3 << 3) + 100 */
    EQ(GR(1), 124);
    OK(EX(m, "shladd", "A2", 0, 4, 1, 2, 4, 3));
    EQ(GR(1), 148);
    /* shladdp4: (0x10000000 << 4) + 0x80000005 = 0x180000005; low 32
     * bits 0x80000005, r3{31:30} = 2 -> bits 62:61 = 2 */
    SET(4, 0x10000000);
    SET(5, 0x80000005);
    OK(EX(m, "shladdp4", "A2", 0, 4, 6, 4, 4, 5));
    EQ(GR(6), 0x4000000080000005ull);
    SETNAT(2, 3);
    OK(EX(m, "shladd", "A2", 0, 4, 7, 2, 1, 3));
    assert_true(NAT(7));
    EQ(GR(7), 106);
    t_free(m);
}

/* --------------------------------------------------------------- A4, A5 */
static void test_adds_addl_mov(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, 1);
    OK(EX(m, "adds", "A4", 0, 3, 1, -8192, 3));
    EQ(GR(1), 0xffffffffffffe001ull);
    OK(EX(m, "adds", "A4", 0, 3, 1, 8191, 3));
    EQ(GR(1), 8192);
    SET(2, 1);
    OK(EX(m, "addl", "A5", 0, 3, 4, 0x1fffff, 2)); /* r3 field: r0-r3 only */
    EQ(GR(4), 0x200000);
    OK(EX(m, "addl", "A5", 0, 3, 4, -2097152, 2));
    EQ(GR(4), 0xffffffffffe00001ull);
    OK(EX(m, "mov", "A5", 0, 2, 5, -1));          /* addl r5 = -1, r0 */
    EQ(GR(5), -1);
    assert_false(NAT(5));
    SETNAT(6, 0x1234);
    OK(EX(m, "mov", "A4", 0, 2, 7, 6));           /* adds r7 = 0, r6 */
    EQ(GR(7), 0x1234);
    assert_true(NAT(7));
    OK(EX(m, "adds", "A4", 0, 3, 8, 5, 6));
    assert_true(NAT(8));
    EQ(GR(8), 0x1239);
    t_free(m);
}

/* ---------------------------------------------------------------- X2 */
static void test_movl(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SETNAT(9, 0);
    OK(EX(m, "movl", "X2", 0, 2, 9, (int64_t)0x123456789abcdef0ull));
    EQ(GR(9), 0x123456789abcdef0ull);
    assert_false(NAT(9));
    OK(EX(m, "movl", "X2", 0, 2, 10, (int64_t)0x8000000000000001ull));
    EQ(GR(10), 0x8000000000000001ull);
    t_free(m);
}

/* --------------------------------------------------------------- A6-A8 */
/* Runs a compare with p6, p7 preset to P6, P7. */
static int cmpx(struct machine *m, const char *mn, const char *f, int qp, int p6, int p7, int64_t src, int64_t r3)
{
    SETP(6, p6);
    SETP(7, p7);
    return EX(m, mn, f, qp, 4, 6, 7, src, r3);
}

static void test_cmp_normal(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, -1);
    SET(3, 1);
    OK(cmpx(m, "cmp.lt", "A6", 0, 0, 1, 2, 3));     /* -1 < 1 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ltu", "A6", 0, 1, 0, 2, 3));    /* 0xfff..f <u 1: no */
    assert_true(!PR(6) && PR(7));
    OK(cmpx(m, "cmp.eq", "A6", 0, 1, 0, 2, 3));
    assert_true(!PR(6) && PR(7));
    OK(cmpx(m, "cmp.eq", "A6", 0, 0, 1, 2, 2));
    assert_true(PR(6) && !PR(7));
    /* cmp4 compares the low 32 bits: 0x80000000 is negative */
    SET(4, 0x80000000);
    OK(cmpx(m, "cmp4.lt", "A6", 0, 0, 1, 4, 3));
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.lt", "A6", 0, 1, 0, 4, 3));
    assert_true(!PR(6) && PR(7));
    SET(5, 0xffffffff00000001ull);
    SET(8, 2);
    OK(cmpx(m, "cmp4.ltu", "A6", 0, 0, 1, 5, 8));   /* 1 <u 2 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ltu", "A6", 0, 1, 0, 5, 8));
    assert_true(!PR(6) && PR(7));
    SET(9, 0x100000005ull);
    SET(10, 5);
    OK(cmpx(m, "cmp4.eq", "A6", 0, 0, 1, 9, 10));
    assert_true(PR(6) && !PR(7));
    /* a NaT source clears both targets */
    SETNAT(11, 1);
    OK(cmpx(m, "cmp.eq", "A6", 0, 1, 1, 3, 11));
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp.lt", "A6", 0, 1, 1, 11, 3));
    assert_true(!PR(6) && !PR(7));
    /* qp false: normal type writes nothing */
    SETP(5, 0);
    OK(cmpx(m, "cmp.eq", "A6", 5, 1, 0, 2, 3));
    assert_true(PR(6) && !PR(7));
    /* p1 = p2 is an Illegal Operation fault */
    expect_fault(m, EX(m, "cmp.eq", "A6", 0, 4, 6, 6, 2, 3), FAULT_ILLEGAL_OPERATION);
    /* writes to p0 are ignored */
    OK(EX(m, "cmp.eq", "A6", 0, 4, 0, 7, 2, 3));
    assert_true(PR(0) && PR(7));
    t_free(m);
}

static void test_cmp_unc(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 3);
    SET(3, 3);
    SETP(5, 0);
    /* qp false: .unc clears both */
    OK(cmpx(m, "cmp.eq.unc", "A6", 5, 1, 1, 2, 3));
    assert_true(!PR(6) && !PR(7));
    /* qp false with p1 = p2: still an Illegal Operation fault */
    expect_fault(m, EX(m, "cmp.eq.unc", "A6", 5, 4, 6, 6, 2, 3), FAULT_ILLEGAL_OPERATION);
    SETP(5, 1);
    OK(cmpx(m, "cmp.eq.unc", "A6", 5, 0, 1, 2, 3));
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp4.lt.unc", "A6", 5, 1, 0, 2, 3));
    assert_true(!PR(6) && PR(7));
    SETNAT(4, 0);
    OK(cmpx(m, "cmp.ltu.unc", "A6", 5, 1, 1, 4, 3));
    assert_true(!PR(6) && !PR(7));
    /* A8 */
    OK(cmpx(m, "cmp.lt.unc", "A8", 5, 0, 1, -4, 3));
    assert_true(PR(6) && !PR(7));
    SETP(5, 0);
    OK(cmpx(m, "cmp4.ltu.unc", "A8", 5, 1, 1, 1, 3));
    assert_true(!PR(6) && !PR(7));
    t_free(m);
}

static void test_cmp_parallel(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 3);
    SET(3, 4);
    SETNAT(9, 3);
    /* and: false relation or NaT clears both, true leaves them */
    OK(cmpx(m, "cmp.eq.and", "A6", 0, 1, 1, 2, 3));
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ne.and", "A6", 0, 1, 1, 2, 3));
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp.ne.and", "A6", 0, 1, 1, 9, 3));
    assert_true(!PR(6) && !PR(7));
    /* or: true relation sets both, NaT leaves them */
    OK(cmpx(m, "cmp.ne.or", "A6", 0, 0, 0, 2, 3));
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp.eq.or", "A6", 0, 0, 0, 2, 3));
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ne.or", "A6", 0, 0, 0, 9, 3));
    assert_true(!PR(6) && !PR(7));
    /* or.andcm: true relation sets p1, clears p2 */
    OK(cmpx(m, "cmp.ne.or.andcm", "A6", 0, 0, 1, 2, 3));
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.eq.or.andcm", "A6", 0, 0, 1, 2, 3));
    assert_true(!PR(6) && PR(7));
    OK(cmpx(m, "cmp.ne.or.andcm", "A6", 0, 0, 1, 9, 3));
    assert_true(!PR(6) && PR(7));
    /* cmp4 parallel: low halves equal */
    SET(4, 0x700000004ull);
    OK(cmpx(m, "cmp4.eq.or", "A6", 0, 0, 0, 4, 3));
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp4.ne.and", "A6", 0, 1, 1, 4, 3));
    assert_true(!PR(6) && !PR(7));
    /* A8 imm8 forms */
    OK(cmpx(m, "cmp.eq.or.andcm", "A8", 0, 0, 1, 4, 3));
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ne.and", "A8", 0, 1, 1, 4, 3));
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp4.eq.or", "A8", 0, 0, 0, 4, 4));
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp.eq.or", "A8", 0, 0, 0, 4, 9));  /* NaT r3 */
    assert_true(!PR(6) && !PR(7));
    t_free(m);
}

/* A7: 0 rel r3 (the first source is r0). */
static void test_cmp_zero(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, -5);
    SET(4, 5);
    SET(5, 0x180000000ull);                    /* low 32 bits negative */
    SETNAT(6, -5);
    OK(cmpx(m, "cmp.gt.and", "A7", 0, 1, 1, 0, 3)); /* 0 > -5 */
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp.gt.and", "A7", 0, 1, 1, 0, 4)); /* 0 > 5: no */
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp.lt.or", "A7", 0, 0, 0, 0, 4));  /* 0 < 5 */
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp.le.or", "A7", 0, 0, 0, 0, 3));  /* 0 <= -5: no */
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ge.or.andcm", "A7", 0, 0, 1, 0, 3)); /* 0 >= -5 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp4.ge.or.andcm", "A7", 0, 0, 1, 0, 5)); /* 0 >= (int32)0x80000000 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ge.or.andcm", "A7", 0, 0, 1, 0, 5)); /* 0 >= 0x180000000: no */
    assert_true(!PR(6) && PR(7));
    OK(cmpx(m, "cmp4.le.and", "A7", 0, 1, 1, 0, 4));
    assert_true(PR(6) && PR(7));
    /* equality separates ge from gt and le from lt */
    OK(cmpx(m, "cmp.ge.or", "A7", 0, 0, 0, 0, 0));    /* 0 >= 0 */
    assert_true(PR(6) && PR(7));
    OK(cmpx(m, "cmp.le.or.andcm", "A7", 0, 0, 1, 0, 0)); /* 0 <= 0 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.gt.or", "A7", 0, 0, 0, 0, 0));    /* 0 > 0: no */
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp4.lt.and", "A7", 0, 1, 1, 0, 0));  /* 0 < 0: no */
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp.lt.and", "A7", 0, 1, 1, 0, 6)); /* NaT */
    assert_true(!PR(6) && !PR(7));
    OK(cmpx(m, "cmp4.gt.or", "A7", 0, 0, 0, 0, 6)); /* NaT: unchanged */
    assert_true(!PR(6) && !PR(7));
    t_free(m);
}

static void test_cmp_imm(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, -2);
    SET(4, -1);
    SET(5, 0x100000000ull);
    OK(cmpx(m, "cmp.lt", "A8", 0, 0, 1, -3, 3));     /* -3 < -2 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ltu", "A8", 0, 0, 1, 5, 4));     /* 5 <u 0xfff..f */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.ltu", "A8", 0, 1, 0, -1, 4));    /* equal: no */
    assert_true(!PR(6) && PR(7));
    /* cmp4.ltu: imm8 -1 becomes 0xffffffff; r3 low half is 0 */
    OK(cmpx(m, "cmp4.ltu", "A8", 0, 1, 0, -1, 5));
    assert_true(!PR(6) && PR(7));
    OK(cmpx(m, "cmp4.eq", "A8", 0, 0, 1, 0, 5));
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.eq", "A8", 0, 1, 0, 0, 5));
    assert_true(!PR(6) && PR(7));
    OK(cmpx(m, "cmp4.lt", "A8", 0, 0, 1, -128, 4)); /* -128 < -1 */
    assert_true(PR(6) && !PR(7));
    OK(cmpx(m, "cmp.eq", "A8", 0, 0, 1, 127, 3));
    assert_true(!PR(6) && PR(7));
    t_free(m);
}

/* ------------------------------------------------- I16, I17, I30: tests */
static int tx(struct machine *m, const char *mn, const char *f, int qp, int p6, int p7, int n, int64_t a, int64_t b)
{
    SETP(6, p6);
    SETP(7, p7);
    return EX(m, mn, f, qp, n, 6, 7, a, b);
}

static void test_tbit(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, 0x20);
    OK(tx(m, "tbit.z", "I16", 0, 1, 0, 4, 3, 5));    /* bit 5 is 1 */
    assert_true(!PR(6) && PR(7));
    OK(tx(m, "tbit.z", "I16", 0, 0, 1, 4, 3, 4));
    assert_true(PR(6) && !PR(7));
    SET(4, 0x8000000000000000ull);
    OK(tx(m, "tbit.z", "I16", 0, 1, 0, 4, 4, 63));
    assert_true(!PR(6) && PR(7));
    SETP(5, 0);
    OK(tx(m, "tbit.z.unc", "I16", 5, 1, 1, 4, 3, 5));
    assert_true(!PR(6) && !PR(7));
    OK(tx(m, "tbit.nz.and", "I16", 0, 1, 1, 4, 3, 4)); /* bit 4 is 0 */
    assert_true(!PR(6) && !PR(7));
    OK(tx(m, "tbit.z.and", "I16", 0, 1, 1, 4, 3, 4));
    assert_true(PR(6) && PR(7));
    OK(tx(m, "tbit.nz.or", "I16", 0, 0, 0, 4, 3, 5));
    assert_true(PR(6) && PR(7));
    OK(tx(m, "tbit.z.or", "I16", 0, 0, 0, 4, 3, 5));
    assert_true(!PR(6) && !PR(7));
    OK(tx(m, "tbit.nz.or.andcm", "I16", 0, 0, 1, 4, 3, 5));
    assert_true(PR(6) && !PR(7));
    OK(tx(m, "tbit.z.or.andcm", "I16", 0, 0, 1, 4, 3, 0));
    assert_true(PR(6) && !PR(7));
    /* NaT source: normal clears both, and clears, or leaves */
    SETNAT(8, 0x20);
    OK(tx(m, "tbit.z", "I16", 0, 1, 1, 4, 8, 0));
    assert_true(!PR(6) && !PR(7));
    OK(tx(m, "tbit.nz.or", "I16", 0, 0, 0, 4, 8, 5));
    assert_true(!PR(6) && !PR(7));
    OK(tx(m, "tbit.nz.and", "I16", 0, 1, 1, 4, 8, 5));
    assert_true(!PR(6) && !PR(7));
    expect_fault(m, EX(m, "tbit.z", "I16", 0, 4, 7, 7, 3, 5), FAULT_ILLEGAL_OPERATION);
    t_free(m);
}

static void test_tnat_tf(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SETNAT(3, 0);
    SET(4, 0);
    OK(tx(m, "tnat.z", "I17", 0, 1, 0, 3, 3, 0));    /* NaT is 1 */
    assert_true(!PR(6) && PR(7));
    OK(tx(m, "tnat.z", "I17", 0, 0, 1, 3, 4, 0));
    assert_true(PR(6) && !PR(7));
    OK(tx(m, "tnat.nz.or", "I17", 0, 0, 0, 3, 3, 0));
    assert_true(PR(6) && PR(7));
    OK(tx(m, "tnat.nz.and", "I17", 0, 1, 1, 3, 3, 0));
    assert_true(PR(6) && PR(7));
    OK(tx(m, "tnat.z.and", "I17", 0, 1, 1, 3, 3, 0));
    assert_true(!PR(6) && !PR(7));
    OK(tx(m, "tnat.nz.or.andcm", "I17", 0, 0, 1, 3, 3, 0));
    assert_true(PR(6) && !PR(7));
    SETP(5, 0);
    OK(tx(m, "tnat.z.unc", "I17", 5, 1, 1, 3, 4, 0));
    assert_true(!PR(6) && !PR(7));
    /* tf: feature 32 (@clz) present, 33 absent (ia64emu's choice) */
    OK(tx(m, "tf.z", "I30", 0, 1, 0, 3, 32, 0));
    assert_true(!PR(6) && PR(7));
    OK(tx(m, "tf.z", "I30", 0, 0, 1, 3, 33, 0));
    assert_true(PR(6) && !PR(7));
    OK(tx(m, "tf.nz.or", "I30", 0, 0, 0, 3, 32, 0));
    assert_true(PR(6) && PR(7));
    OK(tx(m, "tf.nz.and", "I30", 0, 1, 1, 3, 63, 0));
    assert_true(!PR(6) && !PR(7));
    t_free(m);
}

/* ------------------------------------------------ I5, I7: variable shifts */
static void test_shift_var(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, 0x8000000000000000ull);
    SET(2, 4);
    SET(4, 100);
    SET(5, 64);
    SET(6, 1);
    OK(EX(m, "shr", "I5", 0, 3, 10, 3, 2));       /* shr r10 = r3, r2 */
    EQ(GR(10), 0xf800000000000000ull);
    OK(EX(m, "shr", "I5", 0, 3, 10, 3, 4));
    EQ(GR(10), 0xffffffffffffffffull);
    OK(EX(m, "shr.u", "I5", 0, 3, 11, 3, 2));
    EQ(GR(11), 0x0800000000000000ull);
    OK(EX(m, "shr.u", "I5", 0, 3, 11, 3, 5));
    EQ(GR(11), 0);
    SET(7, 63);
    OK(EX(m, "shl", "I7", 0, 3, 12, 6, 7));       /* shl r12 = r6, r7 */
    EQ(GR(12), 0x8000000000000000ull);
    OK(EX(m, "shl", "I7", 0, 3, 12, 6, 5));
    EQ(GR(12), 0);
    SETNAT(8, 1);
    OK(EX(m, "shl", "I7", 0, 3, 13, 6, 8));
    assert_true(NAT(13));
    OK(EX(m, "shr.u", "I5", 0, 3, 13, 3, 8));
    assert_true(NAT(13));
    t_free(m);
}

/* -------------------------------------------------------- I9: popcnt, clz */
static void test_popcnt_clz(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, 0xf0f0);
    OK(EX(m, "popcnt", "I9", 0, 2, 4, 3));
    EQ(GR(4), 8);
    SET(3, 0x100000000ull);
    OK(EX(m, "clz", "I9", 0, 2, 4, 3));
    EQ(GR(4), 31);
    SET(3, 0);
    OK(EX(m, "clz", "I9", 0, 2, 4, 3));
    EQ(GR(4), 64);
    OK(EX(m, "popcnt", "I9", 0, 2, 4, 3));
    EQ(GR(4), 0);
    SETNAT(3, -1);
    OK(EX(m, "popcnt", "I9", 0, 2, 4, 3));
    EQ(GR(4), 64);
    assert_true(NAT(4));
    t_free(m);
}

/* ------------------------------------------------------ I10-I15: fields */
static void test_shrp_extr(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 0x1122334455667788ull);
    SET(3, 0x99aabbccddeeff00ull);
    OK(EX(m, "shrp", "I10", 0, 4, 4, 2, 3, 16));
    EQ(GR(4), 0x778899aabbccddeeull);
    OK(EX(m, "shrp", "I10", 0, 4, 4, 2, 3, 0));
    EQ(GR(4), 0x99aabbccddeeff00ull);
    SET(5, 0x123456789abcdef0ull);
    OK(EX(m, "extr.u", "I11", 0, 4, 6, 5, 8, 12));
    EQ(GR(6), 0xcde);
    OK(EX(m, "extr", "I11", 0, 4, 6, 5, 8, 12));
    EQ(GR(6), 0xfffffffffffffcdeull);
    OK(EX(m, "extr", "I11", 0, 4, 6, 5, 8, 8));   /* 0xde */
    EQ(GR(6), 0xffffffffffffffdeull);
    OK(EX(m, "extr", "I11", 0, 4, 6, 5, 4, 4));   /* 0xf: -1 */
    EQ(GR(6), -1);
    OK(EX(m, "extr", "I11", 0, 4, 6, 5, 0, 3));   /* 0b000 */
    EQ(GR(6), 0);
    /* the field is clipped at bit 63: pos 60, len 8 -> 4 bits */
    SET(7, 0xf234000000000000ull);
    OK(EX(m, "extr", "I11", 0, 4, 8, 7, 60, 8));
    EQ(GR(8), -1);
    OK(EX(m, "extr.u", "I11", 0, 4, 8, 7, 60, 8));
    EQ(GR(8), 0xf);
    /* shr / shr.u by an immediate (extr with len = 64 - count) */
    SET(9, 0x8000000000000000ull);
    OK(exec_lenm(m, "shr.u", "I11", 10, 9, 4));
    EQ(GR(10), 0x0800000000000000ull);
    OK(exec_lenm(m, "shr", "I11", 10, 9, 4));
    EQ(GR(10), 0xf800000000000000ull);
    OK(exec_lenm(m, "shr", "I11", 10, 9, 63));
    EQ(GR(10), -1);
    OK(exec_lenm(m, "shr.u", "I11", 10, 9, 0));
    EQ(GR(10), 0x8000000000000000ull);
    SETNAT(11, 0);
    OK(EX(m, "extr.u", "I11", 0, 4, 12, 11, 1, 2));
    assert_true(NAT(12));
    OK(EX(m, "shrp", "I10", 0, 4, 12, 2, 11, 1));
    assert_true(NAT(12));
    t_free(m);
}

static void test_dep(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 0xff);
    OK(EX(m, "dep.z", "I12", 0, 4, 3, 2, 4, 4));
    EQ(GR(3), 0xf0);
    OK(EX(m, "dep.z", "I12", 0, 4, 3, 2, 60, 8));   /* clipped to 4 bits */
    EQ(GR(3), 0xf000000000000000ull);
    SET(4, 3);
    OK(exec_lenm(m, "shl", "I12", 5, 4, 62));
    EQ(GR(5), 0xc000000000000000ull);
    OK(exec_lenm(m, "shl", "I12", 5, 4, 1));
    EQ(GR(5), 6);
    OK(exec_lenm(m, "shl", "I12", 5, 4, 0));
    EQ(GR(5), 3);
    OK(EX(m, "dep.z", "I13", 0, 4, 6, -1, 8, 8));
    EQ(GR(6), 0xff00);
    OK(EX(m, "dep.z", "I13", 0, 4, 6, 5, 62, 3));   /* 0b101 clipped to 0b01 */
    EQ(GR(6), 0x4000000000000000ull);
    /* I14: dep r1 = imm1, r3, pos6, len6 */
    SET(7, 0);
    OK(EX(m, "dep", "I14", 0, 5, 8, -1, 7, 4, 8));
    EQ(GR(8), 0xff0);
    SET(7, -1);
    OK(EX(m, "dep", "I14", 0, 5, 8, 0, 7, 0, 64));
    EQ(GR(8), 0);
    OK(EX(m, "dep", "I14", 0, 5, 8, 0, 7, 60, 10));
    EQ(GR(8), 0x0fffffffffffffffull);
    /* I15: dep r1 = r2, r3, pos6, len4 */
    SET(9, 0xabcd);
    SET(10, -1);
    OK(EX(m, "dep", "I15", 0, 5, 11, 9, 10, 16, 16));
    EQ(GR(11), 0xffffffffabcdffffull);
    SET(9, 0x1234);
    SET(10, 0);
    OK(EX(m, "dep", "I15", 0, 5, 11, 9, 10, 56, 16));  /* clipped to 8 */
    EQ(GR(11), 0x3400000000000000ull);
    OK(EX(m, "dep", "I15", 0, 5, 11, 9, 10, 0, 1));
    EQ(GR(11), 0);
    SETNAT(12, 0);
    OK(EX(m, "dep", "I15", 0, 5, 13, 9, 12, 0, 1));
    assert_true(NAT(13));
    OK(EX(m, "dep.z", "I12", 0, 4, 13, 12, 0, 1));
    assert_true(NAT(13));
    OK(EX(m, "dep.z", "I13", 0, 4, 13, 1, 0, 1));
    assert_false(NAT(13));
    t_free(m);
}

/* --------------------------------------------------------------- I29 */
static void test_xt_czx(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(3, 0x12345680ull);
    OK(EX(m, "zxt1", "I29", 0, 2, 4, 3));
    EQ(GR(4), 0x80);
    OK(EX(m, "sxt1", "I29", 0, 2, 4, 3));
    EQ(GR(4), 0xffffffffffffff80ull);
    OK(EX(m, "zxt2", "I29", 0, 2, 4, 3));
    EQ(GR(4), 0x5680);
    OK(EX(m, "sxt2", "I29", 0, 2, 4, 3));
    EQ(GR(4), 0x5680);
    SET(5, 0xffffffff80000000ull);
    OK(EX(m, "zxt4", "I29", 0, 2, 4, 5));
    EQ(GR(4), 0x80000000);
    SET(5, 0x80000000);
    OK(EX(m, "sxt4", "I29", 0, 2, 4, 5));
    EQ(GR(4), 0xffffffff80000000ull);
    SET(6, 0x1122003344556677ull);
    OK(EX(m, "czx1.l", "I29", 0, 2, 7, 6));
    EQ(GR(7), 2);
    OK(EX(m, "czx1.r", "I29", 0, 2, 7, 6));
    EQ(GR(7), 5);
    SET(6, 0x0101010101010101ull);
    OK(EX(m, "czx1.l", "I29", 0, 2, 7, 6));
    EQ(GR(7), 8);
    OK(EX(m, "czx1.r", "I29", 0, 2, 7, 6));
    EQ(GR(7), 8);
    SET(6, 0x1111222200003333ull);
    OK(EX(m, "czx2.l", "I29", 0, 2, 7, 6));
    EQ(GR(7), 2);
    OK(EX(m, "czx2.r", "I29", 0, 2, 7, 6));
    EQ(GR(7), 1);
    SET(6, 0x0000111122223333ull);
    OK(EX(m, "czx2.l", "I29", 0, 2, 7, 6));
    EQ(GR(7), 0);
    SET(6, 0x0001000100010001ull);
    OK(EX(m, "czx2.r", "I29", 0, 2, 7, 6));
    EQ(GR(7), 4);
    SETNAT(8, 0);
    OK(EX(m, "czx1.l", "I29", 0, 2, 9, 8));
    assert_true(NAT(9));
    EQ(GR(9), 0);
    t_free(m);
}

/* ---------------------------------------------------- I21-I25: moves */
static void test_mov_br(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 0x4000000000001230ull);
    OK(EX(m, "mov", "I21", 0, 2, 3, 2));          /* mov b3 = r2 */
    EQ(m->cpu.br[3], 0x4000000000001230ull);
    SET(2, 0x5550);
    OK(EX(m, "mov.ret.sptk", "I21", 0, 3, 6, 2, 0x40));
    EQ(m->cpu.br[6], 0x5550);
    OK(EX(m, "mov.dptk.imp", "I21", 0, 3, 1, 2, 0x80));
    EQ(m->cpu.br[1], 0x5550);
    SETNAT(4, 7);
    OK(EX(m, "mov", "I22", 0, 2, 4, 3));          /* mov r4 = b3 */
    EQ(GR(4), 0x4000000000001230ull);
    assert_false(NAT(4));
    SETNAT(5, 1);
    expect_fault(m, EX(m, "mov", "I21", 0, 2, 2, 5), FAULT_NAT_CONSUMPTION);
    EQ(m->cpu.br[2], 0);
    expect_fault(m, EX(m, "mov", "I22", 0, 2, 0, 3), FAULT_ILLEGAL_OPERATION);
    t_free(m);
}

static void test_mov_pr(void **state)
{
    (void)state;
    struct machine *m = t_new();
    /* mov pr = r2, mask17: only the masked predicates change */
    SET(2, -1);
    OK(EX(m, "mov", "I23", 0, 3, 0, 2, 0x6));      /* p1, p2 */
    assert_true(PR(1) && PR(2) && !PR(3) && !PR(16));
    SET(2, 0);
    OK(EX(m, "mov", "I23", 0, 3, 0, 2, 0x2));
    assert_true(!PR(1) && PR(2));
    /* bit 16 of mask17 (its sign) covers all rotating predicates */
    SET(2, 0xa000000000010000ull);
    OK(EX(m, "mov", "I23", 0, 3, 0, 2, -0x10000));
    assert_true(PR(16) && !PR(17) && PR(61) && !PR(62) && PR(63) && PR(2));
    /* p0 stays 1 */
    OK(EX(m, "mov", "I23", 0, 3, 0, 2, -2));
    assert_true(PR(0) && !PR(2));
    t_free(m);
}

static void test_mov_pr_rot(void **state)
{
    (void)state;
    struct machine *m = t_new();
    struct cpu *c = &m->cpu;
    SETP(5, 1);
    OK(EX(m, "mov", "I24", 0, 2, 0, 0x50000));      /* p16, p18 */
    assert_true(PR(16) && !PR(17) && PR(18) && !PR(19) && !PR(63) && PR(5));
    OK(EX(m, "mov", "I24", 0, 2, 0, -0x10000));     /* p16-p63 */
    assert_true(PR(16) && PR(40) && PR(63) && PR(5) && !PR(15));
    /* mov r1 = pr */
    OK(EX(m, "mov", "I24", 0, 2, 0, -0x80000000000ll)); /* sign bit 43: p43-p63 */
    SETP(1, 1);
    SETP(5, 0);
    OK(exec_by_operand(m, "mov", "I25", OPND_PR, 8));
    EQ(GR(8), 0xfffff80000000003ull);
    assert_false(NAT(8));
    /* the moves act as if CFM.rrb.pr were 0: with rrb.pr = 47, logical
     * p(16 + i) is physical p(16 + (i + 47) % 48), so p17 is p16 */
    OK(EX(m, "mov", "I24", 0, 2, 0, 0x10000));      /* physical p16 only */
    c->cfm |= 47ull << 32;
    rse_remap(c);
    assert_true(PR(17) && !PR(16));
    OK(exec_by_operand(m, "mov", "I25", OPND_PR, 9));
    EQ(GR(9), 0x10003);
    SET(2, 1ull << 20);
    OK(EX(m, "mov", "I23", 0, 3, 0, 2, -0x10000));  /* physical p20 */
    assert_true(PR(21) && !PR(20));
    SETNAT(3, 0);
    expect_fault(m, EX(m, "mov", "I23", 0, 3, 0, 3, -2), FAULT_NAT_CONSUMPTION);
    t_free(m);
}

static void test_mov_ip(void **state)
{
    (void)state;
    struct machine *m = t_new();
    OK(exec_by_operand(m, "mov", "I25", OPND_IP, 4));
    EQ(GR(4), T_CODE);
    OK(exec_by_operand(m, "mov", "I25", OPND_IP, 5));
    EQ(GR(5), T_CODE + 16);
    assert_false(NAT(5));
    t_free(m);
}

/* Every table entry of this family runs without "unimplemented". */
static int family(const struct insn_desc *d)
{
    static const char *const f[] = { "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "I9", "I10",
        "I11", "I12", "I13", "I14", "I15", "I16", "I17", "I21", "I22", "I23", "I24", "I25",
        "I29", "I30", "X2" };
    if ((!strcmp(d->format, "I5") || !strcmp(d->format, "I7")) && d->mnemonic[0] != 'p')
        return 1;
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (!strcmp(d->format, f[i]))
            return 1;
    return 0;
}

/* V survives encoding into operand O and decoding back. */
static int fits(const struct insn_operand *o, int64_t v)
{
    if (o->kind == OPK_MAP)
        return 0;
    uint64_t raw = (uint64_t)(v - o->add);
    if (raw & ((1ull << o->scale) - 1))
        return 0;
    raw = (uint64_t)((int64_t)raw >> o->scale);
    if (o->complement)
        raw ^= (1ull << o->piece[0].len) - 1;
    uint64_t slot = 0, l = 0;
    for (unsigned i = 0; i < o->npieces; i++) {
        uint64_t bits = raw & ((1ull << o->piece[i].len) - 1);
        *(o->piece[i].lslot ? &l : &slot) |= bits << o->piece[i].pos;
        raw >>= o->piece[i].len;
    }
    int k = (int)(o - insn_operands);
    return insn_operand_value(k, slot, l) == v;
}

static void test_coverage(void **state)
{
    (void)state;
    static const int64_t tries[] = { 1, 0, 63, 16, 32, -1, 65536, -65536 };
    int n = 0;
    for (int i = 0; i < INSN_COUNT; i++) {
        const struct insn_desc *d = &insn_table[i];
        if (!family(d))
            continue;
        int64_t ops[5] = { 0 };
        uint64_t slot = 0, l = 0;
        for (unsigned j = 0; j < d->nopnd; j++) {
            const struct insn_operand *o = &insn_operands[d->opnd[j]];
            ops[j] = 1 + (int64_t)j;
            if (o->kind == OPK_REG || o->kind == OPK_CONST)
                continue;
            for (size_t t = (d->flags & INSN_F_LENMCNT) ? 2 : 0; t < sizeof tries / sizeof tries[0]; t++)
                if (fits(o, tries[t])) {
                    ops[j] = tries[t];
                    break;
                }
        }
        int ok = t_encode(d, 0, ops, &slot, &l) == 0;
        if (!ok) {
            fprintf(stderr, "cannot encode %s (%s)\n", d->mnemonic, d->format);
            fail();
        }
        struct machine *m = t_new();
        struct pbundle pb;
        uint8_t bytes[16];
        uint64_t s[3] = { slot, slot, slot };
        if (d->type == INSN_TYPE_X) {
            s[1] = l;
            bundle_pack(bytes, 2, 1, s);
        } else {
            bundle_pack(bytes, 0, 1, s);
        }
        predecode_bundle(&pb, T_CODE, bytes);
        const struct pslot *ps = &pb.s[d->type == INSN_TYPE_X ? 1 : (d->type == INSN_TYPE_I ? 1 : 0)];
        assert_true(ps->d == d);
        ps->fn(&m->cpu, ps);
        if (m->cpu.stop == STOP_UNIMPLEMENTED)
            fprintf(stderr, "unimplemented: %s (%s)\n", d->mnemonic, d->format);
        assert_int_not_equal(m->cpu.stop, STOP_UNIMPLEMENTED);
        n++;
        t_free(m);
    }
    assert_true(n > 150);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_sub),
        cmocka_unit_test(test_addp4),
        cmocka_unit_test(test_logical),
        cmocka_unit_test(test_shladd),
        cmocka_unit_test(test_adds_addl_mov),
        cmocka_unit_test(test_movl),
        cmocka_unit_test(test_cmp_normal),
        cmocka_unit_test(test_cmp_unc),
        cmocka_unit_test(test_cmp_parallel),
        cmocka_unit_test(test_cmp_zero),
        cmocka_unit_test(test_cmp_imm),
        cmocka_unit_test(test_tbit),
        cmocka_unit_test(test_tnat_tf),
        cmocka_unit_test(test_shift_var),
        cmocka_unit_test(test_popcnt_clz),
        cmocka_unit_test(test_shrp_extr),
        cmocka_unit_test(test_dep),
        cmocka_unit_test(test_xt_czx),
        cmocka_unit_test(test_mov_br),
        cmocka_unit_test(test_mov_pr),
        cmocka_unit_test(test_mov_pr_rot),
        cmocka_unit_test(test_mov_ip),
        cmocka_unit_test(test_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
