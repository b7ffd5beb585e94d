/* Trace files: the recording's header, and the reader (tracefile.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "hooks.h"
#include "tracefile.h"

/* ------------------------------------------------------------ recording */
int trace_sites_of_image(const struct image *img, struct trace_site **out, uint32_t *n, char *err,
                         size_t errlen)
{
    *out = NULL;
    *n = 0;
    const struct image_section *sec = NULL;
    for (size_t i = 0; i < img->nsec; i++)
        if (!strcmp(img->sec[i].name, PVOPS_SITES_SECTION_NAME))
            sec = &img->sec[i];
    if (!sec || !sec->data || !sec->size || img->relocatable)
        return 0;
    if (sec->size % PVOPS_SITE_RECORD_SIZE) {
        snprintf(err, errlen, "%s: %s is 0x%" PRIx64 " bytes, not a whole number of %d-byte records", img->path,
                 PVOPS_SITES_SECTION_NAME, sec->size, PVOPS_SITE_RECORD_SIZE);
        return -1;
    }
    size_t nrec = sec->size / PVOPS_SITE_RECORD_SIZE;
    struct trace_site *s = g_new0(struct trace_site, nrec);
    for (size_t i = 0; i < nrec; i++) {
        struct pvops_site ps;
        if (pvops_site_decode(sec->data + i * PVOPS_SITE_RECORD_SIZE, &ps) || !ps.bundles) {
            snprintf(err, errlen, "%s: site record %zu of %s does not match pvops/hooks.def", img->path, i,
                     PVOPS_SITES_SECTION_NAME);
            g_free(s);
            return -1;
        }
        s[i].id = ps.id;
        s[i].hook = ps.hook;
        s[i].bundles = ps.bundles;
        s[i].addr = ps.addr;
    }
    *out = s;
    *n = (uint32_t)nrec;
    return 0;
}

struct trace *trace_begin(struct machine *m, const struct image *img, const char *path, int level, int mode,
                          int system_mode, const char *options, char *err, size_t errlen)
{
    struct trace_header h = { 0 };
    h.version = TRACE_VERSION;
    h.level = (uint32_t)level;
    h.mode = (uint32_t)mode;
    h.system_mode = (uint32_t)system_mode;
    h.image_size = img->nbytes;
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(ck, img->bytes, (gssize)img->nbytes);
    gsize dl = 32;
    g_checksum_get_digest(ck, h.image_sha256, &dl);
    g_checksum_free(ck);
    h.image_path = img->path;
    h.options = (char *)options;
    if (trace_sites_of_image(img, &h.sites, &h.nsites, err, errlen))
        return NULL;
    struct trace *t = trace_open(path, &h, err, errlen);
    g_free(h.sites);
    if (t)
        trace_attach(m, t);
    return t;
}

/* ------------------------------------------------------------ names */
static const char *const ev_names[TEV_COUNT] = {
    [TEV_INTR] = "INTR", [TEV_RFI] = "RFI", [TEV_TLB_INSERT] = "TLB_INSERT", [TEV_TLB_PURGE] = "TLB_PURGE",
    [TEV_CALL] = "CALL", [TEV_CONSOLE] = "CONSOLE", [TEV_HOOK_ENTER] = "HOOK_ENTER",
    [TEV_HOOK_EXIT] = "HOOK_EXIT", [TEV_HV_ENTER] = "HV_ENTER", [TEV_HV_EXIT] = "HV_EXIT",
    [TEV_BRANCH] = "BRANCH", [TEV_INSN] = "INSN", [TEV_END] = "END",
};

const char *trace_event_name(unsigned type)
{
    return type < TEV_COUNT && ev_names[type] ? ev_names[type] : "?";
}

const char *trace_mode_name(unsigned mode)
{
    static const char *const n[] = { "native", "xen", "patched", "trap" };
    return mode < 4 ? n[mode] : "?";
}

const char *trace_level_name(unsigned level)
{
    static const char *const n[] = { "events", "branches", "insns" };
    return level < 3 ? n[level] : "?";
}

/* ------------------------------------------------------------ reading */
#define FAIL(...)                                                              \
    do {                                                                       \
        snprintf(err, errlen, __VA_ARGS__);                                    \
        return -1;                                                             \
    } while (0)

/* A LEB128 varint at f->pos: 0, or -1 (truncated: *trunc = 1; over 64
 * bits: *trunc = 0). */
static int get_u(struct trace_file *f, uint64_t *v, int *trunc)
{
    uint64_t r = 0;
    for (unsigned shift = 0;; shift += 7) {
        if (f->pos >= f->n) {
            *trunc = 1;
            return -1;
        }
        uint8_t b = f->bytes[f->pos++];
        if (shift == 63 && (b & 0x7e)) {
            *trunc = 0;
            return -1;
        }
        r |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
        if (shift >= 63) {
            *trunc = 0;
            return -1;
        }
    }
    *v = r;
    return 0;
}

#define GET(v, what)                                                                                    \
    do {                                                                                                \
        int trunc_ = 0;                                                                                 \
        size_t at_ = f->pos;                                                                            \
        if (get_u(f, &(v), &trunc_)) {                                                                  \
            if (trunc_)                                                                                 \
                FAIL("%s: truncated trace: %s cut short at offset %zu", f->name, what, at_);           \
            FAIL("%s: corrupt trace at offset %zu: %s is not a 64-bit varint", f->name, at_, what);   \
        }                                                                                               \
    } while (0)

static int get_str(struct trace_file *f, char **out, const char *what, char *err, size_t errlen)
{
    uint64_t n;
    GET(n, what);
    if (n > f->n - f->pos)
        FAIL("%s: truncated trace: %s of %" PRIu64 " bytes at offset %zu runs past the end", f->name, what, n,
             f->pos);
    if (memchr(f->bytes + f->pos, 0, n))
        FAIL("%s: corrupt trace at offset %zu: %s holds a NUL byte", f->name, f->pos, what);
    *out = g_strndup((const char *)f->bytes + f->pos, n);
    f->pos += n;
    return 0;
}

static int read_header(struct trace_file *f, char *err, size_t errlen)
{
    struct trace_header *h = &f->h;
    uint64_t v;
    if (f->n < 8 || memcmp(f->bytes, TRACE_MAGIC, 8))
        FAIL("%s: not an ia64emu trace (bad magic at offset 0)", f->name);
    f->pos = 8;
    GET(v, "the version");
    if (v != TRACE_VERSION)
        FAIL("%s: trace format version %" PRIu64 " at offset 8; this ia64emu reads version %d", f->name, v,
             TRACE_VERSION);
    h->version = (uint32_t)v;
    size_t at = f->pos;
    GET(v, "the level");
    if (v > TRACE_INSNS)
        FAIL("%s: corrupt trace at offset %zu: level %" PRIu64, f->name, at, v);
    h->level = (uint32_t)v;
    at = f->pos;
    GET(v, "the mode");
    if (v > TRACE_MODE_TRAP)
        FAIL("%s: corrupt trace at offset %zu: mode %" PRIu64, f->name, at, v);
    h->mode = (uint32_t)v;
    at = f->pos;
    GET(v, "the system-mode flag");
    if (v > 1)
        FAIL("%s: corrupt trace at offset %zu: system-mode flag %" PRIu64, f->name, at, v);
    h->system_mode = (uint32_t)v;
    GET(h->image_size, "the image size");
    if (f->n - f->pos < 32)
        FAIL("%s: truncated trace: the image hash at offset %zu runs past the end", f->name, f->pos);
    memcpy(h->image_sha256, f->bytes + f->pos, 32);
    f->pos += 32;
    if (get_str(f, &h->image_path, "the image path", err, errlen) ||
        get_str(f, &h->options, "the options", err, errlen))
        return -1;
    at = f->pos;
    GET(v, "the site count");
    if (v > (f->n - f->pos) / 4)
        FAIL("%s: corrupt trace at offset %zu: %" PRIu64 " sites cannot fit in the file", f->name, at, v);
    h->nsites = (uint32_t)v;
    h->sites = g_new0(struct trace_site, h->nsites ? h->nsites : 1);
    for (uint32_t i = 0; i < h->nsites; i++) {
        uint64_t id, hook, b, addr;
        at = f->pos;
        GET(id, "a site id");
        GET(hook, "a site's hook");
        GET(b, "a site's length");
        GET(addr, "a site's address");
        if (id > UINT32_MAX || !pvops_hook_by_id((int)(hook > 0xffff ? 0xffff : hook)) || !b || b > 255 ||
            (addr & 15) || addr + 16 * b < addr)
            FAIL("%s: corrupt trace at offset %zu: site record %u (id %" PRIu64 ", hook %" PRIu64 ")", f->name,
                 at, i, id, hook);
        for (uint32_t j = 0; j < i; j++)
            if (h->sites[j].id == id)
                FAIL("%s: corrupt trace at offset %zu: site id %" PRIu64 " twice", f->name, at, id);
        h->sites[i] = (struct trace_site){ (uint32_t)id, (uint16_t)hook, (uint8_t)b, addr };
    }
    return 0;
}

int tracefile_open_bytes(struct trace_file *f, const char *name, const uint8_t *data, size_t n, char *err,
                         size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->name = g_strdup(name);
    f->bytes = (uint8_t *)data;
    f->n = n;
    return read_header(f, err, errlen);
}

int tracefile_open(struct trace_file *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    GError *ge = NULL;
    GMappedFile *mf = g_mapped_file_new(path, FALSE, &ge);
    if (!mf) {
        f->name = g_strdup(path);
        snprintf(err, errlen, "%s: cannot read: %s", path, ge->message);
        g_error_free(ge);
        return -1;
    }
    int r = tracefile_open_bytes(f, path, (const uint8_t *)g_mapped_file_get_contents(mf),
                                 g_mapped_file_get_length(mf), err, errlen);
    f->mapped = mf;
    return r;
}

void tracefile_close(struct trace_file *f)
{
    g_free(f->name);
    g_free(f->h.image_path);
    g_free(f->h.options);
    g_free(f->h.sites);
    if (f->mapped)
        g_mapped_file_unref(f->mapped);
    memset(f, 0, sizeof *f);
}

const struct trace_site *tracefile_site(const struct trace_file *f, uint32_t id)
{
    for (uint32_t i = 0; i < f->h.nsites; i++)
        if (f->h.sites[i].id == id)
            return &f->h.sites[i];
    return NULL;
}

/* the number of varint fields after the time, by type (CONSOLE, INSN and
 * TLB events are read by hand) */
static const uint8_t nfields[TEV_COUNT] = {
    [TEV_INTR] = 5, [TEV_RFI] = 3, [TEV_CALL] = 6, [TEV_HOOK_ENTER] = 2, [TEV_HOOK_EXIT] = 2,
    [TEV_HV_ENTER] = 3, [TEV_HV_EXIT] = 3, [TEV_BRANCH] = 4, [TEV_END] = 2,
};

/* One slot record of an INSN run (docs/trace-format.md) at f->pos: its
 * slot and flags in a[1], its values.  PREV: the slot before it in the
 * run, or -1 at the run's first. */
static int get_insn_slot(struct trace_file *f, struct trace_event *ev, int prev, char *err, size_t errlen)
{
    const char *what = "an INSN record";
    size_t at = f->pos;
    if (f->pos >= f->n)
        FAIL("%s: truncated trace: %s cut short at offset %zu", f->name, what, f->pos);
    unsigned b = f->bytes[f->pos++], k = b & 3, n = b >> 4;
    ev->a[1] = b & 15;
    if (k > 2 || (b & 0x80) || n > 6 || (prev >= 0 && k != (unsigned)prev + 1))
        FAIL("%s: corrupt trace at offset %zu: instruction record 0x%02x (slot %u, %u values)%s", f->name, at, b, k, n, prev >= 0 && k != (unsigned)prev + 1 ? " out of order in its run" : "");
    ev->nval = n;
    for (unsigned i = 0; i < ev->nval; i++) {
        struct trace_value *v = &ev->val[i];
        if (f->pos >= f->n)
            FAIL("%s: truncated trace: %s cut short at offset %zu", f->name, what, f->pos);
        v->cls = f->bytes[f->pos++];
        if (v->cls > VAL_PSR)
            FAIL("%s: corrupt trace at offset %zu: value class %u", f->name, f->pos - 1, v->cls);
        GET(v->num, what);
        GET(v->val, what);
        if (v->cls == VAL_GR || v->cls == VAL_FR || v->cls == VAL_MEM)
            GET(v->val2, what);
        if (v->num > 127)
            FAIL("%s: corrupt trace at offset %zu: register number %" PRIu64, f->name, f->pos, v->num);
    }
    f->run_slot = (int)k;
    return 0;
}

int tracefile_next(struct trace_file *f, struct trace_event *ev, char *err, size_t errlen)
{
    if (f->run_left) {
        /* the next record of an INSN run: the next slot, one count later */
        memset(ev, 0, sizeof *ev);
        ev->type = TEV_INSN;
        ev->t = ++f->t;
        ev->a[0] = f->run_ip;
        ev->offset = f->pos;
        f->run_left--;
        if (get_insn_slot(f, ev, f->run_slot, err, errlen))
            return -1;
        f->events++;
        return 1;
    }
    if (f->ended) {
        if (f->pos != f->n)
            FAIL("%s: corrupt trace at offset %zu: data after the end event", f->name, f->pos);
        return 0;
    }
    memset(ev, 0, sizeof *ev);
    ev->offset = f->pos;
    if (f->pos >= f->n)
        FAIL("%s: truncated trace: no end event (the file ends at offset %zu)", f->name, f->n);
    unsigned type = f->bytes[f->pos++];
    if (!type || type >= TEV_COUNT)
        FAIL("%s: corrupt trace at offset %" PRIu64 ": unknown event type %u", f->name, ev->offset, type);
    if (type == TEV_INSN && f->h.level < TRACE_INSNS)
        FAIL("%s: corrupt trace at offset %" PRIu64 ": an instruction event in a trace of level %s", f->name,
             ev->offset, trace_level_name(f->h.level));
    if (type == TEV_BRANCH && f->h.level < TRACE_BRANCHES)
        FAIL("%s: corrupt trace at offset %" PRIu64 ": a branch event in a trace of level %s", f->name,
             ev->offset, trace_level_name(f->h.level));
    ev->type = type;
    uint64_t d;
    char what[64];
    snprintf(what, sizeof what, "a %s event", trace_event_name(type));
    GET(d, what);
    int64_t delta = (int64_t)(d >> 1) ^ -(int64_t)(d & 1);
    f->t += (uint64_t)delta;
    ev->t = f->t;
    switch (type) {
    case TEV_CONSOLE: {
        uint64_t n;
        GET(n, what);
        if (n == 0 || n > 4096)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": console event of %" PRIu64 " bytes", f->name, ev->offset,
                 n);
        if (n > f->n - f->pos)
            FAIL("%s: truncated trace: console event at offset %" PRIu64 " runs past the end", f->name, ev->offset);
        ev->data = f->bytes + f->pos;
        ev->len = n;
        f->pos += n;
        break;
    }
    case TEV_TLB_INSERT:
    case TEV_TLB_PURGE: {
        GET(ev->a[0], what);
        if ((type == TEV_TLB_INSERT) != (ev->a[0] <= TLB_EV_ITR_D) || ev->a[0] > TLB_EV_PTC_E)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": %s of kind %" PRIu64, f->name, ev->offset, what, ev->a[0]);
        unsigned k = type == TEV_TLB_INSERT ? 5 : 3;
        for (unsigned i = 1; i < k; i++)
            GET(ev->a[i], what);
        break;
    }
    case TEV_INSN: {
        uint64_t n;
        GET(ev->a[0], what);
        if (f->pos >= f->n)
            FAIL("%s: truncated trace: %s cut short at offset %zu", f->name, what, f->pos);
        n = f->bytes[f->pos++];
        if (n < 1 || n > 3)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": an INSN run of %" PRIu64 " instructions", f->name,
                 ev->offset, n);
        f->run_ip = ev->a[0];
        f->run_left = (unsigned)n - 1;
        if (get_insn_slot(f, ev, -1, err, errlen))
            return -1;
        break;
    }
    default:
        for (unsigned i = 0; i < nfields[type]; i++)
            GET(ev->a[i], what);
        break;
    }
    /* field checks */
    switch (type) {
    case TEV_INTR:
        if (ev->a[0] >= IVEC_COUNT || ev->a[2] > 2)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": interruption of vector %" PRIu64 " slot %" PRIu64, f->name,
                 ev->offset, ev->a[0], ev->a[2]);
        break;
    case TEV_RFI:
    case TEV_BRANCH:
        if (ev->a[1] > 2 || (type == TEV_BRANCH && ev->a[3] > 2))
            FAIL("%s: corrupt trace at offset %" PRIu64 ": %s with a slot above 2", f->name, ev->offset, what);
        break;
    case TEV_HOOK_ENTER:
    case TEV_HOOK_EXIT:
        if (ev->a[0] > UINT32_MAX || !tracefile_site(f, (uint32_t)ev->a[0]))
            FAIL("%s: corrupt trace at offset %" PRIu64 ": %s for site %" PRIu64 ", not in the header's site table",
                 f->name, ev->offset, what, ev->a[0]);
        if ((type == TEV_HOOK_ENTER && ev->a[1] > HOOK_ENTER_RESUME) ||
            (type == TEV_HOOK_EXIT && ev->a[1] > HOOK_EXIT_END))
            FAIL("%s: corrupt trace at offset %" PRIu64 ": %s with flags/reason %" PRIu64, f->name, ev->offset, what,
                 ev->a[1]);
        break;
    case TEV_CALL:
        if (ev->a[0] > CALL_EV_FIRMWARE)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": call of kind %" PRIu64, f->name, ev->offset, ev->a[0]);
        break;
    case TEV_HV_ENTER:
    case TEV_HV_EXIT:
        if (ev->a[0] > HV_EV_OTHER)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": hypervisor event of kind %" PRIu64, f->name, ev->offset,
                 ev->a[0]);
        break;
    case TEV_END:
        if (ev->a[0] > STOP_HALTED || ev->a[1] > UINT32_MAX)
            FAIL("%s: corrupt trace at offset %" PRIu64 ": end event (stop %" PRIu64 ")", f->name, ev->offset,
                 ev->a[0]);
        f->ended = 1;
        break;
    default:
        break;
    }
    f->events++;
    return 1;
}
