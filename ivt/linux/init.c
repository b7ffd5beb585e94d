/* ia64emu's /init: a freestanding (no libc) process 1 for the Linux boot
 * of issue 11.  It mounts proc, prints the uname line and
 * "ia64emu: userspace up", then runs a tiny shell on the console:
 *   echo ARGS, cat FILE, uptime, poweroff.
 * End of input powers off too.  When something it cannot do without
 * fails, it says so and exits (the kernel then panics).
 * Built by scripts/linux-image; system calls go through sys() in
 * init_start.S, numbered as in arch/ia64/kernel/syscalls/syscall.tbl
 * plus 1024. */

long sys(long nr, long a0, long a1, long a2, long a3, long a4, long a5);

enum {
    NR_exit_group = 1236, NR_read = 1026, NR_write = 1027, NR_open = 1028, NR_close = 1029,
    NR_sync = 1050, NR_mount = 1043, NR_ioctl = 1065, NR_mkdir = 1055, NR_reboot = 1096, NR_uname = 1130,
};

#define EEXIST 17
#define O_RDONLY 0
#define TCSBRK 0x5409           /* with a non-zero argument: tcdrain() */

/* reboot(2)'s magic numbers and command (include/uapi/linux/reboot.h) */
#define REBOOT_MAGIC1 0xfee1deadL
#define REBOOT_MAGIC2 672274793L
#define REBOOT_CMD_POWER_OFF 0x4321fedcL

/* struct new_utsname (include/uapi/linux/utsname.h) */
struct utsname {
    char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

static long slen(const char *s)
{
    long n = 0;
    while (s[n])
        n++;
    return n;
}

static int same(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void out(const char *s)
{
    long n = slen(s);
    while (n > 0) {
        long w = sys(NR_write, 1, (long)s, n, 0, 0, 0);
        if (w <= 0)
            return;
        s += w, n -= w;
    }
}

/* A non-negative number in decimal, without division. */
static void out_num(long v)
{
    static const long tens[] = {1000000000L, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1};
    char buf[16];
    int n = 0;
    for (int i = 0; i < 10; i++) {
        int d = 0;
        while (v >= tens[i])
            v -= tens[i], d++;
        if (d || n || i == 9)
            buf[n++] = (char)('0' + d);
    }
    buf[n] = 0;
    out(buf);
}

/* "init: WHAT ARG: error N" for a failed call's -errno. */
static void fail_msg(const char *what, const char *arg, long e)
{
    out("init: ");
    out(what);
    if (*arg)
        out(" "), out(arg);
    out(": error ");
    out_num(-e);
    out("\n");
}

static void die(const char *what, long e)
{
    fail_msg(what, "", e);
    out("init: giving up\n");
    sys(NR_exit_group, 1, 0, 0, 0, 0, 0);
}

static void power_off(void)
{
    sys(NR_ioctl, 1, TCSBRK, 1, 0, 0, 0);   /* the console's output sent first */
    sys(NR_sync, 0, 0, 0, 0, 0, 0);
    long e = sys(NR_reboot, REBOOT_MAGIC1, REBOOT_MAGIC2, REBOOT_CMD_POWER_OFF, 0, 0, 0);
    die("reboot(POWER_OFF)", e);
}

/* Copies FILE to the console. */
static void cat(const char *file)
{
    static char buf[4096];
    long fd = sys(NR_open, (long)file, O_RDONLY, 0, 0, 0, 0);
    if (fd < 0) {
        fail_msg("cat", file, fd);
        return;
    }
    long n;
    while ((n = sys(NR_read, fd, (long)buf, sizeof buf - 1, 0, 0, 0)) > 0) {
        buf[n] = 0;
        out(buf);
    }
    if (n < 0)
        fail_msg("cat", file, n);
    sys(NR_close, fd, 0, 0, 0, 0, 0);
}

/* The next line from fd 0 without its newline, or 0 at end of input.
 * A console read returns one line; a pipe may return several. */
static char *next_line(void)
{
    static char buf[1024];
    static long have, used;
    for (;;) {
        for (long i = used; i < have; i++) {
            if (buf[i] == '\n') {
                char *line = buf + used;
                buf[i] = 0;
                used = i + 1;
                return line;
            }
        }
        /* keep the partial line at the front */
        long n = have - used;
        for (long i = 0; i < n; i++)
            buf[i] = buf[used + i];
        have = n, used = 0;
        if (have == sizeof buf - 1) {
            buf[have] = 0;
            have = 0;
            return buf;     /* an over-long line, cut */
        }
        long r = sys(NR_read, 0, (long)buf + have, sizeof buf - 1 - have, 0, 0, 0);
        if (r < 0)
            die("read from the console", r);
        if (r == 0) {
            if (have == 0)
                return 0;
            buf[have] = 0;      /* a last line without a newline */
            have = 0;
            return buf;
        }
        have += r;
    }
}

static void run(char *line)
{
    long n = slen(line);
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
        line[--n] = 0;
    while (*line == ' ')
        line++;
    if (!*line)
        return;
    char *args = line;
    while (*args && *args != ' ')
        args++;
    if (*args)
        *args++ = 0;
    while (*args == ' ')
        args++;

    if (same(line, "echo")) {
        out(args);
        out("\n");
    } else if (same(line, "cat")) {
        cat(args);
    } else if (same(line, "uptime")) {
        cat("/proc/uptime");
    } else if (same(line, "poweroff")) {
        power_off();
    } else {
        out("init: unknown command: ");
        out(line);
        out("\n");
    }
}

int main(void)
{
    static struct utsname u;
    long e = sys(NR_mkdir, (long)"/proc", 0555, 0, 0, 0, 0);
    if (e < 0 && e != -EEXIST)
        fail_msg("mkdir", "/proc", e);
    e = sys(NR_mount, (long)"proc", (long)"/proc", (long)"proc", 0, 0, 0);
    if (e < 0)
        fail_msg("mount proc on /proc (going on without it)", "", e);

    e = sys(NR_uname, (long)&u, 0, 0, 0, 0, 0);
    if (e < 0)
        die("uname", e);
    out(u.sysname), out(" "), out(u.release), out(" "), out(u.version), out(" "), out(u.machine);
    out("\nia64emu: userspace up\n");

    for (;;) {
        out("# ");
        char *line = next_line();
        if (!line)
            break;
        run(line);
    }
    out("\ninit: end of input, powering off\n");
    power_off();
    return 1;
}
