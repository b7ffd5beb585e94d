/* Execution traces (docs/trace-format.md): the recorder's interface.
 *
 * A run with `--trace=FILE` attaches a recorder to its machine
 * (machine.trace); with none attached every emitter below is one test of
 * that pointer, made where the event happens (an interruption delivered,
 * an rfi, a TLB insert or purge, a call serviced by the host, console
 * output), never per instruction.  Hook enter/exit, taken branches and
 * per-instruction records come from the predecoded bundles that
 * trace_fill marks when the cache is filled (trace.c).
 *
 * The file layout and every event's fields are in docs/trace-format.md;
 * the constants here are that format's. */
#ifndef IA64EMU_TRACE_H
#define IA64EMU_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "machine.h"

#define TRACE_MAGIC "IA64TRC\0"
#define TRACE_VERSION 2

/* trace levels */
enum trace_level { TRACE_EVENTS = 0, TRACE_BRANCHES = 1, TRACE_INSNS = 2 };

/* the header's mode: how the kernel was run (issue 6's four ways) */
enum trace_mode { TRACE_MODE_NATIVE = 0, TRACE_MODE_XEN = 1, TRACE_MODE_PATCHED = 2, TRACE_MODE_TRAP = 3 };

/* event types (one byte each in the file) */
enum trace_ev {
    TEV_INTR = 1,        /* interruption delivered: vector, iip, slot, isr, ifa */
    TEV_RFI = 2,         /* rfi completed: target ip, slot, new psr */
    TEV_TLB_INSERT = 3,  /* itc/itr: what, tr slot, ifa, itir, pte */
    TEV_TLB_PURGE = 4,   /* ptc.l/g/ga, ptr, ptc.e: what, va, ps */
    TEV_CALL = 5,        /* SSC call or Linux syscall serviced by the host: kind, nr, 4 args */
    TEV_CONSOLE = 6,     /* console output: bytes */
    TEV_HOOK_ENTER = 7,  /* hook site entered: site id, flags */
    TEV_HOOK_EXIT = 8,   /* hook site left: site id, reason */
    TEV_HV_ENTER = 9,    /* hypervisor entry: kind, code, ip */
    TEV_HV_EXIT = 10,    /* hypervisor exit: kind, code, ip */
    TEV_BRANCH = 11,     /* taken branch (level branches): from ip, slot, to ip, slot */
    TEV_INSN = 12,       /* instruction (level insns): ip, slot, flags, values written */
    TEV_END = 13,        /* end of the run: stop reason, exit status */
    TEV_COUNT
};

/* TEV_TLB_INSERT / TEV_TLB_PURGE: what */
enum { TLB_EV_ITC_I, TLB_EV_ITC_D, TLB_EV_ITR_I, TLB_EV_ITR_D,
       TLB_EV_PTC_L, TLB_EV_PTC_G, TLB_EV_PTC_GA, TLB_EV_PTR_I, TLB_EV_PTR_D, TLB_EV_PTC_E };
/* TEV_CALL: kind */
enum { CALL_EV_SSC = 0, CALL_EV_SYSCALL = 1, CALL_EV_FIRMWARE = 2 };
/* TEV_HOOK_ENTER flags */
#define HOOK_ENTER_RESUME 1   /* re-entered by rfi after an interruption left it */
/* TEV_HOOK_EXIT reasons */
enum { HOOK_EXIT_FALL = 0,    /* fell out of the site's last bundle */
       HOOK_EXIT_BRANCH = 1,  /* a taken branch to outside the site */
       HOOK_EXIT_INTR = 2,    /* an interruption delivered while in the site */
       HOOK_EXIT_RFI = 3,     /* an rfi in the site (to outside it) */
       HOOK_EXIT_END = 4 };   /* the run ended in the site */
/* TEV_HV_ENTER / TEV_HV_EXIT: kind (issue 6's accounting classes) */
enum { HV_EV_HYPERPRIVOP_FAST = 0, HV_EV_HYPERPRIVOP_SLOW = 1, HV_EV_PRIVOP_FAULT = 2,
       HV_EV_REFLECTION = 3, HV_EV_OTHER = 4 };
/* TEV_INSN flags */
#define INSN_EV_QP 1          /* the qualifying predicate was true */
#define INSN_EV_FAULT 2       /* the instruction raised an interruption (nothing written) */
/* TEV_INSN value classes */
enum { VAL_GR = 0, VAL_FR = 1, VAL_PR = 2, VAL_BR = 3, VAL_AR = 4, VAL_CR = 5, VAL_MEM = 6,
       VAL_PRS = 7, VAL_PSR = 8 };

/* One hook site, from the image's .data..pvops_sites records. */
struct trace_site {
    uint32_t id;
    uint16_t hook;
    uint8_t bundles;
    uint64_t addr;
};

/* What the header records. */
struct trace_header {
    uint32_t version;
    uint32_t level;              /* enum trace_level */
    uint32_t mode;               /* enum trace_mode */
    uint32_t system_mode;        /* the run's --mode: 1 system, 0 user */
    uint64_t image_size;
    uint8_t image_sha256[32];
    char *image_path;            /* as given to run */
    char *options;               /* run's arguments after the command, NUL-free, ' '-joined */
    struct trace_site *sites;
    uint32_t nsites;
};

struct trace;

/* Cost accounting (issue 6, section 5; pvops/costs.def).  Counted only
 * on the bundles trace_fill marks, so a run without a recorder pays
 * nothing. */
struct cost_counts {
#define COST(name, what) uint64_t name;
#include "costs.def"
#undef COST
};
#define COST_VEC_NONE 68               /* "no handler running": after the IVEC_* */
struct trace_costs {
    uint32_t nsites;
    const struct trace_site *sites;    /* sorted by address */
    struct cost_counts *site;          /* per site, in that order */
    struct cost_counts vec[COST_VEC_NONE + 1];
    struct cost_counts outside;        /* hypervisor entries outside every hook */
    /* The user-visible state at every system call from user mode (a Break
     * Instruction interruption at CPL 3): the break's address and a hash
     * (FNV-1a) of the registers the kernel owes the task (trace.c,
     * user_call).  `compare` checks them across modes. */
    uint64_t nuser;
    struct trace_user_call { uint64_t ip, nr, hash; } *user;
};

/* Creates PATH's temporary sibling and writes the header; NULL and ERR
 * on failure.  trace_close writes the END event and renames the file
 * over PATH (never a partial trace that looks complete); trace_abort
 * removes it. */
struct trace *trace_open(const char *path, const struct trace_header *h, char *err, size_t errlen);
int trace_close(struct trace *t, const struct cpu *c, char *err, size_t errlen);
void trace_abort(struct trace *t);
/* A recorder that writes no file (PATH NULL to trace_open): for --costs
 * alone.  trace_costs_enable starts the accounting on T (before the run);
 * trace_costs gives its counters (NULL when not enabled). */
void trace_costs_enable(struct trace *t);
const struct trace_costs *trace_costs(const struct trace *t);
/* Binary patching (run --mode=patched): the out-of-line stub of site ID,
 * BUNDLES bundles at ADDR, belongs to the site -- a branch from the site
 * to it is no exit, and its instructions count as the hook's.  Before the
 * run.  Returns -1 when no site has that id. */
int trace_site_stub(struct trace *t, uint32_t id, uint64_t addr, unsigned bundles);
/* Attaches T to M (before the run; flushes the predecoded bundles so
 * every bundle is filled, and marked, under the recorder). */
void trace_attach(struct machine *m, struct trace *t);
/* Bytes and events written so far. */
uint64_t trace_bytes(const struct trace *t);
uint64_t trace_events(const struct trace *t);

/* exec.c, pcache_fill: marks the bundle just predecoded at ADDR (before
 * the run loop's dispatch addresses are taken from its slots). */
void trace_fill(struct cpu *c, struct pbundle *pb, uint64_t addr);
/* exec.c, run_slots: a bundle trace_fill set pbundle.traced on, run (from
 * c->slot, up to LIMIT) and recorded; returns as run_slots. */
int trace_run_slots(struct cpu *c, const struct pbundle *pb, uint64_t limit);
/* exec.c, the traced forms of a TRACED_FAST bundle PB on the fast path:
 * the INSN record of slot K, a hot form whose predicate was false, at
 * count NOW (the others: trace_rec.h). */
void trace_fast_off(struct cpu *c, const struct pbundle *pb, unsigned k, uint64_t now);

/* Emitters, called where the event happens. */
void trace_ev_interruption(struct cpu *c, unsigned vector, uint64_t iip, unsigned slot, uint64_t isr,
                           uint64_t ifa);
void trace_ev_rfi(struct cpu *c);
void trace_ev_tlb(struct cpu *c, unsigned what, uint64_t a, uint64_t b, uint64_t d, uint64_t e);
void trace_ev_call(struct cpu *c, unsigned kind, uint64_t nr, const uint64_t args[4]);
void trace_ev_console(struct cpu *c, const void *bytes, size_t n);
/* The hypervisor model (hv/, issue 6) calls these around its handling of
 * a hyperprivop, an emulated privileged operation or a reflection: KIND
 * is HV_EV_*, CODE the hyperprivop number or the reason (the vector of a
 * reflection). */
void trace_ev_hv_enter(struct cpu *c, unsigned kind, uint64_t code);
void trace_ev_hv_exit(struct cpu *c, unsigned kind, uint64_t code);

#endif
