/* The 8250 UART of Ski's system mode, at physical UART_BASE, transmit
 * only (docs/system.md).  Registers are one byte apart (offsets 0-7);
 * accesses of any size reach the register at their address through the
 * value's low byte.  A quiet 8250 with nothing to receive:
 *   0  read RBR: 0 (no data); write THR: the byte to stdout (dropped in
 *      loopback mode); with LCR.dlab: the divisor latch, low byte
 *   1  IER (bits 3:0), or with LCR.dlab the divisor latch, high byte
 *   2  read IIR: 0x01, no interrupt pending; write (FCR on a 16550): ignored
 *   3  LCR   4  MCR (bits 4:0)   7  SCR: read back as written
 *   5  LSR: 0x60, transmitter holding register and transmitter empty
 *   6  MSR: 0xb0 (CTS, DSR, DCD: a connected line); in loopback mode
 *      (MCR bit 4) the modem outputs DTR, RTS, OUT1, OUT2 read back as
 *      DSR, CTS, RI, DCD
 * The rest of the page reads 0 and ignores writes.  No interrupts. */
#include <stdio.h>

#include "guest.h"
#include "trace.h"

enum { LCR_DLAB = 0x80, MCR_LOOP = 0x10 };

static uint64_t uart_read(struct machine *m, void *opaque, uint64_t offset, unsigned size)
{
    struct uart8250 *u = opaque;
    (void)m; (void)size;
    switch (offset) {
    case 0: return (u->lcr & LCR_DLAB) ? u->dll : 0;
    case 1: return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case 2: return 0x01;
    case 3: return u->lcr;
    case 4: return u->mcr;
    case 5: return 0x60;
    case 6:
        if (u->mcr & MCR_LOOP)
            return (uint64_t)((u->mcr & 1) << 5 | (u->mcr & 2) << 3 | (u->mcr & 0xc) << 4);
        return 0xb0;
    case 7: return u->scr;
    default: return 0;
    }
}

static void uart_write(struct machine *m, void *opaque, uint64_t offset, unsigned size, uint64_t val)
{
    struct uart8250 *u = opaque;
    uint8_t b = (uint8_t)val;
    (void)size;
    switch (offset) {
    case 0:
        if (u->lcr & LCR_DLAB)
            u->dll = b;
        else if (!(u->mcr & MCR_LOOP)) {
            putchar(b);
            if (m->trace)
                trace_ev_console(&m->cpu, &b, 1);
        }
        break;
    case 1:
        if (u->lcr & LCR_DLAB)
            u->dlm = b;
        else
            u->ier = b & 0x0f;
        break;
    case 3: u->lcr = b; break;
    case 4: u->mcr = b & 0x1f; break;
    case 7: u->scr = b; break;
    default: break;
    }
}

int uart_attach(struct machine *m)
{
    struct guest_host *h = m->host;
    struct device d = { UART_BASE, GUEST_PAGE_SIZE, uart_read, uart_write, &h->uart };
    return device_add(&m->devices, &d);
}
