/* Guest memory: sparse host pages allocated on first touch, reached through
 * a small soft TLB whose entries hold the host address of a guest page
 * (TinyEMU's addend).  Byte order follows PSR.be (SDM vol. 1, 4.5). */
#ifndef IA64EMU_MEMORY_H
#define IA64EMU_MEMORY_H

#include <stdint.h>
#include <string.h>

#include "page_map.h"

#define GUEST_PAGE_SHIFT 12
#define GUEST_PAGE_SIZE  (1ull << GUEST_PAGE_SHIFT)
#define GUEST_PAGE_MASK  (~(GUEST_PAGE_SIZE - 1))
/* The tag of an empty soft-TLB entry: a page-offset bit above those an
 * access of at most 16 bytes keeps in its compare (addr & (GUEST_PAGE_MASK
 * | (size - 1))), so that no access matches it.  (1 did: a 2-16 byte
 * access at address 1, 9, ... of page 0 took the empty entry's NULL host
 * pointer -- found by 10^8 random bundles.) */
#define MEM_TLB_EMPTY    0x800ull
#define MEM_TLB_SIZE     256
#define MEM_SRC_MAX      4    /* soft-TLB fills remembered per data TC entry */
#define MEM_SRC_NTC      128  /* TLB_NTC (tlb.h) */
#define MEM_FILL_LOG     8    /* the general path's data soft-TLB fills logged */
#define MEM_RECENT_BITS  9    /* mem_page's memo of host pages: 512 */
#define MEM_RECENT       (1u << MEM_RECENT_BITS)
#define MEM_CODE_FILTER  4096 /* is_code_page's filter: bytes */

struct mem_tlb {
    uint64_t tag;            /* guest page address; MEM_TLB_EMPTY = empty */
    uint8_t *host;
};

/* The soft TLBs come in one set per privilege level: what an entry
 * allows was checked at the level it was filled at, so a change of
 * PSR.cpl only selects another set (mem_tlb_select), and the kernel's
 * and the user's translations survive system calls and interruptions.
 * Physical data references (PSR.dt = 0, system mode) have data sets of
 * their own, MEM_PHYS, whatever the level: a physical address reaches
 * its page whatever the TLBs, region and key registers and PSR's other
 * bits hold, so those sets keep their entries when the others go
 * (mem_tlb_flush_data), and Linux's interruption handlers that walk the
 * page tables with PSR.dt = 0 find their pages there the next time. */
#define MEM_PHYS 4
struct memory {
    struct page_map pages;   /* page number -> host page */
    uint64_t npages, cap_pages;
    /* the sets of the current privilege level (pl) */
    struct mem_tlb *rtlb;    /* loads */
    struct mem_tlb *wtlb;    /* stores: never holds a page with cached code */
    struct mem_tlb *xtlb;    /* instruction fetches */
    unsigned pl;
    unsigned phys;           /* 1: rtlb and wtlb are the MEM_PHYS sets */
    /* the data sets each level selects: its own, or while phys MEM_PHYS's */
    struct mem_tlb *rset[4], *wset[4];
    unsigned used_data, used_fetch;  /* bit pl: that level's set may hold entries */
    unsigned regions;        /* bit r: some soft TLB may hold a page of region r */
    struct mem_tlb rtlbs[5][MEM_TLB_SIZE], wtlbs[5][MEM_TLB_SIZE], xtlbs[4][MEM_TLB_SIZE];
    uint8_t phys_used;       /* the MEM_PHYS sets may hold entries */
    struct page_map code_pages;  /* host pages holding predecoded bundles -> 1 */
    /* [(host page address >> 12) % MEM_CODE_FILTER] 1: that host page may be in
     * code_pages; 0: it is not (memory.c, is_code_page; bytes, not bits:
     * a test is a load) */
    uint8_t code_filter[MEM_CODE_FILTER];
    int fetched;             /* system mode: xtlb filled since the last mem_tlb_flush */
    /* The data soft-TLB fills made from each data TC entry since the last
     * mem_tlb_flush_data: page | where (mem_fill: the set entry, its level
     * and index), so that displacing the entry drops just those
     * (mem_tlb_drop_data); a count above MEM_SRC_MAX: more. */
    uint8_t src_n[MEM_SRC_NTC];
    uint64_t src[MEM_SRC_NTC][MEM_SRC_MAX];
    /* Recent mem_page results: page number + 1 (0: empty) -> host page.
     * A host page stays at its page number until mem_unmap or mem_free,
     * which forget it here too. */
    struct mem_recent {
        uint64_t key;
        uint8_t *host;
    } recent[MEM_RECENT];
    /* [pl][0 rtlb, 1 wtlb, 2 xtlb] bit r: that set may hold a page of
     * region r (mem_tlb_flush_regions scans only those) */
    uint8_t set_regions[4][3];
    /* The data soft-TLB fills of the general path and the hooked straight
     * miss (memory.c, fill_logged) since the last mem_tlb_flush_data,
     * while few: region << 10 | pl << 8 | the index, its rtlb and wtlb
     * entries.  A fill is logged here or counted in set_regions:
     * mem_tlb_flush_data clears the entries logged and the sets
     * set_regions names (after a flush to PSR.dt = 0 the interruption
     * handlers' few fills are all logged, and the flush back clears just
     * those); mem_tlb_flush_regions clears the entries logged of its
     * regions and scans the sets set_regions names for them (the
     * hypervisor's metaphysical mode: the physical references' fills are
     * logged, and leaving it clears just those). */
    uint8_t fill_log_n;
    uint16_t fill_log[MEM_FILL_LOG];
};

struct cpu;

/* The soft-TLB slot of a guest address: the page number with the region
 * bits (63:61) folded in, so that code, data and stack pages at equal
 * offsets in different regions do not evict each other. */
static inline unsigned mem_tlb_index(uint64_t addr)
{
    return (unsigned)(((addr >> GUEST_PAGE_SHIFT) ^ (addr >> 61) * 0x55) & (MEM_TLB_SIZE - 1));
}

/* A fill's record (memory.src): PAGE, aligned, filled at level PL
 * (0-3) at index I = mem_tlb_index(PAGE) of that level's sets (the index
 * kept: no hash to recompute when the fill goes) */
_Static_assert((MEM_PHYS + 1) * MEM_TLB_SIZE <= GUEST_PAGE_SIZE, "a fill's set entry in its page's low bits");
static inline uint64_t mem_fill(uint64_t page, unsigned pl, unsigned i)
{
    return page | (pl * MEM_TLB_SIZE + i);
}

void mem_init(struct memory *m, uint64_t cap_bytes);
void mem_free(struct memory *m);
/* Host address of guest page holding ADDR, allocated if ALLOC; NULL when
 * absent (or when the cap is reached). */
uint8_t *mem_page_slow(struct memory *m, uint64_t addr, int alloc);
static inline struct mem_recent *mem_recent_of(struct memory *m, uint64_t key)
{
    return &m->recent[(key * 0x9e3779b97f4a7c15ull) >> (64 - MEM_RECENT_BITS)];
}
static inline uint8_t *mem_page(struct memory *m, uint64_t addr, int alloc)
{
    uint64_t key = addr >> GUEST_PAGE_SHIFT;
    const struct mem_recent *r = mem_recent_of(m, key);
    if (__builtin_expect(r->key == key + 1, 1)) {
        if (!r->host)                   /* (never: a remembered page is there) */
            __builtin_unreachable();
        return r->host;
    }
    return mem_page_slow(m, addr, alloc);
}
/* Host copies, for loaders and system calls (no faults, no byte order). */
int mem_copy_in(struct memory *m, uint64_t addr, const void *src, uint64_t n);
int mem_copy_out(struct memory *m, void *dst, uint64_t addr, uint64_t n);
void mem_mark_code(struct memory *m, uint64_t addr);

/* The soft TLBs (and, when they held fetches, the predecoded bundles,
 * which are keyed by virtual address) forget every translation: after a
 * TLB insert or purge, a region or protection key register write, and a
 * change of PSR.dt, it, rt, cpl, pk, da or ia. */
struct machine;
void mem_tlb_flush(struct machine *m);
/* ... only what they hold of the regions in REGIONS (bit r: region r) */
void mem_tlb_flush_regions(struct machine *m, unsigned regions);
void mem_tlb_flush_data(struct machine *m);    /* rtlb, wtlb (but MEM_PHYS's) */
void mem_tlb_flush_phys(struct machine *m);    /* the MEM_PHYS sets */
/* PSR.dt changed (OTHERS: PSR.rt, pk, da, db changed with it): the data
 * sets of the PSR, and the others go (PSR_* bits: cpu.h) */
void mem_tlb_dt_changed(struct machine *m, uint64_t others);
void mem_tlb_flush_fetch(struct machine *m);   /* xtlb and the predecoded bundles */
void mem_xtlb_clear(struct machine *m);        /* xtlb alone */
/* The data sets of physical references (PHYS 1) or of each level (0)
 * from now on (mem_tlb_select then takes them) */
static inline void mem_tlb_set_phys(struct memory *m, unsigned phys)
{
    m->phys = phys;
    for (unsigned pl = 0; pl < 4; pl++) {
        m->rset[pl] = m->rtlbs[phys ? MEM_PHYS : pl];
        m->wset[pl] = m->wtlbs[phys ? MEM_PHYS : pl];
    }
}

/* PSR.cpl became PL: the soft TLBs of that level from now on, for data
 * the MEM_PHYS sets while m->phys (inline: every interruption and rfi
 * between levels comes here; machine.h, mem_tlb_sync, sets phys) */
static inline void mem_tlb_select(struct memory *m, unsigned pl)
{
    pl &= 3;
    m->pl = pl;
    m->rtlb = m->rset[pl];
    m->wtlb = m->wset[pl];
    m->xtlb = m->xtlbs[pl];
    m->used_data |= 1u << pl;
    m->used_fetch |= 1u << pl;
}
/* Data TC entry TC, translating VA{60:0} = VA61 (aligned), 2^PS bytes,
 * region id RID, left the data TLB: the data soft-TLB entries it filled
 * go (those remembered, else all of its pages in the regions whose rr
 * holds RID, as soft-TLB entries never outlive an rr write). */
void mem_tlb_drop_data(struct machine *m, unsigned tc, uint64_t va61, unsigned ps, uint32_t rid);
/* Its usual case inline: when the fills of data TC entry TC are all
 * remembered, they go and this returns 1; else 0 (mem_tlb_drop_data). */
static inline __attribute__((always_inline)) int mem_tlb_drop_fills(struct memory *mm, unsigned tc)
{
    unsigned k = mm->src_n[tc];
    if (k > MEM_SRC_MAX)
        return 0;
    mm->src_n[tc] = 0;
    for (unsigned j = 0; j < k; j++) {
        uint64_t page = mm->src[tc][j] & GUEST_PAGE_MASK;
        /* (mem_fill's pl * MEM_TLB_SIZE + i) */
        unsigned where = (unsigned)mm->src[tc][j] & ~GUEST_PAGE_MASK;
        struct mem_tlb *r = &mm->rtlbs[where / MEM_TLB_SIZE][where % MEM_TLB_SIZE],
                       *w = &mm->wtlbs[where / MEM_TLB_SIZE][where % MEM_TLB_SIZE];
        if (r->tag == page)
            r->tag = MEM_TLB_EMPTY;
        if (w->tag == page)
            w->tag = MEM_TLB_EMPTY;
    }
    return 1;
}
/* Would a speculative load at ADDR take a translation fault (system mode,
 * PSR.dt = 1)?  No fault is raised; a VHPT walk may insert. */
int mem_translation_would_fault(struct cpu *c, uint64_t addr);
/* The memory attribute of a data address just translated (0 WB, 4 UC ...) */
unsigned mem_attr(struct cpu *c, uint64_t addr);
/* Semaphores (cmpxchg, xchg, fetchadd, cmp8xchg16) need a write-back page
 * (SDM vol. 3, cmpxchg, xchg, fetchadd; vol. 2, 4.4.9): otherwise an
 * Unsupported Data Reference fault (IFA, ISR.r and w), OP_STOP. */
int mem_sem_unsupported(struct cpu *c, uint64_t addr, int fetchadd);

/* Guest data accesses: 1, 2, 4, 8 bytes.  Return 0, or OP_STOP after
 * raising the fault (unaligned, beyond --mem). */
int mem_load_slow(struct cpu *c, uint64_t addr, unsigned size, uint64_t *val);
int mem_store_slow(struct cpu *c, uint64_t addr, unsigned size, uint64_t val);
/* mem_load_slow into general register T (NaT cleared): 0 (OP_NEXT) or
 * OP_STOP */
struct greg;
int mem_load_slow_gr(struct cpu *c, struct greg *t, unsigned size, uint64_t addr);
/* ... for SIZE 8, the translator's (jit.c) most common load */
int mem_load_slow_gr8(struct cpu *c, struct greg *t, unsigned size, uint64_t addr);
uint8_t *mem_fetch_slow(struct cpu *c, uint64_t addr);
/* The RSE's 8-byte spills and fills: PSR.rt and RSC.pl instead of PSR.dt
 * and CPL; a fault gets ISR.rs.  PSR.be byte order (rse.c swaps for
 * RSC.be). */
int mem_rse_load(struct cpu *c, uint64_t addr, uint64_t *val);
int mem_rse_store(struct cpu *c, uint64_t addr, uint64_t val);
/* mem_rse_page: machine.h */

static inline uint64_t mem_swap(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return __builtin_bswap16((uint16_t)v);
    case 4: return __builtin_bswap32((uint32_t)v);
    case 8: return __builtin_bswap64(v);
    default: return v;
    }
}

#endif
