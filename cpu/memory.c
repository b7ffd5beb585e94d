/* Sparse guest memory and the slow paths of guest loads and stores. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "machine.h"
#include "tlb_inline.h"

static void tlb_clear(struct mem_tlb *t)
{
#pragma GCC unroll 16
    for (int i = 0; i < MEM_TLB_SIZE; i++)
        t[i].tag = MEM_TLB_EMPTY;
}

void mem_init(struct memory *m, uint64_t cap_bytes)
{
    memset(m, 0, sizeof *m);
    m->cap_pages = cap_bytes ? (cap_bytes + GUEST_PAGE_SIZE - 1) >> GUEST_PAGE_SHIFT : UINT64_MAX;
    for (int pl = 0; pl < 4; pl++) {
        tlb_clear(m->rtlbs[pl]);
        tlb_clear(m->wtlbs[pl]);
        tlb_clear(m->xtlbs[pl]);
    }
    tlb_clear(m->rtlbs[MEM_PHYS]);
    tlb_clear(m->wtlbs[MEM_PHYS]);
    mem_tlb_set_phys(m, 0);
    mem_tlb_select(m, 0);
}

/* The data side: what loads, stores and the RSE cached, at every level
 * whose set was used since the last flush. */
void mem_tlb_flush_data(struct machine *m)
{
    struct memory *mm = &m->mem;
    for (unsigned pl = 0; pl < 4; pl++)
        if (mm->used_data & (1u << pl)) {
            /* (a set no page entered since it was last cleared is empty) */
            if (mm->set_regions[pl][0])
                tlb_clear(mm->rtlbs[pl]);
            if (mm->set_regions[pl][1])
                tlb_clear(mm->wtlbs[pl]);
            mm->set_regions[pl][0] = mm->set_regions[pl][1] = 0;
        }
    for (unsigned k = 0; k < mm->fill_log_n; k++) {
        unsigned pl = mm->fill_log[k] >> 8 & 3, i = mm->fill_log[k] & 0xff;
        mm->rtlbs[pl][i].tag = MEM_TLB_EMPTY;
        mm->wtlbs[pl][i].tag = MEM_TLB_EMPTY;
    }
    mm->fill_log_n = 0;
    mm->used_data = 1u << mm->pl;
    memset(mm->src_n, 0, sizeof mm->src_n);
}

/* (PSR.dt alone turned on in system mode: the data sets were the
 * MEM_PHYS ones since it turned off, when the others went) */
void mem_tlb_dt_changed(struct machine *m, uint64_t others)
{
    struct memory *mm = &m->mem;
    mem_tlb_set_phys(mm, m->system_mode && !(m->cpu.psr & PSR_DT));
    mem_tlb_select(mm, psr_cpl(m->cpu.psr));
    if (others || !(m->cpu.psr & PSR_DT) || !m->system_mode)
        mem_tlb_flush_data(m);
}

/* The physical references' sets: a data breakpoint changed
 * (cpu_debug_update) */
void mem_tlb_flush_phys(struct machine *m)
{
    struct memory *mm = &m->mem;
    if (mm->phys_used) {
        tlb_clear(mm->rtlbs[MEM_PHYS]);
        tlb_clear(mm->wtlbs[MEM_PHYS]);
        mm->phys_used = 0;
    }
}

void mem_xtlb_clear(struct machine *m)
{
    struct memory *mm = &m->mem;
    for (unsigned pl = 0; pl < 4; pl++)
        if ((mm->used_fetch & (1u << pl)) && mm->set_regions[pl][2]) {
            tlb_clear(mm->xtlbs[pl]);
            mm->set_regions[pl][2] = 0;
        }
    mm->used_fetch = 1u << mm->pl;
}

/* The fetch side: xtlb and, if it held fetches, the predecoded bundles
 * (whose links are checked by address only). */
void mem_tlb_flush_fetch(struct machine *m)
{
    mem_xtlb_clear(m);
    if (m->mem.fetched) {
        pcache_flush(m);
        m->mem.fetched = 0;
    }
}

/* What the soft TLBs and predecoded bundles hold of the regions in
 * REGIONS (bit r: region r): a region register changed.  A tag is a page
 * address or MEM_TLB_EMPTY, a page-offset bit: eight entries whose tags
 * all have that bit are empty (the usual case), one test. */
_Static_assert((MEM_TLB_EMPTY & GUEST_PAGE_MASK) == 0 && (MEM_TLB_EMPTY & (MEM_TLB_EMPTY - 1)) == 0 &&
               MEM_TLB_SIZE % 8 == 0, "the empty tag is one page-offset bit; blocks of eight");
/* (eight entries, some not empty; out of line, so that the test of eight
 * reads the tags from memory) */
static __attribute__((noinline)) void tlb_clear_regions8(struct mem_tlb *t, unsigned regions)
{
#pragma GCC unroll 8
    for (int j = 0; j < 8; j++)
        if (t[j].tag != MEM_TLB_EMPTY && ((regions >> (t[j].tag >> 61)) & 1))
            t[j].tag = MEM_TLB_EMPTY;
}

static void tlb_clear_regions(struct mem_tlb *t, unsigned regions)
{
    for (int i = 0; i < MEM_TLB_SIZE; i += 8) {
        uint64_t all = MEM_TLB_EMPTY;
#pragma GCC unroll 8
        for (int j = i; j < i + 8; j++)
            all &= t[j].tag;
        if (!all)
            tlb_clear_regions8(t + i, regions);
    }
}

void mem_tlb_flush_regions(struct machine *m, unsigned regions)
{
    struct memory *mm = &m->mem;
    mem_tlb_sync(&m->cpu);
    if (mm->fetched)
        pcache_flush_regions(m, regions);
    if (!(mm->regions & regions))
        return;
    mm->regions &= ~regions;
    /* the fills logged of those regions are cleared (their entries, unless
     * a later fill of another region took them) and leave the log */
    unsigned kept = 0;
    for (unsigned k = 0; k < mm->fill_log_n; k++) {
        uint16_t f = mm->fill_log[k];
        unsigned pl = f >> 8 & 3, i = f & 0xff;
        if (!((regions >> (f >> 10)) & 1)) {
            mm->fill_log[kept++] = f;
            continue;
        }
        if ((regions >> (mm->rtlbs[pl][i].tag >> 61)) & 1)
            mm->rtlbs[pl][i].tag = MEM_TLB_EMPTY;
        if ((regions >> (mm->wtlbs[pl][i].tag >> 61)) & 1)
            mm->wtlbs[pl][i].tag = MEM_TLB_EMPTY;
    }
    mm->fill_log_n = (uint8_t)kept;
    for (unsigned pl = 0; pl < 4; pl++) {
        uint8_t *sr = mm->set_regions[pl];
        if ((mm->used_data & (1u << pl)) && (sr[0] & regions))
            tlb_clear_regions(mm->rtlbs[pl], regions);
        if ((mm->used_data & (1u << pl)) && (sr[1] & regions))
            tlb_clear_regions(mm->wtlbs[pl], regions);
        if ((mm->used_fetch & (1u << pl)) && (sr[2] & regions))
            tlb_clear_regions(mm->xtlbs[pl], regions);
        for (unsigned k = 0; k < 3; k++)
            sr[k] &= (uint8_t)~regions;
    }
}

/* Everything, and the level from PSR.cpl again (callers may have written
 * the PSR directly). */
void mem_tlb_flush(struct machine *m)
{
    mem_tlb_sync(&m->cpu);
    mem_tlb_flush_data(m);
    mem_tlb_flush_fetch(m);
}

/* A data soft-TLB fill of PAGE (at level mm->pl) from data TC entry
 * number TC + 1 (0: from no TC entry). */
static void note_fill(struct memory *mm, unsigned tc, uint64_t page)
{
    if (!tc--)
        return;
    unsigned k = mm->src_n[tc];
    if (k < MEM_SRC_MAX)
        mm->src[tc][k] = mem_fill(page, mm->pl, mem_tlb_index(page));
    if (k <= MEM_SRC_MAX)
        mm->src_n[tc] = (uint8_t)(k + 1);
}

static struct machine *machine_of(struct memory *m);

void mem_tlb_drop_data(struct machine *m, unsigned tc, uint64_t va61, unsigned ps, uint32_t rid)
{
    struct memory *mm = &m->mem;
    if (mem_tlb_drop_fills(mm, tc))     /* the fills remembered */
        return;
    mm->src_n[tc] = 0;
    if (ps > GUEST_PAGE_SHIFT + 4) {        /* more than 16 soft-TLB pages */
        mem_tlb_flush_data(m);
        return;
    }
    /* only the regions some soft TLB may hold a page of (mm->regions) */
    for (unsigned regions = mm->regions; regions; regions &= regions - 1) {
        uint64_t r = (unsigned)__builtin_ctz(regions);
        if (RR_RID(m->cpu.tlb.rr[r]) != rid)
            continue;
        for (uint64_t a = r << 61 | va61, end = a + (1ull << ps); a < end; a += GUEST_PAGE_SIZE) {
            unsigned i = mem_tlb_index(a);
            for (unsigned used = mm->used_data; used; used &= used - 1) {
                unsigned pl = (unsigned)__builtin_ctz(used);
                if (mm->rtlbs[pl][i].tag == a)
                    mm->rtlbs[pl][i].tag = MEM_TLB_EMPTY;
                if (mm->wtlbs[pl][i].tag == a)
                    mm->wtlbs[pl][i].tag = MEM_TLB_EMPTY;
            }
        }
    }
}

void mem_free(struct memory *m)
{
    machine_of(m)->cpu.tlb.walk_memo.host = NULL;
    page_map_free(&m->pages, 1);
    page_map_free(&m->code_pages, 0);
    memset(m->code_filter, 0, sizeof m->code_filter);
    memset(m->recent, 0, sizeof m->recent);
}

uint8_t *mem_page_slow(struct memory *m, uint64_t addr, int alloc)
{
    uint64_t key = addr >> GUEST_PAGE_SHIFT;
    uint8_t *p = page_map_get(&m->pages, key);
    if (!p && !alloc)
        return NULL;
    if (!p) {
        if (m->npages >= m->cap_pages)
            return NULL;
        p = calloc(1, GUEST_PAGE_SIZE);
        if (!p || page_map_put(&m->pages, key, p)) {
            fprintf(stderr, "ia64emu: out of host memory for guest pages\n");
            abort();
        }
        m->npages++;
    }
    *mem_recent_of(m, key) = (struct mem_recent){ key + 1, p };
    return p;
}

static inline int is_code_page(struct memory *m, const uint8_t *host);
static inline unsigned code_filter_slot(const uint8_t *host);
static void code_written(struct machine *mc, uint64_t pa);

/* The machine a memory belongs to (every memory is a machine's mem). */
static struct machine *machine_of(struct memory *m)
{
    return (struct machine *)(void *)((char *)m - offsetof(struct machine, mem));
}

/* Copies between host buffer BUF and guest memory, page by page.  Host
 * writes drop predecoded bundles like guest stores do (the run loop's
 * links trust that). */
static int mem_copy(struct memory *m, uint64_t addr, uint8_t *buf, uint64_t n, int to_guest)
{
    while (n) {
        uint8_t *p = mem_page(m, addr, 1);
        uint64_t off = addr & ~GUEST_PAGE_MASK, k = GUEST_PAGE_SIZE - off;
        if (!p)
            return -1;
        if (k > n)
            k = n;
        if (to_guest) {
            if (is_code_page(m, p))
                code_written(machine_of(m), addr);
            memcpy(p + off, buf, k);
        }
        else
            memcpy(buf, p + off, k);
        buf += k;
        addr += k;
        n -= k;
    }
    return 0;
}

int mem_copy_in(struct memory *m, uint64_t addr, const void *src, uint64_t n)
{
    return mem_copy(m, addr, (uint8_t *)(uintptr_t)src, n, 1);
}

int mem_copy_out(struct memory *m, void *dst, uint64_t addr, uint64_t n)
{
    return mem_copy(m, addr, dst, n, 0);
}

/* Code pages are keyed by their host page, so by physical page whatever
 * virtual addresses reach them.  ADDR was just fetched: its xtlb entry
 * holds the page. */
void mem_mark_code(struct memory *m, uint64_t addr)
{
    struct mem_tlb *x = &m->xtlb[mem_tlb_index(addr)];
    if (x->tag != (addr & GUEST_PAGE_MASK))
        return;
    uint64_t key = (uint64_t)(uintptr_t)x->host;
    if (!page_map_get(&m->code_pages, key)) {
        if (page_map_put(&m->code_pages, key, (void *)1)) {
            fprintf(stderr, "ia64emu: out of host memory\n");
            abort();
        }
        unsigned b = code_filter_slot(x->host);
        m->code_filter[b] = 1;
        /* stores to this page, by any virtual address, must now take the
         * slow path */
        for (int d = 0; d < (m->phys_used ? MEM_PHYS + 1 : 4); d++)
            for (int i = 0; i < MEM_TLB_SIZE; i++)
                if (m->wtlbs[d][i].tag != MEM_TLB_EMPTY && m->wtlbs[d][i].host == x->host)
                    m->wtlbs[d][i].tag = MEM_TLB_EMPTY;
    }
}

static inline unsigned code_filter_slot(const uint8_t *host)
{
    return (unsigned)((uintptr_t)host >> GUEST_PAGE_SHIFT) % MEM_CODE_FILTER;
}

/* (most pages are not: the filter's clear byte says so without a look-up) */
static inline int is_code_page(struct memory *m, const uint8_t *host)
{
    unsigned b = code_filter_slot(host);
    if (!m->code_filter[b])
        return 0;
    return page_map_get(&m->code_pages, (uint64_t)(uintptr_t)host) != NULL;
}

/* A write to physical page PA, which holds predecoded bundles.  The
 * cache is keyed by the virtual address of the fetch and the run loop's
 * links are checked by address only, so every bundle cached from the
 * page must go.  Fetched with PSR.it = 0 (the cache holds nothing else:
 * a change of PSR.it flushes it), a bundle's address is PA, or PA with
 * bit 63 (uncacheable); with PSR.it = 1 any virtual address may map the
 * page, so the whole cache goes, and with it every code page. */
static void code_written(struct machine *mc, uint64_t pa)
{
    if (!mc->system_mode) {
        pcache_invalidate_page(mc, pa);
    } else if (!(mc->cpu.psr & PSR_IT)) {
        pcache_invalidate_page(mc, pa);
        pcache_invalidate_page(mc, pa | 1ull << 63);
    } else {
        pcache_flush(mc);
        page_map_clear(&mc->mem.code_pages, 0);
        memset(mc->mem.code_filter, 0, sizeof mc->mem.code_filter);
    }
}

/* Beyond --mem: the guest's own fault, reported as such. */
static __attribute__((noinline, cold)) void memory_limit(struct cpu *c, uint64_t addr)
{
    c->stop = STOP_HOST_ERROR;
    c->fault_addr = addr;
    snprintf(c->message, sizeof c->message, "guest memory limit exceeded: %llu pages in use, touching 0x%llx",
             (unsigned long long)c->m->mem.npages, (unsigned long long)addr);
}

static inline uint8_t *page_or_fault(struct cpu *c, uint64_t addr, int code)
{
    uint8_t *p = mem_page(&c->m->mem, addr, 1);
    if (__builtin_expect(!p, 0))
        memory_limit(c, addr);
    (void)code;
    return p;
}

/* A soft-TLB entry goes into the set of the level it was checked at:
 * PSR.cpl's (the handlers select it on every change; a PSR written from
 * outside them is caught here). */
static inline unsigned sync_level_to(struct cpu *c, unsigned cpl)
{
    if (__builtin_expect(c->m->mem.pl != cpl, 0))
        mem_tlb_select(&c->m->mem, cpl);
    return cpl;
}

/* (the level: mem.pl after it) */
static inline unsigned sync_level(struct cpu *c)
{
    return sync_level_to(c, psr_cpl(c->psr));
}

/* (the general path's: the data sets of the PSR, mem_tlb_sync: MEM_PHYS
 * for a physical reference, else the level) */
static __attribute__((noinline)) unsigned sync_data_sets(struct cpu *c)
{
    mem_tlb_sync(c);
    return c->m->mem.phys ? MEM_PHYS : c->m->mem.pl;
}

/* (... with the usual case, a translated reference's, inline) */
static inline unsigned data_sets(struct cpu *c)
{
    if (__builtin_expect((c->psr & PSR_DT) && !c->m->mem.phys, 1))
        return sync_level(c);
    return sync_data_sets(c);
}

/* Unaligned Data Reference: IFA = the address, ISR.r or ISR.w. */
static int unaligned(struct cpu *c, uint64_t addr, uint64_t rw)
{
    cpu_raise(c, FAULT_UNALIGNED_DATA, addr);
    c->intr.isr |= rw;
    return OP_STOP;
}

/* SIZE (1, 2, 4, 8) bytes at P in host (little-endian) order: a copy of
 * a constant size each (one of a variable size is a library call). */
static inline uint64_t load_le(const uint8_t *p, unsigned size)
{
    uint8_t b;
    uint16_t h;
    uint32_t w;
    uint64_t d;
    if (size == 8) {            /* (the common size first) */
        memcpy(&d, p, 8);
        return d;
    }
    switch (size) {
    case 1: memcpy(&b, p, 1); return b;
    case 2: memcpy(&h, p, 2); return h;
    case 4: memcpy(&w, p, 4); return w;
    default: memcpy(&d, p, 8); return d;
    }
}

static inline void store_le(uint8_t *p, uint64_t v, unsigned size)
{
    uint8_t b = (uint8_t)v;
    uint16_t h = (uint16_t)v;
    uint32_t w = (uint32_t)v;
    switch (size) {
    case 1: memcpy(p, &b, 1); break;
    case 2: memcpy(p, &h, 2); break;
    case 4: memcpy(p, &w, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

/* The fills logged go into set_regions, the log empties (it keeps the
 * few recent fills, such as a handler's that the flush at its end clears) */
static __attribute__((noinline)) void fill_log_count(struct memory *mm)
{
    for (unsigned k = 0; k < mm->fill_log_n; k++) {
        unsigned pl = mm->fill_log[k] >> 8 & 3;
        uint8_t region = (uint8_t)(1u << (mm->fill_log[k] >> 10));
        mm->set_regions[pl][0] |= region;
        mm->set_regions[pl][1] |= region;
    }
    mm->fill_log_n = 0;
}

/* A data soft-TLB fill of the general path or of a hooked straight miss,
 * of ADDR at index I of the sets of level LV (mm->pl): logged (1) when those
 * sets hold no fill of ADDR's region counted in set_regions (else a flush
 * of the region scans them anyway: no use), a full log counted first,
 * else 0, for set_regions (memory.h, fill_log) */
_Static_assert(MEM_TLB_SIZE <= 256, "an index in fill_log's low byte");
static inline int fill_logged(struct memory *mm, unsigned lv, unsigned i, uint64_t addr)
{
    const uint8_t *sr = mm->set_regions[lv];
    if (((sr[0] | sr[1]) >> (addr >> 61)) & 1)
        return 0;
    if (mm->fill_log_n >= MEM_FILL_LOG)
        fill_log_count(mm);
    mm->fill_log[mm->fill_log_n++] = (uint16_t)((addr >> 61) << 10 | lv << 8 | i);
    return 1;
}

/* A data soft-TLB fill of PAGE from data TC entry TC + 1 that
 * tc_insert_straight_at just inserted, filled at level mm->pl: its
 * first (note_fill; FILL = mem_fill(PAGE, mm->pl, its index)) */
static inline void note_first_fill(struct memory *mm, unsigned tc, uint64_t fill)
{
    mm->src[tc - 1][0] = fill;
    mm->src_n[tc - 1] = 1;
}

/* load_slow after the translation: ADDR at physical address PA, through
 * data TC entry TC + 1 (0: none), WRITABLE as struct tlb_ref's.  FRESH:
 * that entry was just inserted by a straight miss (tc_insert_straight_at:
 * tlb_data_miss_walk, or tlb_data_miss_hooked's machine.on_data_miss), no fill
 * of it remembered yet; STRAIGHT: so, and the reference checked before
 * (straight_ok); PL then the level of the access, PSR.cpl (the straight
 * miss changes no PSR bit), the soft-TLB sets it fills. */
#define STRAIGHT 2
static inline __attribute__((always_inline)) int load_translated(struct cpu *c, uint64_t addr, unsigned size,
                                                                 uint64_t *val, uint64_t pa, unsigned tc,
                                                                 int writable, int soft, int fresh, unsigned pl)
{
    /* then Data Debug, then Unaligned Data Reference (SDM vol. 2, 5.6) */
    if (fresh != STRAIGHT && c->dbg_data && cpu_data_debug(c, addr, size, ACC_R))
        return OP_STOP;
    if (fresh != STRAIGHT && (addr & (size - 1)))
        return unaligned(c, addr, ISR_R);
    const struct device *dev = device_at(&c->m->devices, pa); /* devices: never in rtlb */
    if (dev)
        return device_load(c, dev, pa, size, val);
    uint8_t *p = page_or_fault(c, pa, 0);
    if (!p)
        return OP_STOP;
    /* pages an armed dbr covers stay out of the soft TLB: every access
     * to them comes here and is checked */
    if (soft && (fresh == STRAIGHT || !c->dbg_data || !cpu_dbr_covers_page(c, addr & GUEST_PAGE_MASK))) {
        struct memory *mm = &c->m->mem;
        /* the level: PL, PSR.cpl since the straight miss began (a miss:
         * translated, not MEM_PHYS) */
        unsigned lv = fresh == STRAIGHT ? sync_level_to(c, pl) : fresh ? sync_level(c) : data_sets(c);
        unsigned i = mem_tlb_index(addr), where = lv * MEM_TLB_SIZE + i;    /* (mem_fill's) */
        struct mem_tlb *r = &mm->rtlbs[lv][i], *w = &mm->wtlbs[lv][i];
        uint8_t region = (uint8_t)(1u << (addr >> 61));
        /* (physical: MEM_PHYS's, which mem_tlb_flush_data keeps) */
        int logged = !fresh && (lv == MEM_PHYS ? (mm->phys_used = 1) : fill_logged(mm, lv, i, addr));
        mm->regions |= region;
        if (!logged)
            mm->set_regions[lv][0] |= region;
        r->tag = addr & GUEST_PAGE_MASK;
        r->host = p;
        /* a store would now pass the same checks and fill wtlb the same
         * way (store_slow): the read and write of a page take one miss */
        if (writable && !is_code_page(mm, p)) {
            if (!logged)
                mm->set_regions[lv][1] |= region;
            w->tag = addr & GUEST_PAGE_MASK;
            w->host = p;
        }
        if (fresh)
            note_first_fill(mm, tc, (addr & GUEST_PAGE_MASK) | where);
        else
            note_fill(mm, tc, addr & GUEST_PAGE_MASK);
    }
    uint64_t v = load_le(p + (addr & ~GUEST_PAGE_MASK), size);
    *val = fresh != STRAIGHT && (c->psr & PSR_BE) ? mem_swap(v, size) : v;
    return 0;
}

/* What load_translated and store_translated check after a straight
 * miss's insert, checked before it: no byte swap (PSR.be = 0: in
 * tlb_data_miss_walks's and tlb_data_miss_hooked's PSR tests), no data
 * breakpoint, ADDR aligned */
static inline int straight_ok(struct cpu *c, uint64_t addr, unsigned size)
{
    return !c->dbg_data && !(addr & (size - 1));
}

/* XLATE: the PSR bit that enables translation (PSR.dt, or PSR.rt for the
 * RSE), PL the privilege level of the access (CPL, or RSC.pl), SOFT: the
 * page may enter the soft TLB (only references made as the data path
 * makes them: the soft TLBs hold PSR.dt / CPL translations).  The
 * straight misses go on in copies of their own, tlb_data_miss_walk's
 * with its tlb_ref in registers (REF goes to calls). */
static inline __attribute__((always_inline)) int load_slow(struct cpu *c, uint64_t addr, unsigned size,
                                                           uint64_t *val, uint64_t xlate, unsigned pl, int soft)
{
    struct tlb_ref ref, miss;
    /* translation faults come before Unaligned Data Reference (SDM vol. 2, 5.8) */
    if (soft && tlb_data_miss_walks(c, addr, xlate, PSR_BE) && straight_ok(c, addr, size) &&
        tlb_data_miss_walk(c, addr, ACC_R, pl, &miss) == 0)
        return load_translated(c, addr, size, val, miss.pa, miss.tc, miss.writable, 1, STRAIGHT, pl);
    /* (the hook first: none in native mode) */
    if (soft && c->m->on_data_miss && straight_ok(c, addr, size)) {
        int hooked = tlb_data_miss_hooked(c, addr, ACC_R, xlate, pl, &ref);
        if (hooked == 0)
            return load_translated(c, addr, size, val, ref.pa, ref.tc, ref.writable, 1, STRAIGHT, pl);
        /* (1: inserted, the fill as the general path's: note_fill of no
         * fill is note_first_fill's) */
        if (hooked > 0)
            return load_translated(c, addr, size, val, ref.pa, ref.tc, ref.writable, 1, 0, pl);
    }
    if (tlb_translate_data(c, addr, ACC_R, xlate, pl, &ref))
        return OP_STOP;
    return load_translated(c, addr, size, val, ref.pa, ref.tc, ref.writable, soft, 0, pl);
}

/* store_slow after the translation (load_translated's arguments) */
static inline __attribute__((always_inline)) int store_translated(struct cpu *c, uint64_t addr, unsigned size,
                                                                  uint64_t val, uint64_t pa, unsigned tc, int soft,
                                                                  int fresh, unsigned pl)
{
    if (fresh != STRAIGHT && c->dbg_data && cpu_data_debug(c, addr, size, ACC_W))
        return OP_STOP;
    if (fresh != STRAIGHT && (addr & (size - 1)))
        return unaligned(c, addr, ISR_W);
    const struct device *dev = device_at(&c->m->devices, pa); /* devices: never in wtlb */
    if (dev)
        return device_store(c, dev, pa, size, val);
    uint8_t *p = page_or_fault(c, pa, 0);
    if (!p)
        return OP_STOP;
    if (is_code_page(&c->m->mem, p)) {
        code_written(c->m, pa);   /* its predecoded bundles go */
    } else if (soft &&
               (fresh == STRAIGHT || !c->dbg_data || !cpu_dbr_covers_page(c, addr & GUEST_PAGE_MASK))) {
        struct memory *mm = &c->m->mem;
        unsigned lv = fresh == STRAIGHT ? sync_level_to(c, pl) : fresh ? sync_level(c) : data_sets(c);
        unsigned i = mem_tlb_index(addr), where = lv * MEM_TLB_SIZE + i;    /* (mem_fill's) */
        struct mem_tlb *t = &mm->wtlbs[lv][i];
        mm->regions |= 1u << (addr >> 61);
        if (!fresh && lv == MEM_PHYS)
            mm->phys_used = 1;        /* (load_translated) */
        else if (fresh || !fill_logged(mm, lv, i, addr))
            mm->set_regions[lv][1] |= (uint8_t)(1u << (addr >> 61));
        t->tag = addr & GUEST_PAGE_MASK;
        t->host = p;
        if (fresh)
            note_first_fill(mm, tc, (addr & GUEST_PAGE_MASK) | where);
        else
            note_fill(mm, tc, addr & GUEST_PAGE_MASK);
    }
    if (fresh != STRAIGHT && (c->psr & PSR_BE))
        val = mem_swap(val, size);
    store_le(p + (addr & ~GUEST_PAGE_MASK), val, size);
    return 0;
}

static inline __attribute__((always_inline)) int store_slow(struct cpu *c, uint64_t addr, unsigned size,
                                                            uint64_t val, uint64_t xlate, unsigned pl, int soft)
{
    struct tlb_ref ref, miss;
    if (soft && tlb_data_miss_walks(c, addr, xlate, PSR_BE) && straight_ok(c, addr, size) &&
        tlb_data_miss_walk(c, addr, ACC_W, pl, &miss) == 0)
        return store_translated(c, addr, size, val, miss.pa, miss.tc, 1, STRAIGHT, pl);
    if (soft && c->m->on_data_miss && straight_ok(c, addr, size)) {
        int hooked = tlb_data_miss_hooked(c, addr, ACC_W, xlate, pl, &ref);
        if (hooked == 0)
            return store_translated(c, addr, size, val, ref.pa, ref.tc, 1, STRAIGHT, pl);
        if (hooked > 0)                                  /* (load_slow) */
            return store_translated(c, addr, size, val, ref.pa, ref.tc, 1, 0, pl);
    }
    if (tlb_translate_data(c, addr, ACC_W, xlate, pl, &ref))
        return OP_STOP;
    return store_translated(c, addr, size, val, ref.pa, ref.tc, soft, 0, pl);
}

/* Data accesses must be naturally aligned (SDM vol. 1, 4.5.2.1: an
 * unaligned reference raises Unaligned Data Reference; ia64emu, like
 * Itanium 2 for these accesses, never completes one in hardware). */
int mem_load_slow(struct cpu *c, uint64_t addr, unsigned size, uint64_t *val)
{
    return load_slow(c, addr, size, val, PSR_DT, psr_cpl(c->psr), 1);
}

/* the loads' handlers' (ops_mem.c) load into T */
static inline __attribute__((always_inline)) int load_slow_gr(struct cpu *c, struct greg *t, unsigned size,
                                                              uint64_t addr)
{
    uint64_t v;
    if (load_slow(c, addr, size, &v, PSR_DT, psr_cpl(c->psr), 1))
        return OP_STOP;
    t->val = v;
    t->nat = 0;
    return OP_NEXT;
}

int mem_load_slow_gr(struct cpu *c, struct greg *t, unsigned size, uint64_t addr)
{
    return load_slow_gr(c, t, size, addr);
}

/* (SIZE 8, a constant: its alignment test and its load fold) */
int mem_load_slow_gr8(struct cpu *c, struct greg *t, unsigned size, uint64_t addr)
{
    (void)size;
    return load_slow_gr(c, t, 8, addr);
}

int mem_store_slow(struct cpu *c, uint64_t addr, unsigned size, uint64_t val)
{
    return store_slow(c, addr, size, val, PSR_DT, psr_cpl(c->psr), 1);
}

/* The RSE's references (mem_rse_differs, machine.h): the slow path keeps
 * the page out of the soft TLB.  A fault carries ISR.rs (a mandatory spill
 * or fill; the RSE makes no others). */
int mem_rse_load(struct cpu *c, uint64_t addr, uint64_t *val)
{
    int r = mem_rse_differs(c) ? load_slow(c, addr, 8, val, PSR_RT, (c->ar[AR_RSC] >> 2) & 3, 0)
                               : mem_load(c, addr, 8, val);
    if (r)
        c->intr.isr |= ISR_RS;
    return r;
}

int mem_rse_store(struct cpu *c, uint64_t addr, uint64_t val)
{
    int r = mem_rse_differs(c) ? store_slow(c, addr, 8, val, PSR_RT, (c->ar[AR_RSC] >> 2) & 3, 0)
                               : mem_store(c, addr, 8, val);
    if (r)
        c->intr.isr |= ISR_RS;
    return r;
}

uint8_t *mem_fetch_slow(struct cpu *c, uint64_t addr)
{
    struct memory *m = &c->m->mem;
    uint64_t pa;
    if (tlb_translate(c, TLB_I, addr, ACC_X, PSR_IT, 0, &pa))
        return NULL;
    uint8_t *p = mem_page(m, pa, 0);
    if (!p) {
        cpu_raise(c, FAULT_INSTRUCTION_PAGE_NOT_PRESENT, addr);
        return NULL;
    }
    if (c->m->system_mode)
        m->fetched = 1;
    sync_level(c);
    struct mem_tlb *t = &m->xtlb[mem_tlb_index(addr)];
    m->regions |= 1u << (addr >> 61);
    m->set_regions[m->pl][2] |= (uint8_t)(1u << (addr >> 61));
    t->tag = addr & GUEST_PAGE_MASK;
    t->host = p;
    return p + (addr & ~GUEST_PAGE_MASK);
}

/* Unmapping: the guest pages of [START, END) go back to the pool (so --mem
 * counts only what is mapped) and read as zero when touched again; their
 * soft-TLB entries and predecoded bundles go with them. */
void mem_unmap(struct machine *m, uint64_t start, uint64_t end)
{
    struct memory *mem = &m->mem;
    uint64_t first = start & GUEST_PAGE_MASK;
    for (uint64_t a = first; a < end && a >= first; a += GUEST_PAGE_SIZE) {
        uint64_t key = a >> GUEST_PAGE_SHIFT;
        if (!page_map_get(&mem->pages, key))
            continue;
        pcache_invalidate_page(m, a);
        for (int pl = 0; pl < 4; pl++) {
            struct mem_tlb *r = &mem->rtlbs[pl][mem_tlb_index(a)], *w = &mem->wtlbs[pl][mem_tlb_index(a)];
            struct mem_tlb *x = &mem->xtlbs[pl][mem_tlb_index(a)];
            if (r->tag == a)
                r->tag = MEM_TLB_EMPTY;
            if (w->tag == a)
                w->tag = MEM_TLB_EMPTY;
            if (x->tag == a)
                x->tag = MEM_TLB_EMPTY;
        }
        /* (physical: A, or A with bit 63, uncacheable) */
        for (uint64_t uc = 0; uc < 2; uc++) {
            uint64_t p = a | uc << 63;
            struct mem_tlb *r = &mem->rtlbs[MEM_PHYS][mem_tlb_index(p)], *w = &mem->wtlbs[MEM_PHYS][mem_tlb_index(p)];
            if (r->tag == p)
                r->tag = MEM_TLB_EMPTY;
            if (w->tag == p)
                w->tag = MEM_TLB_EMPTY;
        }
        struct mem_recent *r = mem_recent_of(mem, key);
        if (r->key == key + 1)
            *r = (struct mem_recent){ 0, NULL };
        m->cpu.tlb.walk_memo.host = NULL;
        void *host = page_map_del(&mem->pages, key);
        page_map_del(&mem->code_pages, (uint64_t)(uintptr_t)host);
        free(host);
        mem->npages--;
    }
}

/* The memory attribute (TLB.ma) of data address ADDR, which was just
 * translated: physical mode gives WB (0) or, with bit 63, UC (4); user
 * mode is all WB. */
unsigned mem_attr(struct cpu *c, uint64_t addr)
{
    if (!c->m->system_mode)
        return 0;
    if (!(c->psr & PSR_DT))
        return (addr >> 63) ? 4 : 0;
    const struct tlb_entry *e = tlb_lookup(c, TLB_D, addr);
    return e ? PTE_MA(e->pte) : 0;
}

int mem_sem_unsupported(struct cpu *c, uint64_t addr, int fetchadd)
{
    unsigned ma = mem_attr(c, addr);
    (void)fetchadd;     /* exported fetchadd (UCE, ma 5) is not supported */
    if (ma == 0 || ma == MA_NATPAGE)
        return 0;
    struct interruption in = {
        .vector = IVEC_UNSUPPORTED_DATA_REFERENCE, .isr = ISR_R | ISR_W, .ifa = addr,
        .valid = INTR_IFA,
    };
    return cpu_interrupt(c, &in);
}

int mem_translation_would_fault(struct cpu *c, uint64_t addr)
{
    if (!c->m->system_mode || !(c->psr & PSR_DT))
        return 0;
    struct interruption f;
    uint64_t pa;
    return tlb_check(c, TLB_D, addr, ACC_R, psr_cpl(c->psr), ISR_SP, 1, &pa, &f) != 0;
}
