/* The UART at physical UART_BASE (docs/system.md, docs/boot.md): a 16550
 * as Linux's 8250 driver probes it, registers one byte apart (offsets
 * 0-7); an access of any size reaches the register at its address
 * through the value's low byte.
 *   0  read RBR: the oldest received byte (0 when none); write THR: the
 *      byte to the console (dropped in loopback mode); with LCR.dlab the
 *      divisor latch, low byte
 *   1  IER (bits 3:0), or with LCR.dlab the divisor latch, high byte
 *   2  read IIR: the highest pending source among those IER enables:
 *      0x04 received data, 0x02 transmitter empty (cleared by this read
 *      or a write of THR), else 0x01; bits 7:6 set while FCR enabled the
 *      FIFOs.  Write: FCR (bit 0 FIFOs on, bit 1 clears the receiver)
 *   3  LCR   4  MCR (bits 4:0)   7  SCR: read back as written
 *   5  LSR: 0x60 (transmitter empty: bytes leave at once) | 0x01 when a
 *      received byte waits
 *   6  MSR: 0xb0 (CTS, DSR, DCD: a connected line); in loopback mode
 *      (MCR bit 4) the modem outputs DTR, RTS, OUT1, OUT2 read back as
 *      DSR, CTS, RI, DCD
 * The rest of the page reads 0 and ignores writes.  Under `ia64emu boot`
 * its interrupt output, a pending IIR source gated by MCR's OUT2 as on a
 * PC, drives the I/O SAPIC's input UART_GSI (src/iosapic.c), and stdin
 * feeds its receiver once userspace runs (src/boot_cmd.c). */
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "trace.h"

enum { LCR_DLAB = 0x80, MCR_OUT2 = 0x08, MCR_LOOP = 0x10, FCR_FIFO = 0x01, FCR_CLEAR_RX = 0x02,
       IER_RX = 0x01, IER_THRE = 0x02 };

static unsigned iir(const struct uart8250 *u)
{
    unsigned fifo = (u->fcr & FCR_FIFO) ? 0xc0 : 0;
    if ((u->ier & IER_RX) && u->rx_n)
        return fifo | 0x04;
    if ((u->ier & IER_THRE) && u->thre)
        return fifo | 0x02;
    return fifo | 0x01;
}

/* The interrupt output after an access (boot only: Ski's platform has
 * no interrupt controller) */
static void update_irq(struct machine *m, const struct uart8250 *u)
{
    const struct guest_host *h = m->host;
    if (h->boot.on)
        iosapic_set_line(m, UART_GSI, (u->mcr & MCR_OUT2) && !(iir(u) & 1));
}

static uint64_t read_reg(struct uart8250 *u, uint64_t offset)
{
    switch (offset) {
    case 0:
        if (u->lcr & LCR_DLAB)
            return u->dll;
        if (!u->rx_n)
            return 0;
        uint8_t b = u->rx[u->rx_head];
        u->rx_head = (uint8_t)((u->rx_head + 1) % UART_FIFO);
        u->rx_n--;
        return b;
    case 1: return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
    case 2: {
        unsigned v = iir(u);
        if ((v & 0x0f) == 0x02)
            u->thre = 0;
        return v;
    }
    case 3: return u->lcr;
    case 4: return u->mcr;
    case 5: return 0x60 | (u->rx_n ? 1 : 0);
    case 6:
        if (u->mcr & MCR_LOOP)
            return (uint64_t)((u->mcr & 1) << 5 | (u->mcr & 2) << 3 | (u->mcr & 0xc) << 4);
        return 0xb0;
    case 7: return u->scr;
    default: return 0;
    }
}

static uint64_t uart_read(struct machine *m, void *opaque, uint64_t offset, unsigned size)
{
    struct uart8250 *u = opaque;
    (void)size;
    uint64_t v = read_reg(u, offset);
    if (offset == 0 || offset == 2)     /* the reads that change state */
        update_irq(m, u);
    return v;
}

/* `ia64emu boot`'s console: a ring of its last bytes, and the panic
 * check of every line. */
void console_note(struct guest_host *h, uint8_t b)
{
    struct boot_state *s = &h->boot;
    s->tail[s->tail_n++ % CONSOLE_TAIL] = (char)b;
    if (b == '\n' || s->line_n == sizeof s->line - 1) {
        s->line[s->line_n] = 0;
        if (strstr(s->line, "Kernel panic - not syncing"))
            s->panic = 1;
        s->line_n = 0;
    }
    if (b != '\n' && b != '\r')
        s->line[s->line_n++] = (char)b;
}

void console_tail(FILE *f, const struct boot_state *s, unsigned lines)
{
    size_t n = s->tail_n < CONSOLE_TAIL ? s->tail_n : CONSOLE_TAIL;
    size_t first = s->tail_n - n, from = first;
    unsigned seen = 0;
    for (size_t i = s->tail_n; i-- > first;) {
        char ch = s->tail[i % CONSOLE_TAIL];
        if (ch == '\n' && i + 1 < s->tail_n && ++seen == lines) {
            from = i + 1;
            break;
        }
    }
    for (size_t i = from; i < s->tail_n; i++) {
        char ch = s->tail[i % CONSOLE_TAIL];
        if (ch != '\r')
            fputc(ch, f);
    }
    if (s->tail_n && s->tail[(s->tail_n - 1) % CONSOLE_TAIL] != '\n')
        fputc('\n', f);
}

/* A byte the guest sent: to stdout, unless `boot --quiet` holds it back
 * until userspace runs; console_note keeps the tail for a panic report. */
static void transmit(struct machine *m, uint8_t b)
{
    struct guest_host *h = m->host;
    if (h->boot.on) {
        console_note(h, b);
        h->boot.tx_itc = cpu_itc(&m->cpu);
    }
    if (!h->boot.quiet || h->boot.user_seen)
        putchar(b);
    if (m->trace)
        trace_ev_console(&m->cpu, &b, 1);
}

static void uart_write(struct machine *m, void *opaque, uint64_t offset, unsigned size, uint64_t val)
{
    struct uart8250 *u = opaque;
    uint8_t b = (uint8_t)val;
    (void)size;
    switch (offset) {
    case 0:
        if (u->lcr & LCR_DLAB) {
            u->dll = b;
            break;
        }
        if (!(u->mcr & MCR_LOOP))
            transmit(m, b);
        u->thre = 1;                    /* sent at once: empty again */
        break;
    case 1:
        if (u->lcr & LCR_DLAB) {
            u->dlm = b;
            break;
        }
        if ((b & IER_THRE) && !(u->ier & IER_THRE))
            u->thre = 1;                /* enabled while empty: pending */
        u->ier = b & 0x0f;
        break;
    case 2:
        u->fcr = b & FCR_FIFO;
        if (b & FCR_CLEAR_RX)
            u->rx_n = 0;
        break;
    case 3: u->lcr = b; break;
    case 4: u->mcr = b & 0x1f; break;
    case 7: u->scr = b; break;
    default: break;
    }
    update_irq(m, u);
}

int uart_receive(struct machine *m, uint8_t b)
{
    struct guest_host *h = m->host;
    struct uart8250 *u = &h->uart;
    if (u->rx_n >= UART_FIFO)
        return -1;
    u->rx[(u->rx_head + u->rx_n) % UART_FIFO] = b;
    u->rx_n++;
    update_irq(m, u);
    return 0;
}

int uart_attach(struct machine *m)
{
    struct guest_host *h = m->host;
    struct device d = { UART_BASE, GUEST_PAGE_SIZE, uart_read, uart_write, &h->uart };
    return device_add(&m->devices, &d);
}
