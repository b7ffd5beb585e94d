/* Reflection: an interruption the guest must see, delivered into its
 * virtual IVT as the SDM delivers one (vol. 2, 5.5) on the virtual state,
 * the way Xen/ia64 did it (faults.c reflect_interruption, hyperprivop.S
 * fast_reflect):
 * - the XSI gets ISR (ei, ni, ir) and, with virtual PSR.ic set, IPSR (the
 *   virtual PSR: CPL 0 for the guest kernel, ri = the slot), IIP, IIPA,
 *   IFS = 0 and the vector's IFA, ITIR, IHA, IIM;
 * - with virtual ic set, precover_ifs gets the IFS a cover of the
 *   interrupted frame would record (v set), which the guest's save path
 *   reads after its COVER hyperprivop; the frame itself stays current, as
 *   natively (Xen covered it on entry and restored it on the way out to
 *   the guest, so that fast paths that end in rfi keep it); with ic clear
 *   nothing is collected and data TLB faults become Data Nested TLB (SDM
 *   vol. 2, 5.5);
 * - the virtual PSR takes its interruption value (dt, rt, it, up, mfl,
 *   mfh, si, mc kept; be, pp from the virtual DCR; ic, i = 0 -- the mask
 *   byte set --, bank 0, CPL 0) and the banks switch as bsw.0 would;
 * - the guest continues at its IVA + the vector's offset, at CPL 2. */
#include "hv.h"
#include "rse.h"
#include "trace.h"

int hv_reflect(struct hv *h, const struct interruption *in)
{
    struct cpu *c = &h->m->cpu;
    if (!h->iva_written) {
        /* no virtual IVT: the fault ends the run as in native mode */
        c->intr = *in;
        c->stop = STOP_FAULT;
        return 0;
    }
    /* the real IIPA, as Xen reflected it: the guest runs with the real
     * PSR.ic on (exec.c, note_last) */
    uint64_t iipa = c->iipa_last;
    int vic = hv_vic(h);
    /* entries into the guest's IVT count as natively (VECTOR: the one
     * taken, Data Nested TLB with virtual ic off) */
    enum ivec vector;
    uint64_t isr = interruption_begin(c, in, vic, &vector);
    if (h->m->trace) {
        trace_ev_hv_enter(c, HV_EV_REFLECTION, vector);
        trace_ev_interruption(c, vector, c->ip, c->slot, in->isr, (in->valid & INTR_IFA) ? in->ifa : 0);
    }
    h->n.reflections++;
    h->n.reflect[vector]++;
    uint8_t *x = h->xsi;
    xsi_put(x, XSI_VCR + 8 * CR_ISR, isr);
    uint64_t vpsr = hv_vpsr(h);
    if (vic) {
        xsi_put(x, XSI_VCR + 8 * CR_IPSR, (vpsr & ~PSR_RI_MASK) | (uint64_t)(c->slot & 3) << PSR_RI_SHIFT);
        xsi_put(x, XSI_VCR + 8 * CR_IIP, c->ip);
        xsi_put(x, XSI_VCR + 8 * CR_IFS, 0);
        xsi_put(x, XSI_VCR + 8 * CR_IIPA, iipa);
        if (in->valid & INTR_IFA)
            xsi_put(x, XSI_VCR + 8 * CR_IFA, in->ifa);
        if (in->valid & INTR_ITIR)
            xsi_put(x, XSI_VCR + 8 * CR_ITIR, in->itir);
        if (in->valid & INTR_IHA)
            xsi_put(x, XSI_VCR + 8 * CR_IHA, in->iha);
        if (in->valid & INTR_IIM)
            xsi_put(x, XSI_VCR + 8 * CR_IIM, in->iim);
        /* what the hypervisor's own cover saw (Xen's reflect_interruption:
         * precover_ifs = regs->cr_ifs) */
        xsi_put(x, XSI_PRECOVER_IFS, 1ull << 63 | (c->cfm & CFM_MASK));
    }
    uint64_t dcr = vcr_get(h, CR_DCR);
    uint64_t v = (vpsr & (PSR_DT | PSR_RT | PSR_IT | PSR_UP | PSR_MFL | PSR_MFH | PSR_SI | PSR_MC)) |
                 ((dcr & 2) ? PSR_BE : 0) | ((dcr & 1) ? PSR_PP : 0);
    hv_set_vpsr(h, v);
    c->ip = (vcr_get(h, CR_IVA) & ~0x7fffull) + ivec_offset(vector);
    c->slot = 0;
    c->stop = STOP_NONE;
    c->fault = FAULT_NONE;
    if (h->m->trace)
        trace_ev_hv_exit(c, HV_EV_REFLECTION, vector);
    return 1;
}

int hv_reflect_current(struct hv *h)
{
    struct interruption in = h->m->cpu.intr;
    return hv_reflect(h, &in);
}

/* The Break Instruction fault of break IMM, which hv_dispatch would
 * reflect (a system call's break, from the guest's user tasks), reflected
 * where the break runs, when the run loop would then go on at the guest's
 * vector as cpu_run_on would (cpu_goes_on): the same counts and state as
 * through the fault, which take() and hv_dispatch would give.  The break
 * does not retire: the handler takes its slot back (interruption_begin's
 * cpu.insns - 1 before the run loop counts the slot; jit.c's jit_leave
 * counts from cpu.insns too).  Only where IIPA is this bundle (note_last:
 * an instruction of it completed before the break in this run, cpu.slot
 * beyond run_first), where take() does not count a stall (the last
 * delivery was not at this count), where the bank switch sets no NaT bit
 * (hv_vbsw: the run would end in its NaT mode). */
int hv_reflect_break_now(struct hv *h, uint64_t imm)
{
    struct cpu *c = &h->m->cpu;
    uint64_t before = cpu_insns_before(c);
    int bank_nat = xsi_get4(h, XSI_BANKNUM) && (xsi_get(h, XSI_VBNAT) & 0xffff);
    if (!h->iva_written || c->slot <= c->run_first || (c->stalls && before == c->stall_insns) || bank_nat ||
        !cpu_goes_on(c, before))
        return cpu_raise(c, FAULT_BREAK, imm);
    /* the fault as cpu_raise records it (hv_reflect ends stop, fault) */
    c->intr = (struct interruption){ .vector = IVEC_BREAK, .iim = imm, .valid = INTR_IIM };
    c->fault_addr = imm;
    c->stalls = 1;                     /* take()'s */
    c->stall_insns = before;
    c->iipa_last = c->ip;              /* note_last's (cpu_goes_on: PSR.ic on) */
    h->n.entries++;                    /* hv_dispatch's */
    hv_reflect(h, &c->intr);
    return OP_BRANCH;
}
