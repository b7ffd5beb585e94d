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
    uint8_t flags;           /* OPB_* */
};

#define OPB_ALWAYS   1       /* run even when the qualifying predicate is false */
#define OPB_OWNFRAME 2       /* the handler checks its registers against the frame (alloc) */

/* The families.  Each table ends with a {0} entry. */
extern const struct op_binding ops_int[];     /* ops_int.c: A1-A8, I5-I17, I29, I30, moves */
extern const struct op_binding ops_mm[];      /* ops_mm.c: A9, A10, I1-I4 multimedia */
extern const struct op_binding ops_mem[];     /* ops_mem.c: M1-M24 memory, ALAT, speculation */
extern const struct op_binding ops_branch[];  /* ops_branch.c: B1-B9, X3-X4, RSE, AR moves, misc */
extern const struct op_binding ops_sys[];     /* ops_sys.c: system instructions (later issues) */

/* Helpers shared by handlers. */
#define O(i) (s->o[i])
#define OPR(i) ((unsigned)s->o[i])

/* Reading a GR whose NaT bit is set where the SDM forbids it. */
static inline int nat_consumption(struct cpu *c)
{
    return cpu_raise(c, FAULT_NAT_CONSUMPTION, 0);
}

#endif
