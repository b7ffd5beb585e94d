/* The translator (jit.c): straight runs of hot bundles to x86-64 code.
 *
 * A block starts at a bundle the run loop entered often by a branch or a
 * lookup (pbundle.jit_tick), and takes the bundles after it in the same
 * 4 KiB page.  The run loop's hot forms (exec.c) become code: the
 * integer forms, compares, ld8/st8 through the soft TLB, br.cond,
 * br.cloop, and alloc, br.call and br.ret as the run loop's fast paths
 * make them, inline; every other slot calls its handler (jit.c,
 * emit_handler).  It may follow one br.call into a callee in the same
 * page and its br.ret back.  Its code loops back to itself when a branch
 * targets its first bundle.  It is entered in the register frame it was
 * made under (CFM, PSR.bn) and with PSR.be as then: register numbers and
 * predicates become fixed offsets into the cpu, those of stacked
 * registers from r32's physical register, wherever the frame is, as long
 * as it does not wrap round the ring (a block made where it wraps holds
 * for that position only: bof_min).  It runs only in the NaT-free mode
 * (no GR holds a NaT bit).
 *
 * Every exit leaves the cpu as the run loop would at that point: a
 * bundle boundary (the exit's jit_chain), or a slot in mid-bundle for
 * run_slots (JIT_MID: no translated form leaves so now), or
 * the end of the run (JIT_STOP: a handler's interruption).  Blocks live
 * as long as their first bundle's cache entry; a write to a page of code
 * drops that entry (memory.c), so a block never outlives its bytes.
 * docs/jit.md says more. */
#ifndef IA64EMU_JIT_H
#define IA64EMU_JIT_H

#include <stdint.h>

#if defined(__x86_64__) && !defined(IA64EMU_NO_JIT)
#define JIT_AVAILABLE 1
#else
#define JIT_AVAILABLE 0
#endif

#define JIT_MID  1   /* | the block: stopped before slot cpu.slot of the bundle at cpu.ip */
#define JIT_STOP 2   /* | the block: a handler it called ended the run (cpu.stop) */

/* Entries by branch or lookup before a bundle is translated */
#define JIT_HOT 32
/* Instructions a block (and the blocks it chains to) must retire per entry
 * from the run loop, on average, to stay */
#define JIT_PAYS 24

struct cpu;
struct pbundle;
struct jit_chain;

struct jit_block {
    /* runs it and the blocks chained to it; returns the block that left
     * in mid-bundle | JIT_MID, or the jit_chain of the exit taken (at a
     * bundle boundary: cpu.ip, slot 0) */
    uintptr_t (*fn)(struct cpu *c);
    uint64_t cfm;            /* the frame it was made under */
    uint64_t key;            /* jit_key() then */
    uint32_t len;            /* slots of one whole pass: the room it needs */
    uint32_t bof_min;        /* r32's ring position, bof, must be in bof_min .. */
    uint32_t bof_span;       /* bof_min + bof_span: the frame fits where it is
                              * (bof_min 0), or, made in a frame that wraps round
                              * the ring, bof is the one it was made at (span 0) */
    struct pbundle *head;    /* the cache entry it was made for */
    uint32_t entries, mids;  /* entries from the run loop, exits in mid-bundle:
                              * a block that leaves in mid-bundle too often goes */
    uint64_t retired;        /* instructions retired in those entries */
    uint32_t drops;          /* times it was dropped (exec.c, jit_drop) */
    struct jit_block *kept;  /* the next block kept for the same cache entry
                              * (machine.jit_kept, exec.c) */
    void *body;              /* the code of the first bundle, after the prologue:
                              * where chained blocks enter */
    struct jit_chain *chain; /* per exit */
};

/* Where an exit last went on to: the cache entry PB (checked by address,
 * as pbundle.next) and, when it was a block of the same CFM and key, that
 * block, which the exit then enters directly while it is still PB's.
 * After br.ret also ALT, a block kept for PB (exec.c, jit_kept: the ring
 * position where the frame wraps), entered where BLK does not hold while
 * PB's block is still VIA, the one it had then (PB was not filled again
 * since). */
struct jit_chain {
    struct pbundle *pb;
    struct jit_block *blk;
    struct jit_block *alt, *via;
    uint64_t ringed;         /* the exit checks r32's ring position; else BLK
                              * is never one made where its frame wraps */
};

struct jit;                  /* the code buffer of a machine */

/* What else a block depends on: PSR.bn (bit 44) and PSR.be (bit 1), in
 * their places (a block's exit checks it with one mask) */
#define JIT_KEY_MASK (1ull << 44 | 1ull << 1)
static inline uint64_t jit_key(uint64_t psr)
{
    return psr & JIT_KEY_MASK;
}

/* A block for the bundle at PB under the current state, or NULL (its
 * first bundle has a form the translator lacks, or no code memory). */
struct jit_block *jit_translate(struct cpu *c, struct pbundle *pb);
void jit_free(struct jit *j);
/* Translations made, code bytes, buffer resets: for --stats */
void jit_stats(const struct jit *j, uint64_t *blocks, uint64_t *bytes, uint64_t *resets);

#endif
