/* Branches (B1-B8, X3, X4), the register stack instructions (alloc,
 * flushrs, loadrs, cover, clrrrb) and the application-register moves
 * (I26-I28, M29-M31).  SDM rev. 2.3 vol. 3: "br", "brl", "brp", "alloc",
 * "cover", "clrrrb", "epc", "flushrs", "loadrs", "mov ar"; the RSE itself
 * is in rse.c.
 *
 * Choices where the SDM leaves freedom or where ia64emu has no machinery
 * yet: AR.ITC counts retired instructions (cpu_itc); AR.RUC likewise;
 * epc with PSR.it = 1 promotes only on an execute-only page found in the
 * instruction TLB (no walk); br.ia stops the run as unimplemented (IA-32);
 * the lower-privilege-transfer, taken-branch and unimplemented-address
 * traps are not raised (no IVT in user mode). */
#include "ops_branch.h"

#define RSC_MODE(c) ((c)->ar[AR_RSC] & 3)

static inline int branch_to(struct cpu *c, uint64_t target)
{
    c->ip = target & ~0xfull;
    c->slot = 0;
    return OP_BRANCH;
}

static inline int illegal(struct cpu *c)
{
    return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
}


/* ------------------------------------------------------------- branches */
/* br.cond (B1, B4) and brl.cond (X3): the run loop has checked PR[qp]. */
static int op_br_rel(struct cpu *c, const struct pslot *s)
{
    return branch_to(c, c->ip + (uint64_t)O(0));
}

static int op_br_ind(struct cpu *c, const struct pslot *s)
{
    return branch_to(c, c->br[OPR(0) & 7]);
}

static int do_call(struct cpu *c, unsigned b1, uint64_t target)
{
    br_call_link(c, b1, c->ip + 16);
    branch_to(c, target);
    rse_call(c);
    return OP_BRANCH;
}

/* br.call b1=target (B3) and brl.call b1=target (X4) */
static int op_call_rel(struct cpu *c, const struct pslot *s)
{
    return do_call(c, OPR(0), c->ip + (uint64_t)O(1));
}

/* br.call b1=b2 (B5) */
static int op_call_ind(struct cpu *c, const struct pslot *s)
{
    return do_call(c, OPR(0), c->br[OPR(1) & 7]);
}

/* br.ret b2 (B4) */
static int op_ret(struct cpu *c, const struct pslot *s)
{
    uint64_t target = c->br[OPR(0) & 7], pfs = c->ar[AR_PFS];
    unsigned demote = PSR_CPL(c) < (unsigned)(pfs >> 62);
    /* without a demotion PSR stays: the frame's usual fills at once */
    if ((demote ? rse_return(c, pfs) : rse_return_filled(c, pfs)) != OP_NEXT)
        return OP_STOP;
    uint64_t old = c->psr;
    br_ret_state(c, pfs);
    if (demote)
        psr_translation_changed(c, old);
    unsigned slot = c->slot;
    branch_to(c, target);
    /* the mandatory fills of the frame returned to (SDM vol. 2, 6.6) */
    if ((int)c->rse.ndirty < 0 && rse_complete_frame(c))
        return rse_fault_after(c);
    /* Lower-Privilege Transfer trap, with tb and ss when those are due too
     * (SDM vol. 2, 5.6) */
    if (demote && (c->psr & PSR_LP))
        return cpu_trap(c, IVEC_LOWER_PRIVILEGE_TRANSFER,
                        TRAP_CODE_LP | ((c->psr & PSR_TB) ? TRAP_CODE_TB : 0) |
                        ((c->psr & PSR_SS) ? TRAP_CODE_SS : 0), slot);
    return OP_BRANCH;
}

/* br.ia b2 (B4): always taken; the IA-32 instruction set is not emulated. */
static int op_br_ia(struct cpu *c, const struct pslot *s)
{
    if (s->qp != 0 || c->ar[AR_BSPSTORE] != c->ar[AR_BSP])
        return illegal(c);
    return cpu_unimplemented(c, "br.ia (IA-32 instruction set)");
}

/* br.cloop (B2): slot 2 only. */
static int op_cloop(struct cpu *c, const struct pslot *s)
{
    if (c->slot != 2)
        return illegal(c);
    if (!cloop_taken(c))
        return OP_NEXT;
    return branch_to(c, c->ip + (uint64_t)O(0));
}

/* A modulo-scheduled loop's kernel iteration (PR[63] = P63) or, with
 * ADVANCE clear, its epilogue: AR.EC counts down to 0, then nothing
 * rotates any more. */
static inline void loop_rotate(struct cpu *c, int advance, int p63)
{
    if (advance) {
        pr_set(c, 63, p63);
        rse_rotate_step(c);
    } else if (c->ar[AR_EC]) {
        c->ar[AR_EC]--;
        pr_set(c, 63, 0);
        rse_rotate_step(c);
    } else {
        pr_set(c, 63, 0);
    }
}

/* The top variants (aux 0) branch while the loop goes on, the exit
 * variants (aux 1) when it ends. */
static inline int loop_branch(struct cpu *c, const struct pslot *s, int more)
{
    if (more != (int)s->aux)
        return branch_to(c, c->ip + (uint64_t)O(0));
    return OP_NEXT;
}

/* br.ctop (aux 0) and br.cexit (aux 1) (B2) */
static int op_ctop(struct cpu *c, const struct pslot *s)
{
    if (c->slot != 2)
        return illegal(c);
    int lc = c->ar[AR_LC] != 0, more = lc || c->ar[AR_EC] > 1;
    if (lc)
        c->ar[AR_LC]--;
    loop_rotate(c, lc, 1);
    return loop_branch(c, s, more);
}

/* br.wtop (aux 0) and br.wexit (aux 1) (B1): run whatever PR[qp] says. */
static int op_wtop(struct cpu *c, const struct pslot *s)
{
    if (c->slot != 2)
        return illegal(c);
    int q = pr_get(c, s->qp), more = q || c->ar[AR_EC] > 1;
    loop_rotate(c, q, 0);
    return loop_branch(c, s, more);
}

/* brp, and the hints: nothing to do. */
static int op_hint(struct cpu *c, const struct pslot *s)
{
    (void)c; (void)s;
    return OP_NEXT;
}

/* epc (B8) */
static int op_epc(struct cpu *c, const struct pslot *s)
{
    (void)s;
    if ((unsigned)(c->ar[AR_PFS] >> 62) < PSR_CPL(c))
        return illegal(c);
    /* PSR.it = 0: to PL0; PSR.it = 1: to the pl of an execute-only page
     * (TLB.ar = 7) when that is more privileged (SDM vol. 3, "epc") */
    unsigned pl = 0;
    if (c->psr & PSR_IT) {
        const struct tlb_entry *e = tlb_lookup(c, TLB_I, c->ip);
        pl = e && (e->pte & PTE_P) && PTE_AR(e->pte) == 7 ? PTE_PL(e->pte) : PSR_CPL(c);
    }
    if (pl < PSR_CPL(c)) {
        uint64_t old = c->psr;
        c->psr = (c->psr & ~PSR_CPL_MASK) | (uint64_t)pl << PSR_CPL_SHIFT;
        psr_translation_changed(c, old);
    }
    return OP_NEXT;
}

/* ------------------------------------------------------- register stack */
/* alloc r1=ar.pfs,i,l,o,r (M34): the operands are sof, sol and sor. */
static int op_alloc(struct cpu *c, const struct pslot *s)
{
    /* the new size fields, checked: r0 or beyond the new frame, sof, sol
     * or sor out of range, a qp are illegal (the predecoder's aux, else
     * alloc_frame_bits again) */
    uint32_t frame = s->aux >> 31 ? s->aux : alloc_frame_bits(s);
    if (!frame)
        return illegal(c);
    if ((c->cfm & CFM_RRB_MASK) && OPR(4) != CFM_SOR(c->cfm))
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    return rse_alloc(c, OPR(0), (c->cfm & ~CFM_SIZE_MASK) | (frame & CFM_SIZE_MASK));
}

static int op_flushrs(struct cpu *c, const struct pslot *s)
{
    (void)s;
    return rse_flushrs(c);
}

static int op_loadrs(struct cpu *c, const struct pslot *s)
{
    (void)s;
    if (RSC_MODE(c) != 0)
        return illegal(c);
    if (CFM_SOF(c->cfm) != 0 && ((c->ar[AR_RSC] >> 16) & 0x3fff) != 0)
        return illegal(c);
    return rse_loadrs(c);
}

static int op_cover(struct cpu *c, const struct pslot *s)
{
    (void)s;
    return rse_cover(c);
}

/* clrrrb (aux 0), clrrrb.pr (aux 1) */
static int op_clrrrb(struct cpu *c, const struct pslot *s)
{
    rse_clrrrb(c, (int)s->aux);
    return OP_NEXT;
}

/* ------------------------------------------------- application registers */
enum { AR_IMPL, AR_RESERVED, AR_IGNORED };

/* SDM vol. 1, 3.1.8, table 3-3: which unit reaches which AR.  Bit a of
 * M_UNIT_ARS: the M unit reaches ar a (a < 48). */
#define AR_BIT(a)      (1ull << (a))
#define AR_BITS(a, b)  ((AR_BIT(b) - AR_BIT(a)) | AR_BIT(b))    /* a .. b */
#define M_UNIT_ARS (AR_BITS(AR_KR0, 7) | AR_BITS(AR_RSC, AR_RNAT) | AR_BIT(AR_FCR) | \
                    AR_BITS(AR_EFLAG, AR_FDR) | AR_BIT(AR_CCV) | AR_BIT(AR_UNAT) | \
                    AR_BIT(AR_FPSR) | AR_BIT(AR_ITC) | AR_BIT(AR_RUC))

static inline int ar_kind(unsigned a, int m_unit)
{
    if (!m_unit)
        return a >= 112 ? AR_IGNORED : (a >= 64 && a <= 66) ? AR_IMPL : AR_RESERVED;
    if (a >= 64)
        return AR_RESERVED;
    if (a >= 48)
        return AR_IGNORED;
    return (M_UNIT_ARS >> a) & 1 ? AR_IMPL : AR_RESERVED;
}

/* is_reserved_field(AR_TYPE, a, v) */
static int ar_reserved_field(unsigned a, uint64_t v)
{
    switch (a) {
    case AR_RSC:
        return (v & ~0x3fff001full) != 0;
    case AR_PFS:
        return (v & ((0x3fffull << 38) | (0xfull << 58))) != 0;
    case AR_FPSR:
        /* bits 63:58; pc = 01 in sf0-3 (bit 0 of each pc: 8, 21, 34, 47);
         * sf0.td (bit 12: td is sf1-sf3's only) */
        return (v >> 58) != 0 || (v & ~(v >> 1) & (AR_BIT(8) | AR_BIT(21) | AR_BIT(34) | AR_BIT(47))) != 0 ||
               ((v >> 12) & 1);
    default:
        return 0;
    }
}

static uint64_t ar_read(struct cpu *c, unsigned a)
{
    switch (a) {
    case AR_ITC:
        return c->ar[AR_ITC] = cpu_itc(c);
    case AR_RUC:
        return c->ar[AR_RUC] = cpu_ruc(c);
    default:
        return c->ar[a];
    }
}

/* The ARs whose read has no check and no side effect, by unit (bit a & 63) */
#define M_PLAIN_READ_ARS (M_UNIT_ARS & ~(AR_BIT(AR_BSPSTORE) | AR_BIT(AR_RNAT) | AR_BIT(AR_ITC) | AR_BIT(AR_RUC)))
#define I_PLAIN_READ_ARS AR_BITS(AR_PFS - 64, AR_EC - 64)

/* mov r1 = ar3 (I28 aux 0, M31 aux 1) */
static int op_mov_from_ar(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0), a = OPR(1) & 127;
    /* the usual cases, which pass every check below, straight */
    if (r1 != 0 && (a >> 6) != s->aux && (((s->aux ? M_PLAIN_READ_ARS : I_PLAIN_READ_ARS) >> (a & 63)) & 1)) {
        gr_set(c, r1, c->ar[a], 0);
        return OP_NEXT;
    }
    int k = ar_kind(a, (int)s->aux);
    if (k == AR_RESERVED || r1 == 0)
        return illegal(c);
    if ((a == AR_BSPSTORE || a == AR_RNAT) && RSC_MODE(c) != 0)
        return illegal(c);
    if ((a == AR_ITC || a == AR_RUC) && (c->psr & PSR_SI) && PSR_CPL(c) != 0)
        return cpu_raise(c, FAULT_PRIVILEGED_REGISTER, 0);
    gr_set(c, r1, k == AR_IGNORED ? 0 : ar_read(c, a), 0);
    return OP_NEXT;
}

/* The RSE's privilege level is never raised above CPL's. */
static inline uint64_t rsc_value(const struct cpu *c, uint64_t v)
{
    if (((v >> 2) & 3) < PSR_CPL(c))
        v = (v & ~0xcull) | (uint64_t)PSR_CPL(c) << 2;
    return v;
}

static __attribute__((noinline)) int mov_to_ar(struct cpu *c, const struct pslot *s, uint64_t v)
{
    unsigned a = OPR(0) & 127;
    int k = ar_kind(a, (int)(s->aux & 1));
    if (k == AR_RESERVED || a == AR_BSP)
        return illegal(c);
    if ((a == AR_BSPSTORE || a == AR_RNAT) && RSC_MODE(c) != 0)
        return illegal(c);
    if ((s->aux & 2) && gr_nat(c, OPR(1)))
        return nat_consumption(c);
    if (ar_reserved_field(a, v))
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    if ((a < 8 || a == AR_ITC || a == AR_RUC) && PSR_CPL(c) != 0)
        return cpu_raise(c, FAULT_PRIVILEGED_REGISTER, 0);
    if (k == AR_IGNORED)
        return OP_NEXT;
    switch (a) {
    case AR_RSC:
        v = rsc_value(c, v);
        break;
    case AR_BSPSTORE:
        rse_set_bspstore(c, v);
        return OP_NEXT;
    case AR_RNAT:
        v &= ~(1ull << 63);
        break;
    case AR_EC:
        v &= 63;
        break;
    case AR_ITC:
        c->itc_delta = v - c->insns;
        c->ar[a] = v;
        cpu_timer_update(c);             /* the ITM match moves */
        return cpu_event(c, s);
    case AR_RUC:
        c->ruc_delta = v - c->insns;
        break;
    }
    c->ar[a] = v;
    return OP_NEXT;
}

/* mov ar3 = r2 (I26 aux 2, M29 aux 3); the usual cases, which pass every
 * check of mov_to_ar, straight. */
static int op_mov_to_ar_r(struct cpu *c, const struct pslot *s)
{
    unsigned a = OPR(0) & 127;
    const struct greg *g = gr(c, OPR(1));
    uint64_t v = g->val;
    if (g->nat)
        return mov_to_ar(c, s, v);
    if (s->aux & 1) {                          /* the M unit */
        switch (a) {
        case AR_FCR: case AR_EFLAG: case AR_CSD: case AR_SSD: case AR_CFLG: case AR_FSR:
        case AR_FIR: case AR_FDR: case AR_CCV: case AR_UNAT:
            c->ar[a] = v;
            return OP_NEXT;
        case AR_RSC:
            if (ar_reserved_field(AR_RSC, v))
                break;
            c->ar[a] = rsc_value(c, v);
            return OP_NEXT;
        case AR_BSPSTORE:
            if (RSC_MODE(c) != 0)
                break;
            rse_set_bspstore(c, v);
            return OP_NEXT;
        case AR_RNAT:
            if (RSC_MODE(c) != 0)
                break;
            c->ar[a] = v & ~(1ull << 63);
            return OP_NEXT;
        case AR_FPSR:
            if (ar_reserved_field(AR_FPSR, v))
                break;
            c->ar[a] = v;
            return OP_NEXT;
        }
    } else if ((a == AR_PFS && !ar_reserved_field(AR_PFS, v)) || a == AR_LC) {
        c->ar[a] = v;
        return OP_NEXT;
    }
    return mov_to_ar(c, s, v);
}

/* mov ar3 = imm8 (I27 aux 0, M30 aux 1) */
static int op_mov_to_ar_i(struct cpu *c, const struct pslot *s)
{
    uint64_t v = (uint64_t)O(1);
    /* mov ar.rsc = imm8, which passes every check of mov_to_ar, straight */
    if ((OPR(0) & 127) == AR_RSC && (s->aux & 1) && !ar_reserved_field(AR_RSC, v)) {
        c->ar[AR_RSC] = rsc_value(c, v);
        return OP_NEXT;
    }
    return mov_to_ar(c, s, v);
}

/* For the translator (jit.c): mov r1 = ar3 (S) is GR[r1] = AR[ar3] with
 * no side effect, and with no check (*RSC_MODE 0: op_mov_from_ar's first
 * case) or but that RSC.mode be 0 (*RSC_MODE 1: ar.bspstore, ar.rnat;
 * else the handler faults) */
int ar_read_plain(const struct pslot *s, int *rsc_mode)
{
    unsigned r1 = OPR(0), a = OPR(1) & 127;
    *rsc_mode = 0;
    if (s->fn != op_mov_from_ar || r1 == 0)
        return 0;
    if ((a >> 6) != s->aux && (((s->aux ? M_PLAIN_READ_ARS : I_PLAIN_READ_ARS) >> (a & 63)) & 1))
        return 1;
    *rsc_mode = 1;
    return s->aux && (a == AR_BSPSTORE || a == AR_RNAT);
}

/* ... and mov ar3 = r2 (S; r2's NaT bit 0: 1) or mov ar3 = imm8 (2) at
 * privilege CPL is AR[ar3] = the value as *W says, else 0 (op_mov_to_ar_r,
 * op_mov_to_ar_i, mov_to_ar) */
int ar_write_plain(const struct pslot *s, unsigned cpl, struct ar_write_form *w)
{
    unsigned a = OPR(0) & 127;
    int form = s->fn == op_mov_to_ar_r ? 1 : s->fn == op_mov_to_ar_i ? 2 : 0;
    *w = (struct ar_write_form){ 0, ~0ull, 0, 0 };
    if (!form)
        return 0;
    if (s->aux & 1) {                          /* the M unit */
        switch (a) {
        case AR_FCR: case AR_EFLAG: case AR_CSD: case AR_SSD: case AR_CFLG: case AR_FSR:
        case AR_FIR: case AR_FDR: case AR_CCV: case AR_UNAT:
            return form;
        case AR_RSC:
            w->reserved = ~0x3fff001full;
            w->pl = 1;
            return form;
        case AR_RNAT:
            w->rsc_mode = 1;
            w->keep = ~(1ull << 63);
            return form;
        }
        return a < 8 && cpl == 0 ? form : 0;   /* kr0-kr7 */
    }
    if (a == AR_PFS) {
        w->reserved = (0x3fffull << 38) | (0xfull << 58);
        return form;
    }
    return a == AR_LC ? form : 0;
}

const struct op_binding ops_branch[] = {
    { "B1", "br", op_br_rel, 0, OPB_HOT(HOT_BR) },
    { "B1", "br.cond", op_br_rel, 0, OPB_HOT(HOT_BR) },
    { "B1", "br.wtop", op_wtop, 0, OPB_ALWAYS },
    { "B1", "br.wexit", op_wtop, 1, OPB_ALWAYS },
    { "B2", "br.cloop", op_cloop, 0, OPB_HOT(HOT_CLOOP) },
    { "B2", "br.ctop", op_ctop, 0, 0 },
    { "B2", "br.cexit", op_ctop, 1, 0 },
    { "B3", "br.call", op_call_rel, 0, OPB_HOT(HOT_BRCALL) },
    { "B4", "br", op_br_ind, 0, 0 },
    { "B4", "br.cond", op_br_ind, 0, 0 },
    { "B4", "br.ia", op_br_ia, 0, OPB_ALWAYS },
    { "B4", "br.ret", op_ret, 0, OPB_HOT(HOT_RET) },
    { "B5", "br.call", op_call_ind, 0, 0 },
    { "B6", "brp", op_hint, 0, 0 },
    { "B7", "brp", op_hint, 0, 0 },
    { "B8", "cover", op_cover, 0, 0 },
    { "B8", "clrrrb", op_clrrrb, 0, 0 },
    { "B8", "clrrrb.pr", op_clrrrb, 1, 0 },
    { "B8", "epc", op_epc, 0, 0 },
    { "X3", "brl", op_br_rel, 0, 0 },
    { "X3", "brl.cond", op_br_rel, 0, 0 },
    { "X4", "brl.call", op_call_rel, 0, OPB_HOT(HOT_BRCALL) },
    { "M34", "alloc", op_alloc, 0, OPB_OWNFRAME },
    { "M25", "flushrs", op_flushrs, 0, 0 },
    { "M25", "loadrs", op_loadrs, 0, 0 },
    { "I26", "mov.i", op_mov_to_ar_r, 2, 0 },
    { "M29", "mov.m", op_mov_to_ar_r, 3, 0 },
    { "I27", "mov.i", op_mov_to_ar_i, 0, 0 },
    { "M30", "mov.m", op_mov_to_ar_i, 1, 0 },
    { "I28", "mov.i", op_mov_from_ar, 0, 0 },
    { "M31", "mov.m", op_mov_from_ar, 1, 0 },
    { 0 },
};
