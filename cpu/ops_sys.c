/* break, nop and hint on every unit; system instructions come with the
 * system-architecture work. */
#include "ops.h"

/* break: an immediate the host services (system and SSC calls), else a
 * Break Instruction fault (SDM vol. 3, "break"). */
static int op_break(struct cpu *c, const struct pslot *s)
{
    if (c->m->on_break)
        return c->m->on_break(c->m, (uint64_t)s->o[0]);
    return cpu_raise(c, FAULT_BREAK, (uint64_t)s->o[0]);
}

static int op_nop(struct cpu *c, const struct pslot *s)
{
    (void)c; (void)s;
    return OP_NEXT;
}

const struct op_binding ops_sys[] = {
    { "I19", "break.i", op_break, 0, 0 }, { "M37", "break.m", op_break, 0, 0 },
    { "B9", "break.b", op_break, 0, 0 }, { "F15", "break.f", op_break, 0, 0 },
    { "X1", "break.x", op_break, 0, 0 },
    { "I18", "nop.i", op_nop, 0, 0 }, { "I18", "hint.i", op_nop, 0, 0 },
    { "M48", "nop.m", op_nop, 0, 0 }, { "M48", "hint.m", op_nop, 0, 0 },
    { "B9", "nop.b", op_nop, 0, 0 }, { "B9", "hint.b", op_nop, 0, 0 },
    { "F16", "nop.f", op_nop, 0, 0 }, { "F16", "hint.f", op_nop, 0, 0 },
    { "X5", "nop.x", op_nop, 0, 0 }, { "X5", "hint.x", op_nop, 0, 0 },
    { 0 },
};
