/* CPU reset and machine set-up; interruptions are in interrupt.c. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jit.h"
#include "machine.h"

static const char *const fault_names[FAULT_COUNT] = {
    [FAULT_NONE] = "none",
    [FAULT_ILLEGAL_OPERATION] = "illegal operation",
    [FAULT_BREAK] = "break instruction",
    [FAULT_PRIVILEGED_OPERATION] = "privileged operation",
    [FAULT_PRIVILEGED_REGISTER] = "privileged register",
    [FAULT_RESERVED_REGISTER_FIELD] = "reserved register/field",
    [FAULT_DISABLED_FP_REGISTER] = "disabled floating-point register",
    [FAULT_NAT_CONSUMPTION] = "NaT consumption",
    [FAULT_UNALIGNED_DATA] = "unaligned data reference",
    [FAULT_UNIMPLEMENTED_DATA_ADDRESS] = "unimplemented address",
    [FAULT_DATA_PAGE_NOT_PRESENT] = "data page not present",
    [FAULT_INSTRUCTION_PAGE_NOT_PRESENT] = "instruction page not present",
    [FAULT_SPECULATION] = "speculation",
    [FAULT_FP] = "floating-point fault",
    [FAULT_TRANSLATION] = "translation fault",
    [FAULT_TRAP] = "trap",
};

const char *fault_name(enum fault f)
{
    return f < FAULT_COUNT && fault_names[f] ? fault_names[f] : "unknown fault";
}

/* The signal Linux delivers for each fault (arch/ia64/kernel/traps.c). */
int fault_signal(enum fault f)
{
    switch (f) {
    case FAULT_ILLEGAL_OPERATION:
    case FAULT_PRIVILEGED_OPERATION:
    case FAULT_PRIVILEGED_REGISTER:
    case FAULT_RESERVED_REGISTER_FIELD:
    case FAULT_NAT_CONSUMPTION:
    case FAULT_SPECULATION:
        return SIGILL;
    case FAULT_BREAK:
    case FAULT_TRAP:
        return SIGTRAP;
    case FAULT_UNALIGNED_DATA:
        return SIGBUS;
    case FAULT_FP:
    case FAULT_DISABLED_FP_REGISTER:
        return SIGFPE;
    default:
        return SIGSEGV;
    }
}

int cpu_unimplemented(struct cpu *c, const char *what)
{
    snprintf(c->message, sizeof c->message, "unimplemented: %s at 0x%llx slot %u", what,
             (unsigned long long)c->ip, c->slot);
    c->stop = STOP_UNIMPLEMENTED;
    return OP_STOP;
}

void cpu_reset(struct cpu *c, struct machine *m)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->prf[0] = 1;             /* p0 reads 1 */
    c->prmap[GUARD_NEVER] = GUARD_NEVER; /* prf[GUARD_NEVER] stays 0 */
    c->frf[1].sig = 1ull << 63; /* f1 reads +1.0 */
    c->frf[1].exp = FR_EXP_BIAS;
    c->timer_at = UINT64_MAX;
    c->dev_at = UINT64_MAX;
    /* the local interrupt sources start masked (SDM vol. 2, 5.8.3) */
    c->cr[CR_ITV] = c->cr[CR_PMV] = c->cr[CR_CMCV] = 1ull << 16;
    c->cr[CR_LRR0] = c->cr[CR_LRR1] = 1ull << 16;
    rse_remap(c);
    tlb_reset(c);
}

struct machine *machine_new(uint64_t mem_cap)
{
    struct machine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->pcache = calloc(PCACHE_SIZE, sizeof *m->pcache);
    if (!m->pcache) {
        free(m);
        return NULL;
    }
    mem_init(&m->mem, mem_cap);
    m->jit_hot = JIT_HOT;
    pcache_flush(m);
    cpu_reset(&m->cpu, m);
    return m;
}

void machine_free(struct machine *m)
{
    if (!m)
        return;
    mem_free(&m->mem);
    jit_free(m->jit);
    free(m->pcache);
    free(m);
}
