/* Suite manifests (suite.h, docs/suite.md): parsing and checking, with
 * the line of every error; and the small JSON reader for state dumps. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "keyfile_lines.h"
#include "suite.h"

static const char *const entry_keys[] = { "name", "image", "mode", "args", "options", "stdin", "timeout", NULL };
static const char *const expect_keys[] = { "exit", "output", "output-file", "stderr", "vectors", NULL };

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (!strcmp(*list, s))
            return 1;
    return 0;
}

#define FAIL(...)                                                              \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        goto fail;                                                             \
    } while (0)

static char *resolve(const char *path, const char *dir, const char *build)
{
    gchar **parts = g_strsplit(path, "@BUILD@", -1);
    gchar *s = g_strjoinv(build ? build : ".", parts);
    g_strfreev(parts);
    if (g_path_is_absolute(s))
        return s;
    gchar *r = g_build_filename(dir, s, NULL);
    g_free(s);
    return r;
}

static int parse_kv_group(GKeyFile *kf, const char *data, size_t n, const char *path, const char *group,
                          struct suite_kv **out, size_t *nout, char *err, size_t errlen)
{
    gsize nk = 0;
    gchar **keys = g_key_file_get_keys(kf, group, &nk, NULL);
    *out = g_new0(struct suite_kv, nk ? nk : 1);
    *nout = 0;
    for (gsize i = 0; i < nk; i++) {
        gchar *v = g_key_file_get_value(kf, group, keys[i], NULL);
        int line = keyfile_line_of(data, n, group, keys[i]);
        if (!v || !*g_strstrip(v)) {
            snprintf(err, errlen, "%s:%d: [%s] %s has no value", path, line, group, keys[i]);
            g_free(v);
            g_strfreev(keys);
            return -1;
        }
        (*out)[*nout].key = g_strdup(keys[i]);
        (*out)[*nout].value = v;
        (*out)[*nout].line = line;
        (*nout)++;
    }
    g_strfreev(keys);
    return 0;
}

int suite_parse_data(struct suite_entry *e, const char *path, const char *data, size_t n, const char *build,
                     char *err, size_t errlen)
{
    memset(e, 0, sizeof *e);
    e->path = g_strdup(path);
    GKeyFile *kf = g_key_file_new();
    GError *ge = NULL;
    gchar *dir = g_path_get_dirname(path);
    int bad = keyfile_bad_line(data, n);
    if (bad)
        FAIL("%s:%d: not a [group], key = value or # comment", path, bad);
    if (!g_key_file_load_from_data(kf, data, n, G_KEY_FILE_KEEP_COMMENTS, &ge)) {
        snprintf(err, errlen, "%s:%d: %s", path, keyfile_bad_line(data, n), ge->message);
        g_error_free(ge);
        goto fail;
    }
    gsize ng = 0;
    gchar **groups = g_key_file_get_groups(kf, &ng);
    for (gsize i = 0; i < ng; i++)
        if (strcmp(groups[i], "entry") && strcmp(groups[i], "expect") && strcmp(groups[i], "state") &&
            strcmp(groups[i], "hooks")) {
            int line = keyfile_line_of(data, n, groups[i], NULL);
            snprintf(err, errlen, "%s:%d: unknown group [%s] (entry, expect, state or hooks)", path, line,
                     groups[i]);
            g_strfreev(groups);
            goto fail;
        }
    g_strfreev(groups);
    static const char *const known_groups[] = { "entry", "expect" };
    for (int g = 0; g < 2; g++) {
        gchar **keys = g_key_file_get_keys(kf, known_groups[g], NULL, NULL);
        for (gchar **k = keys; k && *k; k++)
            if (!in_list(g ? expect_keys : entry_keys, *k)) {
                snprintf(err, errlen, "%s:%d: unknown key %s in [%s]", path, keyfile_line_of(data, n, known_groups[g], *k), *k,
                         known_groups[g]);
                g_strfreev(keys);
                goto fail;
            }
        g_strfreev(keys);
    }
    gchar *image = g_key_file_get_string(kf, "entry", "image", NULL);
    if (!image || !*image) {
        g_free(image);
        FAIL("%s:%d: [entry] needs image = FILE", path, keyfile_line_of(data, n, "entry", NULL));
    }
    e->image = resolve(image, dir, build);
    g_free(image);
    e->name = g_key_file_get_string(kf, "entry", "name", NULL);
    if (!e->name) {
        gchar *base = g_path_get_basename(path);
        char *dot = strrchr(base, '.');
        if (dot && dot != base)
            *dot = '\0';
        e->name = base;
    }
    e->mode = g_key_file_get_string(kf, "entry", "mode", NULL);
    if (!e->mode)
        e->mode = g_strdup("auto");
    static const char *const modes[] = { "auto", "native", "user", "system", "xen", "patched", "trap", NULL };
    if (!in_list(modes, e->mode))
        FAIL("%s:%d: mode = %s: expected auto, native, user, system, xen, patched or trap", path,
             keyfile_line_of(data, n, "entry", "mode"), e->mode);
    e->args = g_key_file_has_key(kf, "entry", "args", NULL)
                  ? g_key_file_get_string_list(kf, "entry", "args", NULL, NULL) : NULL;
    e->options = g_key_file_has_key(kf, "entry", "options", NULL)
                     ? g_key_file_get_string_list(kf, "entry", "options", NULL, NULL) : NULL;
    if (!e->args)
        e->args = g_new0(char *, 1);
    if (!e->options)
        e->options = g_new0(char *, 1);
    for (char **o = e->options; *o; o++)
        if (strncmp(*o, "--", 2) || !strncmp(*o, "--dump-state", 12) || !strncmp(*o, "--trace", 7) ||
            !strncmp(*o, "--mode", 6))
            FAIL("%s:%d: options: %s is not a run option the suite passes on", path,
                 keyfile_line_of(data, n, "entry", "options"), *o);
    if (g_key_file_has_key(kf, "entry", "timeout", NULL)) {
        gchar *v = g_key_file_get_value(kf, "entry", "timeout", NULL);
        char *end = NULL;
        errno = 0;
        long t = v ? strtol(g_strstrip(v), &end, 10) : 0;
        int ok = v && isdigit((unsigned char)*v) && !*end && !errno && t > 0 && t <= 86400;
        g_free(v);
        if (!ok)
            FAIL("%s:%d: timeout must be a whole number of seconds from 1 to 86400", path,
                 keyfile_line_of(data, n, "entry", "timeout"));
        e->timeout = (int)t;
    }
    gchar *in = g_key_file_get_string(kf, "entry", "stdin", NULL);
    if (in) {
        e->stdin_path = resolve(in, dir, build);
        g_free(in);
    }
    /* [expect] */
    e->exit_line = keyfile_line_of(data, n, "expect", "exit");
    if (!g_key_file_has_key(kf, "expect", "exit", NULL))
        FAIL("%s:%d: [expect] needs exit = STATUS", path, keyfile_line_of(data, n, "expect", NULL));
    {
        gchar *v = g_key_file_get_value(kf, "expect", "exit", NULL);
        char *end;
        errno = 0;
        long x = v ? strtol(g_strstrip(v), &end, 10) : -1;
        int ok = v && *v && !*end && !errno && x >= 0 && x <= 255;
        g_free(v);
        if (!ok)
            FAIL("%s:%d: exit must be a status from 0 to 255", path, e->exit_line);
        e->expect_exit = (int)x;
    }
    if (g_key_file_has_key(kf, "expect", "output", NULL) && g_key_file_has_key(kf, "expect", "output-file", NULL))
        FAIL("%s:%d: output and output-file both given", path, keyfile_line_of(data, n, "expect", "output-file"));
    e->output_line = keyfile_line_of(data, n, "expect", "output");
    if (g_key_file_has_key(kf, "expect", "output", NULL)) {
        e->expect_output = g_key_file_get_string(kf, "expect", "output", &ge);
        if (!e->expect_output) {
            snprintf(err, errlen, "%s:%d: output: %s", path, e->output_line, ge->message);
            g_error_free(ge);
            goto fail;
        }
        e->expect_output_len = strlen(e->expect_output);
    } else if (g_key_file_has_key(kf, "expect", "output-file", NULL)) {
        gchar *of = g_key_file_get_string(kf, "expect", "output-file", NULL);
        gchar *p = resolve(of ? of : "", dir, build);
        gsize len = 0;
        int line = keyfile_line_of(data, n, "expect", "output-file");
        g_free(of);
        if (!g_file_get_contents(p, &e->expect_output, &len, &ge)) {
            snprintf(err, errlen, "%s:%d: output-file: %s", path, line, ge->message);
            g_error_free(ge);
            g_free(p);
            goto fail;
        }
        g_free(p);
        e->expect_output_len = len;
    }
    if (g_key_file_has_key(kf, "expect", "stderr", NULL)) {
        int line = keyfile_line_of(data, n, "expect", "stderr");
        e->expect_stderr = g_key_file_get_string_list(kf, "expect", "stderr", NULL, &ge);
        if (!e->expect_stderr) {
            snprintf(err, errlen, "%s:%d: stderr: %s", path, line, ge->message);
            g_error_free(ge);
            goto fail;
        }
        for (char **s = e->expect_stderr; *s; s++)
            if (!**s)
                FAIL("%s:%d: stderr: an empty text", path, line);
    }
    if (g_key_file_has_key(kf, "expect", "vectors", NULL)) {
        int line = keyfile_line_of(data, n, "expect", "vectors");
        gchar *v = g_key_file_get_value(kf, "expect", "vectors", NULL);
        gchar **items = g_strsplit_set(v ? v : "", " \t,", -1);
        g_free(v);
        size_t cnt = 0;
        for (gchar **it = items; *it; it++)
            cnt += **it != '\0';
        e->vectors = g_new0(struct suite_kv, cnt ? cnt : 1);
        for (gchar **it = items; *it; it++) {
            if (!**it)
                continue;
            char *colon = strchr(*it, ':'), *end1, *end2;
            unsigned long vec = colon ? strtoul(*it, &end1, 10) : 0;
            unsigned long long count = colon ? strtoull(colon + 1, &end2, 10) : 0;
            if (!colon || end1 != colon || *end2 || colon == *it || !colon[1] || vec >= 68 || !isdigit((unsigned char)colon[1])) {
                snprintf(err, errlen, "%s:%d: vectors: '%s' is not VECTOR:COUNT (a vector below 68)", path, line, *it);
                g_strfreev(items);
                goto fail;
            }
            (void)count;
            e->vectors[e->nvectors].key = g_strndup(*it, (gsize)(colon - *it));
            e->vectors[e->nvectors].value = g_strdup(colon + 1);
            e->vectors[e->nvectors].line = line;
            e->nvectors++;
        }
        g_strfreev(items);
    }
    if (g_key_file_has_group(kf, "state") &&
        parse_kv_group(kf, data, n, path, "state", &e->state, &e->nstate, err, errlen))
        goto fail;
    if (g_key_file_has_group(kf, "hooks")) {
        if (parse_kv_group(kf, data, n, path, "hooks", &e->hooks, &e->nhooks, err, errlen))
            goto fail;
        for (size_t i = 0; i < e->nhooks; i++) {
            int known = 0;
            for (size_t k = 0; k < pvops_hook_count; k++)
                known |= !strcmp(pvops_hooks[k].name, e->hooks[i].key);
            char *end;
            errno = 0;
            strtoull(e->hooks[i].value, &end, 10);
            if (!known)
                FAIL("%s:%d: [hooks] %s is not a hook of pvops/hooks.def", path, e->hooks[i].line, e->hooks[i].key);
            if (*end || errno || !isdigit((unsigned char)e->hooks[i].value[0]))
                FAIL("%s:%d: [hooks] %s: expected a number of executions", path, e->hooks[i].line, e->hooks[i].key);
        }
    }
    g_free(dir);
    g_key_file_free(kf);
    return 0;
fail:
    /* one line: values quoted in the message may hold escaped control characters */
    for (char *q = err; *q; q++)
        if ((unsigned char)*q < 32)
            *q = '?';
    g_free(dir);
    g_key_file_free(kf);
    return -1;
}

int suite_parse_file(struct suite_entry *e, const char *path, const char *build, char *err, size_t errlen)
{
    gchar *data = NULL;
    gsize n = 0;
    GError *ge = NULL;
    if (!g_file_get_contents(path, &data, &n, &ge)) {
        memset(e, 0, sizeof *e);
        snprintf(err, errlen, "%s: cannot read: %s", path, ge->message);
        g_error_free(ge);
        return -1;
    }
    int r = suite_parse_data(e, path, data, n, build, err, errlen);
    g_free(data);
    return r;
}

static void free_kv(struct suite_kv *kv, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_free(kv[i].key);
        g_free(kv[i].value);
    }
    g_free(kv);
}

void suite_entry_free(struct suite_entry *e)
{
    g_free(e->path);
    g_free(e->name);
    g_free(e->image);
    g_free(e->mode);
    g_strfreev(e->args);
    g_strfreev(e->options);
    g_free(e->stdin_path);
    g_free(e->expect_output);
    g_strfreev(e->expect_stderr);
    free_kv(e->vectors, e->nvectors);
    free_kv(e->state, e->nstate);
    free_kv(e->hooks, e->nhooks);
    memset(e, 0, sizeof *e);
}

/* ------------------------------------------------------------ JSON */
struct jp {
    const char *p, *end;
    GHashTable *out;
    int depth;
};

static void ws(struct jp *j)
{
    while (j->p < j->end && isspace((unsigned char)*j->p))
        j->p++;
}

static int jvalue(struct jp *j, GString *path);

static int jstring(struct jp *j, GString *s)
{
    if (j->p >= j->end || *j->p != '"')
        return -1;
    j->p++;
    while (j->p < j->end && *j->p != '"') {
        if (*j->p == '\\') {
            if (++j->p >= j->end)
                return -1;
        }
        if (s)
            g_string_append_c(s, *j->p);
        j->p++;
    }
    if (j->p >= j->end)
        return -1;
    j->p++;
    return 0;
}

static int jvalue(struct jp *j, GString *path)
{
    ws(j);
    if (j->p >= j->end || ++j->depth > 32)
        return -1;
    size_t base = path->len;
    int r = 0;
    if (*j->p == '{' || *j->p == '[') {
        int obj = *j->p == '{';
        j->p++;
        ws(j);
        if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
            j->p++;
            j->depth--;
            return 0;
        }
        for (unsigned idx = 0;; idx++) {
            g_string_truncate(path, base);
            if (base)
                g_string_append_c(path, '.');
            ws(j);
            if (obj) {
                if (jstring(j, path))
                    return -1;
                ws(j);
                if (j->p >= j->end || *j->p != ':')
                    return -1;
                j->p++;
            } else {
                g_string_append_printf(path, "%u", idx);
            }
            if (jvalue(j, path))
                return -1;
            ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
                j->p++;
                break;
            }
            return -1;
        }
        g_string_truncate(path, base);
    } else if (*j->p == '"') {
        GString *s = g_string_new(NULL);
        r = jstring(j, s);
        if (!r)
            g_hash_table_replace(j->out, g_strdup(path->str), g_string_free(s, FALSE));
        else
            g_string_free(s, TRUE);
    } else {
        const char *st = j->p;
        while (j->p < j->end && (isalnum((unsigned char)*j->p) || *j->p == '-' || *j->p == '+' || *j->p == '.'))
            j->p++;
        if (j->p == st)
            return -1;
        g_hash_table_replace(j->out, g_strdup(path->str), g_strndup(st, (gsize)(j->p - st)));
    }
    j->depth--;
    return r;
}

GHashTable *suite_json_flatten(const char *text, size_t n)
{
    struct jp j = { text, text + n, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free), 0 };
    GString *path = g_string_new(NULL);
    int r = jvalue(&j, path);
    g_string_free(path, TRUE);
    ws(&j);
    if (r || j.p != j.end) {
        g_hash_table_destroy(j.out);
        return NULL;
    }
    return j.out;
}
