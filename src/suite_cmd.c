/* ia64emu suite [OPTIONS] [DIR|FILE.ini...]: the regression suite
 * (docs/suite.md).  Every manifest (.ini) is one entry: ia64emu runs it
 * (`ia64emu run`, this same executable, as a child) and compares the
 * console output, the exit status, and optionally texts in stderr,
 * per-vector entry counts, --dump-state values and hook executions (from a
 * trace).  An entry that runs longer than its timeout is killed and fails.
 *
 * Exit status: 0 when every entry passed, 1 when one failed, 2 for bad
 * options or a malformed manifest (one line naming the file and line). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "hooks.h"
#include "ia64emu.h"
#include "suite.h"
#include "tracefile.h"

#define DEFAULT_MAX_INSNS "--max-insns=1000000000"
#define DEFAULT_TIMEOUT 120

struct result {
    struct suite_entry *e;
    int pass;
    GString *why;                 /* the reasons it failed, '; '-separated */
    double secs;
    int status;
    int timed_out;                /* killed by its timeout: nothing for --update-golden */
    gchar *out;                   /* the console output */
    gsize out_len;
    gchar *err;
};

struct runner {
    const char *self, *tmpdir;
    int timeout;                  /* --timeout: for entries without one */
    GMutex lock;
    unsigned done, total, failed;
    int progress;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

struct child {
    const char *stdin_path;       /* or NULL */
    unsigned timeout;             /* seconds */
};

/* In the child, before exec: its stdin, and an alarm that kills it (the
 * default action of SIGALRM, which exec keeps) when it runs too long. */
static void child_setup(gpointer data)
{
    const struct child *c = data;
    if (c->stdin_path) {
        int fd = open(c->stdin_path, O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 0);
            close(fd);
        }
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGALRM, SIG_DFL);
    alarm(c->timeout);
}

static void why(struct result *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void why(struct result *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (r->why->len)
        g_string_append(r->why, "; ");
    g_string_append_vprintf(r->why, fmt, ap);
    va_end(ap);
    r->pass = 0;
}

/* The first differing line of the expected and actual output. */
static void output_diff(struct result *r)
{
    const struct suite_entry *e = r->e;
    gchar **a = g_strsplit(e->expect_output, "\n", -1), **b = g_strsplit(r->out, "\n", -1);
    guint i = 0;
    while (a[i] && b[i] && !strcmp(a[i], b[i]))
        i++;
    gchar *ea = g_strescape(a[i] ? a[i] : "(end)", NULL), *eb = g_strescape(b[i] ? b[i] : "(end)", NULL);
    why(r, "output line %u: expected \"%s\", got \"%s\"", i + 1, ea, eb);
    g_free(ea);
    g_free(eb);
    g_strfreev(a);
    g_strfreev(b);
}

static int numeq(const char *x, const char *y)
{
    char *ex, *ey;
    errno = 0;
    unsigned long long a = strtoull(x, &ex, 0), b = strtoull(y, &ey, 0);
    if (!errno && !*ex && !*ey && ex != x && ey != y)
        return a == b;
    return !strcmp(x, y);
}

static void run_entry(gpointer data, gpointer user)
{
    struct result *r = data;
    struct runner *ru = user;
    struct suite_entry *e = r->e;
    r->pass = 1;
    r->why = g_string_new(NULL);
    gchar *dir = g_strdup_printf("%s/%p", ru->tmpdir, (void *)r);
    g_mkdir(dir, 0700);
    gchar *dump = g_strdup_printf("%s/state.json", dir), *trc = g_strdup_printf("%s/run.trace", dir);
    GPtrArray *av = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(av, g_strdup(ru->self));
    g_ptr_array_add(av, g_strdup("run"));
    g_ptr_array_add(av, g_strdup_printf("--dump-state=%s", dump));
    g_ptr_array_add(av, g_strdup_printf("--mode=%s", e->mode));
    if (e->nhooks)
        g_ptr_array_add(av, g_strdup_printf("--trace=%s", trc));
    int has_max = 0;
    for (char **o = e->options; *o; o++) {
        g_ptr_array_add(av, g_strdup(*o));
        has_max |= !strncmp(*o, "--max-insns", 11);
    }
    if (!has_max)
        g_ptr_array_add(av, g_strdup(DEFAULT_MAX_INSNS));
    g_ptr_array_add(av, g_strdup(e->image));
    /* everything after IMAGE goes to the guest (run parses strictly) */
    for (char **a = e->args; *a; a++)
        g_ptr_array_add(av, g_strdup(*a));
    g_ptr_array_add(av, NULL);
    GError *ge = NULL;
    int wait = 0;
    struct child ch = { e->stdin_path, (unsigned)(e->timeout ? e->timeout : ru->timeout) };
    double t0 = now();
    gboolean ok = g_spawn_sync(NULL, (gchar **)av->pdata, NULL, G_SPAWN_DEFAULT, child_setup, &ch, &r->out, &r->err,
                               &wait, &ge);
    r->secs = now() - t0;
    if (!ok) {
        why(r, "cannot run: %s", ge->message);
        g_error_free(ge);
        r->out = g_strdup("");
        r->err = g_strdup("");
        goto out;
    }
    r->out_len = strlen(r->out);
    if (WIFEXITED(wait))
        r->status = WEXITSTATUS(wait);
    else
        r->status = 128 + (WIFSIGNALED(wait) ? WTERMSIG(wait) : 0);
    if (WIFSIGNALED(wait) && WTERMSIG(wait) == SIGALRM) {
        r->timed_out = 1;
        why(r, "timed out after %u s", ch.timeout);
    } else if (r->status != e->expect_exit) {
        gchar *last = g_strstrip(g_strdup(r->err));
        char *nl = strrchr(last, '\n');
        why(r, "exit status %d, expected %d%s%s", r->status, e->expect_exit, *last ? ": " : "", nl ? nl + 1 : last);
        g_free(last);
    }
    if (e->expect_output && (r->out_len != e->expect_output_len || memcmp(r->out, e->expect_output, r->out_len)))
        output_diff(r);
    if (e->expect_stderr)
        for (char **t = e->expect_stderr; *t; t++)
            if (!strstr(r->err, *t)) {
                gchar *et = g_strescape(*t, NULL);
                why(r, "stderr lacks \"%s\"", et);
                g_free(et);
            }
    /* -fno-sanitize-recover makes a sanitizer's report fail the run, but
     * an entry expecting a failure status must not pass on one */
    if (strstr(r->err, "Sanitizer") || strstr(r->err, "runtime error:"))
        why(r, "a sanitizer report in stderr");
    if (e->nvectors || e->nstate) {
        gchar *text = NULL;
        gsize n = 0;
        GHashTable *st = g_file_get_contents(dump, &text, &n, NULL) ? suite_json_flatten(text, n) : NULL;
        g_free(text);
        if (!st) {
            why(r, "no state dump");
        } else {
            for (size_t i = 0; i < e->nvectors; i++) {
                gchar *k = g_strdup_printf("vectors.%s", e->vectors[i].key);
                const char *v = g_hash_table_lookup(st, k);
                if (!numeq(v ? v : "0", e->vectors[i].value))
                    why(r, "vector %s: %s entries, expected %s", e->vectors[i].key, v ? v : "0", e->vectors[i].value);
                g_free(k);
            }
            for (size_t i = 0; i < e->nstate; i++) {
                const char *v = g_hash_table_lookup(st, e->state[i].key);
                if (!v || !numeq(v, e->state[i].value))
                    why(r, "state %s = %s, expected %s", e->state[i].key, v ? v : "(absent)", e->state[i].value);
            }
            g_hash_table_destroy(st);
        }
    }
    if (e->nhooks) {
        struct trace_file f;
        char err[1024];
        uint64_t execs[256] = { 0 };
        struct trace_event ev;
        int rr = -1;
        if (!tracefile_open(&f, trc, err, sizeof err))
            while ((rr = tracefile_next(&f, &ev, err, sizeof err)) > 0)
                if (ev.type == TEV_HOOK_ENTER && !(ev.a[1] & HOOK_ENTER_RESUME))
                    execs[tracefile_site(&f, (uint32_t)ev.a[0])->hook & 255]++;
        tracefile_close(&f);
        if (rr < 0) {
            why(r, "trace: %s", err);
        } else {
            for (size_t i = 0; i < e->nhooks; i++) {
                uint64_t want = strtoull(e->hooks[i].value, NULL, 10), got = 0;
                for (size_t k = 0; k < pvops_hook_count; k++)
                    if (!strcmp(pvops_hooks[k].name, e->hooks[i].key))
                        got = execs[pvops_hooks[k].id & 255];
                if (got != want)
                    why(r, "hook %s: %" PRIu64 " executions, expected %" PRIu64, e->hooks[i].key, got, want);
            }
        }
    }
out:
    g_unlink(dump);
    g_unlink(trc);
    g_rmdir(dir);
    g_free(dump);
    g_free(trc);
    g_free(dir);
    g_ptr_array_free(av, TRUE);
    g_mutex_lock(&ru->lock);
    ru->done++;
    ru->failed += !r->pass;
    if (ru->progress) {
        fprintf(stderr, "\r\033[K[%u/%u] %u failed, last: %s", ru->done, ru->total, ru->failed, e->name);
        fflush(stderr);
    }
    g_mutex_unlock(&ru->lock);
}

static void xml_text(GString *o, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '<': g_string_append(o, "&lt;"); break;
        case '>': g_string_append(o, "&gt;"); break;
        case '&': g_string_append(o, "&amp;"); break;
        case '"': g_string_append(o, "&quot;"); break;
        default:
            if (c < 32 && c != '\n' && c != '\t')
                g_string_append_printf(o, "&#x%x;", 0xfffd);
            else if (c < 128)
                g_string_append_c(o, (char)c);
            else
                g_string_append_c(o, '?');
        }
    }
}

static int write_atomic(const char *path, const char *data, size_t n)
{
    gchar *tmp = g_strdup_printf("%s.tmp.XXXXXX", path);
    int fd = g_mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "ia64emu: %s: cannot write: %s\n", path, strerror(errno));
        g_free(tmp);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    ssize_t w = write(fd, data, n);
    if (close(fd) || w != (ssize_t)n || rename(tmp, path)) {
        fprintf(stderr, "ia64emu: %s: write error: %s\n", path, strerror(errno ? errno : EIO));
        g_unlink(tmp);
        g_free(tmp);
        return -1;
    }
    g_free(tmp);
    return 0;
}

/* --update-golden: the entry's expected output and exit status become
 * what the run gave (after the diff was shown). */
static int update_golden(struct result *r)
{
    GKeyFile *kf = g_key_file_new();
    GError *ge = NULL;
    if (!g_key_file_load_from_file(kf, r->e->path, G_KEY_FILE_KEEP_COMMENTS, &ge)) {
        fprintf(stderr, "ia64emu: %s: %s\n", r->e->path, ge->message);
        g_error_free(ge);
        g_key_file_free(kf);
        return -1;
    }
    g_key_file_set_integer(kf, "expect", "exit", r->status);
    if (g_key_file_has_key(kf, "expect", "output-file", NULL)) {
        gchar *of = g_key_file_get_string(kf, "expect", "output-file", NULL);
        gchar *dir = g_path_get_dirname(r->e->path);
        gchar *p = g_path_is_absolute(of) ? g_strdup(of) : g_build_filename(dir, of, NULL);
        write_atomic(p, r->out, r->out_len);
        g_free(p);
        g_free(dir);
        g_free(of);
    } else {
        g_key_file_set_string(kf, "expect", "output", r->out);
    }
    gsize n = 0;
    gchar *text = g_key_file_to_data(kf, &n, NULL);
    int rc = write_atomic(r->e->path, text, n);
    g_free(text);
    g_key_file_free(kf);
    return rc;
}

static int by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cmd_suite(int argc, char **argv)
{
    gint jobs = 1, timeout = DEFAULT_TIMEOUT;
    gboolean tap = FALSE, update = FALSE, no_progress = FALSE;
    gchar *junit = NULL, *build = NULL;
    GOptionEntry opts[] = {
        { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Run N entries at a time", "N" },
        { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
          "Kill and fail an entry that runs longer than SECONDS (for entries without [entry] timeout; default 120)",
          "SECONDS" },
        { "tap", 0, 0, G_OPTION_ARG_NONE, &tap, "Print TAP (Test Anything Protocol) instead of the lines", NULL },
        { "junit", 0, 0, G_OPTION_ARG_FILENAME, &junit, "Also write JUnit XML to FILE", "FILE" },
        { "update-golden", 0, 0, G_OPTION_ARG_NONE, &update,
          "Rewrite the expected output and exit status of failing entries, after showing the difference", NULL },
        { "build", 0, 0, G_OPTION_ARG_FILENAME, &build, "What @BUILD@ stands for (default: ia64emu's directory)",
          "DIR" },
        { "no-progress", 0, 0, G_OPTION_ARG_NONE, &no_progress, "No progress line, even on a terminal", NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("[DIR|FILE.ini...] - run a regression suite (default DIR: tests/suite)");
    GError *ge = NULL;
    g_option_context_add_main_entries(oc, opts, NULL);
    int rc = 2;
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    struct result *res = NULL;
    size_t nres = 0;
    gchar *self = NULL, *tmpdir = NULL;
    /* -jN as make takes it: -j N */
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; i < argc; i++) {
        if (!strncmp(argv[i], "-j", 2) && argv[i][2] && argv[i][2] != '=') {
            g_ptr_array_add(args, g_strdup("-j"));
            g_ptr_array_add(args, g_strdup(argv[i] + 2));
        } else {
            g_ptr_array_add(args, g_strdup(argv[i]));
        }
    }
    g_ptr_array_add(args, NULL);
    argc = (int)args->len - 1;
    gchar **argv_owned = g_memdup2(args->pdata, args->len * sizeof(gchar *));
    argv = argv_owned;
    int parsed = g_option_context_parse(oc, &argc, &argv, &ge);
    if (!parsed) {
        fprintf(stderr, "ia64emu suite: %s\n", ge->message);
        g_error_free(ge);
        goto out;
    }
    if (jobs < 1 || jobs > 256) {
        fprintf(stderr, "ia64emu suite: -j must be from 1 to 256\n");
        goto out;
    }
    if (timeout < 1 || timeout > 86400) {
        fprintf(stderr, "ia64emu suite: --timeout must be from 1 to 86400 seconds\n");
        goto out;
    }
    self = g_file_read_link("/proc/self/exe", NULL);
    if (!self) {
        fprintf(stderr, "ia64emu suite: cannot find this executable (/proc/self/exe)\n");
        goto out;
    }
    if (!build)
        build = g_path_get_dirname(self);
    const char *def[] = { "tests/suite" };
    char **paths = argc > 1 ? argv + 1 : (char **)def;
    int npaths = argc > 1 ? argc - 1 : 1;
    for (int i = 0; i < npaths; i++) {
        if (g_file_test(paths[i], G_FILE_TEST_IS_DIR)) {
            GDir *d = g_dir_open(paths[i], 0, &ge);
            if (!d) {
                fprintf(stderr, "ia64emu: %s: %s\n", paths[i], ge->message);
                g_error_free(ge);
                goto out;
            }
            GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
            const char *nm;
            while ((nm = g_dir_read_name(d)))
                if (g_str_has_suffix(nm, ".ini"))
                    g_ptr_array_add(names, g_build_filename(paths[i], nm, NULL));
            g_dir_close(d);
            g_ptr_array_sort(names, by_name);
            for (guint k = 0; k < names->len; k++)
                g_ptr_array_add(files, g_strdup(names->pdata[k]));
            g_ptr_array_free(names, TRUE);
        } else if (g_file_test(paths[i], G_FILE_TEST_EXISTS)) {
            g_ptr_array_add(files, g_strdup(paths[i]));
        } else {
            fprintf(stderr, "ia64emu: %s: no such manifest or directory\n", paths[i]);
            goto out;
        }
    }
    if (!files->len) {
        fprintf(stderr, "ia64emu suite: no manifests (*.ini) in %s\n", paths[0]);
        goto out;
    }
    res = g_new0(struct result, files->len);
    for (guint i = 0; i < files->len; i++) {
        char err[1024];
        res[i].e = g_new0(struct suite_entry, 1);
        nres = i + 1;
        if (suite_parse_file(res[i].e, files->pdata[i], build, err, sizeof err)) {
            fprintf(stderr, "ia64emu: %s\n", err);
            goto out;
        }
    }
    tmpdir = g_dir_make_tmp("ia64emu-suite-XXXXXX", &ge);
    if (!tmpdir) {
        fprintf(stderr, "ia64emu suite: %s\n", ge->message);
        g_error_free(ge);
        goto out;
    }
    struct runner ru = { self, tmpdir, timeout, { 0 }, 0, (unsigned)nres, 0, !no_progress && !tap && isatty(2) };
    g_mutex_init(&ru.lock);
    double t0 = now();
    GThreadPool *pool = g_thread_pool_new(run_entry, &ru, jobs, TRUE, NULL);
    for (size_t i = 0; i < nres; i++)
        g_thread_pool_push(pool, &res[i], NULL);
    g_thread_pool_free(pool, FALSE, TRUE);
    double total = now() - t0;
    g_mutex_clear(&ru.lock);
    if (ru.progress)
        fprintf(stderr, "\r\033[K");
    if (tap)
        printf("TAP version 13\n1..%zu\n", nres);
    unsigned failed = 0;
    for (size_t i = 0; i < nres; i++) {
        struct result *r = &res[i];
        failed += !r->pass;
        if (tap) {
            printf("%s %zu - %s\n", r->pass ? "ok" : "not ok", i + 1, r->e->name);
            if (!r->pass)
                printf("  # %s\n", r->why->str);
        } else if (r->pass) {
            printf("PASS  %-28s %7.2f s\n", r->e->name, r->secs);
        } else {
            printf("FAIL  %-28s %7.2f s  %s\n", r->e->name, r->secs, r->why->str);
        }
    }
    if (tap)
        printf("# %zu entries, %u passed, %u failed\n", nres, (unsigned)nres - failed, failed);
    else
        printf("%zu entries: %u passed, %u failed (%.2f s)\n", nres, (unsigned)nres - failed, failed, total);
    rc = failed ? 1 : 0;
    if (junit) {
        GString *x = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        g_string_append_printf(x, "<testsuites tests=\"%zu\" failures=\"%u\">\n<testsuite name=\"ia64emu\" tests=\"%zu\" "
                               "failures=\"%u\" errors=\"0\" time=\"%.3f\">\n", nres, failed, nres, failed, total);
        for (size_t i = 0; i < nres; i++) {
            struct result *r = &res[i];
            g_string_append(x, "  <testcase classname=\"suite\" name=\"");
            xml_text(x, r->e->name);
            g_string_append_printf(x, "\" time=\"%.3f\"", r->secs);
            if (r->pass) {
                g_string_append(x, "/>\n");
                continue;
            }
            g_string_append(x, ">\n    <failure message=\"");
            xml_text(x, r->why->str);
            g_string_append(x, "\">");
            xml_text(x, r->err ? r->err : "");
            g_string_append(x, "</failure>\n  </testcase>\n");
        }
        g_string_append(x, "</testsuite>\n</testsuites>\n");
        if (write_atomic(junit, x->str, x->len))
            rc = 2;
        g_string_free(x, TRUE);
    }
    if (update)
        for (size_t i = 0; i < nres; i++) {
            struct result *r = &res[i];
            if (r->pass || !r->out || r->timed_out)
                continue;
            printf("--- %s: expected (exit %d)\n%s", r->e->path, r->e->expect_exit,
                   r->e->expect_output ? r->e->expect_output : "(output not checked)\n");
            printf("+++ %s: this run (exit %d)\n%s", r->e->path, r->status, r->out);
            if (update_golden(r) == 0)
                printf("updated %s\n", r->e->path);
        }
    fflush(stdout);
out:
    if (tmpdir) {
        g_rmdir(tmpdir);
        g_free(tmpdir);
    }
    for (size_t i = 0; i < nres; i++) {
        suite_entry_free(res[i].e);
        g_free(res[i].e);
        if (res[i].why)
            g_string_free(res[i].why, TRUE);
        g_free(res[i].out);
        g_free(res[i].err);
    }
    g_free(res);
    g_ptr_array_free(files, TRUE);
    g_free(self);
    g_free(build);
    g_free(junit);
    g_option_context_free(oc);
    g_free(argv_owned);
    g_ptr_array_free(args, TRUE);
    return rc;
}
