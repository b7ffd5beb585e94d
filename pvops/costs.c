/* The cost accounting: the model (hv/costs.ini, --costs=FILE), the
 * per-hook table of `run --costs` and the key file `compare` reads.
 * See costs.h; the counting itself is in cpu/trace.c. */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "costs.h"
#include "costs_ini.h"     /* generated from hv/costs.ini: COSTS_INI_TEXT */
#include "hooks.h"
#include "keyfile_lines.h"

/* FILE's [model] keys over M (NAME, TEXT of N bytes: for the line of an
 * error). */
static int load_from(struct cost_model *m, GKeyFile *kf, const char *name, const char *text, size_t n, char *err,
                     size_t errlen)
{
    GError *ge = NULL;
#define X(param, counter)                                                                     \
    if (g_key_file_has_key(kf, "model", #param, NULL)) {                                      \
        double v = g_key_file_get_double(kf, "model", #param, &ge);                           \
        if (ge || !(v >= 0) || v > 1e15) {                                                    \
            snprintf(err, errlen, "%s:%d: [model] %s: %s", name,                              \
                     keyfile_line_of(text, n, "model", #param), #param,                       \
                     ge ? ge->message : "must be a number from 0 to 1e15");                   \
            if (ge)                                                                           \
                g_error_free(ge);                                                             \
            return -1;                                                                        \
        }                                                                                     \
        m->param = v;                                                                         \
    }
    COST_PARAMS(X)
#undef X
    gchar **groups = g_key_file_get_groups(kf, NULL);
    for (gchar **g = groups; g && *g; g++)
        if (strcmp(*g, "model")) {
            snprintf(err, errlen, "%s:%d: [%s]: the cost model has only a [model] group", name,
                     keyfile_line_of(text, n, *g, NULL), *g);
            g_strfreev(groups);
            return -1;
        }
    g_strfreev(groups);
    gchar **keys = g_key_file_get_keys(kf, "model", NULL, NULL);
    for (gchar **k = keys; k && *k; k++) {
        int known = 0;
#define X(param, counter) known |= !strcmp(*k, #param);
        COST_PARAMS(X)
#undef X
        if (!known) {
            snprintf(err, errlen, "%s:%d: [model] %s: not a parameter of the cost model", name,
                     keyfile_line_of(text, n, "model", *k), *k);
            g_strfreev(keys);
            return -1;
        }
    }
    g_strfreev(keys);
    return 0;
}

/* TEXT (N bytes, called NAME) as a key file over M. */
static int load_text(struct cost_model *m, const char *name, const char *text, size_t n, char *err, size_t errlen)
{
    int bad = keyfile_bad_line(text, n);
    if (bad) {
        snprintf(err, errlen, "%s:%d: not a [group], key = value or # comment", name, bad);
        return -1;
    }
    GKeyFile *kf = g_key_file_new();
    GError *ge = NULL;
    int r = -1;
    if (!g_key_file_load_from_data(kf, text, n, G_KEY_FILE_NONE, &ge)) {
        snprintf(err, errlen, "%s:%d: %s", name, keyfile_bad_line(text, n), ge->message);
        g_error_free(ge);
    } else {
        r = load_from(m, kf, name, text, n, err, errlen);
    }
    g_key_file_free(kf);
    return r;
}

int cost_model_load_data(struct cost_model *m, const char *name, const char *data, size_t n, char *err,
                         size_t errlen)
{
    memset(m, 0, sizeof *m);
    if (load_text(m, "hv/costs.ini", COSTS_INI_TEXT, strlen(COSTS_INI_TEXT), err, errlen))
        return -1;
    return data ? load_text(m, name, data, n, err, errlen) : 0;
}

int cost_model_load(struct cost_model *m, const char *file, char *err, size_t errlen)
{
    if (!file)
        return cost_model_load_data(m, NULL, NULL, 0, err, errlen);
    gchar *text = NULL;
    gsize n = 0;
    GError *ge = NULL;
    if (!g_file_get_contents(file, &text, &n, &ge)) {
        snprintf(err, errlen, "%s: %s", file, ge->message);
        g_error_free(ge);
        return -1;
    }
    int r = cost_model_load_data(m, file, text, n, err, errlen);
    g_free(text);
    return r;
}

double cost_cycles(const struct cost_model *m, const struct cost_counts *n)
{
    double c = 0;
#define X(param, counter) c += m->param * (double)n->counter;
    COST_PARAMS(X)
#undef X
    return c;
}

static void add_counts(struct cost_counts *a, const struct cost_counts *b)
{
#define COST(name, what) a->name += b->name;
#include "costs.def"
#undef COST
}

void costs_per_hook(const struct trace_costs *tc, struct cost_counts *out, int *present, size_t nhooks)
{
    memset(out, 0, nhooks * sizeof *out);
    memset(present, 0, nhooks * sizeof *present);
    for (uint32_t i = 0; i < tc->nsites; i++) {
        unsigned h = tc->sites[i].hook;
        if (h < nhooks) {
            add_counts(&out[h], &tc->site[i]);
            present[h] = 1;
        }
    }
}

static size_t hook_slots(void)
{
    size_t n = 0;
    for (size_t i = 0; i < pvops_hook_count; i++)
        if ((size_t)pvops_hooks[i].id + 1 > n)
            n = (size_t)pvops_hooks[i].id + 1;
    return n;
}

static const char *vec_name(unsigned v)
{
    return v == COST_VEC_NONE ? "none" : ivec_name((enum ivec)v);
}

void costs_print(FILE *f, const struct trace_costs *tc, const struct cost_model *m)
{
    size_t nh = hook_slots();
    struct cost_counts *per = g_new0(struct cost_counts, nh), tot = { 0 };
    int *present = g_new0(int, nh);
    costs_per_hook(tc, per, present, nh);
    fprintf(f, "ia64emu: costs per hook (counted inside the hook; cycles: the cost model)\n");
    fprintf(f, "ia64emu: %-18s %9s %10s %9s %9s %7s %7s %7s %7s %7s %8s %12s\n", "hook", "execs", "insns",
            "bundles", "groups", "hpfast", "hpslow", "privop", "reflect", "hvother", "xsi", "cycles");
    for (size_t h = 0; h < nh; h++) {
        const struct pvops_hook *hk = pvops_hook_by_id((int)h);
        if (!present[h] || !per[h].execs || !hk)
            continue;
        const struct cost_counts *n = &per[h];
        fprintf(f, "ia64emu: %-18s %9" PRIu64 " %10" PRIu64 " %9" PRIu64 " %9" PRIu64 " %7" PRIu64 " %7" PRIu64
                " %7" PRIu64 " %7" PRIu64 " %7" PRIu64 " %8" PRIu64 " %12.0f\n", hk->name, n->execs, n->insns,
                n->bundles, n->groups, n->hp_fast, n->hp_slow, n->privops, n->reflections, n->hv_other, n->xsi,
                cost_cycles(m, n));
        add_counts(&tot, n);
    }
    fprintf(f, "ia64emu: %-18s %9" PRIu64 " %10" PRIu64 " %9" PRIu64 " %9" PRIu64 " %7" PRIu64 " %7" PRIu64
            " %7" PRIu64 " %7" PRIu64 " %7" PRIu64 " %8" PRIu64 " %12.0f\n", "total", tot.execs, tot.insns,
            tot.bundles, tot.groups, tot.hp_fast, tot.hp_slow, tot.privops, tot.reflections, tot.hv_other, tot.xsi,
            cost_cycles(m, &tot));
    fprintf(f, "ia64emu: per vector (the handler running when the hook ran):\n");
    for (unsigned v = 0; v <= COST_VEC_NONE; v++) {
        const struct cost_counts *n = &tc->vec[v];
        if (n->execs || n->insns)
            fprintf(f, "ia64emu:   %-28s %9" PRIu64 " executions %10" PRIu64 " insns %8" PRIu64
                    " hv entries %12.0f cycles\n", vec_name(v), n->execs, n->insns,
                    n->hp_fast + n->hp_slow + n->privops + n->reflections + n->hv_other, cost_cycles(m, n));
    }
    const struct cost_counts *o = &tc->outside;
    fprintf(f, "ia64emu: hypervisor entries outside hooks: %" PRIu64 " (hyperprivops %" PRIu64 ", privop faults %"
            PRIu64 ", reflections %" PRIu64 ", other %" PRIu64 ")\n",
            o->hp_fast + o->hp_slow + o->privops + o->reflections + o->hv_other, o->hp_fast + o->hp_slow, o->privops,
            o->reflections, o->hv_other);
    g_free(per);
    g_free(present);
}

static void put_counts(GKeyFile *kf, const char *group, const struct cost_counts *n, const struct cost_model *m)
{
#define COST(name, what) g_key_file_set_uint64(kf, group, #name, n->name);
#include "costs.def"
#undef COST
    g_key_file_set_double(kf, group, "cycles", cost_cycles(m, n));
}

int costs_save(const char *path, const struct trace_costs *tc, const struct cost_model *m, char *err,
               size_t errlen)
{
    size_t nh = hook_slots();
    struct cost_counts *per = g_new0(struct cost_counts, nh), tot = { 0 };
    int *present = g_new0(int, nh);
    costs_per_hook(tc, per, present, nh);
    GKeyFile *kf = g_key_file_new();
    for (size_t h = 0; h < nh; h++) {
        const struct pvops_hook *hk = pvops_hook_by_id((int)h);
        if (!present[h] || !hk)
            continue;
        gchar *g = g_strdup_printf("hook %s", hk->name);
        put_counts(kf, g, &per[h], m);
        g_free(g);
        add_counts(&tot, &per[h]);
    }
    put_counts(kf, "total", &tot, m);
    put_counts(kf, "outside", &tc->outside, m);
    for (unsigned v = 0; v <= COST_VEC_NONE; v++)
        if (tc->vec[v].execs || tc->vec[v].insns) {
            gchar *g = g_strdup_printf("vector %s", vec_name(v));
            put_counts(kf, g, &tc->vec[v], m);
            g_free(g);
        }
    g_key_file_set_uint64(kf, "user", "syscalls", tc->nuser);
    GString *calls = g_string_new(NULL);
    for (uint64_t i = 0; i < tc->nuser; i++)
        g_string_append_printf(calls, "%s0x%" PRIx64 ":%" PRIu64 ":%016" PRIx64, i ? ";" : "", tc->user[i].ip,
                               tc->user[i].nr, tc->user[i].hash);
    g_key_file_set_string(kf, "user", "calls", calls->str);
    g_string_free(calls, TRUE);
    GError *ge = NULL;
    int r = 0;
    if (!g_key_file_save_to_file(kf, path, &ge)) {
        snprintf(err, errlen, "%s: %s", path, ge->message);
        g_error_free(ge);
        r = -1;
    }
    g_key_file_free(kf);
    g_free(per);
    g_free(present);
    return r;
}

void costs_print_sites(FILE *f, const struct trace_costs *tc)
{
    fprintf(f, "ia64emu: hook sites that ran (id, hook, address: executions, instructions, privileged-operation "
            "faults, reflections, other hypervisor entries):\n");
    for (uint32_t i = 0; i < tc->nsites; i++) {
        const struct cost_counts *n = &tc->site[i];
        if (!n->execs && !n->privops && !n->reflections && !n->hv_other)
            continue;
        const struct pvops_hook *hk = pvops_hook_by_id(tc->sites[i].hook);
        fprintf(f, "ia64emu:   site %4" PRIu32 " %-36s 0x%016" PRIx64 ": %8" PRIu64 " %9" PRIu64 " %7" PRIu64
                " %7" PRIu64 " %7" PRIu64 "\n", tc->sites[i].id, hk ? hk->name : "?", tc->sites[i].addr, n->execs,
                n->insns, n->privops, n->reflections, n->hv_other);
    }
}
