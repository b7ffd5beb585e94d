/* Loading a guest image and setting up its initial state. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>

#include "guest.h"
#include "trace.h"

/* The call's number and first four arguments, for the trace. */
static void trace_call(struct machine *m, unsigned kind)
{
    struct cpu *c = &m->cpu;
    uint64_t a[4] = { 0, 0, 0, 0 }, nr = gr_val(c, 15);
    unsigned base = kind == CALL_EV_SYSCALL ? CFM_SOL(c->cfm) : 0;
    for (unsigned i = 0; i < 4; i++)
        if (kind == CALL_EV_FIRMWARE)
            a[i] = gr_val(c, 28 + i);
        else if (base + i < CFM_SOF(c->cfm))
            a[i] = gr_val(c, 32 + base + i);
    if (kind == CALL_EV_FIRMWARE)
        nr = c->ip;
    trace_ev_call(c, kind, nr, a);
}

/* The trace's call event of break IMM, if it makes one (out of line:
 * on_break then saves no registers) */
static __attribute__((noinline, cold)) void trace_break(struct machine *m, uint64_t imm)
{
    if (!m->system_mode && imm == 0x100000)
        trace_call(m, CALL_EV_SYSCALL);
    else if (m->system_mode && imm == 0x80001)
        trace_call(m, CALL_EV_SSC);
    else if (m->system_mode && firmware_window(m->cpu.ip))
        trace_call(m, CALL_EV_FIRMWARE);
}

/* `ia64emu boot`: the first break from CPL 3 is userspace's first
 * system call (the console is shown from here with --quiet). */
static __attribute__((noinline, cold)) void boot_user_seen(struct machine *m)
{
    struct guest_host *h = m->host;
    h->boot.user_seen = 1;
    h->boot.user_insns = m->cpu.insns;
}

static int on_break(struct machine *m, uint64_t imm)
{
    struct guest_host *h = m->host;
    if (m->trace)
        trace_break(m, imm);
    if (__builtin_expect(h->boot.on && !h->boot.user_seen, 0) && psr_cpl(m->cpu.psr) == 3)
        boot_user_seen(m);
    if (!m->system_mode && imm == 0x100000)
        return guest_syscall(m);
    if (m->system_mode && imm == 0x80001)
        return guest_ssc(m);
    if (m->system_mode && firmware_window(m->cpu.ip))
        return firmware_call(m);
    if (m->on_hyperprivop)                       /* (hyperprivops: 0x01-0x1a, and the */
        return m->on_hyperprivop(m, imm);        /* others' faults: hv/hyperprivop.c, hv_break_now) */
    return cpu_raise(&m->cpu, FAULT_BREAK, imm);
}

static struct guest_host *host_new(void)
{
    struct guest_host *h = g_new0(struct guest_host, 1);
    for (int i = 0; i < GUEST_NFD; i++)
        h->fd[i] = i < 3 ? i : -1;   /* the guest shares stdin, stdout and stderr */
    return h;
}

void guest_free(struct machine *m)
{
    if (!m || !m->host)
        return;
    struct guest_host *h = m->host;
    for (int i = 0; i < GUEST_NFD; i++)
        if (h->fd[i] > 2)            /* files the guest opened; never ours */
            close(h->fd[i]);
    g_free(h->cmdline);
    g_free(h);
    m->host = NULL;
    m->devices.n = 0;                /* the UART's state was in host */
    m->on_dev_event = NULL;          /* so was that of the SSC interrupts */
    m->cpu.dev_at = UINT64_MAX;
}

void guest_time(struct machine *m, int wall, int64_t *sec, long *nsec)
{
    const struct guest_host *h = m->host;
    if (h && h->realtime) {
        struct timespec ts;
        clock_gettime(wall ? CLOCK_REALTIME : CLOCK_MONOTONIC, &ts);
        *sec = ts.tv_sec;
        *nsec = ts.tv_nsec;
        return;
    }
    uint64_t itc = cpu_itc(&m->cpu);
    *sec = (int64_t)(itc / FW_BASE_FREQ + (wall ? GUEST_EPOCH : 0));
    *nsec = (long)(itc % FW_BASE_FREQ * (1000000000ull / FW_BASE_FREQ));
}

void guest_calendar(struct machine *m, struct tm *tm, long *nsec)
{
    int64_t sec;
    guest_time(m, 1, &sec, nsec);
    time_t t = (time_t)sec;
    const struct guest_host *h = m->host;
    if (h && h->realtime)
        localtime_r(&t, tm);
    else
        gmtime_r(&t, tm);
}

int guest_load(struct machine *m, const struct image *img, char *err, size_t errlen)
{
    uint64_t top = 0;
    for (size_t i = 0; i < img->nseg; i++) {
        const struct image_segment *s = &img->seg[i];
        /* A system-mode image runs in physical mode first: its segments
         * go to their physical (load) addresses, p_paddr, as Ski loads a
         * kernel linked at region 7 with AT() load addresses in region 0.
         * A user process sees virtual addresses only. */
        uint64_t at = m->system_mode ? s->paddr : s->vaddr;
        /* the zero-filled tail needs no touching: fresh pages read as zero */
        if (at + s->memsz < at) {
            snprintf(err, errlen, "%s: program header %zu at offset 0x%" PRIx64 ": address 0x%" PRIx64
                     " + p_memsz 0x%" PRIx64 " wraps around the address space",
                     img->path, s->index, s->hdr_offset, at, s->memsz);
            return -1;
        }
        uint64_t pages = s->memsz ? ((at + (s->memsz - 1)) >> GUEST_PAGE_SHIFT) -
                                        (at >> GUEST_PAGE_SHIFT) + 1 : 0;
        if (pages > m->mem.cap_pages) {
            snprintf(err, errlen, "%s: program header %zu at offset 0x%" PRIx64 ": p_memsz 0x%" PRIx64
                     " (at 0x%" PRIx64 ") does not fit in --mem",
                     img->path, s->index, s->hdr_offset, s->memsz, at);
            return -1;
        }
        for (size_t j = 0; j < i; j++) {
            const struct image_segment *o = &img->seg[j];
            uint64_t oat = m->system_mode ? o->paddr : o->vaddr;
            if (s->memsz && o->memsz && at < oat + o->memsz && oat < at + s->memsz) {
                snprintf(err, errlen, "%s: program header %zu at offset 0x%" PRIx64 ": segment 0x%" PRIx64
                         "-0x%" PRIx64 " overlaps program header %zu (0x%" PRIx64 "-0x%" PRIx64 ")",
                         img->path, s->index, s->hdr_offset, at, at + s->memsz, o->index,
                         oat, oat + o->memsz);
                return -1;
            }
        }
        if (s->filesz && mem_copy_in(&m->mem, at, img->bytes + s->offset, s->filesz)) {
            snprintf(err, errlen, "%s: program header %zu at offset 0x%" PRIx64 ": segment at 0x%" PRIx64
                     " does not fit in --mem", img->path, s->index, s->hdr_offset, at);
            return -1;
        }
        if (at + s->memsz > top)
            top = at + s->memsz;
    }
    if (!m->host)
        m->host = host_new();
    struct guest_host *h = m->host;
    h->brk_start = h->brk = (top + USER_PAGE_SIZE - 1) & ~(USER_PAGE_SIZE - 1);
    h->mmap_next = USER_MMAP_BASE;
    m->on_break = on_break;
    return 0;
}

static uint64_t symbol_value(const struct image *img, const char *name, int *found)
{
    for (size_t i = 0; i < img->nsym; i++)
        if (!strcmp(img->sym[i].name, name)) {
            *found = 1;
            return img->sym[i].addr;
        }
    *found = 0;
    return 0;
}

/* Building the initial user stack from the top down. */
struct stack {
    struct memory *mem;
    uint64_t p;
    int failed;
};

static uint64_t push(struct stack *s, const void *data, size_t n, uint64_t align)
{
    s->p = (s->p - n) & ~(align - 1);
    if (mem_copy_in(s->mem, s->p, data, n))
        s->failed = 1;
    return s->p;
}

static uint16_t le16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* Auxiliary vector types (Linux include/uapi/linux/auxvec.h). */
enum {
    AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6, AT_BASE = 7,
    AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12, AT_GID = 13, AT_EGID = 14,
    AT_CLKTCK = 17, AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31,
};

/* Linux IA-64 process entry (fs/binfmt_elf.c create_elf_tables and
 * arch/ia64 start_thread): the strings at the top of the stack, below
 * them argc, argv[], NULL, envp[] (empty), NULL, and the auxiliary vector;
 * the vector starts 16-byte aligned at new_sp, and sp (r12) = new_sp - 16,
 * a 16-byte scratch area.  The register backing store starts empty at
 * USER_RBS_BASE; RSC is eager at PL 3; r8 = 0 (execve's result); gp is set
 * from __gp when the image has one, for hand-written programs. */
int guest_setup_user(struct machine *m, const struct image *img, int argc, char **argv,
                     char *err, size_t errlen)
{
    struct cpu *c = &m->cpu;
    struct stack st = { &m->mem, USER_STACK_TOP, 0 };

    /* strings: the file name (AT_EXECFN), then the arguments */
    uint64_t execfn = push(&st, argv[0], strlen(argv[0]) + 1, 1);
    uint64_t *argp = g_new0(uint64_t, (size_t)argc + 1);
    for (int i = argc - 1; i >= 0; i--)
        argp[i] = push(&st, argv[i], strlen(argv[i]) + 1, 1);
    /* AT_RANDOM: 16 fixed bytes, so that runs are reproducible */
    static const uint8_t rnd[16] = { 0x1a, 0x64, 0xe3, 0x7b, 0x52, 0x9d, 0x0c, 0xf1,
                                     0x86, 0x2e, 0x47, 0xb9, 0x3d, 0xa0, 0x65, 0xc8 };
    uint64_t random = push(&st, rnd, sizeof rnd, 16);

    /* program headers: where a PT_LOAD segment maps them, else a copy */
    uint64_t phoff = le64(img->bytes + 0x20), phdr = 0;
    uint16_t phentsize = le16(img->bytes + 0x36), phnum = le16(img->bytes + 0x38);
    uint64_t phsize = (uint64_t)phentsize * phnum;
    for (size_t i = 0; i < img->nseg && !phdr; i++) {
        const struct image_segment *s = &img->seg[i];
        if (phoff >= s->offset && phoff + phsize <= s->offset + s->filesz)
            phdr = s->vaddr + (phoff - s->offset);
    }
    if (!phdr && phsize && phoff + phsize <= img->nbytes)
        phdr = push(&st, img->bytes + phoff, phsize, 16);

    const uint64_t auxv[][2] = {
        { AT_PHDR, phdr }, { AT_PHENT, phentsize }, { AT_PHNUM, phnum },
        { AT_PAGESZ, USER_PAGE_SIZE }, { AT_BASE, 0 }, { AT_FLAGS, 0 },
        { AT_ENTRY, img->entry }, { AT_UID, getuid() }, { AT_EUID, geteuid() },
        { AT_GID, getgid() }, { AT_EGID, getegid() },
        { AT_CLKTCK, 1024 },           /* USER_HZ on IA-64 */
        { AT_SECURE, 0 }, { AT_RANDOM, random }, { AT_EXECFN, execfn }, { AT_NULL, 0 },
    };
    size_t naux = sizeof auxv / sizeof auxv[0];
    size_t n = 1 + (size_t)argc + 1 + 1 + 2 * naux, k = 0;
    uint64_t *vec = g_new0(uint64_t, n);
    vec[k++] = (uint64_t)argc;
    for (int i = 0; i < argc; i++)
        vec[k++] = argp[i];
    vec[k++] = 0;                     /* end of argv */
    vec[k++] = 0;                     /* end of the (empty) environment */
    for (size_t i = 0; i < naux; i++) {
        vec[k++] = auxv[i][0];
        vec[k++] = auxv[i][1];
    }
    uint64_t sp = push(&st, vec, 8 * n, 16);
    g_free(vec);
    g_free(argp);
    if (st.failed) {
        snprintf(err, errlen, "%s: the initial stack does not fit in --mem", img->path);
        return -1;
    }

    c->psr = PSR_BN | PSR_IC | PSR_I | PSR_DT | PSR_IT | (3ull << PSR_CPL_SHIFT) | (1ull << 27) /* rt */;
    c->ip = img->entry;
    c->slot = 0;
    c->cfm = 0;
    c->ar[AR_BSP] = c->ar[AR_BSPSTORE] = USER_RBS_BASE;
    c->ar[AR_RNAT] = 0;
    c->ar[AR_RSC] = 0xf;              /* eager mode, PL 3 */
    c->ar[AR_FPSR] = 0x0009804c0270033full; /* Linux's FPSR_DEFAULT */
    rse_remap(c);
    gr_set(c, 12, sp - 16, 0);
    gr_set(c, 8, 0, 0);
    int found;
    uint64_t gp = symbol_value(img, "__gp", &found);
    if (found)
        gr_set(c, 1, gp, 0);
    return 0;
}

/* Bare-metal programs (Ski's system mode) start at their entry in physical
 * mode at privilege level 0: PSR all zero (so little-endian, interruption
 * collection off, bank 0), every register zero (r28 included: there is no
 * boot-parameter block), CFM empty, the RSE in enforced lazy mode with
 * BSP = BSPSTORE = 0.  They set up their own stacks.  SSC GET_ARGS
 * returns the guest arguments joined by spaces (a leading "--" dropped).  The firmware window
 * (firmware.c) and the UART (uart.c) are in place at fixed addresses
 * (docs/system.md). */
int guest_setup_system(struct machine *m, const struct image *img, int argc, char **argv,
                       char *err, size_t errlen)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    GString *line = g_string_new(NULL);
    /* "ia64emu run IMAGE -- ARGS": the "--" only separates */
    int first = argc > 1 && !strcmp(argv[1], "--") ? 2 : 1;
    for (int i = first; i < argc; i++) {
        if (i > first)
            g_string_append_c(line, ' ');
        g_string_append(line, argv[i]);
    }
    if (h) {
        g_free(h->cmdline);
        h->cmdline_len = line->len;
        h->cmdline = g_string_free(line, FALSE);
    } else {
        g_string_free(line, TRUE);
    }
    c->psr = 0;
    c->ip = img->entry;
    c->slot = 0;
    c->cfm = 0;
    rse_remap(c);
    /* Ski's platform: the firmware window and the 8250 UART */
    firmware_install(m);
    if (h && uart_attach(m)) {
        snprintf(err, errlen, "%s: cannot attach the UART", img->path);
        return -1;
    }
    return 0;
}
