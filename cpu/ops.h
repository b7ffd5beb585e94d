/* Instruction handlers: each family file (ops_*.c) exports a table that
 * binds table entries, by SDM format and mnemonic, to a handler.  The
 * predecoder (predecode.c) reads these tables; nothing else does. */
#ifndef IA64EMU_OPS_H
#define IA64EMU_OPS_H

#include "machine.h"

struct op_binding {
    const char *format;      /* SDM format, as in insn.tbl ("A1", "M46") */
    const char *mnemonic;    /* a prefix of the entry's mnemonic, ending at a '.' */
    op_fn fn;
    uint32_t aux;            /* copied into pslot.aux */
    uint8_t flags;           /* OPB_*, and OPB_HOT(the hot form) */
};

#define OPB_ALWAYS   1       /* run even when the qualifying predicate is false */
#define OPB_OWNFRAME 2       /* the handler checks its registers against the frame (alloc) */
#define OPB_HOT(h)   ((h) << 2) /* the entry's hot form (enum hot, below) */
#define OPB_HOT_OF(f) ((f) >> 2)

/* Hot forms: the run loop executes these itself (exec.c), with the
 * semantics the handlers use (ops_int.h, ops_mem.h), instead of calling
 * pslot.fn.  The predecoder selects one only where the handler's operand
 * checks cannot fail (no GR target r0, p1 != p2, br.cloop in slot 2);
 * every other slot has HOT_CALL. */
enum hot {
    HOT_CALL = 0, HOT_NOP,
    HOT_ADD, HOT_SUB, HOT_AND, HOT_ANDCM, HOT_OR, HOT_XOR,   /* A1, 3 operands */
    HOT_SHLADD,                                              /* A2 */
    HOT_ADDS, HOT_MOV, HOT_MOVI,                             /* A4, A5: adds/addl, mov r, mov imm; X2 movl */
    HOT_cmp_r_eq, HOT_cmp_r_lt, HOT_cmp_r_ltu,               /* A6, A8: the "none" type */
    HOT_cmp4_r_eq, HOT_cmp4_r_lt, HOT_cmp4_r_ltu,
    HOT_cmp_i_eq, HOT_cmp_i_lt, HOT_cmp_i_ltu,
    HOT_cmp4_i_eq, HOT_cmp4_i_lt, HOT_cmp4_i_ltu,
    HOT_BR, HOT_CLOOP,                                       /* B1 br.cond, B2 br.cloop */
    HOT_LD8, HOT_ST8,                                        /* M1 ld8, M4 st8: no completer */
    HOT_FRAME,                                               /* M34 alloc: sets the frame itself */
    HOT_BRCALL, HOT_RET,                                     /* B3, X4 br.call; B4 br.ret */
    HOT_COUNT
};

/* The families.  Each table ends with a {0} entry. */
extern const struct op_binding ops_int[];     /* ops_int.c: A1-A8, I5-I17, I29, I30, moves */
extern const struct op_binding ops_mm[];      /* ops_mm.c: A9, A10, I1-I4 multimedia */
extern const struct op_binding ops_mem[];     /* ops_mem.c: M1-M24 memory, ALAT, speculation */
extern const struct op_binding ops_branch[];  /* ops_branch.c: B1-B9, X3-X4, RSE, AR moves, misc */
extern const struct op_binding ops_sys[];     /* ops_sys.c: system instructions (later issues) */
extern const struct op_binding ops_fp[];      /* ops_fp.c: F1-F14, the F unit */
extern const struct op_binding ops_tlb[];     /* ops_tlb.c: itc, itr, ptc, ptr, probe, thash, ttag, tpa, tak */

/* ops_sys.c: the system forms of M35 and M36 (mov psr.l = r2, mov r1 = psr),
 * bound with their user-mask forms in ops_mem.c. */
int sys_mov_to_psr_l(struct cpu *c, const struct pslot *s);
int sys_mov_from_psr(struct cpu *c, const struct pslot *s);
/* cpuid[I]: 0 with *V, or 1 for a register that does not exist */
int sys_cpuid(uint64_t i, uint64_t *v);
/* mov r1 = cr3 the translator makes inline (ops_sys.c) */
int cr_read_plain(const struct pslot *s, int *ic);

/* ops_tlb.c: the rr and pkr files of ops_sys.c's M42/M43 moves (after
 * their privilege and NaT checks); OP_NEXT / 0, or OP_STOP. */
int tlb_mov_to_rr(struct cpu *c, uint64_t r3, uint64_t v);
int tlb_mov_to_pkr(struct cpu *c, uint64_t r3, uint64_t v);
int tlb_mov_from_rr(struct cpu *c, uint64_t r3, uint64_t *v);
int tlb_mov_from_pkr(struct cpu *c, uint64_t r3, uint64_t *v);

/* After a PSR write (OLD: the PSR before): when a bit translation depends
 * on changed, the soft TLBs of that side go, and for the fetch side the
 * predecoded bundles, except on a change of PSR.cpl: the soft TLBs have a
 * set per privilege level (memory.h), the predecoded bundles are tagged
 * with the level they were fetched at (exec.c). */
static inline void psr_translation_changed(struct cpu *c, uint64_t old)
{
    uint64_t d = (old ^ c->psr) & PSR_XLATE;
    if (d & PSR_CPL_MASK)
        mem_tlb_select(&c->m->mem, psr_cpl(c->psr));
    if (!(d & ~PSR_CPL_MASK))
        return;                        /* the usual cases: none, or cpl only */
    if (d & PSR_DT)
        mem_tlb_dt_changed(c->m, d & (PSR_RT | PSR_PK | PSR_DA | PSR_DB));
    else if (d & (PSR_RT | PSR_PK | PSR_DA | PSR_DB))
        mem_tlb_flush_data(c->m);
    if (d & (PSR_IT | PSR_PK | PSR_IA))
        mem_tlb_flush_fetch(c->m);
    if (d & PSR_DB)
        cpu_debug_update(c);
}

/* Helpers shared by handlers. */
#define O(i) (s->o[i])
#define OPR(i) ((unsigned)s->o[i])

/* br.cloop (SDM vol. 3, "br"): taken while LC is non-zero, which it
 * decrements.  Shared by op_cloop and the run loop's hot path. */
static inline int cloop_taken(struct cpu *c)
{
    if (!c->ar[AR_LC])
        return 0;
    c->ar[AR_LC]--;
    return 1;
}

/* Reading a GR whose NaT bit is set where the SDM forbids it. */
static inline int nat_consumption(struct cpu *c)
{
    return cpu_raise(c, FAULT_NAT_CONSUMPTION, 0);
}

/* ------------------------------------ FP registers (ops_mem.c, ops_fp.c) */
/* FR f is disabled by PSR.dfl (f2-f31) or PSR.dfh (f32-f127): the
 * Disabled FP-Register fault's ISR.code, bit 0 for the low set and bit 1
 * for the high (Linux's lazy fph switch reads bit 1), else 0. */
static inline unsigned fp_disabled(struct cpu *c, unsigned f)
{
    if (f < 2)
        return 0;
    if (f < 32)
        return (c->psr & PSR_DFL) ? 1 : 0;
    return (c->psr & PSR_DFH) ? 2 : 0;
}

/* A write to FR f sets PSR.mfl (f2-f31) or PSR.mfh (f32-f127): the SDM's
 * fp_update_psr(). */
static inline void fr_written(struct cpu *c, unsigned f)
{
    c->psr |= f < 32 ? PSR_MFL : PSR_MFH;
}

static inline int is_natval(const struct freg *f)
{
    return f->exp == FR_EXP_NATVAL && f->sig == 0 && f->sign == 0;
}

static inline void set_natval(struct freg *f)
{
    f->sign = 0;
    f->exp = FR_EXP_NATVAL;
    f->sig = 0;
}

#endif
