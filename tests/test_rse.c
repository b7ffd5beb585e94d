/* The register stack engine, branches and application-register moves
 * (cpu/rse.c, cpu/ops_branch.c).  Every expected value is worked out by
 * hand from the SDM rev. 2.3 (vol. 2 ch. 6; vol. 3 "alloc", "br", "brl",
 * "cover", "clrrrb", "epc", "flushrs", "loadrs", "mov ar"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness_m.h"

#define EX0(m, mn, f) t_exec(m, mn, f, 0, 0)
#define C (&m->cpu)
#define FAULT(x, f)                                  \
    do {                                             \
        assert_int_equal((x), STOP_FAULT);           \
        assert_int_equal(m->cpu.fault, (f));         \
        m->cpu.stop = STOP_NONE;                     \
    } while (0)

#define CFM(sof, sol, sor) ((uint64_t)(sof) | (uint64_t)(sol) << 7 | (uint64_t)((sor) / 8) << 14)

static uint64_t mem8(struct machine *m, uint64_t a)
{
    uint64_t v = 0;
    assert_int_equal(mem_copy_out(&m->mem, &v, a, 8), 0);
    return v;
}

/* A machine whose frame is empty, the RSE state clean, RSC lazy at PL 3. */
static struct machine *fresh(void)
{
    struct machine *m = t_new();
    t_frame(m, 0, 0, 0);
    m->cpu.ar[AR_RSC] = 0xc;
    return m;
}

/* Runs SLOT (already encoded, qp included) as slot POS of a B B B bundle. */
static int exec_bbb(struct machine *m, uint64_t slot, unsigned pos)
{
    uint64_t nop = t_find("nop.b", "B9", 1)->match;
    uint64_t s[3] = { nop, nop, nop };
    s[pos] = slot;
    return t_run_bundle(m, 0xb, s);
}

static uint64_t enc(const char *mn, const char *f, int qp, int n, const int64_t *ops)
{
    const struct insn_desc *d = t_find(mn, f, n);
    assert_non_null(d);
    uint64_t slot, l;
    assert_int_equal(t_encode(d, qp, ops, &slot, &l), 0);
    return slot;
}

/* ---------------------------------------------------------------- alloc */
static void test_alloc(void **state)
{
    (void)state;
    struct machine *m = fresh();
    C->ar[AR_PFS] = 0x123456;
    OK(EX(m, "alloc", "M34", 0, 5, 33, 0, 8, 6, 0));
    EQ(C->cfm, CFM(8, 6, 0));
    EQ(GR(33), 0x123456);
    assert_false(NAT(33));
    EQ(C->ar[AR_BSP], T_RBS);
    /* a static target, a rotating region */
    OK(EX(m, "alloc", "M34", 0, 5, 2, 0, 16, 10, 8));
    EQ(C->cfm, CFM(16, 10, 8));
    EQ(GR(2), 0x123456);
    /* r0, a target beyond the new frame, sol or sor beyond sof */
    FAULT(EX(m, "alloc", "M34", 0, 5, 0, 0, 8, 6, 0), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "alloc", "M34", 0, 5, 40, 0, 8, 6, 0), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "alloc", "M34", 0, 5, 33, 0, 8, 9, 0), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "alloc", "M34", 0, 5, 33, 0, 8, 6, 16), FAULT_ILLEGAL_OPERATION);
    EQ(C->cfm, CFM(16, 10, 8));
    /* alloc cannot be predicated: a non-zero qp field is Illegal Operation */
    uint64_t s = enc("alloc", "M34", 0, 5, (const int64_t[5]){ 33, 0, 8, 6, 0 }) | 5;
    uint64_t sl[3] = { s, t_find("nop.i", "I18", 1)->match, t_find("nop.i", "I18", 1)->match };
    assert_int_equal(t_run_bundle(m, 0, sl), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_ILLEGAL_OPERATION);
    C->stop = STOP_NONE;
    /* changing sor while a rrb is non-zero: Reserved Register/Field */
    C->cfm |= 1ull << 32;
    rse_remap(C);
    FAULT(EX(m, "alloc", "M34", 0, 5, 33, 0, 16, 10, 0), FAULT_RESERVED_REGISTER_FIELD);
    OK(EX(m, "alloc", "M34", 0, 5, 33, 0, 20, 10, 8));    /* same sor: fine */
    EQ(C->cfm, CFM(20, 10, 8) | 1ull << 32);
    t_free(m);
}

/* ------------------------------------------------------ br.call, br.ret */
static void test_call_ret(void **state)
{
    (void)state;
    struct machine *m = fresh();
    OK(EX(m, "alloc", "M34", 0, 5, 32, 0, 10, 7, 0));
    for (unsigned i = 33; i < 42; i++)
        SET(i, 0x100 + i);
    SETNAT(38, 0x55);
    C->ar[AR_EC] = 5;
    uint64_t cfm = C->cfm, ip0 = C->ip;
    OK(EX(m, "br.call.sptk.few", "B3", 0, 2, 0, 0x40));
    EQ(C->br[0], ip0 + 16);
    EQ(C->ip, ip0 + 0x40);
    EQ(C->ar[AR_PFS], cfm | 5ull << 52 | 3ull << 62);
    EQ(C->cfm, CFM(3, 0, 0));                  /* the outputs r39-r41 */
    EQ(C->ar[AR_BSP], T_RBS + 7 * 8);
    EQ(GR(32), 0x100 + 39);
    EQ(GR(34), 0x100 + 41);
    /* the callee grows its frame and clobbers what it owns */
    OK(EX(m, "alloc", "M34", 0, 5, 35, 0, 6, 4, 0));
    SET(32, 0xdead);
    C->ar[AR_EC] = 9;
    OK(EX(m, "br.ret.sptk.few", "B4", 0, 1, 0));
    EQ(C->ip, ip0 + 16);
    EQ(C->cfm, cfm);
    EQ(C->ar[AR_EC], 5);
    EQ(C->ar[AR_BSP], T_RBS);
    EQ(GR(33), 0x100 + 33);
    EQ(GR(37), 0x100 + 37);
    assert_true(NAT(38));
    EQ(GR(39), 0xdead);                        /* the shared output */
    /* a predicated-off call does nothing */
    OK(EX(m, "br.call.sptk.few", "B3", 1, 2, 0, 0x40));
    EQ(C->cfm, cfm);
    EQ(C->ip, ip0 + 32);
    /* br.call b1=b2 (B5): the target's low 4 bits are ignored */
    C->br[6] = 0x5000f;
    OK(EX(m, "br.call.sptk.few", "B5", 0, 2, 1, 6));
    EQ(C->ip, 0x50000);
    EQ(C->br[1], ip0 + 48);
    t_free(m);
}

static void test_ret_privilege(void **state)
{
    (void)state;
    struct machine *m = fresh();
    C->psr &= ~(3ull << PSR_CPL_SHIFT);        /* PL 0 */
    C->br[0] = 0x8000;
    C->ar[AR_PFS] = 2ull << 62 | 17ull << 52;  /* ppl 2, pec 17, empty pfm */
    OK(EX(m, "br.ret.sptk.few", "B4", 0, 1, 0));
    EQ((C->psr >> PSR_CPL_SHIFT) & 3, 2);      /* demoted to PL 2 */
    EQ(C->ar[AR_EC], 17);
    C->ar[AR_PFS] = 0;                         /* ppl 0: no promotion */
    OK(EX(m, "br.ret.sptk.few", "B4", 0, 1, 0));
    EQ((C->psr >> PSR_CPL_SHIFT) & 3, 2);
    t_free(m);
}

/* ---------------------------------- spills, fills and NaT collections */
/* Twelve nested frames of 20 registers (sol 20, i.e. 240 registers
 * preserved) overflow the 96 physical registers: alloc spills, br.ret
 * fills.  Level k keeps 1000k + i in r(32+i), i = 1..19, with NaTs in r34
 * and (k odd) r50. */
static void test_spill_fill(void **state)
{
    (void)state;
    struct machine *m = fresh();
    const unsigned levels = 12;
    for (unsigned k = 0; k < levels; k++) {
        OK(EX(m, "alloc", "M34", 0, 5, 32, 0, 21, 20, 0));
        for (unsigned i = 1; i < 20; i++)
            gr_set(C, 32 + i, 1000 * k + i, i == 2 || (i == 18 && (k & 1)));
        SET(52, 0);
        OK(EX(m, "br.call.sptk.few", "B3", 0, 2, 0, 0x10));
        EQ(C->ar[AR_BSP], rse_addr_add(T_RBS, 20 * (k + 1)));
    }
    /* 240 registers preserved, 1 in the frame: at least 240 + 1 - 96 =
     * 145 went to memory.  Level 0's r33 is at T_RBS + 8, its r34 (a NaT)
     * at T_RBS + 16; level 3's r32 is register 60, r33 number 61, r34
     * number 62 (slot 62), and level 3's r35 (number 63) lands after the
     * first NaT collection at T_RBS + 0x1f8. */
    assert_true(C->ar[AR_BSPSTORE] >= T_RBS + 145 * 8);
    EQ(mem8(m, T_RBS + 8), 1);
    EQ(mem8(m, T_RBS + 16), 2);
    EQ(mem8(m, T_RBS + 62 * 8), 3002);
    EQ(mem8(m, T_RBS + 0x200), 3003);
    uint64_t coll = mem8(m, T_RBS + 0x1f8);
    /* NaT bits in group 0: level k's r34 is register 20k + 2 (k = 0..3);
     * level 1's r50 is register 38 */
    EQ(coll, 1ull << 2 | 1ull << 22 | 1ull << 42 | 1ull << 62 | 1ull << 38);
    /* unwind: each level's r32 holds the PFS its alloc saw */
    for (unsigned k = levels; k-- > 0;) {
        OK(EX(m, "br.ret.sptk.few", "B4", 0, 1, 0));
        EQ(C->cfm, CFM(21, 20, 0));
        for (unsigned i = 1; i < 20; i++) {
            int nat = i == 2 || (i == 18 && (k & 1));
            EQ(GR(32 + i), 1000 * k + i);
            assert_int_equal(NAT(32 + i), nat);
        }
        C->ar[AR_PFS] = GR(32);
        EQ(C->ar[AR_BSP], rse_addr_add(T_RBS, 20 * k));
        assert_true(C->ar[AR_BSPSTORE] <= C->ar[AR_BSP]);
    }
    EQ(C->ar[AR_BSP], T_RBS);
    t_free(m);
}

/* ------------------------------------------------------- flushrs, loadrs */
static void test_flushrs(void **state)
{
    (void)state;
    struct machine *m = fresh();
    OK(EX(m, "alloc", "M34", 0, 5, 32, 0, 4, 3, 0));
    SET(32, 0xa0);
    SETNAT(33, 0xa1);
    SET(34, 0xa2);
    SET(35, 0xa3);
    OK(EX(m, "br.call.sptk.few", "B3", 0, 2, 0, 0x10));
    EQ(C->ar[AR_BSPSTORE], T_RBS);
    OK(EX0(m, "flushrs", "M25"));
    EQ(C->ar[AR_BSPSTORE], T_RBS + 24);
    EQ(C->ar[AR_BSP], T_RBS + 24);
    EQ(mem8(m, T_RBS), 0xa0);
    EQ(mem8(m, T_RBS + 8), 0xa1);
    EQ(mem8(m, T_RBS + 16), 0xa2);
    EQ(C->ar[AR_RNAT] & 7, 2);
    EQ(GR(32), 0xa3);                          /* the frame is untouched */
    t_free(m);
}

static void test_loadrs(void **state)
{
    (void)state;
    struct machine *m = fresh();
    /* faults: an eager mode; CFM.sof and RSC.loadrs both non-zero */
    C->ar[AR_RSC] = 0xf;
    FAULT(EX0(m, "loadrs", "M25"), FAULT_ILLEGAL_OPERATION);
    t_frame(m, 2, 2, 0);
    C->ar[AR_RSC] = 0x10ull << 16;
    FAULT(EX0(m, "loadrs", "M25"), FAULT_ILLEGAL_OPERATION);
    /* two registers preserved by a call; flushed; the image rewritten;
     * loadrs with 0 invalidates them; loadrs with 16 bytes loads them
     * back as dirty registers: BSPSTORE = BSP - 16 */
    SET(32, 0x11);
    SET(33, 0x22);
    C->ar[AR_RSC] = 0;
    OK(EX(m, "br.call.sptk.few", "B3", 0, 2, 0, 0x10));
    OK(EX0(m, "flushrs", "M25"));
    uint64_t v = 0x77;
    mem_copy_in(&m->mem, T_RBS + 8, &v, 8);
    C->ar[AR_RNAT] = 1;                        /* r32's NaT bit */
    OK(EX0(m, "loadrs", "M25"));
    EQ(C->ar[AR_BSPSTORE], T_RBS + 16);
    C->ar[AR_RSC] = 16ull << 16;
    OK(EX0(m, "loadrs", "M25"));
    EQ(C->ar[AR_BSPSTORE], T_RBS);
    EQ(C->ar[AR_BSP], T_RBS + 16);
    C->ar[AR_PFS] = CFM(2, 2, 0);
    OK(EX(m, "br.ret.sptk.few", "B4", 0, 1, 0));
    assert_true(NAT(32));
    EQ(GR(33), 0x77);
    EQ(C->ar[AR_BSPSTORE], T_RBS);
    /* more than the physical registers: Illegal Operation */
    t_frame(m, 0, 0, 0);
    C->ar[AR_RSC] = 0x3ff8ull << 16;           /* 2047 slots: > 96 registers */
    FAULT(EX0(m, "loadrs", "M25"), FAULT_ILLEGAL_OPERATION);
    t_free(m);
}

/* -------------------------------------------------------- cover, clrrrb */
static void test_cover(void **state)
{
    (void)state;
    struct machine *m = fresh();
    OK(EX(m, "alloc", "M34", 0, 5, 32, 0, 5, 3, 0));
    uint64_t cfm = C->cfm | 2ull << 18;
    C->cfm = cfm;
    C->psr &= ~PSR_IC;
    OK(EX0(m, "cover", "B8"));
    EQ(C->cfm, 0);
    EQ(C->ar[AR_BSP], T_RBS + 40);
    EQ(C->cr[23], 1ull << 63 | cfm);          /* CR[IFS]: v, ifm */
    C->cr[23] = 0;
    C->psr |= PSR_IC;
    OK(EX0(m, "cover", "B8"));                 /* PSR.ic = 1: IFS unchanged */
    EQ(C->cr[23], 0);
    /* flushrs then stores the 5 covered registers */
    OK(EX0(m, "flushrs", "M25"));
    EQ(C->ar[AR_BSPSTORE], T_RBS + 40);
    t_free(m);
}

static void test_clrrrb(void **state)
{
    (void)state;
    struct machine *m = t_new();
    t_frame(m, 16, 16, 8);
    C->cfm |= 3ull << 18 | 5ull << 25 | 7ull << 32;
    rse_remap(C);
    SET(35, 0x99);                              /* r35 is physical ring slot 6 */
    OK(EX0(m, "clrrrb.pr", "B8"));
    EQ(C->cfm, CFM(16, 16, 8) | 3ull << 18 | 5ull << 25);
    OK(EX0(m, "clrrrb", "B8"));
    EQ(C->cfm, CFM(16, 16, 8));
    EQ(GR(38), 0x99);
    t_free(m);
}

/* ------------------------------------------------------ loop branches */
static void test_rotation(void **state)
{
    (void)state;
    struct machine *m = t_new();
    t_frame(m, 16, 16, 8);
    for (unsigned i = 32; i < 48; i++)
        SET(i, i);
    C->frf[40].sig = 0x4040;                    /* f40 */
    C->ar[AR_LC] = 2;
    C->ar[AR_EC] = 1;
    /* LC != 0: LC--, p63 = 1, rotate; taken */
    OK(EX(m, "br.ctop.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->ip, T_CODE + 0x100);
    EQ(C->ar[AR_LC], 1);
    EQ(C->cfm, CFM(16, 16, 8) | 7ull << 18 | 95ull << 25 | 47ull << 32);
    assert_true(PR(16));
    EQ(GR(33), 32);
    EQ(GR(32), 39);                             /* r39 wrapped round */
    EQ(GR(40), 40);                             /* not rotating */
    EQ(fr(C, 41)->sig, 0x4040);
    OK(EX(m, "br.ctop.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->ar[AR_LC], 0);
    EQ(GR(34), 32);
    assert_true(PR(17) && PR(16));
    /* LC = 0, EC = 1: EC--, p63 = 0, rotate; falls through */
    uint64_t ip = C->ip;
    OK(EX(m, "br.ctop.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->ip, ip + 16);
    EQ(C->ar[AR_EC], 0);
    assert_false(PR(16));
    EQ(GR(35), 32);
    /* LC = 0, EC = 0: nothing rotates, p63 = 0 */
    pr_set(C, 63, 1);
    uint64_t cfm = C->cfm;
    OK(EX(m, "br.ctop.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->cfm, cfm);
    assert_false(PR(63));
    EQ(GR(35), 32);
    /* br.cexit: taken when the loop is over */
    C->ar[AR_LC] = 1;
    ip = C->ip;
    OK(EX(m, "br.cexit.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->ip, ip + 16);
    EQ(C->ar[AR_LC], 0);
    C->ar[AR_EC] = 2;
    OK(EX(m, "br.cexit.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->ar[AR_EC], 1);
    EQ(C->ip, ip + 32);
    OK(EX(m, "br.cexit.sptk.few", "B2", 0, 1, 0x100));
    EQ(C->ar[AR_EC], 0);
    EQ(C->ip, ip + 32 + 0x100);
    t_free(m);
}

static void test_cloop(void **state)
{
    (void)state;
    struct machine *m = t_new();
    C->ar[AR_LC] = 0;
    OK(EX(m, "br.cloop.sptk.few", "B2", 0, 1, -0x20));
    EQ(C->ip, T_CODE + 16);
    C->ar[AR_LC] = 3;
    OK(EX(m, "br.cloop.sptk.few", "B2", 0, 1, -0x20));
    EQ(C->ip, T_CODE - 0x10);
    EQ(C->ar[AR_LC], 2);
    EQ(C->cfm, CFM(96, 0, 0));                  /* no rotation */
    /* slot 0 or 1 of a bundle: Illegal Operation */
    uint64_t s = enc("br.cloop.sptk.few", "B2", 0, 1, (const int64_t[5]){ 0x100 });
    FAULT(exec_bbb(m, s, 1), FAULT_ILLEGAL_OPERATION);
    OK(exec_bbb(m, s, 2));
    t_free(m);
}

static void test_wtop(void **state)
{
    (void)state;
    struct machine *m = t_new();
    t_frame(m, 8, 8, 8);
    SET(32, 5);
    pr_set(C, 1, 1);
    pr_set(C, 63, 1);
    C->ar[AR_EC] = 2;
    /* PR[qp] = 1: p63 = 0, rotate; taken; EC unchanged */
    OK(EX(m, "br.wtop.sptk.few", "B1", 1, 1, 0x40));
    EQ(C->ip, T_CODE + 0x40);
    EQ(C->ar[AR_EC], 2);
    assert_false(PR(16));
    EQ(GR(33), 5);
    /* PR[qp] = 0, EC = 2 > 1: EC--, rotate, taken */
    pr_set(C, 1, 0);
    OK(EX(m, "br.wtop.sptk.few", "B1", 1, 1, 0x40));
    EQ(C->ip, T_CODE + 0x80);
    EQ(C->ar[AR_EC], 1);
    EQ(GR(34), 5);
    /* PR[qp] = 0, EC = 1: EC--, rotate, falls through */
    OK(EX(m, "br.wtop.sptk.few", "B1", 1, 1, 0x40));
    EQ(C->ip, T_CODE + 0x90);
    EQ(C->ar[AR_EC], 0);
    EQ(GR(35), 5);
    /* br.wexit: the opposite sense */
    pr_set(C, 1, 1);
    OK(EX(m, "br.wexit.sptk.few", "B1", 1, 1, 0x40));
    EQ(C->ip, T_CODE + 0xa0);
    EQ(GR(36), 5);
    pr_set(C, 1, 0);
    OK(EX(m, "br.wexit.sptk.few", "B1", 1, 1, 0x40));
    EQ(C->ip, T_CODE + 0xa0 + 0x40);
    EQ(GR(36), 5);                              /* EC = 0: no rotation */
    t_free(m);
}

/* -------------------------------------------------- br.cond, br.ia, brl */
static void test_br_cond(void **state)
{
    (void)state;
    struct machine *m = t_new();
    OK(EX(m, "br.cond.sptk.few", "B1", 3, 1, 0x1230));
    EQ(C->ip, T_CODE + 16);                     /* p3 = 0 */
    pr_set(C, 3, 1);
    OK(EX(m, "br.cond.sptk.few", "B1", 3, 1, -0x1230));
    EQ(C->ip, T_CODE + 16 - 0x1230);
    C->br[2] = 0x7777;
    OK(EX(m, "br.few", "B4", 0, 1, 2));             /* br.cond.sptk, qp 0 */
    EQ(C->ip, 0x7770);
    EQ(C->slot, 0);
    /* brl.cond (X3) and brl.call (X4): 64-bit displacements */
    C->ip = T_CODE;
    OK(EX(m, "brl.few", "X3", 0, 1, 0x123456780ll));   /* brl.cond.sptk */
    EQ(C->ip, T_CODE + 0x123456780ull);
    C->ip = T_CODE;
    t_frame(m, 4, 3, 0);
    OK(EX(m, "brl.call.sptk.few", "X4", 0, 2, 7, -0x1000));
    EQ(C->ip, T_CODE - 0x1000);
    EQ(C->br[7], T_CODE + 16);
    EQ(C->cfm, CFM(1, 0, 0));
    EQ(C->ar[AR_PFS] & 0x3fffffffffull, CFM(4, 3, 0));
    /* brp is a hint */
    C->ip = T_CODE;
    OK(EX(m, "brp.sptk", "B7", 0, 2, 1, 0x20));
    EQ(C->ip, T_CODE + 16);
    t_free(m);
}

static void test_br_ia(void **state)
{
    (void)state;
    struct machine *m = t_new();
    assert_int_equal(EX(m, "br.ia.sptk.few", "B4", 0, 1, 1), STOP_UNIMPLEMENTED);
    C->stop = STOP_NONE;
    FAULT(EX(m, "br.ia.sptk.few", "B4", 2, 1, 1), FAULT_ILLEGAL_OPERATION);
    C->ar[AR_BSP] += 8;
    FAULT(EX(m, "br.ia.sptk.few", "B4", 0, 1, 1), FAULT_ILLEGAL_OPERATION);
    t_free(m);
}

static void test_epc(void **state)
{
    (void)state;
    struct machine *m = t_new();
    C->ar[AR_PFS] = 0;                          /* ppl 0 < cpl 3 */
    FAULT(EX0(m, "epc", "B8"), FAULT_ILLEGAL_OPERATION);
    C->ar[AR_PFS] = 3ull << 62;
    OK(EX0(m, "epc", "B8"));                    /* PSR.it = 0: PL 0 */
    EQ((C->psr >> PSR_CPL_SHIFT) & 3, 0);
    t_free(m);
}

/* ------------------------------------------------------------ mov ar */
static void test_mov_ar(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 0x1234);
    /* LC: I form only */
    OK(EX(m, "mov.i", "I26", 0, 2, AR_LC, 2));
    EQ(C->ar[AR_LC], 0x1234);
    OK(EX(m, "mov.i", "I28", 0, 2, 3, AR_LC));
    EQ(GR(3), 0x1234);
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_LC, 2), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "mov.i", "I26", 0, 2, AR_CCV, 2), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "mov.i", "I28", 0, 2, 3, AR_UNAT), FAULT_ILLEGAL_OPERATION);
    OK(EX(m, "mov.m", "M29", 0, 2, AR_CCV, 2));
    EQ(C->ar[AR_CCV], 0x1234);
    /* imm8 forms: sign-extended; EC keeps 6 bits */
    OK(EX(m, "mov.i", "I27", 0, 2, AR_EC, -1));
    EQ(C->ar[AR_EC], 63);
    OK(EX(m, "mov.m", "M30", 0, 2, AR_UNAT, -2));
    EQ(C->ar[AR_UNAT], 0xfffffffffffffffeull);
    /* BSP is read-only; reserved ARs fault; ignored ARs read 0 */
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_BSP, 2), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "mov.m", "M31", 0, 2, 3, 8), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "mov.i", "I28", 0, 2, 3, 70), FAULT_ILLEGAL_OPERATION);
    OK(EX(m, "mov.m", "M29", 0, 2, 50, 2));
    OK(EX(m, "mov.m", "M31", 0, 2, 3, 50));
    EQ(GR(3), 0);
    OK(EX(m, "mov.i", "I28", 0, 2, 3, 120));
    EQ(GR(3), 0);
    /* r1 = r0; a NaT source */
    FAULT(EX(m, "mov.m", "M31", 0, 2, 0, AR_CCV), FAULT_ILLEGAL_OPERATION);
    SETNAT(4, 1);
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_CCV, 4), FAULT_NAT_CONSUMPTION);
    /* the result's NaT bit is cleared */
    SETNAT(3, 9);
    OK(EX(m, "mov.m", "M31", 0, 2, 3, AR_CCV));
    assert_false(NAT(3));
    t_free(m);
}

static void test_mov_ar_priv(void **state)
{
    (void)state;
    struct machine *m = t_new();
    SET(2, 0x55);
    /* kernel registers: read anywhere, written at PL 0 only */
    FAULT(EX(m, "mov.m", "M29", 0, 2, 3, 2), FAULT_PRIVILEGED_REGISTER);
    C->ar[3] = 0x66;
    OK(EX(m, "mov.m", "M31", 0, 2, 4, 3));
    EQ(GR(4), 0x66);
    C->psr &= ~(3ull << PSR_CPL_SHIFT);
    OK(EX(m, "mov.m", "M29", 0, 2, 3, 2));
    EQ(C->ar[3], 0x55);
    /* ITC counts instructions; written at PL 0 */
    OK(EX(m, "mov.m", "M29", 0, 2, AR_ITC, 2));
    uint64_t at = C->insns;
    OK(EX(m, "mov.m", "M31", 0, 2, 5, AR_ITC));
    /* the write was slot 0 of its bundle, the read slot 0 of the next:
     * three instructions later */
    EQ(GR(5), 0x55 + 3);
    EQ(C->insns, at + 3);
    C->psr |= 3ull << PSR_CPL_SHIFT;
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_ITC, 2), FAULT_PRIVILEGED_REGISTER);
    C->psr |= 1ull << 23;                       /* PSR.si */
    FAULT(EX(m, "mov.m", "M31", 0, 2, 5, AR_ITC), FAULT_PRIVILEGED_REGISTER);
    t_free(m);
}

static void test_mov_ar_rse(void **state)
{
    (void)state;
    struct machine *m = fresh();
    /* RSC: reserved fields fault; pl cannot be promoted above PSR.cpl */
    SET(2, 1ull << 5);
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_RSC, 2), FAULT_RESERVED_REGISTER_FIELD);
    SET(2, 0x12340013);
    OK(EX(m, "mov.m", "M29", 0, 2, AR_RSC, 2));
    EQ(C->ar[AR_RSC], 0x1234001f);
    /* BSPSTORE and RNAT need enforced lazy mode, both ways */
    FAULT(EX(m, "mov.m", "M31", 0, 2, 3, AR_BSPSTORE), FAULT_ILLEGAL_OPERATION);
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_RNAT, 2), FAULT_ILLEGAL_OPERATION);
    OK(EX(m, "mov.m", "M30", 0, 2, AR_RSC, 0));
    /* writing BSPSTORE keeps the dirty registers: BSP follows */
    t_frame(m, 3, 3, 0);
    SETNAT(32, 0x10);
    OK(EX(m, "br.call.sptk.few", "B3", 0, 2, 0, 0x10));
    SET(2, 0x3001f0);                            /* slot 62 of a group */
    OK(EX(m, "mov.m", "M29", 0, 2, AR_BSPSTORE, 2));
    EQ(C->ar[AR_BSPSTORE], 0x3001f0);
    EQ(C->ar[AR_BSP], 0x300210);                 /* 3 registers, 1 collection */
    OK(EX(m, "mov.m", "M31", 0, 2, 4, AR_BSP));
    EQ(GR(4), 0x300210);
    /* RNAT bit 63 is ignored */
    SET(2, ~0ull);
    OK(EX(m, "mov.m", "M29", 0, 2, AR_RNAT, 2));
    EQ(C->ar[AR_RNAT], 0x7fffffffffffffffull);
    /* the flush stores the NaT r32 at 0x3001f0 (slot 62), then the
     * collection at 0x3001f8 with bit 62 set */
    C->ar[AR_RNAT] = 0;
    OK(EX0(m, "flushrs", "M25"));
    EQ(C->ar[AR_BSPSTORE], 0x300210);
    EQ(mem8(m, 0x3001f0), 0x10);
    EQ(mem8(m, 0x3001f8), 1ull << 62);
    /* PFS and FPSR reserved fields */
    SET(2, 1ull << 40);
    FAULT(EX(m, "mov.i", "I26", 0, 2, AR_PFS, 2), FAULT_RESERVED_REGISTER_FIELD);
    SET(2, 1ull << 8);                           /* sf0.pc = 01 */
    FAULT(EX(m, "mov.m", "M29", 0, 2, AR_FPSR, 2), FAULT_RESERVED_REGISTER_FIELD);
    SET(2, 0x0009804c0270033full);               /* Linux's default */
    OK(EX(m, "mov.m", "M29", 0, 2, AR_FPSR, 2));
    t_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc),
        cmocka_unit_test(test_call_ret),
        cmocka_unit_test(test_ret_privilege),
        cmocka_unit_test(test_spill_fill),
        cmocka_unit_test(test_flushrs),
        cmocka_unit_test(test_loadrs),
        cmocka_unit_test(test_cover),
        cmocka_unit_test(test_clrrrb),
        cmocka_unit_test(test_rotation),
        cmocka_unit_test(test_cloop),
        cmocka_unit_test(test_wtop),
        cmocka_unit_test(test_br_cond),
        cmocka_unit_test(test_br_ia),
        cmocka_unit_test(test_epc),
        cmocka_unit_test(test_mov_ar),
        cmocka_unit_test(test_mov_ar_priv),
        cmocka_unit_test(test_mov_ar_rse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
