/* Address translation (SDM rev. 2.3 vol. 2, ch. 4): region registers,
 * protection key registers, the instruction and data TLBs (translation
 * registers and translation cache) and the VHPT walker.  The choices where
 * the SDM leaves freedom are documented in docs/system.md, "Address
 * translation". */
#ifndef IA64EMU_TLB_H
#define IA64EMU_TLB_H

#include <stdint.h>

#define TLB_NTR     8        /* translation registers per side (itr, dtr) */
#define TLB_NTC     128      /* translation cache entries per side: fully associative, round robin */
#define TLB_NPKR    16       /* protection key registers */
#define IMPL_VA_MSB 50       /* implemented virtual address bits per region: 50:0 (Itanium 2) */
#define IMPL_PA_MSB 49       /* implemented physical address bits: 49:0 (Itanium 2) */
#define RID_BITS    24       /* implemented region identifier (and key) bits */
/* Insertable page sizes, bit n = 2^n bytes: 4K 8K 16K 64K 256K 1M 4M 16M
 * 64M 256M 1G 4G (also what PAL_VM_PAGE_SIZE should report). */
#define TLB_PAGE_SIZES 0x155557000ull

static inline unsigned psr_cpl(uint64_t psr) { return (unsigned)(psr >> 32) & 3; }

/* The two sides of the TLB. */
enum { TLB_I = 0, TLB_D = 1 };

/* The kind of a reference: the ISR's x, w, r bits (ISR{34:32}). */
#define ACC_X 1u
#define ACC_W 2u
#define ACC_R 4u

/* ISR.code{3:0} of non-access instructions (na = 1). */
enum { NA_TPA = 0, NA_FC = 1, NA_PROBE = 2, NA_TAK = 3, NA_LFETCH = 4, NA_PROBE_FAULT = 5 };

/* The TLB insertion format (SDM vol. 2, 4.1.1.5): GR[r2] of itc/itr,
 * word 0 of a VHPT entry. */
#define PTE_P        1ull
#define PTE_MA(p)    ((unsigned)((p) >> 2) & 7)
#define PTE_A        (1ull << 5)
#define PTE_D        (1ull << 6)
#define PTE_PL(p)    ((unsigned)((p) >> 7) & 3)
#define PTE_AR(p)    ((unsigned)((p) >> 9) & 7)
#define PTE_PPN_MASK (((1ull << (IMPL_PA_MSB + 1)) - 1) & ~0xfffull)
#define PTE_ED       (1ull << 52)
#define MA_NATPAGE   7

/* Region register and PTA fields. */
#define RR_VE(r)   ((unsigned)(r) & 1)
#define RR_PS(r)   ((unsigned)((r) >> 2) & 0x3f)
#define RR_RID(r)  ((uint32_t)((r) >> 8) & 0xffffff)
#define PTA_VE(p)  ((unsigned)(p) & 1)
#define PTA_SIZE(p) ((unsigned)((p) >> 2) & 0x3f)
#define PTA_VF(p)  ((unsigned)((p) >> 8) & 1)

struct tlb_entry {
    uint64_t va;             /* VA{60:0} of the page, aligned to its size */
    uint64_t pte;            /* insertion format (p, ma, a, d, pl, ar, ppn, ed) */
    uint32_t rid, key;
    uint8_t ps;              /* log2 of the page size */
    uint8_t valid;
};

#define TLB_HASH_BITS 9
#define TLB_MEMO      8
#define TLB_INDEXED   0x8000u

/* The VHPT_Addr pieces of PTA value PTA (SDM vol. 2, 4.1.5.3): the
 * table's base bits and offset mask, remembered (all zero is right for
 * PTA 0); the walker's (struct tlb) and the hypervisor model's for its
 * guest's PTA (hv/vmem.c). */
struct vhpt_shape {
    uint64_t pta, base, mask;
};

struct tlb {
    uint64_t rr[8];                    /* ps always an insertable size (tlb_mov_to_rr checks it) */
    uint64_t pkr[TLB_NPKR];
    struct tlb_entry tr[2][TLB_NTR];   /* [TLB_I]: itr, [TLB_D]: dtr */
    struct tlb_entry tc[2][TLB_NTC];
    unsigned tc_next[2];               /* round-robin replacement */
    unsigned tc_free[2];               /* every TC entry below it is valid (tlb_tc_drop) */
    uint64_t walks, walk_inserts;      /* VHPT walker statistics */
    /* A hash index of each side's entries (tlb.c), by rid and page number
     * at the entry's own page size: entry n is tr[n], then tc[n - NTR].
     * Candidates are checked in full (an entry purged by valid = 0 may
     * stay in it), so only entries made valid need it: tlb_tc_insert
     * keeps it; any other writer of an entry's fields sets
     * index_dirty[side], and the next lookup rebuilds it.  All zero (as
     * tlb_reset leaves it) is the index of an empty TLB. */
    uint16_t hhead[2][1 << TLB_HASH_BITS];   /* entry number + 1, or 0 */
    uint16_t hnext[2][TLB_NTR + TLB_NTC];    /* the next in the chain, or 0 */
    /* TLB_INDEXED | the bucket of each indexed entry; 0: not in the index */
    uint16_t hbucket[2][TLB_NTR + TLB_NTC];
    /* [side][rid & 7] bit ps: an indexed entry of such a region id may
     * have page size ps (region ids differ in their low bits by region,
     * as Linux assigns them) */
    uint64_t ps_used[2][8];
    uint64_t tc_ps_used[2];            /* ... an indexed cache entry */
    uint8_t index_dirty[2];
    /* Recent lookup hits (tlb.c, tlb_lookup): 4 KiB granule and rid ->
     * the entry found, entry number + 1 (0: none).  Forgotten with the
     * index (tlb_index_dirty, index_rebuild). */
    struct tlb_memo {
        uint64_t granule;
        uint32_t rid;
        uint16_t n;
    } memo[2][TLB_MEMO];
    /* The last lookup of each side that found no entry (tlb.c,
     * lookup_index): none translated that 4 KiB granule in region RID,
     * as long as no entry is added (tlb_tc_insert, tlb_index_dirty). */
    struct tlb_miss {
        uint64_t granule;
        uint32_t rid;
        uint8_t valid;
    } miss[2];
    /* The walker's VHPT_Addr pieces (tlb_inline.h, walk_thash) */
    struct vhpt_shape vhpt;
    /* ... of the last short-format PTA (PTA.vf = 0) the straight miss
     * walked with (tlb_inline.h, tlb_data_miss_walks; all zero: none) */
    struct vhpt_shape vhpt_short;
    /* The walker's last VHPT page (tlb.c, vhpt_pa): lookup's data entry
     * (number + 1; 0: none) for 4 KiB granule GRANULE in region RID and
     * the physical page it gave.  Forgotten with the memo, and whenever
     * its entry goes (tlb_tc_drop, tlb_tr_drop; tlb_data_miss_walk for the
     * straight insert's victim), so while remembered its entry is
     * unchanged: every other write of an entry is an insert into a free
     * (dropped) slot or makes the index dirty.  Forgotten
     * (walk_memo_forget): N 0 and GRANULE WALK_MEMO_NONE, which no granule
     * is, so that the granule's compare alone tells (LAST keeps the
     * granule forgotten).  Made again by itc.d of an entry for LAST while
     * forgotten (tlb_walk_memo_again: what vhpt_pa would find).  HOST: the host page of
     * PAGE once tlb_data_miss_walk looked it up (NULL: not yet; mem_unmap
     * and mem_free forget it).  Under a hypervisor (the walker off) its
     * software walker's memo (hv/vmem.c, vhpt_page_slow, made again by
     * the guest's itc.d in walk_memo_again; tlb_inline.h's
     * tlb_tc_insert_straight forgets it with the victim). */
    struct tlb_walk_memo {
        uint64_t granule, page, last;
        const uint8_t *host;
        uint32_t rid;
        uint16_t n;
    } walk_memo;
    /* A software VHPT walk, per region: the hypervisor's (hv/vmem.c,
     * region_memo_fill) short-format walk of its guest's VHPT, which the
     * loads' and stores' straight miss makes inline (tlb_inline.h,
     * soft_walk_miss).  It holds while the region's real rr is REAL_RR (1,
     * which no real rr is: none; the hypervisor forgets it with what else
     * decides it, tlb_reset and trace_attach too) and the guest's rr and
     * PTA, 8 bytes at host addresses GUEST_RR and GUEST_PTA, are RR and
     * PTA (the guest may store to them: compared at each miss): then VA's
     * entry is at IHA_BASE | (VA >> PS << 3 & IHA_MASK) (the guest's
     * VHPT_Addr, in the region: IHA_MASK keeps only the bits of VA's
     * hpn, tlb_hpn, that the VHPT's size keeps), the translation's region
     * id (and key) RID, page size PS, and the entry's pte is the real one
     * with pl PL_MIN at least, if it is present and has no ppn beyond the
     * real memory: its bits of P_BEYOND (PTE_P and those ppn bits) just
     * PTE_P (else none). */
    struct tlb_soft_walk {
        uint64_t real_rr, rr, pta, iha_base, iha_mask, p_beyond;
        const uint8_t *guest_rr, *guest_pta;
        uint32_t rid;
        uint8_t ps, pl_min;
    } soft_walk[8];
    uint64_t soft_walk_inserts;        /* the inserts those made (the hypervisor counts them) */
};

#define WALK_MEMO_NONE (~0ull)          /* (a granule is VA{60:12}) */
static inline void walk_memo_forget(struct tlb *t)
{
    if (t->walk_memo.n)
        t->walk_memo.last = t->walk_memo.granule;
    t->walk_memo.n = 0;
    t->walk_memo.granule = WALK_MEMO_NONE;
}

/* The IHA of VA in a software walk S (struct tlb_soft_walk) */
#define SOFT_WALK_IHA(s, va) ((s)->iha_base | (((va) >> (s)->ps << 3) & (s)->iha_mask))

static inline void soft_walk_forget(struct tlb *t)
{
    for (unsigned r = 0; r < 8; r++)
        t->soft_walk[r].real_rr = 1;
}

#define VA61(va) ((va) & ((1ull << 61) - 1))

static inline int tlb_page_size_ok(unsigned ps)
{
    return ps < 64 && ((TLB_PAGE_SIZES >> ps) & 1);
}

/* VA{60:IMPL_VA_MSB+1} must repeat VA{IMPL_VA_MSB} (SDM vol. 2, 4.1.1.1). */
static inline int tlb_unimplemented_va(uint64_t va)
{
    int64_t v = (int64_t)(va << 3) >> (3 + IMPL_VA_MSB);
    return v != 0 && v != -1;
}

/* The long-format hash and tag (implementation specific, SDM vol. 2,
 * 4.1.6.2; docs/system.md): HPN = VA{IMPL_VA_MSB:0} >> ps; index = HPN xor
 * rid; tag = rid << 39 | HPN, unique with or without the index. */
static inline uint64_t tlb_hpn(uint64_t va, unsigned ps)
{
    return (va & ((1ull << (IMPL_VA_MSB + 1)) - 1)) >> ps;
}

/* VHPT_Addr (SDM vol. 2, figures 4-14 and 4-15): the index's low bits
 * inside PTA.base's table of 2^PTA.size bytes. */
static inline uint64_t tlb_vhpt_addr(uint64_t region, uint64_t pta, uint64_t offset)
{
    unsigned size = PTA_SIZE(pta);
    uint64_t mask = size >= 61 ? (1ull << 61) - 1 : (1ull << size) - 1;
    uint64_t base = VA61(pta) & ~0x7fffull;
    return region | (base & ~mask) | (VA61(offset) & mask);
}

static inline uint64_t tlb_thash_of(uint64_t va, uint64_t rr, uint64_t pta)
{
    uint64_t h = tlb_hpn(va, RR_PS(rr));
    if (PTA_VF(pta))
        return tlb_vhpt_addr(pta & (7ull << 61), pta, (h ^ RR_RID(rr)) << 5);
    return tlb_vhpt_addr(va & (7ull << 61), pta, h << 3);
}

/* *S becomes PTA's pieces */
static inline void vhpt_shape_set(struct vhpt_shape *s, uint64_t pta)
{
    unsigned size = PTA_SIZE(pta);
    s->pta = pta;
    s->mask = size >= 61 ? (1ull << 61) - 1 : (1ull << size) - 1;
    s->base = VA61(pta) & ~0x7fffull & ~s->mask;
}

/* VA61(tlb_thash_of(VA, RR, S->pta)) of the short format (PTA.vf = 0),
 * S's pieces (the region bits: VA's) */
static inline uint64_t vhpt_shape_thash61(const struct vhpt_shape *s, uint64_t va, uint64_t rr)
{
    return s->base | ((tlb_hpn(va, RR_PS(rr)) << 3) & s->mask);
}

/* tlb_thash_of(VA, RR, PTA) with PTA's pieces remembered in *S */
static inline uint64_t vhpt_shape_thash(struct vhpt_shape *s, uint64_t va, uint64_t rr, uint64_t pta)
{
    if (__builtin_expect(pta != s->pta, 0))
        vhpt_shape_set(s, pta);
    if (PTA_VF(pta))
        return (pta & (7ull << 61)) | s->base | (((tlb_hpn(va, RR_PS(rr)) ^ RR_RID(rr)) << 5) & s->mask);
    return (va & (7ull << 61)) | vhpt_shape_thash61(s, va, rr);
}

static inline uint64_t tlb_ttag_of(uint64_t va, uint64_t rr)
{
    return (uint64_t)RR_RID(rr) << 39 | tlb_hpn(va, RR_PS(rr));
}

/* The physical address of VA through entry E. */
static inline uint64_t tlb_entry_pa(const struct tlb_entry *e, uint64_t va)
{
    uint64_t low = (1ull << e->ps) - 1;
    return (e->pte & PTE_PPN_MASK & ~low) | (va & low);
}

struct cpu;
struct interruption;

void tlb_reset(struct cpu *c);
uint64_t tlb_thash(struct cpu *c, uint64_t va);
uint64_t tlb_ttag(struct cpu *c, uint64_t va);

/* The entry of SIDE (TLB_I, TLB_D) translating VA, translation registers
 * first, or NULL.  No walk. */
struct tlb_entry *tlb_lookup(struct cpu *c, int side, uint64_t va);

/* A VHPT search that never faults: the walker's TC insert for VA, or
 * NULL when the walker is off for VA's region or finds no present entry. */
struct tlb_entry *tlb_vhpt_search(struct cpu *c, int side, uint64_t va);


/* Inserts a translation into SIDE's translation cache, purging the
 * entries it overlaps. */
/* The translations of SIDE changed: its soft TLBs (and, for TLB_I, the
 * predecoded bundles) go. */
void tlb_side_changed(struct cpu *c, int side);
/* An entry of SIDE was written other than by tlb_tc_insert (itr): the
 * hash index is rebuilt before its next use. */
void tlb_index_dirty(struct cpu *c, int side);
struct tlb_entry *tlb_tc_insert(struct cpu *c, int side, uint64_t va, unsigned ps, uint32_t rid,
                                uint32_t key, uint64_t pte);
/* ... right after a lookup of SIDE found no entry for VA in region id RID
 * (the last lookup of SIDE; machine.on_tlb_miss): what tlb_tc_insert does,
 * without checking that. */
struct tlb_entry *tlb_tc_insert_missed(struct cpu *c, int side, uint64_t va, unsigned ps, uint32_t rid,
                                       uint32_t key, uint64_t pte);
/* After itc.d's insert of E for VA: the walker's memo, forgotten, names E
 * again when E translates its granule (tlb.c) */
void tlb_walk_memo_again(struct cpu *c, const struct tlb_entry *e, uint64_t va);

/* Checks a reference ACC (ACC_*) to virtual address VA at privilege level
 * PL on SIDE, walking the VHPT on a miss.  ISR_EXTRA goes into the ISR of
 * a fault (na, sp, rs, code).  RIGHTS = 0 checks only the translation
 * (the faults up to Page Not Present: tpa); 2 skips the NaTPage check
 * (probe, not a reference).
 * Returns 0 with *PA, or 1 with *F the fault. */
int tlb_check(struct cpu *c, int side, uint64_t va, unsigned acc, unsigned pl, uint64_t isr_extra,
              int rights, uint64_t *pa, struct interruption *f);

/* A reference by the running program: physical mode (the PSR bit PSR_BIT
 * clear: bit 63 is the uncacheable attribute, stripped; unimplemented
 * physical bits fault) or translated.  User mode (no system architecture)
 * maps virtual to physical one to one.  Returns 0 with *PA, or raises the
 * fault and returns OP_STOP. */
int tlb_translate(struct cpu *c, int side, uint64_t va, unsigned acc, uint64_t psr_bit, uint64_t isr_extra,
                  uint64_t *pa);
/* The same at privilege level PL (the RSE's references: PSR.rt and
 * RSC.pl). */
int tlb_translate_pl(struct cpu *c, int side, uint64_t va, unsigned acc, uint64_t psr_bit, unsigned pl,
                     uint64_t isr_extra, uint64_t *pa);

/* What translated a data reference that passed (tlb_translate_data). */
struct tlb_ref {
    uint64_t pa;        /* the physical address */
    unsigned tc;        /* the data TC entry, number + 1; 0: a TR, or untranslated */
    int writable;       /* a read: a store to VA at PL would pass now too */
};
/* tlb_translate_pl for a data read or write (ACC_R or ACC_W, no ISR
 * extras) that fills *REF, the physical address too, when it passes: the
 * loads' and stores' slow paths fill the soft TLBs with it (after
 * tlb_inline.h's common misses inline: tlb_data_miss, tlb_data_miss_hooked). */
int tlb_translate_data(struct cpu *c, uint64_t va, unsigned acc, uint64_t psr_bit, unsigned pl,
                       struct tlb_ref *ref);

/* TC entry I of SIDE goes.  Every invalidation of a TC entry comes here,
 * so that an insert finds a free entry from tc_free on, without scanning
 * a full cache. */
static inline void tlb_tc_drop(struct tlb *t, int side, unsigned i)
{
    t->tc[side][i].valid = 0;
    if (i < t->tc_free[side])
        t->tc_free[side] = i;
    if (side == TLB_D && t->walk_memo.n == TLB_NTR + i + 1)
        walk_memo_forget(t);
}

/* Translation register I of SIDE goes (ptr). */
static inline void tlb_tr_drop(struct tlb *t, int side, unsigned i)
{
    t->tr[side][i].valid = 0;
    if (side == TLB_D && t->walk_memo.n == i + 1)
        walk_memo_forget(t);
}

#endif
