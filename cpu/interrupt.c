/* Interruptions (SDM rev. 2.3 vol. 2, ch. 5): the one path by which every
 * fault, trap and interrupt is delivered, and the run loop around exec.c's
 * that takes them, with the interval timer and the external interrupt
 * controller (SDM vol. 2, 5.8, 11.x: ITC/ITM/ITV, IVR, TPR, EOI, IRR).
 *
 * How it fits together.  A handler that faults records the interruption
 * in cpu.intr (cpu_interrupt, or cpu_raise for the old callers) and
 * returns OP_STOP: the inner run loop (cpu_run_until, exec.c) ends with
 * cpu.ip/slot at the faulting instruction, having counted it.  cpu_run
 * then delivers it (or the inner loop does, by cpu_run_on, when nothing
 * else is due): the faulting instruction is uncounted (it did not
 * retire), state is collected, PSR takes its interruption value and the
 * loop goes on at IVA + the vector's offset.  Traps are raised after the
 * instruction completed (ip/slot at the next one) and stay counted.
 *
 * Nothing is tested per instruction: cpu_run gives the inner loop a limit
 * that is the smaller of --max-insns and the next event (the ITC reaching
 * ITM; the host's next device event, cpu.dev_at, for Ski's console and
 * periodic interrupts, src/ssc.c; one instruction at a time while PSR.ss,
 * PSR.tb or a one-shot bit id/da/dd/ia/ed is set), and instructions that change what is pending
 * (ssm, rsm, mov psr.l, rfi, mov cr.tpr/eoi/itm/itv, mov ar.itc) end the
 * inner loop with STOP_EVENT (cpu_event) so that cpu_run looks again.
 *
 * Choices (see docs/system.md):
 * - Delivery happens in system mode once the guest has written cr.iva
 *   (any value, 0 included); before that, and always in user mode, a
 *   fault ends the run as before (STOP_FAULT, mapped to a signal).
 * - An instruction fetch from memory that does not exist (a page never
 *   loaded or written) cannot be delivered: in physical mode there is no
 *   fault for it.  With an IVT it halts the run ("guest halted: ...").
 * - More than CPU_STALL_LIMIT deliveries in a row with no instruction retired
 *   in between (an IVT whose entry faults at once) halt the run too.
 * - ar.itc advances one tick per retired instruction; the timer fires
 *   when the count reaches the instruction at which ITC == ITM.
 * - Priority among external interrupts: by vector; one is masked when its
 *   class (vector / 16) is not above TPR.mic, when TPR.mmi is set, or
 *   when its class is not above that of the highest vector in service.
 *   NMI and ExtINT get no special treatment.
 */
#include <stdio.h>
#include <string.h>

#include "ops.h"
#include "trace.h"

static const char *const vector_names[IVEC_COUNT] = {
    [IVEC_VHPT_TRANSLATION] = "VHPT Translation", [IVEC_INSTRUCTION_TLB] = "Instruction TLB",
    [IVEC_DATA_TLB] = "Data TLB", [IVEC_ALT_INSTRUCTION_TLB] = "Alternate Instruction TLB",
    [IVEC_ALT_DATA_TLB] = "Alternate Data TLB", [IVEC_DATA_NESTED_TLB] = "Data Nested TLB",
    [IVEC_INSTRUCTION_KEY_MISS] = "Instruction Key Miss", [IVEC_DATA_KEY_MISS] = "Data Key Miss",
    [IVEC_DIRTY_BIT] = "Dirty-Bit", [IVEC_INSTRUCTION_ACCESS_BIT] = "Instruction Access-Bit",
    [IVEC_DATA_ACCESS_BIT] = "Data Access-Bit", [IVEC_BREAK] = "Break Instruction",
    [IVEC_EXTERNAL_INTERRUPT] = "External Interrupt", [IVEC_PAGE_NOT_PRESENT] = "Page Not Present",
    [IVEC_KEY_PERMISSION] = "Key Permission",
    [IVEC_INSTRUCTION_ACCESS_RIGHTS] = "Instruction Access Rights",
    [IVEC_DATA_ACCESS_RIGHTS] = "Data Access Rights", [IVEC_GENERAL_EXCEPTION] = "General Exception",
    [IVEC_DISABLED_FP_REGISTER] = "Disabled FP-Register", [IVEC_NAT_CONSUMPTION] = "NaT Consumption",
    [IVEC_SPECULATION] = "Speculation", [IVEC_DEBUG] = "Debug",
    [IVEC_UNALIGNED_REFERENCE] = "Unaligned Reference",
    [IVEC_UNSUPPORTED_DATA_REFERENCE] = "Unsupported Data Reference",
    [IVEC_FP_FAULT] = "Floating-point Fault", [IVEC_FP_TRAP] = "Floating-point Trap",
    [IVEC_LOWER_PRIVILEGE_TRANSFER] = "Lower-Privilege Transfer Trap",
    [IVEC_TAKEN_BRANCH] = "Taken Branch Trap", [IVEC_SINGLE_STEP] = "Single Step Trap",
    [IVEC_IA32_EXCEPTION] = "IA-32 Exception", [IVEC_IA32_INTERCEPT] = "IA-32 Intercept",
    [IVEC_IA32_INTERRUPT] = "IA-32 Interrupt",
};

const char *ivec_name(enum ivec v)
{
    return (unsigned)v < IVEC_COUNT && vector_names[v] ? vector_names[v] : "reserved vector";
}

uint64_t ivec_offset(enum ivec v)
{
    return v < 20 ? 0x400ull * v : 0x5000 + 0x100ull * (v - 20);
}

int cpu_ivt_usable(const struct cpu *c)
{
    return c->m->system_mode && c->iva_written;
}

/* The fault the old interface (enum fault, src/'s signals) names for V. */
static enum fault fault_of_vector(enum ivec v)
{
    switch (v) {
    case IVEC_BREAK: return FAULT_BREAK;
    case IVEC_GENERAL_EXCEPTION: return FAULT_ILLEGAL_OPERATION;
    case IVEC_DISABLED_FP_REGISTER: return FAULT_DISABLED_FP_REGISTER;
    case IVEC_NAT_CONSUMPTION: return FAULT_NAT_CONSUMPTION;
    case IVEC_SPECULATION: return FAULT_SPECULATION;
    case IVEC_UNALIGNED_REFERENCE: return FAULT_UNALIGNED_DATA;
    case IVEC_FP_FAULT: case IVEC_FP_TRAP: return FAULT_FP;
    case IVEC_DEBUG: case IVEC_LOWER_PRIVILEGE_TRANSFER: case IVEC_TAKEN_BRANCH:
    case IVEC_SINGLE_STEP: return FAULT_TRAP;
    default: return FAULT_TRANSLATION;
    }
}

static int record(struct cpu *c, const struct interruption *in)
{
    c->intr = *in;
    c->stop = STOP_FAULT;
    return OP_STOP;
}

int cpu_interrupt(struct cpu *c, const struct interruption *in)
{
    record(c, in);
    c->fault = fault_of_vector(in->vector);
    c->fault_addr = (in->valid & INTR_IFA) ? in->ifa : (in->valid & INTR_IIM) ? in->iim : 0;
    return OP_STOP;
}

int cpu_trap(struct cpu *c, enum ivec v, uint64_t code, unsigned trap_slot)
{
    struct interruption in = { .vector = v, .isr = code, .valid = INTR_TRAP };
    c->trap_slot = trap_slot;
    return cpu_interrupt(c, &in);
}

/* Every fault of the execution core comes here (ops.h, memory.c). */
int cpu_raise(struct cpu *c, enum fault f, uint64_t addr)
{
    if (f == FAULT_BREAK) {          /* every system call: recorded in place */
        c->intr = (struct interruption){ .vector = IVEC_BREAK, .iim = addr, .valid = INTR_IIM };
        c->stop = STOP_FAULT;
        c->fault = f;
        c->fault_addr = addr;
        return OP_STOP;
    }
    struct interruption in = { .vector = IVEC_GENERAL_EXCEPTION };
    switch (f) {
    case FAULT_ILLEGAL_OPERATION: in.isr = GE_ILLEGAL_OPERATION; break;
    case FAULT_PRIVILEGED_OPERATION: in.isr = GE_PRIVILEGED_OPERATION; break;
    case FAULT_PRIVILEGED_REGISTER: in.isr = GE_PRIVILEGED_REGISTER; break;
    case FAULT_RESERVED_REGISTER_FIELD: in.isr = GE_RESERVED_REGISTER; break;
    case FAULT_UNIMPLEMENTED_DATA_ADDRESS:
        /* General Exception, ISR.code{7:4} = 3 (SDM vol. 2, General
         * Exception vector; the Unsupported Data Reference vector is
         * for memory attributes) */
        in.isr = GE_UNIMPLEMENTED_DATA_ADDRESS;
        break;
    case FAULT_BREAK:
        in.vector = IVEC_BREAK;
        in.iim = addr;
        in.valid = INTR_IIM;
        break;
    case FAULT_DISABLED_FP_REGISTER: in.vector = IVEC_DISABLED_FP_REGISTER; in.isr = addr & 3; break;
    case FAULT_NAT_CONSUMPTION: in.vector = IVEC_NAT_CONSUMPTION; in.isr = 0x10; break; /* register */
    case FAULT_UNALIGNED_DATA:
        in.vector = IVEC_UNALIGNED_REFERENCE;
        in.ifa = addr;
        in.valid = INTR_IFA;
        break;
    case FAULT_DATA_PAGE_NOT_PRESENT:
        in.vector = IVEC_PAGE_NOT_PRESENT;
        in.ifa = addr;
        in.valid = INTR_IFA;
        break;
    case FAULT_INSTRUCTION_PAGE_NOT_PRESENT:
        in.vector = IVEC_PAGE_NOT_PRESENT;
        in.isr = ISR_X;
        in.ifa = addr;
        in.valid = INTR_IFA | INTR_FETCH;
        break;
    case FAULT_SPECULATION: in.vector = IVEC_SPECULATION; in.iim = addr; in.valid = INTR_IIM; break;
    case FAULT_FP: in.vector = IVEC_FP_FAULT; break;
    default: break;
    }
    record(c, &in);
    c->fault = f;
    c->fault_addr = addr;
    return OP_STOP;
}

/* The next instruction after slot SLOT of the bundle at IP. */
static void successor(struct cpu *c, uint64_t ip, unsigned slot, uint64_t *nip, unsigned *nslot)
{
    uint8_t b = 0;
    uint64_t pa = ip;
    if (c->m->system_mode) {
        /* the bundle's physical address: by the instruction TLB with
         * PSR.it = 1 (the bundle just ran, so it is mapped), else without
         * the uncacheable bit */
        const struct tlb_entry *e = (c->psr & PSR_IT) ? tlb_lookup(c, TLB_I, ip) : NULL;
        pa = e ? tlb_entry_pa(e, ip) : ip & ~(1ull << 63);
    }
    mem_copy_out(&c->m->mem, &b, pa, 1);
    unsigned last = insn_templates[(b >> 1) & 15].unit[1] == UNIT_L ? 1 : 2;
    if (slot >= last) {
        *nip = ip + 16;
        *nslot = 0;
    } else {
        *nip = ip;
        *nslot = slot + 1;
    }
}

int cpu_event(struct cpu *c, const struct pslot *s)
{
    if (c->slot == 2 || (c->slot == 1 && s->d && s->d->type == INSN_TYPE_X)) {
        c->ip += 16;
        c->slot = 0;
    } else {
        c->slot++;
    }
    c->stop = STOP_EVENT;
    return OP_STOP;
}

/* ------------------------------------------------------- debug registers
 * SDM vol. 2, 7.1.1, table 7-1: even registers hold the address, odd ones
 * mask{55:0} (address bits{63:56} are always compared), plm{59:56} (bit
 * 56 + n enables privilege level n), and for dbr w{62}, r{63}, for ibr
 * x{63}.  ia64emu implements 8 pairs of each (ops_sys.c). */
#define DBG_MASK(m) (((m) & ((1ull << 56) - 1)) | (0xffull << 56))
#define DBG_PLM(m, cpl) (((m) >> (56 + (cpl))) & 1)
#define DBR_W (1ull << 62)
#define DBR_R (1ull << 63)
#define IBR_X (1ull << 63)

void cpu_debug_update(struct cpu *c)
{
    uint8_t data = 0, inst = 0;
    if (c->psr & PSR_DB)
        for (int i = 0; i < 16; i += 2) {
            data |= (c->dbr[i + 1] & (DBR_R | DBR_W)) != 0;
            inst |= (c->ibr[i + 1] & IBR_X) != 0;
        }
    c->dbg_data = data;
    c->dbg_inst = inst;
    /* the soft TLBs may hold pages a breakpoint now covers (memory.c) */
    mem_tlb_flush(c->m);
    mem_tlb_flush_phys(c->m);
}

int cpu_dbr_covers_page(const struct cpu *c, uint64_t page)
{
    for (int i = 0; i < 16; i += 2) {
        uint64_t m = c->dbr[i + 1];
        if ((m & (DBR_R | DBR_W)) && !((page ^ c->dbr[i]) & DBG_MASK(m) & GUEST_PAGE_MASK))
            return 1;
    }
    return 0;
}

/* A match when some byte of [ADDR, ADDR + SIZE) matches: for a naturally
 * aligned access, the address bits below the size do not count. */
int cpu_data_debug(struct cpu *c, uint64_t addr, unsigned size, unsigned acc)
{
    if (c->psr & PSR_DD)
        return 0;
    unsigned cpl = PSR_CPL(c);
    uint64_t low = size >= 2 ? (uint64_t)((1u << (31 - __builtin_clz(size - 1) + 1)) - 1) : 0;
    for (int i = 0; i < 16; i += 2) {
        uint64_t m = c->dbr[i + 1];
        if (!(((acc & ACC_R) && (m & DBR_R)) || ((acc & ACC_W) && (m & DBR_W))) || !DBG_PLM(m, cpl))
            continue;
        if (!((addr ^ c->dbr[i]) & DBG_MASK(m) & ~low)) {
            struct interruption in = {
                .vector = IVEC_DEBUG, .isr = (uint64_t)acc << 32, .ifa = addr, .valid = INTR_IFA,
            };
            return cpu_interrupt(c, &in);
        }
    }
    return 0;
}

/* An ibr matching the bundle at IP (IBR.addr{3:0} ignored) at the current
 * CPL, unless PSR.id is set. */
static int ibr_match(const struct cpu *c, uint64_t ip)
{
    if (c->psr & PSR_ID)
        return 0;
    unsigned cpl = PSR_CPL(c);
    for (int i = 0; i < 16; i += 2) {
        uint64_t m = c->ibr[i + 1];
        if ((m & IBR_X) && DBG_PLM(m, cpl) && !((ip ^ c->ibr[i]) & DBG_MASK(m) & ~15ull))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------ timer and interrupts */
void cpu_timer_update(struct cpu *c)
{
    uint64_t d = c->cr[CR_ITM] - cpu_itc(c);
    c->timer_at = (d && d < (1ull << 62)) ? c->insns + d : UINT64_MAX;
}

static int highest(const uint64_t v[4])
{
    for (int w = 3; w >= 0; w--)
        if (v[w])
            return w * 64 + 63 - __builtin_clzll(v[w]);
    return -1;
}

int irq_highest_pending(const uint64_t irr[4], const uint64_t insvc[4], uint64_t tpr)
{
    if (!(irr[0] | irr[1] | irr[2] | irr[3]))
        return -1;                   /* the usual case, at every cpu_run turn */
    int v = highest(irr);
    if (v < 0 || (tpr & (1ull << 16)))
        return -1;
    int mic = (int)(tpr >> 4) & 15, hi = highest(insvc);
    if ((v >> 4) <= mic || (hi >= 0 && (v >> 4) <= (hi >> 4)))
        return -1;
    return v;
}

int cpu_highest_pending(const struct cpu *c)
{
    return irq_highest_pending(c->irr, c->insvc, c->cr[CR_TPR]);
}

int cpu_interrupt_deliverable(const struct cpu *c)
{
    return (c->psr & PSR_I) && cpu_highest_pending(c) >= 0;
}

/* cpu_interrupt_deliverable at every cpu_run turn: nothing pending, the
 * usual case, without the calls */
static inline int deliverable(const struct cpu *c)
{
    return (c->psr & PSR_I) && (c->irr[0] | c->irr[1] | c->irr[2] | c->irr[3]) &&
           cpu_highest_pending(c) >= 0;
}

/* The ITC reached ITM: the vector in ITV becomes pending unless masked. */
static void timer_fire(struct cpu *c)
{
    c->timer_at = UINT64_MAX;
    uint64_t itv = c->cr[CR_ITV];
    if (!(itv & (1ull << 16)))
        c->irr[(itv & 255) >> 6] |= 1ull << (itv & 63);
}

/* PAL_HALT_LIGHT: the processor idles until an unmasked external
 * interrupt is pending.  Nothing pending and the timer armed (ITV.m
 * clear, ITM ahead): ITC jumps by the ticks to the ITM match, which fires
 * (deterministic: the skipped ticks, no host time).  Returns 1 when it
 * did, so that the caller ends the inner loop and cpu_run looks. */
int cpu_halt_light(struct cpu *c)
{
    if (cpu_highest_pending(c) >= 0 || (c->cr[CR_ITV] & (1ull << 16)) ||
        c->timer_at == UINT64_MAX || c->timer_at <= c->insns)
        return 0;
    c->itc_delta += c->timer_at - c->insns;
    timer_fire(c);
    return 1;
}

/* ------------------------------------------------------------ delivery */
static void halt(struct cpu *c, const char *why)
{
    snprintf(c->message, sizeof c->message, "%s", why);
    c->stop = STOP_HALTED;
}

/* The start of a delivery, shared with the hypervisor's reflection
 * (hv/reflect.c, by interruption_begin),
 * IC being PSR.ic (or the virtual one): a fault's slot did not retire;
 * with ic = 0 data TLB faults go to the Data Nested TLB vector (*VECTOR:
 * the vector taken); the entry is counted; returns the ISR to collect
 * (ei: the faulting or trapping slot, ni, ir: the current frame is
 * incomplete, rse.c). */
static inline __attribute__((always_inline)) uint64_t begin(struct cpu *c, const struct interruption *in,
                                                            int ic, enum ivec *vector)
{
    unsigned ei = c->slot;
    enum ivec v = in->vector;
    if (in->valid & INTR_TRAP)
        ei = c->trap_slot;
    else if (!(in->valid & INTR_FETCH))
        c->insns--;                  /* counted by the run loop; it did not retire */
    if (!ic && (v == IVEC_DATA_TLB || v == IVEC_ALT_DATA_TLB ||
                (v == IVEC_VHPT_TRANSLATION && !(in->isr & ISR_X))))
        v = IVEC_DATA_NESTED_TLB;
    *vector = v;
    c->vector_entries[v]++;
    c->deliveries++;
    c->last_delivery.vector = v;
    c->last_delivery.iip = c->ip;
    c->last_delivery.ifa = (in->valid & INTR_IFA) ? in->ifa : 0;
    uint64_t isr = (in->isr & ~(3ull << ISR_EI_SHIFT)) | (uint64_t)(ei & 3) << ISR_EI_SHIFT;
    if (!ic)
        isr |= ISR_NI;
    if ((int)c->rse.ndirty < 0)
        isr |= ISR_IR;
    return isr;
}

uint64_t interruption_begin(struct cpu *c, const struct interruption *in, int ic, enum ivec *vector)
{
    return begin(c, in, ic, vector);
}

/* Collects state and vectors (SDM vol. 2, 5.5: "Interruption Handling").
 * PSR.ic = 1: IPSR, IIP, IFS (v = 0: the frame is not covered), IIPA,
 * ISR and the per-vector IFA, ITIR, IHA, IIM.  PSR.ic = 0: ISR only (with
 * ni), and data TLB faults go to the Data Nested TLB vector.  Out of
 * line: take's path to the hypervisor then saves no registers. */
static __attribute__((noinline)) void deliver(struct cpu *c)
{
    const struct interruption *in = &c->intr;   /* (the vector taken: VECTOR) */
    uint64_t psr = c->psr;
    int ic = (psr & PSR_IC) != 0;
    uint64_t iipa = c->iipa_last;    /* SDM vol. 2, 3.3.5.6 (exec.c, note_last) */
    enum ivec vector;
    uint64_t isr = begin(c, in, ic, &vector);
    /* (read once: the tracer changes none of them) */
    uint64_t ip = c->ip;
    unsigned slot = c->slot, valid = in->valid;
    c->cr[CR_ISR] = isr;
    if (c->m->trace)
        trace_ev_interruption(c, vector, ip, slot, isr, (valid & INTR_IFA) ? in->ifa : 0);
    if (ic) {
        c->cr[CR_IPSR] = (psr & ~PSR_RI_MASK) | (uint64_t)(slot & 3) << PSR_RI_SHIFT;
        c->cr[CR_IIP] = ip;
        c->cr[CR_IFS] = 0;
        c->cr[CR_IIPA] = iipa;
        if (valid & INTR_IFA)
            c->cr[CR_IFA] = in->ifa;
        if (valid & INTR_ITIR)
            c->cr[CR_ITIR] = in->itir;
        if (valid & INTR_IHA)
            c->cr[CR_IHA] = in->iha;
        if (valid & INTR_IIM)
            c->cr[CR_IIM] = in->iim;
    }
    /* SDM vol. 2, 5.5 and table 3-2, "interruption state": instruction
     * and data translation are left as they were (dt, rt, it: Linux's
     * IVT runs translated, at a region-7 IVA), up, mfl, mfh, si and mc are
     * kept, be and pp come from DCR, every other bit is 0. */
    uint64_t dcr = c->cr[CR_DCR];
    c->psr = (psr & (PSR_DT | PSR_RT | PSR_IT | PSR_UP | PSR_MFL | PSR_MFH | PSR_SI | PSR_MC)) |
             ((dcr & 2) ? PSR_BE : 0) | ((dcr & 1) ? PSR_PP : 0);
    if (psr & PSR_BN)
        rse_switch_bank(c);
    psr_translation_changed(c, psr);
    c->ip = (c->cr[CR_IVA] & ~0x7fffull) + ivec_offset(vector);
    c->slot = 0;
    c->fault = FAULT_NONE;
    c->stop = STOP_NONE;
}

/* take's ends of the run, out of line (their message buffer too): an
 * instruction fetch from no memory (STALL 0), or too many interruptions
 * without an instruction retiring (STALL 1). */
static __attribute__((noinline, cold)) void take_halt(struct cpu *c, int stall)
{
    char why[200];
    if (!stall)
        snprintf(why, sizeof why, "instruction fetch at 0x%llx: no memory there (iva=0x%llx)",
                 (unsigned long long)c->ip, (unsigned long long)c->cr[CR_IVA]);
    else
        snprintf(why, sizeof why,
                 "%d interruptions in a row without an instruction retiring (last: %s at ip=0x%llx slot %u, iva=0x%llx)",
                 CPU_STALL_LIMIT, ivec_name(c->intr.vector), (unsigned long long)c->ip, c->slot,
                 (unsigned long long)c->cr[CR_IVA]);
    halt(c, why);
}

/* A raised interruption: delivered, or the run ends (STOP_FAULT stays, or
 * STOP_HALTED).  Returns 1 when the run goes on. */
static int take(struct cpu *c)
{
    int (*hv)(struct machine *) = c->m->on_interruption;
    if (!hv && !cpu_ivt_usable(c))
        return 0;
    if (c->fault == FAULT_INSTRUCTION_PAGE_NOT_PRESENT) {
        take_halt(c, 0);
        return 0;
    }
    uint64_t retired = c->insns - !(c->intr.valid & (INTR_TRAP | INTR_FETCH));
    if (c->stalls && retired == c->stall_insns) {
        if (++c->stalls > CPU_STALL_LIMIT) {
            take_halt(c, 1);
            return 0;
        }
    } else {
        c->stalls = 1;
        c->stall_insns = retired;
    }
    if (hv)
        return hv(c->m);         /* the hypervisor takes it (hv/) */
    deliver(c);
    return 1;
}

static void external_interrupt(struct cpu *c)
{
    struct interruption in = { .vector = IVEC_EXTERNAL_INTERRUPT, .valid = INTR_FETCH };
    record(c, &in);
    c->fault = FAULT_NONE;
    if (!take(c) && c->stop == STOP_FAULT)
        c->stop = STOP_NONE;     /* no IVT: stays pending */
}

/* An interruption raised in the inner loop (STOP_FAULT), or the end of
 * the run after rfi, handled without leaving it when cpu_run would do
 * nothing else before the next run: not stepping (PSR.ss, tb, one-shot
 * bits, an armed ibr) in this run or the next, no timer or device event
 * due, no external interrupt to deliver, the same LIMIT.  Returns 1 when
 * the run goes on at cpu.ip, slot, as a new one would; else 0, the run
 * ending as it would have (cpu.take_ended: take ended it, cpu_run
 * returns). */
int cpu_run_on(struct cpu *c, uint64_t limit)
{
    const uint64_t step = PSR_SS | PSR_TB | PSR_ONE_SHOT;
    if (c->run_step)
        return 0;
    if (c->stop == STOP_FAULT) {
        if (!take(c)) {
            c->take_ended = 1;
            return 0;
        }
    } else if (!(c->stop == STOP_EVENT && c->rfi_done)) {
        return 0;
    }
    /* what cpu_run's next turn would look at (STOP_EVENT: it does) */
    uint64_t n = c->insns;
    c->stop = STOP_EVENT;
    if (n >= c->timer_at || n >= c->dev_at)
        return 0;
    /* ... both after n: the next turn's limit is the nearer of them or --max-insns */
    uint64_t next = cpu_next_turn(c);
    if ((c->psr & step) || c->dbg_inst || deliverable(c) || next != limit || c->nat_live)
        return 0;
    /* ... and what the inner loop does when it begins */
    c->stop = STOP_NONE;
    c->rfi_done = 0;
    if (c->m->mem.pl != psr_cpl(c->psr))
        mem_tlb_select(&c->m->mem, psr_cpl(c->psr));
    c->ic_run = (c->psr & PSR_IC) != 0;
    c->ic_from = 0;
    return 1;
}

/* The run: --max-insns, and the events and deliveries between the inner
 * loop's runs. */
void cpu_run(struct cpu *c)
{
    uint64_t max = c->max_insns ? c->max_insns : UINT64_MAX;
    for (;;) {
        if (c->insns >= c->timer_at)
            timer_fire(c);
        if (c->insns >= c->dev_at && c->m->on_dev_event && c->m->on_dev_event(c->m))
            return;
        if (deliverable(c) && c->insns < max) {
            external_interrupt(c);
            if (c->stop != STOP_NONE)
                return;
        }
        uint64_t limit = max, n0 = c->insns, ip0 = c->ip, psr0 = c->psr;
        unsigned slot0 = c->slot;
        int step = (psr0 & (PSR_SS | PSR_TB | PSR_ONE_SHOT)) != 0 || c->dbg_inst;
        /* an armed ibr: one instruction at a time, each checked before it
         * runs; Instruction Debug comes after the fetch's own faults
         * (SDM vol. 2, 5.6), so the bundle is fetched first */
        if (c->dbg_inst && c->insns < max && ibr_match(c, ip0)) {
            if (!pcache_lookup(c, ip0)) {
                if (take(c))
                    continue;
                return;
            }
            struct interruption in = {
                .vector = IVEC_DEBUG, .isr = ISR_X, .ifa = ip0, .valid = INTR_IFA | INTR_FETCH,
            };
            cpu_interrupt(c, &in);
            if (take(c))
                continue;
            return;
        }
        if (step && n0 + 1 < limit)
            limit = n0 + 1;
        if (c->timer_at > n0 && c->timer_at < limit)
            limit = c->timer_at;
        if (c->dev_at > n0 && c->dev_at < limit)
            limit = c->dev_at;
        c->stop = STOP_NONE;
        c->run_step = (uint8_t)step;
        cpu_run_until(c, limit);
        if (__builtin_expect(c->take_ended, 0)) {
            c->take_ended = 0;             /* take ended the run (cpu_run_on) */
            return;
        }
        if (c->stop == STOP_MAX_INSNS && c->insns < max)
            c->stop = STOP_EVENT;          /* an event's deadline, not the end */
        /* the last instruction turned PSR.ic on (psr_write): one more
         * turn, as when that ended the run */
        if (c->stop == STOP_MAX_INSNS && c->ic_run && c->ic_from == c->insns)
            c->stop = STOP_EVENT;
        if (c->stop == STOP_FAULT) {
            if (take(c))
                continue;
            return;
        }
        if (c->stop != STOP_EVENT) {
            if (c->stop == STOP_MAX_INSNS && c->insns >= c->timer_at)
                timer_fire(c);
            return;
        }
        c->stop = STOP_NONE;
        int rfi = c->rfi_done;
        c->rfi_done = 0;
        if (step && c->insns == n0 + 1) {
            /* one instruction retired: one-shot bits end, traps
             * (SDM vol. 2, 5.6: lp, tb and ss together in ISR.code) */
            if (!rfi) {
                uint64_t old = c->psr;
                c->psr &= ~(psr0 & PSR_ONE_SHOT);
                psr_translation_changed(c, old);   /* da, ia */
            }
            uint64_t code = 0, nip;
            unsigned nslot;
            successor(c, ip0, slot0, &nip, &nslot);
            if ((psr0 & PSR_TB) && (c->ip != nip || c->slot != nslot) && !rfi)
                code |= TRAP_CODE_TB;
            if ((psr0 & PSR_SS) && !rfi)
                code |= TRAP_CODE_SS;
            if (code) {
                cpu_trap(c, (code & TRAP_CODE_TB) ? IVEC_TAKEN_BRANCH : IVEC_SINGLE_STEP, code, slot0);
                if (take(c))
                    continue;
                return;
            }
        }
        /* the timer and external interrupts: at the top */
    }
}
