/* The run loop: the only place that executes instructions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops_branch.h"
#include "ops_int.h"
#include "ops_mem.h"
#include "jit.h"
#include "trace.h"
#include "trace_rec.h"

/* An entry's addr is the bundle address with, in its low bits (free,
 * bundles being 16-byte aligned), the privilege level it was fetched at:
 * execute rights depend on it, so a change of PSR.cpl needs no flush.
 * PCACHE_EMPTY is never such a key (tags are 0-3); a dropped entry keeps
 * its address with that bit set, for IIPA (note_last). */
#define PCACHE_EMPTY 8

/* Checks of the run loop's invariants, compiled into the sanitizer and
 * fuzzing builds (IA64EMU_CHECKS) */
#ifndef IA64EMU_CHECKS
#define IA64EMU_CHECKS 0
#endif
#define RUN_CHECK(cond)                                                                           \
    do {                                                                                          \
        if (IA64EMU_CHECKS && !(cond)) {                                                          \
            fprintf(stderr, "ia64emu: run loop invariant broken at %s:%d: %s\n", __FILE__, __LINE__, \
                    #cond);                                                                       \
            abort();                                                                              \
        }                                                                                         \
    } while (0)

static inline uint64_t fetch_tag(const struct cpu *c)
{
    return (c->psr >> PSR_CPL_SHIFT) & 3;
}

void pcache_flush(struct machine *m)
{
    for (size_t i = 0; i < PCACHE_SIZE; i++)
        m->pcache[i].addr |= PCACHE_EMPTY;
    m->pcache_regions = 0;
}

void pcache_flush_regions(struct machine *m, unsigned regions)
{
    if (!(m->pcache_regions & regions))
        return;
    for (size_t i = 0; i < PCACHE_SIZE; i++)
        if ((regions >> (m->pcache[i].addr >> 61)) & 1)
            m->pcache[i].addr |= PCACHE_EMPTY;
    m->pcache_regions &= ~regions;
}

void pcache_invalidate_page(struct machine *m, uint64_t addr)
{
    uint64_t page = addr & GUEST_PAGE_MASK;
    for (uint64_t a = page; a < page + GUEST_PAGE_SIZE; a += 16) {
        struct pbundle *pb = &m->pcache[(a >> 4) & (PCACHE_SIZE - 1)];
        if ((pb->addr & ~15ull) == a)
            pb->addr |= PCACHE_EMPTY;
    }
}

static inline const uint8_t *fetch(struct cpu *c, uint64_t addr)
{
    struct mem_tlb *t = &c->m->mem.xtlb[mem_tlb_index(addr)];   /* fetches: the ITLB's soft TLB */
    if (__builtin_expect(t->tag == (addr & GUEST_PAGE_MASK), 1))
        return t->host + (addr & ~GUEST_PAGE_MASK);
    return mem_fetch_slow(c, addr);
}

/* Whether LINK (a pbundle.next or .taken) belongs to the entry PB. */
static inline int link_of(struct pbundle *const *link, const struct pbundle *pb)
{
    return (uintptr_t)((const char *)link - (const char *)pb) < sizeof *pb;
}

/* FORMS[k]: the run loop's dispatch addresses for slot k, by hot form;
 * NULL outside the run loop, which then leaves the entry unused.  LINK:
 * the run loop's link from the bundle it last ran, N the count after it;
 * when that bundle's entry is the one replaced, its address goes to
 * iipa_last first. */
static struct pbundle *pcache_fill(struct cpu *c, uint64_t addr, const void *const *const forms[3],
                                   const void *const *const traced[3], struct pbundle *const *link,
                                   uint64_t n)
{
    if (addr & 15) {
        cpu_raise(c, FAULT_UNIMPLEMENTED_DATA_ADDRESS, addr);
        return NULL;
    }
    const uint8_t *p = fetch(c, addr);
    if (!p)
        return NULL;
    struct pbundle *pb = &c->m->pcache[(addr >> 4) & (PCACHE_SIZE - 1)];
    if (link && link_of(link, pb)) {
        if (c->ic_run && (!c->ic_from || n > c->ic_from))   /* (N: the count after it) */
            c->iipa_last = pb->addr & ~15ull;
        c->link_evicted = 1;
    }
    predecode_bundle(pb, addr, p);
    if (c->m->on_fill)
        c->m->on_fill(c, pb);      /* trap mode: the holes (hv/trap.c) */
    if (c->m->trace)
        trace_fill(c, pb, addr);   /* hook sites, branches, insns (trace.c) */
    pb->addr = addr | fetch_tag(c);
    c->m->pcache_regions |= 1u << (addr >> 61);
    pb->host = p;
    pb->jit = NULL;
    c->m->jit_kept[pb - c->m->pcache] = NULL;      /* made from other bytes */
    pb->jit_tick = c->m->jit_hot;
    pb->next = pb->taken = pb;     /* links are checked against the address
                                    * wanted, so pointing here is safe */
    for (int k = 0; k < 3; k++)
        pb->s[k].go = !forms ? NULL
                      : pb->traced == TRACED_FAST && k < pb->nslots ? traced[k][pb->s[k].hot]
                                                                      : forms[k][pb->s[k].hot];
    if (!forms)
        pb->addr = PCACHE_EMPTY;
    mem_mark_code(&c->m->mem, addr);
    return pb;
}

/* The predecoded bundle at KEY: its address | the privilege level it is
 * fetched at (fetch_tag).  A hit
 * is validated against the bytes where it was fetched from (blink), so
 * self-modifying code needs no write tracking for correctness; guest pages
 * are never freed while the machine runs, so that host pointer stays
 * valid.  A change of instruction translation flushes the cache
 * (mem_tlb_flush_fetch). */
static inline struct pbundle *lookup(struct cpu *c, struct pbundle *pcache, uint64_t key,
                                    const void *const *const forms[3], const void *const *const traced[3],
                                    struct pbundle *const *link, uint64_t n)
{
    struct pbundle *pb = &pcache[(key >> 4) & (PCACHE_SIZE - 1)];
    if (__builtin_expect(pb->addr == key, 1)) {
        uint64_t lo, hi;
        memcpy(&lo, pb->host, 8);
        memcpy(&hi, pb->host + 8, 8);
        if (__builtin_expect(lo == pb->lo && hi == pb->hi, 1))
            return pb;
    }
    return pcache_fill(c, key & ~0xfull, forms, traced, link, n);
}

const struct pbundle *pcache_lookup(struct cpu *c, uint64_t addr)
{
    return lookup(c, c->m->pcache, addr | fetch_tag(c), NULL, NULL, NULL, 0);
}

/* Whole bundles run on the fast path when their highest GR is below
 * this: the end of the current frame, or 0 to send a restart in
 * mid-bundle (c->slot != 0) to run_slots. */
static inline unsigned fast_frame_end(const struct cpu *c)
{
    return c->slot ? 0 : 32 + CFM_SOF(c->cfm);
}

/* The hot forms (ops.h) that always continue with the next slot, and
 * their bodies: the semantics of their handlers (ops_int.h).  The
 * predecoder chose them only where the handler's operand checks cannot
 * fail.  S(K) is slot K of the bundle in hand.  N is the NaT mode: the
 * bodies exist twice, with NaT bits (N = 1) and without (N = 0: while
 * cpu.nat_live is 0, no GR has its NaT bit set). */
#define S(K) (&pb->s[K])
#define HOT_SIMPLE(X, K, N)                                                    \
    X(K, N, NOP, (void)0)                                                      \
    X(K, N, ADD, int_add(c, S(K), 0, N)) X(K, N, SUB, int_sub(c, S(K), 0, N))  \
    X(K, N, AND, int_and(c, S(K), N)) X(K, N, ANDCM, int_andcm(c, S(K), N))    \
    X(K, N, OR, int_or(c, S(K), N)) X(K, N, XOR, int_xor(c, S(K), N))          \
    X(K, N, SHLADD, int_shladd(c, S(K), N))                                    \
    X(K, N, ADDS, int_adds(c, S(K), N))                                        \
    X(K, N, MOV, int_mov(c, S(K), N)) X(K, N, MOVI, int_movi(c, S(K), N))      \
    X(K, N, cmp_r_eq, int_cmp(c, S(K), 0, 0, REL_eq, CT_none, N))              \
    X(K, N, cmp_r_lt, int_cmp(c, S(K), 0, 0, REL_lt, CT_none, N))              \
    X(K, N, cmp_r_ltu, int_cmp(c, S(K), 0, 0, REL_ltu, CT_none, N))            \
    X(K, N, cmp4_r_eq, int_cmp(c, S(K), 0, 1, REL_eq, CT_none, N))             \
    X(K, N, cmp4_r_lt, int_cmp(c, S(K), 0, 1, REL_lt, CT_none, N))             \
    X(K, N, cmp4_r_ltu, int_cmp(c, S(K), 0, 1, REL_ltu, CT_none, N))           \
    X(K, N, cmp_i_eq, int_cmp(c, S(K), 1, 0, REL_eq, CT_none, N))              \
    X(K, N, cmp_i_lt, int_cmp(c, S(K), 1, 0, REL_lt, CT_none, N))              \
    X(K, N, cmp_i_ltu, int_cmp(c, S(K), 1, 0, REL_ltu, CT_none, N))            \
    X(K, N, cmp4_i_eq, int_cmp(c, S(K), 1, 1, REL_eq, CT_none, N))             \
    X(K, N, cmp4_i_lt, int_cmp(c, S(K), 1, 1, REL_lt, CT_none, N))             \
    X(K, N, cmp4_i_ltu, int_cmp(c, S(K), 1, 1, REL_ltu, CT_none, N))
/* ... those that may fault, with their result in r ... */
#define HOT_MEM(X, K, N)                                                       \
    X(K, N, LD8, ld_exec(c, S(K), 8, 0, N))                                    \
    X(K, N, ST8, st_exec(c, S(K), 8, 0, N))
/* ... and those that may leave the bundle, the same in both modes. */
#define HOT_OTHER(X, K)                                                        \
    X(K, CALL) X(K, FRAME) X(K, BR) X(K, CLOOP) X(K, BRCALL) X(K, RET)

#define HOT_ENTRY_N(K, N, NAME, ...) [HOT_##NAME] = &&hot##N##_##NAME##_##K,
/* The traced forms (trace.c, TRACED_FAST bundles at level insns; only in
 * the traced run loop, TRACED_SLOT): a hot simple form's body, then its
 * INSN record; every other form through trace_fast_slot, in hot_CALL's
 * place. */
#define TRACED_LABELS(K)                                                       \
    tguarded_##K:                                                              \
        if (!c->prf[c->prmap[S(K)->guard]]) {                                  \
            trace_fast_off(c, pb, (K), n + (K));                               \
            goto done_##K;                                                     \
        }                                                                      \
        goto *formsT_##K[S(K)->hot - HOT_COUNT];                               \
    HOT_SIMPLE(TRACED_BODY, K, 1)                                              \
    tcall_##K:                                                                 \
        SAVE();                                                                \
        c->slot = (K);                                                         \
        r = trace_fast_slot(c, pb, (K), n + (K));                              \
        goto called_##K;
#define TRACED_ENTRY(K, N, NAME, ...) [HOT_##NAME] = &&thot_##NAME##_##K,
#define TRACED_CALL_N(K, N, NAME, ...) [HOT_##NAME] = &&tcall_##K,
#define TRACED_CALL(K, NAME) [HOT_##NAME] = &&tcall_##K,
#define TRACED_BODY(K, N, NAME, BODY)                                          \
    thot_##NAME##_##K:                                                         \
        BODY;                                                                  \
        trace_rec_hot(c->m->trace, c, pb, (K), n + (K), hot_values[HOT_##NAME]); \
        goto done_##K;
/* what a hot simple form writes (trace_rec_hot): nothing, r1, or p1 and p2 */
static const uint8_t hot_values[HOT_COUNT] = {
    [HOT_ADD ... HOT_MOVI] = 1, [HOT_cmp_r_eq ... HOT_cmp4_i_ltu] = 2,
};
#define HOT_ENTRY(K, NAME) [HOT_##NAME] = &&hot_##NAME##_##K,
#define HOT_BODY(K, N, NAME, BODY) hot##N##_##NAME##_##K: BODY; goto done_##K;
#define HOT_MEM_BODY(K, N, NAME, BODY) hot##N##_##NAME##_##K: r = BODY; goto mem_##K;

/* Slot K of PB.  Dispatch is threaded (computed goto): pslot.go is the
 * code of the slot's hot form here, from the table formsK (cpu_run), set
 * when the bundle is cached; a slot with a predicate has the form +
 * HOT_COUNT, whose code tests the predicate first.  Leaves the bundle
 * loop on a branch or a stop.  c->slot is 0 here except while a handler
 * runs: the hot forms neither read it nor, when they branch, need to
 * reset it. */
#define RUN_SLOT(K)                                                            \
    do {                                                                       \
        goto *S(K)->go;                                                        \
    guarded0_##K:                                                              \
        if (!c->prf[c->prmap[S(K)->guard]])                                    \
            goto done_##K;                                                     \
        goto *forms0_##K[S(K)->hot - HOT_COUNT];                               \
    guarded1_##K:                                                              \
        if (!c->prf[c->prmap[S(K)->guard]])                                    \
            goto done_##K;                                                     \
        goto *forms1_##K[S(K)->hot - HOT_COUNT];                               \
    TRACED_SLOT(K)                                                             \
    hot_CALL_##K:                                                              \
        SAVE();                                                                \
        c->slot = (K);                                                         \
        r = S(K)->fn(c, S(K));                                                 \
        /* a handler that goes on to the next slot changes neither the       \
         * count nor the bundle (RUN_CHECK), perhaps CPL (epc) and the       \
         * frame (cover); the recorder's wrappers may change the count */    \
        if (!RUN_LOOP_TRACED &&                                                \
            __builtin_expect(r == OP_NEXT && !(c->nat_live && !nat_mode), 1)) { \
            c->slot = 0;                                                       \
            RUN_CHECK(n == c->insns && (ip & ~0xfull) == c->ip);               \
            ip = c->ip | fetch_tag(c);                                         \
            frame_end = 32 + CFM_SOF(c->cfm);                                  \
            goto done_##K;                                                     \
        }                                                                      \
    called_##K: __attribute__((unused));                                       \
        if (r == OP_STOP) {                                                    \
            /* the stop needs the count and address only (stopped) */         \
            n = c->insns;                                                      \
            ip = c->ip;                                                        \
            if (__builtin_expect(c->nat_live && !nat_mode, 0))                 \
                NAT_MODE_ON();                                                 \
            goto left_##K;                                                     \
        }                                                                      \
        if (r == OP_NEXT)                                                      \
            c->slot = 0;                                                       \
        RELOAD();                                                              \
        if (__builtin_expect(c->nat_live && !nat_mode, 0)) {                   \
            /* a NaT bit was set: the rest of the bundle slot by slot */       \
            NAT_MODE_ON();                                                     \
            if (r != OP_NEXT)                                                  \
                goto left_##K;                                                 \
            c->slot = (K) + 1;                                                 \
            nb = n;                                                            \
            c->insns = n += (K) + 1;                                           \
            goto slow_bundle;                                                  \
        }                                                                      \
        if (r == OP_NEXT)                                                      \
            goto done_##K;                                                     \
        goto left_##K;                                                         \
    /* alloc: the slots after it name registers of its new frame */           \
    hot_FRAME_##K:                                                             \
        if (!alloc_fast(c, S(K))) {                                            \
            SAVE();                                                            \
            c->slot = (K);                                                     \
            r = S(K)->fn(c, S(K));                                             \
            RELOAD();                                                          \
            if (r != OP_NEXT)                                                  \
                goto left_##K;                                                 \
        }                                                                      \
        frame_end = 32 + CFM_SOF(c->cfm);                                      \
        if (__builtin_expect(pb->maxgr_tail >= frame_end, 0)) {                \
            c->slot = (K) + 1;                                                 \
            nb = n;                                                            \
            c->insns = n += (K) + 1;                                           \
            goto slow_bundle;                                                  \
        }                                                                      \
        c->slot = 0;                                                           \
        goto done_##K;                                                         \
    HOT_MEM(HOT_MEM_BODY, K, 0)                                                \
    HOT_MEM(HOT_MEM_BODY, K, 1)                                                \
    mem_##K:                                                                   \
        if (r == OP_NEXT)                                                      \
            goto done_##K;                                                     \
        c->slot = (K);                                                         \
        goto left_##K;                                                         \
    /* br.cond, br.cloop (SDM vol. 3, "br"): IP-relative, to a bundle;      \
     * br.cloop is in slot 2 (predecode.c) */                                 \
    hot_CLOOP_##K:                                                             \
        if (!cloop_taken(c))                                                   \
            goto done_##K;                                                     \
        /* fall through */                                                     \
    hot_BR_##K:                                                                \
        ip += (uint64_t)S(K)->o[0];                                            \
        r = OP_BRANCH;                                                         \
        goto left_##K;                                                         \
    /* br.call b1 = target (B3, X4), br.ret (B4): the handlers' work when \
     * the RSE's fast path applies (rse.h), else the handlers; br_call_link \
     * is the same when repeated */                                          \
    hot_BRCALL_##K:                                                            \
        br_call_link(c, (unsigned)S(K)->o[0], (ip & ~0xfull) + 16);            \
        if (!rse_call_fast(c))                                                 \
            goto hot_CALL_##K;                                                 \
        ip += (uint64_t)S(K)->o[1];                                            \
        goto framed_##K;                                                       \
    hot_RET_##K:                                                               \
        {                                                                      \
            uint64_t pfs = c->ar[AR_PFS], pfm = pfs & CFM_MASK;                \
            /* a return to a less privileged level: the handler */            \
            if ((unsigned)(pfs >> 62) > PSR_CPL(c) ||                          \
                !rse_restore_fast(c, CFM_SOL(pfm), pfm))                       \
                goto hot_CALL_##K;                                             \
            br_ret_state(c, pfs);                                              \
            ip = (c->br[S(K)->o[0] & 7] & ~0xfull) | (ip & 0xf);               \
        }                                                                      \
    framed_##K:                                                                \
        frame_end = 32 + CFM_SOF(c->cfm);                                      \
        r = OP_BRANCH;                                                         \
        goto left_##K;                                                         \
    HOT_SIMPLE(HOT_BODY, K, 0)                                                 \
    HOT_SIMPLE(HOT_BODY, K, 1)                                                 \
    left_##K:                                                                  \
        n += (K) + 1;                                                          \
        if (r == OP_STOP) {                                                    \
            SAVE();                                                            \
            note_last(c, pb, (K) + 1, link, pcache);                           \
            goto stopped;                                                      \
        }                                                                      \
        goto branched;                                                         \
    done_##K:;                                                                 \
    } while (0)

/* The run loop.  Time (c->insns) advances by the slots a bundle retires,
 * counted when the bundle is left; an instruction group's own reads of
 * ar.itc see the count at the bundle's start. */
/* run_slots' loop, from slot FIRST, ROOM instructions before the limit */
static inline __attribute__((always_inline)) int run_slots_from(struct cpu *c, const struct pbundle *pb,
                                                                uint64_t room, unsigned first)
{
    for (unsigned i = first; i < pb->nslots; i++) {
        const struct pslot *s = &pb->s[i];
        if (i - first >= room) {
            c->insns += i - first;
            c->slot = i;
            c->stop = STOP_MAX_INSNS;
            return OP_STOP;
        }
        if (!c->prf[c->prmap[s->guard]])
            continue;
        c->slot = i;
        /* naming a GR beyond the current frame: Illegal Operation (SDM
         * vol. 1, 4.1.1) */
        if (s->maxgr >= 32 + CFM_SOF(c->cfm)) {
            c->insns += i - first + 1;
            return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
        }
        int r = s->fn(c, s);
        if (r != OP_NEXT) {
            c->insns += i - first + 1;
            return r;
        }
    }
    c->insns += pb->nslots - first;
    c->ip += 16;
    c->slot = 0;
    return OP_NEXT;
}

/* Slot by slot, from c->slot: a restart in mid-bundle, a frame fault, or
 * --max-insns ending inside this bundle.  Returns OP_NEXT when the bundle
 * retired, OP_BRANCH, or OP_STOP. */
static inline __attribute__((always_inline)) int run_slots(struct cpu *c, const struct pbundle *pb,
                                                           uint64_t limit)
{
    if (__builtin_expect(pb->traced, 0))
        return trace_run_slots(c, pb, limit);   /* the same, recorded */
    unsigned first = c->slot;
    uint64_t room = limit - c->insns;
    if (__builtin_expect(first >= pb->nslots, 0)) {
        /* a restart (rfi) at slot 2 of an MLX bundle, or past slot 0 of a
         * reserved template: Illegal Operation (SDM vol. 2, 3.3.2, PSR.ri) */
        if (!room) {
            c->stop = STOP_MAX_INSNS;
            return OP_STOP;
        }
        c->insns++;
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    }
    c->run_first = (uint8_t)first;     /* (cpu.insns counts from there: psr_write) */
    int r = run_slots_from(c, pb, room, first);
    c->run_first = 0;
    return r;
}

/* IIPA (SDM vol. 2, 3.3.5.6) is the bundle of the last instruction that
 * completed having started with PSR.ic = 1.  It is kept at no cost per
 * instruction: turning PSR.ic on sets cpu.ic_run and cpu.ic_from, the
 * count after that instruction (psr_write; rfi ends the run), and turning
 * it off records IIPA then and clears cpu.ic_run (psr_write), so while
 * cpu.ic_run is 1 every instruction of the run counted beyond ic_from
 * started with PSR.ic 1.  At each exit the last instruction is in the
 * bundle in hand (PB, COUNTED of its slots counted since it was entered;
 * a fault's own slot did not complete), or else in the bundle LINK
 * belongs to, the one run before it; with neither, iipa_last already
 * holds it. */
static int fault_failed(const struct cpu *c)
{
    return c->stop == STOP_FAULT && !(c->intr.valid & (INTR_TRAP | INTR_FETCH));
}

static void note_last(struct cpu *c, const struct pbundle *pb, uint64_t counted, struct pbundle *const *link,
                      const struct pbundle *pcache)
{
    if (!c->ic_run)
        return;
    uint64_t failed = fault_failed(c);
    if (__builtin_expect(c->ic_from != 0, 0) && c->insns - (counted && failed) <= c->ic_from)
        return;                        /* it started with PSR.ic 0 */
    if (pb && counted > failed)
        c->iipa_last = pb->addr & ~15ull;
    else if (link)
        c->iipa_last =
            pcache[(size_t)((const char *)link - (const char *)pcache) / sizeof *pcache].addr &
            ~15ull;
}

/* Translated blocks (jit.h), out of the run loop's line, entered with
 * *PBP, the bundle at cpu.ip (slot 0, NaT-free mode), which the run loop
 * reached from LINK: runs its block, made for the current frame (or
 * remade after JIT_HOT entries under another), and the blocks after it
 * while they fit the limit.  Then *PBP is the bundle to interpret
 * (JIT_RUN_ENTER), or the one to run slot by slot from cpu.slot
 * (JIT_RUN_SLOTS), or the run loop looks cpu.ip up (JIT_RUN_LOOKUP), or
 * the run ended (JIT_RUN_STOP: a fetch fault). */
enum { JIT_RUN_ENTER, JIT_RUN_SLOTS, JIT_RUN_LOOKUP, JIT_RUN_STOP };

/* A block that does not pay leaves its entry, and is tried again after
 * JIT_RETRY entries, twice as many after each further drop, up to 65536.
 * It is kept (jit_kept) and taken back when the retry finds its frame and
 * key: retranslated instead, such blocks filled the code buffer with
 * copies (485 translations, 3.7 MB, for 100,000 syscalls at a fixed 4096).
 * A loop whose entries fault only for a while (the TLB-miss storm's demand
 * faults) gets its block back soon after. */
#define JIT_RETRY 1024
/* Blocks kept per cache entry: kernel code entered with PSR.bn 0 and 1,
 * and a ring position that wraps besides the one that fits (Linux's
 * rse_clear_invalid under a syscall and a timer tick), each keep theirs
 * (one place for all: the timer's path evicted the syscall's wrapped
 * block and it was made again twice every ~1,100 syscalls). */
#define JIT_KEPT 4

/* JB may run at the current frame, key and ring position */
static int jit_fits(const struct cpu *c, const struct jit_block *jb)
{
    return jb->cfm == c->cfm && jb->key == jit_key(c->psr) && c->rse.bof - jb->bof_min <= jb->bof_span;
}

/* PB's kept block that fits, out of the list when TAKE, else first in it
 * (the next search finds it at once), or NULL */
static struct jit_block *jit_kept_find(struct cpu *c, struct pbundle *pb, int take)
{
    struct jit_block **head = &c->m->jit_kept[pb - c->m->pcache];
    for (struct jit_block **p = head; *p; p = &(*p)->kept)
        if (jit_fits(c, *p)) {
            struct jit_block *jb = *p;
            if (take || p != head) {
                *p = jb->kept;
                if (!take) {
                    jb->kept = *head;
                    *head = jb;
                }
            }
            return jb;
        }
    return NULL;
}

/* JB, one of PB's blocks, kept first; the oldest beyond JIT_KEPT goes */
static void jit_kept_add(struct cpu *c, struct pbundle *pb, struct jit_block *jb)
{
    struct jit_block **head = &c->m->jit_kept[pb - c->m->pcache];
    jb->kept = *head;
    *head = jb;
    unsigned n = 1;
    for (struct jit_block *k = jb; k->kept; k = k->kept)
        if (++n > JIT_KEPT) {
            k->kept = NULL;
            break;
        }
}

static void jit_drop(struct cpu *c, struct jit_block *jb)
{
    struct pbundle *pb = jb->head;
    if (pb->jit != jb)
        return;
    pb->jit = NULL;
    jit_kept_add(c, pb, jb);
    uint32_t wait = jb->drops < 16 ? (uint32_t)JIT_RETRY << jb->drops : 65536;
    jb->drops++;
    pb->jit_tick = wait < 65536 ? (uint16_t)wait : 0;    /* 0: 65536 */
}

/* PB's block under the current frame and key: one kept, or a new one
 * (which inherits the count of drops of the newest kept) */
static struct jit_block *jit_retry(struct cpu *c, struct pbundle *pb)
{
    struct jit_block *jb = jit_kept_find(c, pb, 1);
    if (jb) {
        /* judged again on its next 16 entries (jit_run's test at 64),
         * these 48 neutral */
        jb->entries = 48;
        jb->mids = 0;
        jb->retired = 48 * JIT_PAYS;
        return jb;
    }
    struct jit_block *newest = c->m->jit_kept[pb - c->m->pcache];
    uint32_t drops = newest ? newest->drops : 0;   /* (a buffer reset may overwrite it) */
    jb = jit_translate(c, pb);
    if (jb)
        jb->drops = drops;
    return jb;
}

/* With PSR.ic turned on in the run (cpu.ic_from), whether a block that
 * returned X completed an instruction after that one (note_last) */
static __attribute__((noinline)) int ic_since(const struct cpu *c, uintptr_t x)
{
    return c->insns - ((x & JIT_STOP) && fault_failed(c)) > c->ic_from;
}

static __attribute__((noinline)) int jit_run(struct cpu *c, struct pbundle **pbp, struct pbundle *const *link,
                                             uint64_t limit, const void *const *const forms[3],
                                             const void *const *const traced[3])
{
    struct pbundle *const pcache = c->m->pcache, *pb = *pbp;
    const uint64_t fast_limit = limit > 3 ? limit - 3 : 0;     /* as the run loop's */
    if (c->ic_run && link && (__builtin_expect(!c->ic_from, 1) || c->insns > c->ic_from))
        c->iipa_last = pcache[(size_t)((const char *)link - (const char *)pcache) / sizeof *pcache].addr & ~15ull;
    /* the exit that came here, while nothing was translated since: it may
     * chain to the kept block run below */
    struct jit_chain *from = NULL;
    for (;;) {
        struct jit_block *jb = pb->jit;
        *pbp = pb;
        /* (a block made where its frame wraps round the ring holds for
         * that ring position only, jit.h: it is made again when its frame
         * fits, not for another position that wraps) */
        if (!jb || jb->cfm != c->cfm || jb->key != jit_key(c->psr) ||
            (jb->bof_min && c->rse.bof + CFM_SOF(c->cfm) <= NPHYS_STACKED)) {
            /* a block kept for this frame, key and ring position is
             * taken back at once (jit_retry); a new one is made only
             * after JIT_HOT such entries */
            if (jb && --pb->jit_tick && !jit_kept_find(c, pb, 0))
                return JIT_RUN_ENTER;
            struct jit_block *other = jb;
            uint64_t blocks, bytes, resets0, resets;
            jit_stats(c->m->jit, &blocks, &bytes, &resets0);
            pb->jit = jb = jit_retry(c, pb);
            jit_stats(c->m->jit, &blocks, &bytes, &resets);
            /* the block of the other frame or key is kept for a later
             * retry, unless the translation reset the code buffer */
            if (other && other != jb && resets == resets0)
                jit_kept_add(c, pb, other);
            from = NULL;
            /* none: another try after 65536 entries */
            pb->jit_tick = jb ? c->m->jit_hot : 0;
            if (!jb)
                return JIT_RUN_ENTER;
        }
        if (c->rse.bof - jb->bof_min > jb->bof_span) {
            /* the frame wraps round the ring here (rse_clear_invalid's
             * recursion): the block kept for this ring position (made
             * after JIT_HOT such entries) runs, the entry keeping its own */
            struct jit_block *w = c->m->jit_kept[pb - pcache];
            if (!w || !jit_fits(c, w))
                w = jit_kept_find(c, pb, 0);  /* (the first fits: it would return it) */
            if (!w) {
                if (--pb->jit_tick)
                    return JIT_RUN_ENTER;
                pb->jit_tick = c->m->jit_hot;
                w = jit_translate(c, pb);     /* (may reset the code buffer) */
                if (!w)
                    return JIT_RUN_ENTER;
                jit_kept_add(c, pb, w);
                from = NULL;
            }
            /* the exit that came here (after br.ret) enters it directly
             * while PB's block is still JB (jit.h, jit_chain.alt) */
            if (from) {
                from->alt = w;
                from->via = jb;
            }
            jb = w;
        }
        if (c->insns + jb->len > limit)
            return JIT_RUN_ENTER;
        c->jit_last = 0;
        c->jit_limit = limit;
        uint64_t n0 = c->insns;
        uintptr_t x = jb->fn(c);
        /* a block entered from here for fewer than JIT_PAYS instructions
         * a time, on average, costs more than it saves: it goes (for
         * a while, jit_drop); entries that end in an interruption
         * (JIT_STOP: a fault, a syscall) count too */
        jb->retired += c->insns - n0;
        if (++jb->entries % 64 == 0 && jb->retired < JIT_PAYS * jb->entries)
            jit_drop(c, jb);
        if (c->ic_run && c->jit_last && (__builtin_expect(!c->ic_from, 1) || ic_since(c, x)))
            c->iipa_last = c->jit_last;
        if (x & JIT_STOP) {
            /* a handler ended the run: an interruption or rfi, perhaps
             * taken here (cpu_run_on), the run loop looking cpu.ip up */
            if ((c->stop == STOP_FAULT || c->rfi_done) && cpu_run_on(c, limit))
                return JIT_RUN_LOOKUP;
            return JIT_RUN_STOP;
        }
        uint64_t key = c->ip | fetch_tag(c);
        if (x & JIT_MID) {
            /* the rest of the bundle slot by slot; a block that does this
             * on more than a quarter of its entries goes (for a while) */
            jb = (struct jit_block *)(x & ~(uintptr_t)JIT_MID);
            if (++jb->mids > 16 && jb->mids * 4 > jb->entries)
                jit_drop(c, jb);
            pb = lookup(c, pcache, key, forms, traced, NULL, 0);
            if (!pb) {
                note_last(c, NULL, 0, NULL, pcache);
                return JIT_RUN_STOP;
            }
            *pbp = pb;
            return JIT_RUN_SLOTS;
        }
        /* on at the exit's last successor when it is still there, while
         * the run loop's fast path would go on */
        if (c->insns > fast_limit || c->slot)
            return JIT_RUN_LOOKUP;     /* (a handler's branch may set a slot) */
        struct jit_chain *ch = (struct jit_chain *)x;
        pb = ch->pb;
        if (!pb || pb->addr != key) {
            pb = lookup(c, pcache, key, forms, traced, NULL, 0);
            if (!pb) {
                note_last(c, NULL, 0, NULL, pcache);
                return JIT_RUN_STOP;
            }
            ch->pb = pb;
            ch->blk = NULL;
        }
        from = NULL;
        /* a handler set a NaT bit: the bundle slot by slot, then the
         * run loop's NaT mode */
        if (c->nat_live) {
            *pbp = pb;
            return JIT_RUN_SLOTS;
        }
        /* a block of the frame and key now: the exit enters it directly
         * (the key changes only at an exit after a handler, jit_leave,
         * whose code checks both again) */
        if (pb->jit && pb->jit->cfm == c->cfm && pb->jit->key == jit_key(c->psr) &&
            (ch->ringed || !pb->jit->bof_min))
            ch->blk = pb->jit;
        from = ch;
        if (!pb->jit && --pb->jit_tick) {
            *pbp = pb;
            return JIT_RUN_ENTER;
        }
    }
}

/* The run loop.  Time (c->insns) advances by the slots a bundle retires,
 * counted when the bundle is left; an instruction group's own reads of
 * ar.itc see the count at the bundle's start.  Whole bundles run on the
 * fast path while at least three instructions remain before the limit.
 * From one bundle to the next the loop follows the links of the entry
 * (pbundle.next, .taken), checked by address only; a miss looks the
 * successor up and links it.  Runs up to LIMIT (STOP_MAX_INSNS there);
 * cpu_run (interrupt.c) sets LIMIT from --max-insns and the next event,
 * and delivers interruptions when this returns. */
#define RUN_LOOP_FN run_loop
#define RUN_LOOP_TRACED 0
#define TRACED_SLOT(K)
#include "run_loop.inc"
#undef RUN_LOOP_FN
#undef RUN_LOOP_TRACED
#undef TRACED_SLOT

#define RUN_LOOP_FN run_loop_traced
#define RUN_LOOP_TRACED 1
#define TRACED_SLOT(K) TRACED_LABELS(K)
#include "run_loop.inc"

void cpu_run_until(struct cpu *c, uint64_t limit)
{
    const struct trace *t = c->m->trace;
    if (t && t->level >= TRACE_INSNS)
        run_loop_traced(c, limit);
    else
        run_loop(c, limit);
}
