/* The regression suite (ia64emu suite, docs/suite.md): one manifest per
 * entry, a GLib key file (.ini). */
#ifndef IA64EMU_SUITE_H
#define IA64EMU_SUITE_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

struct suite_kv {
    char *key, *value;
    int line;
};

struct suite_entry {
    char *path;                  /* the manifest */
    char *name;                  /* [entry] name, or the file's stem */
    char *image;                 /* @BUILD@ replaced by the build directory */
    char *mode;                  /* a --mode of ia64emu run: auto, native, user, system, xen, patched, trap */
    char **args, **options;      /* NULL-terminated */
    char *stdin_path;            /* or NULL */
    int timeout;                 /* [entry] timeout in seconds, or 0: the runner's --timeout */
    int expect_exit;
    char *expect_output;         /* or NULL: not checked */
    size_t expect_output_len;
    int output_line, exit_line;  /* where they are, for --update-golden */
    char **expect_stderr;        /* [expect] stderr: texts stderr must contain; NULL-terminated */
    struct suite_kv *vectors;    /* [expect] vectors: "11:1002 12:24" split */
    size_t nvectors;
    struct suite_kv *state;      /* [state] key = value: --dump-state paths */
    size_t nstate;
    struct suite_kv *hooks;      /* [hooks] HOOK = executions */
    size_t nhooks;
};

/* Parses the manifest at PATH (or the N bytes at DATA, called PATH).
 * BUILD replaces @BUILD@ in paths; the manifest's own directory is
 * prefixed to a relative image or stdin path.  0, or -1 with a one-line
 * ERR naming the file and the line. */
int suite_parse_file(struct suite_entry *e, const char *path, const char *build, char *err, size_t errlen);
int suite_parse_data(struct suite_entry *e, const char *path, const char *data, size_t n, const char *build,
                     char *err, size_t errlen);
void suite_entry_free(struct suite_entry *e);

/* A minimal JSON reader for --dump-state: every scalar under its dotted
 * path ("ip", "gr.8", "ar.lc", "fr.2.sig", "vectors.11"), as text
 * (strings without their quotes).  NULL for malformed JSON. */
GHashTable *suite_json_flatten(const char *text, size_t n);

#endif
