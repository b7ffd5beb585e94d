/* One emulated machine: the CPU, its memory and the predecode cache.
 * Nothing lives in globals, so several machines can run in one process. */
#ifndef IA64EMU_MACHINE_H
#define IA64EMU_MACHINE_H

#include "cpu.h"
#include "memory.h"
#include "device.h"

struct machine {
    struct cpu cpu;
    struct memory mem;
    struct pbundle *pcache;            /* PCACHE_SIZE entries */
    uint64_t pcache_nat;               /* the NaT mode of their forms (exec.c) */
    unsigned pcache_regions;           /* bit r: entries of region r may be cached */
    int system_mode;                   /* 0: user mode (Linux ABI, Ski's conventions) */

    /* break with a non-zero immediate that the guest cannot handle
     * itself: system calls and SSC calls, serviced in src/.  Returns an
     * OP_* code. */
    int (*on_break)(struct machine *m, uint64_t imm);
    void *host;                        /* for on_break */
    /* Device events of the host side (src/ssc.c: Ski's console and
     * periodic interrupts): cpu_run calls it once cpu.insns reaches
     * cpu.dev_at, between runs of the inner loop, never per instruction.
     * It may set bits in cpu.irr and sets the next cpu.dev_at.  Returns
     * nonzero when the run ends (cpu.stop and cpu.message set). */
    int (*on_dev_event)(struct machine *m);
    struct device_map devices;         /* memory-mapped devices (device.h) */
    /* A hypervisor attached (hv/, `run --mode=xen`): interrupt.c's take()
     * hands it every interruption raised, before delivery; nothing on the
     * per-instruction path.  Returns 1 when it handled the interruption
     * (state changed, the run goes on), 0 when the run ends (cpu.stop
     * says why).  NULL in native mode. */
    int (*on_interruption)(struct machine *m);
    void *hv;                          /* for on_interruption (struct hv) */
    /* ... and the Alternate Data TLB misses it satisfies at once, called
     * where a reference that faults on them misses (tlb.c, check), VA with
     * the fault's ISR: the entry now in the TC (the reference goes on with
     * it), else NULL and the miss faults.  NULL in native mode. */
    struct tlb_entry *(*on_tlb_miss)(struct machine *m, uint64_t va, uint64_t isr);
    /* ... its common case straight, from the loads' and stores' slow
     * paths (tlb_inline.h, tlb_data_miss_hooked): a data reference ACC at
     * PL to VA that no entry translates, the walker off.  0 with *REF
     * when it inserted (tlb_tc_insert_straight, with VA's real region id
     * and page size: H is their bucket) and the reference passes, as
     * check() would after on_tlb_miss; 1 so too, the soft-TLB fill then
     * made as the general path's (logged: memory.c, fill_logged), for a
     * reference whose fills a region flush will soon clear; -1 with
     * nothing changed.  NULL in native mode and outside system mode. */
    int (*on_data_miss)(struct machine *m, uint64_t va, unsigned acc, unsigned pl, struct tlb_ref *ref,
                        unsigned h);
    /* ... and the hyperprivops it services where their break runs, and
     * the other breaks it reflects there (src/guest.c, on_break: break
     * IMM): the handler's OP_* code, the break's Break Instruction fault
     * (cpu_raise) when it must fault as before.  NULL in native mode. */
    int (*on_hyperprivop)(struct machine *m, uint64_t imm);
    /* Trap-and-emulate mode (hv/trap.c, `run --mode=trap`): called by
     * pcache_fill for every bundle predecoded, to bind the virtualization
     * holes to a counting wrapper.  NULL otherwise: nothing per
     * instruction, one test per predecode. */
    void (*on_fill)(struct cpu *c, struct pbundle *pb);
    /* The trace recorder of `run --trace` (trace.h), or NULL: every
     * emitter tests this, where its event happens, never per instruction */
    struct trace *trace;
    /* The translator's code buffer (jit.c), made on first use; jit_off:
     * interpret only (`run --no-jit`, or no executable memory) */
    struct jit *jit;
    int jit_off;
    uint16_t jit_hot;                  /* entries before translation: JIT_HOT (jit.h);
                                        * the exec fuzz target makes it 1 */
    /* [i]: the blocks of pcache[i] kept while not its block (exec.c,
     * jit_kept_*): dropped ones, those of another frame or key, those of
     * a wrapped ring position; a list through jit_block.kept, newest
     * first, at most JIT_KEPT; forgotten when the entry is filled again or
     * the code buffer is reset */
    struct jit_block *jit_kept[PCACHE_SIZE];
};

struct machine *machine_new(uint64_t mem_cap);
void machine_free(struct machine *m);

void mem_unmap(struct machine *m, uint64_t start, uint64_t end);

/* The soft TLBs of the PSR: PSR.cpl's, and for data the MEM_PHYS sets
 * when PSR.dt = 0 in system mode (memory.h) */
static inline void mem_tlb_sync(struct cpu *c)
{
    struct memory *mm = &c->m->mem;
    unsigned cpl = psr_cpl(c->psr), phys = c->m->system_mode && !(c->psr & PSR_DT);
    if (mm->pl != cpl || mm->phys != phys) {
        if (mm->phys != phys)
            mem_tlb_set_phys(mm, phys);
        mem_tlb_select(mm, cpl);
    }
}

/* Load/store on behalf of handlers, with alignment and byte order. */
static inline int mem_load(struct cpu *c, uint64_t addr, unsigned size, uint64_t *val)
{
    struct memory *mm = &c->m->mem;
    struct mem_tlb *t = &mm->rtlb[mem_tlb_index(addr)];
    /* one compare checks the page and the alignment (TinyEMU) */
    if (__builtin_expect(t->tag == (addr & (GUEST_PAGE_MASK | (size - 1))), 1)) {
        uint64_t v = 0;
        memcpy(&v, t->host + (addr & ~GUEST_PAGE_MASK), size);
        *val = (c->psr & PSR_BE) ? mem_swap(v, size) : v;
        return 0;
    }
    return mem_load_slow(c, addr, size, val);
}

static inline int mem_store(struct cpu *c, uint64_t addr, unsigned size, uint64_t val)
{
    struct memory *mm = &c->m->mem;
    struct mem_tlb *t = &mm->wtlb[mem_tlb_index(addr)];
    if (__builtin_expect(t->tag == (addr & (GUEST_PAGE_MASK | (size - 1))), 1)) {
        if (c->psr & PSR_BE)
            val = mem_swap(val, size);
        memcpy(t->host + (addr & ~GUEST_PAGE_MASK), &val, size);
        return 0;
    }
    return mem_store_slow(c, addr, size, val);
}

/* The RSE's references (SDM vol. 2, 6.x): translated when PSR.rt is 1,
 * checked at privilege level RSC.pl.  When those equal PSR.dt and CPL the
 * data path's soft TLB holds the same translations and is used; else the
 * slow path (memory.c, mem_rse_load/store). */
static inline int mem_rse_differs(const struct cpu *c)
{
    uint64_t psr = c->psr;
    uint64_t rt_dt = (psr ^ psr >> 10) & PSR_DT;                /* PSR.rt (bit 27) != PSR.dt */
    uint64_t pl = (psr >> 30 ^ c->ar[AR_RSC]) & 0xc;            /* PSR.cpl (bits 33:32) != RSC.pl */
    return (rt_dt | pl) != 0 && c->m->system_mode;
}

/* The host page of the RSE's 8-byte reference at ADDR when mem_rse_load
 * (WRITE 0) or mem_rse_store (1) would take the soft TLB's fast path --
 * which neither faults nor has side effects -- else NULL.  Every aligned
 * address of that page then hits the same entry, so rse.c spills and
 * fills a run of registers with one look-up per page. */
static inline uint8_t *mem_rse_page(struct cpu *c, uint64_t addr, int write)
{
    if (mem_rse_differs(c))
        return NULL;
    struct memory *mm = &c->m->mem;
    const struct mem_tlb *t = &(write ? mm->wtlb : mm->rtlb)[mem_tlb_index(addr)];
    return t->tag == (addr & (GUEST_PAGE_MASK | 7)) ? t->host : NULL;
}

#endif
