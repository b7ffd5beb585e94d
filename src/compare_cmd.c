/* ia64emu compare: one workload of the guest kernel in several modes
 * (native, xen, patched, trap), their guest-visible equivalence and the
 * cost of every pv_ops hook in each (issue 6, section 6).
 *
 * Each mode is one `ia64emu run` of this same executable (a child
 * process: a mode's crash cannot take the others with it) with
 * --costs-out (pvops/costs.c's key file).  A mode the run refuses
 * (exit 2 naming --mode) is "not available".  Equivalence: the console
 * output (the guest's stdout, byte for byte), the exit status, and the
 * user-visible registers of the workload's tasks at every system call
 * they make, in order (cpu/trace.c, user_call: the preserved registers,
 * the call's number, the previous call's results); where the timer
 * interleaves the tasks differently, those at each task's exit (its
 * final registers).  The final registers of a run (the
 * --dump-state) are the kernel's, not the workload's, and differ by
 * construction between modes (CPL, banks); the tasks' last system call
 * (exit) carries their final user-visible registers.  User memory is not
 * compared: the workloads print their results (sums, checksums) on the
 * console. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <glib.h>

#include "ia64emu.h"

#define MAXMODES 4

struct mode_run {
    const char *name;
    int available;
    int status;
    gchar *out, *err;
    GKeyFile *kf;
};

static const char *const cols[] = { "execs", "insns", "hv", "cycles" };

static double get(GKeyFile *kf, const char *group, const char *key)
{
    if (!kf || !g_key_file_has_group(kf, group))
        return 0;
    if (!strcmp(key, "hv")) {
        static const char *const k[] = { "hp_fast", "hp_slow", "privops", "reflections", "hv_other" };
        double s = 0;
        for (int i = 0; i < 5; i++)
            s += (double)g_key_file_get_uint64(kf, group, k[i], NULL);
        return s;
    }
    return g_key_file_get_double(kf, group, key, NULL);
}

static void svg_write(FILE *f, struct mode_run *r, int n, gchar **hooks, int nh)
{
    static const char *const colour[] = { "#4e79a7", "#f28e2b", "#59a14f", "#e15759" };
    double max = 1;
    for (int h = 0; h < nh; h++)
        for (int i = 0; i < n; i++)
            if (r[i].available && get(r[i].kf, hooks[h], "cycles") > max)
                max = get(r[i].kf, hooks[h], "cycles");
    int bar = 10, gap = 8, left = 330, width = 520, top = 40;
    int height = top + nh * (n * bar + gap) + 40;
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
            "font-size=\"11\">\n", left + width + 120, height);
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
    fprintf(f, "<text x=\"10\" y=\"18\" font-size=\"14\">Modelled cycles per pv_ops hook, per mode "
            "(ia64emu compare; model: hv/costs.ini)</text>\n");
    for (int i = 0, x = left; i < n; i++) {
        fprintf(f, "<rect x=\"%d\" y=\"26\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"35\">%s%s</text>\n",
                x, colour[i % 4], x + 14, r[i].name, r[i].available ? "" : " (not available)");
        x += 130;
    }
    int y = top;
    for (int h = 0; h < nh; h++) {
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", left - 6, y + n * bar / 2 + 4,
                hooks[h] + 5);
        for (int i = 0; i < n; i++) {
            double v = r[i].available ? get(r[i].kf, hooks[h], "cycles") : 0;
            fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %.0f cycles"
                    "</title></rect>\n", left, y + i * bar, v / max * width, bar - 1, colour[i % 4], hooks[h] + 5,
                    r[i].name, v);
            fprintf(f, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%.0f</text>\n", left + v / max * width + 3,
                    y + i * bar + bar - 2, v);
        }
        y += n * bar + gap;
    }
    fprintf(f, "</svg>\n");
}

static int compare_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_compare(int argc, char **argv)
{
    gchar *modes = NULL, *costs = NULL, *svg = NULL, *kdir = NULL, *tdir = NULL, *tlevel = NULL;
    gboolean json = FALSE, csv = FALSE;
    GOptionEntry entries[] = {
        { "modes", 0, 0, G_OPTION_ARG_STRING, &modes, "Modes to run (default native,xen,patched,trap)", "LIST" },
        { "costs", 0, 0, G_OPTION_ARG_FILENAME, &costs, "Cost model (default hv/costs.ini, built in)", "FILE" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
        { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, "Print CSV", NULL },
        { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg, "Write a bar chart of the cycles per hook per mode", "FILE" },
        { "kernel-dir", 0, 0, G_OPTION_ARG_FILENAME, &kdir, "Where kernel-*.elf are (default build/ivt)", "DIR" },
        { "trace-dir", 0, 0, G_OPTION_ARG_FILENAME, &tdir,
          "Also record one trace per mode, DIR/MODE.trace (for ia64emu trace diff)", "DIR" },
        { "trace-level", 0, 0, G_OPTION_ARG_STRING, &tlevel, "With --trace-dir: events (default), branches or insns",
          "LEVEL" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("WORKLOAD [COUNT] - run a kernel workload in each mode and compare");
    g_option_context_add_main_entries(oc, entries, NULL);
    GError *ge = NULL;
    int rc = 2, n = 0;
    struct mode_run r[MAXMODES];
    memset(r, 0, sizeof r);
    gchar **list = NULL, **hooks = NULL, *tmpdir = NULL;
    int nh = 0;
    if (!g_option_context_parse(oc, &argc, &argv, &ge)) {
        fprintf(stderr, "ia64emu compare: %s\n", ge->message);
        g_error_free(ge);
        goto out;
    }
    if (argc < 2 || argc > 3 || (json && csv)) {
        fprintf(stderr, "ia64emu compare: expected one WORKLOAD (and a count), and at most one of --json, --csv\n");
        goto out;
    }
    if (tlevel && !tdir) {
        fprintf(stderr, "ia64emu compare: --trace-level is for --trace-dir\n");
        goto out;
    }
    if (tdir && g_mkdir_with_parents(tdir, 0777)) {
        fprintf(stderr, "ia64emu compare: %s: cannot create: %s\n", tdir, g_strerror(errno));
        goto out;
    }
    gchar *workload = argc == 3 ? g_strdup_printf("%s %s", argv[1], argv[2]) : g_strdup(argv[1]);
    list = g_strsplit(modes ? modes : "native,xen,patched,trap", ",", -1);
    for (gchar **m = list; *m; m++) {
        if (strcmp(*m, "native") && strcmp(*m, "xen") && strcmp(*m, "patched") && strcmp(*m, "trap")) {
            fprintf(stderr, "ia64emu compare: --modes: %s is not native, xen, patched or trap\n", *m);
            g_free(workload);
            goto out;
        }
        if (n == MAXMODES) {
            fprintf(stderr, "ia64emu compare: --modes: at most %d modes\n", MAXMODES);
            g_free(workload);
            goto out;
        }
        r[n++].name = *m;
    }
    tmpdir = g_dir_make_tmp("ia64emu-compare-XXXXXX", NULL);
    gchar *self = g_file_read_link("/proc/self/exe", NULL);
    for (int i = 0; i < n; i++) {
        const char *img = !strcmp(r[i].name, "xen") ? "kernel-xen.elf" : "kernel-native.elf";
        gchar *image = g_build_filename(kdir ? kdir : "build/ivt", img, NULL);
        gchar *out = g_build_filename(tmpdir, "costs.ini", NULL);
        gchar *modeopt = g_strdup_printf("--mode=%s", r[i].name);
        gchar *outopt = g_strdup_printf("--costs-out=%s", out);
        gchar *costopt = costs ? g_strdup_printf("--costs=%s", costs) : g_strdup("--costs");
        /* trap mode: with --stats, for its verdict on the holes */
        int trap = !strcmp(r[i].name, "trap");
        gchar *tpath = tdir ? g_strdup_printf("--trace=%s/%s.trace", tdir, r[i].name) : NULL;
        gchar *lopt = tdir && tlevel ? g_strdup_printf("--trace-level=%s", tlevel) : NULL;
        const char *av[12];
        int na = 0;
        av[na++] = self ? self : "ia64emu";
        av[na++] = "run";
        av[na++] = modeopt;
        av[na++] = outopt;
        av[na++] = costopt;
        if (trap)
            av[na++] = "--stats";
        if (tpath)
            av[na++] = tpath;
        if (lopt)
            av[na++] = lopt;
        av[na++] = image;
        av[na++] = "--";
        av[na++] = workload;
        av[na] = NULL;
        int st = 0;
        unlink(out);
        if (!g_spawn_sync(NULL, (gchar **)av, NULL, 0, NULL, NULL, &r[i].out, &r[i].err, &st, &ge)) {
            fprintf(stderr, "ia64emu compare: %s\n", ge->message);
            g_clear_error(&ge);
        } else {
            r[i].status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
            const char *verdict = trap ? strstr(r[i].err, "trap-mode verdict: ") : NULL;
            if (verdict) {
                gchar *line = g_strndup(verdict, strcspn(verdict, "\n"));
                g_free(r[i].err);
                r[i].err = line;
            }
            if (r[i].status == 2 && strstr(r[i].err, "--mode=")) {
                fprintf(stderr, "ia64emu compare: mode %s: not available (%s)\n", r[i].name,
                        g_strstrip(r[i].err));
            } else {
                r[i].available = 1;
                r[i].kf = g_key_file_new();
                if (!g_key_file_load_from_file(r[i].kf, out, G_KEY_FILE_NONE, NULL)) {
                    fprintf(stderr, "ia64emu compare: mode %s: the run wrote no costs (exit %d): %s\n", r[i].name,
                            r[i].status, r[i].err);
                    g_key_file_free(r[i].kf);
                    r[i].kf = NULL;
                }
            }
        }
        unlink(out);
        g_free(image), g_free(out), g_free(modeopt), g_free(outopt), g_free(costopt), g_free(tpath), g_free(lopt);
    }
    g_free(self);
    g_free(workload);
    rmdir(tmpdir);

    /* equivalence, against the first available mode */
    rc = 0;
    int ref = -1;
    for (int i = 0; i < n; i++) {
        if (!r[i].available)
            continue;
        if (!r[i].kf)
            rc = 1;
        if (ref < 0) {
            ref = i;
            continue;
        }
        if (r[i].status != r[ref].status) {
            fprintf(stderr, "ia64emu compare: %s and %s differ: exit status %d and %d\n", r[ref].name, r[i].name,
                    r[ref].status, r[i].status);
            rc = 1;
        }
        if (strcmp(r[i].out, r[ref].out)) {
            size_t k = 0, line = 1;
            while (r[i].out[k] && r[i].out[k] == r[ref].out[k])
                line += r[i].out[k++] == '\n';
            fprintf(stderr, "ia64emu compare: %s and %s differ: console output, line %zu, byte %zu%s%s\n",
                    r[ref].name, r[i].name, line, k, !strcmp(r[i].name, "trap") ? "; trap mode's report: " : "",
                    !strcmp(r[i].name, "trap") ? r[i].err : "");
            rc = 1;
        }
    }
    /* the user-visible state of the workload's tasks: at every system call
     * in order; when the interleaving differs (the timer preempts the
     * tasks at other points, so a workload that yields makes other calls),
     * at each task's exit (exit, exit_group: its final registers) */
    for (int i = 0; i < n; i++) {
        if (ref < 0 || i == ref || !r[i].kf || !r[ref].kf)
            continue;
        gchar *ca = g_key_file_get_string(r[ref].kf, "user", "calls", NULL);
        gchar *cb = g_key_file_get_string(r[i].kf, "user", "calls", NULL);
        gchar **va = g_strsplit(ca ? ca : "", ";", -1), **vb = g_strsplit(cb ? cb : "", ";", -1);
        guint na = g_strv_length(va), nb = g_strv_length(vb), k = 0;
        while (k < na && k < nb && !strcmp(va[k], vb[k]))
            k++;
        if (k < na || k < nb) {
            GPtrArray *ea = g_ptr_array_new(), *eb = g_ptr_array_new();
            for (guint j = 0; j < na; j++)
                if (strstr(va[j], ":1025:") || strstr(va[j], ":1231:"))
                    g_ptr_array_add(ea, va[j]);
            for (guint j = 0; j < nb; j++)
                if (strstr(vb[j], ":1025:") || strstr(vb[j], ":1231:"))
                    g_ptr_array_add(eb, vb[j]);
            g_ptr_array_sort(ea, (GCompareFunc)compare_str);
            g_ptr_array_sort(eb, (GCompareFunc)compare_str);
            int same = ea->len == eb->len && ea->len > 0;
            for (guint j = 0; same && j < ea->len; j++)
                same = !strcmp(ea->pdata[j], eb->pdata[j]);
            if (same) {
                fprintf(stderr, "ia64emu compare: note: %s and %s: the tasks' system calls interleave differently "
                        "(%u and %u calls; the first difference at call %u), their final user-visible registers "
                        "(at exit) are identical\n", r[ref].name, r[i].name, na, nb, k + 1);
            } else {
                fprintf(stderr, "ia64emu compare: %s and %s differ: the user-visible registers at system call %u "
                        "from user mode (break at %.*s in %s, %.*s in %s; %u and %u calls), and at the tasks' "
                        "exits%s%s\n", r[ref].name, r[i].name, k + 1, k < na ? (int)strcspn(va[k], ":") : 4,
                        k < na ? va[k] : "none", r[ref].name, k < nb ? (int)strcspn(vb[k], ":") : 4,
                        k < nb ? vb[k] : "none", r[i].name, na, nb,
                        !strcmp(r[i].name, "trap") ? "; trap mode's report: " : "",
                        !strcmp(r[i].name, "trap") ? r[i].err : "");
                rc = 1;
            }
            g_ptr_array_free(ea, TRUE);
            g_ptr_array_free(eb, TRUE);
        }
        g_strfreev(va), g_strfreev(vb);
        g_free(ca), g_free(cb);
    }
    /* the hooks any mode has */
    GPtrArray *ha = g_ptr_array_new();
    for (int i = 0; i < n; i++) {
        if (!r[i].kf)
            continue;
        gchar **g = g_key_file_get_groups(r[i].kf, NULL);
        for (gchar **p = g; *p; p++) {
            int seen = 0;
            for (guint j = 0; j < ha->len; j++)
                seen |= !strcmp(ha->pdata[j], *p);
            if (!seen && !strncmp(*p, "hook ", 5) && (get(r[i].kf, *p, "execs") > 0))
                g_ptr_array_add(ha, g_strdup(*p));
        }
        g_strfreev(g);
    }
    nh = (int)ha->len;
    g_ptr_array_add(ha, NULL);
    hooks = (gchar **)g_ptr_array_free(ha, FALSE);

    double nat_i = 0, nat_c = 0;
    int nat = -1;
    for (int i = 0; i < n; i++)
        if (r[i].kf && !strcmp(r[i].name, "native")) {
            nat = i;
            nat_i = get(r[i].kf, "total", "insns");
            nat_c = get(r[i].kf, "total", "cycles");
        }
    if (json) {
        printf("{\"workload\":\"%s\",\"equivalent\":%s,\"modes\":[", argv[1], rc ? "false" : "true");
        for (int i = 0; i < n; i++) {
            printf("%s{\"mode\":\"%s\",\"available\":%s", i ? "," : "", r[i].name, r[i].available ? "true" : "false");
            if (r[i].kf) {
                printf(",\"exit_status\":%d,\"hooks\":{", r[i].status);
                for (int h = 0; h < nh; h++) {
                    printf("%s\"%s\":{", h ? "," : "", hooks[h] + 5);
                    for (int k = 0; k < 4; k++)
                        printf("%s\"%s\":%.0f", k ? "," : "", cols[k], get(r[i].kf, hooks[h], cols[k]));
                    printf("}");
                }
                printf("},\"total\":{");
                for (int k = 0; k < 4; k++)
                    printf("%s\"%s\":%.0f", k ? "," : "", cols[k], get(r[i].kf, "total", cols[k]));
                printf("}");
                if (nat >= 0 && nat_i > 0 && nat_c > 0)
                    printf(",\"overhead_insns_pct\":%.2f,\"overhead_cycles_pct\":%.2f",
                           (get(r[i].kf, "total", "insns") / nat_i - 1) * 100,
                           (get(r[i].kf, "total", "cycles") / nat_c - 1) * 100);
            }
            printf("}");
        }
        printf("]}\n");
    } else if (csv) {
        printf("hook");
        for (int i = 0; i < n; i++)
            for (int k = 0; k < 4; k++)
                printf(",%s_%s", r[i].name, cols[k]);
        printf("\n");
        for (int h = 0; h <= nh; h++) {
            const char *g = h < nh ? hooks[h] : "total";
            printf("%s", h < nh ? g + 5 : g);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < 4; k++)
                    printf(r[i].kf ? ",%.0f" : ",", get(r[i].kf, g, cols[k]));
            printf("\n");
        }
    } else {
        printf("%-38s", "hook (execs / insns / hv entries / cycles)");
        for (int i = 0; i < n; i++)
            printf(" | %-34s", r[i].name);
        printf("\n");
        for (int h = 0; h <= nh; h++) {
            const char *g = h < nh ? hooks[h] : "total";
            printf("%-38s", h < nh ? g + 5 : g);
            for (int i = 0; i < n; i++) {
                if (!r[i].kf) {
                    printf(" | %-34s", "not available");
                    continue;
                }
                gchar *cell = g_strdup_printf("%.0f / %.0f / %.0f / %.0f", get(r[i].kf, g, "execs"),
                                              get(r[i].kf, g, "insns"), get(r[i].kf, g, "hv"),
                                              get(r[i].kf, g, "cycles"));
                printf(" | %-34s", cell);
                g_free(cell);
            }
            printf("\n");
        }
        if (nat >= 0 && nat_i > 0 && nat_c > 0) {
            printf("%-38s", "overhead vs native (insns, cycles)");
            for (int i = 0; i < n; i++) {
                gchar *cell = r[i].kf ? g_strdup_printf("%+.1f%% insns, %+.1f%% cycles",
                                                        (get(r[i].kf, "total", "insns") / nat_i - 1) * 100,
                                                        (get(r[i].kf, "total", "cycles") / nat_c - 1) * 100)
                                      : g_strdup("not available");
                printf(" | %-34s", cell);
                g_free(cell);
            }
            printf("\n");
        }
        printf("equivalence (console output, exit status, user registers at each system call): %s\n", rc ? "DIFFERENT" : "identical");
    }
    if (svg) {
        FILE *f = fopen(svg, "w");
        if (!f) {
            fprintf(stderr, "ia64emu compare: %s: cannot write\n", svg);
            rc = 2;
        } else {
            svg_write(f, r, n, hooks, nh);
            if (fclose(f)) {
                fprintf(stderr, "ia64emu compare: %s: write error\n", svg);
                rc = 2;
            }
        }
    }
out:
    for (int i = 0; i < n; i++) {
        g_free(r[i].out);
        g_free(r[i].err);
        if (r[i].kf)
            g_key_file_free(r[i].kf);
    }
    g_strfreev(hooks);
    g_strfreev(list);
    g_free(tmpdir);
    g_free(modes), g_free(costs), g_free(svg), g_free(kdir), g_free(tdir), g_free(tlevel);
    g_option_context_free(oc);
    return rc;
}
