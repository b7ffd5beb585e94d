/* The register stack engine's fast paths for br.call, br.ret and alloc,
 * shared by rse.c and the run loop (exec.c): the usual case, where
 * nothing rotates (every rrb is 0, so the maps are linear), no spill or
 * fill is due and BSP crosses at most one NaT collection slot.  Each returns
 * 1 when it did the work and 0, having changed nothing, when the caller
 * must take the general path (rse.c).  The model is described in rse.c.
 *
 * Map entries of logical registers beyond CFM.sof are left as they were
 * or point at the ring slots that follow (map_run): the run loop checks
 * every register an instruction names against the frame before it runs
 * (SDM vol. 1, 4.1.1), so none is ever used. */
#ifndef IA64EMU_RSE_H
#define IA64EMU_RSE_H

#include "machine.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define NS NPHYS_STACKED
#define CFM_FRAME_MASK 0x3fffull                 /* sof, sol */
#define CFM_SIZE_MASK  0x3ffffull                /* sof, sol, sor */
#define CFM_RRB_MASK   (0xfffffull << 18)        /* rrb.gr, rrb.fr, rrb.pr */
#define CFM_MASK       0x3fffffffffull           /* 38 bits */

static inline unsigned ring_sub(unsigned p, unsigned n)
{
    return p >= n ? p - n : p + NS - n;
}

static inline unsigned ring_add(unsigned p, unsigned n)
{
    p += n;
    return p >= NS ? p - NS : p;
}

/* N registers on from or back to A do not cross a NaT collection slot. */
static inline int bsp_near_add(uint64_t a, unsigned n)
{
    return ((unsigned)(a >> 3) & 63) + n < 63;
}

static inline int bsp_near_sub(uint64_t a, unsigned n)
{
    return ((unsigned)(a >> 3) & 63) >= n;   /* also from a collection slot */
}

/* rse_addr_add(A, N) and rse_addr_add(A, -N) (rse.c) where they skip at
 * most one NaT collection slot: 1 with *TO set, else 0. */
static inline int bsp_step_add(uint64_t a, unsigned n, uint64_t *to)
{
    unsigned k = ((unsigned)(a >> 3) & 63) + n;
    if (__builtin_expect(k < 63, 1)) {          /* bsp_near_add */
        *to = a + 8ull * n;
        return 1;
    }
    *to = a + 8ull * (n + 1);
    return k < 126;
}

static inline int bsp_step_sub(uint64_t a, unsigned n, uint64_t *to)
{
    unsigned idx = (unsigned)(a >> 3) & 63;
    if (__builtin_expect(idx >= n, 1)) {         /* bsp_near_sub */
        *to = a - 8ull * n;
        return 1;
    }
    *to = a - 8ull * (n + 1);
    return 62 - idx + n < 126;
}

/* N (<= 16) map entries from S to D: 16-byte moves, never a string
 * instruction (which GCC may choose where registers are scarce) */
static inline __attribute__((always_inline)) void copy_entries(struct greg **d, struct greg *const *s, unsigned n)
{
#ifdef __SSE2__
#pragma GCC unroll 8
    for (unsigned i = 0; i < n; i += 2)
        _mm_storeu_si128((__m128i_u *)&d[i], _mm_loadu_si128((const __m128i_u *)&s[i]));
#else
    memcpy(d, s, n * sizeof d[0]);
#endif
}

/* Logical r(32+i), FROM <= i < TO, without rotation: ring slots from P
 * (= bof + FROM) on.  Short runs as two copies that may overlap, or
 * as sixteen entries where the map has them (those beyond TO, the new
 * CFM.sof, are unused); long runs by memcpy. */
static inline __attribute__((always_inline)) void map_run(struct cpu *c, unsigned from, unsigned to, unsigned p)
{
    struct greg *const *g = &c->rse.ring[p];
    struct greg **m = &c->grmap[32 + from];
    unsigned n = to - from;
    if (n < 4) {
        if (n) {
            m[0] = g[0];
            if (n > 1) {
                m[1] = g[1];
                if (n > 2)
                    m[2] = g[2];
            }
        }
        return;
    }
    if (n <= 8) {                   /* the first and the last four */
        copy_entries(m, g, 4);
        copy_entries(&m[n - 4], &g[n - 4], 4);
    } else if (n <= 16 && from <= 96 - 16) {    /* sixteen */
        copy_entries(m, g, 16);
    } else if (n <= 16) {           /* the first and the last eight */
        copy_entries(m, g, 8);
        copy_entries(&m[n - 8], &g[n - 8], 8);
    } else {                        /* libc's copy is wider */
        memcpy(m, g, n * sizeof m[0]);
    }
}

static inline __attribute__((always_inline)) void map_linear(struct cpu *c, unsigned from, unsigned to)
{
    map_run(c, from, to, ring_add(c->rse.bof, from));
}

/* br.call: the caller's outputs become the callee's r32 on. */
static inline __attribute__((always_inline)) int rse_call_fast(struct cpu *c)
{
    uint64_t old = c->cfm, bsp;
    unsigned sol = CFM_SOL(old), sof = CFM_SOF(old);
    if (__builtin_expect((old & CFM_RRB_MASK) || sol > sof || !bsp_step_add(c->ar[AR_BSP], sol, &bsp), 0))
        return 0;
    unsigned bof = ring_add(c->rse.bof, sol);
    c->rse.bof = bof;
    c->rse.ndirty += sol;
    c->ar[AR_BSP] = bsp;
    c->cfm = sof - sol;
    map_run(c, 0, sof - sol, bof);
    return 1;
}

/* The CFM alloc makes: the new sizes, the rrbs kept. */
static inline uint64_t rse_alloc_cfm(uint64_t old, unsigned sof, unsigned sol, unsigned sor)
{
    return (old & ~CFM_SIZE_MASK) | sof | (uint64_t)sol << 7 | (uint64_t)(sor / 8) << 14;
}

/* alloc, its operands checked: only the registers between the old and the
 * new top of frame change their mapping (a rotating region only changes
 * size while every rrb is 0, else alloc faults, and it lies below both
 * tops).  Then r1 (of the new frame) = AR.PFS. */
static inline __attribute__((always_inline)) int rse_alloc_fast(struct cpu *c, unsigned r1, uint64_t new_cfm)
{
    uint64_t old = c->cfm;
    unsigned sof = CFM_SOF(new_cfm), old_sof = CFM_SOF(old);
    if (__builtin_expect(CFM_RRB_GR(old) != 0, 0))
        return 0;
    if (sof > old_sof) {
        if (__builtin_expect(c->rse.ndirty + c->rse.nclean + sof > NS, 0))
            return 0;
        map_linear(c, old_sof, sof);
    }
    c->cfm = new_cfm;
    gr_set(c, r1, c->ar[AR_PFS], 0);
    return 1;
}

/* br.ret (and rfi): back to the frame NEW_CFM (masked) whose SOL
 * registers are all still in the ring (no fills), which fits. */
static inline __attribute__((always_inline)) int rse_restore_fast(struct cpu *c, unsigned sol, uint64_t new_cfm)
{
    struct rse *r = &c->rse;
    unsigned sof = CFM_SOF(new_cfm), d = r->ndirty - sol;
    uint64_t bsp;
    if (__builtin_expect(sol > r->ndirty || sol > sof || d + sof > NS ||
                         ((c->cfm | new_cfm) & CFM_RRB_MASK) || !bsp_step_sub(c->ar[AR_BSP], sol, &bsp), 0))
        return 0;
    c->cfm = new_cfm;
    c->ar[AR_BSP] = bsp;
    r->ndirty = d;
    if (r->nclean > NS - d - sof)
        r->nclean = NS - d - sof;
    unsigned bof = ring_sub(r->bof, sol);
    r->bof = bof;
    map_run(c, 0, sof, bof);
    return 1;
}

int rse_restore_slow(struct cpu *c, unsigned sol, uint64_t new_cfm);

#endif
