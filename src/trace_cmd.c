/* ia64emu trace dump|stats|diff|export: reading traces (docs/trace-format.md).
 *
 * Exit status: 0; 1 for `diff` when the traces differ (and for a write
 * error); 2 for bad options or a bad trace (one line naming the file and
 * the offset) or a trace of another image. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>

#include "disasm.h"
#include "hooks.h"
#include "ia64emu.h"
#include "image.h"
#include "tracefile.h"

static const char *const tlb_names[] = { "itc.i", "itc.d", "itr.i", "itr.d", "ptc.l",
                                         "ptc.g", "ptc.ga", "ptr.i", "ptr.d", "ptc.e" };
static const char *const exit_names[] = { "fall", "branch", "interruption", "rfi", "end" };
static const char *const call_names[] = { "ssc", "syscall", "firmware" };
static const char *const hv_names[] = { "hyperprivop-fast", "hyperprivop-slow", "privop-fault", "reflection",
                                        "other" };
static const char *const stop_names[] = { "none", "exit", "max-insns", "fault", "unimplemented",
                                          "host-error", "event", "halted" };

static const char *hook_name(unsigned id)
{
    const struct pvops_hook *h = pvops_hook_by_id((int)id);
    return h ? h->name : "?";
}

/* ------------------------------------------------------------ image */
struct symbolizer {
    struct image img;
    int have;
};

static const struct image_section *exec_section(const struct image *img, uint64_t addr)
{
    for (size_t i = 0; i < img->nsec; i++) {
        const struct image_section *s = &img->sec[i];
        if (s->exec && s->data && addr >= s->addr && addr - s->addr < s->size)
            return s;
    }
    return NULL;
}

/* " <sym+0x10>" for ADDR, or "" */
static void sym_text(const struct symbolizer *sy, uint64_t addr, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!sy->have)
        return;
    const struct image_section *s = exec_section(&sy->img, addr);
    if (!s)
        return;
    const struct image_symbol *y = image_symbol_for(&sy->img, s, addr);
    if (!y)
        return;
    if (addr == y->addr)
        snprintf(buf, n, " <%s>", y->name);
    else
        snprintf(buf, n, " <%s+0x%" PRIx64 ">", y->name, addr - y->addr);
}

static size_t addr_sym(void *ctx, char *buf, size_t n, size_t len, uint64_t addr)
{
    char s[256];
    sym_text(ctx, addr, s, sizeof s);
    len = disasm_plain_address(NULL, buf, n, len, addr);
    if (s[0] && len < n)
        len += (size_t)snprintf(buf + len, n - len, "%s", s);
    return len < n ? len : n - 1;
}

/* The image of F's header (or PATH): 0 with SY loaded, 0 with SY empty
 * when it is not there (NOTE says so), -1 when it is another image. */
static int load_image(struct symbolizer *sy, const struct trace_file *f, const char *path, char *err,
                      size_t errlen, char *note, size_t notelen)
{
    memset(sy, 0, sizeof *sy);
    note[0] = '\0';
    if (!path)
        path = f->h.image_path;
    char e2[512];
    if (access(path, R_OK) != 0 || image_load_elf(&sy->img, path, e2, sizeof e2)) {
        image_free(&sy->img);
        memset(&sy->img, 0, sizeof sy->img);
        snprintf(note, notelen, "image %s not readable: no disassembly or symbols", path);
        return 0;
    }
    uint8_t sum[32];
    gsize dl = 32;
    GChecksum *ck = g_checksum_new(G_CHECKSUM_SHA256);
    g_checksum_update(ck, sy->img.bytes, (gssize)sy->img.nbytes);
    g_checksum_get_digest(ck, sum, &dl);
    g_checksum_free(ck);
    if (sy->img.nbytes != f->h.image_size || memcmp(sum, f->h.image_sha256, 32)) {
        snprintf(err, errlen, "%s: a trace of another image: %s is not the image recorded (SHA-256 differs; "
                 "--no-image dumps without it)", f->name, path);
        image_free(&sy->img);
        return -1;
    }
    sy->have = 1;
    return 0;
}

/* ------------------------------------------------------------ dump */
static void print_escaped(FILE *o, const uint8_t *p, size_t n)
{
    fputc('"', o);
    for (size_t i = 0; i < n; i++) {
        uint8_t b = p[i];
        if (b == '\n')
            fputs("\\n", o);
        else if (b == '\\' || b == '"')
            fprintf(o, "\\%c", b);
        else if (b < 32 || b >= 127)
            fprintf(o, "\\x%02x", b);
        else
            fputc(b, o);
    }
    fputc('"', o);
}

static void print_value(FILE *o, const struct trace_value *v)
{
    switch (v->cls) {
    case VAL_GR: fprintf(o, " r%" PRIu64 "=0x%" PRIx64 "%s", v->num, v->val, v->val2 ? "(NaT)" : ""); break;
    case VAL_FR:
        fprintf(o, " f%" PRIu64 "=(%u,0x%05" PRIx64 ",0x%016" PRIx64 ")", v->num, (unsigned)(v->val2 >> 17) & 1,
                v->val2 & 0x1ffff, v->val);
        break;
    case VAL_PR: fprintf(o, " p%" PRIu64 "=%" PRIu64, v->num, v->val); break;
    case VAL_BR: fprintf(o, " b%" PRIu64 "=0x%" PRIx64, v->num, v->val); break;
    case VAL_AR: fprintf(o, " ar%" PRIu64 "=0x%" PRIx64, v->num, v->val); break;
    case VAL_CR: fprintf(o, " cr%" PRIu64 "=0x%" PRIx64, v->num, v->val); break;
    case VAL_MEM: fprintf(o, " [0x%" PRIx64 "]=0x%" PRIx64, v->val, v->val2); break;
    case VAL_PRS: fprintf(o, " pr=0x%" PRIx64, v->val); break;
    case VAL_PSR: fprintf(o, " psr=0x%" PRIx64, v->val); break;
    default: break;
    }
}

static void print_event(FILE *o, const struct trace_file *f, const struct trace_event *e,
                        const struct symbolizer *sy)
{
    char sym[256];
    fprintf(o, "%12" PRIu64 "  %-10s ", e->t, trace_event_name(e->type));
    switch (e->type) {
    case TEV_INTR:
        sym_text(sy, e->a[1], sym, sizeof sym);
        fprintf(o, "vector %" PRIu64 " (%s) iip=0x%" PRIx64 " slot %" PRIu64 " isr=0x%" PRIx64 " ifa=0x%" PRIx64 "%s",
                e->a[0], ivec_name((enum ivec)e->a[0]), e->a[1], e->a[2], e->a[3], e->a[4], sym);
        break;
    case TEV_RFI:
        sym_text(sy, e->a[0], sym, sizeof sym);
        fprintf(o, "to 0x%" PRIx64 " slot %" PRIu64 " psr=0x%" PRIx64 "%s", e->a[0], e->a[1], e->a[2], sym);
        break;
    case TEV_TLB_INSERT:
        fprintf(o, "%s", tlb_names[e->a[0]]);
        if (e->a[0] >= TLB_EV_ITR_I)
            fprintf(o, " [%" PRIu64 "]", e->a[1]);
        fprintf(o, " ifa=0x%" PRIx64 " itir=0x%" PRIx64 " pte=0x%" PRIx64, e->a[2], e->a[3], e->a[4]);
        break;
    case TEV_TLB_PURGE:
        if (e->a[0] == TLB_EV_PTC_E)
            fprintf(o, "ptc.e 0x%" PRIx64, e->a[1]);
        else
            fprintf(o, "%s va=0x%" PRIx64 " ps=%" PRIu64, tlb_names[e->a[0]], e->a[1], e->a[2]);
        break;
    case TEV_CALL:
        fprintf(o, "%s %s0x%" PRIx64 " (0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ")",
                call_names[e->a[0]], e->a[0] == CALL_EV_FIRMWARE ? "at " : "", e->a[1], e->a[2], e->a[3], e->a[4],
                e->a[5]);
        break;
    case TEV_CONSOLE:
        print_escaped(o, e->data, e->len);
        break;
    case TEV_HOOK_ENTER:
    case TEV_HOOK_EXIT: {
        const struct trace_site *s = tracefile_site(f, (uint32_t)e->a[0]);
        sym_text(sy, s->addr, sym, sizeof sym);
        fprintf(o, "site %" PRIu64 " %s at 0x%" PRIx64 "%s", e->a[0], hook_name(s->hook), s->addr, sym);
        if (e->type == TEV_HOOK_ENTER && (e->a[1] & HOOK_ENTER_RESUME))
            fprintf(o, " (resumed)");
        if (e->type == TEV_HOOK_EXIT)
            fprintf(o, " (%s)", exit_names[e->a[1]]);
        break;
    }
    case TEV_HV_ENTER:
    case TEV_HV_EXIT:
        fprintf(o, "%s 0x%" PRIx64 " ip=0x%" PRIx64, hv_names[e->a[0]], e->a[1], e->a[2]);
        break;
    case TEV_BRANCH:
        sym_text(sy, e->a[2], sym, sizeof sym);
        fprintf(o, "0x%" PRIx64 ":%" PRIu64 " -> 0x%" PRIx64 ":%" PRIu64 "%s", e->a[0], e->a[1], e->a[2], e->a[3], sym);
        break;
    case TEV_INSN: {
        unsigned slot = (unsigned)(e->a[1] & 3), fl = (unsigned)(e->a[1] >> 2);
        fprintf(o, "0x%" PRIx64 ":%u %s", e->a[0], slot, (fl & INSN_EV_FAULT) ? "fault " : (fl & INSN_EV_QP) ? "" : "(qp=0) ");
        const struct image_section *s = sy->have ? exec_section(&sy->img, e->a[0]) : NULL;
        if (s && e->a[0] - s->addr + 16 <= s->size) {
            struct bundle b;
            char text[256];
            bundle_split(&b, s->data + (e->a[0] & ~15ull) - s->addr);
            if ((int)slot < disasm_slot_count(&b)) {
                disasm_line(text, sizeof text, &b, (int)slot, e->a[0] & ~15ull, addr_sym, (void *)sy);
                fprintf(o, "%s", g_strstrip(text));
            }
        }
        if (e->nval)
            fprintf(o, "  ->");
        for (unsigned i = 0; i < e->nval; i++)
            print_value(o, &e->val[i]);
        break;
    }
    case TEV_END:
        fprintf(o, "stop %s, exit status %" PRIu64, e->a[0] < 8 ? stop_names[e->a[0]] : "?", e->a[1]);
        break;
    default:
        break;
    }
    fputc('\n', o);
}

static void print_header(FILE *o, const struct trace_file *f)
{
    fprintf(o, "trace %s: format %u, level %s, mode %s, %s mode\n", f->name, f->h.version,
            trace_level_name(f->h.level), trace_mode_name(f->h.mode), f->h.system_mode ? "system" : "user");
    fprintf(o, "image %s: %" PRIu64 " bytes, sha256 ", f->h.image_path, f->h.image_size);
    for (int i = 0; i < 32; i++)
        fprintf(o, "%02x", f->h.image_sha256[i]);
    fprintf(o, "\noptions: %s\nhook sites: %u\n", f->h.options[0] ? f->h.options : "-", f->h.nsites);
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "ia64emu trace: %s (see ia64emu trace --help)\n", msg);
    return 2;
}

static int cmd_dump(int argc, char **argv)
{
    const char *image = NULL, *path = NULL;
    int no_image = 0;
    for (int i = 1; i < argc; i++) {
        if (!strncmp(argv[i], "--image=", 8))
            image = argv[i] + 8;
        else if (!strcmp(argv[i], "--no-image"))
            no_image = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("dump: unknown option");
        else if (path)
            return usage_error("dump: expected one FILE");
        else
            path = argv[i];
    }
    if (!path)
        return usage_error("dump: expected a FILE");
    struct trace_file f;
    char err[1024], note[1024];
    if (tracefile_open(&f, path, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        tracefile_close(&f);
        return 2;
    }
    struct symbolizer sy = { 0 };
    if (!no_image && load_image(&sy, &f, image, err, sizeof err, note, sizeof note)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        tracefile_close(&f);
        return 2;
    }
    print_header(stdout, &f);
    if (note[0] && !no_image)
        printf("note: %s\n", note);
    struct trace_event e;
    int r, rc = 0;
    while ((r = tracefile_next(&f, &e, err, sizeof err)) > 0)
        print_event(stdout, &f, &e, &sy);
    if (r < 0) {
        fflush(stdout);
        fprintf(stderr, "ia64emu: %s\n", err);
        rc = 2;
    }
    if (sy.have)
        image_free(&sy.img);
    tracefile_close(&f);
    if (fflush(stdout) != 0 && !rc) {
        fprintf(stderr, "ia64emu: error writing output\n");
        rc = 1;
    }
    return rc;
}

/* ------------------------------------------------------------ per-hook totals */
struct hook_stats {
    uint64_t execs[256], resumes[256], insns[256], hv[256];
    uint64_t vectors[IVEC_COUNT], types[TEV_COUNT], calls, console_bytes, hv_total, end_t, end_status;
    int active;                        /* hook id of the active site, or -1 */
    uint64_t since;
};

static void stats_init(struct hook_stats *s)
{
    memset(s, 0, sizeof *s);
    s->active = -1;
}

static void stats_add(struct hook_stats *s, const struct trace_file *f, const struct trace_event *e)
{
    s->types[e->type]++;
    switch (e->type) {
    case TEV_HOOK_ENTER: {
        unsigned h = tracefile_site(f, (uint32_t)e->a[0])->hook & 255;
        if (e->a[1] & HOOK_ENTER_RESUME)
            s->resumes[h]++;
        else
            s->execs[h]++;
        s->active = (int)h;
        s->since = e->t;
        break;
    }
    case TEV_HOOK_EXIT:
        if (s->active >= 0)
            s->insns[s->active] += e->t - s->since;
        s->active = -1;
        break;
    case TEV_HV_ENTER:
        s->hv_total++;
        if (s->active >= 0)
            s->hv[s->active]++;
        break;
    case TEV_INTR: s->vectors[e->a[0]]++; break;
    case TEV_CALL: s->calls++; break;
    case TEV_CONSOLE: s->console_bytes += e->len; break;
    case TEV_END: s->end_t = e->t; s->end_status = e->a[1]; break;
    default: break;
    }
}

static int cmd_stats(int argc, char **argv)
{
    if (argc != 2)
        return usage_error("stats: expected one FILE");
    struct trace_file f;
    char err[1024];
    if (tracefile_open(&f, argv[1], err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        tracefile_close(&f);
        return 2;
    }
    struct hook_stats *s = g_new(struct hook_stats, 1);
    stats_init(s);
    struct trace_event e;
    int r;
    while ((r = tracefile_next(&f, &e, err, sizeof err)) > 0)
        stats_add(s, &f, &e);
    if (r < 0) {
        fprintf(stderr, "ia64emu: %s\n", err);
        g_free(s);
        tracefile_close(&f);
        return 2;
    }
    print_header(stdout, &f);
    printf("bytes: %zu\nevents: %" PRIu64 "\ninstructions: %" PRIu64 "\n", f.n, f.events, s->end_t);
    printf("bytes per event: %.2f\nbytes per instruction: %.4f\n", f.events ? (double)f.n / (double)f.events : 0.0,
           s->end_t ? (double)f.n / (double)s->end_t : 0.0);
    printf("exit status: %" PRIu64 "\n", s->end_status);
    for (unsigned t = 1; t < TEV_COUNT; t++)
        printf("event %s: %" PRIu64 "\n", trace_event_name(t), s->types[t]);
    printf("console bytes: %" PRIu64 "\n", s->console_bytes);
    for (unsigned v = 0; v < IVEC_COUNT; v++)
        if (s->vectors[v])
            printf("vector %u: %" PRIu64 "\n", v, s->vectors[v]);
    for (unsigned h = 0; h < 256; h++)
        if (s->execs[h] || s->resumes[h])
            printf("hook %s: executions %" PRIu64 ", resumed %" PRIu64 ", instructions %" PRIu64
                   ", hypervisor entries %" PRIu64 "\n", hook_name(h), s->execs[h], s->resumes[h], s->insns[h], s->hv[h]);
    g_free(s);
    tracefile_close(&f);
    return fflush(stdout) ? 1 : 0;
}

/* ------------------------------------------------------------ diff */
/* A guest-visible event: a hook site executed (by id), an interruption
 * (vector), a call (kind, number), a console byte, the end (exit status). */
struct key {
    uint8_t type;
    uint64_t a, b, t, offset;
};

static int read_keys(struct trace_file *f, GArray *keys, struct hook_stats *s, char *err, size_t errlen)
{
    struct trace_event e;
    int r;
    while ((r = tracefile_next(f, &e, err, errlen)) > 0) {
        stats_add(s, f, &e);
        struct key k = { (uint8_t)e.type, 0, 0, e.t, e.offset };
        switch (e.type) {
        case TEV_HOOK_ENTER:
            if (e.a[1] & HOOK_ENTER_RESUME)
                continue;
            k.a = e.a[0];
            break;
        case TEV_INTR: k.a = e.a[0]; break;
        case TEV_CALL: k.a = e.a[0]; k.b = e.a[1]; break;
        case TEV_END: k.a = e.a[1]; break;
        case TEV_CONSOLE:
            for (size_t i = 0; i < e.len; i++) {
                k.a = e.data[i];
                g_array_append_val(keys, k);
            }
            continue;
        default:
            continue;
        }
        g_array_append_val(keys, k);
    }
    return r;
}

static void key_text(const struct trace_file *f, const struct key *k, char *buf, size_t n)
{
    switch (k->type) {
    case TEV_HOOK_ENTER: {
        const struct trace_site *s = tracefile_site(f, (uint32_t)k->a);
        snprintf(buf, n, "hook site %" PRIu64 " %s", k->a, hook_name(s->hook));
        break;
    }
    case TEV_INTR: snprintf(buf, n, "vector %" PRIu64 " (%s)", k->a, ivec_name((enum ivec)k->a)); break;
    case TEV_CALL: snprintf(buf, n, "%s 0x%" PRIx64, call_names[k->a], k->b); break;
    case TEV_CONSOLE:
        if (k->a >= 32 && k->a < 127 && k->a != '\'')
            snprintf(buf, n, "console '%c'", (int)k->a);
        else
            snprintf(buf, n, "console 0x%02" PRIx64, k->a);
        break;
    case TEV_END: snprintf(buf, n, "end, exit status %" PRIu64, k->a); break;
    default: snprintf(buf, n, "?"); break;
    }
}

static int key_eq(const struct key *x, const struct key *y)
{
    return x->type == y->type && x->a == y->a && x->b == y->b;
}

static void context(const struct trace_file *f, GArray *keys, size_t at, const char *tag)
{
    size_t from = at > 4 ? at - 4 : 0, to = at + 4 < keys->len ? at + 4 : keys->len;
    char buf[256];
    for (size_t i = from; i < to; i++) {
        const struct key *k = &g_array_index(keys, struct key, i);
        key_text(f, k, buf, sizeof buf);
        printf("  %s %s #%-8zu t=%-12" PRIu64 " @%-10" PRIu64 " %s\n", tag, i == at ? ">" : " ", i, k->t, k->offset,
               buf);
    }
    if (at >= keys->len)
        printf("  %s > #%-8zu (no more events)\n", tag, at);
}

static int cmd_diff(int argc, char **argv)
{
    if (argc != 3)
        return usage_error("diff: expected two FILEs");
    struct trace_file f[2];
    GArray *keys[2] = { g_array_new(FALSE, FALSE, sizeof(struct key)), g_array_new(FALSE, FALSE, sizeof(struct key)) };
    struct hook_stats *s = g_new(struct hook_stats, 2);
    char err[1024];
    int rc = 2, opened = 0;
    for (int i = 0; i < 2; i++) {
        stats_init(&s[i]);
        int bad = tracefile_open(&f[i], argv[1 + i], err, sizeof err);
        opened = i + 1;
        if (bad || read_keys(&f[i], keys[i], &s[i], err, sizeof err) < 0) {
            fprintf(stderr, "ia64emu: %s\n", err);
            goto out;
        }
    }
    printf("A: %s (%s, level %s, %s)\nB: %s (%s, level %s, %s)\n", f[0].name, f[0].h.image_path,
           trace_level_name(f[0].h.level), trace_mode_name(f[0].h.mode), f[1].name, f[1].h.image_path,
           trace_level_name(f[1].h.level), trace_mode_name(f[1].h.mode));
    size_t na = keys[0]->len, nb = keys[1]->len, i = 0;
    while (i < na && i < nb && key_eq(&g_array_index(keys[0], struct key, i), &g_array_index(keys[1], struct key, i)))
        i++;
    int same = i == na && i == nb;
    if (same) {
        printf("equivalent: %zu guest-visible events (hook sites, vectors, calls, console bytes, the end) in the "
               "same order\n", na);
    } else {
        char ta[256], tb[256];
        if (i < na)
            key_text(&f[0], &g_array_index(keys[0], struct key, i), ta, sizeof ta);
        else
            snprintf(ta, sizeof ta, "(the trace ends)");
        if (i < nb)
            key_text(&f[1], &g_array_index(keys[1], struct key, i), tb, sizeof tb);
        else
            snprintf(tb, sizeof tb, "(the trace ends)");
        printf("first divergence at guest-visible event #%zu: A %s (t=%" PRIu64 "), B %s (t=%" PRIu64 ")\n", i, ta,
               i < na ? g_array_index(keys[0], struct key, i).t : s[0].end_t, tb,
               i < nb ? g_array_index(keys[1], struct key, i).t : s[1].end_t);
        context(&f[0], keys[0], i, "A");
        context(&f[1], keys[1], i, "B");
    }
    printf("\nper hook: executions, instructions in the hook, hypervisor entries in the hook (A / B, B - A)\n");
    printf("%-34s %10s %10s %8s  %10s %10s %10s  %6s %6s\n", "hook", "exec A", "exec B", "diff", "insns A", "insns B",
           "diff", "hv A", "hv B");
    uint64_t te[2] = { 0, 0 }, ti[2] = { 0, 0 }, th[2] = { 0, 0 };
    for (unsigned h = 0; h < 256; h++) {
        if (!s[0].execs[h] && !s[1].execs[h] && !s[0].resumes[h] && !s[1].resumes[h])
            continue;
        printf("%-34s %10" PRIu64 " %10" PRIu64 " %+8" PRId64 "  %10" PRIu64 " %10" PRIu64 " %+10" PRId64 "  %6" PRIu64
               " %6" PRIu64 "\n", hook_name(h), s[0].execs[h], s[1].execs[h],
               (int64_t)(s[1].execs[h] - s[0].execs[h]), s[0].insns[h], s[1].insns[h],
               (int64_t)(s[1].insns[h] - s[0].insns[h]), s[0].hv[h], s[1].hv[h]);
        for (int k = 0; k < 2; k++) {
            te[k] += s[k].execs[h];
            ti[k] += s[k].insns[h];
            th[k] += s[k].hv[h];
        }
    }
    printf("%-34s %10" PRIu64 " %10" PRIu64 " %+8" PRId64 "  %10" PRIu64 " %10" PRIu64 " %+10" PRId64 "  %6" PRIu64
           " %6" PRIu64 "\n", "total", te[0], te[1], (int64_t)(te[1] - te[0]), ti[0], ti[1], (int64_t)(ti[1] - ti[0]),
           th[0], th[1]);
    printf("instructions in the run: A %" PRIu64 ", B %" PRIu64 " (%+" PRId64 "); hypervisor entries: A %" PRIu64
           ", B %" PRIu64 "\n", s[0].end_t, s[1].end_t, (int64_t)(s[1].end_t - s[0].end_t), s[0].hv_total,
           s[1].hv_total);
    printf("modelled cycles: not in traces (the cost model is hv/'s, issue 6)\n");
    rc = same ? 0 : 1;
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ia64emu: error writing output\n");
        rc = 2;
    }
out:
    for (int k = 0; k < opened; k++)
        tracefile_close(&f[k]);
    g_array_free(keys[0], TRUE);
    g_array_free(keys[1], TRUE);
    g_free(s);
    return rc;
}

/* ------------------------------------------------------------ export */
static void json_str(GString *o, const char *s)
{
    g_string_append_c(o, '"');
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            g_string_append_printf(o, "\\%c", ch);
        else if (ch < 32 || ch >= 127)
            g_string_append_printf(o, "\\u%04x", ch);
        else
            g_string_append_c(o, (char)ch);
    }
    g_string_append_c(o, '"');
}

#define TID_VECTORS 1
#define TID_HOOKS 2
#define TID_HV 3
#define TID_CALLS 4

static void slice(GString *o, int *first, const char *name, const char *cat, int tid, uint64_t ts, uint64_t dur,
                  const char *args)
{
    g_string_append(o, *first ? "\n" : ",\n");
    *first = 0;
    g_string_append(o, "{\"name\":");
    json_str(o, name);
    g_string_append_printf(o, ",\"cat\":\"%s\",\"ph\":\"X\",\"ts\":%" PRIu64 ",\"dur\":%" PRIu64
                           ",\"pid\":1,\"tid\":%d,\"args\":{%s}}", cat, ts, dur, tid, args);
}

static void instant(GString *o, int *first, const char *name, const char *cat, int tid, uint64_t ts,
                    const char *args)
{
    g_string_append(o, *first ? "\n" : ",\n");
    *first = 0;
    g_string_append(o, "{\"name\":");
    json_str(o, name);
    g_string_append_printf(o, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"t\",\"ts\":%" PRIu64
                           ",\"pid\":1,\"tid\":%d,\"args\":{%s}}", cat, ts, tid, args);
}

struct open_vec {
    uint64_t vector, t, iip, ifa;
};

static int write_file_atomic(const char *path, const char *data, size_t n, char *err, size_t errlen)
{
    size_t tl = strlen(path) + 16;
    char *tmp = g_malloc(tl);
    snprintf(tmp, tl, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *o = fd < 0 ? NULL : fdopen(fd, "w");
    if (!o) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        g_free(tmp);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    int bad = fwrite(data, 1, n, o) != n;
    if (fclose(o) || bad || rename(tmp, path)) {
        snprintf(err, errlen, "%s: write error: %s", path, strerror(errno ? errno : EIO));
        unlink(tmp);
        g_free(tmp);
        return -1;
    }
    g_free(tmp);
    return 0;
}

int trace_export_perfetto(struct trace_file *f, GString *o, char *err, size_t errlen)
{
    int first = 1;
    g_string_append(o, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"time_axis\":\"guest instructions (1 us = 1 "
                       "instruction)\",\"image\":");
    json_str(o, f->h.image_path);
    g_string_append_printf(o, ",\"mode\":\"%s\",\"level\":\"%s\"},\"traceEvents\":[", trace_mode_name(f->h.mode),
                           trace_level_name(f->h.level));
    static const char *const threads[] = { NULL, "vectors", "hooks", "hypervisor", "calls and console" };
    char args[512], name[256];
    g_string_append(o, "\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"tid\":1,\"args\":{\"name\":");
    json_str(o, f->h.image_path);
    g_string_append(o, "}}");
    first = 0;
    for (int t = 1; t <= 4; t++)
        g_string_append_printf(o, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"name\":"
                               "\"%s\"}}", t, threads[t]);
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(struct open_vec));
    struct trace_event e;
    int r, hook_open = 0;
    uint64_t hook_t = 0, hook_site = 0, hook_resumed = 0, end_t = 0;
    while ((r = tracefile_next(f, &e, err, errlen)) > 0) {
        switch (e.type) {
        case TEV_INTR:
            if (e.a[0] == IVEC_DATA_NESTED_TLB) {
                /* Linux's nested handler returns by a branch, not rfi: an instant */
                snprintf(args, sizeof args, "\"iip\":\"0x%" PRIx64 "\",\"ifa\":\"0x%" PRIx64 "\"", e.a[1], e.a[4]);
                snprintf(name, sizeof name, "%s (%" PRIu64 ")", ivec_name((enum ivec)e.a[0]), e.a[0]);
                instant(o, &first, name, "vector", TID_VECTORS, e.t, args);
            } else {
                struct open_vec v = { e.a[0], e.t, e.a[1], e.a[4] };
                g_array_append_val(stack, v);
            }
            break;
        case TEV_RFI:
            if (stack->len) {
                struct open_vec v = g_array_index(stack, struct open_vec, stack->len - 1);
                g_array_set_size(stack, stack->len - 1);
                snprintf(args, sizeof args, "\"iip\":\"0x%" PRIx64 "\",\"ifa\":\"0x%" PRIx64 "\"", v.iip, v.ifa);
                snprintf(name, sizeof name, "%s (%" PRIu64 ")", ivec_name((enum ivec)v.vector), v.vector);
                slice(o, &first, name, "vector", TID_VECTORS, v.t, e.t - v.t, args);
            }
            break;
        case TEV_HOOK_ENTER:
            hook_open = 1;
            hook_t = e.t;
            hook_site = e.a[0];
            hook_resumed = e.a[1] & HOOK_ENTER_RESUME;
            break;
        case TEV_HOOK_EXIT:
            if (hook_open) {
                const struct trace_site *s = tracefile_site(f, (uint32_t)hook_site);
                snprintf(args, sizeof args, "\"site\":%" PRIu64 ",\"addr\":\"0x%" PRIx64 "\",\"exit\":\"%s\"%s",
                         hook_site, s->addr, exit_names[e.a[1]], hook_resumed ? ",\"resumed\":true" : "");
                slice(o, &first, hook_name(s->hook), "hook", TID_HOOKS, hook_t, e.t - hook_t, args);
            }
            hook_open = 0;
            break;
        case TEV_HV_ENTER:
        case TEV_HV_EXIT:
            snprintf(args, sizeof args, "\"code\":\"0x%" PRIx64 "\",\"ip\":\"0x%" PRIx64 "\"", e.a[1], e.a[2]);
            snprintf(name, sizeof name, "%s %s", e.type == TEV_HV_ENTER ? "enter" : "exit", hv_names[e.a[0]]);
            instant(o, &first, name, "hypervisor", TID_HV, e.t, args);
            break;
        case TEV_CALL:
            snprintf(args, sizeof args, "\"nr\":\"0x%" PRIx64 "\"", e.a[1]);
            snprintf(name, sizeof name, "%s 0x%" PRIx64, call_names[e.a[0]], e.a[1]);
            instant(o, &first, name, "call", TID_CALLS, e.t, args);
            break;
        case TEV_CONSOLE: {
            gchar *text = g_strndup((const char *)e.data, e.len);
            GString *a = g_string_new("\"text\":");
            for (char *p = text; *p; p++)
                if ((unsigned char)*p >= 127)
                    *p = '?';
            json_str(a, text);
            instant(o, &first, "console", "console", TID_CALLS, e.t, a->str);
            g_string_free(a, TRUE);
            g_free(text);
            break;
        }
        case TEV_END:
            end_t = e.t;
            break;
        default:
            break;
        }
    }
    /* slices still open at the end close there */
    for (guint i = stack->len; i-- > 0;) {
        struct open_vec v = g_array_index(stack, struct open_vec, i);
        snprintf(args, sizeof args, "\"iip\":\"0x%" PRIx64 "\",\"ifa\":\"0x%" PRIx64 "\",\"open_at_end\":true", v.iip,
                 v.ifa);
        snprintf(name, sizeof name, "%s (%" PRIu64 ")", ivec_name((enum ivec)v.vector), v.vector);
        slice(o, &first, name, "vector", TID_VECTORS, v.t, end_t - v.t, args);
    }
    g_array_free(stack, TRUE);
    g_string_append(o, "\n]}\n");
    return r;
}

static int cmd_export(int argc, char **argv)
{
    if (argc != 4 || strcmp(argv[1], "--perfetto"))
        return usage_error("export: expected --perfetto FILE OUT.json");
    struct trace_file f;
    char err[1024];
    if (tracefile_open(&f, argv[2], err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        tracefile_close(&f);
        return 2;
    }
    GString *o = g_string_new(NULL);
    int rc = 0;
    if (trace_export_perfetto(&f, o, err, sizeof err) < 0) {
        fprintf(stderr, "ia64emu: %s\n", err);
        rc = 2;
    } else if (write_file_atomic(argv[3], o->str, o->len, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        rc = 1;
    }
    g_string_free(o, TRUE);
    tracefile_close(&f);
    return rc;
}

int cmd_trace(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: ia64emu trace dump [--image=FILE|--no-image] FILE\n"
               "       ia64emu trace stats FILE\n"
               "       ia64emu trace diff A B\n"
               "       ia64emu trace export --perfetto FILE OUT.json\n\n"
               "Reads traces written by 'ia64emu run --trace=FILE' (docs/trace-format.md).\n"
               "dump: every event as text, with disassembly and symbols from the image\n"
               "  (the one recorded, when it is there and its SHA-256 matches).\n"
               "stats: event counts, bytes per event and per instruction, vectors, hooks.\n"
               "diff: aligns A and B on guest-visible events (hook sites by id, vectors,\n"
               "  calls, console bytes, the exit status), reports the first divergence with\n"
               "  context, and per hook the executions and instructions; exit 0 when\n"
               "  equivalent, 1 when they differ, 2 for a bad trace.\n"
               "export --perfetto: Chrome trace-event JSON (Perfetto, chrome://tracing);\n"
               "  vectors and hooks as slices, hypervisor entries as instant events, on a\n"
               "  time axis of guest instructions.\n");
        return 0;
    }
    if (argc < 2)
        return usage_error("expected dump, stats, diff or export");
    if (!strcmp(argv[1], "dump"))
        return cmd_dump(argc - 1, argv + 1);
    if (!strcmp(argv[1], "stats"))
        return cmd_stats(argc - 1, argv + 1);
    if (!strcmp(argv[1], "diff"))
        return cmd_diff(argc - 1, argv + 1);
    if (!strcmp(argv[1], "export"))
        return cmd_export(argc - 1, argv + 1);
    return usage_error("expected dump, stats, diff or export");
}
