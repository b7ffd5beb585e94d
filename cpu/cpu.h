/* The architectural state of an IA-64 processor, one plain struct, and the
 * interfaces of the execution core.  SDM rev. 2.3, vol. 1 ch. 3 (application
 * state), vol. 2 ch. 3 (system state) and ch. 6 (RSE).
 */
#ifndef IA64EMU_CPU_H
#define IA64EMU_CPU_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "insn.h"

/* Physical stacked general registers.  The SDM requires at least 96; we
 * implement exactly 96, as Itanium 2 does, so mandatory RSE spills and
 * fills happen where they would on hardware. */
#define NPHYS_STACKED 96

/* Indices into cpu.grf: r0-r31 (bank 1 for r16-r31 when PSR.bn = 1), the
 * bank-0 copies of r16-r31, and the stacked ring. */
#define GRF_STATIC   0
#define GRF_BANK0    32                      /* 16 entries: r16-r31, bank 0 */
#define GRF_STACKED  48                      /* NPHYS_STACKED entries */
#define GRF_SIZE     (GRF_STACKED + NPHYS_STACKED)

struct greg {
    uint64_t val;
    uint64_t nat;            /* 0 or 1 */
};

/* A floating-point register in the 82-bit register format: sign, 17-bit
 * exponent, 64-bit significand with an explicit integer bit (SDM vol. 1,
 * 5.1).  NaTVal is sign 0, exp 0x1fffe, significand 0. */
struct freg {
    uint64_t sig;
    uint32_t exp;
    uint32_t sign;
};
#define FR_EXP_NATVAL 0x1fffe
#define FR_EXP_BIAS   0xffff

/* Application register numbers (SDM vol. 1, 3.1.8). */
enum {
    AR_KR0 = 0, AR_RSC = 16, AR_BSP = 17, AR_BSPSTORE = 18, AR_RNAT = 19,
    AR_FCR = 21, AR_EFLAG = 24, AR_CSD = 25, AR_SSD = 26, AR_CFLG = 27,
    AR_FSR = 28, AR_FIR = 29, AR_FDR = 30, AR_CCV = 32, AR_UNAT = 36,
    AR_FPSR = 40, AR_ITC = 44, AR_RUC = 45, AR_PFS = 64, AR_LC = 65, AR_EC = 66,
};

/* CFM fields (SDM vol. 1, 3.1.7). */
#define CFM_SOF(c)    ((unsigned)((c) & 0x7f))
#define CFM_SOL(c)    ((unsigned)(((c) >> 7) & 0x7f))
#define CFM_SOR(c)    ((unsigned)(((c) >> 14) & 0xf) * 8)
#define CFM_RRB_GR(c) ((unsigned)(((c) >> 18) & 0x7f))
#define CFM_RRB_FR(c) ((unsigned)(((c) >> 25) & 0x7f))
#define CFM_RRB_PR(c) ((unsigned)(((c) >> 32) & 0x3f))

/* PSR bits (SDM vol. 2, 3.3.2, figure 3-2). */
#define PSR_BE  (1ull << 1)
#define PSR_UP  (1ull << 2)
#define PSR_AC  (1ull << 3)
#define PSR_MFL (1ull << 4)
#define PSR_MFH (1ull << 5)
#define PSR_IC  (1ull << 13)
#define PSR_I   (1ull << 14)
#define PSR_PK  (1ull << 15)
#define PSR_DT  (1ull << 17)
#define PSR_DFL (1ull << 18)
#define PSR_DFH (1ull << 19)
#define PSR_SP  (1ull << 20)
#define PSR_PP  (1ull << 21)
#define PSR_DI  (1ull << 22)
#define PSR_SI  (1ull << 23)
#define PSR_DB  (1ull << 24)
#define PSR_LP  (1ull << 25)
#define PSR_TB  (1ull << 26)
#define PSR_RT  (1ull << 27)
#define PSR_CPL_SHIFT 32
#define PSR_CPL_MASK (3ull << PSR_CPL_SHIFT)
#define PSR_IS  (1ull << 34)
#define PSR_MC  (1ull << 35)
#define PSR_IT  (1ull << 36)
#define PSR_ID  (1ull << 37)
#define PSR_DA  (1ull << 38)
#define PSR_DD  (1ull << 39)
#define PSR_SS  (1ull << 40)
#define PSR_RI_SHIFT 41
#define PSR_RI_MASK (3ull << PSR_RI_SHIFT)
#define PSR_ED  (1ull << 43)
#define PSR_BN  (1ull << 44)
#define PSR_IA  (1ull << 45)
#define PSR_VM  (1ull << 46)
/* The bits that exist (the rest are reserved): 1-5, 13-15, 17-46. */
#define PSR_DEFINED 0x7fffffffe03eull
/* Cleared once the first instruction after rfi completes (SDM vol. 2, 3.3.2). */
#define PSR_ONE_SHOT (PSR_ID | PSR_DA | PSR_DD | PSR_IA | PSR_ED)
#define PSR_CPL(c) ((unsigned)((c)->psr >> PSR_CPL_SHIFT) & 3)
/* The bits translation depends on: a change flushes the soft TLBs
 * (psr_translation_changed, ops.h) */
#define PSR_XLATE (PSR_DT | PSR_IT | PSR_RT | PSR_CPL_MASK | PSR_PK | PSR_DA | PSR_IA | PSR_DB)

/* Control registers (SDM vol. 2, 3.3.1, table 3-3). */
enum {
    CR_DCR = 0, CR_ITM = 1, CR_IVA = 2, CR_PTA = 8, CR_IPSR = 16, CR_ISR = 17, CR_IIP = 19,
    CR_IFA = 20, CR_ITIR = 21, CR_IIPA = 22, CR_IFS = 23, CR_IIM = 24, CR_IHA = 25,
    CR_LID = 64, CR_IVR = 65, CR_TPR = 66, CR_EOI = 67, CR_IRR0 = 68, CR_ITV = 72,
    CR_PMV = 73, CR_CMCV = 74, CR_LRR0 = 80, CR_LRR1 = 81,
};
/* TPR (SDM vol. 2, 5.8.3.3): mic 7:4 and mmi 16; bits 3:0 are ignored
 * (Linux writes a vector there), the others reserved. */
#define TPR_FIELDS   0x100f0ull
#define TPR_WRITABLE 0x100ffull

/* ISR fields (SDM vol. 2, 3.3.5.2). */
#define ISR_X   (1ull << 32)
#define ISR_W   (1ull << 33)
#define ISR_R   (1ull << 34)
#define ISR_NA  (1ull << 35)
#define ISR_SP  (1ull << 36)
#define ISR_RS  (1ull << 37)
#define ISR_IR  (1ull << 38)
#define ISR_NI  (1ull << 39)
#define ISR_SO  (1ull << 40)
#define ISR_EI_SHIFT 41
#define ISR_ED  (1ull << 43)
/* ISR.code of General Exception faults (SDM vol. 2, 5.8, "General Exception vector") */
#define GE_ILLEGAL_OPERATION      0x00
#define GE_PRIVILEGED_OPERATION   0x10
#define GE_PRIVILEGED_REGISTER    0x20
#define GE_RESERVED_REGISTER      0x30
#define GE_UNIMPLEMENTED_DATA_ADDRESS 0x30  /* shares code 3 with Reserved Register/Field */
#define GE_DISABLED_ISA           0x40
#define GE_ILLEGAL_DEPENDENCY     0x80
/* ISR.code of traps */
#define TRAP_CODE_LP 0x2
#define TRAP_CODE_TB 0x4
#define TRAP_CODE_SS 0x8
#define TRAP_CODE_UI 0x10

/* IVT vectors (SDM vol. 2, 5.7; ../shared/reference/ivt-and-ski.md) */
enum ivec {
    IVEC_VHPT_TRANSLATION, IVEC_INSTRUCTION_TLB, IVEC_DATA_TLB,
    IVEC_ALT_INSTRUCTION_TLB, IVEC_ALT_DATA_TLB, IVEC_DATA_NESTED_TLB,
    IVEC_INSTRUCTION_KEY_MISS, IVEC_DATA_KEY_MISS, IVEC_DIRTY_BIT,
    IVEC_INSTRUCTION_ACCESS_BIT, IVEC_DATA_ACCESS_BIT, IVEC_BREAK,
    IVEC_EXTERNAL_INTERRUPT, IVEC_PAGE_NOT_PRESENT = 20, IVEC_KEY_PERMISSION,
    IVEC_INSTRUCTION_ACCESS_RIGHTS, IVEC_DATA_ACCESS_RIGHTS, IVEC_GENERAL_EXCEPTION,
    IVEC_DISABLED_FP_REGISTER, IVEC_NAT_CONSUMPTION, IVEC_SPECULATION,
    IVEC_DEBUG = 29, IVEC_UNALIGNED_REFERENCE, IVEC_UNSUPPORTED_DATA_REFERENCE,
    IVEC_FP_FAULT, IVEC_FP_TRAP, IVEC_LOWER_PRIVILEGE_TRANSFER, IVEC_TAKEN_BRANCH,
    IVEC_SINGLE_STEP, IVEC_IA32_EXCEPTION = 45, IVEC_IA32_INTERCEPT, IVEC_IA32_INTERRUPT,
    IVEC_COUNT = 68
};
uint64_t ivec_offset(enum ivec v);   /* 0x400*v for v < 20, 0x5000 + 0x100*(v-20) */
const char *ivec_name(enum ivec v);

/* What a fault/trap/interrupt hands to the one delivery path. */
struct interruption {
    enum ivec vector;
    uint64_t isr;            /* ISR as the SDM defines it for this cause (code, x/w/r,
                              * na, sp, rs, ir, ni ...); ei is filled in by delivery */
    uint64_t ifa, itir, iha, iim;
    unsigned valid;          /* INTR_IFA | INTR_ITIR | INTR_IHA | INTR_IIM,
                              * and INTR_FETCH / INTR_TRAP (what retired) */
};
#define INTR_IFA   1u
#define INTR_ITIR  2u
#define INTR_IHA   4u
#define INTR_IIM   8u
#define INTR_FETCH 32u   /* raised fetching the bundle at cpu.ip: no slot was counted */
#define INTR_TRAP  64u   /* a trap: the instruction completed, ip/slot are the next one
                          * (cpu.trap_slot is the trapping one's slot) */

#include "tlb.h"        /* struct tlb, in struct cpu (address translation) */

/* Why the run loop stopped, or which interruption is pending. */
enum stop_reason {
    STOP_NONE = 0,
    STOP_EXIT,            /* the guest exited: exit_status */
    STOP_MAX_INSNS,       /* --max-insns reached */
    STOP_FAULT,           /* a guest fault with no IVT to deliver it to */
    STOP_UNIMPLEMENTED,   /* an instruction or call ia64emu lacks */
    STOP_HOST_ERROR,      /* memory cap exceeded and the like */
    STOP_EVENT,           /* an instruction changed what is pending (PSR, timer,
                           * TPR ...); ip/slot are the next instruction: cpu_run
                           * looks again and goes on (interrupt.c) */
    STOP_HALTED,          /* system mode: the guest's IVT cannot take an
                           * interruption (message says why) */
};

/* Interruptions (SDM vol. 2, 5.6).  In user mode and in system mode without
 * an IVT a fault ends the run; the vector names the fault. */
enum fault {
    FAULT_NONE = 0,
    FAULT_ILLEGAL_OPERATION,
    FAULT_BREAK,
    FAULT_PRIVILEGED_OPERATION,
    FAULT_PRIVILEGED_REGISTER,
    FAULT_RESERVED_REGISTER_FIELD,
    FAULT_DISABLED_FP_REGISTER,
    FAULT_NAT_CONSUMPTION,
    FAULT_UNALIGNED_DATA,
    FAULT_UNIMPLEMENTED_DATA_ADDRESS,
    FAULT_DATA_PAGE_NOT_PRESENT,      /* sparse memory: beyond --mem */
    FAULT_INSTRUCTION_PAGE_NOT_PRESENT,
    FAULT_SPECULATION,
    FAULT_FP,
    FAULT_TRANSLATION,                /* TLB, VHPT, key, access-rights vectors */
    FAULT_TRAP,                       /* debug, single-step, taken-branch ... */
    FAULT_COUNT
};

struct machine;
struct cpu;
struct pslot;

/* A predecoded slot: the handler and the operand values, in the table's
 * operand order, extracted once.  Handlers take the cpu and the slot. */
typedef int (*op_fn)(struct cpu *c, const struct pslot *s);

struct pslot {
    op_fn fn;
    int64_t o[5];              /* operand values (registers: numbers) */
    uint8_t qp;                /* the qp field as encoded (also for unpredicated forms) */
    uint8_t guard;             /* the predicate the run loop tests: qp, or p0 for
                                * handlers that run whatever the predicate */
    uint8_t maxgr;             /* highest GR number named, for the frame check */
    uint8_t hot;               /* enum hot (ops.h): the run loop's fast path, or 0: call fn */
    uint32_t aux;              /* handler-specific */
    const struct insn_desc *d; /* NULL: the slot did not decode */
    const void *go;            /* the run loop's code for this slot (exec.c) */
};

/* Return values of handlers. */
#define OP_NEXT   0   /* continue with the next slot */
#define OP_BRANCH 1   /* cpu->ip / cpu->slot were set: continue there */
#define OP_STOP   2   /* cpu->stop was set, or an interruption was raised */

/* A predecoded bundle.  A hit in the cache is validated against the raw
 * bytes; a chained successor (next, taken) only by its address, since
 * every write to a page with cached code invalidates its entries
 * (memory.c). */
struct pbundle {
    uint64_t addr;             /* bundle address | the CPL it was fetched at (exec.c) */
    uint64_t lo, hi;
    const uint8_t *host;       /* where the bytes were fetched: validated on every hit */
    struct pbundle *next;      /* the entry last run after this one, at addr + 16 */
    struct pbundle *taken;     /* the entry last run at the IP-relative branch target */
    uint8_t nslots;            /* 3, or 2 for MLX (the X slot is slot 1) */
    uint8_t maxgr;             /* the highest GR the slots up to an alloc name */
    uint8_t maxgr_tail;        /* ... and those after it (checked against alloc's frame) */
    uint8_t traced;            /* recorded (trace.c): TRACED_LEAN, TRACED_FAST or 0 */
    uint16_t jit_tick;         /* entries left before it is translated (jit.h) */
    struct jit_block *jit;     /* its translation, or NULL (jit.c) */
    struct pslot s[3];
};

/* pbundle.traced: run whole by the trace recorder in run_slots' place
 * (trace_run_slots), or on the run loop's fast path with traced forms
 * (exec.c) and by the recorder off it. */
#define TRACED_LEAN 1
#define TRACED_FAST 2
#define TRACED_HOOKS 3     /* run whole by the recorder, with hook marks */

#define PCACHE_SIZE 8192       /* predecoded bundles, direct mapped */
#define GUARD_NEVER 64         /* pslot.guard of a slot that never runs */

struct rse {
    unsigned bof;              /* ring index (0..NPHYS_STACKED-1) of r32 */
    unsigned ndirty;           /* registers below r32 not yet in memory; as an int,
                                * negative while the frame is incomplete (rse.c) */
    unsigned nclean;           /* registers below those, also in memory */
    struct greg *ring[2 * NPHYS_STACKED]; /* [i] = &grf[GRF_STACKED + i % 96], for
                                           * map runs without wrap (rse_remap sets) */
    struct greg *banks[2][16]; /* r16-r31 with PSR.bn 0 and 1 (rse_remap sets) */
};

struct cpu {
    /* Register files.  Logical register n of the current frame is
     * *grmap[n]; frame changes, rotation and bank switches rewrite
     * the maps (rse.c), so handlers never compute them. */
    struct greg grf[GRF_SIZE];
    struct greg *grmap[128];   /* points into grf: a cpu must not be copied */
    struct freg frf[128];
    uint8_t frmap[128];
    uint8_t prf[65];           /* physical predicates, 0 or 1; [64] is a constant 0 */
    uint8_t prmap[65];         /* [64] = 64: the guard of an empty slot */
    uint64_t br[8];
    uint64_t ar[128];
    uint64_t cfm;
    uint64_t psr;
    uint64_t cr[128];
    uint64_t ip;               /* bundle address */
    unsigned slot;             /* 0..2 */
    struct rse rse;

    /* ALAT (SDM vol. 1, 4.4.5.2): 32 entries, fully associative. */
    struct alat_entry {
        uint64_t addr;
        uint64_t frame;        /* ar.bsp of the frame, for stacked GRs (ops_mem.c) */
        uint8_t valid, fp, size, reg;
    } alat[32];
    unsigned alat_next;
    uint32_t alat_mask;        /* bit i: alat[i].valid (ops_mem.c keeps both) */

    /* 0 while no GR has ever had its NaT bit set; every write of a NaT
     * bit ORs it in (gr_set, setgr, RSE fills).  The run loop's fast
     * forms skip NaT bits while it is 0 (exec.c). */
    uint64_t nat_live;

    uint64_t insns;            /* instructions retired (time, in ticks) */
    uint64_t itc_delta;        /* AR.ITC = insns + itc_delta (cpu_itc) */
    uint64_t ruc_delta;        /* AR.RUC = insns + ruc_delta (cpu_ruc) */
    uint64_t max_insns;        /* 0: no limit */

    enum stop_reason stop;
    int exit_status;
    enum fault fault;          /* when stop == STOP_FAULT */
    uint64_t fault_addr;
    char message[256];         /* for STOP_UNIMPLEMENTED and the like */

    /* System state (interrupt.c, ops_sys.c).  The interruption raised but
     * not yet delivered (STOP_FAULT); cpu_run delivers it when the IVT is
     * usable (cpu_ivt_usable). */
    struct interruption intr;
    uint64_t iipa_last;        /* the bundle of the last instruction completed with
                                * PSR.ic = 1: IIPA's source (exec.c, note_last) */
    uint8_t ic_run;            /* PSR.ic has been 1 since the run loop began, or since
                                * the instruction ic_from counts */
    uint8_t run_first;         /* the slot run_slots began at, while its handlers run
                                * (cpu.insns counts from there), else 0 */
    uint64_t ic_from;          /* PSR.ic turned on in the run: the instructions counted
                                * up to and including that one (0: from the start) */
    uint8_t link_evicted;      /* the run loop's link entry was just replaced (exec.c) */
    unsigned trap_slot;
    uint8_t iva_written;       /* the guest wrote cr.iva: its IVT takes interruptions */
    uint8_t rfi_done;          /* the instruction that ended the inner loop was rfi */
    uint8_t take_ended;        /* take, called by the inner loop, ended the run */
    uint8_t run_step;          /* cpu_run runs one instruction at a time */
    unsigned stalls;           /* deliveries in a row with no instruction retired */
    uint64_t stall_insns;
    uint64_t timer_at;         /* insns at which ITC reaches ITM, or UINT64_MAX */
    uint64_t dev_at;           /* insns at which the host's devices look next
                                * (machine.on_dev_event), or UINT64_MAX */
    /* Entries into each IVT vector, counted by the one delivery function
     * (nothing per instruction), and the last one delivered: --stats,
     * --dump-state and the guest kernel panic line report them. */
    uint64_t vector_entries[IVEC_COUNT];
    uint64_t deliveries;
    struct { enum ivec vector; uint64_t iip, ifa; } last_delivery;
    uint64_t irr[4];           /* pending external interrupts (cr.irr0-3) */
    uint64_t insvc[4];         /* in service: IVR acknowledged, no EOI yet */
    uint64_t dbr[16], ibr[16], pmc[32], pmd[32];
    uint64_t dahr[8];          /* data access hints (Itanium 9500): storage only */

    /* Address translation (tlb.c, ops_tlb.c) */
    struct tlb tlb;

    struct machine *m;

    /* Breakpoints armed (cpu_debug_update): PSR.db = 1 and some dbr pair
     * enables r or w / some ibr pair enables x.  Data: the soft TLBs keep
     * no page a dbr covers, so those accesses take the slow path (memory.c);
     * instructions: cpu_run steps one instruction at a time (interrupt.c). */
    uint8_t dbg_data, dbg_inst;

    /* Translated blocks (jit.c): the run loop's limit while one runs, and
     * the bundle of the last instruction it completed (for IIPA; 0: none) */
    uint64_t jit_limit, jit_last;
    /* the inner run loop's limit (cpu_run_until's), for cpu_goes_on */
    uint64_t run_limit;
};

/* For a handler that ends an instruction with a branch where the run
 * loop used to end (cpu_run_on then going on in it): 1 when, at count N,
 * cpu_run would have nothing to do before a new run and that run would
 * begin as this one goes on: neither the timer nor a device due and the
 * same limit (cpu_run_until's), no step (PSR.ss, tb, the one-shot bits,
 * an armed ibr), no external interrupt pending, PSR.ic on since the run
 * began (IIPA: exec.c, note_last), no NaT bit (the run loop's NaT-free
 * mode).  The handler's state change must keep PSR.ic on and select the
 * soft TLBs of the new CPL (psr_translation_changed), as a new run's
 * start would (cpu_run_on). */
/* cpu_run's next turn's limit: the nearer of the timer, a device event
 * and --max-insns */
static inline uint64_t cpu_next_turn(const struct cpu *c)
{
    uint64_t next = c->max_insns ? c->max_insns : UINT64_MAX;
    if (c->timer_at < next)
        next = c->timer_at;
    if (c->dev_at < next)
        next = c->dev_at;
    return next;
}

/* The count of instructions retired before the one a handler runs for
 * (cpu.insns counts from run_first, the slot the run began at in the
 * bundle) */
static inline uint64_t cpu_insns_before(const struct cpu *c)
{
    return c->insns - c->run_first + c->slot;
}

static inline int cpu_goes_on(const struct cpu *c, uint64_t n)
{
    uint64_t next = cpu_next_turn(c);
    return n < next && next == c->run_limit && !c->run_step && !c->dbg_inst &&
           !(c->psr & (PSR_SS | PSR_TB | PSR_ONE_SHOT)) && !(c->irr[0] | c->irr[1] | c->irr[2] | c->irr[3]) &&
           c->ic_run && !c->ic_from && !c->nat_live;
}

/* ------------------------------------------------------------ registers */
static inline struct greg *gr(struct cpu *c, unsigned n) { return c->grmap[n]; }
static inline uint64_t gr_val(struct cpu *c, unsigned n) { return c->grmap[n]->val; }
static inline int gr_nat(struct cpu *c, unsigned n) { return (int)c->grmap[n]->nat; }
static inline void gr_set(struct cpu *c, unsigned n, uint64_t v, int nat)
{
    struct greg *g = c->grmap[n];
    g->val = v;
    g->nat = (uint64_t)nat;
    c->nat_live |= (uint64_t)nat;
}
static inline int pr_get(struct cpu *c, unsigned n) { return c->prf[c->prmap[n]]; }
static inline void pr_set(struct cpu *c, unsigned n, int v)
{
    if (n)
        c->prf[c->prmap[n]] = (uint8_t)(v != 0);
}
static inline struct freg *fr(struct cpu *c, unsigned n) { return &c->frf[c->frmap[n]]; }
/* The physical predicates prf[0..63] as the bits of a word, and back
 * (bytes 0 or 1 <-> bits, eight at a time: a multiply gathers the low
 * bits of eight bytes; seven bits spread to seven bytes without carries,
 * the eighth is shifted in). */
static inline uint64_t prf_bits(const struct cpu *c)
{
    uint64_t v = 0;
    for (unsigned w = 0; w < 8; w++) {
        uint64_t b;
        memcpy(&b, c->prf + 8 * w, 8);
        v |= ((b * 0x0102040810204080ull) >> 56) << (8 * w);
    }
    return v;
}
/* 8 bits -> 8 bytes 0/1: bits_bytes[x] has byte i = bit i of x */
#define BITS_BYTES1(x) (x), (x) + 1ull
#define BITS_BYTES2(x) BITS_BYTES1(x), BITS_BYTES1((x) + (1ull << 8))
#define BITS_BYTES3(x) BITS_BYTES2(x), BITS_BYTES2((x) + (1ull << 16))
#define BITS_BYTES4(x) BITS_BYTES3(x), BITS_BYTES3((x) + (1ull << 24))
#define BITS_BYTES5(x) BITS_BYTES4(x), BITS_BYTES4((x) + (1ull << 32))
#define BITS_BYTES6(x) BITS_BYTES5(x), BITS_BYTES5((x) + (1ull << 40))
#define BITS_BYTES7(x) BITS_BYTES6(x), BITS_BYTES6((x) + (1ull << 48))
static const uint64_t bits_bytes[256] = { BITS_BYTES7(0), BITS_BYTES7(1ull << 56) };
static inline uint64_t bits_to_bytes(unsigned x)
{
    return bits_bytes[x & 0xff];
}
/* prf[i] = bit i of V where bit i of MASK is set */
static inline void prf_set_bits(struct cpu *c, uint64_t v, uint64_t mask)
{
    if ((mask | 1) == ~0ull) {         /* all of them (but perhaps p0): no blend */
        uint8_t p0 = c->prf[0];
        for (unsigned w = 0; w < 8; w++) {
            uint64_t b = bits_to_bytes((unsigned)(v >> (8 * w)) & 0xff);
            memcpy(c->prf + 8 * w, &b, 8);
        }
        if (!(mask & 1))
            c->prf[0] = p0;
        return;
    }
    for (unsigned w = 0; w < 8; w++) {
        unsigned m = (unsigned)(mask >> (8 * w)) & 0xff;
        if (!m)
            continue;
        uint64_t b = bits_to_bytes((unsigned)(v >> (8 * w)) & 0xff);
        if (m != 0xff) {
            uint64_t old, mb = bits_to_bytes(m) * 0xff;
            memcpy(&old, c->prf + 8 * w, 8);
            b = (old & ~mb) | (b & mb);
        }
        memcpy(c->prf + 8 * w, &b, 8);
    }
}

/* ------------------------------------------------------------ interfaces */
/* cpu.c */
void cpu_reset(struct cpu *c, struct machine *m);
int cpu_raise(struct cpu *c, enum fault f, uint64_t addr); /* returns OP_STOP */

/* interrupt.c: the one delivery path of faults, traps and interrupts.
 * Raise: records the interruption and ends the inner run loop; cpu_run
 * then delivers it (system mode with a usable IVT) or ends the run (user
 * mode / no IVT: STOP_FAULT, which src/ maps to signals).  Returns the
 * OP_* code the handler must return. */
int cpu_interrupt(struct cpu *c, const struct interruption *in);
/* A trap after the instruction at (TRAP_IP, TRAP_SLOT) completed; cpu.ip
 * and cpu.slot already name the next instruction.  Returns OP_STOP. */
int cpu_trap(struct cpu *c, enum ivec v, uint64_t code, unsigned trap_slot);
uint64_t interruption_begin(struct cpu *c, const struct interruption *in, int ic, enum ivec *vector);
int cpu_ivt_usable(const struct cpu *c);
/* PAL_HALT_LIGHT: time to the next event (interrupt.c). */
int cpu_halt_light(struct cpu *c);
/* The handler completed and changed something cpu_run must look at (PSR.i,
 * TPR, ITM ...): ip/slot go to the next instruction and the inner loop
 * ends (STOP_EVENT).  S is the handler's slot.  Returns OP_STOP. */
int cpu_event(struct cpu *c, const struct pslot *s);
int cpu_run_on(struct cpu *c, uint64_t limit);
/* take() could end the run for too many interruptions in a row without
 * an instruction retiring (its stall limit, interrupt.c) */
#define CPU_STALL_LIMIT 16
static inline int cpu_take_may_stall(const struct cpu *c)
{
    return c->stalls >= CPU_STALL_LIMIT;
}
void cpu_timer_update(struct cpu *c);        /* after ITM, ITV or AR.ITC changed */
int cpu_interrupt_deliverable(const struct cpu *c); /* an unmasked IRR bit and PSR.i */
int cpu_highest_pending(const struct cpu *c); /* unmasked by TPR and in-service, or -1 */
/* The same for any IRR, in-service set and TPR (the hypervisor's virtual ones) */
int irq_highest_pending(const uint64_t irr[4], const uint64_t insvc[4], uint64_t tpr);
int cpu_unimplemented(struct cpu *c, const char *what);    /* returns OP_STOP */
/* Debug registers (SDM vol. 2, 7.1): after PSR.db, a dbr or an ibr changed */
void cpu_debug_update(struct cpu *c);
/* A data reference of SIZE bytes at ADDR (ACC: ACC_R, ACC_W or both) that
 * an armed dbr matches at the current CPL: raises the Data Debug fault
 * and returns OP_STOP (PSR.dd suppresses it), else 0. */
int cpu_data_debug(struct cpu *c, uint64_t addr, unsigned size, unsigned acc);
/* Could a dbr match some byte of the 4 KiB page at PAGE? */
int cpu_dbr_covers_page(const struct cpu *c, uint64_t page);
const char *fault_name(enum fault f);
int fault_signal(enum fault f);                             /* Linux signal */

/* rse.c: the register stack engine (SDM vol. 2, ch. 6) */
void rse_remap(struct cpu *c);               /* rebuild grmap/frmap/prmap from CFM */
/* PSR.bn changed (bsw, rfi, interruptions): only r16-r31 move (inline:
 * every system call comes here twice) */
static inline void rse_switch_bank(struct cpu *c)
{
    memcpy(&c->grmap[16], c->rse.banks[(c->psr & PSR_BN) != 0], sizeof c->rse.banks[0]);
}
void rse_call(struct cpu *c);                /* br.call: new frame of sof - sol outputs */
int rse_return(struct cpu *c, uint64_t pfs); /* br.ret: restore the frame in PFS */
int rse_return_filled(struct cpu *c, uint64_t pfs); /* the same, PSR unchanged: fills made too */
int rse_alloc(struct cpu *c, unsigned r1, uint64_t new_cfm); /* rse_alloc_cfm (rse.h); then r1 = AR.PFS */
int rse_alloc_grow(struct cpu *c, unsigned r1, uint64_t new_cfm); /* the same, the frame growing by 1-16, no rotation */
int rse_cover(struct cpu *c);
int rse_flushrs(struct cpu *c);
int rse_loadrs(struct cpu *c);
void rse_rotate(struct cpu *c);              /* after rrb changes */
void rse_rotate_step(struct cpu *c);         /* rotate_regs(): every rrb down by one */
void rse_clrrrb(struct cpu *c, int pr_only); /* clrrrb, clrrrb.pr */
int rse_restore_frame(struct cpu *c, unsigned preserved, uint64_t new_cfm); /* br.ret, rfi */
/* After br.ret/rfi completed: the mandatory fills of an incomplete frame
 * (0, or OP_STOP with the fault raised); rse_fault_after turns that fault
 * into one delivered at the next instruction. */
int rse_complete_frame(struct cpu *c);
int rse_fault_after(struct cpu *c);
void rse_set_bspstore(struct cpu *c, uint64_t v);  /* mov ar.bspstore = v */
uint64_t rse_addr_add(uint64_t a, int64_t n);      /* backing-store address n registers on */
uint64_t rse_nregs(uint64_t a, uint64_t b);        /* registers in [a, b) */
static inline uint64_t cpu_itc(const struct cpu *c) { return c->insns + c->itc_delta; }
static inline uint64_t cpu_ruc(const struct cpu *c) { return c->insns + c->ruc_delta; }

/* exec.c: the run loop, up to LIMIT retired instructions (STOP_MAX_INSNS) */
void cpu_run_until(struct cpu *c, uint64_t limit);
/* interrupt.c: runs to --max-insns or a stop, delivering interruptions */
void cpu_run(struct cpu *c);
void pcache_invalidate_page(struct machine *m, uint64_t addr);
void pcache_flush(struct machine *m);
/* ... those whose address is in a region of REGIONS (bit r: region r) */
void pcache_flush_regions(struct machine *m, unsigned regions);
const struct pbundle *pcache_lookup(struct cpu *c, uint64_t addr);

/* predecode.c */
void predecode_bundle(struct pbundle *pb, uint64_t addr, const uint8_t bytes[16]);
int predecode_has_handler(const struct insn_desc *d);

#endif
