/* The virtual timer and interrupt controller.
 *
 * The hypervisor owns the real timer: real cr.itv = HV_TIMER_VECTOR
 * (unmasked), real cr.itm = the guest's virtual ITM - itc_offset, so the
 * real ITC reaching it is the virtual ITC (real + XSI itc_offset, what the
 * guest's MOV_FROM_ITC reads) reaching the virtual ITM.  The real PSR.i is
 * always on while the guest runs, so every real external interrupt comes
 * here at once: the timer's makes the virtual ITV's vector pending (unless
 * the virtual ITV is masked), any other vector (Ski's devices, SSC
 * CONNECT_INTERRUPT) is passed through as the same virtual vector.
 *
 * Virtual IRR is XSI vcr[irr0-3], TPR vcr[tpr], ITV vcr[itv]; in-service
 * vectors are struct hv's.  IVR, TPR and EOI have the SDM's semantics
 * (interrupt.c's irq_highest_pending on the virtual registers).  A
 * deliverable virtual interrupt is delivered as an External Interrupt
 * reflection when virtual PSR.i is on (the mask byte 0), else the pending
 * byte (mask - 1) and pending_interruption are set, so that the guest's
 * SSM_PSR_I sequence, which tests the pending byte after clearing the
 * mask, traps with SSM_I and gets it.  The pending byte always says
 * whether one is deliverable when the hypervisor returns to the guest. */
#include "hv.h"

static uint64_t *virr(struct hv *h, uint64_t out[4])
{
    for (unsigned w = 0; w < 4; w++)
        out[w] = vcr_get(h, CR_IRR0 + w);
    return out;
}

static void virr_set(struct hv *h, unsigned vec)
{
    vcr_set(h, CR_IRR0 + vec / 64, vcr_get(h, CR_IRR0 + vec / 64) | 1ull << (vec & 63));
}

static inline int highest_pending(struct hv *h)
{
    uint64_t irr[4];
    virr(h, irr);
    if (!(irr[0] | irr[1] | irr[2] | irr[3]))
        return -1;                   /* the usual case: nothing pending */
    return irq_highest_pending(irr, h->vinsvc, vcr_get(h, CR_TPR));
}

void hv_vtimer_init(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    c->cr[CR_ITV] = HV_TIMER_VECTOR;
    c->cr[CR_ITM] = 0;
    cpu_timer_update(c);
    xsi_set(h, XSI_ITC_OFFSET, 0);
    xsi_set(h, XSI_ITC_LAST, 0);
}

/* The real ITM that makes the virtual timer fire at virtual ITM. */
static void real_itm(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    c->cr[CR_ITM] = vcr_get(h, CR_ITM) - xsi_get(h, XSI_ITC_OFFSET);
    cpu_timer_update(c);
}

void hv_set_itm(struct hv *h, uint64_t v)
{
    vcr_set(h, CR_ITM, v);
    real_itm(h);
}

/* mov ar.itc = v: the virtual ITC moves, the real one does not */
void hv_set_itc(struct hv *h, uint64_t v)
{
    xsi_set(h, XSI_ITC_OFFSET, v - cpu_itc(&h->m->cpu));
    xsi_set(h, XSI_ITC_LAST, v);
    real_itm(h);
}

void hv_set_itv(struct hv *h, uint64_t v)
{
    vcr_set(h, CR_ITV, v);
}

int hv_external_interrupt(struct hv *h)
{
    struct cpu *c = &h->m->cpu;
    h->n.ext_interrupts++;
    for (unsigned w = 0; w < 4; w++) {
        uint64_t bits = c->irr[w];
        c->irr[w] = 0;
        while (bits) {
            unsigned vec = w * 64 + (unsigned)__builtin_ctzll(bits);
            bits &= bits - 1;
            if (vec == HV_TIMER_VECTOR) {
                uint64_t itv = vcr_get(h, CR_ITV);
                if (!(itv & (1ull << 16))) {
                    virr_set(h, (unsigned)itv & 0xff);
                    h->n.vtimer_ticks++;
                }
            } else {
                virr_set(h, vec);
            }
        }
    }
    return 1;
}

/* hv_events' work when it delivers nothing: 1; else 0, nothing done */
static inline int events_quiet(struct hv *h)
{
    uint8_t *pending = xsi_at(h, XSI_PENDING);
    if (highest_pending(h) < 0) {
        *pending = 0;
        xsi_set4(h, XSI_PENDING_INT, 0);
        return 1;
    }
    if (hv_vi(h) && h->iva_written)
        return 0;
    if (!*pending)
        h->n.pending_set++;
    *pending = 1;
    xsi_set4(h, XSI_PENDING_INT, 1);
    return 1;
}

int hv_events_quiet_slow(struct hv *h)
{
    return events_quiet(h);
}

int hv_events(struct hv *h)
{
    if (events_quiet(h))
        return 1;
    *xsi_at(h, XSI_PENDING) = 0;
    xsi_set4(h, XSI_PENDING_INT, 0);
    h->n.virq_delivered++;
    struct interruption in = { .vector = IVEC_EXTERNAL_INTERRUPT, .valid = INTR_FETCH };
    return hv_reflect(h, &in);
}

/* IVR: the highest deliverable vector goes in service, or 15 (spurious) */
uint64_t hv_get_ivr(struct hv *h)
{
    int x = highest_pending(h);
    if (x < 0)
        return 15;
    vcr_set(h, CR_IRR0 + x / 64, vcr_get(h, CR_IRR0 + x / 64) & ~(1ull << (x & 63)));
    h->vinsvc[x / 64] |= 1ull << (x & 63);
    return (uint64_t)x;
}

void hv_set_tpr(struct hv *h, uint64_t v)
{
    vcr_set(h, CR_TPR, v);
}

/* EOI: the highest vector in service completes */
void hv_eoi(struct hv *h)
{
    for (int w = 3; w >= 0; w--)
        if (h->vinsvc[w]) {
            h->vinsvc[w] &= ~(1ull << (63 - __builtin_clzll(h->vinsvc[w])));
            break;
        }
}
