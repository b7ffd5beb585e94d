/* Linux IA-64 system calls for user-mode guests: break 0x100000, r15 the
 * call number, arguments in out0-out7, the result in r8 and r10 = 0, or
 * errno in r8 and r10 = -1 (Ski's conventions, arch/ia64 unistd.h). */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include "guest.h"

enum {
    NR_exit = 1025, NR_read = 1026, NR_write = 1027, NR_exit_group = 1236,
};

static uint64_t arg(struct cpu *c, unsigned i)
{
    return gr_val(c, 32 + CFM_SOL(c->cfm) + i);
}

static int ret(struct cpu *c, int64_t v)
{
    if (v < 0) {
        gr_set(c, 8, (uint64_t)-v, 0);
        gr_set(c, 10, (uint64_t)-1, 0);
    } else {
        gr_set(c, 8, (uint64_t)v, 0);
        gr_set(c, 10, 0, 0);
    }
    return OP_NEXT;
}

static int64_t sys_write(struct machine *m, int fd, uint64_t buf, uint64_t n)
{
    char tmp[4096];
    uint64_t done = 0;
    while (done < n) {
        uint64_t k = n - done < sizeof tmp ? n - done : sizeof tmp;
        if (mem_copy_out(&m->mem, tmp, buf + done, k))
            return done ? (int64_t)done : -EFAULT;
        ssize_t w = write(fd, tmp, k);
        if (w < 0)
            return done ? (int64_t)done : -errno;
        done += (uint64_t)w;
        if ((uint64_t)w < k)
            break;
    }
    return (int64_t)done;
}

int guest_syscall(struct machine *m)
{
    struct cpu *c = &m->cpu;
    uint64_t nr = gr_val(c, 15);
    switch (nr) {
    case NR_exit:
    case NR_exit_group:
        c->exit_status = (int)(arg(c, 0) & 0xff);
        c->stop = STOP_EXIT;
        return OP_STOP;
    case NR_write:
        fflush(stdout);
        return ret(c, sys_write(m, (int)arg(c, 0), arg(c, 1), arg(c, 2)));
    default:
        return ret(c, -ENOSYS);
    }
}
