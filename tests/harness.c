/* Test harness: see harness.h. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

struct machine *t_new(void)
{
    struct machine *m = machine_new(64ull << 20);
    assert(m);
    struct cpu *c = &m->cpu;
    c->psr = PSR_BN | (3ull << PSR_CPL_SHIFT);
    c->ip = T_CODE;
    c->ar[AR_BSP] = c->ar[AR_BSPSTORE] = T_RBS;
    t_frame(m, 96, 0, 0);
    return m;
}

void t_free(struct machine *m)
{
    machine_free(m);
}

void t_frame(struct machine *m, unsigned sof, unsigned sol, unsigned sor)
{
    m->cpu.cfm = (uint64_t)sof | (uint64_t)sol << 7 | (uint64_t)(sor / 8) << 14;
    rse_remap(&m->cpu);
}

const struct insn_desc *t_find(const char *mnemonic, const char *format, int nops)
{
    for (int i = 0; i < INSN_COUNT; i++) {
        const struct insn_desc *d = &insn_table[i];
        if (!strcmp(d->mnemonic, mnemonic) && !strcmp(d->format, format) && d->nopnd == nops)
            return d;
    }
    return NULL;
}

static int put(const struct insn_operand *o, int64_t v, uint64_t *slot, uint64_t *slot_l)
{
    uint64_t raw;
    unsigned width = 0;
    for (unsigned i = 0; i < o->npieces; i++)
        width += o->piece[i].len;
    if (o->kind == OPK_CONST)
        return 0;
    if (o->kind == OPK_MAP) {
        unsigned i;
        for (i = 0; i < o->nmap && o->map[i] != v; i++)
            ;
        if (i == o->nmap)
            return -1;
        raw = i;
    } else {
        raw = (uint64_t)(v - o->add);
        if (raw & ((1ull << o->scale) - 1))
            return -1;
        raw = (uint64_t)((int64_t)raw >> o->scale);
        if (o->complement)
            raw ^= (1ull << o->piece[0].len) - 1;
    }
    if (width < 64)
        raw &= (1ull << width) - 1;
    for (unsigned i = 0; i < o->npieces; i++) {
        uint64_t bits = raw & ((1ull << o->piece[i].len) - 1);
        uint64_t *dst = o->piece[i].lslot ? slot_l : slot;
        *dst &= ~(((1ull << o->piece[i].len) - 1) << o->piece[i].pos);
        *dst |= bits << o->piece[i].pos;
        raw >>= o->piece[i].len;
    }
    return 0;
}

int t_encode(const struct insn_desc *d, int qp, const int64_t *ops, uint64_t *slot, uint64_t *slot_l)
{
    uint64_t s = d->match, l = 0;
    if (!(d->flags & INSN_F_NOPRED))
        s |= (uint64_t)qp << INSN_QP_POS;
    for (unsigned j = 0; j < d->nopnd; j++)
        if (put(&insn_operands[d->opnd[j]], ops[j], &s, &l))
            return -1;
    if ((s & d->mask) != d->match || insn_decode(s, d->type) != d)
        return -1;
    for (unsigned j = 0; j < d->nopnd; j++)
        if (insn_operands[d->opnd[j]].kind != OPK_CONST && insn_operand_value(d->opnd[j], s, l) != ops[j])
            return -1;
    *slot = s;
    *slot_l = l;
    return 0;
}

static uint64_t nop_of(const char *name)
{
    for (int i = 0; i < INSN_COUNT; i++)
        if (!strcmp(insn_table[i].mnemonic, name))
            return insn_table[i].match;
    abort();
}

void t_put_bundle(struct machine *m, uint64_t addr, unsigned tmpl, const uint64_t s[3])
{
    uint8_t bytes[16];
    bundle_pack(bytes, tmpl, 1, s);
    mem_copy_in(&m->mem, addr, bytes, 16);
}

int t_run_bundle(struct machine *m, unsigned tmpl, const uint64_t s[3])
{
    struct cpu *c = &m->cpu;
    t_put_bundle(m, c->ip, tmpl, s);
    c->slot = 0;
    c->max_insns = c->insns + 3;
    cpu_run(c);
    c->max_insns = 0;
    if (c->stop == STOP_MAX_INSNS)
        c->stop = STOP_NONE;
    return c->stop;
}

int t_exec(struct machine *m, const char *mnemonic, const char *format, int qp, int nops, ...)
{
    int64_t ops[5] = { 0 };
    va_list ap;
    va_start(ap, nops);
    for (int i = 0; i < nops && i < 5; i++)
        ops[i] = va_arg(ap, int64_t);
    va_end(ap);
    const struct insn_desc *d = t_find(mnemonic, format, nops);
    if (!d) {
        fprintf(stderr, "t_exec: no table entry %s (%s) with %d operands\n", mnemonic, format, nops);
        abort();
    }
    uint64_t slot, slot_l;
    if (t_encode(d, qp, ops, &slot, &slot_l)) {
        fprintf(stderr, "t_exec: the operands do not fit %s (%s)\n", mnemonic, format);
        abort();
    }
    uint64_t s[3] = { nop_of("nop.m"), nop_of("nop.i"), nop_of("nop.i") };
    unsigned tmpl = 0, pos; /* M I I */
    switch (d->type) {
    case INSN_TYPE_M: case INSN_TYPE_A: s[0] = slot; pos = 0; break;
    case INSN_TYPE_I: s[1] = slot; pos = 1; break;
    case INSN_TYPE_F: tmpl = 6; s[1] = slot; pos = 1; break;              /* M F I */
    case INSN_TYPE_B: tmpl = 8; s[2] = slot; pos = 2; break;              /* M I B */
    default: tmpl = 2; s[1] = slot_l; s[2] = slot; pos = 1; break;        /* M L X */
    }
    struct cpu *c = &m->cpu;
    t_put_bundle(m, c->ip, tmpl, s);
    uint64_t at = c->ip, base = c->insns;
    c->slot = 0;
    /* up to and including the instruction; then, unless it branched or
     * stopped, the rest of the bundle */
    c->max_insns = base + pos + 1;
    cpu_run(c);
    if (c->stop == STOP_MAX_INSNS && c->ip == at && c->slot == pos + 1) {
        c->max_insns = base + (tmpl == 2 ? 2 : 3);
        cpu_run(c);
    }
    c->max_insns = 0;
    if (c->stop == STOP_MAX_INSNS)
        c->stop = STOP_NONE;
    return c->stop;
}
