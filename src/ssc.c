/* Ski's SSC calls for system-mode guests: break 0x80001, r15 the call
 * number, arguments in r32-r35, the result in r8. */
#include <stdio.h>

#include "guest.h"

enum {
    SSC_STOP = 0, SSC_CONSOLE_INIT = 20, SSC_GETCHAR = 21, SSC_PUTCHAR = 31,
    SSC_GET_RTC = 65, SSC_EXIT = 66, SSC_GET_ARGS = 75,
};

int guest_ssc(struct machine *m)
{
    struct cpu *c = &m->cpu;
    uint64_t nr = gr_val(c, 15);
    switch (nr) {
    case SSC_CONSOLE_INIT:
        return OP_NEXT;
    case SSC_PUTCHAR:
        putchar((int)(gr_val(c, 32) & 0xff));
        return OP_NEXT;
    case SSC_EXIT:
        c->exit_status = (int)(gr_val(c, 32) & 0xff);
        c->stop = STOP_EXIT;
        return OP_STOP;
    case SSC_STOP:
        c->exit_status = 0;
        c->stop = STOP_EXIT;
        return OP_STOP;
    default: {
        char what[64];
        snprintf(what, sizeof what, "SSC call %llu", (unsigned long long)nr);
        return cpu_unimplemented(c, what);
    }
    }
}
