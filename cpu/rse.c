/* The register stack engine (SDM rev. 2.3 vol. 2, ch. 6) and the register
 * maps.
 *
 * Logical register n of the current frame lives in *grmap[n] (a pointer into grf); the maps
 * are rebuilt whenever CFM, the RSE's bottom of frame or PSR.bn change, so
 * handlers index them directly.  Map entries of stacked registers beyond
 * CFM.sof point at some physical register and are never used (rse.h).
 *
 * The model.  The NPHYS_STACKED physical stacked registers form a ring.
 * RSE.BOF (rse.bof) is the ring index of r32.  Below it lie, in this order
 * going down, the dirty partition (rse.ndirty registers of earlier frames
 * not yet in memory: they belong at [BSPSTORE, BSP)), the clean partition
 * (rse.nclean registers also in memory, at [RSE.BspLoad, BSPSTORE)), and
 * the invalid registers.  Always ndirty + nclean + CFM.sof <= 96.
 * Backing-store addresses skip the NaT collection slots, those with bits
 * 8:3 all ones; AR.RNAT collects the NaT bits of the spills of the
 * current 63-register group.
 *
 * Choices where the SDM leaves freedom (documented here, see also the
 * report of issue 3):
 * - The RSE is lazy in every AR.RSC mode: it spills and fills only when it
 *   must (alloc and br.ret/rfi that need room or registers, flushrs,
 *   loadrs).  Eager modes are accepted and stored but change nothing.
 * - A spill that leaves BSPSTORE on a NaT collection slot stores AR.RNAT
 *   there at once and clears AR.RNAT, so that BSPSTORE never rests on a
 *   collection slot and BSPSTORE == BSP after flushrs.
 * - A return to a frame that reaches below BSPSTORE (its registers were
 *   spilled) fills the missing registers from the backing store, then
 *   moves BSPSTORE down to the new BSP (RSE.StoreReg = RSE.BOF) and reloads
 *   AR.RNAT from the collection of the new BSPSTORE when it lies in
 *   another group, so spilled NaT bits survive any number of calls.
 * - AR.RNAT after loadrs and after a write to AR.BSPSTORE is "undefined":
 *   loadrs leaves the collection of the tear point when it is known (in
 *   memory or already in RNAT), 0 otherwise; a BSPSTORE write leaves RNAT
 *   unchanged.
 * - RSE memory accesses use AR.RSC.be for byte order; they translate
 *   with PSR.rt at privilege level RSC.pl (memory.c, mem_rse_load/store)
 *   and their faults carry ISR.rs.
 * - RSE faults (SDM vol. 2, 6.6): spills and fills of alloc, flushrs and
 *   loadrs fault on that instruction, which did not complete; the
 *   registers spilled or filled before the fault stay clean, so the
 *   instruction re-executed does the rest.  br.ret and rfi complete first
 *   and leave an incomplete frame (ndirty < 0, BSPSTORE above BSP);
 *   rse_complete_frame then fills it, and a fault there is delivered at
 *   the return's target with ISR.ir (the frame is incomplete) and rs.
 *   The handler's rfi (with or without cover) completes the frame again.
 */
#include "rse.h"
#include <stddef.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Frames are small: plain loops beat vectorized ones with their set-up. */
#pragma GCC optimize("no-tree-vectorize")

#define RNAT_SLOT(a)   ((((a) >> 3) & 63) == 63)

/* The backing-store address N registers above (N < 0: below) register
 * address A, skipping NaT collection slots. */
uint64_t rse_addr_add(uint64_t a, int64_t n)
{
    int64_t idx = (int64_t)((a >> 3) & 63);
    if (n >= 0)
        return a + 8 * (uint64_t)(n + (idx + n) / 63);
    n = -n;
    return a - 8 * (uint64_t)(n + (62 - idx + n) / 63);
}

/* rse_addr_add(A, N) and rse_addr_add(A, -N) without the division where
 * at most one collection slot is skipped (bsp_step_*, rse.h; N = 0 moves
 * A off a collection slot, up). */
static inline uint64_t addr_up(uint64_t a, unsigned n)
{
    uint64_t to;
    return bsp_step_add(a, n, &to) ? to : rse_addr_add(a, n);
}

static inline uint64_t addr_down(uint64_t a, unsigned n)
{
    uint64_t to;
    return n && bsp_step_sub(a, n, &to) ? to : rse_addr_add(a, -(int64_t)n);
}

/* Registers (not NaT collections) in [A, B), A <= B. */
uint64_t rse_nregs(uint64_t a, uint64_t b)
{
    uint64_t x = a >> 3, y = b >> 3;
    return (y - x) - (y / 64 - x / 64);
}

/* ------------------------------------------------------------------ maps */
static __attribute__((noinline)) void remap_stacked_gr(struct cpu *c, unsigned old_sof)
{
    unsigned sof = CFM_SOF(c->cfm), sor = CFM_SOR(c->cfm), rrb = CFM_RRB_GR(c->cfm);
    unsigned bof = c->rse.bof, i = 0;
    struct greg **map = &c->grmap[32];
    if (sor > sof)
        sor = sof;
    if (rrb && sor) {
        if (rrb >= sor)
            rrb %= sor;
        for (; i < sor; i++) {
            unsigned j = i + rrb;
            if (j >= sor)
                j -= sor;
            map[i] = &c->grf[GRF_STACKED + ring_add(bof, j)];
        }
    }
    /* the rest, linear, and on to old_sof (beyond sof: never used, rse.h) */
    unsigned old_end = old_sof < NS ? old_sof : NS, end = sof > old_end ? sof : old_end;
    if (i < end && end <= NS) {     /* a ring run without wrap (cpu.h) */
        memcpy(&map[i], &c->rse.ring[ring_add(bof, i)], (end - i) * sizeof map[0]);
        return;
    }
    unsigned p = ring_add(bof, i);
    for (; i < end; i++) {
        map[i] = &c->grf[GRF_STACKED + p];
        if (++p == NS)
            p = 0;
    }
}

/* The rotating registers BASE .. BASE + N - 1: register BASE + i names
 * physical register BASE + (i + RRB) mod N. */
static inline void remap_rotating(uint8_t *map, unsigned base, unsigned n, unsigned rrb)
{
    rrb %= n;
    for (unsigned i = 0; i < n; i++) {
        unsigned j = i + rrb;
        map[base + i] = (uint8_t)(base + (j >= n ? j - n : j));
    }
}

/* One rotation of those registers (remap_rotating with RRB - 1): returns
 * the new RRB. */
static inline unsigned rotate_step(uint8_t *map, unsigned base, unsigned n, unsigned rrb)
{
    uint8_t t = map[base + n - 1];
    memmove(&map[base + 1], &map[base], n - 1);
    map[base] = t;
    return rrb ? rrb - 1 : n - 1;
}

static void remap_fr(struct cpu *c)
{
    remap_rotating(c->frmap, 32, 96, CFM_RRB_FR(c->cfm));
}

static void remap_pr(struct cpu *c)
{
    remap_rotating(c->prmap, 16, 48, CFM_RRB_PR(c->cfm));
}

void rse_remap(struct cpu *c)
{
    unsigned bn = (c->psr & PSR_BN) != 0;
    for (unsigned i = 0; i < 2 * NS; i++)
        c->rse.ring[i] = &c->grf[GRF_STACKED + i % NS];
    for (unsigned n = 0; n < 16; n++)
        c->grmap[n] = &c->grf[n];
    for (unsigned n = 0; n < 16; n++) {
        c->rse.banks[0][n] = &c->grf[GRF_BANK0 + n];
        c->rse.banks[1][n] = &c->grf[16 + n];
    }
    memcpy(&c->grmap[16], c->rse.banks[bn], sizeof c->rse.banks[bn]);
    remap_stacked_gr(c, 96);
    for (unsigned n = 0; n < 32; n++)
        c->frmap[n] = (uint8_t)n;
    remap_fr(c);
    for (unsigned n = 0; n < 16; n++)
        c->prmap[n] = (uint8_t)n;
    remap_pr(c);
}

/* After CFM changed from OLD: rebuild only what moved. */
static __attribute__((noinline)) void remap_frame(struct cpu *c, uint64_t old)
{
    remap_stacked_gr(c, CFM_SOF(old));
    if (CFM_RRB_FR(old) != CFM_RRB_FR(c->cfm))
        remap_fr(c);
    if (CFM_RRB_PR(old) != CFM_RRB_PR(c->cfm))
        remap_pr(c);
}

/* The same where neither frame rotates: only the new frame's registers,
 * linear (map entries beyond CFM.sof are never used, rse.h). */
static inline void remap_frame_linear(struct cpu *c, uint64_t old)
{
    if ((old | c->cfm) & CFM_RRB_MASK)
        remap_frame(c, old);
    else
        map_run(c, 0, CFM_SOF(c->cfm), c->rse.bof);
}

void rse_rotate(struct cpu *c)
{
    rse_remap(c);
}

/* rotate_regs() of the SDM: every rrb goes down by one (modulo the size of
 * its rotating region), so that the value of r32 appears in r33, f32 in
 * f33 and p63 in p16.  The maps rotate in place. */
void rse_rotate_step(struct cpu *c)
{
    unsigned sor = CFM_SOR(c->cfm), sof = CFM_SOF(c->cfm);
    unsigned rrg = CFM_RRB_GR(c->cfm), rrf = CFM_RRB_FR(c->cfm), rrp = CFM_RRB_PR(c->cfm);
    if (sor > sof)
        sor = sof;
    if (sor) {
        rrg = rrg ? rrg - 1 : sor - 1;
        struct greg *t = c->grmap[32 + sor - 1];
        memmove(&c->grmap[33], &c->grmap[32], (sor - 1) * sizeof c->grmap[0]);
        c->grmap[32] = t;
    }
    rrf = rotate_step(c->frmap, 32, 96, rrf);
    rrp = rotate_step(c->prmap, 16, 48, rrp);
    c->cfm = (c->cfm & ~CFM_RRB_MASK) | (uint64_t)rrg << 18 | (uint64_t)rrf << 25 | (uint64_t)rrp << 32;
}

/* clrrrb (PR_ONLY = 0) and clrrrb.pr (1). */
void rse_clrrrb(struct cpu *c, int pr_only)
{
    uint64_t old = c->cfm;
    c->cfm &= pr_only ? ~(0x3full << 32) : ~CFM_RRB_MASK;
    remap_frame(c, old);
}

/* ---------------------------------------------------------- RSE memory */
static inline int rse_store(struct cpu *c, uint64_t a, uint64_t v)
{
    if (!(c->ar[AR_RSC] & 0x10) != !(c->psr & PSR_BE))
        v = __builtin_bswap64(v);
    return mem_rse_store(c, a, v);
}

static inline int rse_load(struct cpu *c, uint64_t a, uint64_t *v)
{
    if (mem_rse_load(c, a, v))
        return OP_STOP;
    if (!(c->ar[AR_RSC] & 0x10) != !(c->psr & PSR_BE))
        *v = __builtin_bswap64(*v);
    return 0;
}

/* Runs of spills and fills within one page that the data soft TLB maps
 * take one look-up (mem_rse_page, machine.h): PAGE is the host page, where
 * rse_store and rse_load would put and find the bytes, swapped when
 * RSC.be is 1 (mem_* swap for PSR.be, rse_* for the difference).  Such
 * references neither fault nor have side effects, so a run is the steps
 * it replaces. */
static inline void page_put(uint8_t *page, uint64_t a, uint64_t v, int swap)
{
    if (swap)
        v = __builtin_bswap64(v);
    memcpy(page + (a & ~GUEST_PAGE_MASK), &v, 8);
}

static inline uint64_t page_get(const uint8_t *page, uint64_t a, int swap)
{
    uint64_t v;
    memcpy(&v, page + (a & ~GUEST_PAGE_MASK), 8);
    return swap ? __builtin_bswap64(v) : v;
}

/* The values of N registers, REG[0] on, to P on (spills); and from P down
 * into *REG[0], *REG[-1] ... with NaT bits BIT, BIT - 1 ... of NATS
 * (fills), returning their OR.  SWAP is a constant in each copy. */
static inline __attribute__((always_inline)) void put_values(uint8_t *p, struct greg *const *reg,
                                                             unsigned n, int swap)
{
#pragma GCC unroll 2
    for (uint8_t *end = p + 8 * n; p != end; p += 8, reg++) {
        uint64_t v = (*reg)->val;
        if (swap)
            v = __builtin_bswap64(v);
        memcpy(p, &v, 8);
    }
}

static inline __attribute__((always_inline)) void put_run(uint8_t *p, struct greg *const *reg, unsigned n, int swap)
{
    if (swap)
        put_values(p, reg, n, 1);
    else
        put_values(p, reg, n, 0);
}

static inline __attribute__((always_inline)) uint64_t get_values(const uint8_t *p, struct greg *const *reg,
                                                                 unsigned n, uint64_t nats, unsigned bit,
                                                                 int swap)
{
    uint64_t live = 0;
    if (n == 0)
        return 0;
    if ((nats << (63 - bit) >> (64 - n)) == 0) {     /* bits BIT - N + 1 .. BIT: no NaT set */
#pragma GCC unroll 2
        for (const uint8_t *end = p - 8 * n; p != end; p -= 8, reg--) {
            uint64_t v;
            memcpy(&v, p, 8);
            (*reg)->val = swap ? __builtin_bswap64(v) : v;
            (*reg)->nat = 0;
        }
        return 0;
    }
    for (unsigned j = 0; j < n; j++) {
        uint64_t v;
        memcpy(&v, p - 8 * j, 8);
        struct greg *g = *(reg - j);
        g->val = swap ? __builtin_bswap64(v) : v;
        g->nat = (nats >> (bit - j)) & 1;
        live |= g->nat;
    }
    return live;
}

static inline __attribute__((always_inline)) uint64_t get_run(const uint8_t *p, struct greg *const *reg,
                                                              unsigned n, uint64_t nats, unsigned bit, int swap)
{
    return swap ? get_values(p, reg, n, nats, bit, 1) : get_values(p, reg, n, nats, bit, 0);
}

/* put_run and get_run on the physical registers themselves, G[0] on
 * (spills) and G[0], G[-1] ... (fills, their NaT bits 0), with RSC.be 0:
 * the segments' runs, which do not wrap around the ring, without the
 * pointer of each register. */
static inline __attribute__((always_inline)) void put_direct(uint8_t *p, const struct greg *g, unsigned n)
{
#pragma GCC unroll 2
    for (uint8_t *end = p + 8 * n; p != end; p += 8, g++)
        memcpy(p, &g->val, 8);
}

static inline __attribute__((always_inline)) void get_direct(const uint8_t *p, struct greg *g, unsigned n)
{
#pragma GCC unroll 2
    for (const uint8_t *end = p - 8 * n; p != end; p -= 8, g--) {
#ifdef __SSE2__
        /* val and nat (0) in one store: the load clears the upper half */
        _Static_assert(sizeof *g == 16 && offsetof(struct greg, nat) == 8, "struct greg");
        _mm_storeu_si128((__m128i_u *)g, _mm_loadl_epi64((const __m128i_u *)p));
#else
        memcpy(&g->val, p, 8);
        g->nat = 0;
#endif
    }
}

/* Bits BIT - N + 1 .. BIT of NATS (0 < N <= BIT + 1): the NaT bits of a
 * run of fills. */
static inline int nats_in(uint64_t nats, unsigned bit, unsigned n)
{
    return (nats << (63 - bit) >> (64 - n)) != 0;
}

static inline int same_page(uint64_t a, uint64_t b)
{
    return ((a ^ b) & GUEST_PAGE_MASK) == 0;
}

/* The register address below A. */
static inline uint64_t reg_below(uint64_t a)
{
    a -= 8;
    return RNAT_SLOT(a) ? a - 8 : a;
}

/* Stores AR.RNAT if BSPSTORE is at a collection slot. */
static int store_rnat_if_due(struct cpu *c)
{
    uint64_t s = c->ar[AR_BSPSTORE];
    if (!RNAT_SLOT(s))
        return 0;
    if (rse_store(c, s, c->ar[AR_RNAT] & ~(1ull << 63)))
        return OP_STOP;
    c->ar[AR_RNAT] = 0;
    c->ar[AR_BSPSTORE] = s + 8;
    return 0;
}

/* Spills the lowest dirty register; it becomes clean. */
static int spill_one(struct cpu *c)
{
    struct rse *r = &c->rse;
    if (store_rnat_if_due(c))
        return OP_STOP;
    uint64_t s = c->ar[AR_BSPSTORE];
    const struct greg *g = &c->grf[GRF_STACKED + ring_sub(r->bof, r->ndirty)];
    if (rse_store(c, s, g->val))
        return OP_STOP;
    unsigned bit = (unsigned)(s >> 3) & 63;
    c->ar[AR_RNAT] = (c->ar[AR_RNAT] & ~(1ull << bit)) | (uint64_t)(g->nat & 1) << bit;
    c->ar[AR_BSPSTORE] = s + 8;
    r->ndirty--;
    r->nclean++;
    return store_rnat_if_due(c);
}

/* spill_one, up to N times (N <= ndirty <= 96), while BSPSTORE, off a
 * collection slot, stays in PAGE (the collection slot after a register
 * lies in the register's page): returns how many. */
static unsigned spill_run(struct cpu *c, uint8_t *page, unsigned n)
{
    struct rse *r = &c->rse;
    uint64_t s = c->ar[AR_BSPSTORE], rnat = c->ar[AR_RNAT];
    int swap = (c->ar[AR_RSC] & 0x10) != 0;
    unsigned m = (unsigned)rse_nregs(s, (s & GUEST_PAGE_MASK) + GUEST_PAGE_SIZE);
    struct greg *const *reg = &r->ring[ring_sub(r->bof, r->ndirty)];  /* no wrap (cpu.h) */
    if (m > n)
        m = n;
    /* a segment at a time: the registers up to the next collection slot,
     * whose NaT bits are bits BIT .. BIT + RUN - 1 of RNAT */
    for (unsigned k = 0; k < m;) {
        unsigned bit = (unsigned)(s >> 3) & 63, run = 63 - bit;
        if (run > m - k)
            run = m - k;
        uint64_t nats = 0;
        put_run(page + (s & ~GUEST_PAGE_MASK), reg + k, run, swap);
        if (c->nat_live)                 /* else every NaT bit is 0 (cpu.h) */
            for (unsigned j = 0; j < run; j++)
                nats |= (reg[k + j]->nat & 1) << j;
        rnat = (rnat & ~(((1ull << run) - 1) << bit)) | nats << bit;
        s += 8ull * run;
        k += run;
        if (RNAT_SLOT(s)) {
            page_put(page, s, rnat & ~(1ull << 63), swap);
            rnat = 0;
            s += 8;
        }
    }
    c->ar[AR_BSPSTORE] = s;
    c->ar[AR_RNAT] = rnat;
    r->ndirty -= m;
    r->nclean += m;
    return m;
}

/* Spills the N lowest dirty registers (spill_one N times). */
static __attribute__((noinline)) int spill_general(struct cpu *c, unsigned n)
{
    while (n) {
        uint8_t *page = NULL;
        if (n <= c->rse.ndirty && c->rse.ndirty <= NS && !RNAT_SLOT(c->ar[AR_BSPSTORE]))
            page = mem_rse_page(c, c->ar[AR_BSPSTORE], 1);
        if (page) {
            n -= spill_run(c, page, n);
        } else {
            if (spill_one(c))
                return OP_STOP;
            n--;
        }
    }
    return 0;
}

/* spill_general's usual case, in one step: N <= ndirty <= 96 registers
 * from BSPSTORE at bit BIT of its group, BIT + N < 63, so that no
 * collection slot is reached (the run stays in one group, one page); their
 * NaT bits are bits BIT .. BIT + N - 1 of RNAT.  1 when done, else 0. */
static inline __attribute__((always_inline)) int spill_segment(struct cpu *c, unsigned n)
{
    struct rse *r = &c->rse;
    uint64_t s = c->ar[AR_BSPSTORE];
    unsigned bit = (unsigned)(s >> 3) & 63;
    if (bit + n >= 63 || n > r->ndirty || r->ndirty > NS || (c->ar[AR_RSC] & 0x10))
        return 0;
    unsigned low = ring_sub(r->bof, r->ndirty);    /* the first register spilled */
    if (low + n > NS)                              /* the run wraps */
        return 0;
    uint8_t *page = mem_rse_page(c, s, 1);
    if (!page)
        return 0;
    const struct greg *g = &c->grf[GRF_STACKED + low];
    uint64_t nats = 0;
    put_direct(page + (s & ~GUEST_PAGE_MASK), g, n);
    if (c->nat_live)                     /* else every NaT bit is 0 (cpu.h) */
        for (unsigned j = 0; j < n; j++)
            nats |= (g[j].nat & 1) << j;
    c->ar[AR_RNAT] = (c->ar[AR_RNAT] & ~(((1ull << n) - 1) << bit)) | nats << bit;
    c->ar[AR_BSPSTORE] = s + 8ull * n;
    r->ndirty -= n;
    r->nclean += n;
    return 1;
}

static inline __attribute__((always_inline)) int spill_n(struct cpu *c, unsigned n)
{
    if (spill_segment(c, n))
        return 0;
    return spill_general(c, n);
}

/* Fills: the register below the clean partition, from LOAD (RSE.BspLoad,
 * moved down).  NaT bits come from AR.RNAT while the collection is not yet
 * in memory (its slot at or above BSPSTORE), else from memory; CA and COLL
 * cache the last collection read. */
struct fill_state {
    uint64_t load, ca, coll;
};

static int fill_one(struct cpu *c, struct fill_state *f)
{
    struct rse *r = &c->rse;
    uint64_t a = reg_below(f->load);
    uint64_t ca = a | 0x1f8, nats, v;
    if (ca >= c->ar[AR_BSPSTORE]) {
        nats = c->ar[AR_RNAT];
    } else {
        if (f->ca != ca) {
            if (rse_load(c, ca, &f->coll))
                return OP_STOP;
            f->ca = ca;
        }
        nats = f->coll;
    }
    if (rse_load(c, a, &v))
        return OP_STOP;
    struct greg *g = &c->grf[GRF_STACKED + ring_sub(r->bof, r->ndirty + r->nclean + 1)];
    g->val = v;
    g->nat = (nats >> ((a >> 3) & 63)) & 1;
    c->nat_live |= g->nat;
    r->nclean++;
    f->load = a;
    return 0;
}

/* fill_one, up to N times (ndirty + nclean + N <= 96), while the register
 * below F->load stays in PAGE (as does its collection): returns how many. */
static unsigned fill_run(struct cpu *c, struct fill_state *f, const uint8_t *page, unsigned n)
{
    struct rse *r = &c->rse;
    uint64_t bspstore = c->ar[AR_BSPSTORE], rnat = c->ar[AR_RNAT], nat_live = 0;
    uint64_t a = reg_below(f->load);
    int swap = (c->ar[AR_RSC] & 0x10) != 0;
    unsigned m = (unsigned)rse_nregs(a & GUEST_PAGE_MASK, a + 8);
    /* the registers filled, going down: reg[0], reg[-1] ... (no wrap, cpu.h) */
    struct greg *const *reg = &r->ring[NS + ring_sub(r->bof, r->ndirty + r->nclean + 1)];
    if (m > n)
        m = n;
    /* a segment at a time: the registers from A down to the first of its
     * group, whose NaT bits come from one collection */
    for (unsigned k = 0; k < m;) {
        uint64_t ca = a | 0x1f8, nats;
        unsigned bit = (unsigned)(a >> 3) & 63, run = bit + 1;
        if (run > m - k)
            run = m - k;
        if (ca >= bspstore) {
            nats = rnat;
        } else {
            if (f->ca != ca) {
                f->coll = page_get(page, ca, swap);
                f->ca = ca;
            }
            nats = f->coll;
        }
        nat_live |= get_run(page + (a & ~GUEST_PAGE_MASK), reg - k, run, nats, bit, swap);
        f->load = a - 8 * (run - 1);
        a = reg_below(f->load);
        k += run;
    }
    c->nat_live |= nat_live;
    r->nclean += m;
    return m;
}

static __attribute__((noinline)) int fill_general(struct cpu *c, uint64_t load, unsigned n)
{
    struct fill_state f = { load, 1, 0 };
    while (n) {
        const uint8_t *page = NULL;
        if (c->rse.ndirty + c->rse.nclean + n <= NS)
            page = mem_rse_page(c, reg_below(f.load), 0);
        if (page) {
            n -= fill_run(c, &f, page, n);
        } else {
            if (fill_one(c, &f))
                return OP_STOP;
            n--;
        }
    }
    return 0;
}

/* fill_general's usual case, in one step: the N (> 0) registers below
 * LOAD, ndirty + nclean + N <= 96, lie in one group (the first of them,
 * at bit BIT, has BIT >= N - 1), whose collection is in the same page.
 * 1 when done, else 0. */
static inline __attribute__((always_inline)) int fill_segment(struct cpu *c, uint64_t load, unsigned n)
{
    struct rse *r = &c->rse;
    uint64_t a = reg_below(load), ca = a | 0x1f8, nats;
    unsigned bit = (unsigned)(a >> 3) & 63;
    if (n - 1 > bit || r->ndirty + r->nclean + n > NS || (c->ar[AR_RSC] & 0x10))
        return 0;
    unsigned top = ring_sub(r->bof, r->ndirty + r->nclean + 1);   /* the first register filled */
    if (top < n - 1)                                               /* the run wraps */
        return 0;
    const uint8_t *page = mem_rse_page(c, a, 0);
    if (!page)
        return 0;
    nats = ca >= c->ar[AR_BSPSTORE] ? c->ar[AR_RNAT] : page_get(page, ca, 0);
    if (nats_in(nats, bit, n))          /* fill_general sets them */
        return 0;
    /* going down from the physical register TOP */
    get_direct(page + (a & ~GUEST_PAGE_MASK), &c->grf[GRF_STACKED + top], n);
    r->nclean += n;
    return 1;
}

static int fill_n(struct cpu *c, unsigned n)
{
    /* RSE.BspLoad; only the register below it counts (reg_below), the same
     * for BSPSTORE on a collection slot as for rse_addr_add(BSPSTORE, 0) */
    uint64_t s = c->ar[AR_BSPSTORE], load = c->rse.nclean ? addr_down(s, c->rse.nclean) : s;
    if (fill_segment(c, load, n))
        return 0;
    return fill_general(c, load, n);
}

/* Makes room for a frame of SOF registers: drops clean registers, then
 * spills dirty ones (mandatory RSE stores). */
static inline int make_room(struct cpu *c, unsigned sof)
{
    struct rse *r = &c->rse;
    if (r->ndirty + sof > NS && spill_n(c, r->ndirty + sof - NS))
        return OP_STOP;
    if (r->ndirty + r->nclean + sof > NS)
        r->nclean = NS - r->ndirty - sof;
    return 0;
}

/* BSPSTORE moves down to NEWS (below or at it): AR.RNAT must then hold
 * the collection of NEWS's group, already in memory when that group is
 * not the one BSPSTORE was in. */
static int lower_bspstore(struct cpu *c, uint64_t news)
{
    uint64_t s = c->ar[AR_BSPSTORE];
    if ((news | 0x1f8) != (s | 0x1f8)) {
        uint64_t v;
        if (rse_load(c, news | 0x1f8, &v))
            return OP_STOP;
        c->ar[AR_RNAT] = v & ~(1ull << 63);
    }
    c->ar[AR_BSPSTORE] = news;
    return 0;
}

/* ----------------------------------------------------------- operations */
/* rse_preserve_frame(n): the first N registers of the frame join the dirty
 * partition. */
static void preserve(struct cpu *c, unsigned n)
{
    c->rse.bof = ring_add(c->rse.bof, n);
    c->rse.ndirty += n;
    c->ar[AR_BSP] = addr_up(c->ar[AR_BSP], n);
}

/* br.call, br.ret and alloc have a fast path for the usual case: nothing
 * rotates (every rrb is 0: the maps are linear), no spill or fill is due,
 * BSP does not cross a NaT collection slot.  The rest is out of line. */

/* br.call with a rotated frame, across a NaT collection slot, or with a
 * CFM poked to say sol > sof. */
static __attribute__((noinline)) void call_slow(struct cpu *c)
{
    uint64_t old = c->cfm;
    unsigned sol = CFM_SOL(old), sof = CFM_SOF(old);
    if (sol > sof)
        sol = sof;
    preserve(c, sol);
    c->cfm = sof - sol;
    remap_frame_linear(c, old);
}

void rse_call(struct cpu *c)
{
    if (!rse_call_fast(c))
        call_slow(c);
}

/* alloc that must spill, or whose old frame has a rotated region,
 * perhaps beyond sof (only a PFS can say so). */
static __attribute__((noinline)) int alloc_general(struct cpu *c, unsigned r1, uint64_t new_cfm)
{
    uint64_t old = c->cfm, pfs = c->ar[AR_PFS];
    unsigned sof = CFM_SOF(new_cfm), old_sof = CFM_SOF(old);
    if (sof > old_sof && c->rse.ndirty + c->rse.nclean + sof > NS && make_room(c, sof))
        return OP_STOP;
    c->cfm = new_cfm;
    if (CFM_RRB_GR(old) && CFM_SOR(old) > old_sof)
        remap_stacked_gr(c, old_sof);
    else if (sof > old_sof)
        map_linear(c, old_sof, sof);
    gr_set(c, r1, pfs, 0);
    return OP_NEXT;
}

/* alloc_general's usual case: no rotation, the frame grows by 1 to 16
 * registers (rse_alloc has checked both; the translator calls it so,
 * as rse_alloc_grow) and needs room that dropping clean registers and
 * one spill_segment make, or none. */
static __attribute__((noinline)) int alloc_slow(struct cpu *c, unsigned r1, uint64_t new_cfm)
{
    struct rse *r = &c->rse;
    unsigned sof = CFM_SOF(new_cfm), old_sof = CFM_SOF(c->cfm);
    if (r->ndirty + sof > NS && !spill_segment(c, r->ndirty + sof - NS))
        return alloc_general(c, r1, new_cfm);
    if (r->ndirty + r->nclean + sof > NS)       /* make_room */
        r->nclean = NS - r->ndirty - sof;
    map_linear(c, old_sof, sof);
    c->cfm = new_cfm;
    gr_set(c, r1, c->ar[AR_PFS], 0);
    return OP_NEXT;
}

/* rse_alloc_fast where at most 16 map entries change (map_run copies
 * them inline), else alloc_slow or alloc_general, which do the rest: tail
 * calls, so that the usual case saves no registers. */
int rse_alloc(struct cpu *c, unsigned r1, uint64_t new_cfm)
{
    uint64_t old = c->cfm;
    unsigned sof = CFM_SOF(new_cfm), old_sof = CFM_SOF(old);
    if (CFM_RRB_GR(old) || (sof > old_sof && sof - old_sof > 16))
        return alloc_general(c, r1, new_cfm);
    if (sof > old_sof && c->rse.ndirty + c->rse.nclean + sof > NS)
        return alloc_slow(c, r1, new_cfm);
    if (sof > old_sof)
        map_linear(c, old_sof, sof);
    c->cfm = new_cfm;
    gr_set(c, r1, c->ar[AR_PFS], 0);
    return OP_NEXT;
}

int rse_alloc_grow(struct cpu *c, unsigned r1, uint64_t new_cfm)
{
    return alloc_slow(c, r1, new_cfm);
}

static inline __attribute__((always_inline)) int restore(struct cpu *c, unsigned sol, uint64_t new_cfm)
{
    if (rse_restore_fast(c, sol, new_cfm))
        return OP_NEXT;
    return rse_restore_slow(c, sol, new_cfm);
}

int rse_restore_frame(struct cpu *c, unsigned sol, uint64_t new_cfm)
{
    return restore(c, sol, new_cfm & CFM_MASK);
}

int rse_return(struct cpu *c, uint64_t pfs)
{
    uint64_t pfm = pfs & CFM_MASK;
    return restore(c, CFM_SOL(pfm), pfm);
}

/* Returns that need fills or rotation, or cross a NaT collection slot,
 * or that the SDM calls rse_fatal.  No memory is touched here: a frame
 * whose lower registers are not in the register file (sol beyond the
 * dirty ones) is left incomplete -- RSE.ndirty negative, i.e. BSPSTORE
 * above BSP -- and rse_complete_frame, called once the instruction has
 * completed, makes the mandatory fills (SDM vol. 2, 6.6: br.ret and rfi
 * complete, then the RSE loads the current frame). */
int rse_restore_slow(struct cpu *c, unsigned sol, uint64_t new_cfm)
{
    struct rse *r = &c->rse;
    uint64_t old = c->cfm;
    unsigned sof = CFM_SOF(new_cfm);
    int d = (int)r->ndirty;
    /* rse_fatal: the restored frame does not fit beside the dirty
     * registers (only a PFS written by software can say so); a PFS whose
     * sol exceeds its sof or 96 is treated alike. */
    if (sof > NS || sol > sof || (int)(sof - sol) > (int)NS - d) {
        if ((int)sol <= d) {
            r->bof = ring_sub(r->bof, sol);
            r->ndirty -= sol;
            c->ar[AR_BSP] = rse_addr_add(c->ar[AR_BSP], -(int64_t)sol);
        }
        c->cfm = 0;
        remap_frame(c, old);
        return OP_NEXT;
    }
    int nd = d - (int)sol;             /* < 0: the frame is incomplete */
    r->ndirty = (unsigned)nd;
    /* registers present below the new BOF, and the frame, fit the ring */
    if (nd + (int)r->nclean > 0 && nd + (int)r->nclean + (int)sof > (int)NS)
        r->nclean = (unsigned)((int)NS - (int)sof - nd);
    r->bof = ring_sub(r->bof, sol);
    c->ar[AR_BSP] = addr_down(c->ar[AR_BSP], sol);
    c->cfm = new_cfm;
    remap_frame_linear(c, old);
    return OP_NEXT;
}

/* The incomplete frame (RSE.ndirty < 0: BSPSTORE lies -ndirty registers
 * above BSP, inside the current frame).  BSPSTORE walks down to BSP one
 * register at a time: over a register still in the register file (the
 * clean partition, which then lies inside the frame) it only moves; else
 * the register is loaded (a mandatory fill) with its NaT bit from AR.RNAT
 * while its collection is not yet in memory, else from memory.  Entering
 * a lower group loads AR.RNAT from that group's collection.  Every step is
 * atomic: a fault leaves the state of the last completed step, and the
 * walk resumes from it (SDM vol. 2, 6.6, RSE.CFLE). */
static int complete_step(struct cpu *c)
{
    struct rse *r = &c->rse;
    uint64_t s = c->ar[AR_BSPSTORE], a = reg_below(s), coll = 0, v = 0;
    uint64_t ca = a | 0x1f8;
    int lower = ca < s;
    if (lower && rse_load(c, ca, &coll))
        return OP_STOP;
    if (r->nclean) {
        r->nclean--;
    } else {
        if (rse_load(c, a, &v))
            return OP_STOP;
        unsigned pos = (unsigned)(-(int)r->ndirty) - 1;
        struct greg *g = &c->grf[GRF_STACKED + ring_add(r->bof, pos)];
        g->val = v;
        g->nat = ((lower ? coll : c->ar[AR_RNAT]) >> ((a >> 3) & 63)) & 1;
        c->nat_live |= g->nat;
    }
    if (lower)
        c->ar[AR_RNAT] = coll & ~(1ull << 63);
    c->ar[AR_BSPSTORE] = a;
    r->ndirty++;
    return 0;
}

/* complete_step while the frame is incomplete and the register below
 * BSPSTORE stays in PAGE (as does its collection). */
static void complete_run(struct cpu *c, const uint8_t *page)
{
    struct rse *r = &c->rse;
    uint64_t s = c->ar[AR_BSPSTORE], rnat = c->ar[AR_RNAT], nat_live = 0;
    int swap = (c->ar[AR_RSC] & 0x10) != 0;
    unsigned missing = (unsigned)(-(int)r->ndirty), nclean = r->nclean;
    unsigned m = (unsigned)rse_nregs(reg_below(s) & GUEST_PAGE_MASK, s);
    /* step k loads the frame's register missing - 1 - k: reg[-k] (no wrap, cpu.h) */
    struct greg *const *reg = &r->ring[NS + ring_add(r->bof, missing - 1)];
    if (m > missing)
        m = missing;
    /* a segment at a time: from the register below S down to the first
     * of its group; entering the group from above loads its collection
     * into RNAT (bit 63 is no register's) */
    for (unsigned k = 0; k < m;) {
        uint64_t a = reg_below(s);
        unsigned bit = (unsigned)(a >> 3) & 63, run = bit + 1;
        if (run > m - k)
            run = m - k;
        if ((a | 0x1f8) < s)
            rnat = page_get(page, a | 0x1f8, swap) & ~(1ull << 63);
        /* the first steps only move over the clean registers */
        unsigned skip = nclean < run ? nclean : run;
        nclean -= skip;
        nat_live |= get_run(page + ((a - 8 * skip) & ~GUEST_PAGE_MASK), reg - (k + skip), run - skip, rnat,
                            bit - skip, swap);
        s = a - 8 * (run - 1);
        k += run;
    }
    c->nat_live |= nat_live;
    c->ar[AR_RNAT] = rnat;
    c->ar[AR_BSPSTORE] = s;
    r->ndirty += m;
    r->nclean = nclean;
}

static __attribute__((noinline)) int complete_general(struct cpu *c)
{
    while ((int)c->rse.ndirty < 0) {
        const uint8_t *page = NULL;
        if (-(int)c->rse.ndirty <= (int)NS)
            page = mem_rse_page(c, reg_below(c->ar[AR_BSPSTORE]), 0);
        if (page)
            complete_run(c, page);
        else if (complete_step(c))
            return OP_STOP;
    }
    return 0;
}

/* complete_run's usual case, in one step: the missing registers (the
 * frame is incomplete) lie in one group, the first of them, below
 * BSPSTORE, at bit BIT >= missing - 1.  1 when done, else 0. */
/* The mandatory fills of MISSING registers below BSPSTORE into the ring
 * from physical register TOP down, when they make one run (it does not
 * wrap), lie in one group whose collection is in the same page, and none
 * has its NaT bit set (complete_run sets them): *SG, 1, else 0 with
 * nothing changed (segment_fill makes them) */
struct segment {
    const uint8_t *page;
    uint64_t a, rnat;
};

static inline __attribute__((always_inline)) int segment_fillable(struct cpu *c, unsigned missing, unsigned top,
                                                                  struct segment *sg)
{
    uint64_t s = c->ar[AR_BSPSTORE], a = reg_below(s), ca = a | 0x1f8, rnat = c->ar[AR_RNAT];
    unsigned bit = (unsigned)(a >> 3) & 63;
    if (missing - 1 > bit || top < missing - 1)
        return 0;
    const uint8_t *page = mem_rse_page(c, a, 0);
    if (!page)
        return 0;
    if (ca < s)                         /* entering the group from above */
        rnat = page_get(page, ca, 0) & ~(1ull << 63);
    if (nats_in(rnat, bit, missing))
        return 0;
    *sg = (struct segment){ page, a, rnat };
    return 1;
}

/* step k loads the frame's register missing - 1 - k, physical TOP - k */
static inline __attribute__((always_inline)) void segment_fill(struct cpu *c, const struct segment *sg,
                                                               unsigned missing, unsigned top)
{
    get_direct(sg->page + (sg->a & ~GUEST_PAGE_MASK), &c->grf[GRF_STACKED + top], missing);
    c->ar[AR_RNAT] = sg->rnat;
    c->ar[AR_BSPSTORE] = sg->a - 8 * (missing - 1);
    c->rse.ndirty = 0;
}

static inline __attribute__((always_inline)) int complete_segment(struct cpu *c)
{
    struct rse *r = &c->rse;
    unsigned missing = (unsigned)(-(int)r->ndirty);
    struct segment sg;
    /* missing >= 1 (ndirty < 0); no clean registers inside the frame
     * (complete_run steps over them) */
    if ((int)r->ndirty >= 0 || r->nclean || (c->ar[AR_RSC] & 0x10))
        return 0;
    unsigned top = ring_add(r->bof, missing - 1);   /* the frame's register missing - 1 */
    if (!segment_fillable(c, missing, top, &sg))
        return 0;
    segment_fill(c, &sg, missing, top);
    return 1;
}

int rse_complete_frame(struct cpu *c)
{
    if (complete_segment(c))
        return 0;
    return complete_general(c);
}

/* br.ret that leaves PSR as it is (no demotion), where rse_restore_slow
 * would leave the frame incomplete and complete_segment would then make
 * the mandatory fills (SDM vol. 2, 6.6): nothing rotates, no register is
 * clean, the MISSING = sol - ndirty registers below BSPSTORE lie in one
 * group whose collection is in the same page, none has its NaT bit set.
 * Such fills neither fault nor depend on what the return changes besides
 * the frame (PSR, RSC and the soft TLB stay), so both are done here, in
 * one step, with the state rse_restore_slow and rse_complete_frame leave.
 * 1 when done, else 0 with nothing changed. */
static inline __attribute__((always_inline)) int return_segment(struct cpu *c, unsigned sol, uint64_t new_cfm)
{
    struct rse *r = &c->rse;
    unsigned sof = CFM_SOF(new_cfm), d = r->ndirty, missing = sol - d;
    struct segment sg;
    /* rse_restore_slow's usual case (no rse_fatal) with 0 <= ndirty < sol,
     * then complete_segment's */
    if ((int)d < 0 || sol <= d || sol > sof || sof > NS || sof - sol + d > NS || r->nclean ||
        ((c->cfm | new_cfm) & CFM_RRB_MASK) || (c->ar[AR_RSC] & 0x10))
        return 0;
    unsigned bof = ring_sub(r->bof, sol), top = ring_add(bof, missing - 1);
    if (!segment_fillable(c, missing, top, &sg))
        return 0;
    /* the return (rse_restore_slow) */
    c->ar[AR_BSP] = addr_down(c->ar[AR_BSP], sol);
    c->cfm = new_cfm;
    r->bof = bof;
    map_run(c, 0, sof, bof);
    /* its fills (complete_segment) */
    segment_fill(c, &sg, missing, top);
    return 1;
}

/* rse_return where PSR stays (op_ret): its usual fills made at once
 * (return_segment, first: op_ret runs where the run loop's and the
 * translator's rse_restore_fast did not, and the two exclude each other),
 * else left to rse_complete_frame as after rse_return */
int rse_return_filled(struct cpu *c, uint64_t pfs)
{
    uint64_t pfm = pfs & CFM_MASK;
    unsigned sol = CFM_SOL(pfm);
    if (return_segment(c, sol, pfm))
        return OP_NEXT;
    return restore(c, sol, pfm);
}

/* A fault of rse_complete_frame after the instruction -- br.ret or rfi --
 * completed: it is delivered at the next instruction (cpu.ip/slot, the
 * return's target), IIPA naming the return's bundle when it ran with
 * PSR.ic = 1 (exec.c, note_last); ISR.rs comes from the reference, ISR.ir
 * from the incomplete frame (delivery). */
int rse_fault_after(struct cpu *c)
{
    c->intr.valid |= INTR_TRAP;
    c->trap_slot = c->slot;
    return OP_STOP;
}

int rse_cover(struct cpu *c)
{
    uint64_t old = c->cfm;
    if (!(c->psr & PSR_IC))
        c->cr[23] = (1ull << 63) | (old & CFM_MASK);   /* CR[IFS].ifm, .v */
    preserve(c, CFM_SOF(old));
    c->cfm = 0;
    remap_frame_linear(c, old);
    return OP_NEXT;
}

int rse_flushrs(struct cpu *c)
{
    if ((int)c->rse.ndirty > 0 && spill_n(c, c->rse.ndirty))
        return OP_STOP;
    return OP_NEXT;
}

/* loadrs: the registers in [BSP - RSC.loadrs, BSP) become the dirty
 * partition, loaded from the backing store where not present; every other
 * register outside the frame is invalid.  The handler has checked
 * RSC.mode and CFM.sof. */
static __attribute__((noinline)) int loadrs_slow(struct cpu *c)
{
    struct rse *r = &c->rse;
    /* an incomplete frame first (loadrs makes mandatory fills anyway) */
    if ((int)r->ndirty < 0 && rse_complete_frame(c))
        return OP_STOP;
    uint64_t bytes = (c->ar[AR_RSC] >> 16) & 0x3ff8;
    uint64_t bsp = c->ar[AR_BSP], tear = bsp - bytes, s = c->ar[AR_BSPSTORE];
    uint64_t n = rse_nregs(tear, bsp);
    if (n + CFM_SOF(c->cfm) > NS)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (tear < s) {
        if (n > r->ndirty + r->nclean && fill_n(c, (unsigned)(n - r->ndirty - r->nclean)))
            return OP_STOP;
        if (lower_bspstore(c, tear))
            return OP_STOP;
    } else {
        if ((tear | 0x1f8) != (s | 0x1f8))
            c->ar[AR_RNAT] = 0;
        c->ar[AR_BSPSTORE] = tear;
    }
    r->ndirty = (unsigned)n;
    r->nclean = 0;
    return OP_NEXT;
}

/* loadrs; in one step its usual case: a complete frame, no clean
 * registers, the tear point below BSPSTORE in its group (AR.RNAT stays),
 * the fills (if any) a fill_segment.  Else loadrs_slow. */
int rse_loadrs(struct cpu *c)
{
    struct rse *r = &c->rse;
    uint64_t bsp = c->ar[AR_BSP], s = c->ar[AR_BSPSTORE], tear = bsp - ((c->ar[AR_RSC] >> 16) & 0x3ff8);
    uint64_t n = rse_nregs(tear, bsp);
    unsigned nd = r->ndirty;
    if ((int)nd < 0 || r->nclean || tear >= s || (tear | 0x1f8) != (s | 0x1f8) || n + CFM_SOF(c->cfm) > NS)
        return loadrs_slow(c);
    if (n > nd && !fill_segment(c, s, (unsigned)n - nd))
        return loadrs_slow(c);
    c->ar[AR_BSPSTORE] = tear;
    r->ndirty = (unsigned)n;
    r->nclean = 0;
    return OP_NEXT;
}

/* mov ar.bspstore = v (RSC.mode is 0): the dirty registers stay, to be
 * stored from the new address; BSP follows; clean registers are dropped. */
void rse_set_bspstore(struct cpu *c, uint64_t v)
{
    v &= ~7ull;
    if ((int)c->rse.ndirty < 0)
        c->rse.ndirty = 0;  /* an incomplete frame: its missing registers are lost */
    c->ar[AR_BSPSTORE] = v;
    c->ar[AR_BSP] = addr_up(v, c->rse.ndirty);
    c->rse.nclean = 0;
}
