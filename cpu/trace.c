/* The trace recorder (trace.h, docs/trace-format.md).
 *
 * Events are appended to a buffer, each as a type byte, the change of the
 * instruction count since the previous event (a zigzag LEB128 varint) and
 * its fields (LEB128 varints, console bytes raw); the buffer goes to a
 * temporary file beside the trace, renamed over it by trace_close.
 *
 * Hooks, branches and instructions without a per-instruction test: when a
 * bundle is predecoded (exec.c, pcache_fill) trace_fill looks its address
 * up in the site table.  A bundle that starts a site, lies in one, follows
 * one (its first bundle after the site's last), or, at level branches,
 * holds a slot that can branch, or, at level insns, any bundle, is
 * "marked": each of its slots' handlers becomes trace_slot, the original
 * slot is kept in marks[] (one entry per cache entry, so a refill replaces
 * both), and the bundle's maxgr is set to 255 so that the run loop always
 * runs it slot by slot (run_slots), where trace_slot sees every slot in
 * order.  trace_slot emits what the marks ask, tests the original
 * predicate and frame, and runs the original handler.  Unmarked bundles
 * run exactly as without a trace.
 *
 * Hook exit, precisely (docs/trace-format.md, "Hooks"): a site is left
 * (1) when its first bundle after the last one is entered with the site
 * active (fall-through, HOOK_EXIT_FALL); (2) by a taken branch of a slot
 * in the site whose target is outside it (HOOK_EXIT_BRANCH); (3) by an
 * interruption delivered while it is active (HOOK_EXIT_INTR: the site is
 * suspended); (4) by an rfi in it to outside it (HOOK_EXIT_RFI); (5) at
 * the end of the run (HOOK_EXIT_END).  An rfi whose target is inside a
 * suspended site resumes it (HOOK_ENTER with HOOK_ENTER_RESUME), so the
 * instructions of an interruption handler are never counted in a hook,
 * and a restarted first instruction is not a second execution.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops.h"
#include "rse.h"
#include "trace.h"

#define MK_START  1u   /* slot 0 of a site's first bundle */
#define MK_AFTER  2u   /* slot 0 of the first bundle after a site */
#define MK_BODY   4u   /* a slot in a site */
#define MK_BRANCH 8u   /* a slot that can branch (level branches) */
#define MK_INSN   16u  /* every slot (level insns) */

struct trace_mark {
    uint64_t addr;                 /* the bundle's address */
    int32_t start, after, body;    /* site indices, or -1 */
    uint8_t flags[3];
    uint8_t stop[3];               /* a stop follows the slot (the template's) */
    struct pslot orig[3];          /* the slots as predecoded */
};

struct trace {
    FILE *f;
    char *path, *tmp;
    uint8_t *buf;
    size_t len;
    int io_error;
    uint64_t bytes, events, last_t;
    unsigned level;
    struct trace_site *sites;      /* sorted by address */
    uint32_t nsites;
    uint32_t *suspended;           /* per site: interruptions that left it pending an rfi */
    uint8_t *suspended_at_start;   /* ... one of them at its first slot */
    struct trace_stub { uint64_t addr, end; int32_t site; } *stubs;  /* patched sites' stubs */
    uint32_t nstubs;
    struct trace_mark *marks;      /* PCACHE_SIZE */
    int32_t active;                /* the site being executed, or -1 */
    int32_t pending_resume;        /* rfi to this site's first slot: its ENTER is a resume */
    /* the run of run_slots in progress (trace_slot): its count, bundle and first slot */
    uint64_t run_insns, run_addr;
    unsigned run_first, run_last;
    int in_slot;                   /* inside trace_slot's call of the handler ... */
    uint64_t slot_now;             /* ... of the instruction retired at this count */
    /* cost accounting (trace_costs_enable), or NULL */
    struct trace_costs *costs;
    uint64_t seg_start;            /* the active site's segment began at this count */
    unsigned seg_vec;              /* ... while this vector's handler ran */
    int group_open;                /* an instruction group of the active site is open */
    uint8_t vstack[32];            /* the vectors whose handlers run (delivery pushes, rfi pops) */
    unsigned vdepth;
};

static inline unsigned cur_vec(const struct trace *t)
{
    return t->vdepth ? t->vstack[t->vdepth - 1] : COST_VEC_NONE;
}

#define BUF_SIZE (1u << 16)

static void flush_buf(struct trace *t)
{
    if (!t->f) {                   /* counting only: no file */
        t->len = 0;
        return;
    }
    if (t->len && fwrite(t->buf, 1, t->len, t->f) != t->len)
        t->io_error = errno ? errno : EIO;
    t->bytes += t->len;
    t->len = 0;
}

static inline void put_byte(struct trace *t, uint8_t b)
{
    t->buf[t->len++] = b;
}

static inline void put_u(struct trace *t, uint64_t v)
{
    while (v >= 0x80) {
        put_byte(t, (uint8_t)(v | 0x80));
        v >>= 7;
    }
    put_byte(t, (uint8_t)v);
}

/* An event's type and time; room for its fields (at most 512 bytes but
 * console data, which flushes itself). */
static void begin(struct trace *t, unsigned type, uint64_t now)
{
    if (t->len > BUF_SIZE - 512)
        flush_buf(t);
    int64_t d = (int64_t)(now - t->last_t);
    t->last_t = now;
    put_byte(t, (uint8_t)type);
    put_u(t, ((uint64_t)d << 1) ^ (uint64_t)(d >> 63));
    t->events++;
}

/* The instruction count of an event raised now. */
static inline uint64_t now_of(const struct trace *t, const struct cpu *c)
{
    return t->in_slot ? t->slot_now : c->insns;
}

/* ------------------------------------------------------------ file */
static void put_str(struct trace *t, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u(t, n);
    for (size_t i = 0; i < n; i++) {
        if (t->len == BUF_SIZE)
            flush_buf(t);
        put_byte(t, (uint8_t)s[i]);
    }
}

static int site_order(const void *a, const void *b)
{
    const struct trace_site *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct trace *trace_open(const char *path, const struct trace_header *h, char *err, size_t errlen)
{
    struct trace *t = calloc(1, sizeof *t);
    int nofile = path == NULL;
    if (nofile)
        path = "(costs)";
    size_t tl = strlen(path) + 16;
    if (!t || !(t->buf = malloc(BUF_SIZE)) || !(t->path = strdup(path)) || !(t->tmp = malloc(tl)) ||
        !(t->marks = calloc(PCACHE_SIZE, sizeof *t->marks)) ||
        !(t->sites = malloc((h->nsites ? h->nsites : 1) * sizeof *t->sites)) ||
        !(t->suspended = calloc(h->nsites ? h->nsites : 1, sizeof *t->suspended)) ||
        !(t->suspended_at_start = calloc(h->nsites ? h->nsites : 1, 1))) {
        snprintf(err, errlen, "%s: cannot write: out of memory", path);
        trace_abort(t);
        return NULL;
    }
    snprintf(t->tmp, tl, "%s.tmp.XXXXXX", path);
    int fd = nofile ? -2 : mkstemp(t->tmp);
    if (fd == -2) {
        free(t->tmp);
        t->tmp = NULL;
    } else if (fd < 0 || !(t->f = fdopen(fd, "wb"))) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        free(t->tmp);
        t->tmp = NULL;
        trace_abort(t);
        return NULL;
    }
    if (fd >= 0) {
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    t->level = h->level;
    t->active = t->pending_resume = -1;
    t->nsites = h->nsites;
    if (h->nsites)
        memcpy(t->sites, h->sites, h->nsites * sizeof *t->sites);
    qsort(t->sites, t->nsites, sizeof *t->sites, site_order);

    memcpy(t->buf, TRACE_MAGIC, 8);
    t->len = 8;
    put_u(t, TRACE_VERSION);
    put_u(t, h->level);
    put_u(t, h->mode);
    put_u(t, h->system_mode);
    put_u(t, h->image_size);
    memcpy(t->buf + t->len, h->image_sha256, 32);
    t->len += 32;
    put_str(t, h->image_path);
    put_str(t, h->options);
    put_u(t, t->nsites);
    for (uint32_t i = 0; i < t->nsites; i++) {
        if (t->len > BUF_SIZE - 64)
            flush_buf(t);
        put_u(t, t->sites[i].id);
        put_u(t, t->sites[i].hook);
        put_u(t, t->sites[i].bundles);
        put_u(t, t->sites[i].addr);
    }
    return t;
}

void trace_abort(struct trace *t)
{
    if (!t)
        return;
    if (t->f)
        fclose(t->f);
    if (t->tmp && t->f)
        unlink(t->tmp);
    free(t->tmp);
    free(t->path);
    free(t->buf);
    free(t->marks);
    free(t->sites);
    free(t->stubs);
    free(t->suspended);
    free(t->suspended_at_start);
    if (t->costs) {
        free(t->costs->site);
        free(t->costs->user);
    }
    free(t->costs);
    free(t);
}

static void hook_exit(struct trace *t, unsigned reason, uint64_t now)
{
    if (t->costs) {
        uint64_t n = now - t->seg_start;
        t->costs->site[t->active].insns += n;
        t->costs->vec[t->seg_vec].insns += n;
    }
    begin(t, TEV_HOOK_EXIT, now);
    put_u(t, t->sites[t->active].id);
    put_u(t, reason);
    t->active = -1;
}

int trace_close(struct trace *t, const struct cpu *c, char *err, size_t errlen)
{
    if (t->active >= 0)
        hook_exit(t, HOOK_EXIT_END, c->insns);
    begin(t, TEV_END, c->insns);
    put_u(t, (uint64_t)c->stop);
    put_u(t, (uint64_t)(int64_t)c->exit_status & 0xffffffffu);
    flush_buf(t);
    if (!t->f) {                   /* counting only */
        trace_abort(t);
        return 0;
    }
    int bad = t->io_error || ferror(t->f);
    int e = t->io_error ? t->io_error : errno;
    if (fclose(t->f) || bad) {
        t->f = NULL;
        snprintf(err, errlen, "%s: write error: %s", t->path, strerror(e ? e : EIO));
        unlink(t->tmp);
        trace_abort(t);
        return -1;
    }
    t->f = NULL;
    if (rename(t->tmp, t->path)) {
        snprintf(err, errlen, "%s: cannot write: %s", t->path, strerror(errno));
        unlink(t->tmp);
        trace_abort(t);
        return -1;
    }
    trace_abort(t);
    return 0;
}

void trace_attach(struct machine *m, struct trace *t)
{
    m->trace = t;
    pcache_flush(m);
}

uint64_t trace_bytes(const struct trace *t)
{
    return t->bytes + t->len;
}

uint64_t trace_events(const struct trace *t)
{
    return t->events;
}

/* ------------------------------------------------------------ sites */
/* The last site starting at or below ADDR, or -1. */
static int32_t site_floor(const struct trace *t, uint64_t addr)
{
    int32_t lo = 0, hi = (int32_t)t->nsites - 1, r = -1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (t->sites[mid].addr <= addr) {
            r = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    return r;
}

static inline uint64_t site_end(const struct trace_site *s)
{
    return s->addr + 16ull * s->bundles;
}

/* The site whose stub (trace_site_stub) holds the bundle at ADDR, or -1. */
static int32_t stub_holding(const struct trace *t, uint64_t addr)
{
    for (uint32_t i = 0; i < t->nstubs; i++)
        if (addr >= t->stubs[i].addr && addr < t->stubs[i].end)
            return t->stubs[i].site;
    return -1;
}

/* The site holding the bundle at ADDR (in the site or its stub), or -1. */
static int32_t site_holding(const struct trace *t, uint64_t addr)
{
    int32_t i = site_floor(t, addr);
    if (i >= 0 && addr < site_end(&t->sites[i]))
        return i;
    return t->nstubs ? stub_holding(t, addr) : -1;
}

int trace_site_stub(struct trace *t, uint32_t id, uint64_t addr, unsigned bundles)
{
    for (uint32_t i = 0; i < t->nsites; i++)
        if (t->sites[i].id == id) {
            struct trace_stub *s = realloc(t->stubs, (t->nstubs + 1) * sizeof *s);
            if (!s)
                return -1;
            t->stubs = s;
            s[t->nstubs++] = (struct trace_stub){ addr, addr + 16ull * bundles, (int32_t)i };
            return 0;
        }
    return -1;
}

/* The site whose last bundle precedes ADDR, or -1. */
static int32_t site_ending_at(const struct trace *t, uint64_t addr)
{
    int32_t i = site_floor(t, addr - 1);
    return i >= 0 && site_end(&t->sites[i]) == addr ? i : -1;
}

static void hook_enter(struct trace *t, int32_t site, unsigned flags, uint64_t now)
{
    begin(t, TEV_HOOK_ENTER, now);
    put_u(t, t->sites[site].id);
    put_u(t, flags);
    t->active = site;
    if (t->costs) {
        t->seg_start = now;
        t->seg_vec = cur_vec(t);
        t->group_open = 0;
        if (!(flags & HOOK_ENTER_RESUME)) {
            t->costs->site[site].execs++;
            t->costs->vec[t->seg_vec].execs++;
        }
    }
}

void trace_costs_enable(struct trace *t)
{
    if (t->costs)
        return;
    t->costs = calloc(1, sizeof *t->costs);
    t->costs->site = calloc(t->nsites ? t->nsites : 1, sizeof *t->costs->site);
    t->costs->nsites = t->nsites;
    t->costs->sites = t->sites;
}

const struct trace_costs *trace_costs(const struct trace *t)
{
    return t ? t->costs : NULL;
}

/* A slot of the active site about to run (cost accounting): bundles,
 * instruction groups and XSI accesses.  An access to the XSI page is a
 * load, store or semaphore whose base register (the [r3] operand) points
 * into the XSI's 64 KiB at XSI_BASE (hv/hv.h; the guest reaches the XSI
 * only through its fixed virtual address), counted when its predicate is
 * true. */
#define COST_XSI_BASE 0xfffffffffff00000ull
static void cost_slot(struct trace *t, struct cpu *c, const struct trace_mark *mk, unsigned k, int qp)
{
    struct cost_counts *s = &t->costs->site[t->active], *v = &t->costs->vec[t->seg_vec];
    const struct pslot *o = &mk->orig[k];
    if (k == t->run_first) {
        s->bundles++;
        v->bundles++;
    }
    if (!t->group_open) {
        s->groups++;
        v->groups++;
        t->group_open = 1;
    }
    if (qp && o->d && o->d->type == INSN_TYPE_M) {
        const char *mn = o->d->mnemonic;
        if (!strncmp(mn, "ld", 2) || !strncmp(mn, "st", 2) || !strncmp(mn, "cmpxchg", 7) ||
            !strncmp(mn, "xchg", 4) || !strncmp(mn, "fetchadd", 8))
            for (unsigned j = 0; j < o->d->nopnd; j++)
                if (insn_operands[o->d->opnd[j]].kind == OPK_IND && !insn_operands[o->d->opnd[j]].text[0]) {
                    uint64_t a = gr_val(c, (unsigned)o->o[j]);
                    if (a - COST_XSI_BASE < 0x10000ull) {
                        s->xsi++;
                        v->xsi++;
                    }
                    break;
                }
    }
}

/* ------------------------------------------------------------ marked slots */
/* What an instruction wrote (level insns).  Registers are the table's
 * output operands (before the '='), read after the handler ran; a memory
 * destination gives its address (the base register before) and the
 * stored register's value; a base register that changed (post-increment)
 * is a GR write too. */
static void insn_record(struct trace *t, struct cpu *c, const struct pslot *o, uint64_t ip, unsigned slot,
                        unsigned flags, int have_base, unsigned base_reg, uint64_t base_before)
{
    begin(t, TEV_INSN, t->slot_now);
    put_u(t, ip);
    put_u(t, slot | flags << 2);
    const struct insn_desc *d = o->d;
    if ((flags & INSN_EV_FAULT) || !(flags & INSN_EV_QP) || !d) {
        put_u(t, 0);
        return;
    }
    /* at most nout + 1 values: count first */
    uint8_t cls[6];
    uint64_t num[6], val[6], val2[6];
    unsigned n = 0;
    for (unsigned j = 0; j < d->nout && j < d->nopnd && n < 5; j++) {
        const struct insn_operand *op = &insn_operands[d->opnd[j]];
        unsigned r = (unsigned)o->o[j];
        switch (op->kind) {
        case OPK_REG:
            if (op->text[0] == 'r' && !op->text[1]) {
                cls[n] = VAL_GR; num[n] = r; val[n] = gr_val(c, r); val2[n] = (uint64_t)gr_nat(c, r); n++;
            } else if (op->text[0] == 'f' && !op->text[1]) {
                const struct freg *f = fr(c, r);
                cls[n] = VAL_FR; num[n] = r; val[n] = f->sig;
                val2[n] = (uint64_t)f->exp | (uint64_t)f->sign << 17; n++;
            } else if (op->text[0] == 'p' && !op->text[1]) {
                cls[n] = VAL_PR; num[n] = r; val[n] = (uint64_t)pr_get(c, r); val2[n] = 0; n++;
            } else if (op->text[0] == 'b' && !op->text[1]) {
                cls[n] = VAL_BR; num[n] = r & 7; val[n] = c->br[r & 7]; val2[n] = 0; n++;
            }
            break;
        case OPK_AR:
            cls[n] = VAL_AR; num[n] = r & 127;
            val[n] = (r & 127) == AR_ITC ? cpu_itc(c) : (r & 127) == AR_RUC ? cpu_ruc(c) : c->ar[r & 127];
            val2[n] = 0; n++;
            break;
        case OPK_CR:
            cls[n] = VAL_CR; num[n] = r & 127; val[n] = c->cr[r & 127]; val2[n] = 0; n++;
            break;
        case OPK_IND:
            if (!op->text[0] && have_base) {          /* [r3]: a store */
                cls[n] = VAL_MEM; num[n] = 0; val[n] = base_before; val2[n] = 0;
                for (unsigned k = d->nout; k < d->nopnd; k++) {
                    const struct insn_operand *src = &insn_operands[d->opnd[k]];
                    if (src->kind == OPK_REG && src->text[0] == 'r' && !src->text[1]) {
                        val2[n] = gr_val(c, (unsigned)o->o[k]);
                        break;
                    }
                }
                n++;
            }
            break;
        case OPK_CONST:
            if (!strcmp(op->text, "pr") || !strcmp(op->text, "pr.rot")) {
                uint64_t prs = 0;
                for (unsigned p = 0; p < 64; p++)
                    prs |= (uint64_t)pr_get(c, p) << p;
                cls[n] = VAL_PRS; num[n] = 0; val[n] = prs; val2[n] = 0; n++;
            } else if (!strncmp(op->text, "psr", 3)) {
                cls[n] = VAL_PSR; num[n] = 0; val[n] = c->psr; val2[n] = 0; n++;
            } else if (!strncmp(op->text, "ar.", 3)) {
                unsigned a = !strcmp(op->text, "ar.ccv") ? AR_CCV : !strcmp(op->text, "ar.csd") ? AR_CSD : AR_PFS;
                cls[n] = VAL_AR; num[n] = a; val[n] = c->ar[a]; val2[n] = 0; n++;
            }
            break;
        default:
            break;
        }
    }
    if (have_base && base_reg && gr_val(c, base_reg) != base_before && n < 6) {
        cls[n] = VAL_GR; num[n] = base_reg; val[n] = gr_val(c, base_reg); val2[n] = (uint64_t)gr_nat(c, base_reg);
        n++;
    }
    put_u(t, n);
    for (unsigned i = 0; i < n; i++) {
        put_byte(t, cls[i]);
        put_u(t, num[i]);
        put_u(t, val[i]);
        if (cls[i] == VAL_GR || cls[i] == VAL_FR || cls[i] == VAL_MEM)
            put_u(t, val2[i]);
    }
}

static int trace_slot(struct cpu *c, const struct pslot *s)
{
    struct machine *m = c->m;
    struct trace *t = m->trace;
    size_t idx = (size_t)((const char *)s - (const char *)m->pcache) / sizeof(struct pbundle);
    unsigned k = (unsigned)(s - m->pcache[idx].s);
    struct trace_mark *mk = &t->marks[idx];
    const struct pslot *o = &mk->orig[k];
    /* run_slots runs the bundle's slots in order from its first; the count
     * (c->insns) advances when it returns, so a slot's own count is the
     * count at its entry plus the slots before it in this run */
    if (c->insns != t->run_insns || mk->addr != t->run_addr || k <= t->run_last) {
        t->run_insns = c->insns;
        t->run_addr = mk->addr;
        t->run_first = k;
    }
    t->run_last = k;
    uint64_t now = c->insns + (k - t->run_first);
    unsigned f = mk->flags[k];
    if ((f & MK_AFTER) && t->active >= 0 && t->active == mk->after)
        hook_exit(t, HOOK_EXIT_FALL, now);
    if (f & MK_START) {
        if (t->active >= 0)
            hook_exit(t, HOOK_EXIT_BRANCH, now);
        unsigned flags = t->pending_resume == mk->start ? HOOK_ENTER_RESUME : 0;
        t->pending_resume = -1;
        hook_enter(t, mk->start, flags, now);
    }
    int qp = c->prf[c->prmap[o->qp]];
    t->slot_now = now;
    int counting = t->costs && (f & MK_BODY) && t->active >= 0 && t->active == mk->body;
    if (counting)
        cost_slot(t, c, mk, k, c->prf[c->prmap[o->guard]] && qp);
    if (!c->prf[c->prmap[o->guard]]) {
        if (f & MK_INSN)
            insn_record(t, c, o, mk->addr, k, qp ? INSN_EV_QP : 0, 0, 0, 0);
        return OP_NEXT;
    }
    /* naming a GR beyond the current frame (run_slots' own check, which
     * the original predicate guards) */
    if (o->maxgr >= 32 + CFM_SOF(c->cfm)) {
        if (f & MK_INSN)
            insn_record(t, c, o, mk->addr, k, (qp ? INSN_EV_QP : 0) | INSN_EV_FAULT, 0, 0, 0);
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    }
    int have_base = 0;
    unsigned base_reg = 0;
    uint64_t base_before = 0;
    if ((f & MK_INSN) && o->d)
        for (unsigned j = 0; j < o->d->nopnd; j++)
            if (insn_operands[o->d->opnd[j]].kind == OPK_IND && !insn_operands[o->d->opnd[j]].text[0]) {
                have_base = 1;
                base_reg = (unsigned)o->o[j];
                base_before = gr_val(c, base_reg);
                break;
            }
    t->slot_now = now + 1;            /* events the handler raises: once it retires */
    t->in_slot = 1;
    int r = o->fn(c, o);
    t->in_slot = 0;
    if (f & MK_INSN) {
        unsigned fl = (qp ? INSN_EV_QP : 0) | (r == OP_STOP && c->stop == STOP_FAULT ? INSN_EV_FAULT : 0);
        t->slot_now = now;
        insn_record(t, c, o, mk->addr, k, fl, have_base, base_reg, base_before);
    }
    if (counting && (mk->stop[k] || r == OP_BRANCH))
        t->group_open = 0;             /* the group ends after this slot */
    if (r == OP_BRANCH) {
        if (f & MK_BRANCH) {
            begin(t, TEV_BRANCH, now + 1);
            put_u(t, mk->addr);
            put_u(t, k);
            put_u(t, c->ip);
            put_u(t, c->slot);
        }
        if ((f & MK_BODY) && t->active >= 0 && t->active == mk->body) {
            const struct trace_site *site = &t->sites[mk->body];
            if ((c->ip < site->addr || c->ip >= site_end(site)) &&
                (!t->nstubs || stub_holding(t, c->ip) != mk->body))
                hook_exit(t, HOOK_EXIT_BRANCH, now + 1);
        }
    }
    return r;
}

/* A slot that may branch: B-unit forms, brl, chk. */
static int may_branch(const struct pslot *s)
{
    const struct insn_desc *d = s->d;
    return d && (d->type == INSN_TYPE_B || !strncmp(d->mnemonic, "brl", 3) || !strncmp(d->mnemonic, "chk", 3));
}

void trace_fill(struct cpu *c, struct pbundle *pb, uint64_t addr)
{
    struct trace *t = c->m->trace;
    size_t idx = (size_t)(pb - c->m->pcache);
    if (idx >= PCACHE_SIZE)
        return;
    struct trace_mark *mk = &t->marks[idx];
    uint8_t fl[3] = { 0, 0, 0 };
    int32_t start = -1, after = -1, body = -1;
    if (t->nsites) {
        body = site_holding(t, addr);
        if (body >= 0 && t->sites[body].addr == addr)
            start = body;
        after = site_ending_at(t, addr);
    }
    if (start >= 0)
        fl[0] |= MK_START;
    if (after >= 0)
        fl[0] |= MK_AFTER;
    for (unsigned k = 0; k < pb->nslots; k++) {
        if (body >= 0)
            fl[k] |= MK_BODY;
        if (t->level >= TRACE_BRANCHES && may_branch(&pb->s[k]))
            fl[k] |= MK_BRANCH;
        if (t->level >= TRACE_INSNS)
            fl[k] |= MK_INSN;
    }
    if (!(fl[0] | fl[1] | fl[2]))
        return;
    mk->addr = addr;
    {
        unsigned tmpl = (unsigned)(pb->lo & 0x1f);
        unsigned mid = insn_templates[tmpl >> 1].stop_after;
        for (unsigned k = 0; k < 3; k++)
            mk->stop[k] = (mid && k == mid - 1u) || ((tmpl & 1) && k == pb->nslots - 1u);
    }
    mk->start = start;
    mk->after = after;
    mk->body = body;
    for (unsigned k = 0; k < 3; k++) {
        mk->flags[k] = fl[k];
        mk->orig[k] = pb->s[k];
    }
    /* every slot of the bundle, so that trace_slot sees each run's first */
    for (unsigned k = 0; k < pb->nslots; k++) {
        struct pslot *s = &pb->s[k];
        s->fn = trace_slot;
        s->guard = 0;                  /* trace_slot tests the original */
        s->hot = HOT_CALL;
        s->maxgr = 0;                  /* ... and the frame, after the predicate */
    }
    pb->maxgr = 255;                   /* always slot by slot (run_slots) */
}

/* ------------------------------------------------------------ emitters */
static inline uint64_t fnv(uint64_t h, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        h ^= (v >> (8 * i)) & 0xff;
        h *= 0x100000001b3ull;
    }
    return h;
}

/* The user-visible state at a system call (trace_costs.user).  Only
 * what the kernel owes the task: the registers the IA-64 software
 * conventions preserve across a call (r1, r4-r7, r12, r13, b0-b5,
 * p1-p5, p16-p63, ar.pfs, ar.lc, ar.ec), the call's number (r15) and the
 * previous call's results (r8, r10).  The scratch registers (r2, r3, r9,
 * r11, r14, r16-r31, b6, b7, p6-p15) hold whatever the kernel's exit path
 * left, which differs between two builds of the kernel (addresses), and
 * the stacked registers of the frame that the task did not write are
 * undefined (SDM vol. 1, "alloc"), so neither is compared. */
#define USER_GRS ((1u << 1) | (0xfu << 4) | (1u << 8) | (1u << 10) | (3u << 12) | (1u << 15))
static void user_call(struct trace *t, struct cpu *c, uint64_t ip)
{
    struct trace_costs *tc = t->costs;
    if ((tc->nuser & (tc->nuser - 1)) == 0) {
        size_t cap = tc->nuser ? 2 * tc->nuser : 64;
        struct trace_user_call *u = realloc(tc->user, cap * sizeof *u);
        if (!u)
            return;
        tc->user = u;
    }
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned r = 1; r < 32; r++) {
        if (!((USER_GRS >> r) & 1))
            continue;
        h = fnv(h, gr_val(c, r));
        h = fnv(h, (uint64_t)gr_nat(c, r));
    }
    uint64_t prs = 0;
    for (unsigned p = 1; p < 64; p++)
        if (p < 6 || p >= 16)
            prs |= (uint64_t)pr_get(c, p) << p;
    h = fnv(h, prs);
    for (unsigned b = 0; b < 6; b++)
        h = fnv(h, c->br[b]);
    h = fnv(h, c->cfm & CFM_MASK);
    h = fnv(h, c->ar[AR_PFS]);
    h = fnv(h, c->ar[AR_LC]);
    h = fnv(h, c->ar[AR_EC]);
    tc->user[tc->nuser].ip = ip;
    tc->user[tc->nuser].nr = gr_val(c, 15);
    tc->user[tc->nuser].hash = h;
    tc->nuser++;
}

void trace_ev_interruption(struct cpu *c, unsigned vector, uint64_t iip, unsigned slot, uint64_t isr,
                           uint64_t ifa)
{
    struct trace *t = c->m->trace;
    uint64_t now = c->insns;
    if (t->active >= 0) {
        int32_t a = t->active;
        t->suspended[a]++;
        if (iip == t->sites[a].addr && slot == 0)
            t->suspended_at_start[a] = 1;
        hook_exit(t, HOOK_EXIT_INTR, now);
    }
    if (t->costs && vector == IVEC_BREAK && PSR_CPL(c) == 3)
        user_call(t, c, iip);
    /* the handler now running; Data Nested TLB is left by a branch (Linux's
     * handler), so it is not pushed */
    if (vector != IVEC_DATA_NESTED_TLB && t->vdepth < sizeof t->vstack)
        t->vstack[t->vdepth++] = (uint8_t)vector;
    begin(t, TEV_INTR, now);
    put_u(t, vector);
    put_u(t, iip);
    put_u(t, slot);
    put_u(t, isr);
    put_u(t, ifa);
}

void trace_ev_rfi(struct cpu *c)
{
    struct trace *t = c->m->trace;
    uint64_t now = now_of(t, c);
    begin(t, TEV_RFI, now);
    put_u(t, c->ip);
    put_u(t, c->slot);
    put_u(t, c->psr);
    if (t->vdepth)
        t->vdepth--;
    int32_t target = t->nsites ? site_holding(t, c->ip) : -1;
    if (t->active >= 0 && t->active != target)
        hook_exit(t, HOOK_EXIT_RFI, now);
    if (target < 0 || t->active == target)
        return;
    if (c->ip == t->sites[target].addr && c->slot == 0) {
        /* its first slot runs again: a resume if an interruption left it there */
        if (t->suspended[target] && t->suspended_at_start[target]) {
            t->suspended[target]--;
            t->suspended_at_start[target] = 0;
            t->pending_resume = target;
        }
        return;
    }
    if (t->suspended[target])
        t->suspended[target]--;
    hook_enter(t, target, HOOK_ENTER_RESUME, now);
}

void trace_ev_tlb(struct cpu *c, unsigned what, uint64_t a, uint64_t b, uint64_t d, uint64_t e)
{
    struct trace *t = c->m->trace;
    int insert = what <= TLB_EV_ITR_D;
    begin(t, insert ? TEV_TLB_INSERT : TEV_TLB_PURGE, now_of(t, c));
    put_u(t, what);
    put_u(t, a);
    put_u(t, b);
    if (insert) {
        put_u(t, d);
        put_u(t, e);
    }
}

void trace_ev_call(struct cpu *c, unsigned kind, uint64_t nr, const uint64_t args[4])
{
    struct trace *t = c->m->trace;
    begin(t, TEV_CALL, now_of(t, c));
    put_u(t, kind);
    put_u(t, nr);
    for (int i = 0; i < 4; i++)
        put_u(t, args[i]);
}

void trace_ev_console(struct cpu *c, const void *bytes, size_t n)
{
    struct trace *t = c->m->trace;
    const uint8_t *p = bytes;
    uint64_t now = now_of(t, c);
    /* long writes as several events of at most 4096 bytes */
    while (n) {
        size_t k = n > 4096 ? 4096 : n;
        begin(t, TEV_CONSOLE, now);
        put_u(t, k);
        if (t->len + k > BUF_SIZE)
            flush_buf(t);
        memcpy(t->buf + t->len, p, k);
        t->len += k;
        p += k;
        n -= k;
    }
}

void trace_ev_hv_enter(struct cpu *c, unsigned kind, uint64_t code)
{
    struct trace *t = c->m->trace;
    if (t->costs) {
        struct cost_counts *s = t->active >= 0 ? &t->costs->site[t->active] : &t->costs->outside;
        struct cost_counts *v = t->active >= 0 ? &t->costs->vec[t->seg_vec] : NULL;
#define HVK(field) do { s->field++; if (v) v->field++; } while (0)
        switch (kind) {
        case HV_EV_HYPERPRIVOP_FAST: HVK(hp_fast); break;
        case HV_EV_HYPERPRIVOP_SLOW: HVK(hp_slow); break;
        case HV_EV_PRIVOP_FAULT: HVK(privops); break;
        case HV_EV_REFLECTION: HVK(reflections); break;
        default: HVK(hv_other); break;
        }
#undef HVK
    }
    begin(t, TEV_HV_ENTER, now_of(t, c));
    put_u(t, kind);
    put_u(t, code);
    put_u(t, c->ip);
}

void trace_ev_hv_exit(struct cpu *c, unsigned kind, uint64_t code)
{
    struct trace *t = c->m->trace;
    begin(t, TEV_HV_EXIT, now_of(t, c));
    put_u(t, kind);
    put_u(t, code);
    put_u(t, c->ip);
}
