#include "machine.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The executor on random valid-opcode bundles: every bundle must end in a
 * retired bundle, a guest fault or "unimplemented", never in a host
 * error; under ASan and UBSan, never in a host crash.  Issue 10 grows
 * this into a fuzz target.  usage: exec_random [BUNDLES [SEED]] */
static uint64_t st = 88172645463325252ull;
static uint64_t rnd(void)
{
    st ^= st << 13;
    st ^= st >> 7;
    st ^= st << 17;
    return st;
}
static uint64_t valid_slot(int unit)
{
    for (;;) {
        const struct insn_desc *d = &insn_table[rnd() % INSN_COUNT];
        int ok = (unit == UNIT_M && (d->type == INSN_TYPE_M || d->type == INSN_TYPE_A)) ||
                 (unit == UNIT_I && (d->type == INSN_TYPE_I || d->type == INSN_TYPE_A)) ||
                 (unit == UNIT_B && d->type == INSN_TYPE_B) || (unit == UNIT_F && d->type == INSN_TYPE_F) ||
                 (unit == UNIT_X && d->type == INSN_TYPE_X);
        if (!ok)
            continue;
        uint64_t r = rnd();
        if (rnd() & 1)
            r &= rnd(); /* smaller register numbers half the time */
        if (rnd() & 1)
            r &= ~0x3full; /* unpredicated half the time */
        return ((r & ~d->mask) | d->match) & ((1ull << 41) - 1);
    }
}
int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000;
    if (argc > 2)
        st = strtoull(argv[2], 0, 0);
    struct machine *m = NULL;
    struct cpu *c = NULL;
    uint64_t stops[8] = {0};
    static const unsigned tmpls[] = {0, 1, 2, 4, 5, 6, 7, 8, 9, 11, 12, 14};
    for (long k = 0; k < n; k++) {
        /* a fresh machine every 2^20 bundles: random stores touch new
         * pages, and the 64 MiB would run out (a guest's own limit, not
         * what this looks for) */
        if (!(k & ((1l << 20) - 1))) {
            if (m)
                machine_free(m);
            m = machine_new(64ull << 20);
            c = &m->cpu;
            c->cfm = 96 | (48 << 7);
            c->ar[AR_BSP] = c->ar[AR_BSPSTORE] = 0x200000;
            rse_remap(c);
        }
        unsigned t = tmpls[rnd() % 12];
        uint64_t s[3];
        for (int i = 0; i < 3; i++)
            s[i] = insn_templates[t].unit[i] == UNIT_L ? rnd() & ((1ull << 41) - 1)
                                                       : valid_slot(insn_templates[t].unit[i]);
        uint8_t b[16];
        bundle_pack(b, t, rnd() & 1, s);
        uint64_t a = 0x100000 + (uint64_t)(k % 256) * 16;
        mem_copy_in(&m->mem, a, b, 16);
        /* point some registers at mapped memory */
        for (int r = 1; r < 12; r++)
            if (!(rnd() & 3))
                gr_set(c, r, 0x300000 + (rnd() & 0xfff8), 0);
        c->ip = a;
        c->slot = 0;
        c->max_insns = c->insns + 3;
        cpu_run(c);
        stops[c->stop & 7]++;
        if (c->stop == STOP_HOST_ERROR)
            fprintf(stderr, "bundle %ld at 0x%llx: host error: %s\n", k, (unsigned long long)a, c->message);
    }
    printf("%ld bundles: stops none/exit/max/fault/unimpl/host = %llu %llu %llu %llu %llu %llu\n", n,
           (unsigned long long)stops[0], (unsigned long long)stops[1], (unsigned long long)stops[2],
           (unsigned long long)stops[3], (unsigned long long)stops[4], (unsigned long long)stops[5]);
    machine_free(m);
    /* bundles end by retiring (max), a guest fault or unimplemented */
    int ok = stops[STOP_NONE] == 0 && stops[STOP_EXIT] == 0 && stops[STOP_HOST_ERROR] == 0 &&
             stops[STOP_MAX_INSNS] > 0 && stops[STOP_FAULT] > 0;
    printf("%s\n", ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
    return ok ? 0 : 1;
}
