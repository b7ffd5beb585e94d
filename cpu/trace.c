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
 * "marked"; what its INSN records hold is planned per slot then
 * (plan_slot, marks[]: one entry per cache entry, so a refill replaces
 * both).  A marked bundle keeps its slots: at level insns one without
 * hook marks that the run loop's fast path would run (TRACED_FAST) runs
 * there with the traced forms (exec.c, run_loop.inc: each hot form
 * followed by its record, trace_rec.h; other slots through
 * trace_fast_slot); every other one (TRACED_LEAN, TRACED_HOOKS, and a
 * TRACED_FAST one off the fast path) is handed whole by run_slots to
 * lean_run, which runs its slots as run_slots would, with their hook
 * events, cost accounting, records and branches around each handler.
 * Unmarked bundles run exactly as without a trace.
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
#include "trace_rec.h"

static inline unsigned cur_vec(const struct trace *t)
{
    return t->vdepth ? t->vstack[t->vdepth - 1] : COST_VEC_NONE;
}

void trace_flush_buf(struct trace *t)
{
    if (!t->f) {                   /* counting only: no file */
        t->len = 0;
        return;
    }
    if (t->len && fwrite(t->buf, 1, t->len, t->f) != t->len)
        t->io_error = errno ? errno : EIO;
    t->bytes += t->len;
    t->len = 0;
    t->run_at = 0;
}

static inline void put_byte(struct trace *t, uint8_t b)
{
    t->buf[t->len++] = b;
}

static inline void put_u(struct trace *t, uint64_t v)
{
    t->len = (size_t)(enc_u(t->buf + t->len, v) - t->buf);
}

/* An event's type and time; room for its fields (at most 512 bytes but
 * console data, which flushes itself). */
static void begin(struct trace *t, unsigned type, uint64_t now)
{
    if (t->len > BUF_SIZE - 512)
        trace_flush_buf(t);
    int64_t d = (int64_t)(now - t->last_t);
    t->last_t = now;
    put_byte(t, (uint8_t)type);
    put_u(t, ((uint64_t)d << 1) ^ (uint64_t)(d >> 63));
    t->events++;
    t->run_at = 0;                 /* an INSN run ends at any other event */
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
            trace_flush_buf(t);
        put_byte(t, (uint8_t)s[i]);
    }
}

static int site_order(const void *a, const void *b)
{
    const struct trace_site *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int lean_run_insns(struct cpu *c, const struct pbundle *pb, uint64_t limit);
static int lean_run_branches(struct cpu *c, const struct pbundle *pb, uint64_t limit);
static int hook_run_insns(struct cpu *c, const struct pbundle *pb, uint64_t limit);
static int hook_run(struct cpu *c, const struct pbundle *pb, uint64_t limit);
#if HAVE_PDEP
static int lean_run_insns_pdep(struct cpu *c, const struct pbundle *pb, uint64_t limit);
static int hook_run_insns_pdep(struct cpu *c, const struct pbundle *pb, uint64_t limit);
#endif

struct trace *trace_open(const char *path, const struct trace_header *h, char *err, size_t errlen)
{
    struct trace *t = calloc(1, sizeof *t);
    int nofile = path == NULL;
    if (nofile)
        path = "(costs)";
    size_t tl = strlen(path) + 16;
    if (!t || !(t->buf = malloc(BUF_SIZE + 16)) || !(t->path = strdup(path)) || !(t->tmp = malloc(tl)) ||
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
#if HAVE_PDEP
    __builtin_cpu_init();
    t->pdep = __builtin_cpu_supports("bmi2");
    t->lean_run = t->level < TRACE_INSNS ? lean_run_branches : lean_run_insns;
    t->hook_run = t->level < TRACE_INSNS ? hook_run : hook_run_insns;
#if HAVE_PDEP
    if (t->pdep && t->level >= TRACE_INSNS) {
        t->lean_run = lean_run_insns_pdep;
        t->hook_run = hook_run_insns_pdep;
    }
#endif
#endif
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
            trace_flush_buf(t);
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
    trace_flush_buf(t);
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
    soft_walk_forget(&m->cpu.tlb);     /* (the hooked misses' events: hv/vmem.c fills none while T records) */
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
static void cost_slot(struct trace *t, struct cpu *c, const struct trace_mark *mk, unsigned k, int first,
                      int qp)
{
    struct cost_counts *s = &t->costs->site[t->active], *v = &t->costs->vec[t->seg_vec];
    if (first) {                       /* the bundle's first slot of this run */
        s->bundles++;
        v->bundles++;
    }
    if (!t->group_open) {
        s->groups++;
        v->groups++;
        t->group_open = 1;
    }
    const struct slot_plan *pl = &mk->slot[k].plan;
    if (qp && pl->ldst) {
        uint64_t a = gr_val(c, pl->base_reg);
        if (a - COST_XSI_BASE < 0x10000ull) {
            s->xsi++;
            v->xsi++;
        }
    }
}

/* ------------------------------------------------------------ marked slots */
/* What an instruction wrote (level insns).  Registers are the table's
 * output operands (before the '='), read after the handler ran; a memory
 * destination gives its address (the base register before) and the
 * stored register's value; a base register that changed (post-increment)
 * is a GR write too.  Which they are is decided when the bundle is marked
 * (plan_slot). */
static uint64_t all_prs(struct cpu *c)
{
    uint64_t prs = 0;
    for (unsigned q = 0; q < 64; q++)
        prs |= (uint64_t)pr_get(c, q) << q;
    return prs;
}

/* The values of an INSN record at P, of the slot planned in PL, as
 * insn_emit's general case: their count in *N; returns the end. */
static uint8_t *put_values(struct cpu *c, const struct slot_plan *pl, uint8_t *p, int have_base,
                           uint64_t base_before, unsigned *np, const int bmi)
{
    unsigned n = 0, m = pl->nout;
    for (unsigned i = 0; i < m; i++) {
        unsigned r = pl->out[i].reg;
        switch (pl->out[i].kind) {
        case RK_GR: {
            const struct greg *g = c->grmap[r];
            p[0] = VAL_GR;
            p[1] = (uint8_t)r;
            p = ENC(p + 2, g->val);
            *p++ = (uint8_t)g->nat;
            break;
        }
        case RK_FR: {
            const struct freg *f = fr(c, r);
            p[0] = VAL_FR;
            p[1] = (uint8_t)r;
            p = ENC(p + 2, f->sig);
            p = ENC(p, (uint64_t)f->exp | (uint64_t)f->sign << 17);
            break;
        }
        case RK_PR:
            p[0] = VAL_PR;
            p[1] = (uint8_t)r;
            p[2] = (uint8_t)pr_get(c, r);
            p += 3;
            break;
        case RK_BR:
            p[0] = VAL_BR;
            p[1] = (uint8_t)r;
            p = ENC(p + 2, c->br[r]);
            break;
        case RK_AR:
            p[0] = VAL_AR;
            p[1] = (uint8_t)r;
            p = ENC(p + 2, r == AR_ITC ? cpu_itc(c) : r == AR_RUC ? cpu_ruc(c) : c->ar[r]);
            break;
        case RK_CR:
            p[0] = VAL_CR;
            p[1] = (uint8_t)r;
            p = ENC(p + 2, c->cr[r]);
            break;
        case RK_MEM:
            if (!have_base)
                continue;
            p[0] = VAL_MEM;
            p[1] = 0;
            p = ENC(p + 2, base_before);
            p = ENC(p, pl->has_src ? gr_val(c, pl->src_reg) : 0);
            break;
        case RK_PRS:
            p[0] = VAL_PRS;
            p[1] = 0;
            p = ENC(p + 2, all_prs(c));
            break;
        case RK_PSR:
            p[0] = VAL_PSR;
            p[1] = 0;
            p = ENC(p + 2, c->psr);
            break;
        default:
            continue;
        }
        n++;
    }
    if (have_base && pl->base_reg) {
        const struct greg *g = c->grmap[pl->base_reg];
        if (g->val != base_before) {   /* a post-increment */
            p[0] = VAL_GR;
            p[1] = pl->base_reg;
            p = ENC(p + 2, g->val);
            *p++ = (uint8_t)g->nat;
            n++;
        }
    }
    *np = n;
    return p;
}

uint8_t *trace_put_values(struct cpu *c, const struct slot_plan *pl, uint8_t *p, int have_base,
                          uint64_t base_before, unsigned *np)
{
    return put_values(c, pl, p, have_base, base_before, np, 0);
}

#if HAVE_PDEP
uint8_t *trace_put_values_pdep(struct cpu *c, const struct slot_plan *pl, uint8_t *p, int have_base,
                               uint64_t base_before, unsigned *np)
{
    return put_values(c, pl, p, have_base, base_before, np, 1);
}
#endif

/* The BRANCH event of slot SM's taken branch, at count NOW (c->ip and
 * c->slot: the target). */
void trace_branch_emit(struct trace *t, struct cpu *c, const struct slot_mark *sm, uint64_t now)
{
    begin(t, TEV_BRANCH, now);
    uint64_t ip = c->ip, slot = c->slot, len = sm->addr_len;
    uint8_t k = sm->k, *p = t->buf + t->len;
    memcpy(p, sm->addr_enc, 16);
    p += len;
    *p++ = k;
    const int bmi = t->pdep;
    (void)bmi;
    p = ENC(p, ip);
    *p++ = (uint8_t)slot;          /* 0-2 */
    t->len = (size_t)(p - t->buf);
}

/* A bundle with no hook marks (levels branches and insns), run whole by
 * run_slots (exec.c) in its place: the same steps, with each slot's INSN
 * record (INSN: level insns) and taken branch.  lean_slot: slot I at count
 * NOW (CONT: not the first of this run of the bundle); OP_NEXT to go on,
 * else the slot's result with c->insns counted. */
static inline __attribute__((always_inline)) int lean_slot(struct cpu *c, struct trace *t, const struct pbundle *pb,
                                                           const struct trace_mark *mk, unsigned i, uint64_t now,
                                                           int cont, const int insn, const int bmi,
                                                           const int hooks)
{
    const struct pslot *s = &pb->s[i];
    const struct slot_mark *sm = &mk->slot[i];
    unsigned f = sm->flags, counting = 0;
    if (hooks) {
        if ((f & MK_AFTER) && t->active >= 0 && t->active == mk->after)
            hook_exit(t, HOOK_EXIT_FALL, now);
        if (f & MK_START) {
            if (t->active >= 0)
                hook_exit(t, HOOK_EXIT_BRANCH, now);
            unsigned flags = t->pending_resume == mk->start ? HOOK_ENTER_RESUME : 0;
            t->pending_resume = -1;
            hook_enter(t, mk->start, flags, now);
        }
        counting = t->costs && (f & MK_BODY) && t->active >= 0 && t->active == mk->body;
    }
    unsigned qp = c->prf[c->prmap[s->qp]];
    int run = sm->guard_is_qp ? qp : c->prf[c->prmap[s->guard]];
    if (hooks && counting)
        cost_slot(t, c, mk, i, !cont, run && qp);
    if (!run) {
        if (insn)
            insn_emit(t, c, sm, qp ? INSN_EV_QP : 0, 0, 0, now, bmi, cont);
        return OP_NEXT;
    }
    c->slot = i;
    if (s->maxgr >= 32 + CFM_SOF(c->cfm)) {
        if (insn)
            insn_emit(t, c, sm, (qp ? INSN_EV_QP : 0) | INSN_EV_FAULT, 0, 0, now, bmi, cont);
        c->insns = now + 1;
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    }
    int have_base = insn && sm->plan.has_base;
    uint64_t base_before = have_base ? gr_val(c, sm->plan.base_reg) : 0;
    t->slot_now = now + 1;            /* events the handler raises: once it retires */
    t->in_slot = 1;
    int r = s->fn(c, s);
    t->in_slot = 0;
    if (insn) {
        unsigned fl = qp ? INSN_EV_QP : 0;
        if (__builtin_expect(r == OP_STOP, 0) && c->stop == STOP_FAULT)
            fl |= INSN_EV_FAULT;
        insn_emit(t, c, sm, fl, have_base, base_before, now, bmi, cont);
    }
    if (hooks && counting && (sm->stop || r == OP_BRANCH))
        t->group_open = 0;             /* the group ends after this slot */
    if (__builtin_expect(r != OP_NEXT, 0)) {
        c->insns = now + 1;
        if (r == OP_BRANCH && (f & MK_BRANCH))
            trace_branch_emit(t, c, sm, now + 1);
        if (hooks && r == OP_BRANCH && (f & MK_BODY) && t->active >= 0 && t->active == mk->body) {
            const struct trace_site *site = &t->sites[mk->body];
            if ((c->ip < site->addr || c->ip >= site_end(site)) &&
                (!t->nstubs || stub_holding(t, c->ip) != mk->body))
                hook_exit(t, HOOK_EXIT_BRANCH, now + 1);
        }
    }
    return r;
}

/* From c->slot, up to LIMIT: a restart in mid-bundle, or the limit near. */
static inline __attribute__((always_inline)) int lean_run_rest(struct cpu *c, const struct pbundle *pb,
                                                               uint64_t limit, const int insn, const int bmi,
                                                               const int hooks)
{
    struct trace *t = c->m->trace;
    const struct trace_mark *mk = &t->marks[pb - c->m->pcache];
    unsigned first = c->slot, nslots = pb->nslots;
    uint64_t start = c->insns, room = limit - start;
    if (__builtin_expect(first >= nslots, 0)) {
        /* a restart past the bundle's last slot (run_slots) */
        if (!room) {
            c->stop = STOP_MAX_INSNS;
            return OP_STOP;
        }
        c->insns++;
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    }
    for (unsigned i = first; i < nslots; i++) {
        if (i - first >= room) {
            c->insns = start + (i - first);
            c->slot = i;
            c->stop = STOP_MAX_INSNS;
            return OP_STOP;
        }
        c->run_first = (uint8_t)first;     /* (run_slots) */
        int r = lean_slot(c, t, pb, mk, i, start + (i - first), i != first, insn, bmi, hooks);
        c->run_first = 0;
        if (r != OP_NEXT)
            return r;
    }
    c->insns = start + (nslots - first);
    c->ip += 16;
    c->slot = 0;
    return OP_NEXT;
}

/* The common case, a bundle entered at slot 0 with room for all its
 * slots, unrolled; else lean_run_rest. */
static inline __attribute__((always_inline)) int lean_run(struct cpu *c, const struct pbundle *pb, uint64_t limit,
                                                          const int insn, const int bmi, const int hooks)
{
    uint64_t start = c->insns;
    if (__builtin_expect(c->slot != 0 || limit - start < 3, 0))
        return lean_run_rest(c, pb, limit, insn, bmi, hooks);
    struct trace *t = c->m->trace;
    const struct trace_mark *mk = &t->marks[pb - c->m->pcache];
    int r = lean_slot(c, t, pb, mk, 0, start, 0, insn, bmi, hooks);
    if (r != OP_NEXT)
        return r;
    r = lean_slot(c, t, pb, mk, 1, start + 1, 1, insn, bmi, hooks);
    if (r != OP_NEXT)
        return r;
    unsigned n = pb->nslots;
    if (n == 3) {
        r = lean_slot(c, t, pb, mk, 2, start + 2, 1, insn, bmi, hooks);
        if (r != OP_NEXT)
            return r;
    }
    c->insns = start + n;
    c->ip += 16;
    c->slot = 0;
    return OP_NEXT;
}

/* The instances: level insns (with BMI2 or without) or branches, and the
 * same for bundles with hook marks (and level events). */
#define LEAN_RUN(name, insn, bmi, hooks)                                        \
    static int name(struct cpu *c, const struct pbundle *pb, uint64_t limit)   \
    {                                                                          \
        return lean_run(c, pb, limit, insn, bmi, hooks);                       \
    }
LEAN_RUN(lean_run_insns, 1, 0, 0)
LEAN_RUN(lean_run_branches, 0, 0, 0)
LEAN_RUN(hook_run_insns, 1, 0, 1)
LEAN_RUN(hook_run, 0, 0, 1)
#if HAVE_PDEP
LEAN_RUN(lean_run_insns_pdep, 1, 1, 0)
LEAN_RUN(hook_run_insns_pdep, 1, 1, 1)
#endif

void trace_fast_off(struct cpu *c, const struct pbundle *pb, unsigned k, uint64_t now)
{
    struct trace *t = c->m->trace;
    const struct slot_mark *sm = &t->marks[pb - c->m->pcache].slot[k];
    unsigned fl = c->prf[c->prmap[pb->s[k].qp]] ? INSN_EV_QP : 0;
    insn_emit(t, c, sm, fl, 0, 0, now, 0, k != 0);
}

int trace_run_slots(struct cpu *c, const struct pbundle *pb, uint64_t limit)
{
    const struct trace *t = c->m->trace;
    return pb->traced == TRACED_HOOKS ? t->hook_run(c, pb, limit) : t->lean_run(c, pb, limit);
}

/* A slot that may branch: B-unit forms, brl, chk. */
static int may_branch(const struct pslot *s)
{
    const struct insn_desc *d = s->d;
    return d && (d->type == INSN_TYPE_B || !strncmp(d->mnemonic, "brl", 3) || !strncmp(d->mnemonic, "chk", 3));
}

/* What insn_record and cost_slot need of slot S (struct slot_plan): the
 * operand table walked once, here, rather than per instruction. */
static void plan_slot(struct slot_plan *pl, const struct pslot *o)
{
    memset(pl, 0, sizeof *pl);
    const struct insn_desc *d = o->d;
    if (!d)
        return;
    for (unsigned j = 0; j < d->nopnd; j++)
        if (insn_operands[d->opnd[j]].kind == OPK_IND && !insn_operands[d->opnd[j]].text[0]) {
            pl->has_base = 1;
            pl->base_reg = (uint8_t)o->o[j];
            break;
        }
    for (unsigned j = d->nout; j < d->nopnd; j++) {
        const struct insn_operand *src = &insn_operands[d->opnd[j]];
        if (src->kind == OPK_REG && src->text[0] == 'r' && !src->text[1]) {
            pl->has_src = 1;
            pl->src_reg = (uint8_t)o->o[j];
            break;
        }
    }
    if (d->type == INSN_TYPE_M && pl->has_base) {
        const char *mn = d->mnemonic;
        pl->ldst = !strncmp(mn, "ld", 2) || !strncmp(mn, "st", 2) || !strncmp(mn, "cmpxchg", 7) ||
                   !strncmp(mn, "xchg", 4) || !strncmp(mn, "fetchadd", 8);
    }
    unsigned n = 0;
    for (unsigned j = 0; j < d->nout && j < d->nopnd && n < 5; j++) {
        const struct insn_operand *op = &insn_operands[d->opnd[j]];
        unsigned r = (unsigned)o->o[j];
        int kind = -1;
        switch (op->kind) {
        case OPK_REG:
            if (op->text[0] == 'r' && !op->text[1])
                kind = RK_GR;
            else if (op->text[0] == 'f' && !op->text[1])
                kind = RK_FR;
            else if (op->text[0] == 'p' && !op->text[1])
                kind = RK_PR;
            else if (op->text[0] == 'b' && !op->text[1])
                kind = RK_BR, r &= 7;
            break;
        case OPK_AR:
            kind = RK_AR, r &= 127;
            break;
        case OPK_CR:
            kind = RK_CR, r &= 127;
            break;
        case OPK_IND:
            if (!op->text[0])
                kind = RK_MEM, r = 0;
            break;
        case OPK_CONST:
            if (!strcmp(op->text, "pr") || !strcmp(op->text, "pr.rot"))
                kind = RK_PRS, r = 0;
            else if (!strncmp(op->text, "psr", 3))
                kind = RK_PSR, r = 0;
            else if (!strncmp(op->text, "ar.", 3))
                kind = RK_AR, r = !strcmp(op->text, "ar.ccv") ? AR_CCV : !strcmp(op->text, "ar.csd") ? AR_CSD : AR_PFS;
            break;
        default:
            break;
        }
        if (kind < 0)
            continue;
        pl->out[n].kind = (uint8_t)kind;
        pl->out[n].reg = (uint8_t)r;
        n++;
    }
    pl->nout = (uint8_t)n;
    pl->one_gr = n == 1 && pl->out[0].kind == RK_GR && !pl->has_base;
    pl->two_pr = n == 2 && pl->out[0].kind == RK_PR && pl->out[1].kind == RK_PR && !pl->has_base;
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
    {
        unsigned tmpl = (unsigned)(pb->lo & 0x1f);
        unsigned mid = insn_templates[tmpl >> 1].stop_after;
        for (unsigned k = 0; k < 3; k++)
            mk->slot[k].stop = (uint8_t)((mid && k == mid - 1u) || ((tmpl & 1) && k == pb->nslots - 1u));
    }
    mk->start = start;
    mk->after = after;
    mk->body = body;
    for (unsigned k = 0; k < 3; k++) {
        struct slot_mark *sm = &mk->slot[k];
        memset(sm->addr_enc, 0, sizeof sm->addr_enc);
        sm->addr_len = (uint8_t)(enc_u(sm->addr_enc, addr) - sm->addr_enc);
        sm->k = (uint8_t)k;
        sm->flags = fl[k];
        sm->guard_is_qp = pb->s[k].guard == pb->s[k].qp;
        plan_slot(&sm->plan, &pb->s[k]);
    }
    /* The bundle keeps its slots.  At level insns, one without hook marks
     * that the run loop's fast path would run (no alloc inside, exec.c)
     * runs there with the traced forms; every other one leaves the fast
     * path (its frame test always fails) for run_slots, which hands it
     * whole to lean_run (hook_run with hook marks). */
    int hooks = ((fl[0] | fl[1] | fl[2]) & (MK_START | MK_AFTER | MK_BODY)) != 0;
    int fast = !hooks && t->level >= TRACE_INSNS && pb->maxgr != 255;
    for (unsigned k = 0; k < pb->nslots; k++)
        fast &= pb->s[k].hot % HOT_COUNT != HOT_FRAME;
    pb->traced = hooks ? TRACED_HOOKS : fast ? TRACED_FAST : TRACED_LEAN;
    if (!fast)
        pb->maxgr = 255;
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
            trace_flush_buf(t);
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
