/* Hyperprivops: `break imm` (0x01-0x1a) from the guest kernel at CPL 2,
 * each with the semantics of the native instruction (or register access)
 * applied to the virtual state.  Arguments in r8 (r9), result in r8
 * (NaT clear); the hypervisor then advances IIP past the break (the
 * contract, ../shared/reference/pvops.md).  Conventions the contract
 * leaves open follow Xen/ia64's (hyperprivop.S, privop.h): PTC_GA takes
 * the address in r8 and GR[r2] of ptc.ga (page size in bits 7:2) in r9;
 * SET_RR0_TO_RR4 the five values in r8, r9, r10, r11 and r14; SET_EFLAG
 * and GET_EFLAG move ar.eflag through r8.
 *
 * A hyperprivop that faults (a reserved field, an unimplemented address)
 * is reflected at the break, which did not complete.  Each is counted as
 * Xen classed it (hyperprivops.def), and as slow whenever the event
 * pending byte is set at entry. */
#include "hv.h"
#include "rse.h"
#include "trace.h"

static const uint8_t hp_fast[HP_LAST + 1] = {
#define HP(imm, name, fast) [imm] = fast,
#include "hyperprivops.def"
#undef HP
};

/* cover on the virtual state: with virtual PSR.ic off, IFS = the frame
 * (SDM vol. 3, "cover"; Xen's vcpu_cover) */
static void vcover(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    uint64_t cfm = c->cfm;
    rse_cover(c);
    if (!hv_vic(h))
        vcr_set(h, CR_IFS, 1ull << 63 | (cfm & CFM_MASK));
}

/* rfi on the virtual state (SDM vol. 3, "rfi"), past the checks of
 * IPSR (IPSR and IFS as read): PSR from IPSR (CPL 0-2 run at 2), IP from
 * IIP and the slot from IPSR.ri, the frame from IFS when IFS.v.  Returns
 * OP_BRANCH (ip set), or an OP_STOP fault. */
static inline __attribute__((always_inline)) int rfi_valid(struct hv *h, uint64_t ipsr, uint64_t ifs)
{
    struct cpu *c = &h->m->cpu;
    if ((ifs >> 63) && rse_restore_frame(c, CFM_SOF(ifs), ifs) != OP_NEXT)
        return OP_STOP;
    hv_set_vpsr(h, ipsr & ~PSR_RI_MASK);
    c->ip = vcr_get(h, CR_IIP) & ~0xfull;
    c->slot = (unsigned)(ipsr >> PSR_RI_SHIFT) & 3;
    if ((int)c->rse.ndirty < 0 && rse_complete_frame(c))
        return rse_fault_after(c);
    return OP_BRANCH;
}

/* ... with the checks */
static inline __attribute__((always_inline)) int rfi(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    uint64_t ipsr = vcr_get(h, CR_IPSR), ifs = vcr_get(h, CR_IFS);
    if ((ipsr & ~PSR_DEFINED) || ((ipsr >> PSR_RI_SHIFT) & 3) == 3)
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    if (ipsr & PSR_IS)
        return cpu_unimplemented(c, "rfi to the IA-32 instruction set (IPSR.is = 1)");
    return rfi_valid(h, ipsr, ifs);
}

int hv_rfi(struct hv *h)
{
    int r = rfi(h);
    if (r == OP_BRANCH && h->m->trace)
        trace_ev_rfi(&h->m->cpu);      /* the trace's RFI event (hook exit, resume), as natively */
    return r;
}

/* Ends a hyperprivop or an emulated instruction: R is OP_NEXT (advance
 * past it), OP_BRANCH (ip set), or OP_STOP (a fault to reflect, or the
 * run ends).  BUNDLE: where it is. */
int hv_finish(struct hv *h, int r, uint64_t bundle)
{
    struct cpu *c = &h->m->cpu;
    if (r == OP_NEXT)
        hv_advance(h);
    if (r != OP_STOP) {
        c->iipa_last = bundle;       /* it completed (IIPA, exec.c note_last) */
        return 1;
    }
    return c->stop == STOP_FAULT ? hv_reflect_current(h) : 0;
}

/* Each hyperprivop counted as Xen classed it, slow whenever the pending
 * byte is set */
static inline void hp_count(struct hv *h, unsigned imm)
{
    int slow = !hp_fast[imm] || *xsi_at(h, XSI_PENDING);
    h->n.hyperprivops++;
    if (slow)
        h->n.hp_slow++;
    else
        h->n.hp_fast++;
    h->n.hp[imm][slow]++;
}

/* COVER's break goes on in the run, as the native cover does (an OP_NEXT
 * whose frame change the run loop and translated code follow: exec.c's
 * hot_CALL, jit.c's emit_handler), when the run's end would change
 * nothing: the slots after the break in its bundle name no stacked
 * register (the run loop checks them against the new frame only in a new
 * run) and hv_events delivers no virtual interrupt (hv_break_now). */
static int cover_goes_on(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    const struct pbundle *pb = pcache_lookup(c, c->ip);
    if (!pb)
        return 0;
    for (unsigned i = c->slot + 1u; i < pb->nslots; i++)
        if (pb->s[i].maxgr >= 32)
            return 0;
    return 1;
}

/* RSM_DT, SSM_DT and ITC_D where their break runs, as hyperprivop_now
 * services RFI and COVER, going on as the next instruction as COVER's
 * does (Linux's vhpt_miss makes an RSM_DT and two ITC_D before its RFI).
 * Only where they cannot fault: ITC_D passing insert_checks and
 * overlapping no guest TR (hv_itc_now, before anything changes: the
 * insert touches nothing the counts read).  They change no register;
 * the run loop and translated code follow their TLB changes (a flush of
 * bundles ends a block at its handler's exit, as after a native mov rr),
 * but for RSM_DT's and SSM_DT's where the bundles run are in a region
 * metaphysical mode's switch flushes (0 or 4): the run ends there, as
 * after take(). */
#define TLB_HP_NOW (1u << HP_RSM_DT | 1u << HP_SSM_DT | 1u << HP_ITC_D)
static __attribute__((noinline)) int tlb_hyperprivop_now(struct hv *h, uint64_t imm)
{
    struct cpu *c = &h->m->cpu;
    if (!h->iva_written || cpu_take_may_stall(c) ||
        (imm == HP_ITC_D && hv_itc_now(h, TLB_D, gr_val(c, 8)) != OP_NEXT))
        return cpu_raise(c, FAULT_BREAK, imm);
    uint64_t bundle = c->ip;
    h->n.entries++;
    c->fault = FAULT_NONE;
    hp_count(h, (unsigned)imm);
    if (imm != HP_ITC_D)
        hv_set_vpsr(h, imm == HP_RSM_DT ? hv_vpsr(h) & ~PSR_DT : hv_vpsr(h) | PSR_DT);
    if ((imm == HP_ITC_D || ((c->ip >> 61) & 3) != 0) && hv_events_quiet(h))
        return OP_NEXT;
    hv_advance(h);                   /* as hyperprivop_now's end */
    c->iipa_last = bundle;
    hv_events(h);
    c->rfi_done = 1;
    c->stop = STOP_EVENT;
    return OP_STOP;
}

/* A hyperprivop serviced where its break runs (machine.on_hyperprivop,
 * called by src/guest.c's on_break), with what take() and hv_dispatch
 * would do for the Break Instruction fault, without the fault: the same
 * counts and state, and the break retires.  The run then ends as after
 * rfi (STOP_EVENT, cpu.rfi_done), so that cpu_run_on goes on in the run
 * when nothing else is due, as after take(); RFI's goes on as a branch
 * where cpu_run_on would (cpu_goes_on), COVER's as the next instruction
 * (cover_goes_on).  A break that is no hyperprivop is reflected where it
 * runs by hv_reflect_break_now (reflect.c).  RFI and COVER here (each
 * system call makes one of each; RSM_DT, SSM_DT and ITC_D:
 * tlb_hyperprivop_now), and only where they cannot fault (a
 * fault would be reflected with the IIPA the run's end sets): RFI with a
 * valid IPSR whose frame is all in the register file (no mandatory fill:
 * rse.c, rse_restore_slow, rse_complete_frame).  Not while a trace
 * records (hv_dispatch makes its entry and exit events), nor while
 * stepping, nor before the guest has an IVT (hv_events would end the
 * run), nor where take() could end the run for stalling.  take()'s stall
 * count is not touched: the break retires, so its next count differs
 * from the break's and from any before it, as after take().  When the break
 * must fault as before, it does (cpu_raise). */
static __attribute__((noinline)) int hyperprivop_now(struct hv *h, uint64_t imm)
{
    struct cpu *c = &h->m->cpu;
    if (imm != HP_RFI && imm != HP_COVER)
        return (1u << imm) & TLB_HP_NOW ? tlb_hyperprivop_now(h, imm) : cpu_raise(c, FAULT_BREAK, imm);
    if (!h->iva_written || cpu_take_may_stall(c))
        return cpu_raise(c, FAULT_BREAK, imm);
    uint64_t ipsr = 0, ifs = 0;
    if (imm == HP_RFI) {
        ipsr = vcr_get(h, CR_IPSR);
        ifs = vcr_get(h, CR_IFS);
        int present = (int)c->rse.ndirty - ((ifs >> 63) ? (int)CFM_SOF(ifs) : 0);
        if ((ipsr & ~PSR_DEFINED) || ((ipsr >> PSR_RI_SHIFT) & 3) == 3 || (ipsr & PSR_IS) || present < 0)
            return cpu_raise(c, FAULT_BREAK, imm);
    }
    uint64_t bundle = c->ip;
    uint64_t after = cpu_insns_before(c) + 1;   /* (the count after the break) */
    h->n.entries++;
    c->fault = FAULT_NONE;
    hp_count(h, (unsigned)imm);
    if (imm == HP_COVER) {
        vcover(h);
        if (cover_goes_on(h) && hv_events_quiet(h))
            return OP_NEXT;          /* (see cover_goes_on) */
        hv_advance(h);               /* hv_finish's */
    } else if (rfi_valid(h, ipsr, ifs) != OP_BRANCH) {   /* (none: checked above) */
        return cpu_unimplemented(c, "hypervisor: a hyperprivop serviced at its break faulted");
    }
    c->iipa_last = bundle;
    /* RFI's goes on as a branch where cpu_run_on would go on after the
     * run's end: no virtual interrupt to deliver, nothing due */
    if (imm == HP_RFI && hv_events_quiet(h) && cpu_goes_on(c, after))
        return OP_BRANCH;
    hv_events(h);                    /* (1: the guest has an IVT) */
    c->rfi_done = 1;
    c->stop = STOP_EVENT;
    return OP_STOP;
}

int hv_break_now(struct machine *m, uint64_t imm)
{
    struct hv *h = m->hv;
    struct cpu *c = &m->cpu;
    if (m->trace || c->run_step)
        return cpu_raise(c, FAULT_BREAK, imm);
    /* not a hyperprivop: hv_dispatch reflects its fault (a system call's) */
    if (h->trap || PSR_CPL(c) != 2 || imm - 1 >= HP_LAST)
        return hv_reflect_break_now(h, imm);
    return hyperprivop_now(h, imm);  /* (out of line: the other paths save no registers) */
}

int hv_hyperprivop(struct hv *h, unsigned imm)
{
    struct cpu *c = &h->m->cpu;
    uint64_t bundle = c->ip;
    hp_count(h, imm);
    uint64_t r8 = gr_val(c, 8), r9 = gr_val(c, 9), v;
    int r = OP_NEXT;
    switch (imm) {
    case HP_RFI:
        r = hv_rfi(h);
        break;
    case HP_RSM_DT:
        hv_set_vpsr(h, hv_vpsr(h) & ~PSR_DT);
        break;
    case HP_SSM_DT:
        hv_set_vpsr(h, hv_vpsr(h) | PSR_DT);
        break;
    case HP_COVER:
        vcover(h);
        break;
    case HP_ITC_D:
        r = hv_itc(h, TLB_D, r8);
        break;
    case HP_ITC_I:
        r = hv_itc(h, TLB_I, r8);
        break;
    case HP_SSM_I:
        hv_set_vpsr(h, hv_vpsr(h) | PSR_I);     /* hv_events delivers what is pending */
        break;
    case HP_GET_IVR:
        gr_set(c, 8, hv_get_ivr(h), 0);
        break;
    case HP_GET_TPR:
        gr_set(c, 8, vcr_get(h, CR_TPR), 0);
        break;
    case HP_SET_TPR:
        if (r8 & ~TPR_WRITABLE)
            r = cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        else
            hv_set_tpr(h, r8 & TPR_FIELDS);
        break;
    case HP_EOI:
        hv_eoi(h);
        break;
    case HP_SET_ITM:
        hv_set_itm(h, r8);
        break;
    case HP_THASH:
        gr_set(c, 8, tlb_unimplemented_va(r8) ? 0 : hv_thash(h, r8), tlb_unimplemented_va(r8));
        break;
    case HP_PTC_GA:
        r = hv_ptc(h, r8, (unsigned)(r9 >> 2) & 0x3f, -1);
        break;
    case HP_ITR_D:
        r = hv_itr(h, TLB_D, r8 & 0xff, r9);
        break;
    case HP_GET_RR:
        gr_set(c, 8, xsi_get(h, XSI_RRS + 8 * (unsigned)(r8 >> 61)), 0);
        break;
    case HP_SET_RR:
        r = hv_set_rr(h, r8, r9);
        break;
    case HP_SET_KR:
        if (r8 > 7) {
            r = cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
            break;
        }
        xsi_set(h, XSI_KRS + 8 * (unsigned)r8, r9);
        c->ar[AR_KR0 + r8] = r9;                 /* the guest reads ar.k directly */
        break;
    case HP_FC:
        break;                                   /* no cache is modelled */
    case HP_GET_CPUID:
        if (sys_cpuid(r8 & 0xff, &v))
            r = cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
        else
            gr_set(c, 8, v, 0);
        break;
    case HP_GET_PMD:
        gr_set(c, 8, (r8 & 0xff) < 32 ? c->pmd[r8 & 0xff] : 0, 0);
        break;
    case HP_GET_EFLAG:
        gr_set(c, 8, c->ar[AR_EFLAG], 0);
        break;
    case HP_SET_EFLAG:
        c->ar[AR_EFLAG] = r8;
        break;
    case HP_RSM_BE:
        hv_set_vpsr(h, hv_vpsr(h) & ~PSR_BE);
        break;
    case HP_GET_PSR:
        /* what mov r = psr reads: PSR{36:35} and PSR{31:0} */
        gr_set(c, 8, hv_vpsr(h) & ((3ull << 35) | 0xffffffffull), 0);
        break;
    case HP_SET_RR0_TO_RR4: {
        const uint64_t val[5] = { r8, r9, gr_val(c, 10), gr_val(c, 11), gr_val(c, 14) };
        for (unsigned i = 0; i < 5 && r == OP_NEXT; i++)
            r = hv_set_rr(h, (uint64_t)i << 61, val[i]);
        break;
    }
    default:
        r = cpu_unimplemented(c, "hyperprivop");
        break;
    }
    return hv_finish(h, r, bundle);
}
