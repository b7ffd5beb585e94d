/* Test harness for instruction handlers: encode one instruction from the
 * table (the inverse of insn_operand_value), run it in a machine, inspect
 * the state. */
#ifndef IA64EMU_HARNESS_H
#define IA64EMU_HARNESS_H

#include <stdint.h>

#include "machine.h"

#define T_CODE 0x100000ull   /* where t_exec places its bundle */
#define T_RBS  0x200000ull   /* initial ar.bsp / ar.bspstore */

/* A machine in a user-like state: PSR.bn = 1, PL 3, CFM with 96 registers
 * (sof 96, sol 0), ip = T_CODE, ar.bsp = ar.bspstore = T_RBS. */
struct machine *t_new(void);
void t_free(struct machine *m);

/* Sets CFM (sof, sol, sor; rrbs zero) and rebuilds the register maps. */
void t_frame(struct machine *m, unsigned sof, unsigned sol, unsigned sor);

/* The table entry with exactly this mnemonic and SDM format and NOPS
 * operands, or NULL. */
const struct insn_desc *t_find(const char *mnemonic, const char *format, int nops);

/* Encodes the entry with operand values OPS (register numbers, immediates
 * as the disassembler shows them, branch targets as displacements from the
 * bundle) and qualifying predicate QP.  Returns 0, or -1 if the values do
 * not fit the entry. */
int t_encode(const struct insn_desc *d, int qp, const int64_t *ops, uint64_t *slot, uint64_t *slot_l);

/* Encodes the instruction, places it in a bundle at the current ip (nops
 * in the other slots; a stop at the end) and runs that bundle: up to the
 * instruction, and past it to the bundle's end unless it branched (then ip
 * is the target, slot 0) or stopped.  Returns the cpu's stop reason:
 * STOP_NONE when the bundle completed or branched.
 * Aborts the test (assert) when the instruction cannot be encoded. */
int t_exec(struct machine *m, const char *mnemonic, const char *format, int qp, int nops, ...);

/* Places the bundle of template TMPL with slots S (a stop at the end) at
 * ADDR. */
void t_put_bundle(struct machine *m, uint64_t addr, unsigned tmpl, const uint64_t s[3]);
/* Places that bundle at the current ip and runs it from slot 0, three
 * instructions at most.  Returns the cpu's stop reason: STOP_NONE when the
 * bundle completed or branched. */
int t_run_bundle(struct machine *m, unsigned tmpl, const uint64_t s[3]);
/* Shorthands. */
#define T_GR(m, n) gr_val(&(m)->cpu, (n))
#define T_NAT(m, n) gr_nat(&(m)->cpu, (n))
#define T_PR(m, n) pr_get(&(m)->cpu, (n))
#define T_SETGR(m, n, v) gr_set(&(m)->cpu, (n), (v), 0)
#define T_SETNAT(m, n, v) gr_set(&(m)->cpu, (n), (v), 1)

#endif
