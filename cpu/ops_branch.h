/* The state changes of br.call and br.ret, shared by their handlers
 * (ops_branch.c) and the run loop's fast path (exec.c).  SDM rev. 2.3
 * vol. 3, "br". */
#ifndef IA64EMU_OPS_BRANCH_H
#define IA64EMU_OPS_BRANCH_H

#include "ops.h"
#include "rse.h"

/* br.call, before the frame changes: B1 = the return address; PFS =
 * the caller's frame marker, EC and privilege level. */
static inline void br_call_link(struct cpu *c, unsigned b1, uint64_t ret)
{
    c->br[b1 & 7] = ret;
    c->ar[AR_PFS] = (c->cfm & CFM_MASK) | (c->ar[AR_EC] & 63) << 52 | (uint64_t)PSR_CPL(c) << 62;
}

/* br.ret, after the frame is restored from PFS: EC comes back, and the
 * privilege level may only drop (to PFS.ppl). */
static inline void br_ret_state(struct cpu *c, uint64_t pfs)
{
    c->ar[AR_EC] = (pfs >> 52) & 63;
    unsigned ppl = (unsigned)(pfs >> 62);
    if (PSR_CPL(c) < ppl)
        c->psr = (c->psr & ~(3ull << PSR_CPL_SHIFT)) | (uint64_t)ppl << PSR_CPL_SHIFT;
}

/* alloc r1=ar.pfs,i,l,o,r (M34; the operands are r1, ar.pfs, sof, sol,
 * sor): the CFM size fields it sets, with bit 31 set when the operands
 * are valid (r1 in the new frame and not r0, sol and sor within sof, no
 * predicate), else 0.  The predecoder keeps it in pslot.aux. */
static inline uint32_t alloc_frame_bits(const struct pslot *s)
{
    unsigned r1 = OPR(0), sof = OPR(2), sol = OPR(3), sor = OPR(4);
    if (r1 - 1 >= 31 + sof || sof > 96 || sor > sof || sol > sof || s->qp != 0)
        return 0;
    return 1u << 31 | (uint32_t)rse_alloc_cfm(0, sof, sol, sor);
}

/* alloc on the fast path: 1 when done, 0 when the handler must run (it
 * faults, or the RSE must spill). */
static inline int alloc_fast(struct cpu *c, const struct pslot *s)
{
    if (!(s->aux >> 31))
        return 0;
    return rse_alloc_fast(c, OPR(0), (c->cfm & ~CFM_SIZE_MASK) | (s->aux & CFM_SIZE_MASK));
}

/* The AR moves the translator makes inline (ops_branch.c) */
int ar_read_plain(const struct pslot *s, int *rsc_mode);
struct ar_write_form {
    uint64_t reserved;       /* a value with one of these bits set: the handler (it faults) */
    uint64_t keep;           /* the AR is the value & KEEP */
    uint8_t rsc_mode;        /* 1: only while RSC.mode is 0, else the handler (it faults) */
    uint8_t pl;              /* 1 (ar.rsc): RSC.pl raised to CPL when below (rsc_value) */
};
int ar_write_plain(const struct pslot *s, unsigned cpl, struct ar_write_form *w);

#endif
