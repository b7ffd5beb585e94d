/* Memory access, speculation and the ALAT: formats M1-M28 (loads, stores,
 * semaphores, getf/setf, FP loads and stores, lfetch, checks, invala,
 * fences, fc), plus the user-mask instructions sum/rum and mov psr.um
 * (M35, M36, M44) so that guests can set PSR.be.
 *
 * SDM rev. 2.3 vol. 3 (instruction pseudo-code), vol. 1 4.4 (memory
 * access, speculation, the ALAT) and 5.1 (FP data types and memory
 * formats).
 *
 * Choices where the SDM leaves freedom (see also the notes at each
 * handler):
 *  - The ALAT has 32 entries, fully associative, tagged by the physical
 *    register (the index into grf[] / frf[]), a GR/FR bit and, for stacked
 *    GRs, the frame's ar.bsp; replacement is round robin when no entry is
 *    free.  Addresses are virtual = physical (no translation yet).
 *  - Speculative loads (ld.s, ld.sa, ldf.s ...) never fault: any condition
 *    that would fault (NaT address, PSR.ed, misalignment, the memory cap)
 *    defers, leaving NaT / NaTVal (and no ALAT entry).  A deferred GR gets
 *    the value 0.
 *  - ld16, st16 and cmp8xchg16 move two 8-byte items, each in the current
 *    byte order: GR r1 / r2 at the lower address, ar.csd at address + 8.
 *    ldfp pairs likewise (f1 at the lower address) and must be aligned to
 *    the pair's size.  ldf.fill / stf.spill move one 128-bit item (the
 *    significand is its low half: at the lower address when little-endian,
 *    at address + 8 with PSR.be); ldfe / stfe one 80-bit item, 16-byte
 *    aligned.  (As Ski does.)
 *  - cmp8xchg16: GR r3 must be 8-byte aligned; the 8 bytes at GR r3 are
 *    compared with ar.ccv; on success the 16 aligned bytes holding them get
 *    GR r2 (lower address) and ar.csd (higher address).
 *  - cmpxchg compares the zero-extended memory value with all 64 bits of
 *    ar.ccv; the ALAT is invalidated only when the exchange writes.
 */
#include "ops_mem.h"

#define PSR_ED (1ull << 43)

/* Load types (M1-M3, M6-M8, M11, M12) and store types (M4, M5). */
enum { LT_NONE, LT_S, LT_A, LT_SA, LT_BIAS, LT_ACQ, LT_CCLR, LT_CNC, LT_CCLRACQ, LT_FILL };
enum { ST_NONE, ST_REL, ST_SPILL };
/* FP memory formats. */
enum { FK_S, FK_D, FK_E, FK_8, FK_FILL };

#define AUX(sz, t) ((uint32_t)(sz) | (uint32_t)(t) << 8)
#define AUX_SZ(a) ((unsigned)(a) & 0xff)
#define AUX_T(a) ((unsigned)(a) >> 8)

#define LT_SPEC(t) ((t) == LT_S || (t) == LT_SA)
#define LT_ADV(t) ((t) == LT_A || (t) == LT_SA)
#define LT_CHK(t) ((t) == LT_CCLR || (t) == LT_CNC || (t) == LT_CCLRACQ)
#define LT_CLR(t) ((t) == LT_CCLR || (t) == LT_CCLRACQ)

/* ------------------------------------------------------------------ ALAT */
/* An entry names its register by physical register (the index into grf[]
 * or frf[]) and, for a stacked GR, by the frame: ar.bsp when the entry was
 * made.  A physical register reused by a deeper frame after RSE spills is
 * then a different register, so it cannot hit an entry of the frame it
 * displaced (the SDM's alat_frame_update() leaves this to the
 * implementation); a spurious miss, which the architecture allows, is the
 * worst case (an output register checked by the callee as an input). */
static inline uint64_t alat_frame(const struct cpu *c, int fp, unsigned reg)
{
    return !fp && reg >= GRF_STACKED ? c->ar[AR_BSP] : 0;
}

static int alat_find(struct cpu *c, int fp, unsigned reg)
{
    uint64_t frame = alat_frame(c, fp, reg);
    for (uint32_t m = c->alat_mask; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        if (c->alat[i].reg == reg && c->alat[i].fp == fp && c->alat[i].frame == frame)
            return i;
    }
    return -1;
}

static void alat_kill(struct cpu *c, int i)
{
    c->alat[i].valid = 0;
    c->alat_mask &= ~(1u << i);
}

static void alat_inval_reg(struct cpu *c, int fp, unsigned reg)
{
    int i = alat_find(c, fp, reg);
    if (i >= 0)
        alat_kill(c, i);
}

static void alat_write(struct cpu *c, int fp, unsigned reg, uint64_t addr, unsigned size)
{
    int i = alat_find(c, fp, reg);
    if (i < 0) {
        if (c->alat_mask != 0xffffffffu)
            i = __builtin_ctz(~c->alat_mask);
        else
            i = (int)(c->alat_next++ & 31);
    }
    c->alat[i] = (struct alat_entry){ .addr = addr, .frame = alat_frame(c, fp, reg), .valid = 1,
                                      .fp = (uint8_t)fp, .size = (uint8_t)size, .reg = (uint8_t)reg };
    c->alat_mask |= 1u << i;
}

/* Stores invalidate every entry whose bytes overlap theirs (ops_mem.h). */
__attribute__((noinline)) void alat_inval_range_slow(struct cpu *c, uint64_t addr, unsigned size)
{
    for (uint32_t m = c->alat_mask; m; m &= m - 1) {
        int i = __builtin_ctz(m);
        if (c->alat[i].addr < addr + size && addr < c->alat[i].addr + c->alat[i].size)
            alat_kill(c, i);
    }
}

static inline unsigned gtag(struct cpu *c, unsigned r) { return (unsigned)(c->grmap[r] - c->grf); }
static inline unsigned ftag(struct cpu *c, unsigned f) { return c->frmap[f]; }

/* ------------------------------------------------------------- helpers */
static inline uint64_t unat_bit(uint64_t addr) { return 1ull << ((addr >> 3) & 63); }

/* Would an access of SIZE at ADDR fault?  (For deferral by speculative
 * loads: misaligned, or a new page beyond the memory cap.) */
static int would_fault(struct cpu *c, uint64_t addr, unsigned size)
{
    struct memory *mm = &c->m->mem;
    if (addr & (size - 1))
        return 1;
    if (mem_translation_would_fault(c, addr))    /* system mode, PSR.dt = 1 */
        return 1;
    return mm->npages >= mm->cap_pages && !mem_page(mm, addr, 0);
}

/* Two 8-byte items at a 16-byte aligned address (ld16, st16). */
static int load_pair(struct cpu *c, uint64_t addr, uint64_t *lo, uint64_t *hi)
{
    if (addr & 15)
        return cpu_raise(c, FAULT_UNALIGNED_DATA, addr);
    if (mem_load(c, addr, 8, lo) || mem_load(c, addr + 8, 8, hi))
        return OP_STOP;
    return 0;
}

static int store_pair(struct cpu *c, uint64_t addr, uint64_t lo, uint64_t hi)
{
    if (addr & 15)
        return cpu_raise(c, FAULT_UNALIGNED_DATA, addr);
    if (mem_store(c, addr, 8, lo) || mem_store(c, addr + 8, 8, hi))
        return OP_STOP;
    return 0;
}

/* 16-byte item (spill format): LO at the lower address when little-endian,
 * the whole item byte-reversed with PSR.be (see top). */
static int load16(struct cpu *c, uint64_t addr, uint64_t *lo, uint64_t *hi)
{
    if (c->psr & PSR_BE)
        return load_pair(c, addr, hi, lo);
    return load_pair(c, addr, lo, hi);
}

static int store16(struct cpu *c, uint64_t addr, uint64_t lo, uint64_t hi)
{
    if (c->psr & PSR_BE)
        return store_pair(c, addr, hi, lo);
    return store_pair(c, addr, lo, hi);
}

/* 10-byte double-extended item, byte by byte (1-byte accesses never swap). */
static int load10(struct cpu *c, uint64_t addr, uint64_t *sig, uint64_t *se)
{
    uint8_t b[10];
    if (addr & 15)
        return cpu_raise(c, FAULT_UNALIGNED_DATA, addr);
    for (unsigned i = 0; i < 10; i++) {
        uint64_t v;
        if (mem_load(c, addr + i, 1, &v))
            return OP_STOP;
        b[(c->psr & PSR_BE) ? 9 - i : i] = (uint8_t)v;
    }
    uint64_t s = 0;
    for (int i = 7; i >= 0; i--)
        s = s << 8 | b[i];
    *sig = s;
    *se = (uint64_t)b[8] | (uint64_t)b[9] << 8;
    return 0;
}

static int store10(struct cpu *c, uint64_t addr, uint64_t sig, uint64_t se)
{
    uint8_t b[10];
    if (addr & 15)
        return cpu_raise(c, FAULT_UNALIGNED_DATA, addr);
    for (unsigned i = 0; i < 8; i++)
        b[i] = (uint8_t)(sig >> (8 * i));
    b[8] = (uint8_t)se;
    b[9] = (uint8_t)(se >> 8);
    for (unsigned i = 0; i < 10; i++)
        if (mem_store(c, addr + i, 1, b[(c->psr & PSR_BE) ? 9 - i : i]))
            return OP_STOP;
    return 0;
}

/* ------------------------------------------ FP register <-> memory formats */
/* IEEE single (EBITS 8, MBITS 23) or double (11, 52) memory format to
 * register format: the exponent rebiased to 0xffff, the significand
 * left-justified with its explicit integer bit (SDM vol. 1, 5.1). */
static inline void ieee_to_fr(struct freg *f, uint64_t v, unsigned ebits, unsigned mbits)
{
    uint64_t emax = (1ull << ebits) - 1, bias = emax >> 1;
    uint64_t e = (v >> mbits) & emax, m = v & ((1ull << mbits) - 1);
    f->sign = (uint32_t)(v >> (ebits + mbits)) & 1;
    f->sig = m << (63 - mbits);
    if (e == emax) {
        f->exp = 0x1ffff;
        f->sig |= 1ull << 63;
    } else if (e == 0) {
        f->exp = m ? (uint32_t)(0xffff - bias + 1) : 0;
    } else {
        f->exp = (uint32_t)(e + 0xffff - bias);
        f->sig |= 1ull << 63;
    }
}

/* Register format to IEEE single or double: the exponent's top bit and
 * low EBITS - 1 bits (SDM vol. 1, 5.1). */
static inline uint64_t fr_to_ieee(const struct freg *f, unsigned ebits, unsigned mbits)
{
    uint64_t x = f->exp, emax = (1ull << ebits) - 1, e;
    e = x == 0x1ffff ? emax : !(f->sig >> 63) ? 0 : ((x >> 16) & 1) << (ebits - 1) | (x & (emax >> 1));
    return (uint64_t)(f->sign & 1) << (ebits + mbits) | e << mbits |
           ((f->sig >> (63 - mbits)) & ((1ull << mbits) - 1));
}

/* SDM vol. 1, 5.1 (memory to register): LO holds the item (or its low 8
 * bytes), HI the sign/exponent bytes of double-extended and fill. */
static void mem_to_fr(struct freg *f, int kind, uint64_t lo, uint64_t hi)
{
    uint64_t e;
    switch (kind) {
    case FK_S:
        ieee_to_fr(f, lo, 8, 23);
        break;
    case FK_D:
        ieee_to_fr(f, lo, 11, 52);
        break;
    case FK_E:
        f->sign = (uint32_t)(hi >> 15) & 1;
        e = hi & 0x7fff;
        f->sig = lo;
        f->exp = e == 0x7fff ? 0x1ffff : e == 0 ? 0 : (uint32_t)(e + 0xc000);
        break;
    case FK_8:
        f->sign = 0;
        f->exp = 0x1003e;
        f->sig = lo;
        break;
    default: /* FK_FILL */
        f->sig = lo;
        f->exp = (uint32_t)(hi & 0x1ffff);
        f->sign = (uint32_t)(hi >> 17) & 1;
        break;
    }
}

/* SDM vol. 1, 5.1 (register to memory). */
static void fr_to_mem(const struct freg *f, int kind, uint64_t *lo, uint64_t *hi)
{
    uint64_t x = f->exp, sg = f->sign & 1;
    *hi = 0;
    switch (kind) {
    case FK_S:
        *lo = fr_to_ieee(f, 8, 23);
        break;
    case FK_D:
        *lo = fr_to_ieee(f, 11, 52);
        break;
    case FK_E:
        *lo = f->sig;
        *hi = sg << 15 | ((x >> 16) & 1) << 14 | (x & 0x3fff);
        break;
    case FK_8:
        *lo = f->sig;
        break;
    default: /* FK_FILL: spill format */
        *lo = f->sig;
        *hi = sg << 17 | (x & 0x1ffff);
        break;
    }
}

/* ----------------------------------------------------- integer loads */
/* Base update of M2/M3 style: register (nat ORed) or immediate. */
static inline void base_update(struct cpu *c, unsigned r3, uint64_t inc, int inc_nat)
{
    struct greg *g = gr(c, r3);
    g->val += inc;
    g->nat |= (uint64_t)(inc_nat != 0);
}

/* The base increment of M2/M7 (GR r2, its NaT kept) or M3/M8 (imm9):
 * FORM 1 register, 2 immediate; 0 for any other form. */
static inline uint64_t base_inc(struct cpu *c, const struct pslot *s, int form, int *inc_nat)
{
    *inc_nat = 0;
    if (form == 1) {
        *inc_nat = gr_nat(c, OPR(2));
        return gr_val(c, OPR(2));
    }
    return form == 2 ? (uint64_t)O(2) : 0;
}

/* Check loads (LT_CHK): does the ALAT hold an entry for the target?  The
 * .clr forms drop it. */
static inline int alat_check_hit(struct cpu *c, unsigned t, int fp, unsigned tag)
{
    if (!LT_CHK(t))
        return 0;
    int i = alat_find(c, fp, tag);
    if (i < 0)
        return 0;
    if (LT_CLR(t))
        alat_kill(c, i);
    return 1;
}

/* After an advanced or ld.c.nc load: an entry for the target, or none
 * when the load deferred. */
static inline void alat_after_load(struct cpu *c, unsigned t, int fp, unsigned tag, int defer,
                                   uint64_t addr, unsigned size)
{
    if (!(LT_ADV(t) || t == LT_CNC))
        return;
    if (defer)
        alat_inval_reg(c, fp, tag);
    else
        alat_write(c, fp, tag, addr, size);
}

/* ld (M1, M2, M3).  FORM: 0 no update, 1 register, 2 immediate.  A NaT
 * in GR r2 of the register form does not fault: it makes GR r3 NaT. */
static inline __attribute__((always_inline)) int do_ld_as(struct cpu *c, const struct pslot *s, int form,
                                                         unsigned t, unsigned size)
{
    unsigned r1 = OPR(0), r3 = OPR(1);
    if (r1 == 0 || (form && r1 == r3) || (form && r3 == 0))
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    int inc_nat;
    uint64_t inc = base_inc(c, s, form, &inc_nat);
    struct greg *b = gr(c, r3);
    uint64_t addr = b->val;
    int spec = LT_SPEC(t);
    if (!spec && b->nat)
        return nat_consumption(c);
    int defer = spec && (b->nat || (c->psr & PSR_ED) || would_fault(c, addr, size));
    if (!alat_check_hit(c, t, 0, gtag(c, r1))) {
        uint64_t v = 0;
        if (!defer && mem_load(c, addr, size, &v))
            return OP_STOP;
        if (defer)
            gr_set(c, r1, 0, 1);
        else if (t == LT_FILL)
            gr_set(c, r1, v, (c->ar[AR_UNAT] & unat_bit(addr)) != 0);
        else
            gr_set(c, r1, v, 0);
        alat_after_load(c, t, 0, gtag(c, r1), defer, addr, size);
    }
    if (form)
        base_update(c, r3, inc, inc_nat);
    return OP_NEXT;
}

/* T and SIZE: those of the slot's aux */
static inline int do_ld(struct cpu *c, const struct pslot *s, int form)
{
    return do_ld_as(c, s, form, AUX_T(s->aux), AUX_SZ(s->aux));
}

/* The common cases get handlers of their own, one per size, so that the
 * access compiles to a single move (ops_mem.h). */
__attribute__((noinline, cold)) int mem_fast_fault(struct cpu *c, int illegal)
{
    return illegal ? cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0) : nat_consumption(c);
}

static inline __attribute__((always_inline)) int ld_fast(struct cpu *c, const struct pslot *s,
                                                         unsigned size, int imm)
{
    unsigned r1 = OPR(0), r3 = OPR(1);
    if (__builtin_expect(r1 == 0 || (imm && (r1 == r3 || r3 == 0)), 0))
        return mem_fast_fault(c, 1);
    return ld_exec(c, s, size, imm, 1);
}

static inline __attribute__((always_inline)) int st_fast(struct cpu *c, const struct pslot *s,
                                                         unsigned size, int imm)
{
    if (__builtin_expect(imm && OPR(0) == 0, 0))
        return mem_fast_fault(c, 1);
    return st_exec(c, s, size, imm, 1);
}

/* ld_fast from a load handler whose soft-TLB probe failed (LD_HIT):
 * with valid operands, no NaT and PSR.be = 0 the probe missed, and the
 * slow path comes without probing again. */
static inline __attribute__((always_inline)) int ld_missed(struct cpu *c, const struct pslot *s,
                                                           unsigned size, int imm)
{
    unsigned r1 = OPR(0), r3 = OPR(1);
    struct greg *b = gr(c, r3);
    if (r1 == 0 || (imm && (r1 == r3 || r3 == 0)) || b->nat != 0 || (c->psr & PSR_BE))
        return ld_fast(c, s, size, imm);
    if (!imm)
        return mem_load_slow_gr(c, gr(c, r1), size, b->val);
    if (mem_load_slow_gr(c, gr(c, r1), size, b->val))
        return OP_STOP;
    b->val += (uint64_t)O(2);
    return OP_NEXT;
}

/* st_fast from a store handler whose soft-TLB probe failed (ST_HIT):
 * with valid operands, no NaT, PSR.be = 0 and no ALAT entry the probe
 * missed, and the slow path comes without probing again. */
static inline __attribute__((always_inline)) int st_missed(struct cpu *c, const struct pslot *s,
                                                           unsigned size, int imm)
{
    struct greg *b = gr(c, OPR(0)), *r = gr(c, OPR(1));
    if ((imm && OPR(0) == 0) || (b->nat | r->nat) != 0 || (c->psr & PSR_BE) || c->alat_mask != 0)
        return st_fast(c, s, size, imm);
    uint64_t addr = b->val;
    if (mem_store_slow(c, addr, size, r->val))
        return OP_STOP;
    alat_store(c, addr, size);
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

/* The handlers: a soft-TLB hit, little-endian, no NaT, no ALAT entry and
 * valid operands are done inline with no call, so no stack frame; an M1
 * load's miss with valid operands goes straight to mem_load_slow_gr, any
 * other case, untouched, to ld_missed / st_missed out of line. */
#define MEM_SLOW(N)                                                                                     \
    static __attribute__((noinline)) int ld##N##_slow(struct cpu *c, const struct pslot *s, int imm)   \
    {                                                                                                   \
        return imm ? ld_missed(c, s, N, 1) : ld_missed(c, s, N, 0);                                     \
    }                                                                                                   \
    static __attribute__((noinline)) int st##N##_slow(struct cpu *c, const struct pslot *s, int imm)   \
    {                                                                                                   \
        return imm ? st_missed(c, s, N, 1) : st_missed(c, s, N, 0);                                     \
    }
MEM_SLOW(1) MEM_SLOW(2) MEM_SLOW(4) MEM_SLOW(8)

#define LD_HIT(N, IMM)                                                                             \
    do {                                                                                           \
        unsigned r1 = OPR(0), r3 = OPR(1);                                                         \
        struct greg *b = gr(c, r3);                                                                \
        uint64_t addr = b->val;                                                                    \
        const struct mem_tlb *t = &c->m->mem.rtlb[mem_tlb_index(addr)];                            \
        if (__builtin_expect(r1 == 0 || ((IMM) && (r1 == r3 || r3 == 0)) || b->nat != 0 ||         \
                             t->tag != (addr & (GUEST_PAGE_MASK | (N - 1))) || (c->psr & PSR_BE), 0)) { \
            if (!(IMM) && r1 != 0 && b->nat == 0 && !(c->psr & PSR_BE)) /* (the probe missed) */   \
                return mem_load_slow_gr(c, gr(c, r1), N, addr);                                    \
            return ld##N##_slow(c, s, IMM);                                                        \
        }                                                                                          \
        uint64_t v = 0;                                                                            \
        memcpy(&v, t->host + (addr & ~GUEST_PAGE_MASK), N);                                        \
        struct greg *d = gr(c, r1);                                                                \
        d->val = v;                                                                                \
        d->nat = 0;                                                                                \
        if (IMM)                                                                                   \
            b->val += (uint64_t)O(2);                                                              \
        return OP_NEXT;                                                                            \
    } while (0)

#define ST_HIT(N, IMM)                                                                             \
    do {                                                                                           \
        struct greg *b = gr(c, OPR(0)), *r = gr(c, OPR(1));                                        \
        uint64_t addr = b->val;                                                                    \
        const struct mem_tlb *t = &c->m->mem.wtlb[mem_tlb_index(addr)];                            \
        if (__builtin_expect(((IMM) && OPR(0) == 0) || (b->nat | r->nat) != 0 ||                   \
                             t->tag != (addr & (GUEST_PAGE_MASK | (N - 1))) ||                     \
                             (c->psr & PSR_BE) || c->alat_mask != 0, 0))                           \
            return st##N##_slow(c, s, IMM);                                                        \
        uint64_t v = r->val;                                                                       \
        memcpy(t->host + (addr & ~GUEST_PAGE_MASK), &v, N);                                        \
        if (IMM)                                                                                   \
            b->val += (uint64_t)O(2);                                                              \
        return OP_NEXT;                                                                            \
    } while (0)

#define FAST(N)                                                                        \
    static int op_ld##N##_m1(struct cpu *c, const struct pslot *s) { LD_HIT(N, 0); }   \
    static int op_ld##N##_m3(struct cpu *c, const struct pslot *s) { LD_HIT(N, 1); }   \
    static int op_st##N##_m4(struct cpu *c, const struct pslot *s) { ST_HIT(N, 0); }   \
    static int op_st##N##_m5(struct cpu *c, const struct pslot *s) { ST_HIT(N, 1); }
FAST(1) FAST(2) FAST(4) FAST(8)
#define FAST_LD_M1(n) op_ld##n##_m1
#define FAST_LD_M3(n) op_ld##n##_m3
#define FAST_ST_M4(n) op_st##n##_m4
#define FAST_ST_M5(n) op_st##n##_m5
#define NO_FAST_M2(n) op_ld_m2

static int op_ld_m1(struct cpu *c, const struct pslot *s) { return do_ld(c, s, 0); }
static int op_ld_m2(struct cpu *c, const struct pslot *s) { return do_ld(c, s, 1); }
static int op_ld_m3(struct cpu *c, const struct pslot *s) { return do_ld(c, s, 2); }
/* ld8.fill (M1, M3): their own, do_ld with the kind known; a soft-TLB
 * hit with valid operands, no NaT base and little-endian inline (NaT from
 * AR.UNAT, no ALAT work for fill), the rest out of line. */
static __attribute__((noinline)) int ld8_fill_slow(struct cpu *c, const struct pslot *s, int imm)
{
    return imm ? do_ld_as(c, s, 2, LT_FILL, 8) : do_ld_as(c, s, 0, LT_FILL, 8);
}

static inline __attribute__((always_inline)) int ld8_fill(struct cpu *c, const struct pslot *s, int imm)
{
    unsigned r1 = OPR(0), r3 = OPR(1);
    struct greg *b = gr(c, r3);
    uint64_t addr = b->val;
    const struct mem_tlb *t = &c->m->mem.rtlb[mem_tlb_index(addr)];
    if (__builtin_expect(r1 == 0 || (imm && (r1 == r3 || r3 == 0)) || b->nat != 0 ||
                         t->tag != (addr & (GUEST_PAGE_MASK | 7)) || (c->psr & PSR_BE), 0))
        return ld8_fill_slow(c, s, imm);
    uint64_t v;
    memcpy(&v, t->host + (addr & ~GUEST_PAGE_MASK), 8);
    gr_set(c, r1, v, (c->ar[AR_UNAT] & unat_bit(addr)) != 0);
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

static int op_ld8_fill_m1(struct cpu *c, const struct pslot *s) { return ld8_fill(c, s, 0); }
static int op_ld8_fill_m3(struct cpu *c, const struct pslot *s) { return ld8_fill(c, s, 1); }

/* ld16 (M1): r1 = the 8 bytes at the address, ar.csd = the next 8. */
static int op_ld16(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0);
    struct greg *b = gr(c, OPR(2));
    uint64_t lo, hi;
    if (r1 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (b->nat)
        return nat_consumption(c);
    if (load_pair(c, b->val, &lo, &hi))
        return OP_STOP;
    gr_set(c, r1, lo, 0);
    c->ar[AR_CSD] = hi;
    return OP_NEXT;
}

/* ----------------------------------------------------- integer stores */
/* st (M4, M5).  IMM: the immediate base-update form. */
static inline __attribute__((always_inline)) int do_st(struct cpu *c, const struct pslot *s, int imm,
                                                      unsigned t, unsigned size)
{
    unsigned r3 = OPR(0);
    struct greg *b = gr(c, r3), *v = gr(c, OPR(1));
    if (imm && r3 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (b->nat || (t != ST_SPILL && v->nat))
        return nat_consumption(c);
    uint64_t addr = b->val;
    if (mem_store(c, addr, size, v->val))
        return OP_STOP;
    if (t == ST_SPILL) {
        if (v->nat)
            c->ar[AR_UNAT] |= unat_bit(addr);
        else
            c->ar[AR_UNAT] &= ~unat_bit(addr);
    }
    alat_store(c, addr, size);
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

/* st8.spill (M4, M5); the other stores are the fast handlers'.  As ld8.fill:
 * the soft-TLB hit with no ALAT entry inline, the rest out of line. */
static __attribute__((noinline)) int st8_spill_slow(struct cpu *c, const struct pslot *s, int imm)
{
    return imm ? do_st(c, s, 1, ST_SPILL, 8) : do_st(c, s, 0, ST_SPILL, 8);
}

static inline __attribute__((always_inline)) int st8_spill(struct cpu *c, const struct pslot *s, int imm)
{
    struct greg *b = gr(c, OPR(0)), *r = gr(c, OPR(1));
    uint64_t addr = b->val;
    const struct mem_tlb *t = &c->m->mem.wtlb[mem_tlb_index(addr)];
    if (__builtin_expect((imm && OPR(0) == 0) || b->nat != 0 || t->tag != (addr & (GUEST_PAGE_MASK | 7)) ||
                         (c->psr & PSR_BE) || c->alat_mask != 0, 0))
        return st8_spill_slow(c, s, imm);
    uint64_t v = r->val, bit = unat_bit(addr);
    memcpy(t->host + (addr & ~GUEST_PAGE_MASK), &v, 8);
    c->ar[AR_UNAT] = (c->ar[AR_UNAT] & ~bit) | (r->nat ? bit : 0);
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

static int op_st8_spill_m4(struct cpu *c, const struct pslot *s) { return st8_spill(c, s, 0); }
static int op_st8_spill_m5(struct cpu *c, const struct pslot *s) { return st8_spill(c, s, 1); }

/* st16 (M4): r2 to the 8 bytes at the address, ar.csd to the next 8. */
static int op_st16(struct cpu *c, const struct pslot *s)
{
    struct greg *b = gr(c, OPR(0)), *v = gr(c, OPR(1));
    if (b->nat || v->nat)
        return nat_consumption(c);
    if (store_pair(c, b->val, v->val, c->ar[AR_CSD]))
        return OP_STOP;
    alat_store(c, b->val, 16);
    return OP_NEXT;
}

/* ---------------------------------------------------------- semaphores */
/* cmpxchg, xchg (M16), fetchadd (M17).  Ordering completers change
 * nothing here: one CPU, accesses in program order. */
static int sem_prologue(struct cpu *c, unsigned r1, struct greg *b, int r2nat)
{
    if (r1 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (b->nat || r2nat)
        return nat_consumption(c);
    return 0;
}

enum { SEM_CMPXCHG, SEM_XCHG, SEM_FETCHADD };

/* r1 = the old value; memory gets GR r2 (cmpxchg: only when the old value
 * equals ar.ccv) or, for fetchadd, the old value + inc3 (operand 2). */
static inline int do_sem(struct cpu *c, const struct pslot *s, int kind)
{
    unsigned r1 = OPR(0), size = AUX_SZ(s->aux);
    struct greg *b = gr(c, OPR(1));
    uint64_t old, newv = 0;
    int r2nat = 0;
    if (kind != SEM_FETCHADD) {
        const struct greg *v = gr(c, OPR(2));
        newv = v->val;
        r2nat = (int)v->nat;
    }
    if (sem_prologue(c, r1, b, r2nat))
        return OP_STOP;
    uint64_t addr = b->val;
    if (mem_load(c, addr, size, &old) || mem_sem_unsupported(c, addr, kind == SEM_FETCHADD))
        return OP_STOP;
    if (kind == SEM_FETCHADD)
        newv = old + (uint64_t)O(2);
    if (kind != SEM_CMPXCHG || old == c->ar[AR_CCV]) {
        if (mem_store(c, addr, size, newv))
            return OP_STOP;
        alat_store(c, addr, size);
    }
    gr_set(c, r1, old, 0);
    return OP_NEXT;
}

static int op_cmpxchg(struct cpu *c, const struct pslot *s) { return do_sem(c, s, SEM_CMPXCHG); }
static int op_xchg(struct cpu *c, const struct pslot *s) { return do_sem(c, s, SEM_XCHG); }
static int op_fetchadd(struct cpu *c, const struct pslot *s) { return do_sem(c, s, SEM_FETCHADD); }

static int op_cmp8xchg16(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0);
    struct greg *b = gr(c, OPR(1)), *v = gr(c, OPR(2));
    uint64_t old;
    if (sem_prologue(c, r1, b, (int)v->nat))
        return OP_STOP;
    uint64_t addr = b->val;
    if (mem_load(c, addr, 8, &old) || mem_sem_unsupported(c, addr, 0))
        return OP_STOP;
    if (old == c->ar[AR_CCV]) {
        if (store_pair(c, addr & ~15ull, v->val, c->ar[AR_CSD]))
            return OP_STOP;
        alat_store(c, addr & ~15ull, 16);
    }
    gr_set(c, r1, old, 0);
    return OP_NEXT;
}

/* ------------------------------------------------------------ getf/setf */
static int op_getf(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0), f2 = OPR(1);
    if (r1 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (fp_disabled(c, f2))
        return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, fp_disabled(c, f2));
    const struct freg *f = fr(c, f2);
    if (is_natval(f)) {
        gr_set(c, r1, 0, 1);
        return OP_NEXT;
    }
    uint64_t v, hi;
    switch (s->aux) {
    case 0: v = f->sig; break;                                          /* sig */
    case 1: v = (uint64_t)(f->sign & 1) << 17 | (f->exp & 0x1ffff); break; /* exp */
    default: fr_to_mem(f, s->aux == 2 ? FK_S : FK_D, &v, &hi); break;   /* s, d */
    }
    gr_set(c, r1, v, 0);
    return OP_NEXT;
}

static int op_setf(struct cpu *c, const struct pslot *s)
{
    unsigned f1 = OPR(0);
    struct greg *g = gr(c, OPR(1));
    if (f1 < 2)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (fp_disabled(c, f1))
        return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, fp_disabled(c, f1));
    struct freg *f = fr(c, f1);
    fr_written(c, f1);
    if (g->nat) {
        set_natval(f);
        return OP_NEXT;
    }
    switch (s->aux) {
    case 0: mem_to_fr(f, FK_8, g->val, 0); break;
    case 1:
        f->sign = (uint32_t)(g->val >> 17) & 1;
        f->exp = (uint32_t)(g->val & 0x1ffff);
        f->sig = 1ull << 63;
        break;
    case 2: mem_to_fr(f, FK_S, g->val & 0xffffffffu, 0); break;
    default: mem_to_fr(f, FK_D, g->val, 0); break;
    }
    return OP_NEXT;
}

/* ------------------------------------------------------------ FP loads */
static const unsigned fk_size[] = { [FK_S] = 4, [FK_D] = 8, [FK_E] = 16, [FK_8] = 8, [FK_FILL] = 16 };

static int fp_load_item(struct cpu *c, int kind, uint64_t addr, uint64_t *lo, uint64_t *hi)
{
    *hi = 0;
    switch (kind) {
    case FK_S: return mem_load(c, addr, 4, lo);
    case FK_D: case FK_8: return mem_load(c, addr, 8, lo);
    case FK_E: return load10(c, addr, lo, hi);
    default: return load16(c, addr, lo, hi);
    }
}

/* ldf (M6, M7, M8) and ldfp (M11, M12).  FORM: 0 none, 1 register,
 * 2 immediate, 3 pair size.  PAIR: f1, f2 = two items. */
static int do_ldf(struct cpu *c, const struct pslot *s, int form, int pair)
{
    unsigned t = AUX_T(s->aux), kind = AUX_SZ(s->aux);
    unsigned f1 = OPR(0), f2 = pair ? OPR(1) : 0, r3 = OPR(pair ? 2 : 1);
    unsigned isz = fk_size[kind], size = pair ? 2 * isz : isz;
    if (f1 < 2 || (form && r3 == 0))
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (pair && (f2 < 2 || !((ftag(c, f1) ^ ftag(c, f2)) & 1)))
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (fp_disabled(c, f1) || (pair && fp_disabled(c, f2)))
        return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, fp_disabled(c, f1) | (pair ? fp_disabled(c, f2) : 0));
    int inc_nat = 0;
    uint64_t inc = form == 3 ? size : base_inc(c, s, form, &inc_nat);
    struct greg *b = gr(c, r3);
    uint64_t addr = b->val;
    int spec = LT_SPEC(t);
    if (!spec && b->nat)
        return nat_consumption(c);
    unsigned align = kind == FK_E ? 16 : size;
    int defer = spec && (b->nat || (c->psr & PSR_ED) || would_fault(c, addr, align));
    if (!alat_check_hit(c, t, 1, ftag(c, f1))) {
        if (defer) {
            set_natval(fr(c, f1));
            if (pair)
                set_natval(fr(c, f2));
        } else {
            uint64_t lo, hi, lo2 = 0, hi2 = 0;
            if (pair && (addr & (size - 1)))
                return cpu_raise(c, FAULT_UNALIGNED_DATA, addr);
            if (fp_load_item(c, (int)kind, addr, &lo, &hi) ||
                (pair && fp_load_item(c, (int)kind, addr + isz, &lo2, &hi2)))
                return OP_STOP;
            mem_to_fr(fr(c, f1), (int)kind, lo, hi);
            if (pair)
                mem_to_fr(fr(c, f2), (int)kind, lo2, hi2);
        }
        fr_written(c, f1);
        if (pair)
            fr_written(c, f2);
        alat_after_load(c, t, 1, ftag(c, f1), defer, addr, size);
    }
    if (form)
        base_update(c, r3, inc, inc_nat);
    return OP_NEXT;
}

static int op_ldf_m6(struct cpu *c, const struct pslot *s) { return do_ldf(c, s, 0, 0); }
static int op_ldf_m7(struct cpu *c, const struct pslot *s) { return do_ldf(c, s, 1, 0); }
static int op_ldf_m8(struct cpu *c, const struct pslot *s) { return do_ldf(c, s, 2, 0); }
static int op_ldfp_m11(struct cpu *c, const struct pslot *s) { return do_ldf(c, s, 0, 1); }
static int op_ldfp_m12(struct cpu *c, const struct pslot *s) { return do_ldf(c, s, 3, 1); }

/* stf (M9, M10).  A NaTVal source faults, except for stf.spill. */
static int do_stf(struct cpu *c, const struct pslot *s, int imm)
{
    unsigned r3 = OPR(0), f2 = OPR(1), kind = AUX_SZ(s->aux);
    struct greg *b = gr(c, r3);
    if (imm && r3 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (fp_disabled(c, f2))
        return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, fp_disabled(c, f2));
    const struct freg *f = fr(c, f2);
    if (b->nat || (kind != FK_FILL && is_natval(f)))
        return nat_consumption(c);
    uint64_t addr = b->val, lo, hi;
    fr_to_mem(f, (int)kind, &lo, &hi);
    int r;
    switch (kind) {
    case FK_S: r = mem_store(c, addr, 4, lo); break;
    case FK_D: case FK_8: r = mem_store(c, addr, 8, lo); break;
    case FK_E: r = store10(c, addr, lo, hi); break;
    default: r = store16(c, addr, lo, hi); break;
    }
    if (r)
        return OP_STOP;
    alat_store(c, addr, kind == FK_E ? 10 : fk_size[kind]);
    if (imm)
        b->val += (uint64_t)O(2);
    return OP_NEXT;
}

static int op_stf_m9(struct cpu *c, const struct pslot *s) { return do_stf(c, s, 0); }
static int op_stf_m10(struct cpu *c, const struct pslot *s) { return do_stf(c, s, 1); }

/* -------------------------------------------------------------- lfetch */
/* A hint: no access.  lfetch.fault with a NaT address takes the fault a
 * load would (NaT consumption) unless PSR.ed; the plain form never
 * faults.  AUX: 1 for the .fault forms.  M14/M15 update the base (its NaT
 * ORed with that of r2). */
static inline int lfetch_faults(struct cpu *c, const struct pslot *s)
{
    return s->aux && gr_nat(c, OPR(0)) && !(c->psr & PSR_ED);
}

static int op_lfetch(struct cpu *c, const struct pslot *s)
{
    if (lfetch_faults(c, s))
        return nat_consumption(c);
    return OP_NEXT;
}

/* M14 (IMM 0: GR r2) and M15 (IMM 1: imm9). */
static inline int lfetch_update(struct cpu *c, const struct pslot *s, int imm)
{
    unsigned r3 = OPR(0);
    if (r3 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    if (lfetch_faults(c, s))
        return nat_consumption(c);
    if (imm)
        base_update(c, r3, (uint64_t)O(1), 0);
    else
        base_update(c, r3, gr_val(c, OPR(1)), gr_nat(c, OPR(1)));
    return OP_NEXT;
}

static int op_lfetch_m14(struct cpu *c, const struct pslot *s) { return lfetch_update(c, s, 0); }
static int op_lfetch_m15(struct cpu *c, const struct pslot *s) { return lfetch_update(c, s, 1); }

/* ------------------------------------------------------------- checks */
static inline int check_branch(struct cpu *c, int64_t disp)
{
    c->ip += (uint64_t)disp;
    c->slot = 0;
    return OP_BRANCH;
}

/* chk.s.i (I20), chk.s.m (M20): recovery when GR r2 is NaT. */
static int op_chks_gr(struct cpu *c, const struct pslot *s)
{
    if (gr_nat(c, OPR(0)))
        return check_branch(c, O(1));
    return OP_NEXT;
}

/* chk.s (M21): recovery when FR f2 is NaTVal. */
static int op_chks_fr(struct cpu *c, const struct pslot *s)
{
    if (fp_disabled(c, OPR(0)))
        return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, fp_disabled(c, OPR(0)));
    if (is_natval(fr(c, OPR(0))))
        return check_branch(c, O(1));
    return OP_NEXT;
}

/* chk.a.nc / chk.a.clr (M22, M23): recovery when the ALAT holds no entry
 * for the register; .clr drops a matching entry.  AUX: bit 0 clr, bit 1 fp. */
static int op_chka(struct cpu *c, const struct pslot *s)
{
    int fp = (s->aux & 2) != 0;
    unsigned reg = OPR(0);
    if (fp && fp_disabled(c, reg))
        return cpu_raise(c, FAULT_DISABLED_FP_REGISTER, fp_disabled(c, reg));
    int i = alat_find(c, fp, fp ? ftag(c, reg) : gtag(c, reg));
    if (i < 0)
        return check_branch(c, O(1));
    if (s->aux & 1)
        alat_kill(c, i);
    return OP_NEXT;
}

/* ---------------------------------------------- invala, fences, flushes */
static int op_invala(struct cpu *c, const struct pslot *s)
{
    (void)s;
    for (uint32_t m = c->alat_mask; m; m &= m - 1)   /* the valid ones (cpu.h) */
        c->alat[__builtin_ctz(m)].valid = 0;
    c->alat_mask = 0;
    return OP_NEXT;
}

static int op_invala_e(struct cpu *c, const struct pslot *s)
{
    unsigned reg = OPR(0);
    if (s->aux)
        alat_inval_reg(c, 1, ftag(c, reg));
    else
        alat_inval_reg(c, 0, gtag(c, reg));
    return OP_NEXT;
}

/* mf, mf.a, fwb, srlz.d, srlz.i, sync.i: one in-order CPU, and the
 * predecode cache checks the bytes of every bundle it runs. */
static int op_fence(struct cpu *c, const struct pslot *s)
{
    (void)c; (void)s;
    return OP_NEXT;
}

/* fc, fc.i (M28): nothing to flush, but a NaT address faults. */
static int op_fc(struct cpu *c, const struct pslot *s)
{
    if (gr_nat(c, OPR(0)))
        return nat_consumption(c);
    /* the line's predecoded bundles go (their page's, ia64emu has no lines) */
    pcache_invalidate_page(c->m, gr_val(c, OPR(0)));
    return OP_NEXT;
}

/* ---------------------------------------------------------- user mask */
#define PSR_UM_MASK 0x3eull /* be, up, ac, mfl, mfh; bit 0 is reserved */

/* The user-mask bits a write may change: PSR.up is frozen while PSR.sp
 * (secure performance monitors) is set. */
static inline uint64_t um_writable(const struct cpu *c)
{
    return (c->psr & PSR_SP) ? PSR_UM_MASK & ~PSR_UP : PSR_UM_MASK;
}

/* sum / rum (M44), AUX 1 for rum.  Any bit outside be, up, ac, mfl, mfh
 * is a reserved field.  ssm/rsm share the format but are privileged system
 * instructions (not here). */
static int op_sum(struct cpu *c, const struct pslot *s)
{
    uint64_t imm = (uint64_t)O(0);
    if (imm & ~PSR_UM_MASK)
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    imm &= um_writable(c);
    if (s->aux)
        c->psr &= ~imm;
    else
        c->psr |= imm;
    return OP_NEXT;
}

/* mov psr.um = r2 (M35), mov r1 = psr.um (M36); the psr.l / psr forms
 * are system instructions (ops_sys.c). */
static int op_mov_to_psr(struct cpu *c, const struct pslot *s)
{
    if (s->d->opnd[0] != OPND_PSR_UM)
        return sys_mov_to_psr_l(c, s);
    struct greg *g = gr(c, OPR(1));
    if (g->nat)
        return nat_consumption(c);
    if (g->val & ~PSR_UM_MASK)
        return cpu_raise(c, FAULT_RESERVED_REGISTER_FIELD, 0);
    uint64_t w = um_writable(c);
    c->psr = (c->psr & ~w) | (g->val & w);
    return OP_NEXT;
}

static int op_mov_from_psr(struct cpu *c, const struct pslot *s)
{
    unsigned r1 = OPR(0);
    if (s->d->opnd[1] != OPND_PSR_UM)
        return sys_mov_from_psr(c, s);
    if (r1 == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    gr_set(c, r1, c->psr & 0x3f, 0);
    return OP_NEXT;
}

/* ------------------------------------------------------------ bindings */
/* FP(n): the fast handler of size n for the plain, acq and bias types. */
#define LDTYPES(F, fn, fast, p, sz, hot)                                                 \
    { F, p, fast, AUX(sz, LT_NONE), OPB_HOT(hot) }, { F, p ".s", fn, AUX(sz, LT_S), 0 },             \
    { F, p ".a", fn, AUX(sz, LT_A), 0 }, { F, p ".sa", fn, AUX(sz, LT_SA), 0 },           \
    { F, p ".bias", fast, AUX(sz, LT_BIAS), 0 }, { F, p ".acq", fast, AUX(sz, LT_ACQ), 0 }, \
    { F, p ".c.clr", fn, AUX(sz, LT_CCLR), 0 }, { F, p ".c.nc", fn, AUX(sz, LT_CNC), 0 },  \
    { F, p ".c.clr.acq", fn, AUX(sz, LT_CCLRACQ), 0 }
/* HOT8: the hot form of plain ld8 (ops.h), or 0. */
#define LDSIZES(F, fn, FP, HOT8, FILL)                                          \
    LDTYPES(F, fn, FP(1), "ld1", 1, 0), LDTYPES(F, fn, FP(2), "ld2", 2, 0),    \
    LDTYPES(F, fn, FP(4), "ld4", 4, 0), LDTYPES(F, fn, FP(8), "ld8", 8, HOT8), \
    { F, "ld8.fill", FILL, AUX(8, LT_FILL), 0 }
#define STTYPES(F, fast, p, sz, hot) { F, p, fast, AUX(sz, ST_NONE), OPB_HOT(hot) }, { F, p ".rel", fast, AUX(sz, ST_REL), 0 }
#define STSIZES(F, FP, HOT8, SPILL)                                           \
    STTYPES(F, FP(1), "st1", 1, 0), STTYPES(F, FP(2), "st2", 2, 0), STTYPES(F, FP(4), "st4", 4, 0), \
    STTYPES(F, FP(8), "st8", 8, HOT8), { F, "st8.spill", SPILL, AUX(8, ST_SPILL), 0 }
#define FLDTYPES(F, fn, p, k)                                                          \
    { F, p, fn, AUX(k, LT_NONE), 0 }, { F, p ".s", fn, AUX(k, LT_S), 0 },               \
    { F, p ".a", fn, AUX(k, LT_A), 0 }, { F, p ".sa", fn, AUX(k, LT_SA), 0 },            \
    { F, p ".c.clr", fn, AUX(k, LT_CCLR), 0 }, { F, p ".c.nc", fn, AUX(k, LT_CNC), 0 }
#define FLDKINDS(F, fn)                                                       \
    FLDTYPES(F, fn, "ldfs", FK_S), FLDTYPES(F, fn, "ldfd", FK_D),             \
    FLDTYPES(F, fn, "ldfe", FK_E), FLDTYPES(F, fn, "ldf8", FK_8),             \
    { F, "ldf.fill", fn, AUX(FK_FILL, LT_NONE), 0 }
#define FPAIRS(F, fn)                                                         \
    FLDTYPES(F, fn, "ldfps", FK_S), FLDTYPES(F, fn, "ldfpd", FK_D), FLDTYPES(F, fn, "ldfp8", FK_8)
#define STFKINDS(F, fn)                                                       \
    { F, "stfs", fn, FK_S, 0 }, { F, "stfd", fn, FK_D, 0 }, { F, "stfe", fn, FK_E, 0 }, \
    { F, "stf8", fn, FK_8, 0 }, { F, "stf.spill", fn, FK_FILL, 0 }
#define SEM(fn, p, sz) { "M16", p, fn, AUX(sz, 0), 0 }
/* AUX 1: the .fault forms. */
#define LFETCHES(F, fn)                                                       \
    { F, "lfetch", fn, 0, 0 }, { F, "lfetch.fault", fn, 1, 0 },               \
    { F, "lfetch.excl", fn, 0, 0 }, { F, "lfetch.fault.excl", fn, 1, 0 }

const struct op_binding ops_mem[] = {
    LDSIZES("M1", op_ld_m1, FAST_LD_M1, HOT_LD8, op_ld8_fill_m1),
    LDSIZES("M2", op_ld_m2, NO_FAST_M2, 0, op_ld_m2),
    LDSIZES("M3", op_ld_m3, FAST_LD_M3, 0, op_ld8_fill_m3),
    { "M1", "ld16", op_ld16, 0, 0 },
    STSIZES("M4", FAST_ST_M4, HOT_ST8, op_st8_spill_m4),
    STSIZES("M5", FAST_ST_M5, 0, op_st8_spill_m5),
    { "M4", "st16", op_st16, 0, 0 },
    SEM(op_cmpxchg, "cmpxchg1", 1), SEM(op_cmpxchg, "cmpxchg2", 2),
    SEM(op_cmpxchg, "cmpxchg4", 4), SEM(op_cmpxchg, "cmpxchg8", 8),
    SEM(op_xchg, "xchg1", 1), SEM(op_xchg, "xchg2", 2), SEM(op_xchg, "xchg4", 4), SEM(op_xchg, "xchg8", 8),
    { "M16", "cmp8xchg16", op_cmp8xchg16, 0, 0 },
    { "M17", "fetchadd4", op_fetchadd, 4, 0 }, { "M17", "fetchadd8", op_fetchadd, 8, 0 },
    { "M19", "getf.sig", op_getf, 0, 0 }, { "M19", "getf.exp", op_getf, 1, 0 },
    { "M19", "getf.s", op_getf, 2, 0 }, { "M19", "getf.d", op_getf, 3, 0 },
    { "M18", "setf.sig", op_setf, 0, 0 }, { "M18", "setf.exp", op_setf, 1, 0 },
    { "M18", "setf.s", op_setf, 2, 0 }, { "M18", "setf.d", op_setf, 3, 0 },
    FLDKINDS("M6", op_ldf_m6),
    FLDKINDS("M7", op_ldf_m7),
    FLDKINDS("M8", op_ldf_m8),
    FPAIRS("M11", op_ldfp_m11),
    FPAIRS("M12", op_ldfp_m12),
    STFKINDS("M9", op_stf_m9),
    STFKINDS("M10", op_stf_m10),
    LFETCHES("M13", op_lfetch),
    { "M52", "lfetch.count", op_lfetch, 0, 0 },
    LFETCHES("M14", op_lfetch_m14),
    LFETCHES("M15", op_lfetch_m15),
    { "I20", "chk.s.i", op_chks_gr, 0, 0 },
    { "M20", "chk.s.m", op_chks_gr, 0, 0 },
    { "M21", "chk.s", op_chks_fr, 0, 0 },
    { "M22", "chk.a.nc", op_chka, 0, 0 }, { "M22", "chk.a.clr", op_chka, 1, 0 },
    { "M23", "chk.a.nc", op_chka, 2, 0 }, { "M23", "chk.a.clr", op_chka, 3, 0 },
    { "M24", "invala", op_invala, 0, 0 },
    { "M24", "fwb", op_fence, 0, 0 }, { "M24", "mf", op_fence, 0, 0 },
    { "M24", "srlz", op_fence, 0, 0 }, { "M24", "sync", op_fence, 0, 0 },
    { "M26", "invala.e", op_invala_e, 0, 0 }, { "M27", "invala.e", op_invala_e, 1, 0 },
    { "M28", "fc", op_fc, 0, 0 },
    { "M44", "sum", op_sum, 0, 0 }, { "M44", "rum", op_sum, 1, 0 },
    { "M35", "mov", op_mov_to_psr, 0, 0 }, { "M36", "mov", op_mov_from_psr, 0, 0 },
    { 0 },
};
