/* System instructions (SDM rev. 2.3 vol. 3): break, nop and hint on every
 * unit; ssm, rsm, mov psr.l, mov =psr; moves to and from control
 * registers (M32, M33) and the indirect register files dbr, ibr, pmc, pmd
 * and cpuid (M42, M43, with the rr and pkr files of ops_tlb.c); rfi,
 * bsw.0, bsw.1.  Interruption delivery, the
 * timer and the interrupt controller are in interrupt.c.
 *
 * Privileged instructions (the table's "priv" flag) fault with Privileged
 * Operation at PSR.cpl != 0, after the Illegal Operation checks (SDM vol. 2,
 * 5.6, interruption priorities).  The TLB instructions are ops_tlb.c;
 * mov msr is unimplemented (it fails loudly).  The data access hint
 * registers of the Itanium 9500 (mov dahr = imm16, M50; mov r1 = dahr[r3],
 * M43) are 8 registers of storage: hints never change what an access
 * does, so keeping them is exact; dahr[r3] uses r3{2:0}.  vmsw.0/vmsw.1
 * raise Illegal Operation, as on a processor without the virtualization
 * extension (ia64emu models none).
 *
 * Implemented sizes: 8 data and 8 instruction breakpoint registers (dbr0-7,
 * ibr0-7: a larger index is a Reserved Register/Field fault); pmc and pmd
 * 0-31 are plain storage with no counting (larger indices read 0 and ignore
 * writes); cpuid 0-4 (vendor GenuineIntel, family 0x1f, no features). */
#include "ops.h"
#include "trace.h"

#define NBR 8                          /* dbr, ibr pairs of each */
#define PSR_SM_DEFINED (PSR_DEFINED & 0xffffffull)   /* system mask 23:0 */
#define PSR_L_DEFINED (PSR_DEFINED & 0xffffffffull)  /* lower half 31:0 */

static inline int privileged(struct cpu *c)
{
    return cpu_raise(c, FAULT_PRIVILEGED_OPERATION, 0);
}

static inline int illegal(struct cpu *c)
{
    return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
}

static inline int reserved_field(struct cpu *c)
{
    return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
}

/* break: an immediate the host services (system and SSC calls), else a
 * Break Instruction fault (SDM vol. 3, "break"). */
static int op_break(struct cpu *c, const struct pslot *s)
{
    if (c->m->on_break) {
        int r = c->m->on_break(c->m, (uint64_t)s->o[0]);
        /* a call that made an interrupt pending (SSC GENERATE_INTERRUPT)
         * asks for STOP_EVENT: the inner loop ends after the break */
        if (r == OP_NEXT && c->stop == STOP_EVENT)
            return cpu_event(c, s);
        return r;
    }
    return cpu_raise(c, FAULT_BREAK, (uint64_t)s->o[0]);
}

static int op_nop(struct cpu *c, const struct pslot *s)
{
    (void)c; (void)s;
    return OP_NEXT;
}

/* ------------------------------------------------------------------ PSR */
/* A new PSR: r16-r31 follow bn; what may make an interruption due (i,
 * ss, tb, one-shot bits) ends the inner loop after this instruction. */
static __attribute__((noinline)) int psr_write_slow(struct cpu *c, const struct pslot *s, uint64_t old)
{
    uint64_t v = c->psr;
    if ((old ^ v) & PSR_BN)
        rse_switch_bank(c);
    psr_translation_changed(c, old);
    if ((v & ~old & PSR_I) && cpu_interrupt_deliverable(c))
        return cpu_event(c, s);
    /* ... and PSR.db arming an ibr: cpu_run steps from the next one */
    if ((v & ~old & (PSR_SS | PSR_TB | PSR_ONE_SHOT)) || (((old ^ v) & PSR_DB) && c->dbg_inst))
        return cpu_event(c, s);
    /* PSR.ic turned on: IIPA records from the next instruction on (exec.c,
     * note_last), the run going on unless cpu_run would act at its end (a
     * step, an interrupt to deliver).  Turned off, IIPA is this bundle
     * (this instruction started with PSR.ic = 1) and the run goes on. */
    if (v & ~old & PSR_IC) {
        if ((old & (PSR_SS | PSR_TB | PSR_ONE_SHOT)) || c->dbg_inst || cpu_interrupt_deliverable(c))
            return cpu_event(c, s);
        c->ic_from = cpu_insns_before(c) + 1;
        c->ic_run = 1;
        return OP_NEXT;
    }
    if ((old & ~v & PSR_IC) && c->ic_run) {
        c->iipa_last = c->ip & ~15ull;
        c->ic_run = 0;
    }
    return OP_NEXT;
}

/* PSR.i or .ic turned on (ON): to psr_write_slow when an interrupt is
 * pending (it may be deliverable now), or for .ic when cpu_run would act
 * at the run's end (a step, an ibr armed) */
static inline int psr_on_slow(const struct cpu *c, uint64_t old, uint64_t on)
{
    return (c->irr[0] | c->irr[1] | c->irr[2] | c->irr[3]) ||
           ((on & PSR_IC) && ((old & (PSR_SS | PSR_TB | PSR_ONE_SHOT)) || c->dbg_inst));
}

/* ... and PSR.ic turned on otherwise: IIPA from the next instruction on */
static inline int psr_ic_on(struct cpu *c)
{
    c->ic_from = cpu_insns_before(c) + 1;
    c->ic_run = 1;
    return OP_NEXT;
}

/* PSR.ic turned off: IIPA is this bundle */
static inline int psr_ic_off(struct cpu *c)
{
    if (c->ic_run) {
        c->iipa_last = c->ip & ~15ull;
        c->ic_run = 0;
    }
    return OP_NEXT;
}

/* The usual cases without calls: nothing of psr_write_slow's but PSR.ic
 * off, or PSR.i or .ic on with no psr_on_slow. */
static int psr_write(struct cpu *c, const struct pslot *s, uint64_t v)
{
    uint64_t old = c->psr, on = v & ~old;
    c->psr = v;
    if (((old ^ v) & (PSR_BN | PSR_XLATE | PSR_DB)) || (on & (PSR_SS | PSR_TB | PSR_ONE_SHOT)) ||
        ((on & (PSR_I | PSR_IC)) && psr_on_slow(c, old, on)))
        return psr_write_slow(c, s, old);
    if (on & PSR_IC)
        return psr_ic_on(c);
    if (old & ~v & PSR_IC)
        return psr_ic_off(c);
    return OP_NEXT;
}

/* ssm imm24 (M44): psr_write for bits 23:0 set (no bn, ss, tb or
 * one-shot bit among them) */
_Static_assert(!(PSR_SM_DEFINED & (PSR_BN | PSR_SS | PSR_TB | PSR_ONE_SHOT)), "ssm's bits");
static int op_ssm(struct cpu *c, const struct pslot *s)
{
    uint64_t imm = (uint64_t)O(0), old = c->psr;
    if (old & PSR_CPL_MASK)
        return privileged(c);
    if (imm & ~PSR_SM_DEFINED)
        return reserved_field(c);
    uint64_t on = imm & ~old;
    c->psr = old | imm;
    if ((on & PSR_XLATE) || ((on & (PSR_I | PSR_IC)) && psr_on_slow(c, old, on)))
        return psr_write_slow(c, s, old);
    if (on & PSR_IC)
        return psr_ic_on(c);
    return OP_NEXT;
}

/* rsm imm24 (M44): the same for bits 23:0 cleared */
static int op_rsm(struct cpu *c, const struct pslot *s)
{
    uint64_t imm = (uint64_t)O(0), old = c->psr;
    if (old & PSR_CPL_MASK)
        return privileged(c);
    if (imm & ~PSR_SM_DEFINED)
        return reserved_field(c);
    c->psr = old & ~imm;
    if (old & imm & PSR_XLATE)
        return psr_write_slow(c, s, old);
    if (old & imm & PSR_IC)
        return psr_ic_off(c);
    return OP_NEXT;
}

/* mov psr.l = r2 (M35): PSR{31:0} = GR[r2]{31:0} */
int sys_mov_to_psr_l(struct cpu *c, const struct pslot *s)
{
    if (PSR_CPL(c))
        return privileged(c);
    struct greg *g = gr(c, OPR(1));
    if (g->nat)
        return nat_consumption(c);
    uint64_t v = g->val & 0xffffffffull;
    if (v & ~PSR_L_DEFINED)
        return reserved_field(c);
    return psr_write(c, s, (c->psr & ~0xffffffffull) | v);
}

/* mov r1 = psr (M36): PSR{36:35} and PSR{31:0}; the other bits read 0 */
int sys_mov_from_psr(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0);
    if (r1 == 0)
        return illegal(c);
    if (PSR_CPL(c))
        return privileged(c);
    gr_set(c, r1, c->psr & ((3ull << 35) | 0xffffffffull), 0);
    return OP_NEXT;
}

/* ------------------------------------------------------ control registers */
static int cr_exists(unsigned n)
{
    return n <= 2 || n == CR_PTA || (n >= CR_IPSR && n <= CR_IHA && n != 18) ||
           (n >= CR_LID && n <= CR_CMCV) || n == CR_LRR0 || n == CR_LRR1;
}

static int cr_interruption(unsigned n)
{
    return n >= CR_IPSR && n <= CR_IHA;
}

/* Bits a write may set (SDM vol. 2, 3.3 and 5.8.3); others are reserved. */
static uint64_t cr_writable(unsigned n)
{
    switch (n) {
    case CR_DCR: return 0x7f07;                       /* pp be lc dm dp dk dx dr da dd */
    case CR_PTA: return ~0x7e02ull;                   /* ve, size, vf, base */
    case CR_LID: return 0xffff0000ull;                /* eid, id */
    case CR_TPR: return TPR_WRITABLE;                 /* mic, mmi; 3:0 ignored */
    case CR_ITV: case CR_PMV: case CR_CMCV: return 0x100ff;  /* vector, m */
    case CR_LRR0: case CR_LRR1: return 0x1a7ff;       /* vector, dm, ipp, tm, m */
    default: return ~0ull;
    }
}

/* mov cr3 = r2 (M32) */
static int op_mov_to_cr(struct cpu *c, const struct pslot *s)
{
    unsigned n = OPR(0) & 127;
    if (!cr_exists(n) || n == CR_IVR || (n >= CR_IRR0 && n < CR_IRR0 + 4))
        return illegal(c);
    if (PSR_CPL(c))
        return privileged(c);
    if (cr_interruption(n) && (c->psr & PSR_IC))
        return illegal(c);
    struct greg *g = gr(c, OPR(1));
    if (g->nat)
        return nat_consumption(c);
    uint64_t v = g->val;
    if (v & ~cr_writable(n))
        return reserved_field(c);
    switch (n) {
    case CR_IVA:
        c->cr[n] = v & ~0x7fffull;                    /* 14:0 are ignored */
        c->iva_written = 1;
        return OP_NEXT;
    case CR_ITM:
        c->cr[n] = v;
        cpu_timer_update(c);
        return cpu_event(c, s);
    case CR_TPR:
        c->cr[n] = v & TPR_FIELDS;
        return cpu_event(c, s);
    case CR_EOI: {
        /* completes the highest vector in service */
        for (int w = 3; w >= 0; w--)
            if (c->insvc[w]) {
                c->insvc[w] &= ~(1ull << (63 - __builtin_clzll(c->insvc[w])));
                break;
            }
        return cpu_event(c, s);
    }
    default:
        c->cr[n] = v;
        return OP_NEXT;
    }
}

/* mov r1 = cr3 (M33) */
static int op_mov_from_cr(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0), n = OPR(1) & 127;
    if (!cr_exists(n) || r1 == 0)
        return illegal(c);
    if (PSR_CPL(c))
        return privileged(c);
    if (cr_interruption(n) && (c->psr & PSR_IC))
        return illegal(c);
    uint64_t v;
    switch (n) {
    case CR_IVR: {
        /* acknowledges the highest unmasked pending vector, or 15 (spurious) */
        int x = cpu_highest_pending(c);
        if (x < 0) {
            v = 15;
        } else {
            c->irr[x >> 6] &= ~(1ull << (x & 63));
            c->insvc[x >> 6] |= 1ull << (x & 63);
            v = (uint64_t)x;
        }
        break;
    }
    case CR_EOI:
        v = 0;
        break;
    case CR_IRR0: case CR_IRR0 + 1: case CR_IRR0 + 2: case CR_IRR0 + 3:
        v = c->irr[n - CR_IRR0];
        break;
    default:
        v = c->cr[n];
        break;
    }
    gr_set(c, r1, v, 0);
    return OP_NEXT;
}

/* For the translator (jit.c): mov r1 = cr3 (S) at CPL 0 is GR[r1] = CR[cr3]
 * with no side effect, but that an interruption CR (*IC 1) needs PSR.ic 0
 * (else the handler faults) */
int cr_read_plain(const struct pslot *s, int *ic)
{
    unsigned r1 = OPR(0), n = OPR(1) & 127;
    *ic = cr_interruption(n);
    return s->fn == op_mov_from_cr && cr_exists(n) && r1 != 0 && n != CR_IVR && n != CR_EOI &&
           !(n >= CR_IRR0 && n < CR_IRR0 + 4);
}

/* ------------------------------------------------- indirect registers */
static const uint64_t cpuid_regs[5] = {
    0x49656e69756e6547ull,        /* "GenuineI" */
    0x6c65746eull,                /* "ntel" */
    0, 0x1f000004ull,             /* number 4, family 0x1f */
    0,
};

int sys_cpuid(uint64_t i, uint64_t *v)
{
    if (i > (cpuid_regs[3] & 0xff))
        return 1;
    *v = cpuid_regs[i];
    return 0;
}

/* mov ind[r3] = r2 (M42): operand 0 names the file, its value the index */
static int op_mov_to_ind(struct cpu *c, const struct pslot *s)
{
    unsigned file = s->d->opnd[0];
    if (file == OPND_MSR)
        return cpu_unimplemented(c, "mov msr[r3]=r2 (M42)");
    if (PSR_CPL(c))
        return privileged(c);
    struct greg *x = gr(c, OPR(0)), *g = gr(c, OPR(1));
    if (x->nat || g->nat)
        return nat_consumption(c);
    uint64_t i = x->val & 0xff, v = g->val;
    switch (file) {
    case OPND_RR:
        return tlb_mov_to_rr(c, x->val, v);
    case OPND_PKR:
        return tlb_mov_to_pkr(c, x->val, v);
    case OPND_DBR:
    case OPND_IBR:
        if (i >= 2 * NBR)
            return reserved_field(c);
        (file == OPND_DBR ? c->dbr : c->ibr)[i] = v;
        cpu_debug_update(c);      /* soft TLBs, armed flags */
        if (c->dbg_inst)
            return cpu_event(c, s);   /* cpu_run checks ibrs from the next instruction */
        break;
    case OPND_PMC:
    case OPND_PMD:
        if (i < 32)
            (file == OPND_PMC ? c->pmc : c->pmd)[i] = v;
        break;
    default:
        return illegal(c);
    }
    return OP_NEXT;
}

/* mov r1 = ind[r3] (M43) */
static int op_mov_from_ind(struct cpu *c, const struct pslot *s)
{
    unsigned file = s->d->opnd[1], r1 = OPR(0);
    if (file == OPND_MSR)
        return cpu_unimplemented(c, "mov r1=msr[r3] (M43)");
    if (r1 == 0)
        return illegal(c);
    if ((s->d->flags & INSN_F_PRIV) && PSR_CPL(c))
        return privileged(c);
    struct greg *x = gr(c, OPR(1));
    if (x->nat)
        return nat_consumption(c);
    uint64_t i = x->val & 0xff, v = 0;
    switch (file) {
    case OPND_RR:
    case OPND_PKR:
        if ((file == OPND_RR ? tlb_mov_from_rr : tlb_mov_from_pkr)(c, x->val, &v))
            return OP_STOP;
        break;
    case OPND_DBR:
    case OPND_IBR:
        if (i >= 2 * NBR)
            return reserved_field(c);
        v = (file == OPND_DBR ? c->dbr : c->ibr)[i];
        break;
    case OPND_PMC:
        v = i < 32 ? c->pmc[i] : 0;
        break;
    case OPND_PMD:
        /* user reads of the counters see 0 while PSR.sp is set */
        v = i < 32 && !(PSR_CPL(c) && (c->psr & PSR_SP)) ? c->pmd[i] : 0;
        break;
    case OPND_DAHR:
        v = c->dahr[i & 7];
        break;
    case OPND_CPUID:
        if (sys_cpuid(i, &v))
            return reserved_field(c);
        break;
    default:
        return illegal(c);
    }
    gr_set(c, r1, v, 0);
    return OP_NEXT;
}

/* ------------------------------------------------------- rfi and bsw */
/* rfi (B8): PSR from IPSR, IP from IIP and slot from IPSR.ri, the frame
 * from IFS when IFS.v (SDM vol. 3, "rfi"). */
static int op_rfi(struct cpu *c, const struct pslot *s)
{
    (void)s;
    if (PSR_CPL(c))
        return privileged(c);
    uint64_t ipsr = c->cr[CR_IPSR], ifs = c->cr[CR_IFS];
    if ((ipsr & ~PSR_DEFINED) || ((ipsr >> PSR_RI_SHIFT) & 3) == 3)
        return reserved_field(c);
    if (ipsr & PSR_IS)
        return cpu_unimplemented(c, "rfi to the IA-32 instruction set (IPSR.is = 1)");
    if ((ifs >> 63) && rse_restore_frame(c, CFM_SOF(ifs), ifs) != OP_NEXT)
        return OP_STOP;
    uint64_t old = c->psr;
    c->psr = ipsr & ~PSR_RI_MASK;
    if ((old ^ ipsr) & PSR_BN)
        rse_switch_bank(c);
    psr_translation_changed(c, old);
    c->ip = c->cr[CR_IIP] & ~0xfull;
    c->slot = (unsigned)(ipsr >> PSR_RI_SHIFT) & 3;
    if (c->m->trace)
        trace_ev_rfi(c);
    /* the current frame is loaded under the new PSR (rt) and RSC.pl;
     * rfi completed, so a fault is taken at its target, ISR.ir set */
    if ((int)c->rse.ndirty < 0 && rse_complete_frame(c))
        return rse_fault_after(c);
    c->rfi_done = 1;
    c->stop = STOP_EVENT;               /* cpu_run looks at the new PSR */
    return OP_STOP;
}

/* mov dahr3 = imm16 (M50) */
static int op_mov_to_dahr(struct cpu *c, const struct pslot *s)
{
    c->dahr[OPR(0) & 7] = (uint64_t)O(1) & 0xffff;
    return OP_NEXT;
}

/* vmsw.0, vmsw.1 (B8): no virtualization extension */
static int op_vmsw(struct cpu *c, const struct pslot *s)
{
    (void)s;
    return illegal(c);
}

/* bsw.0 (aux 0), bsw.1 (aux 1) (B8) */
static int op_bsw(struct cpu *c, const struct pslot *s)
{
    if (PSR_CPL(c))
        return privileged(c);
    uint64_t v = s->aux ? c->psr | PSR_BN : c->psr & ~PSR_BN;
    if (v != c->psr) {
        c->psr = v;
        rse_switch_bank(c);
    }
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
    { "M44", "ssm", op_ssm, 0, 0 }, { "M44", "rsm", op_rsm, 1, 0 },
    { "M32", "mov", op_mov_to_cr, 0, 0 }, { "M33", "mov", op_mov_from_cr, 0, 0 },
    { "M42", "mov", op_mov_to_ind, 0, 0 }, { "M43", "mov", op_mov_from_ind, 0, 0 },
    { "B8", "rfi", op_rfi, 0, 0 },
    { "B8", "bsw.0", op_bsw, 0, 0 }, { "B8", "bsw.1", op_bsw, 1, 0 },
    { "B8", "vmsw.0", op_vmsw, 0, 0 }, { "B8", "vmsw.1", op_vmsw, 1, 0 },
    { "M50", "mov", op_mov_to_dahr, 0, 0 },
    { 0 },
};
