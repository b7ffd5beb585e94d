/* Address translation (cpu/tlb.c, cpu/ops_tlb.c, the slow paths of
 * cpu/memory.c): region and key registers, TR and TC, purges, the VHPT
 * walker in both formats, protection, and the interruption values the SDM
 * fixes (rev. 2.3 vol. 2, ch. 4 and 5.8).  The PSR is set directly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"
#include "ops.h"

#define I(x) ((int64_t)(x))
#define VA1 0x2000000000004000ull          /* region 1 */
#define RID1 0x42u
#define RR1 ((uint64_t)RID1 << 8 | 12 << 2) /* rid 0x42, 4 KiB, walker off */
#define ITIR_RR1 0x4230ull                  /* ITIR of a fault in region 1: ps 12, key = rid */
#define PTE_RW (PTE_P | PTE_A | PTE_D | 2ull << 9)  /* ma WB, pl 0, ar 2 (RW) */

static struct machine *M;
static struct cpu *C;

static int setup(void **state)
{
    (void)state;
    M = t_new();
    M->system_mode = 1;
    C = &M->cpu;
    C->psr = PSR_BN | PSR_IC | PSR_DT;      /* PL0, data translation on, fetch physical */
    C->tlb.rr[1] = RR1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    t_free(M);
    return 0;
}

static void set_psr(uint64_t psr)
{
    C->psr = psr;
    mem_tlb_flush(M);    /* what helper A's PSR writes do */
}

static void poke8(uint64_t pa, uint64_t v) { mem_copy_in(&M->mem, pa, &v, 8); }
static uint64_t peek8(uint64_t pa)
{
    uint64_t v;
    mem_copy_out(&M->mem, &v, pa, 8);
    return v;
}

static void insert_tc(int side, uint64_t va, unsigned ps, uint32_t key, uint64_t pte)
{
    tlb_tc_insert(C, side, va, ps, RR_RID(C->tlb.rr[va >> 61]), key, pte);
    mem_tlb_flush(M);
}

/* A load or store that must fault with vector V: checks IFA and ISR. */
static void expect_vector(int r, enum ivec v, uint64_t ifa, uint64_t isr)
{
    assert_int_equal(r, OP_STOP);
    assert_int_equal(C->stop, STOP_FAULT);
    assert_int_equal(C->intr.vector, v);
    assert_true(C->intr.ifa == ifa);
    assert_true(C->intr.isr == isr);
    C->stop = STOP_NONE;
}

static int load(uint64_t va, uint64_t *v) { return mem_load(C, va, 8, v); }
static int store(uint64_t va, uint64_t v) { return mem_store(C, va, 8, v); }

/* The table entry MNEMONIC (FORMAT) whose operand I is the register file
 * FILE (rr, pkr, dbr ...). */
static const struct insn_desc *entry_with(const char *mnemonic, const char *format, int i, const char *file)
{
    for (int k = 0; k < INSN_COUNT; k++) {
        const struct insn_desc *d = &insn_table[k];
        if (!strcmp(d->mnemonic, mnemonic) && !strcmp(d->format, format) && d->nopnd > i &&
            !strcmp(insn_operands[d->opnd[i]].name, file))
            return d;
    }
    return NULL;
}

/* Runs the M-unit entry D with operands A, B in an MII bundle. */
static int run_m(const struct insn_desc *d, int64_t a, int64_t b)
{
    int64_t ops[5] = { a, b };
    uint64_t s[3] = { 0, t_find("nop.i", "I18", 1)->match, t_find("nop.i", "I18", 1)->match }, l;
    assert_non_null(d);
    assert_int_equal(t_encode(d, 0, ops, &s[0], &l), 0);
    return t_run_bundle(M, 0, s);
}

/* ------------------------------------------------------------ registers */
static void test_region_registers(void **state)
{
    (void)state;
    const struct insn_desc *to = entry_with("mov", "M42", 0, "rr"), *from = entry_with("mov", "M43", 1, "rr");
    T_SETGR(M, 2, 0x6000000000000000ull);             /* selects rr3 */
    T_SETGR(M, 3, 0x123400ull | 14 << 2 | 1);         /* rid 0x1234, 16 KiB, ve */
    assert_int_equal(run_m(to, 2, 3), STOP_NONE);
    assert_true(C->tlb.rr[3] == (0x123400ull | 14 << 2 | 1));
    assert_int_equal(run_m(from, 4, 2), STOP_NONE);
    assert_true(T_GR(M, 4) == (0x123400ull | 14 << 2 | 1));
    /* reserved: bit 1, bits 63:32, an unsupported page size (2^15) */
    T_SETGR(M, 3, 0x123400ull | 2);
    assert_int_equal(run_m(to, 2, 3), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_RESERVED_REGISTER_FIELD);
    T_SETGR(M, 3, 1ull << 32 | 12 << 2);
    assert_int_equal(run_m(to, 2, 3), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_RESERVED_REGISTER_FIELD);
    T_SETGR(M, 3, 15 << 2);
    assert_int_equal(run_m(to, 2, 3), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_RESERVED_REGISTER_FIELD);
    /* privileged */
    C->ip = T_CODE;
    set_psr(C->psr | 3ull << 32);
    assert_int_equal(run_m(from, 4, 2), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_PRIVILEGED_OPERATION);
    C->ip = T_CODE;
}

static void test_key_registers(void **state)
{
    (void)state;
    const struct insn_desc *to = entry_with("mov", "M42", 0, "pkr"), *from = entry_with("mov", "M43", 1, "pkr");
    T_SETGR(M, 2, 5);
    T_SETGR(M, 3, 0x5500ull | 4 | 1);                  /* key 0x55, rd, v */
    assert_int_equal(run_m(to, 2, 3), STOP_NONE);
    assert_int_equal(run_m(from, 4, 2), STOP_NONE);
    assert_true(T_GR(M, 4) == 0x5505);
    /* the same key in another register: the older one is invalidated */
    T_SETGR(M, 2, 6);
    T_SETGR(M, 3, 0x5501ull);
    assert_int_equal(run_m(to, 2, 3), STOP_NONE);
    assert_true(C->tlb.pkr[5] == 0x5504 && C->tlb.pkr[6] == 0x5501);
    /* beyond the 16 registers, and reserved bits 7:4 */
    T_SETGR(M, 2, 16);
    assert_int_equal(run_m(from, 4, 2), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_RESERVED_REGISTER_FIELD);
    T_SETGR(M, 2, 1);
    T_SETGR(M, 3, 0x5511ull);
    assert_int_equal(run_m(to, 2, 3), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_RESERVED_REGISTER_FIELD);
}

/* ----------------------------------------------------- translated access */
static void test_itc_translates(void **state)
{
    (void)state;
    set_psr(PSR_BN | PSR_DT);                          /* itc needs PSR.ic = 0 */
    C->cr[CR_IFA] = VA1 | 0x123;                        /* offset bits are ignored */
    C->cr[CR_ITIR] = 12 << 2;
    T_SETGR(M, 5, PTE_RW | 0x500000);
    assert_int_equal(t_exec(M, "itc.d", "M41", 0, 1, I(5)), STOP_NONE);
    uint64_t v;
    poke8(0x500008, 0x1122334455667788ull);
    assert_int_equal(load(VA1 + 8, &v), 0);
    assert_true(v == 0x1122334455667788ull);
    assert_int_equal(store(VA1 + 16, 0xabcdull), 0);
    assert_true(peek8(0x500010) == 0xabcd);
    /* through the instructions: ld8 and st8 */
    T_SETGR(M, 6, VA1 + 8);
    assert_int_equal(t_exec(M, "ld8", "M1", 0, 2, I(7), I(6)), STOP_NONE);
    assert_true(T_GR(M, 7) == 0x1122334455667788ull);
    /* tpa and tak */
    assert_int_equal(t_exec(M, "tpa", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0x500008);
    assert_int_equal(t_exec(M, "tak", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0);
    T_SETGR(M, 6, VA1 + 0x1000);                        /* no entry: 1 */
    assert_int_equal(t_exec(M, "tak", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 1);
    /* itc with PSR.ic = 1: Illegal Operation; at PL3: Privileged Operation */
    set_psr(PSR_BN | PSR_DT | PSR_IC);
    assert_int_equal(t_exec(M, "itc.d", "M41", 0, 1, I(5)), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_ILLEGAL_OPERATION);
    C->ip = T_CODE;
    set_psr(PSR_BN | PSR_DT | 3ull << 32);
    assert_int_equal(t_exec(M, "itc.d", "M41", 0, 1, I(5)), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_PRIVILEGED_OPERATION);
    C->ip = T_CODE;
    /* a reserved memory attribute */
    set_psr(PSR_BN | PSR_DT);
    T_SETGR(M, 5, PTE_RW | 0x500000 | 1 << 2);
    assert_int_equal(t_exec(M, "itc.d", "M41", 0, 1, I(5)), STOP_FAULT);
    assert_int_equal(C->fault, FAULT_RESERVED_REGISTER_FIELD);
    C->ip = T_CODE;
}

static void test_miss_vectors(void **state)
{
    (void)state;
    uint64_t v;
    /* walker off in the region: Alternate Data TLB; IFA, ITIR = rr's ps
     * and rid, ISR.r (and .w for a store) */
    expect_vector(load(VA1 + 8, &v), IVEC_ALT_DATA_TLB, VA1 + 8, ISR_R);
    assert_true(C->intr.itir == ITIR_RR1);
    assert_true((C->intr.valid & (INTR_IFA | INTR_ITIR | INTR_IHA)) == (INTR_IFA | INTR_ITIR));
    expect_vector(store(VA1, 1), IVEC_ALT_DATA_TLB, VA1, ISR_W);
    /* PSR.ic = 0: raised as Alternate Data TLB; the delivery makes it
     * Data Nested TLB (interrupt.c; sys_tlb_miss.s checks that) */
    set_psr(PSR_BN | PSR_DT);
    expect_vector(load(VA1, &v), IVEC_ALT_DATA_TLB, VA1, ISR_R);
    /* physical mode: bit 63 is the attribute; bits 62:50 unimplemented */
    set_psr(PSR_BN | PSR_IC);
    assert_int_equal(store(0x8000000000300000ull, 0x77), 0);
    assert_true(peek8(0x300000) == 0x77);
    assert_int_equal(load(1ull << 50, &v), OP_STOP);
    assert_int_equal(C->fault, FAULT_UNIMPLEMENTED_DATA_ADDRESS);
    C->stop = STOP_NONE;
    /* translated: VA{60:51} must repeat VA{50} */
    set_psr(PSR_BN | PSR_IC | PSR_DT);
    assert_int_equal(load(0x2008000000000000ull, &v), OP_STOP);
    assert_int_equal(C->fault, FAULT_UNIMPLEMENTED_DATA_ADDRESS);
    C->stop = STOP_NONE;
    /* the ITLB: a fetch miss with the walker off, ISR.x */
    set_psr(PSR_BN | PSR_IC | PSR_IT);
    C->ip = VA1;
    cpu_run(C);
    assert_int_equal(C->stop, STOP_FAULT);
    assert_int_equal(C->intr.vector, IVEC_ALT_INSTRUCTION_TLB);
    assert_true(C->intr.ifa == VA1 && C->intr.isr == ISR_X);
}

/* Fetches translated through the ITLB, and the predecoded bundles forgotten
 * when the translation changes. */
static void test_instruction_translation(void **state)
{
    (void)state;
    insert_tc(TLB_I, VA1, 12, 0, PTE_P | PTE_A | 3ull << 9 | 0x100000);   /* RWX at PL0 */
    set_psr(PSR_BN | PSR_IC | PSR_DT | PSR_IT);
    insert_tc(TLB_D, VA1, 12, 0, PTE_RW | 0x100000);
    C->ip = VA1;                                       /* t_exec writes through the mapping */
    T_SETGR(M, 9, 5);
    T_SETGR(M, 10, 6);
    uint64_t s[3], l;
    int64_t ops[3] = { 11, 9, 10 };
    assert_int_equal(t_encode(t_find("add", "A1", 3), 0, ops, &s[0], &l), 0);
    s[1] = s[2] = t_find("nop.i", "I18", 1)->match;
    t_put_bundle(M, 0x100000, 0, s);                   /* physical */
    C->max_insns = C->insns + 3;
    cpu_run(C);
    assert_true(T_GR(M, 11) == 11 && C->ip == VA1 + 16);
    /* the page moves: the bundle cached for VA1 must not run again */
    assert_int_equal(tlb_lookup(C, TLB_I, VA1)->ps, 12);
    ops[0] = 12;
    assert_int_equal(t_encode(t_find("add", "A1", 3), 0, ops, &s[0], &l), 0);
    t_put_bundle(M, 0x101000, 0, s);
    insert_tc(TLB_I, VA1, 12, 0, PTE_P | PTE_A | 3ull << 9 | 0x101000);
    C->ip = VA1;
    C->max_insns = C->insns + 3;
    cpu_run(C);
    assert_true(T_GR(M, 12) == 11);
    /* PL3 may not execute a PL0 page: Instruction Access Rights, ISR.x */
    set_psr(PSR_BN | PSR_IC | PSR_DT | PSR_IT | 3ull << 32);
    C->ip = VA1;
    C->max_insns = 0;
    cpu_run(C);
    assert_int_equal(C->intr.vector, IVEC_INSTRUCTION_ACCESS_RIGHTS);
    assert_true(C->intr.isr == ISR_X);
    C->ip = T_CODE;
}

/* ------------------------------------------------------------- protection */
static void test_protection(void **state)
{
    (void)state;
    uint64_t v;
    /* ar 0 (R), pl 0: PL0 reads; a write faults; PL3 may do nothing */
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | PTE_A | PTE_D | 0x500000);
    assert_int_equal(load(VA1, &v), 0);
    expect_vector(store(VA1, 1), IVEC_DATA_ACCESS_RIGHTS, VA1, ISR_W);
    set_psr(C->psr | 3ull << 32);
    expect_vector(load(VA1, &v), IVEC_DATA_ACCESS_RIGHTS, VA1, ISR_R);
    /* ar 4 (R / RW), pl 3: PL3 reads only, PL0 writes */
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | PTE_A | PTE_D | 4ull << 9 | 3ull << 7 | 0x500000);
    assert_int_equal(load(VA1, &v), 0);
    expect_vector(store(VA1, 1), IVEC_DATA_ACCESS_RIGHTS, VA1, ISR_W);
    set_psr(C->psr & ~(3ull << 32));
    assert_int_equal(store(VA1, 1), 0);
    /* ar 7 (X / RX), pl 0: PL0 reads, PL3 does not */
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | PTE_A | PTE_D | 7ull << 9 | 0x500000);
    assert_int_equal(load(VA1, &v), 0);
    set_psr(C->psr | 3ull << 32);
    expect_vector(load(VA1, &v), IVEC_DATA_ACCESS_RIGHTS, VA1, ISR_R);
    set_psr(C->psr & ~(3ull << 32));
    /* Dirty bit, then PSR.da turns it (and the Access bit) off */
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | PTE_A | 2ull << 9 | 0x500000);
    assert_int_equal(load(VA1, &v), 0);
    expect_vector(store(VA1, 1), IVEC_DIRTY_BIT, VA1, ISR_W);
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | PTE_D | 2ull << 9 | 0x500000);
    expect_vector(load(VA1, &v), IVEC_DATA_ACCESS_BIT, VA1, ISR_R);
    set_psr(C->psr | PSR_DA);
    assert_int_equal(load(VA1, &v), 0);
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | 2ull << 9 | 0x500000);
    assert_int_equal(store(VA1, 1), 0);
    set_psr(C->psr & ~PSR_DA);
    /* Page Not Present: ITIR from the region */
    insert_tc(TLB_D, VA1, 12, 0, 0);
    expect_vector(load(VA1, &v), IVEC_PAGE_NOT_PRESENT, VA1, ISR_R);
    assert_true(C->intr.itir == ITIR_RR1);
    /* keys: miss, then permission (rd), then allowed */
    insert_tc(TLB_D, VA1, 12, 0x77, PTE_RW | 0x500000);
    set_psr(C->psr | PSR_PK);
    expect_vector(load(VA1, &v), IVEC_DATA_KEY_MISS, VA1, ISR_R);
    C->tlb.pkr[3] = 0x7700 | 4 | 1;                    /* rd */
    mem_tlb_flush(M);
    expect_vector(load(VA1, &v), IVEC_KEY_PERMISSION, VA1, ISR_R);
    assert_int_equal(store(VA1, 1), 0);
    C->tlb.pkr[3] = 0x7700 | 2 | 1;                    /* wd */
    mem_tlb_flush(M);
    assert_int_equal(load(VA1, &v), 0);
    expect_vector(store(VA1, 1), IVEC_KEY_PERMISSION, VA1, ISR_W);
    set_psr(C->psr & ~PSR_PK);
}

static void test_probe(void **state)
{
    (void)state;
    insert_tc(TLB_D, VA1, 12, 0, PTE_P | PTE_A | PTE_D | 4ull << 9 | 3ull << 7 | 0x500000); /* R / RW, pl 3 */
    T_SETGR(M, 6, VA1);
    T_SETGR(M, 2, 3);
    assert_int_equal(t_exec(M, "probe.r", "M39", 0, 3, I(8), I(6), I(3)), STOP_NONE);
    assert_true(T_GR(M, 8) == 1);
    assert_int_equal(t_exec(M, "probe.w", "M39", 0, 3, I(8), I(6), I(3)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0);
    assert_int_equal(t_exec(M, "probe.w", "M38", 0, 3, I(8), I(6), I(2)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0);
    assert_int_equal(t_exec(M, "probe.w", "M39", 0, 3, I(8), I(6), I(0)), STOP_NONE);
    assert_true(T_GR(M, 8) == 1);
    /* the fault form: Data Access Rights, ISR.na, w, code 5 */
    assert_int_equal(t_exec(M, "probe.w.fault", "M40", 0, 2, I(6), I(3)), STOP_FAULT);
    assert_int_equal(C->intr.vector, IVEC_DATA_ACCESS_RIGHTS);
    assert_true(C->intr.isr == (ISR_NA | ISR_W | NA_PROBE_FAULT));
    C->ip = T_CODE;
    /* a miss faults even in the regular form: ISR.na, r, code 2 */
    T_SETGR(M, 6, VA1 + 0x1000);
    assert_int_equal(t_exec(M, "probe.r", "M39", 0, 3, I(8), I(6), I(0)), STOP_FAULT);
    assert_int_equal(C->intr.vector, IVEC_ALT_DATA_TLB);
    assert_true(C->intr.isr == (ISR_NA | ISR_R | NA_PROBE));
    C->ip = T_CODE;
}

/* -------------------------------------------------------- TR, TC, purges */
static void test_tr_tc_purges(void **state)
{
    (void)state;
    uint64_t v;
    set_psr(PSR_BN | PSR_DT);
    /* dtr[2]: 64 KiB at VA1's 64 KiB page */
    C->cr[CR_IFA] = VA1;
    C->cr[CR_ITIR] = 16 << 2;
    T_SETGR(M, 5, PTE_RW | 0x600000);
    T_SETGR(M, 4, 2);
    assert_int_equal(t_exec(M, "itr.d", "M42", 0, 2, I(4), I(5)), STOP_NONE);
    assert_true(C->tlb.tr[TLB_D][2].valid && C->tlb.tr[TLB_D][2].va == (VA1 & ((1ull << 61) - 1) & ~0xffffull));
    assert_int_equal(load(VA1 + 8, &v), 0);
    /* a TC insert overlapping it: machine check (fails loudly) */
    C->cr[CR_ITIR] = 12 << 2;
    assert_int_equal(t_exec(M, "itc.d", "M41", 0, 1, I(5)), STOP_UNIMPLEMENTED);
    C->ip = T_CODE;
    /* ptc.l over it too; ptr.d purges it */
    T_SETGR(M, 6, VA1);
    T_SETGR(M, 7, 12 << 2);
    assert_int_equal(t_exec(M, "ptc.l", "M45", 0, 2, I(6), I(7)), STOP_UNIMPLEMENTED);
    C->ip = T_CODE;
    assert_int_equal(t_exec(M, "ptr.d", "M45", 0, 2, I(6), I(7)), STOP_NONE);
    assert_false(C->tlb.tr[TLB_D][2].valid);
    set_psr(PSR_BN | PSR_DT | PSR_IC);
    expect_vector(load(VA1 + 8, &v), IVEC_ALT_DATA_TLB, VA1 + 8, ISR_R);
    /* TC entries: ptc.l purges the range on both sides, ptc.e everything */
    insert_tc(TLB_D, VA1, 12, 0, PTE_RW | 0x500000);
    insert_tc(TLB_I, VA1, 12, 0, PTE_RW | 0x500000);
    insert_tc(TLB_D, VA1 + 0x10000, 12, 0, PTE_RW | 0x510000);
    assert_int_equal(t_exec(M, "ptc.l", "M45", 0, 2, I(6), I(7)), STOP_NONE);
    assert_null(tlb_lookup(C, TLB_D, VA1));
    assert_null(tlb_lookup(C, TLB_I, VA1));
    assert_non_null(tlb_lookup(C, TLB_D, VA1 + 0x10000));
    /* a purge in another region (rid) misses it */
    C->tlb.rr[2] = 0x9900 | 12 << 2;
    T_SETGR(M, 6, 0x4000000000014000ull);
    assert_int_equal(t_exec(M, "ptc.g", "M45", 0, 2, I(6), I(7)), STOP_NONE);
    assert_non_null(tlb_lookup(C, TLB_D, VA1 + 0x10000));
    assert_int_equal(t_exec(M, "ptc.e", "M47", 0, 1, I(6)), STOP_NONE);
    assert_null(tlb_lookup(C, TLB_D, VA1 + 0x10000));
    /* the cache replaces round robin once full */
    for (unsigned i = 0; i < TLB_NTC + 1; i++)
        tlb_tc_insert(C, TLB_D, VA1 + ((uint64_t)i << 12), 12, RID1, 0, PTE_RW | 0x500000);
    assert_null(tlb_lookup(C, TLB_D, VA1));
    assert_non_null(tlb_lookup(C, TLB_D, VA1 + 0x1000));
    assert_non_null(tlb_lookup(C, TLB_D, VA1 + ((uint64_t)TLB_NTC << 12)));
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < TLB_NTC; i++)
            C->tlb.tc[side][i].valid = 0;
    mem_tlb_flush(M);
}

/* --------------------------------------------------------------- VHPT */
static void test_vhpt_short(void **state)
{
    (void)state;
    uint64_t v;
    /* PTA: base 2^36, 32 KiB, short format, on; region 1 walks */
    C->cr[CR_PTA] = 1ull << 36 | 15 << 2 | 1;
    C->tlb.rr[1] = RR1 | 1;
    /* thash: region of the address, HPN 4 << 3 inside the table */
    T_SETGR(M, 6, VA1);
    assert_int_equal(t_exec(M, "thash", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0x2000001000000020ull);
    T_SETNAT(M, 6, VA1);
    assert_int_equal(t_exec(M, "thash", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_NAT(M, 8));
    /* the VHPT page unmapped: VHPT Translation, IHA = thash */
    mem_tlb_flush(M);
    expect_vector(load(VA1 + 8, &v), IVEC_VHPT_TRANSLATION, VA1 + 8, ISR_R);
    assert_true(C->intr.iha == 0x2000001000000020ull);
    assert_true(C->intr.itir == (ITIR_RR1));
    /* mapped, the entry not present: Data TLB */
    tlb_tc_insert(C, TLB_D, 0x2000001000000000ull, 16, RID1, 0, PTE_RW | 0x600000);
    expect_vector(load(VA1 + 8, &v), IVEC_DATA_TLB, VA1 + 8, ISR_R);
    assert_true(C->intr.iha == 0x2000001000000020ull);
    /* present: the walker inserts it (key = rid, ps = rr.ps) */
    poke8(0x600020, PTE_RW | 0x700000);
    poke8(0x700008, 0x4242);
    assert_int_equal(load(VA1 + 8, &v), 0);
    assert_true(v == 0x4242);
    struct tlb_entry *e = tlb_lookup(C, TLB_D, VA1);
    assert_non_null(e);
    assert_true(e->ps == 12 && e->key == RID1);
    /* PTA.ve = 0: the alternate vector again */
    C->cr[CR_PTA] &= ~1ull;
    expect_vector(load(VA1 + 0x1000, &v), IVEC_ALT_DATA_TLB, VA1 + 0x1000, ISR_R);
    C->tlb.rr[1] = RR1;
}

/* The walker's inserts once the cache is full (tlb_inline.h's straight
 * path, tc_insert_straight_at): each replaces the round-robin victim
 * (SDM vol. 2, 4.1.1.2), and what the soft TLBs took from the victim goes
 * with it: a page walked again after its entry went sees its VHPT entry
 * as it is now. */
static void test_vhpt_round_robin(void **state)
{
    (void)state;
    uint64_t v;
    const unsigned n = 3 * TLB_NTC;
    /* PTA: base 2^36, 32 KiB, short format, on; region 1 walks; dtr[2]
     * maps the table's first page (entries of pages 0-511) to 0x600000 */
    C->cr[CR_PTA] = 1ull << 36 | 15 << 2 | 1;
    C->tlb.rr[1] = RR1 | 1;
    set_psr(PSR_BN | PSR_DT);
    C->cr[CR_IFA] = 0x2000001000000000ull;
    C->cr[CR_ITIR] = 12 << 2;
    T_SETGR(M, 5, PTE_RW | 0x600000);
    T_SETGR(M, 4, 2);
    assert_int_equal(t_exec(M, "itr.d", "M42", 0, 2, I(4), I(5)), STOP_NONE);
    set_psr(PSR_BN | PSR_DT | PSR_IC);
    /* page i of VA1's: at 0x800000 + i pages, holding i; 0xa00000 + i
     * pages holds 0x1000 + i */
    for (unsigned i = 0; i < n; i++) {
        poke8(0x600000 + (4 + i) * 8, PTE_RW | (0x800000 + ((uint64_t)i << 12)));
        poke8(0x800000 + ((uint64_t)i << 12), i);
        poke8(0xa00000 + ((uint64_t)i << 12), 0x1000 + i);
    }
    /* pages 0-127 fill the cache, 128-255 replace them */
    for (unsigned i = 0; i < 2 * TLB_NTC; i++) {
        assert_int_equal(load(VA1 + ((uint64_t)i << 12), &v), 0);
        assert_true(v == i);
    }
    assert_null(tlb_lookup(C, TLB_D, VA1));
    struct tlb_entry *e = tlb_lookup(C, TLB_D, VA1 + (200ull << 12));
    assert_non_null(e);
    assert_true(e->pte == (PTE_RW | (0x800000 + (200ull << 12))) && e->ps == 12 && e->key == RID1);
    /* pages 128-255 move; while their entries stay, they translate as inserted */
    for (unsigned i = TLB_NTC; i < 2 * TLB_NTC; i++)
        poke8(0x600000 + (4 + i) * 8, PTE_RW | (0xa00000 + ((uint64_t)i << 12)));
    assert_int_equal(load(VA1 + (130ull << 12), &v), 0);
    assert_true(v == 130);
    /* pages 256-383 replace their entries: walked again, they read the new pages */
    for (unsigned i = 2 * TLB_NTC; i < n; i++) {
        assert_int_equal(load(VA1 + ((uint64_t)i << 12), &v), 0);
        assert_true(v == i);
    }
    for (unsigned i = TLB_NTC; i < 2 * TLB_NTC; i++) {
        assert_int_equal(load(VA1 + ((uint64_t)i << 12), &v), 0);
        assert_true(v == 0x1000 + i);
    }
    /* a store to one of the first 128 pages after its entry went: the new page */
    for (unsigned i = 0; i < TLB_NTC; i++)
        poke8(0x600000 + (4 + i) * 8, PTE_RW | (0xa00000 + ((uint64_t)i << 12)));
    assert_int_equal(store(VA1 + (5ull << 12), 0x5555), 0);
    assert_true(peek8(0xa00000 + (5ull << 12)) == 0x5555 && peek8(0x800000 + (5ull << 12)) == 5);
    /* a store that walks (pages 256-383 replaced 128-255), and once the
     * entry it inserted went too (pages 0-127 replace them all; no soft-TLB
     * slot of theirs is page 200's), a store to the page it maps now */
    for (unsigned i = 2 * TLB_NTC; i < n; i++)
        assert_int_equal(load(VA1 + ((uint64_t)i << 12), &v), 0);
    assert_int_equal(store(VA1 + (200ull << 12), 0x6666), 0);
    assert_true(peek8(0xa00000 + (200ull << 12)) == 0x6666);
    poke8(0x600000 + (4 + 200) * 8, PTE_RW | (0x800000 + (200ull << 12)));
    for (unsigned i = 0; i < TLB_NTC; i++)
        assert_int_equal(load(VA1 + ((uint64_t)i << 12), &v), 0);
    assert_int_equal(store(VA1 + (200ull << 12), 0x7777), 0);
    assert_true(peek8(0xa00000 + (200ull << 12)) == 0x6666 && peek8(0x800000 + (200ull << 12)) == 0x7777);
    C->cr[CR_PTA] = 0;
    C->tlb.rr[1] = RR1;
}

/* The walker's inserts with the cache full (tlb_inline.h's straight
 * miss and its one look-up, straight_passes): every pte{11:2} a walk may
 * find (ar, pl, D, A, ma WB or NaTPage) at every CPL, with PSR.da 0 and
 * 1, gives check()'s outcome (SDM vol. 2, 4.1.1.6, 4.4.4, 5.8: NaT Page
 * Consumption, then Data Access Rights, Dirty Bit, Data Access Bit), for
 * a read, a store after the read (through the write entry the read's fill
 * may leave) and a store on its own */
static void test_straight_checks(void **state)
{
    (void)state;
    /* table 4-3: ar 0-7's rights at CPL = pl, at CPL < pl (ar 7: RX at
     * PL0, else X) */
    static const unsigned at_pl[8] = { ACC_R, ACC_R | ACC_X, ACC_R | ACC_W, ACC_R | ACC_W | ACC_X,
                                       ACC_R, ACC_R | ACC_X, ACC_R | ACC_W | ACC_X, ACC_X };
    static const unsigned below_pl[8] = { ACC_R, ACC_R | ACC_X, ACC_R | ACC_W, ACC_R | ACC_W | ACC_X,
                                          ACC_R | ACC_W, ACC_R | ACC_W | ACC_X, ACC_R | ACC_W, ACC_X };
    uint64_t v, page = 0, val = 0;   /* region 1's page PAGE: its VHPT entry at 0x600000 + 8 * PAGE */
    /* PTA: base 2^36, 64 KiB, short format, on; region 1 walks; dtr[2]
     * maps the whole table to 0x600000; every page's data at 0x800000 */
    C->cr[CR_PTA] = 1ull << 36 | 16 << 2 | 1;
    C->tlb.rr[1] = RR1 | 1;
    set_psr(PSR_BN | PSR_DT);
    C->cr[CR_IFA] = 0x2000001000000000ull;
    C->cr[CR_ITIR] = 16 << 2;
    T_SETGR(M, 5, PTE_RW | 0x600000);
    T_SETGR(M, 4, 2);
    assert_int_equal(t_exec(M, "itr.d", "M42", 0, 2, I(4), I(5)), STOP_NONE);
    set_psr(PSR_BN | PSR_DT | PSR_IC);
    for (unsigned i = 0; i < TLB_NTC; i++, page++) {     /* the cache full */
        poke8(0x600000 + page * 8, PTE_RW | 0x800000);
        assert_int_equal(load(1ull << 61 | page << 12, &v), 0);
    }
    for (unsigned k = 0; k < 2 * 4 * 256; k++) {
        unsigned da = k >> 10, cpl = k >> 8 & 3, f = k & 255;
        unsigned ar = f >> 5, pl = f >> 3 & 3, d = f >> 2 & 1, a = f >> 1 & 1, nat = f & 1;
        uint64_t pte = PTE_P | (uint64_t)ar << 9 | (uint64_t)pl << 7 | (d ? PTE_D : 0) | (a ? PTE_A : 0) |
                       (nat ? (uint64_t)MA_NATPAGE << 2 : 0) | 0x800000;
        unsigned rights = ar == 7    ? (cpl == 0 ? ACC_R | ACC_X : ACC_X)
                          : cpl > pl ? 0
                                     : (cpl == pl ? at_pl : below_pl)[ar];
        int rd = nat ? IVEC_NAT_CONSUMPTION : !(rights & ACC_R) ? IVEC_DATA_ACCESS_RIGHTS
                                           : !a && !da          ? IVEC_DATA_ACCESS_BIT
                                                                : -1;
        int wr = nat ? IVEC_NAT_CONSUMPTION : !(rights & ACC_W) ? IVEC_DATA_ACCESS_RIGHTS
                                           : !d && !da          ? IVEC_DIRTY_BIT
                                           : !a && !da          ? IVEC_DATA_ACCESS_BIT
                                                                : -1;
        if (f == 0)
            set_psr(PSR_BN | PSR_DT | PSR_IC | (uint64_t)cpl << 32 | (da ? PSR_DA : 0));
        /* a read, then a store to its page */
        uint64_t va = 1ull << 61 | page << 12;
        poke8(0x600000 + page++ * 8, pte);
        if (rd < 0) {
            assert_int_equal(load(va, &v), 0);
            assert_true(v == val);
        } else
            expect_vector(load(va, &v), rd, va, ISR_R | (nat ? 0x20 : 0));
        if (wr < 0) {
            assert_int_equal(store(va, ++val), 0);
            assert_true(peek8(0x800000) == val);
        } else if (rd < 0)
            expect_vector(store(va, val + 1), wr, va, ISR_W);
        /* a store on its own */
        va = 1ull << 61 | page << 12;
        poke8(0x600000 + page++ * 8, pte);
        if (wr < 0) {
            assert_int_equal(store(va, ++val), 0);
            assert_true(peek8(0x800000) == val);
        } else
            expect_vector(store(va, val + 1), wr, va, ISR_W | (nat ? 0x20 : 0));
    }
    C->cr[CR_PTA] = 0;
    C->tlb.rr[1] = RR1;
}

static void test_vhpt_long(void **state)
{
    (void)state;
    uint64_t v;
    /* PTA: region 2, base 2^36, 32 KiB, long format, on */
    C->cr[CR_PTA] = 0x4000000000000000ull | 1ull << 36 | 1 << 8 | 15 << 2 | 1;
    C->tlb.rr[1] = RR1 | 1;
    C->tlb.rr[2] = 0x700 | 16 << 2;
    /* hash index HPN ^ rid = 4 ^ 0x42, 32-byte entries; tag rid << 39 | HPN */
    T_SETGR(M, 6, VA1);
    assert_int_equal(t_exec(M, "thash", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0x40000010000008c0ull);
    assert_int_equal(t_exec(M, "ttag", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == ((uint64_t)RID1 << 39 | 4));
    tlb_tc_insert(C, TLB_D, 0x4000001000000000ull, 16, 7, 0, PTE_RW | 0x800000);
    mem_tlb_flush(M);
    /* a tag that does not match: Data TLB, IHA */
    poke8(0x8008c0, PTE_RW | 0x900000);
    poke8(0x8008c8, 0x9900 | 14 << 2);                  /* key 0x99, 16 KiB */
    poke8(0x8008d0, (uint64_t)RID1 << 39 | 5);
    expect_vector(load(VA1, &v), IVEC_DATA_TLB, VA1, ISR_R);
    assert_true(C->intr.iha == 0x40000010000008c0ull);
    /* the ti bit: never inserted */
    poke8(0x8008d0, 1ull << 63 | (uint64_t)RID1 << 39 | 4);
    expect_vector(load(VA1, &v), IVEC_DATA_TLB, VA1, ISR_R);
    /* matching: inserted with the entry's ps and key */
    poke8(0x8008d0, (uint64_t)RID1 << 39 | 4);
    /* tak searches the VHPT too when PSR.dt = 1 (SDM vol. 3, "tak"), the
     * DTLB only when PSR.dt = 0; it never faults (VA1 + 0x1000's entry
     * is empty, not present: 1) */
    T_SETGR(M, 6, VA1);
    set_psr(PSR_BN | PSR_IC);
    assert_int_equal(t_exec(M, "tak", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 1);
    assert_null(tlb_lookup(C, TLB_D, VA1));
    set_psr(PSR_BN | PSR_IC | PSR_DT);
    T_SETGR(M, 6, VA1 + 0x1000);
    assert_int_equal(t_exec(M, "tak", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 1);
    T_SETGR(M, 6, VA1);
    assert_int_equal(t_exec(M, "tak", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0x99);
    assert_non_null(tlb_lookup(C, TLB_D, VA1));
    poke8(0x900010, 0x5151);
    assert_int_equal(load(VA1 + 16, &v), 0);
    assert_true(v == 0x5151);
    struct tlb_entry *e = tlb_lookup(C, TLB_D, VA1);
    assert_true(e->ps == 14 && e->key == 0x99);
    T_SETGR(M, 6, VA1);
    assert_int_equal(t_exec(M, "tak", "M46", 0, 2, I(8), I(6)), STOP_NONE);
    assert_true(T_GR(M, 8) == 0x99);
    C->cr[CR_PTA] = 0;
    C->tlb.rr[1] = RR1;
}


/* The RSE's references (SDM rev. 2.3 vol. 2, 6.x, 3.3.5.2 ISR.rs/ir):
 * translated by PSR.rt (not dt), checked at RSC.pl (not CPL), faults with
 * ISR.rs; a return whose frame is not in the register file leaves it
 * incomplete (BSPSTORE above BSP) until its fills succeed. */
static void test_rse_references(void **state)
{
    (void)state;
    uint64_t pfs = 2 | 2 << 7;               /* sof 2, sol 2 */
    t_frame(M, 2, 2, 0);
    C->grmap[32]->val = 0x111;
    C->grmap[33]->val = 0x222;
    rse_call(C);                              /* both dirty */
    /* PSR.dt = 1, rt = 0: physical (T_RBS is not mapped virtually) */
    set_psr(PSR_BN | PSR_IC | PSR_DT);
    assert_int_equal(rse_flushrs(C), OP_NEXT);
    assert_true(peek8(T_RBS) == 0x111 && peek8(T_RBS + 8) == 0x222);
    assert_true(C->ar[AR_BSPSTORE] == T_RBS + 16);
    /* PSR.rt = 1, dt = 0: translated; region 1 has no translation, the
     * walker is off: Alternate Data TLB, IFA = BSPSTORE, ISR.w and rs */
    t_frame(M, 2, 2, 0);
    C->grmap[32]->val = 0x333;
    C->grmap[33]->val = 0x444;
    rse_call(C);
    rse_set_bspstore(C, VA1);
    set_psr(PSR_BN | PSR_IC | PSR_RT);
    expect_vector(rse_flushrs(C), IVEC_ALT_DATA_TLB, VA1, ISR_W | ISR_RS);
    assert_int_equal(C->rse.ndirty, 2);       /* nothing spilled */
    /* mapped at pl 0, read-write; RSC.pl = 3 (CPL is 0): Data Access Rights */
    insert_tc(TLB_D, VA1, 12, 0, 0x300000 | PTE_RW);
    C->ar[AR_RSC] = 3 << 2;
    expect_vector(rse_flushrs(C), IVEC_DATA_ACCESS_RIGHTS, VA1, ISR_W | ISR_RS);
    /* RSC.pl = 0: the spills complete (RSC.pl 0 at CPL 3 too) */
    C->ar[AR_RSC] = 0;
    set_psr(PSR_BN | PSR_IC | PSR_RT | 3ull << 32);
    assert_int_equal(rse_flushrs(C), OP_NEXT);
    assert_true(peek8(0x300000) == 0x333 && peek8(0x300008) == 0x444);
    assert_true(C->ar[AR_BSPSTORE] == VA1 + 16 && C->ar[AR_BSP] == VA1 + 16);
    /* fills: the clean registers dropped, memory changed; br.ret's
     * restore completes (the frame, BSP) and leaves the frame incomplete */
    C->rse.nclean = 0;
    poke8(0x300000, 0x555);
    poke8(0x300008, 0x666);
    C->ar[AR_RSC] = 3 << 2;
    set_psr(PSR_BN | PSR_IC | PSR_RT);
    assert_int_equal(rse_return(C, pfs), OP_NEXT);
    assert_int_equal((int)C->rse.ndirty, -2);
    assert_true(C->cfm == pfs && C->ar[AR_BSP] == VA1 && C->ar[AR_BSPSTORE] == VA1 + 16);
    /* the first fill (the top register, BSPSTORE - 8) faults at RSC.pl 3 */
    expect_vector(rse_complete_frame(C), IVEC_DATA_ACCESS_RIGHTS, VA1 + 8, ISR_R | ISR_RS);
    assert_int_equal((int)C->rse.ndirty, -2);
    /* RSC.pl = 0: the frame completes; BSPSTORE = BSP */
    C->ar[AR_RSC] = 0;
    assert_int_equal(rse_complete_frame(C), 0);
    assert_true(C->grmap[32]->val == 0x555 && C->grmap[33]->val == 0x666);
    assert_true(C->rse.ndirty == 0 && C->rse.nclean == 0);
    assert_true(C->ar[AR_BSPSTORE] == VA1 && C->ar[AR_BSP] == VA1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_region_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_key_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_itc_translates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_miss_vectors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_instruction_translation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protection, setup, teardown),
        cmocka_unit_test_setup_teardown(test_probe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tr_tc_purges, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vhpt_short, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vhpt_round_robin, setup, teardown),
        cmocka_unit_test_setup_teardown(test_straight_checks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vhpt_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rse_references, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
