/* Trace files (docs/trace-format.md): starting a recording for `run`, and
 * the reader that `trace dump|diff|export|stats`, the suite's hook counts
 * and the trace fuzz target share. */
#ifndef IA64EMU_TRACEFILE_H
#define IA64EMU_TRACEFILE_H

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#include "image.h"
#include "machine.h"
#include "trace.h"

/* run --trace: the header from IMG (its SHA-256, its hook sites), the
 * recorder opened on PATH and attached to M.  NULL and ERR on failure. */
struct trace *trace_begin(struct machine *m, const struct image *img, const char *path, int level, int mode,
                          int system_mode, const char *options, char *err, size_t errlen);

/* The hook sites recorded in IMG's .data..pvops_sites (a linked image):
 * a g_new array (NULL when none) and their number; -1 and ERR for a
 * corrupt section. */
int trace_sites_of_image(const struct image *img, struct trace_site **out, uint32_t *n, char *err,
                         size_t errlen);

struct trace_value {
    uint8_t cls;                 /* VAL_* */
    uint64_t num, val, val2;
};

struct trace_event {
    unsigned type;               /* TEV_* */
    uint64_t t;                  /* instruction count */
    uint64_t offset;             /* of the event in the file */
    uint64_t a[6];               /* the fields, in the format's order */
    const uint8_t *data;         /* TEV_CONSOLE: the bytes */
    size_t len;
    unsigned nval;               /* TEV_INSN: the values written */
    struct trace_value val[6];
};

struct trace_file {
    char *name;
    uint8_t *bytes;
    size_t n, pos;
    void *mapped;                /* GMappedFile, or NULL */
    struct trace_header h;
    uint64_t t;
    int ended;
    uint64_t events;
    /* an INSN run being read: its records left, address, last slot */
    unsigned run_left;
    uint64_t run_ip;
    int run_slot;
};

/* Opens PATH (or the N bytes at DATA, called NAME) and reads the header.
 * 0, or -1 with a one-line ERR naming the file and the offset. */
int tracefile_open(struct trace_file *f, const char *path, char *err, size_t errlen);
int tracefile_open_bytes(struct trace_file *f, const char *name, const uint8_t *data, size_t n, char *err,
                         size_t errlen);
/* The next event: 1; 0 after the END event (which is returned first, as
 * an event); -1 and ERR for a truncated or corrupt file. */
int tracefile_next(struct trace_file *f, struct trace_event *ev, char *err, size_t errlen);
void tracefile_close(struct trace_file *f);
/* The site of id ID in the header, or NULL. */
const struct trace_site *tracefile_site(const struct trace_file *f, uint32_t id);

/* trace export --perfetto: F's events (from where the header ends) as
 * Chrome trace-event JSON appended to O; 0, or -1 and ERR (trace_cmd.c). */
int trace_export_perfetto(struct trace_file *f, GString *o, char *err, size_t errlen);

const char *trace_event_name(unsigned type);
const char *trace_mode_name(unsigned mode);
const char *trace_level_name(unsigned level);

#endif
