/* ia64emu run: load an image and execute it.
 *
 * Exit status: the guest's own (exit, exit_group, SSC EXIT: the low 8
 * bits); 124 when --max-insns stops the run; 2 for bad options or a bad
 * image; 128 + the Linux signal for a guest fault (SIGSEGV for a wild
 * jump, SIGBUS for an unaligned access, SIGILL, SIGTRAP ...); 137 (128 +
 * SIGKILL, as the OOM killer) when the guest needs more than --mem; 125
 * when the guest reaches something ia64emu does not implement (an
 * instruction, an SSC call). */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <glib.h>

#include "costs.h"
#include "jit.h"
#include "guest.h"
#include "hv.h"
#include "ia64emu.h"
#include "image.h"
#include "machine.h"
#include "patch_load.h"
#include "trace.h"
#include "tracefile.h"

int parse_size(const char *text, uint64_t *out)
{
    char *end;
    errno = 0;
    uint64_t v = strtoull(text, &end, 0);
    if (errno || end == text)
        return -1;
    uint64_t mul = 1;
    switch (*end) {
    case 'k': case 'K': mul = 1ull << 10; end++; break;
    case 'm': case 'M': mul = 1ull << 20; end++; break;
    case 'g': case 'G': mul = 1ull << 30; end++; break;
    case 't': case 'T': mul = 1ull << 40; end++; break;
    default: break;
    }
    if (*end == 'b' || *end == 'B')
        end++;
    if (*end || (v && mul > UINT64_MAX / v) || !v)
        return -1;
    *out = v * mul;
    return 0;
}

/* The peak resident set of this process image, in KiB (VmHWM: unlike
 * getrusage's ru_maxrss, it does not inherit the parent's peak across
 * fork and exec); 0 where /proc is missing. */
long peak_rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmHWM: %ld kB", &kib) == 1)
            break;
    fclose(f);
    return kib;
}

double run_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* --costs[=FILE] (an optional argument: a callback) */
int run_costs_on;
char *run_costs_file;
gboolean run_costs_opt(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    (void)name, (void)data, (void)error;
    run_costs_on = 1;
    g_free(run_costs_file);
    run_costs_file = value && *value ? g_strdup(value) : NULL;
    return TRUE;
}

void run_costs_reset(void)
{
    run_costs_on = 0;
    g_free(run_costs_file);
    run_costs_file = NULL;
}

/* A bare --costs takes no argument (GLib would take the next word): it
 * becomes --costs=.  Up to the first operand. */
void run_costs_bare(int argc, char **argv)
{
    static char costs_bare[] = "--costs=";
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "--costs"))
            argv[i] = costs_bare;
        if (argv[i][0] != '-')
            break;
    }
}

/* The exit status of a run that ended as C->stop says, with a line on
 * stderr for every end but the guest's own exit. */
int run_stop_status(struct cpu *c, int system_mode)
{
    int rc;
    switch (c->stop) {
    case STOP_EXIT:
        rc = c->exit_status;
        /* A system-mode guest that took interruptions (a kernel with an
         * IVT) and exits non-zero: its panic, with the last vector. */
        if (rc && system_mode && c->deliveries)
            fprintf(stderr, "ia64emu: guest kernel panic: exit status %d; last interruption: vector %u (%s) "
                    "iip=0x%" PRIx64 " ifa=0x%" PRIx64 "\n", rc, (unsigned)c->last_delivery.vector,
                    ivec_name(c->last_delivery.vector), c->last_delivery.iip, c->last_delivery.ifa);
        break;
    case STOP_MAX_INSNS:
        fprintf(stderr, "ia64emu: stopped after %" PRIu64 " instructions (--max-insns) at ip=0x%" PRIx64
                " slot %u\n", c->insns, c->ip, c->slot);
        rc = 124;
        break;
    case STOP_FAULT:
        fprintf(stderr, "guest fault: %s at ip=0x%" PRIx64 " slot %u addr=0x%" PRIx64 "\n",
                fault_name(c->fault), c->ip, c->slot, c->fault_addr);
        rc = 128 + fault_signal(c->fault);
        break;
    case STOP_HALTED:
        fprintf(stderr, "guest halted: %s\n", c->message);
        rc = 128 + SIGSEGV;
        break;
    case STOP_UNIMPLEMENTED:
        fprintf(stderr, "ia64emu: %s\n", c->message);
        rc = 125;
        break;
    case STOP_HOST_ERROR:
        fprintf(stderr, "ia64emu: %s at ip=0x%" PRIx64 " slot %u\n", c->message, c->ip, c->slot);
        rc = 128 + SIGKILL;
        break;
    default:
        fprintf(stderr, "ia64emu: the run stopped for no known reason at ip=0x%" PRIx64 "\n", c->ip);
        rc = 125;
        break;
    }
    return rc;
}

/* --stats: instructions, speed, peak RSS, the translator's blocks and
 * the entries into each IVT vector. */
void run_print_stats(struct machine *m, double secs)
{
    struct cpu *c = &m->cpu;
    fprintf(stderr, "ia64emu: %" PRIu64 " instructions in %.4f s, %.1f M instructions/s, peak RSS %ld KiB\n",
            c->insns, secs, secs > 0 ? c->insns / secs / 1e6 : 0.0, peak_rss_kib());
    if (m->jit) {
        uint64_t blocks, bytes, resets;
        jit_stats(m->jit, &blocks, &bytes, &resets);
        fprintf(stderr, "ia64emu: %" PRIu64 " blocks translated, %" PRIu64 " bytes of host code in use, %" PRIu64
                " buffer resets\n", blocks, bytes, resets);
    }
    if (c->deliveries) {
        fprintf(stderr, "ia64emu: %" PRIu64 " interruptions delivered; entries per IVT vector:\n", c->deliveries);
        for (unsigned v = 0; v < IVEC_COUNT; v++)
            if (c->vector_entries[v])
                fprintf(stderr, "ia64emu:   vector %2u (0x%04" PRIx64 " %s): %" PRIu64 "\n", v, ivec_offset((enum ivec)v),
                        ivec_name((enum ivec)v), c->vector_entries[v]);
    }
}

/* Parses the options of `ia64emu CMD`, which takes OPERAND first (for
 * the message when it is missing).  -1 after a line on stderr. */
int run_options(GOptionContext *oc, int *argc, char ***argv, const char *cmd, const char *operand)
{
    GError *gerr = NULL;
    if (!g_option_context_parse(oc, argc, argv, &gerr)) {
        fprintf(stderr, "ia64emu %s: %s\n", cmd, gerr->message);
        g_error_free(gerr);
        return -1;
    }
    if (*argc < 2) {
        fprintf(stderr, "ia64emu %s: expected %s (see ia64emu %s --help)\n", cmd, operand, cmd);
        return -1;
    }
    return 0;
}

int run_mem_option(const char *cmd, const char *text, uint64_t *size)
{
    if (text && parse_size(text, size)) {
        fprintf(stderr, "ia64emu %s: --mem=%s is not a size (a positive number, with K, M, G or T)\n", cmd, text);
        return -1;
    }
    return 0;
}

int run_trace_level(const char *cmd, const char *level, const char *path)
{
    int n = !level || !strcmp(level, "events") ? TRACE_EVENTS : !strcmp(level, "branches") ? TRACE_BRANCHES
          : !strcmp(level, "insns") ? TRACE_INSNS : -1;
    if (n < 0)
        fprintf(stderr, "ia64emu %s: --trace-level=%s: expected events, branches or insns\n", cmd, level);
    else if (level && !path)
        fprintf(stderr, "ia64emu %s: --trace-level needs --trace=FILE\n", cmd);
    return level && !path ? -1 : n;
}

int run_finish(struct machine *m, struct trace **trace, const char *trace_path, int stats, const char *dump, int rc)
{
    struct cpu *c = &m->cpu;
    char err[512];
    if (*trace) {
        uint64_t events = trace_events(*trace);
        m->trace = NULL;
        int bad = trace_close(*trace, c, err, sizeof err);
        *trace = NULL;
        if (bad) {
            fprintf(stderr, "ia64emu: %s\n", err);
            if (rc == 0)
                rc = 1;
        } else if (stats && trace_path) {
            struct stat st;
            if (stat(trace_path, &st) == 0)
                fprintf(stderr, "ia64emu: trace %s: %" PRIu64 " events, %lld bytes (%.2f bytes/event, %.3f bytes/instruction)\n",
                        trace_path, events + 1, (long long)st.st_size, (double)st.st_size / (double)(events + 1),
                        c->insns ? (double)st.st_size / (double)c->insns : 0.0);
        }
    }
    if (dump && guest_dump_state(m, dump, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        if (rc == 0)
            rc = 1;
    }
    return rc;
}

void run_release(struct machine *m, struct trace *trace)
{
    hv_free(m);
    if (trace) {
        m->trace = NULL;
        trace_abort(trace);
    }
    guest_free(m);
    machine_free(m);
}

int cmd_run(int argc, char **argv)
{
    gchar *costs_out = NULL;
    run_costs_reset();
    gchar *mode = NULL, *xen_image = NULL, *mem_text = NULL, *dump = NULL, *trace_path = NULL, *trace_level = NULL;
    gint64 max_insns = 0;
    gboolean stats = FALSE, realtime = FALSE, no_jit = FALSE;
    GOptionEntry entries[] = {
        { "mode", 0, 0, G_OPTION_ARG_STRING, &mode,
          "auto or native (default), user, system, xen (system mode under the hypervisor, hv/), patched "
          "(a native kernel's pv_ops sites rewritten with the Xen sequences, then as xen) or trap "
          "(the native kernel deprivileged, trap-and-emulate)", "MODE" },
        { "xen-image", 0, 0, G_OPTION_ARG_FILENAME, &xen_image,
          "--mode=patched: the Xen build to take the sequences from (default: next to IMAGE)", "FILE" },
        { "max-insns", 0, 0, G_OPTION_ARG_INT64, &max_insns, "Stop after N instructions (exit 124)", "N" },
        { "mem", 0, 0, G_OPTION_ARG_STRING, &mem_text, "Cap on guest memory (default 1G; K, M, G suffixes)", "SIZE" },
        { "dump-state", 0, 0, G_OPTION_ARG_FILENAME, &dump, "Write the final architectural state as JSON", "FILE" },
        { "stats", 0, 0, G_OPTION_ARG_NONE, &stats, "Print instructions, seconds and MIPS to stderr", NULL },
        { "no-jit", 0, 0, G_OPTION_ARG_NONE, &no_jit,
          "Interpret only: translate no hot code to host code (cpu/jit.h)", NULL },
        { "realtime", 0, 0, G_OPTION_ARG_NONE, &realtime,
          "Guest clocks read the host's (else they follow the instruction count)", NULL },
        { "trace", 0, 0, G_OPTION_ARG_FILENAME, &trace_path,
          "Record a trace of the run (docs/trace-format.md)", "FILE" },
        { "trace-level", 0, 0, G_OPTION_ARG_STRING, &trace_level,
          "events (default), branches (adds taken branches) or insns (every instruction)", "LEVEL" },
        { "costs", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, (gpointer)run_costs_opt,
          "Count the cost of every pv_ops hook and print the table (model: hv/costs.ini, or FILE)", "FILE" },
        { "costs-out", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &costs_out,
          "Write the costs as a key file (for ia64emu compare)", "FILE" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("IMAGE [ARGS...] - run an IA-64 program");
    g_option_context_add_main_entries(oc, entries, NULL);
    g_option_context_set_strict_posix(oc, TRUE); /* options after IMAGE belong to the guest */
    int rc = 2;
    struct machine *m = NULL;
    struct image img = { 0 };
    struct patch_plan plan = { 0 };
    struct trace *trace = NULL;
    /* the options as given, for the trace's header (without the output
     * files' names, so that two runs into two files record the same) */
    GString *opt_text = g_string_new(NULL);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--trace") || !strcmp(argv[i], "--dump-state")) {
            i++;
            continue;
        }
        if (!strncmp(argv[i], "--trace=", 8) || !strncmp(argv[i], "--dump-state=", 13) ||
            !strcmp(argv[i], "--stats") || !strncmp(argv[i], "--costs", 7))
            continue;
        g_string_append_printf(opt_text, "%s%s", opt_text->len ? " " : "", argv[i]);
    }
    gchar *options = g_string_free(opt_text, FALSE);
    run_costs_bare(argc, argv);        /* (up to IMAGE: the guest's arguments follow) */

    uint64_t mem_cap = 1ull << 30;
    int level;
    if (run_options(oc, &argc, &argv, "run", "an IMAGE") || run_mem_option("run", mem_text, &mem_cap) ||
        (level = run_trace_level("run", trace_level, trace_path)) < 0)
        goto out;
    if (max_insns < 0) {
        fprintf(stderr, "ia64emu run: --max-insns must not be negative\n");
        goto out;
    }
    int system_mode, xen = 0, patched = 0, trap = 0;
    char err[512];
    if (image_load_elf(&img, argv[1], err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        goto out;
    }
    if (!mode || !strcmp(mode, "auto") || !strcmp(mode, "native")) {
        /* Ski: an entry in region 0 is a bare-metal program; region 1 and
         * up, or a dynamic image, a user program. */
        system_mode = (img.entry >> 61) == 0 && !img.dynamic;
    } else if (!strcmp(mode, "user") || !strcmp(mode, "system") || !strcmp(mode, "xen") ||
               !strcmp(mode, "patched") || !strcmp(mode, "trap")) {
        system_mode = strcmp(mode, "user") != 0;
        patched = !strcmp(mode, "patched");
        trap = !strcmp(mode, "trap");
        xen = patched || trap || !strcmp(mode, "xen");
    } else {
        fprintf(stderr, "ia64emu run: --mode=%s: expected auto, native, user, system, xen, patched or trap\n", mode);
        goto out;
    }
    if (img.dynamic) {
        fprintf(stderr, "ia64emu: %s: dynamically linked images are not supported (link with -static)\n",
                argv[1]);
        goto out;
    }
    if (!img.exec || !img.nseg) {
        fprintf(stderr, "ia64emu: %s: not an executable (no loadable segments)\n", argv[1]);
        goto out;
    }
    m = machine_new(mem_cap);
    if (!m) {
        fprintf(stderr, "ia64emu: out of host memory\n");
        goto out;
    }
    m->system_mode = system_mode;
    m->jit_off = no_jit;
    if (guest_load(m, &img, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        goto out;
    }
    ((struct guest_host *)m->host)->realtime = realtime;
    if ((system_mode ? guest_setup_system(m, &img, argc - 1, argv + 1, err, sizeof err)
                     : guest_setup_user(m, &img, argc - 1, argv + 1, err, sizeof err))) {
        fprintf(stderr, "ia64emu: %s\n", err);
        goto out;
    }
    if (xen_image && !patched) {
        fprintf(stderr, "ia64emu run: --xen-image is for --mode=patched\n");
        goto out;
    }
    if (patched) {
        char *xp = xen_image ? g_strdup(xen_image) : patch_default_xen_image(argv[1]);
        int bad = patch_prepare(&plan, &img, xp, err, sizeof err) || patch_apply(&plan, m, err, sizeof err);
        g_free(xp);
        if (bad) {
            fprintf(stderr, "ia64emu: --mode=patched: %s\n", err);
            goto out;
        }
    }
    if (xen && !(trap ? hv_attach_trap(m) : hv_attach(m))) {
        fprintf(stderr, "ia64emu: --mode=%s: no memory for the hypervisor's shared page (--mem)\n", mode);
        goto out;
    }
    struct cpu *c = &m->cpu;
    c->max_insns = (uint64_t)max_insns;
    struct cost_model cmodel;
    if (costs_out)
        run_costs_on = 1;
    if (run_costs_on && cost_model_load(&cmodel, run_costs_file, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        goto out;
    }
    int tmode = !mode ? TRACE_MODE_NATIVE : !strcmp(mode, "xen") ? TRACE_MODE_XEN
              : !strcmp(mode, "patched") ? TRACE_MODE_PATCHED : !strcmp(mode, "trap") ? TRACE_MODE_TRAP
              : TRACE_MODE_NATIVE;
    if (trace_path || run_costs_on) {
        /* --costs alone: a recorder that writes no file (path NULL) */
        if (!(trace = trace_begin(m, &img, trace_path, level, tmode, system_mode, options, err, sizeof err))) {
            fprintf(stderr, "ia64emu: %s\n", err);
            goto out;
        }
        if (run_costs_on)
            trace_costs_enable(trace);
        /* a patched site's stub is part of its hook */
        if (patched && patch_trace_stubs(&plan, trace, err, sizeof err)) {
            fprintf(stderr, "ia64emu: --mode=patched: %s\n", err);
            goto out;
        }
    }
    double t0 = run_clock();
    cpu_run(c);
    double secs = run_clock() - t0;
    fflush(stdout);

    rc = run_stop_status(c, system_mode);
    if (stats)
        run_print_stats(m, secs);
    if (stats && patched)
        patch_report(&plan, stderr, 0);
    if (stats && xen)
        hv_print_stats(m, stderr);
    if (stats && trap)
        hv_trap_report(m, stderr, c->stop == STOP_EXIT && rc == 0);
    if (trace && run_costs_on) {
        if (costs_out ? costs_save(costs_out, trace_costs(trace), &cmodel, err, sizeof err)
                      : (costs_print(stderr, trace_costs(trace), &cmodel), 0)) {
            fprintf(stderr, "ia64emu: %s\n", err);
            if (rc == 0)
                rc = 1;
        }
    }
    rc = run_finish(m, &trace, trace_path, stats, dump, rc);
out:
    run_release(m, trace);
    image_free(&img);
    g_free(mode);
    g_free(xen_image);
    patch_free(&plan);
    g_free(mem_text);
    g_free(dump);
    g_free(trace_path);
    g_free(trace_level);
    g_free(costs_out);
    g_free(run_costs_file);
    run_costs_file = NULL;
    g_free(options);
    g_option_context_free(oc);
    return rc;
}
