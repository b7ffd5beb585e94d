/* An I/O SAPIC at physical IOSAPIC_BASE (`ia64emu boot`, docs/boot.md):
 * IOSAPIC_PINS interrupt inputs, global system interrupts 0 and up; the
 * UART drives input UART_GSI.  Registers, 32 bits wide:
 *   0x00 select: the index of the register the window shows
 *   0x10 window: index 0 the id (bits 31:24), 1 the version (0x21, and
 *        bits 23:16 the highest input), 0x10 + 2n and 0x11 + 2n input n's
 *        redirection entry, low half (vector 7:0, delivery mode 10:8,
 *        delivery status 12, polarity 13, remote IRR 14, trigger 15, mask
 *        16) and high half (destination); other indices read 0
 *   0x40 EOI: writing a vector ends the level-triggered inputs that use
 *        it (their remote IRR clears; one still asserted fires again)
 * An unmasked input with fixed or lowest-priority delivery makes its
 * vector pending in the processor's IRR: an edge-triggered one when its
 * line rises, a level-triggered one while its line is active and its
 * remote IRR clear (which the delivery sets).  Destinations are not
 * looked at: there is one processor.  The other delivery modes (PMI,
 * NMI, INIT, ExtINT) are not modelled and deliver nothing. */
#include "guest.h"

enum {
    RTE_DELIVERY = 7u << 8, RTE_STATUS = 1u << 12, RTE_REMOTE_IRR = 1u << 14, RTE_LEVEL = 1u << 15,
    RTE_MASK = 1u << 16,
};

static void fire(struct machine *m, struct iosapic *s, unsigned pin)
{
    uint32_t lo = (uint32_t)s->rte[pin];
    unsigned mode = (lo & RTE_DELIVERY) >> 8, v = lo & 0xff;
    if ((lo & RTE_MASK) || mode > 1 || v < 16)
        return;                         /* (vectors 0-15 are reserved) */
    if (lo & RTE_LEVEL) {
        if (!s->line[pin] || (lo & RTE_REMOTE_IRR))
            return;
        s->rte[pin] |= RTE_REMOTE_IRR;
    }
    m->cpu.irr[v >> 6] |= 1ull << (v & 63);
}

void iosapic_set_line(struct machine *m, unsigned pin, int active)
{
    struct guest_host *h = m->host;
    struct iosapic *s = &h->iosapic;
    if (pin >= IOSAPIC_PINS)
        return;
    /* ACTIVE: the input asserted (the entry's polarity bit says how the
     * wire carries that; it is not looked at) */
    int rising = active && !s->line[pin];
    s->line[pin] = (uint8_t)(active != 0);
    if ((s->rte[pin] & RTE_LEVEL) ? active : rising)
        fire(m, s, pin);
}

static uint64_t iosapic_read(struct machine *m, void *opaque, uint64_t offset, unsigned size)
{
    struct iosapic *s = opaque;
    (void)m; (void)size;
    if (offset != 0x10)
        return offset == 0 ? s->select : 0;
    unsigned i = s->select;
    if (i == 0)
        return (uint64_t)s->id << 24;
    if (i == 1)
        return 0x21 | (uint64_t)(IOSAPIC_PINS - 1) << 16;
    if (i >= 0x10 && i < 0x10 + 2 * IOSAPIC_PINS)
        return (uint32_t)(s->rte[(i - 0x10) / 2] >> (i & 1 ? 32 : 0));
    return 0;
}

static void iosapic_write(struct machine *m, void *opaque, uint64_t offset, unsigned size, uint64_t val)
{
    struct iosapic *s = opaque;
    uint32_t v = (uint32_t)val;
    (void)size;
    if (offset == 0) {
        s->select = (uint8_t)v;
    } else if (offset == 0x10) {
        unsigned i = s->select;
        if (i == 0) {
            s->id = (uint8_t)(v >> 24);
        } else if (i >= 0x10 && i < 0x10 + 2 * IOSAPIC_PINS) {
            unsigned pin = (i - 0x10) / 2;
            if (i & 1) {
                s->rte[pin] = (s->rte[pin] & 0xffffffffull) | (uint64_t)v << 32;
            } else {
                /* status and remote IRR are read-only; an edge entry has no remote IRR */
                uint32_t irr = (v & RTE_LEVEL) ? (uint32_t)s->rte[pin] & RTE_REMOTE_IRR : 0;
                s->rte[pin] = (s->rte[pin] & ~0xffffffffull) | (v & ~(RTE_STATUS | RTE_REMOTE_IRR)) | irr;
                if (s->line[pin] && (v & RTE_LEVEL))
                    fire(m, s, pin);    /* unmasked while asserted */
            }
        }
    } else if (offset == 0x40) {
        for (unsigned pin = 0; pin < IOSAPIC_PINS; pin++)
            if ((s->rte[pin] & 0xff) == (v & 0xff) && (s->rte[pin] & RTE_LEVEL)) {
                s->rte[pin] &= ~(uint64_t)RTE_REMOTE_IRR;
                fire(m, s, pin);
            }
    }
}

int iosapic_attach(struct machine *m)
{
    struct guest_host *h = m->host;
    for (unsigned pin = 0; pin < IOSAPIC_PINS; pin++)
        h->iosapic.rte[pin] = RTE_MASK;  /* masked at reset */
    struct device d = { IOSAPIC_BASE, GUEST_PAGE_SIZE, iosapic_read, iosapic_write, &h->iosapic };
    return device_add(&m->devices, &d);
}
