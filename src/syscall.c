/* Linux IA-64 system calls for user-mode guests: break 0x100000, r15 the
 * call number, arguments in out0-out7, the result in r8 and r10 = 0, or
 * errno in r8 and r10 = -1 (Ski's conventions; numbers from the kernel's
 * arch/ia64/kernel/syscalls/syscall.tbl, 1024 + the table's index).
 *
 * Guest file descriptors are a table of their own (struct guest_host), so
 * a guest that closes its stdout cannot close ia64emu's.  Errno values are
 * the host's: IA-64 Linux uses the generic numbers, as x86-64 Linux does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "guest.h"
#include "trace.h"

enum {
    NR_exit = 1025, NR_read = 1026, NR_write = 1027, NR_open = 1028, NR_close = 1029,
    NR_lseek = 1040, NR_getpid = 1041, NR_brk = 1060, NR_gettimeofday = 1087,
    NR_uname = 1130, NR_writev = 1147, NR_mmap = 1151, NR_munmap = 1152,
    NR_stat = 1210, NR_lstat = 1211, NR_fstat = 1212, NR_exit_group = 1236,
    NR_clock_gettime = 1254,
};

/* IA-64 Linux open() flags and mmap() flags (asm-generic values). */
#define G_O_ACCMODE   03
#define G_O_CREAT     0100
#define G_O_EXCL      0200
#define G_O_NOCTTY    0400
#define G_O_TRUNC     01000
#define G_O_APPEND    02000
#define G_O_NONBLOCK  04000
#define G_O_DIRECTORY 0200000
#define G_O_NOFOLLOW  0400000
#define G_O_CLOEXEC   02000000
#define G_MAP_SHARED    0x01
#define G_MAP_PRIVATE   0x02
#define G_MAP_FIXED     0x10
#define G_MAP_ANONYMOUS 0x20

/* out<i>: the i-th register after the locals; 0 outside the frame. */
static uint64_t arg(struct cpu *c, unsigned i)
{
    unsigned n = CFM_SOL(c->cfm) + i;
    return n < CFM_SOF(c->cfm) ? gr_val(c, 32 + n) : 0;
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

/* Success with any 64-bit value (mmap addresses look negative). */
static int ret_ok(struct cpu *c, uint64_t v)
{
    gr_set(c, 8, v, 0);
    gr_set(c, 10, 0, 0);
    return OP_NEXT;
}

static struct guest_host *host(struct machine *m) { return m->host; }

static int host_fd(struct machine *m, uint64_t fd)
{
    return fd < GUEST_NFD ? host(m)->fd[fd] : -1;
}

static int put(struct machine *m, uint64_t addr, const void *p, size_t n)
{
    return mem_copy_in(&m->mem, addr, p, n) ? -EFAULT : 0;
}

/* Guest memory for the host to read: pages never touched read as zero and
 * stay untouched (so a wild pointer does not eat --mem). */
static int get(struct machine *m, void *dst, uint64_t addr, uint64_t n)
{
    uint8_t *d = dst;
    while (n) {
        uint64_t off = addr & ~GUEST_PAGE_MASK, k = GUEST_PAGE_SIZE - off;
        if (k > n)
            k = n;
        const uint8_t *p = mem_page(&m->mem, addr, 0);
        if (p)
            memcpy(d, p + off, k);
        else
            memset(d, 0, k);
        d += k;
        addr += k;
        n -= k;
    }
    return 0;
}

static void le_put(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* A NUL-terminated path from guest memory. */
static int64_t get_path(struct machine *m, uint64_t addr, char *buf, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        if (get(m, &buf[i], addr + i, 1))
            return -EFAULT;
        if (!buf[i])
            return 0;
    }
    return -ENAMETOOLONG;
}

/* Linux moves at most MAX_RW_COUNT bytes in one read or write. */
#define MAX_RW_COUNT 0x7ffff000ull

/* read, write: the host fd behind guest FD (negative if none), and N
 * clamped to MAX_RW_COUNT. */
static int rw_fd(struct machine *m, uint64_t fd, uint64_t *n)
{
    if (*n > MAX_RW_COUNT)
        *n = MAX_RW_COUNT;
    return host_fd(m, fd);
}

/* The next piece of a transfer with LEFT bytes to go through a buffer of
 * CAP bytes. */
static uint64_t chunk(uint64_t left, size_t cap)
{
    return left < cap ? left : cap;
}

/* What a read or write that failed with ERR after DONE bytes returns. */
static int64_t rw_partial(uint64_t done, int64_t err)
{
    return done ? (int64_t)done : err;
}

static int64_t sys_write(struct machine *m, uint64_t fd, uint64_t buf, uint64_t n)
{
    int hfd = rw_fd(m, fd, &n);
    if (hfd < 0)
        return -EBADF;
    char tmp[65536];
    uint64_t done = 0;
    while (done < n) {
        uint64_t k = chunk(n - done, sizeof tmp);
        if (get(m, tmp, buf + done, k))
            return rw_partial(done, -EFAULT);
        ssize_t w = write(hfd, tmp, k);
        if (w < 0)
            return rw_partial(done, -errno);
        if (m->trace && (hfd == 1 || hfd == 2) && w > 0)
            trace_ev_console(&m->cpu, tmp, (size_t)w);
        done += (uint64_t)w;
        if ((uint64_t)w < k)
            break;
    }
    return (int64_t)done;
}

static int64_t sys_read(struct machine *m, uint64_t fd, uint64_t buf, uint64_t n)
{
    int hfd = rw_fd(m, fd, &n);
    if (hfd < 0)
        return -EBADF;
    char tmp[65536];
    uint64_t done = 0;
    while (done < n) {
        uint64_t k = chunk(n - done, sizeof tmp);
        ssize_t r = read(hfd, tmp, k);
        if (r < 0)
            return rw_partial(done, -errno);
        if (r == 0)
            break;
        if (mem_copy_in(&m->mem, buf + done, tmp, (uint64_t)r))
            return rw_partial(done, -EFAULT);
        done += (uint64_t)r;
        if ((uint64_t)r < k)
            break;                    /* a short read (terminal, pipe): return it */
    }
    return (int64_t)done;
}

static int64_t sys_writev(struct machine *m, uint64_t fd, uint64_t iov, uint64_t cnt)
{
    if (host_fd(m, fd) < 0)
        return -EBADF;
    if (cnt > 1024)                   /* UIO_MAXIOV */
        return -EINVAL;
    int64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        uint8_t e[16];
        if (get(m, e, iov + 16 * i, 16))
            return total ? total : -EFAULT;
        uint64_t base = le64(e), len = le64(e + 8);
        if (!len)
            continue;
        int64_t w = sys_write(m, fd, base, len);
        if (w < 0)
            return total ? total : w;
        total += w;
        if ((uint64_t)w < len)
            break;
    }
    return total;
}

static int64_t sys_open(struct machine *m, uint64_t path, uint64_t gflags, uint64_t mode)
{
    char name[4096];
    int64_t e = get_path(m, path, name, sizeof name);
    if (e)
        return e;
    struct guest_host *h = host(m);
    int gfd = 0;
    while (gfd < GUEST_NFD && h->fd[gfd] >= 0)
        gfd++;
    if (gfd == GUEST_NFD)
        return -EMFILE;
    static const struct { uint64_t g; int h; } map[] = {
        { G_O_CREAT, O_CREAT }, { G_O_EXCL, O_EXCL }, { G_O_NOCTTY, O_NOCTTY },
        { G_O_TRUNC, O_TRUNC }, { G_O_APPEND, O_APPEND }, { G_O_NONBLOCK, O_NONBLOCK },
        { G_O_DIRECTORY, O_DIRECTORY }, { G_O_NOFOLLOW, O_NOFOLLOW },
    };
    int flags = (gflags & G_O_ACCMODE) == 0 ? O_RDONLY : (gflags & G_O_ACCMODE) == 1 ? O_WRONLY : O_RDWR;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (gflags & map[i].g)
            flags |= map[i].h;
    int fd = open(name, flags | O_CLOEXEC, (mode_t)(mode & 07777));
    if (fd < 0)
        return -errno;
    h->fd[gfd] = fd;
    return gfd;
}

static int64_t sys_close(struct machine *m, uint64_t fd)
{
    int hfd = host_fd(m, fd);
    if (hfd < 0)
        return -EBADF;
    host(m)->fd[fd] = -1;
    if (hfd > 2 && close(hfd) < 0)   /* ia64emu keeps its own stdin, stdout, stderr */
        return -errno;
    return 0;
}

static int64_t sys_lseek(struct machine *m, uint64_t fd, uint64_t off, uint64_t whence)
{
    int hfd = host_fd(m, fd);
    if (hfd < 0)
        return -EBADF;
    if (whence > 2)
        return -EINVAL;
    off_t r = lseek(hfd, (off_t)off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
    return r < 0 ? -errno : (int64_t)r;
}

/* struct stat of IA-64 Linux (arch/ia64/include/uapi/asm/stat.h), 144 bytes:
 * dev, ino, nlink (8 each), mode, uid, gid, pad (4 each), rdev, size,
 * atime, atime_nsec, mtime, mtime_nsec, ctime, ctime_nsec, blksize,
 * blocks (8 each), 3 unused longs. */
static int64_t put_stat(struct machine *m, uint64_t addr, const struct stat *s)
{
    uint8_t b[144] = { 0 };
    le_put(b + 0, s->st_dev, 8);
    le_put(b + 8, s->st_ino, 8);
    le_put(b + 16, s->st_nlink, 8);
    le_put(b + 24, s->st_mode, 4);
    le_put(b + 28, s->st_uid, 4);
    le_put(b + 32, s->st_gid, 4);
    le_put(b + 40, s->st_rdev, 8);
    le_put(b + 48, (uint64_t)s->st_size, 8);
    le_put(b + 56, (uint64_t)s->st_atim.tv_sec, 8);
    le_put(b + 64, (uint64_t)s->st_atim.tv_nsec, 8);
    le_put(b + 72, (uint64_t)s->st_mtim.tv_sec, 8);
    le_put(b + 80, (uint64_t)s->st_mtim.tv_nsec, 8);
    le_put(b + 88, (uint64_t)s->st_ctim.tv_sec, 8);
    le_put(b + 96, (uint64_t)s->st_ctim.tv_nsec, 8);
    le_put(b + 104, (uint64_t)s->st_blksize, 8);
    le_put(b + 112, (uint64_t)s->st_blocks, 8);
    return put(m, addr, b, sizeof b);
}

static int64_t sys_fstat(struct machine *m, uint64_t fd, uint64_t buf)
{
    int hfd = host_fd(m, fd);
    if (hfd < 0)
        return -EBADF;
    struct stat s;
    if (fstat(hfd, &s) < 0)
        return -errno;
    return put_stat(m, buf, &s);
}

static int64_t sys_stat(struct machine *m, uint64_t path, uint64_t buf, int link)
{
    char name[4096];
    int64_t e = get_path(m, path, name, sizeof name);
    if (e)
        return e;
    struct stat s;
    if ((link ? lstat(name, &s) : stat(name, &s)) < 0)
        return -errno;
    return put_stat(m, buf, &s);
}

/* struct new_utsname: six 65-byte strings. */
static int64_t sys_uname(struct machine *m, uint64_t buf)
{
    char u[6][65];
    memset(u, 0, sizeof u);
    strcpy(u[0], "Linux");
    strcpy(u[1], "ia64emu");
    strcpy(u[2], "6.6.0");
    strcpy(u[3], "#1 SMP ia64emu");
    strcpy(u[4], "ia64");
    strcpy(u[5], "(none)");
    return put(m, buf, u, sizeof u);
}

/* struct timeval and struct timespec: two longs; struct timezone: two ints. */
static int64_t sys_gettimeofday(struct machine *m, uint64_t tv, uint64_t tz)
{
    int64_t sec;
    long nsec;
    guest_time(m, 1, &sec, &nsec);
    uint8_t b[16];
    le_put(b, (uint64_t)sec, 8);
    le_put(b + 8, (uint64_t)(nsec / 1000), 8);
    if (tv && put(m, tv, b, 16))
        return -EFAULT;
    memset(b, 0, 8);
    if (tz && put(m, tz, b, 8))
        return -EFAULT;
    return 0;
}

static int64_t sys_clock_gettime(struct machine *m, uint64_t id, uint64_t tp)
{
    static const clockid_t ids[] = {
        CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
        CLOCK_MONOTONIC_RAW, CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME,
    };
    if (id >= sizeof ids / sizeof ids[0])
        return -EINVAL;
    struct timespec t;
    const struct guest_host *h = m->host;
    if (h && h->realtime) {
        if (clock_gettime(ids[id], &t) < 0)
            return -errno;
    } else {
        /* REALTIME and its coarse form: the wall clock; the rest
         * (monotonic, boot time, CPU time) count from the start */
        int64_t sec;
        long nsec;
        guest_time(m, id == 0 || id == 5, &sec, &nsec);
        t.tv_sec = (time_t)sec;
        t.tv_nsec = nsec;
    }
    uint8_t b[16];
    le_put(b, (uint64_t)t.tv_sec, 8);
    le_put(b + 8, (uint64_t)t.tv_nsec, 8);
    return put(m, tp, b, 16);
}

static void drop_pages(struct machine *m, uint64_t start, uint64_t end)
{
    mem_unmap(m, start, end);
}

static uint64_t page_up(uint64_t v) { return (v + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1); }

static int fits(struct machine *m, uint64_t len)
{
    uint64_t pages = len >> GUEST_PAGE_SHIFT;
    return m->mem.npages <= m->mem.cap_pages && pages <= m->mem.cap_pages - m->mem.npages;
}

/* brk: Linux semantics; the break never moves below its start, nor
 * beyond what --mem could hold; the result is always the break. */
static uint64_t sys_brk(struct machine *m, uint64_t want)
{
    struct guest_host *h = host(m);
    if (want < h->brk_start || want - h->brk_start > (1ull << 40))
        return h->brk;
    if (page_up(want) > page_up(h->brk) && !fits(m, page_up(want) - page_up(h->brk)))
        return h->brk;
    if (page_up(want) < page_up(h->brk))
        drop_pages(m, page_up(want), page_up(h->brk));
    h->brk = want;
    return want;
}

static int sys_mmap(struct machine *m, uint64_t addr, uint64_t len, uint64_t prot, uint64_t flags,
                    uint64_t fd, uint64_t off)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = host(m);
    (void)prot;                       /* ia64emu does not protect pages */
    if (!len || len > (1ull << 44) || (off & (USER_PAGE_SIZE - 1)))
        return ret(c, -EINVAL);
    if (!(flags & (G_MAP_SHARED | G_MAP_PRIVATE)))
        return ret(c, -EINVAL);
    int hfd = -1;
    if (!(flags & G_MAP_ANONYMOUS)) {
        hfd = host_fd(m, fd);
        if (hfd < 0)
            return ret(c, -EBADF);
        if (flags & G_MAP_SHARED)
            return ret(c, -ENODEV);   /* only private copies of files */
    }
    uint64_t size = page_up(len), at;
    if (flags & G_MAP_FIXED) {
        if (addr & (USER_PAGE_SIZE - 1) || addr + size < addr)
            return ret(c, -EINVAL);
        at = addr;
        drop_pages(m, at, at + size); /* the new mapping reads as zero */
    } else {
        if (!fits(m, size))
            return ret(c, -ENOMEM);
        at = h->mmap_next;
        h->mmap_next += size;
    }
    if (hfd >= 0) {
        char tmp[65536];
        uint64_t done = 0;
        while (done < len) {
            uint64_t k = chunk(len - done, sizeof tmp);
            ssize_t r = pread(hfd, tmp, k, (off_t)(off + done));
            if (r < 0)
                return ret(c, -errno);
            if (r == 0)
                break;
            if (mem_copy_in(&m->mem, at + done, tmp, (uint64_t)r))
                return ret(c, -ENOMEM);
            done += (uint64_t)r;
        }
    }
    return ret_ok(c, at);
}

static int64_t sys_munmap(struct machine *m, uint64_t addr, uint64_t len)
{
    if ((addr & (USER_PAGE_SIZE - 1)) || !len || addr + page_up(len) < addr)
        return -EINVAL;
    drop_pages(m, addr, addr + page_up(len));
    return 0;
}

static int unknown(struct machine *m, uint64_t nr)
{
    struct guest_host *h = host(m);
    int first;
    if (nr < 2048) {
        first = !(h->warned[nr / 8] & (1u << (nr % 8)));
        h->warned[nr / 8] |= (uint8_t)(1u << (nr % 8));
    } else {
        first = !h->warned_other;
        h->warned_other = 1;
    }
    if (first)
        fprintf(stderr, "ia64emu: warning: system call %llu is not implemented (returns ENOSYS)\n",
                (unsigned long long)nr);
    return ret(&m->cpu, -ENOSYS);
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
    case NR_read:
        return ret(c, sys_read(m, arg(c, 0), arg(c, 1), arg(c, 2)));
    case NR_write:
        fflush(stdout);
        return ret(c, sys_write(m, arg(c, 0), arg(c, 1), arg(c, 2)));
    case NR_writev:
        fflush(stdout);
        return ret(c, sys_writev(m, arg(c, 0), arg(c, 1), arg(c, 2)));
    case NR_open:
        return ret(c, sys_open(m, arg(c, 0), arg(c, 1), arg(c, 2)));
    case NR_close:
        return ret(c, sys_close(m, arg(c, 0)));
    case NR_lseek:
        return ret(c, sys_lseek(m, arg(c, 0), arg(c, 1), arg(c, 2)));
    case NR_fstat:
        return ret(c, sys_fstat(m, arg(c, 0), arg(c, 1)));
    case NR_stat:
    case NR_lstat:
        return ret(c, sys_stat(m, arg(c, 0), arg(c, 1), nr == NR_lstat));
    case NR_brk:
        return ret_ok(c, sys_brk(m, arg(c, 0)));
    case NR_mmap:
        return sys_mmap(m, arg(c, 0), arg(c, 1), arg(c, 2), arg(c, 3), arg(c, 4), arg(c, 5));
    case NR_munmap:
        return ret(c, sys_munmap(m, arg(c, 0), arg(c, 1)));
    case NR_uname:
        return ret(c, sys_uname(m, arg(c, 0)));
    case NR_getpid:
        return ret(c, host(m)->realtime ? (int64_t)getpid() : GUEST_PID);
    case NR_gettimeofday:
        return ret(c, sys_gettimeofday(m, arg(c, 0), arg(c, 1)));
    case NR_clock_gettime:
        return ret(c, sys_clock_gettime(m, arg(c, 0), arg(c, 1)));
    default:
        return unknown(m, nr);
    }
}
