/* Multimedia instructions (cpu/ops_mm.c): A9, A10, I1-I8, mpy4/mpyshl4.
 * Every expected value below was worked out by hand from the SDM rev. 2.3
 * vol. 3 pseudo-code of the instruction (element 0 = least significant). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

#define R1 4
#define R2 5
#define R3 6

static struct machine *M;

static int setup(void **state)
{
    (void)state;
    M = t_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_free(M);
    return 0;
}

/* Runs MN (FORMAT, NOPS operands: r4 then O1, O2, O3) at T_CODE; returns
 * r4, asserting no stop and a clear NaT. */
static uint64_t run_r1(const char *mn, const char *fmt, int nops, int64_t o1, int64_t o2, int64_t o3)
{
    M->cpu.ip = T_CODE;
    assert_int_equal(t_exec(M, mn, fmt, 0, nops, (int64_t)R1, o1, o2, o3), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 0);
    return T_GR(M, R1);
}

/* mn r4 = r5, r6 with r5 = A, r6 = B */
static uint64_t rr(const char *mn, const char *fmt, uint64_t a, uint64_t b)
{
    T_SETGR(M, R1, 0x5a5a5a5a5a5a5a5aull);
    T_SETGR(M, R2, a);
    T_SETGR(M, R3, b);
    return run_r1(mn, fmt, 3, R2, R3, 0);
}

/* mn r4 = r5, IMM (one source and an immediate) */
static uint64_t ri(const char *mn, const char *fmt, uint64_t a, int64_t imm)
{
    T_SETGR(M, R1, 0x5a5a5a5a5a5a5a5aull);
    T_SETGR(M, R2, a);
    return run_r1(mn, fmt, 3, R2, imm, 0);
}

/* A10: r4 = r5, COUNT, r6 */
static uint64_t rcr(const char *mn, uint64_t a, int64_t cnt, uint64_t b)
{
    T_SETGR(M, R2, a);
    T_SETGR(M, R3, b);
    return run_r1(mn, "A10", 4, R2, cnt, R3);
}

/* I1: r4 = r5, r6, COUNT */
static uint64_t rrc(const char *mn, uint64_t a, uint64_t b, int64_t cnt)
{
    T_SETGR(M, R2, a);
    T_SETGR(M, R3, b);
    return run_r1(mn, "I1", 4, R2, R3, cnt);
}

#define EQ(x, y) assert_true((uint64_t)(x) == (uint64_t)(y))

/* ------------------------------------------------------------- A9 */
static void test_padd(void **state)
{
    (void)state;
    EQ(rr("padd1", "A9", 0x01020304050607ffull, 0x0101010101010101ull), 0x0203040506070800ull);
    /* bytes 7..4: 7f+01 -> 7f, 80+ff -> 80, 10+10 = 20, f0+f0 = e0 */
    EQ(rr("padd1.sss", "A9", 0x7f8010f000000000ull, 0x01ff10f000000000ull), 0x7f8020e000000000ull);
    EQ(rr("padd1.uuu", "A9", 0xff80100000000000ull, 0x0180100000000000ull), 0xffff200000000000ull);
    /* unsigned + signed: 10+(-32) -> 0, f0+20 -> ff, 05+(-1) = 04 */
    EQ(rr("padd1.uus", "A9", 0x10f0050000000000ull, 0xe020ff0000000000ull), 0x00ff040000000000ull);
    EQ(rr("padd2", "A9", 0xffff000180001234ull, 0x0001000180000001ull), 0x0000000200001235ull);
    EQ(rr("padd2.sss", "A9", 0x7fff800010000000ull, 0x0001ffff10000000ull), 0x7fff800020000000ull);
    EQ(rr("padd2.uuu", "A9", 0xffff800000000000ull, 0x0001800000000000ull), 0xffffffff00000000ull);
    EQ(rr("padd2.uus", "A9", 0xfff0001000050000ull, 0x0020ffe0ffff0000ull), 0xffff000000040000ull);
    EQ(rr("padd4", "A9", 0xffffffff00000001ull, 0x0000000100000002ull), 0x0000000000000003ull);
}

static void test_psub(void **state)
{
    (void)state;
    EQ(rr("psub1", "A9", 0x0000000000000005ull, 0x0000000000000106ull), 0x000000000000ffffull);
    /* 80-01 -> 80, 7f-ff -> 7f, 10-20 = f0 */
    EQ(rr("psub1.sss", "A9", 0x807f100000000000ull, 0x01ff200000000000ull), 0x807ff00000000000ull);
    EQ(rr("psub1.uuu", "A9", 0x05ffull, 0x0601ull), 0x00feull);
    /* unsigned - signed: f0-(-32) -> ff, 05-16 -> 00 */
    EQ(rr("psub1.uus", "A9", 0xf005ull, 0xe010ull), 0xff00ull);
    EQ(rr("psub2", "A9", 0, 1), 0x000000000000ffffull);
    EQ(rr("psub2.sss", "A9", 0x000000037fff8000ull, 0x00000005ffff0001ull), 0x0000fffe7fff8000ull);
    EQ(rr("psub2.uuu", "A9", 0xffff0001ull, 0x00010002ull), 0xfffe0000ull);
    EQ(rr("psub2.uus", "A9", 0x0000fff000010005ull, 0x0000fff00002fff0ull), 0x0000ffff00000015ull);
    EQ(rr("psub4", "A9", 0x0000000000000001ull, 0x0000000100000002ull), 0xffffffffffffffffull);
}

static void test_pavg(void **state)
{
    (void)state;
    /* sums 11, 1, 510, 6, 3: (sum >> 1) | (sum & 1) */
    EQ(rr("pavg1", "A9", 0x0400ff0201ull, 0x0701ff0402ull), 0x0501ff0301ull);
    /* .raz: (sum + 1) >> 1 */
    EQ(rr("pavg1.raz", "A9", 0x0400ff0201ull, 0x0701ff0402ull), 0x0601ff0302ull);
    EQ(rr("pavg2", "A9", 0x00010002ffffull, 0x00020004fffeull), 0x00010003ffffull);
    EQ(rr("pavg2.raz", "A9", 0x00010002ffffull, 0x00020004fffeull), 0x00020003ffffull);
    /* differences 3, 255, -255, -2, 2: the borrow fills the top bit */
    EQ(rr("pavgsub1", "A9", 0x04ff000305ull, 0x0100ff0503ull), 0x017f81ff01ull);
    EQ(rr("pavgsub2", "A9", 0x80000000ull, 0x00000001ull), 0x4000ffffull);
}

static void test_pcmp(void **state)
{
    (void)state;
    EQ(rr("pcmp1.eq", "A9", 0x1122334455667788ull, 0x1100334400667700ull), 0xff00ffff00ffff00ull);
    EQ(rr("pcmp1.gt", "A9", 0x7f058001ull, 0x80057fffull), 0xff0000ffull);
    EQ(rr("pcmp2.eq", "A9", 0x0001000200030004ull, 0x0001000000030000ull), 0xffff0000ffff0000ull);
    EQ(rr("pcmp2.gt", "A9", 0x80000001ull, 0x7fffffffull), 0x0000ffffull);
    EQ(rr("pcmp4.eq", "A9", 0x1234567800000001ull, 0x1234567800000002ull), 0xffffffff00000000ull);
    EQ(rr("pcmp4.gt", "A9", 0x0000000080000000ull, 0xffffffff7fffffffull), 0xffffffff00000000ull);
}

/* ------------------------------------------------------------ A10 */
static void test_pshadd(void **state)
{
    (void)state;
    /* lane 0: (1 << 2) + 3 = 7; lane 1: 0x2000 << 2 saturates to 7fff and
     * the add is skipped; lane 2: -16384 + -16384 = 8000 exactly; lane 3:
     * 0x4000 + 0x4000 saturates */
    EQ(rcr("pshladd2", 0x1000f00020000001ull, 2, 0x4000c000ffff0003ull), 0x7fff80007fff0007ull);
    EQ(rcr("pshladd2", 0x0000000000000001ull, 4, 0x0000000000000001ull), 0x0000000000000011ull);
    /* lane 0: -1 >> 1 = -1, + 1 = 0; lane 1: 3fff + 7fff saturates;
     * lane 2: c000 + 8000 saturates; lane 3: 2 + 3 */
    EQ(rcr("pshradd2", 0x000480007fffffffull, 1, 0x000380007fff0001ull), 0x000580007fff0000ull);
    EQ(rcr("pshradd2", 0x0000000000000010ull, 3, 0), 0x0000000000000002ull);
}

/* ------------------------------------------------------------- I1 */
static void test_pmpyshr2(void **state)
{
    (void)state;
    uint64_t a = 0x000380000100ffffull, b = 0x0005800001000002ull;
    /* signed products: -2, 0x10000, 0x40000000, 15 */
    EQ(rrc("pmpyshr2", a, b, 0), 0x000f00000000fffeull);
    EQ(rrc("pmpyshr2", a, b, 7), 0x000000000200ffffull);
    EQ(rrc("pmpyshr2", a, b, 15), 0x000080000002ffffull);
    EQ(rrc("pmpyshr2", a, b, 16), 0x000040000001ffffull);
    /* unsigned products: 0x1fffe, 0x10000, 0x40000000, 15 */
    EQ(rrc("pmpyshr2.u", a, b, 0), 0x000f00000000fffeull);
    EQ(rrc("pmpyshr2.u", a, b, 16), 0x0000400000010001ull);
}

/* ------------------------------------------------------------- I2 */
static void test_pmpy2(void **state)
{
    (void)state;
    uint64_t a = 0x0003ffff00048000ull, b = 0x0005000200068000ull;
    EQ(rr("pmpy2.r", "I2", a, b), 0xfffffffe40000000ull);
    EQ(rr("pmpy2.l", "I2", a, b), 0x0000000f00000018ull);
}

static void test_mix_unpack(void **state)
{
    (void)state;
    uint64_t a = 0xa7a6a5a4a3a2a1a0ull, b = 0xb7b6b5b4b3b2b1b0ull;
    EQ(rr("mix1.l", "I2", a, b), 0xa7b7a5b5a3b3a1b1ull);
    EQ(rr("mix1.r", "I2", a, b), 0xa6b6a4b4a2b2a0b0ull);
    EQ(rr("mix2.l", "I2", a, b), 0xa7a6b7b6a3a2b3b2ull);
    EQ(rr("mix2.r", "I2", a, b), 0xa5a4b5b4a1a0b1b0ull);
    EQ(rr("mix4.l", "I2", a, b), 0xa7a6a5a4b7b6b5b4ull);
    EQ(rr("mix4.r", "I2", a, b), 0xa3a2a1a0b3b2b1b0ull);
    EQ(rr("unpack1.h", "I2", a, b), 0xa7b7a6b6a5b5a4b4ull);
    EQ(rr("unpack1.l", "I2", a, b), 0xa3b3a2b2a1b1a0b0ull);
    EQ(rr("unpack2.h", "I2", a, b), 0xa7a6b7b6a5a4b5b4ull);
    EQ(rr("unpack2.l", "I2", a, b), 0xa3a2b3b2a1a0b1b0ull);
    EQ(rr("unpack4.h", "I2", a, b), 0xa7a6a5a4b7b6b5b4ull);
    EQ(rr("unpack4.l", "I2", a, b), 0xa3a2a1a0b3b2b1b0ull);
}

static void test_pack(void **state)
{
    (void)state;
    /* r2's elements to the low half, r3's to the high half */
    EQ(rr("pack2.sss", "I2", 0x007f0080ff80ff7full, 0x0001ffff12348000ull), 0x01ff7f807f7f8080ull);
    EQ(rr("pack2.uss", "I2", 0x007f0080ff80ff7full, 0x0001ffff12348000ull), 0x0100ff007f800000ull);
    EQ(rr("pack4.sss", "I2", 0x00007fff00008000ull, 0xffff800080000000ull), 0x800080007fff7fffull);
}

static void test_minmax_psad(void **state)
{
    (void)state;
    EQ(rr("pmin1.u", "I2", 0x00ff7f8001020304ull, 0x01fe807f04030201ull), 0x00fe7f7f01020201ull);
    EQ(rr("pmax1.u", "I2", 0x00ff7f8001020304ull, 0x01fe807f04030201ull), 0x01ff808004030304ull);
    EQ(rr("pmin2", "I2", 0x80007fffffff0001ull, 0x7fff80000001ffffull), 0x80008000ffffffffull);
    EQ(rr("pmax2", "I2", 0x80007fffffff0001ull, 0x7fff80000001ffffull), 0x7fff7fff00010001ull);
    EQ(rr("psad1", "I2", 0xff00102000000005ull, 0x00ff201000000003ull), 544);
    EQ(rr("psad1", "I2", 0xffffffffffffffffull, 0), 8 * 255);
}

static void test_mpy4(void **state)
{
    (void)state;
    EQ(rr("mpy4", "I2", 0xdeadbeefffffffffull, 0x12345678ffffffffull), 0xfffffffe00000001ull);
    /* r2{63:32} * r3{31:0}, shifted left by 32 */
    EQ(rr("mpyshl4", "I2", 0x0000000311111111ull, 0x7777777700000005ull), 0x0000000f00000000ull);
}

/* ---------------------------------------------------------- I3, I4 */
static void test_mux(void **state)
{
    (void)state;
    uint64_t a = 0x1716151413121110ull;
    EQ(ri("mux1", "I3", a, 0x0), 0x1010101010101010ull);   /* @brcst */
    EQ(ri("mux1", "I3", a, 0x8), 0x1713151116121410ull);   /* @mix */
    EQ(ri("mux1", "I3", a, 0x9), 0x1713161215111410ull);   /* @shuf */
    EQ(ri("mux1", "I3", a, 0xa), 0x1715131116141210ull);   /* @alt */
    EQ(ri("mux1", "I3", a, 0xb), 0x1011121314151617ull);   /* @rev */
    uint64_t h = 0x333322221111aaaaull;
    EQ(ri("mux2", "I4", h, 0x1b), 0xaaaa111122223333ull);
    EQ(ri("mux2", "I4", h, 0x00), 0xaaaaaaaaaaaaaaaaull);
    EQ(ri("mux2", "I4", h, 0xe4), h);
    EQ(ri("mux2", "I4", h, 0x44), 0x1111aaaa1111aaaaull);
}

static void test_mux1_reserved(void **state)
{
    (void)state;
    T_SETGR(M, R2, 1);
    M->cpu.ip = T_CODE;
    assert_int_equal(t_exec(M, "mux1", "I3", 0, 3, (int64_t)R1, (int64_t)R2, (int64_t)1), STOP_FAULT);
    assert_int_equal(M->cpu.fault, FAULT_ILLEGAL_OPERATION);
}

/* --------------------------------------------------------- I5-I8 */
static void test_pshl(void **state)
{
    (void)state;
    uint64_t a = 0x800140000001ffffull;
    /* I7: r1 = r2 << r3 */
    EQ(rr("pshl2", "I7", a, 1), 0x000280000002fffeull);
    EQ(rr("pshl2", "I7", a, 15), 0x8000000080008000ull);
    EQ(rr("pshl2", "I7", a, 16), 0);
    EQ(rr("pshl2", "I7", a, 0x100000000ull), 0);
    EQ(rr("pshl4", "I7", 0x8000000100000003ull, 4), 0x0000001000000030ull);
    EQ(rr("pshl4", "I7", 0x8000000100000003ull, 32), 0);
    /* I8: immediate count 0..31 */
    EQ(ri("pshl2", "I8", 0x0001000200030004ull, 3), 0x0008001000180020ull);
    EQ(ri("pshl2", "I8", 0x0001000200030004ull, 0), 0x0001000200030004ull);
    EQ(ri("pshl2", "I8", 0x0001000200030004ull, 16), 0);
    EQ(ri("pshl4", "I8", 0x0000000100000003ull, 31), 0x8000000080000000ull);
}

/* I5 is r1 = r3, r2: the value is the first source operand, the count the
 * second; rr() puts A in the first and B in the second. */
static void test_pshr(void **state)
{
    (void)state;
    uint64_t a = 0x80007ffffff00010ull;
    EQ(rr("pshr2", "I5", a, 4), 0xf80007ffffff0001ull);
    EQ(rr("pshr2", "I5", a, 16), 0xffff0000ffff0000ull);
    EQ(rr("pshr2", "I5", a, 1000), 0xffff0000ffff0000ull);
    EQ(rr("pshr2.u", "I5", a, 4), 0x080007ff0fff0001ull);
    EQ(rr("pshr2.u", "I5", a, 16), 0);
    uint64_t w = 0x800000007fffffffull;
    EQ(rr("pshr4", "I5", w, 8), 0xff800000007fffffull);
    EQ(rr("pshr4", "I5", w, 40), 0xffffffff00000000ull);
    EQ(rr("pshr4.u", "I5", w, 8), 0x00800000007fffffull);
    EQ(rr("pshr4.u", "I5", w, 32), 0);
    /* I6: immediate count */
    EQ(ri("pshr2", "I6", a, 4), 0xf80007ffffff0001ull);
    EQ(ri("pshr2", "I6", a, 20), 0xffff0000ffff0000ull);
    EQ(ri("pshr2.u", "I6", a, 15), 0x0001000000010000ull);
    EQ(ri("pshr4", "I6", w, 31), 0xffffffff00000000ull);
    EQ(ri("pshr4.u", "I6", w, 31), 0x0000000100000000ull);
    EQ(ri("pshr4.u", "I6", w, 0), w);
}

/* ------------------------------------------------ NaT, r0, predicate */
static void test_nat_propagation(void **state)
{
    (void)state;
    struct cpu *c = &M->cpu;
    T_SETGR(M, R2, 1);
    T_SETNAT(M, R3, 2);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "padd1", "A9", 0, 3, (int64_t)R1, (int64_t)R2, (int64_t)R3), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 1);
    T_SETNAT(M, R2, 1);
    T_SETGR(M, R3, 2);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "pshr2", "I5", 0, 3, (int64_t)R1, (int64_t)R2, (int64_t)R3), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 1);
    /* the count register's NaT propagates too */
    T_SETGR(M, R2, 1);
    T_SETNAT(M, R3, 2);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "pshl2", "I7", 0, 3, (int64_t)R1, (int64_t)R2, (int64_t)R3), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 1);
    T_SETNAT(M, R2, 1);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "mux1", "I3", 0, 3, (int64_t)R1, (int64_t)R2, (int64_t)0xb), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 1);
    T_SETNAT(M, R2, 1);
    T_SETGR(M, R3, 2);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "pshladd2", "A10", 0, 4, (int64_t)R1, (int64_t)R2, (int64_t)1, (int64_t)R3), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 1);
    T_SETGR(M, R2, 1);
    T_SETNAT(M, R3, 2);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "pmpyshr2", "I1", 0, 4, (int64_t)R1, (int64_t)R2, (int64_t)R3, (int64_t)0), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 1);
    /* a clean result clears a NaT already in r1 */
    T_SETGR(M, R2, 1);
    T_SETGR(M, R3, 2);
    T_SETNAT(M, R1, 0);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "psad1", "I2", 0, 3, (int64_t)R1, (int64_t)R2, (int64_t)R3), STOP_NONE);
    assert_int_equal(T_NAT(M, R1), 0);
    EQ(T_GR(M, R1), 1);
}

static void test_r0_target(void **state)
{
    (void)state;
    struct cpu *c = &M->cpu;
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "padd2", "A9", 0, 3, (int64_t)0, (int64_t)R2, (int64_t)R3), STOP_FAULT);
    assert_int_equal(c->fault, FAULT_ILLEGAL_OPERATION);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "mux2", "I4", 0, 3, (int64_t)0, (int64_t)R2, (int64_t)0), STOP_FAULT);
    assert_int_equal(c->fault, FAULT_ILLEGAL_OPERATION);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "pshr4", "I6", 0, 3, (int64_t)0, (int64_t)R2, (int64_t)3), STOP_FAULT);
    assert_int_equal(c->fault, FAULT_ILLEGAL_OPERATION);
}

static void test_predicate_false(void **state)
{
    (void)state;
    struct cpu *c = &M->cpu;
    pr_set(c, 7, 0);
    T_SETGR(M, R1, 0x1234);
    T_SETGR(M, R2, 1);
    T_SETGR(M, R3, 1);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "padd1", "A9", 7, 3, (int64_t)R1, (int64_t)R2, (int64_t)R3), STOP_NONE);
    EQ(T_GR(M, R1), 0x1234);
    pr_set(c, 7, 1);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "padd1", "A9", 7, 3, (int64_t)R1, (int64_t)R2, (int64_t)R3), STOP_NONE);
    EQ(T_GR(M, R1), 2);
}

/* stacked registers through the frame map */
static void test_stacked(void **state)
{
    (void)state;
    struct cpu *c = &M->cpu;
    gr_set(c, 40, 0x00ff00ff00ff00ffull, 0);
    gr_set(c, 41, 0x0101010101010101ull, 0);
    c->ip = T_CODE;
    assert_int_equal(t_exec(M, "padd1.uuu", "A9", 0, 3, (int64_t)42, (int64_t)40, (int64_t)41), STOP_NONE);
    EQ(gr_val(c, 42), 0x01ff01ff01ff01ffull);
}

/* Every table entry of this family runs (no "unimplemented"). */
static void test_all_bound(void **state)
{
    (void)state;
    static const char *const fmts[] = { "A9", "A10", "I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8" };
    int seen = 0;
    for (int i = 0; i < INSN_COUNT; i++) {
        const struct insn_desc *d = &insn_table[i];
        int mine = 0;
        for (size_t f = 0; f < sizeof fmts / sizeof fmts[0]; f++)
            if (!strcmp(d->format, fmts[f]))
                mine = 1;
        /* I5, I7 shl / shr and I9 belong to the integer family */
        if (!mine || d->mnemonic[0] == 's')
            continue;
        int64_t ops[5] = { 0 };
        for (unsigned j = 0; j < d->nopnd; j++) {
            const struct insn_operand *o = &insn_operands[d->opnd[j]];
            ops[j] = o->kind == OPK_REG ? 4 + (int64_t)j : insn_operand_value(d->opnd[j], d->match, 0);
        }
        M->cpu.ip = T_CODE;
        int r = t_exec(M, d->mnemonic, d->format, 0, d->nopnd, ops[0], ops[1], ops[2], ops[3], ops[4]);
        if (r != STOP_NONE)
            fail_msg("%s (%s) stopped with %d: %s", d->mnemonic, d->format, r, M->cpu.message);
        seen++;
    }
    assert_true(seen >= 60);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_padd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_psub, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pavg, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pcmp, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pshadd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pmpyshr2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pmpy2, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mix_unpack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pack, setup, teardown),
        cmocka_unit_test_setup_teardown(test_minmax_psad, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mpy4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mux, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mux1_reserved, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pshl, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pshr, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nat_propagation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_r0_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_predicate_false, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stacked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_all_bound, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
