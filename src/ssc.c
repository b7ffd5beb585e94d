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
 *                 time, as Ski); no result.
 * Any other call ends the run with a message naming it (exit status 125). */
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "guest.h"

enum {
    SSC_STOP = 0, SSC_CONSOLE_INIT = 20, SSC_GETCHAR = 21, SSC_PUTCHAR = 31,
    SSC_GET_RTC = 65, SSC_EXIT = 66, SSC_GET_ARGS = 75,
};

static uint64_t arg(struct cpu *c, unsigned i)
{
    return i < CFM_SOF(c->cfm) ? gr_val(c, 32 + i) : 0;
}

static int getchar_nonblocking(void)
{
    struct pollfd p = { .fd = 0, .events = POLLIN };
    unsigned char ch;
    fflush(stdout);
    if (poll(&p, 1, 0) != 1 || !(p.revents & (POLLIN | POLLHUP)))
        return 0;
    if (read(0, &ch, 1) != 1)
        return 0;
    return ch;
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
        return OP_NEXT;
    case SSC_GETCHAR:
        gr_set(c, 8, (uint64_t)getchar_nonblocking(), 0);
        return OP_NEXT;
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
