/* Ski's SSC calls for system-mode guests: break 0x80001, r15 the call
 * number, arguments in r32-r35 (0 for those outside the current frame),
 * the result in r8.  Behaviour follows Ski's doSSC (numbers from the
 * Linux HP-simulator port's ssc.h):
 *   CONSOLE_INIT  nothing to do: the console is ia64emu's stdin/stdout;
 *   PUTCHAR       r32's low byte to stdout;
 *   GETCHAR       r8 = the next byte of stdin, or 0 when none is ready
 *                 (Ski's console is raw and non-blocking);
 *   EXIT          ends the run with status r32 & 0xff (r8 = r32);
 *   STOP          Ski's breakpoint: ends the run, status 0, with a note;
 *   GET_ARGS      copies the guest arguments (those after IMAGE, joined
 *                 by spaces, NUL-terminated) to r32; r8 = their length
 *                 without the NUL;
 *   GET_RTC       writes 8 32-bit words at r32: year - 1900, month 0-11,
 *                 day, hour, minute, second, millisecond, weekday (local
 *                 time, as Ski); no result;
 *   CONNECT_INTERRUPT  r32 an interrupt type (SSC_IRPT_*, guest.h), r33
 *                 the external-interrupt vector it raises from now on (a
 *                 second connection of a type replaces the first).
 *                 Connecting the keyboard (3) starts the console
 *                 interrupt: see ssc_dev_event; no result;
 *   GENERATE_INTERRUPT  r32 a connected type: its vector becomes pending
 *                 in IRR at once (the break ends the inner run loop so
 *                 that cpu_run delivers it); no result;
 *   SET_PERIODIC_INTERRUPT  r32 the clock (4) or profile (5) timer, r33
 *                 an interval in retired instructions: the type's vector
 *                 is pended every r33 instructions from now (0 stops it);
 *                 no result.
 * As in Ski, vectors 1 and 3-15 are never pended, and pending a type that
 * is not connected, or a periodic interrupt of another type, ends the run
 * (guest halted, exit status 139).  Any other call ends the run with a
 * message naming it (exit status 125). */
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"
#include "trace.h"

enum {
    SSC_STOP = 0, SSC_CONSOLE_INIT = 20, SSC_GETCHAR = 21, SSC_PUTCHAR = 31,
    SSC_CONNECT_INTERRUPT = 58, SSC_GENERATE_INTERRUPT = 59, SSC_SET_PERIODIC_INTERRUPT = 60,
    SSC_GET_RTC = 65, SSC_EXIT = 66, SSC_GET_ARGS = 75,
};

static uint64_t arg(struct cpu *c, unsigned i)
{
    return i < CFM_SOF(c->cfm) ? gr_val(c, 32 + i) : 0;
}

int stdin_ready_byte(void)
{
    struct pollfd p = { .fd = 0, .events = POLLIN };
    unsigned char ch;
    if (poll(&p, 1, 0) != 1 || !(p.revents & (POLLIN | POLLHUP)))
        return -1;
    ssize_t n = read(0, &ch, 1);
    if (n == 0)
        return -2;
    return n == 1 ? ch : -1;
}

/* ... -1 for none ready or the end (Ski's GETCHAR knows no end) */
static int read_ready_byte(void)
{
    int ch = stdin_ready_byte();
    return ch < 0 ? -1 : ch;
}

/* GETCHAR: the byte the console interrupt looked ahead at, else the next
 * ready byte of stdin, else 0. */
static int getchar_nonblocking(struct guest_host *h)
{
    fflush(stdout);
    if (h && h->kb_have) {
        h->kb_have = 0;
        return h->kb_byte;
    }
    int ch = read_ready_byte();
    return ch < 0 ? 0 : ch;
}

/* ---------------------------------------------------- SSC interrupts
 * The console interrupt.  Once the keyboard type is connected, stdin is
 * looked at whenever the retired-instruction count reaches a multiple of
 * SSC_CONSOLE_POLL (cpu.dev_at: cpu_run bounds the inner loop by it, as
 * by the timer; nothing is tested per instruction).  A byte ready then is
 * read into a one-byte look-ahead (GETCHAR returns it first) and the
 * connected vector becomes pending in IRR; it is pended again at every
 * later check while a byte is waiting.  With stdin a file, or a pipe
 * written in full before the run, whether a byte is ready at a check
 * depends only on the input, so two runs give the same result; with a
 * terminal or a pipe still being written, on when the host delivers it
 * (so does GETCHAR itself, with or without the interrupt). */
static int pend_type(struct machine *m, uint64_t type, const char *why)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    if (type >= SSC_IRPT_TYPES || !h->irpt_connected[type]) {
        snprintf(c->message, sizeof c->message,
                 "%s: SSC interrupt type %" PRIu64 " is not connected (SSC CONNECT_INTERRUPT)", why, type);
        c->stop = STOP_HALTED;
        return -1;
    }
    unsigned v = h->irpt_vector[type];
    if (v != 1 && !(v >= 3 && v <= 15))        /* as Ski: those are never pended */
        c->irr[v >> 6] |= 1ull << (v & 63);
    return 0;
}

static void reschedule(struct machine *m)
{
    struct guest_host *h = m->host;
    uint64_t at = h->irpt_connected[SSC_IRPT_KEYBOARD] ? h->kb_next : UINT64_MAX;
    for (int i = 0; i < 2; i++)
        if (h->periodic[i] && h->periodic_next[i] < at)
            at = h->periodic_next[i];
    m->cpu.dev_at = at;
}

int ssc_dev_event(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    if (!h) {
        c->dev_at = UINT64_MAX;
        return 0;
    }
    uint64_t now = c->insns;
    if (h->irpt_connected[SSC_IRPT_KEYBOARD] && now >= h->kb_next) {
        h->kb_next = (now / SSC_CONSOLE_POLL + 1) * SSC_CONSOLE_POLL;
        if (!h->kb_have) {
            int ch = read_ready_byte();
            if (ch >= 0) {
                h->kb_have = 1;
                h->kb_byte = (uint8_t)ch;
            }
        }
        if (h->kb_have)
            pend_type(m, SSC_IRPT_KEYBOARD, "console interrupt");
    }
    for (int i = 0; i < 2; i++)
        if (h->periodic[i] && now >= h->periodic_next[i]) {
            h->periodic_next[i] = now + h->periodic[i];
            if (pend_type(m, SSC_IRPT_CLK_TIMER + (unsigned)i, "SSC periodic interrupt"))
                return 1;
        }
    reschedule(m);
    return 0;
}

static int get_rtc(struct machine *m, uint64_t addr)
{
    struct tm tm;
    long nsec;
    guest_calendar(m, &tm, &nsec);
    uint32_t w[8] = {
        (uint32_t)tm.tm_year, (uint32_t)tm.tm_mon, (uint32_t)tm.tm_mday, (uint32_t)tm.tm_hour,
        (uint32_t)tm.tm_min, (uint32_t)tm.tm_sec, (uint32_t)(nsec / 1000000), (uint32_t)tm.tm_wday,
    };
    uint8_t b[32];
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++)
            b[4 * i + j] = (uint8_t)(w[i] >> (8 * j));
    mem_copy_in(&m->mem, addr, b, sizeof b);
    return OP_NEXT;
}

int guest_ssc(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    uint64_t nr = gr_val(c, 15);
    switch (nr) {
    case SSC_CONSOLE_INIT:
        return OP_NEXT;
    case SSC_PUTCHAR:
        putchar((int)(arg(c, 0) & 0xff));
        if (m->trace) {
            uint8_t b = (uint8_t)arg(c, 0);
            trace_ev_console(c, &b, 1);
        }
        return OP_NEXT;
    case SSC_GETCHAR:
        gr_set(c, 8, (uint64_t)getchar_nonblocking(h), 0);
        return OP_NEXT;
    case SSC_CONNECT_INTERRUPT: {
        uint64_t type = arg(c, 0);
        if (type >= SSC_IRPT_TYPES || !h) {
            snprintf(c->message, sizeof c->message,
                     "SSC CONNECT_INTERRUPT of interrupt type %" PRIu64 " at ip=0x%" PRIx64, type, c->ip);
            c->stop = STOP_UNIMPLEMENTED;
            return OP_STOP;
        }
        int first = !h->irpt_connected[type];
        h->irpt_connected[type] = 1;
        h->irpt_vector[type] = (uint8_t)arg(c, 1);
        if (type == SSC_IRPT_KEYBOARD && first) {
            h->kb_next = (c->insns / SSC_CONSOLE_POLL + 1) * SSC_CONSOLE_POLL;
            m->on_dev_event = ssc_dev_event;
            reschedule(m);
            c->stop = STOP_EVENT;       /* cpu_run takes the new deadline */
        }
        return OP_NEXT;
    }
    case SSC_GENERATE_INTERRUPT:
        if (!h || pend_type(m, arg(c, 0), "SSC GENERATE_INTERRUPT"))
            return OP_STOP;
        c->stop = STOP_EVENT;           /* op_break ends the inner loop after the break */
        return OP_NEXT;
    case SSC_SET_PERIODIC_INTERRUPT: {
        uint64_t type = arg(c, 0);
        if (!h || (type != SSC_IRPT_CLK_TIMER && type != SSC_IRPT_PROF_TIMER)) {
            snprintf(c->message, sizeof c->message,
                     "SSC SET_PERIODIC_INTERRUPT: interrupt type %" PRIu64 " is not a timer (4 or 5)", type);
            c->stop = STOP_HALTED;
            return OP_STOP;
        }
        unsigned i = (unsigned)(type - SSC_IRPT_CLK_TIMER);
        h->periodic[i] = arg(c, 1);
        h->periodic_next[i] = c->insns + arg(c, 1);   /* counted from the SSC call */
        m->on_dev_event = ssc_dev_event;
        reschedule(m);
        c->stop = STOP_EVENT;           /* cpu_run takes the new deadline */
        return OP_NEXT;
    }
    case SSC_EXIT:
        gr_set(c, 8, arg(c, 0), 0);
        c->exit_status = (int)(arg(c, 0) & 0xff);
        c->stop = STOP_EXIT;
        return OP_STOP;
    case SSC_STOP:
        fflush(stdout);
        fprintf(stderr, "ia64emu: SSC STOP at ip=0x%" PRIx64 " slot %u\n", c->ip, c->slot);
        c->exit_status = 0;
        c->stop = STOP_EXIT;
        return OP_STOP;
    case SSC_GET_ARGS: {
        const char *s = h && h->cmdline ? h->cmdline : "";
        size_t n = h && h->cmdline ? h->cmdline_len : 0;
        if (mem_copy_in(&m->mem, arg(c, 0), s, n + 1)) {
            snprintf(c->message, sizeof c->message, "guest memory limit exceeded in SSC GET_ARGS");
            c->stop = STOP_HOST_ERROR;
            return OP_STOP;
        }
        gr_set(c, 8, n, 0);
        return OP_NEXT;
    }
    case SSC_GET_RTC:
        return get_rtc(m, arg(c, 0));
    default:
        snprintf(c->message, sizeof c->message,
                 "unknown SSC call %" PRIu64 " (r15) at ip=0x%" PRIx64 " slot %u", nr, c->ip, c->slot);
        c->stop = STOP_UNIMPLEMENTED;
        return OP_STOP;
    }
}
