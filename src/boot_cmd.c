/* `ia64emu boot`: boots a Linux IA-64 kernel (vmlinux) as elilo would,
 * with ia64emu's firmware, to its userspace (docs/boot.md). */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib.h>

#include "boot.h"
#include "costs.h"
#include "guest.h"
#include "hv.h"
#include "ia64emu.h"
#include "image.h"
#include "machine.h"
#include "patch_load.h"
#include "trace.h"
#include "tracefile.h"

#define BOOT_MEM_DEFAULT (256ull << 20)
#define BOOT_MEM_SLACK   (4ull << 20)  /* pages beyond RAM: the window, tables, stray MMIO */
#define KERNEL_ALIGN     (64ull << 20) /* head.S maps the kernel with one 64 MB translation */
#define INITRD_ALIGN     (64ull << 10)
/* The console is looked at every BOOT_POLL instructions (1 ms of guest
 * time): a panic ends the run; once userspace runs, stdin feeds the UART
 * a line at a time when the console has sent nothing for BOOT_TX_QUIET
 * ITC ticks (10 ms), so that the guest's output and the echo of its
 * input do not interleave. */
#define BOOT_POLL        100000ull
#define BOOT_TX_QUIET    1000000ull

/* A terminal on stdin: its keys go to the guest one by one, unechoed
 * (the guest's line discipline echoes and edits; ^D is its end of
 * input), until the run ends; ^C still stops ia64emu. */
static struct termios tty_saved;
static volatile sig_atomic_t tty_raw;

static void tty_restore(void)
{
    if (tty_raw) {
        tcsetattr(0, TCSANOW, &tty_saved);
        tty_raw = 0;
    }
}

static void tty_signal(int sig)
{
    tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void tty_setup(void)
{
    if (!isatty(0) || tcgetattr(0, &tty_saved))
        return;
    struct termios t = tty_saved;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_iflag &= ~(tcflag_t)ICRNL;      /* Enter is CR: the guest's terminal maps it */
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(0, TCSANOW, &t))
        return;
    tty_raw = 1;
    signal(SIGINT, tty_signal);
    signal(SIGTERM, tty_signal);
    signal(SIGHUP, tty_signal);
}

static int boot_dev_event(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    c->dev_at = (c->insns / BOOT_POLL + 1) * BOOT_POLL;
    fflush(stdout);
    if (h->boot.panic) {
        snprintf(c->message, sizeof c->message, "the kernel panicked");
        c->stop = STOP_HALTED;
        return 1;
    }
    if (!h->boot.user_seen || cpu_itc(c) - h->boot.tx_itc < BOOT_TX_QUIET)
        return 0;
    /* the end of stdin is a ^D, which the terminal line discipline reads
     * as the end of input; one is sent at every quiet look after it (a
     * last line without its newline takes two: the first ends the line) */
    if (h->boot.stdin_eof) {
        if (!h->uart.rx_n)
            uart_receive(m, 0x04);
        return 0;
    }
    while (h->uart.rx_n < UART_FIFO) {
        int ch = stdin_ready_byte();
        if (ch == -1)
            break;
        if (ch == -2) {
            h->boot.stdin_eof = 1;
            uart_receive(m, 0x04);
            break;
        }
        uart_receive(m, (uint8_t)ch);
        if (ch == '\n' || ch == '\r')
            break;
    }
    return 0;
}

/* The physical address of virtual or physical ADDR in the image's
 * segments, else ADDR. */
static uint64_t image_phys(const struct image *img, uint64_t addr)
{
    for (size_t i = 0; i < img->nseg; i++) {
        const struct image_segment *s = &img->seg[i];
        if (addr - s->vaddr < s->memsz)
            return addr - s->vaddr + s->paddr;
    }
    return addr;
}

/* [AT, AT + SIZE) is RAM and clear of the tables and the window */
static int fits_ram(uint64_t at, uint64_t size, uint64_t ram)
{
    return at + size >= at && at + size <= ram && (at + size <= BOOT_TABLES || at >= FW_END);
}

static void print_fw_calls(const struct boot_state *s)
{
    static const char *const efi[4] = { "GetTime", "SetVirtualAddressMap", "ResetSystem", "(unsupported)" };
    fprintf(stderr, "ia64emu: firmware calls:\n");
    for (unsigned i = 0; i < 512; i++)
        if (s->pal_calls[i])
            fprintf(stderr, "ia64emu:   PAL %3u%s: %" PRIu64 "\n", i, i == 511 ? " and up" : "", s->pal_calls[i]);
    for (unsigned i = 0; i < 64; i++)
        if (s->sal_calls[i])
            fprintf(stderr, "ia64emu:   SAL 0x%08x%s: %" PRIu64 "\n", 0x01000000u + i, i == 63 ? " (other)" : "",
                    s->sal_calls[i]);
    for (unsigned i = 0; i < 4; i++)
        if (s->efi_calls[i])
            fprintf(stderr, "ia64emu:   EFI %s: %" PRIu64 "\n", efi[i], s->efi_calls[i]);
}

/* The function symbol at or below ADDR (NULL when none), and the offset */
static const char *function_at(const struct image *img, uint64_t addr, uint64_t *off)
{
    const struct image_symbol *best = NULL;
    for (size_t i = 0; i < img->nsym; i++) {
        const struct image_symbol *y = &img->sym[i];
        if (y->function && y->addr <= addr && (!best || y->addr > best->addr))
            best = y;
    }
    *off = best ? addr - best->addr : 0;
    return best ? best->name : NULL;
}

/* --stats under the hypervisor: where the privileged-operation faults come
 * from, the addresses with the most */
static void print_privop_sites(const struct machine *m, const struct image *img, unsigned most)
{
    size_t n;
    struct hv_privop_site *s = hv_privop_sites(m->hv, &n);
    fprintf(stderr, "ia64emu: privileged-operation faults by address (%zu addresses; the %u with the most):\n", n,
            most);
    for (size_t i = 0; i < n && i < most; i++) {
        uint64_t off;
        uint64_t bundle = s[i].addr & ~(uint64_t)0xf;
        const char *fn = function_at(img, bundle, &off);
        fprintf(stderr, "ia64emu:   0x%016" PRIx64 " slot %u  %-8s %8" PRIu64 "  %s+0x%" PRIx64 "\n", bundle,
                (unsigned)(s[i].addr & 3), s[i].mnemonic, s[i].count, fn ? fn : "?", off);
    }
    g_free(s);
}

int cmd_boot(int argc, char **argv)
{
    gchar *mode = NULL, *xen_image = NULL, *initrd = NULL, *mem_text = NULL, *dump = NULL;
    gchar *trace_path = NULL, *trace_level = NULL;
    gint64 max_insns = 0;
    gboolean quiet = FALSE, stats = FALSE, no_jit = FALSE, realtime = FALSE;
    GOptionEntry entries[] = {
        { "mode", 0, 0, G_OPTION_ARG_STRING, &mode,
          "native (default); under the hypervisor model: trap (the kernel deprivileged, trap-and-emulate), "
          "xen (a kernel whose IVT and entry.S are built paravirtual: scripts/linux-image's vmlinux-xen) or "
          "patched (the native kernel's hook sites rewritten with the Xen build's sequences at load)", "MODE" },
        { "xen-image", 0, 0, G_OPTION_ARG_FILENAME, &xen_image,
          "--mode=patched: the Xen build of the same kernel (default: VMLINUX-xen)", "FILE" },
        { "initrd", 0, 0, G_OPTION_ARG_FILENAME, &initrd, "The initramfs (a cpio archive, gzipped or not)", "FILE" },
        { "mem", 0, 0, G_OPTION_ARG_STRING, &mem_text, "RAM from physical 0 (default 256M; K, M, G suffixes)", "SIZE" },
        { "max-insns", 0, 0, G_OPTION_ARG_INT64, &max_insns, "Stop after N instructions (exit 124)", "N" },
        { "quiet", 0, 0, G_OPTION_ARG_NONE, &quiet, "Show no console output before userspace runs", NULL },
        { "stats", 0, 0, G_OPTION_ARG_NONE, &stats,
          "Print instructions, speed, instructions to userspace and the firmware calls to stderr", NULL },
        { "no-jit", 0, 0, G_OPTION_ARG_NONE, &no_jit, "Interpret only", NULL },
        { "realtime", 0, 0, G_OPTION_ARG_NONE, &realtime,
          "Guest clocks read the host's (else they follow the instruction count)", NULL },
        { "dump-state", 0, 0, G_OPTION_ARG_FILENAME, &dump, "Write the final architectural state as JSON", "FILE" },
        { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace_path, "Record a trace of the boot (docs/trace-format.md)", "FILE" },
        { "costs", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)run_costs_opt,
          "Count the cost of every pv_ops hook site VMLINUX records (scripts/linux-image builds its IVT and "
          "entry.S with our hook backend) and print the table (model: hv/costs.ini, or FILE)", "FILE" },
        { "trace-level", 0, 0, G_OPTION_ARG_STRING, &trace_level,
          "events (default), branches (adds taken branches) or insns (every instruction)", "LEVEL" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    run_costs_reset();
    run_costs_bare(argc, argv);
    GOptionContext *oc = g_option_context_new("VMLINUX [-- KERNEL COMMAND LINE] - boot a Linux IA-64 kernel");
    g_option_context_add_main_entries(oc, entries, NULL);
    g_option_context_set_strict_posix(oc, TRUE);
    GError *gerr = NULL;
    int rc = 2;
    struct machine *m = NULL;
    struct image img = { 0 };
    struct patch_plan plan = { 0 };
    struct trace *trace = NULL;
    gchar *rd = NULL, *cmdline = NULL;
    gsize rd_len = 0;
    char err[512];

    uint64_t ram = BOOT_MEM_DEFAULT;
    int level;
    if (run_options(oc, &argc, &argv, "boot", "a VMLINUX") || run_mem_option("boot", mem_text, &ram) ||
        (level = run_trace_level("boot", trace_level, trace_path)) < 0)
        goto out;
    ram &= ~0xfffull;
    if (max_insns < 0) {
        fprintf(stderr, "ia64emu boot: --max-insns must not be negative\n");
        goto out;
    }
    if (initrd) {
        if (!g_file_get_contents(initrd, &rd, &rd_len, &gerr)) {
            fprintf(stderr, "ia64emu boot: --initrd: %s\n", gerr->message);
            g_error_free(gerr);
            goto out;
        }
        if (!rd_len) {
            fprintf(stderr, "ia64emu boot: --initrd: %s is empty\n", initrd);
            goto out;
        }
    }
    int trap = mode && !strcmp(mode, "trap"), patched = mode && !strcmp(mode, "patched");
    int xen = patched || (mode && !strcmp(mode, "xen"));
    if (mode && !trap && !xen && strcmp(mode, "native")) {
        fprintf(stderr, "ia64emu boot: --mode=%s: expected native, trap, xen or patched\n", mode);
        goto out;
    }
    if (xen_image && !patched) {
        fprintf(stderr, "ia64emu boot: --xen-image is for --mode=patched\n");
        goto out;
    }
    const char *path = argv[1];
    if (image_load_elf(&img, path, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: %s\n", err);
        goto out;
    }
    if (!img.exec || !img.nseg) {
        fprintf(stderr, "ia64emu boot: %s: not a kernel image (no loadable segments)\n", path);
        goto out;
    }
    /* the kernel: by its physical addresses, from a 64 MB boundary */
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < img.nseg; i++) {
        if (img.seg[i].paddr < lo)
            lo = img.seg[i].paddr;
        if (img.seg[i].paddr + img.seg[i].memsz > hi)
            hi = img.seg[i].paddr + img.seg[i].memsz;
    }
    if (lo % KERNEL_ALIGN) {
        fprintf(stderr, "ia64emu boot: %s: its lowest physical load address, 0x%" PRIx64 ", is not 64 MB "
                "aligned (head.S maps the kernel with one 64 MB translation)\n", path, lo);
        goto out;
    }
    if (!fits_ram(lo, hi - lo, ram)) {
        fprintf(stderr, "ia64emu boot: %s: the kernel at physical 0x%" PRIx64 "-0x%" PRIx64 " does not fit in "
                "RAM (--mem=%" PRIu64 "M, and 0x%llx-0x%llx is firmware)\n", path, lo, hi, ram >> 20,
                (unsigned long long)BOOT_TABLES, (unsigned long long)FW_END);
        goto out;
    }
    if (patched && !xen_image)
        xen_image = g_strconcat(path, "-xen", NULL);
    if (patched && patch_prepare(&plan, &img, xen_image, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: --mode=patched: %s\n", err);
        goto out;
    }
    if (patched && plan.area_paddr + plan.area_size > hi)
        hi = plan.area_paddr + plan.area_size;  /* the patch area, after the kernel */
    uint64_t rd_at = (hi + INITRD_ALIGN - 1) & ~(INITRD_ALIGN - 1);
    if (rd_len && !fits_ram(rd_at, rd_len, ram)) {
        fprintf(stderr, "ia64emu boot: --initrd: %s (%zu bytes, at physical 0x%" PRIx64 " after the kernel) "
                "does not fit in RAM (--mem=%" PRIu64 "M)\n", initrd, (size_t)rd_len, rd_at, ram >> 20);
        goto out;
    }
    GString *line = g_string_new(NULL);
    for (int i = argc > 2 && !strcmp(argv[2], "--") ? 3 : 2; i < argc; i++)
        g_string_append_printf(line, "%s%s", line->len ? " " : "", argv[i]);
    cmdline = g_string_free(line, FALSE);

    m = machine_new(ram + BOOT_MEM_SLACK);
    if (!m) {
        fprintf(stderr, "ia64emu: out of host memory\n");
        goto out;
    }
    m->system_mode = 1;
    m->jit_off = no_jit;
    if (guest_load(m, &img, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: %s\n", err);
        goto out;
    }
    struct guest_host *h = m->host;
    h->realtime = realtime;
    h->boot.on = 1;
    h->boot.quiet = quiet;
    struct boot_config bc = { ram, cmdline, rd_at, rd_len };
    if (rd_len && mem_copy_in(&m->mem, rd_at, rd, rd_len)) {
        fprintf(stderr, "ia64emu boot: --initrd: no guest memory for %s (--mem)\n", initrd);
        goto out;
    }
    firmware_install(m);
    if (uart_attach(m) || iosapic_attach(m)) {
        fprintf(stderr, "ia64emu boot: cannot attach the UART and the I/O SAPIC\n");
        goto out;
    }
    if (boot_tables(m, &bc, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: %s\n", err);
        goto out;
    }
    /* elilo's hand-over: physical mode, interrupts off, register bank 1
     * (as firmware runs), r28 = the boot parameters' physical address */
    struct cpu *c = &m->cpu;
    c->psr = PSR_BN;
    c->ip = image_phys(&img, img.entry);
    c->slot = 0;
    c->cfm = 0;
    rse_remap(c);
    if (patched && patch_apply(&plan, m, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: --mode=patched: %s\n", err);
        goto out;
    }
    struct hv *hv = NULL;
    if (trap || xen) {
        /* deprivileged: the hand-over's PSR is the virtual one */
        if (!(hv = trap ? hv_attach_trap(m) : hv_attach(m))) {
            fprintf(stderr, "ia64emu boot: --mode=%s: no memory for the hypervisor's shared page\n", mode);
            goto out;
        }
        hv_set_vpsr(hv, PSR_BN);
    }
    gr_set(c, 28, BOOT_TABLES, 0);
    c->max_insns = (uint64_t)max_insns;
    m->on_dev_event = boot_dev_event;
    c->dev_at = BOOT_POLL;

    struct cost_model cmodel;
    if (run_costs_on && cost_model_load(&cmodel, run_costs_file, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: %s\n", err);
        goto out;
    }
    /* --costs alone: a recorder that writes no file (path NULL) */
    if ((trace_path || run_costs_on) &&
        !(trace = trace_begin(m, &img, trace_path, level,
                              trap ? TRACE_MODE_TRAP : patched ? TRACE_MODE_PATCHED
                              : xen ? TRACE_MODE_XEN : TRACE_MODE_NATIVE, 1, "boot",
                              err, sizeof err))) {
        fprintf(stderr, "ia64emu boot: %s\n", err);
        goto out;
    }
    if (run_costs_on)
        trace_costs_enable(trace);
    /* a patched site's stub is part of its hook */
    if (trace && patched && patch_trace_stubs(&plan, trace, err, sizeof err)) {
        fprintf(stderr, "ia64emu boot: --mode=patched: %s\n", err);
        goto out;
    }
    tty_setup();
    double t0 = run_clock();
    cpu_run(c);
    double secs = run_clock() - t0;
    tty_restore();
    fflush(stdout);
    if (h->boot.panic) {
        fprintf(stderr, "ia64emu: the kernel panicked; its last %u console lines:\n", CONSOLE_TAIL_LINES);
        console_tail(stderr, &h->boot, CONSOLE_TAIL_LINES);
        rc = 1;
    } else {
        rc = run_stop_status(c, 1);
        if (c->stop == STOP_EXIT && h->boot.end[0])
            fprintf(stderr, "ia64emu: the guest ended the run: %s\n", h->boot.end);
    }
    if (stats) {
        run_print_stats(m, secs);
        if (h->boot.user_seen)
            fprintf(stderr, "ia64emu: userspace reached after %" PRIu64 " instructions\n", h->boot.user_insns);
        print_fw_calls(&h->boot);
        if (patched)
            patch_report(&plan, stderr, 0);
        if (trap || xen) {
            hv_print_stats(m, stderr);
            print_privop_sites(m, &img, 12);
        }
        if (trap)
            hv_trap_report(m, stderr, c->stop == STOP_EXIT && rc == 0);
    }
    if (trace && run_costs_on) {
        costs_print(stderr, trace_costs(trace), &cmodel);
        if (stats)
            costs_print_sites(stderr, trace_costs(trace));
    }
    rc = run_finish(m, &trace, trace_path, stats, dump, rc);
out:
    run_release(m, trace);
    image_free(&img);
    g_free(rd);
    g_free(cmdline);
    g_free(initrd);
    g_free(mode);
    g_free(xen_image);
    patch_free(&plan);
    g_free(mem_text);
    g_free(dump);
    g_free(trace_path);
    g_free(trace_level);
    run_costs_reset();
    g_option_context_free(oc);
    return rc;
}
