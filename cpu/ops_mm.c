/* Multimedia instructions: A9, A10 (parallel add, subtract, average,
 * compare, shift-and-add) and I1-I8 (parallel multiply, mix, mux, pack,
 * unpack, min/max, sum of absolute differences, parallel shifts), plus
 * mpy4/mpyshl4.  SDM rev. 2.3 vol. 3, chapter 2 (the per-instruction
 * pseudo-code) and vol. 1, 4.6 ("Multimedia Instructions").
 *
 * Every form writes GR r1 with the NaT bit the OR of its GR sources' NaT
 * bits (no NaT Consumption fault), and raises Illegal Operation when r1 is
 * r0 (check_target_register).  Element i of a register is bits
 * i*w .. i*w+w-1 (w = element width), element 0 the least significant.
 *
 * pslot.aux of every binding: bits 0-3 element size in bytes, bits 4-7 a
 * variant (saturation form, left/right, signed/unsigned ...).
 */
#include "ops.h"

#define ESZ(s)  ((unsigned)((s)->aux & 15))          /* element bytes */
#define VAR(s)  ((unsigned)((s)->aux >> 4))          /* variant */
#define AUX(sz, v) ((uint32_t)(sz) | (uint32_t)(v) << 4)

/* ------------------------------------------------------------ elements */
static inline uint64_t emask(unsigned bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}
/* element I (width BITS) of V, zero- or sign-extended */
static inline uint64_t ue(uint64_t v, unsigned bits, unsigned i)
{
    return (v >> (i * bits)) & emask(bits);
}
static inline int64_t se(uint64_t v, unsigned bits, unsigned i)
{
    uint64_t x = ue(v, bits, i), sb = 1ull << (bits - 1);
    return (int64_t)((x ^ sb) - sb);
}
static inline uint64_t put(uint64_t r, unsigned bits, unsigned i, uint64_t x)
{
    return r | (x & emask(bits)) << (i * bits);
}
/* saturation to a signed / unsigned BITS-bit range */
static inline int64_t ssat(int64_t v, unsigned bits)
{
    int64_t max = (int64_t)(emask(bits - 1)), min = -max - 1;
    return v > max ? max : v < min ? min : v;
}
static inline int64_t usat(int64_t v, unsigned bits)
{
    int64_t max = (int64_t)emask(bits);
    return v > max ? max : v < 0 ? 0 : v;
}

/* ------------------------------------------------- operand plumbing */
/* r1 = f(GR[O(1)], GR[O(2)]): the common two-source register form. */
#define RR_HANDLER(name, expr)                                                \
    static int name(struct cpu *c, const struct pslot *s)                     \
    {                                                                         \
        if (OPR(0) == 0)                                                      \
            return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);                  \
        const struct greg *g2 = gr(c, OPR(1)), *g3 = gr(c, OPR(2));           \
        uint64_t a = g2->val, b = g3->val;                                    \
        int nat = (int)(g2->nat | g3->nat);                                   \
        gr_set(c, OPR(0), (expr), nat);                                       \
        return OP_NEXT;                                                       \
    }

/* ---------------------------------------------------- A9: padd / psub */
enum { SAT_NONE, SAT_SSS, SAT_UUU, SAT_UUS };

static uint64_t padd_psub(uint64_t a, uint64_t b, unsigned sz, unsigned sat, int sub)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        int64_t x, y;
        switch (sat) {
        case SAT_SSS: x = se(a, w, i); y = se(b, w, i); break;
        case SAT_UUS: x = (int64_t)ue(a, w, i); y = se(b, w, i); break;
        default: x = (int64_t)ue(a, w, i); y = (int64_t)ue(b, w, i); break;
        }
        int64_t t = sub ? x - y : x + y;
        if (sat == SAT_SSS)
            t = ssat(t, w);
        else if (sat != SAT_NONE)
            t = usat(t, w);
        r = put(r, w, i, (uint64_t)t);
    }
    return r;
}
RR_HANDLER(op_padd, padd_psub(a, b, ESZ(s), VAR(s), 0))
RR_HANDLER(op_psub, padd_psub(a, b, ESZ(s), VAR(s), 1))

/* ------------------------------------------------ A9: pavg, pavgsub */
static uint64_t pavg(uint64_t a, uint64_t b, unsigned sz, int raz)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t t = ue(a, w, i) + ue(b, w, i);
        r = put(r, w, i, raz ? (t + 1) >> 1 : (t >> 1) | (t & 1));
    }
    return r;
}
/* The difference's high bit comes from the borrow: an arithmetic shift of
 * the (w+1)-bit signed difference. */
static uint64_t pavgsub(uint64_t a, uint64_t b, unsigned sz)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        int64_t t = (int64_t)ue(a, w, i) - (int64_t)ue(b, w, i);
        r = put(r, w, i, (uint64_t)((t >> 1) | (t & 1)));
    }
    return r;
}
RR_HANDLER(op_pavg, pavg(a, b, ESZ(s), (int)VAR(s)))
RR_HANDLER(op_pavgsub, pavgsub(a, b, ESZ(s)))

/* ---------------------------------------------------------- A9: pcmp */
static uint64_t pcmp(uint64_t a, uint64_t b, unsigned sz, int gt)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        int t = gt ? se(a, w, i) > se(b, w, i) : ue(a, w, i) == ue(b, w, i);
        r = put(r, w, i, t ? ~0ull : 0);
    }
    return r;
}
RR_HANDLER(op_pcmp, pcmp(a, b, ESZ(s), (int)VAR(s)))

/* ----------------------------------------- A10: pshladd2, pshradd2 */
/* r1 = r2, count2, r3.  pshladd2: a shift that saturates gives the result
 * directly; otherwise the sum saturates (SDM pseudo-code). */
static int op_pshadd2(struct cpu *c, const struct pslot *s)
{
    if (OPR(0) == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    const struct greg *g2 = gr(c, OPR(1)), *g3 = gr(c, OPR(3));
    unsigned cnt = OPR(2);
    uint64_t r = 0;
    for (unsigned i = 0; i < 4; i++) {
        int64_t x = se(g2->val, 16, i), y = se(g3->val, 16, i), t;
        if (VAR(s)) {                         /* pshradd2 */
            t = ssat((x >> cnt) + y, 16);
        } else {
            t = x * (1ll << cnt);
            if (t == ssat(t, 16))
                t = ssat(t + y, 16);
            else
                t = ssat(t, 16);
        }
        r = put(r, 16, i, (uint64_t)t);
    }
    gr_set(c, OPR(0), r, (int)(g2->nat | g3->nat));
    return OP_NEXT;
}

/* ---------------------------------------------------- I1: pmpyshr2 */
/* r1 = r2, r3, count2 (0, 7, 15, 16): the 32-bit products shifted right,
 * the low 16 bits kept. */
static int op_pmpyshr2(struct cpu *c, const struct pslot *s)
{
    if (OPR(0) == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    const struct greg *g2 = gr(c, OPR(1)), *g3 = gr(c, OPR(2));
    unsigned cnt = OPR(3);
    uint64_t r = 0;
    for (unsigned i = 0; i < 4; i++) {
        int64_t p = VAR(s) ? (int64_t)(ue(g2->val, 16, i) * ue(g3->val, 16, i))
                           : se(g2->val, 16, i) * se(g3->val, 16, i);
        r = put(r, 16, i, (uint64_t)(p >> cnt));
    }
    gr_set(c, OPR(0), r, (int)(g2->nat | g3->nat));
    return OP_NEXT;
}

/* ------------------------------------------------------ I2: pmpy2 */
/* .r multiplies elements 0 and 2, .l elements 1 and 3; the two signed
 * 32-bit products fill r1{31:0} and r1{63:32}. */
static uint64_t pmpy2(uint64_t a, uint64_t b, unsigned left)
{
    unsigned e = left ? 1 : 0;
    uint64_t lo = (uint64_t)(se(a, 16, e) * se(b, 16, e));
    uint64_t hi = (uint64_t)(se(a, 16, e + 2) * se(b, 16, e + 2));
    return (lo & 0xffffffffull) | hi << 32;
}
RR_HANDLER(op_pmpy2, pmpy2(a, b, VAR(s)))

/* Result pair K of mix and unpack: element I of r2 (A) in the upper
 * (odd) position 2K+1, element I of r3 (B) in the lower one, 2K. */
static inline uint64_t put_pair(uint64_t r, unsigned w, unsigned k, uint64_t a, uint64_t b, unsigned i)
{
    r = put(r, w, 2 * k + 1, ue(a, w, i));
    return put(r, w, 2 * k, ue(b, w, i));
}

/* -------------------------------------------------------- I2: mix */
/* Elements paired; .l takes the left (odd) element of each pair, .r the
 * right (even) one, alternately from r2 (upper) and r3 (lower). */
static uint64_t mix(uint64_t a, uint64_t b, unsigned sz, unsigned left)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned j = 0; j < n; j += 2)
        r = put_pair(r, w, j / 2, a, b, left ? j + 1 : j);
    return r;
}
RR_HANDLER(op_mix, mix(a, b, ESZ(s), VAR(s)))

/* ------------------------------------------------------- I2: pack */
/* Signed source elements narrowed with saturation: r2's to the low half
 * of r1, r3's to the high half.  Variant 1: unsigned saturation (.uss). */
static uint64_t pack(uint64_t a, uint64_t b, unsigned sz, unsigned uss)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        int64_t x = se(a, w, i), y = se(b, w, i);
        r = put(r, w / 2, i, (uint64_t)(uss ? usat(x, w / 2) : ssat(x, w / 2)));
        r = put(r, w / 2, i + n, (uint64_t)(uss ? usat(y, w / 2) : ssat(y, w / 2)));
    }
    return r;
}
RR_HANDLER(op_pack, pack(a, b, ESZ(s), VAR(s)))

/* ----------------------------------------------------- I2: unpack */
/* The elements of the high (.h) or low (.l) half of r2 and r3
 * interleaved, r2's in the odd (upper) positions. */
static uint64_t unpack(uint64_t a, uint64_t b, unsigned sz, unsigned high)
{
    unsigned w = sz * 8, n = 8 / sz, base = high ? n / 2 : 0;
    uint64_t r = 0;
    for (unsigned j = 0; j < n / 2; j++)
        r = put_pair(r, w, j, a, b, base + j);
    return r;
}
RR_HANDLER(op_unpack, unpack(a, b, ESZ(s), VAR(s)))

/* ----------------------------------------------- I2: pmin, pmax */
/* variant bit 0: max; bit 1: signed elements */
static uint64_t pminmax(uint64_t a, uint64_t b, unsigned sz, unsigned v)
{
    unsigned w = sz * 8, n = 8 / sz;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        int64_t x = (v & 2) ? se(a, w, i) : (int64_t)ue(a, w, i);
        int64_t y = (v & 2) ? se(b, w, i) : (int64_t)ue(b, w, i);
        int take_y = (v & 1) ? y > x : y < x;
        r = put(r, w, i, (uint64_t)(take_y ? y : x));
    }
    return r;
}
RR_HANDLER(op_pminmax, pminmax(a, b, ESZ(s), VAR(s)))

/* ------------------------------------------------------ I2: psad1 */
static uint64_t psad1(uint64_t a, uint64_t b)
{
    uint64_t sum = 0;
    for (unsigned i = 0; i < 8; i++) {
        uint64_t x = ue(a, 8, i), y = ue(b, 8, i);
        sum += x > y ? x - y : y - x;
    }
    return sum;
}
RR_HANDLER(op_psad1, psad1(a, b))

/* --------------------------------------------- I2: mpy4, mpyshl4 */
/* Itanium 9500 additions.  mpy4: the unsigned product of the low 32 bits
 * of r2 and r3.  mpyshl4: the unsigned product of r2{63:32} and r3{31:0},
 * shifted left by 32 (so mpy4(a,b) + mpyshl4(a,b) + mpyshl4(b,a) is the
 * low 64 bits of a*b). */
RR_HANDLER(op_mpy4, (a & 0xffffffffull) * (b & 0xffffffffull))
RR_HANDLER(op_mpyshl4, ((a >> 32) * (b & 0xffffffffull)) << 32)

/* ---------------------------------------------------- I3: mux1 */
/* r1 = r2, mbtype4.  Result element i (i = 7 .. 0) comes from the source
 * element listed at position 7 - i. */
static const uint8_t mux1_perm[16][8] = {
    [0x0] = { 0, 0, 0, 0, 0, 0, 0, 0 },   /* @brcst */
    [0x8] = { 7, 3, 5, 1, 6, 2, 4, 0 },   /* @mix */
    [0x9] = { 7, 3, 6, 2, 5, 1, 4, 0 },   /* @shuf */
    [0xa] = { 7, 5, 3, 1, 6, 4, 2, 0 },   /* @alt */
    [0xb] = { 0, 1, 2, 3, 4, 5, 6, 7 },   /* @rev */
};

static int op_mux1(struct cpu *c, const struct pslot *s)
{
    unsigned mbt = OPR(2) & 15;
    /* other mbtype4 values are reserved: Illegal Operation */
    if (OPR(0) == 0 || (mbt != 0 && (mbt < 8 || mbt > 11)))
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    const struct greg *g2 = gr(c, OPR(1));
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        r = put(r, 8, i, ue(g2->val, 8, mux1_perm[mbt][7 - i]));
    gr_set(c, OPR(0), r, (int)g2->nat);
    return OP_NEXT;
}

/* ---------------------------------------------------- I4: mux2 */
/* r1 = r2, mhtype8: element i comes from element mhtype8{2i+1:2i}. */
static int op_mux2(struct cpu *c, const struct pslot *s)
{
    if (OPR(0) == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    const struct greg *g2 = gr(c, OPR(1));
    unsigned mht = OPR(2);
    uint64_t r = 0;
    for (unsigned i = 0; i < 4; i++)
        r = put(r, 16, i, ue(g2->val, 16, (mht >> (2 * i)) & 3));
    gr_set(c, OPR(0), r, (int)g2->nat);
    return OP_NEXT;
}

/* ------------------------------------------- I5-I8: pshl, pshr */
/* Counts beyond the element width act as the width: pshl and pshr.u give
 * 0, pshr fills with the sign.  The register count is all 64 bits of the
 * GR, unsigned. */
enum { SH_LEFT, SH_RIGHT, SH_RIGHT_U };

static uint64_t pshift(uint64_t v, uint64_t cnt, unsigned sz, unsigned kind)
{
    unsigned w = sz * 8, n = 8 / sz;
    unsigned k = cnt > w ? w : (unsigned)cnt;
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x;
        if (kind == SH_LEFT)
            x = k >= w ? 0 : ue(v, w, i) << k;
        else if (kind == SH_RIGHT_U)
            x = k >= w ? 0 : ue(v, w, i) >> k;
        else
            x = (uint64_t)(se(v, w, i) >> k);   /* k <= 32: defined */
        r = put(r, w, i, x);
    }
    return r;
}

/* I7 pshl r1 = r2, r3 and I5 pshr r1 = r3, r2: value O(1), count GR O(2) */
RR_HANDLER(op_pshift_r, pshift(a, b, ESZ(s), VAR(s)))

/* I8 pshl r1 = r2, count5 and I6 pshr r1 = r3, count5 */
static int op_pshift_i(struct cpu *c, const struct pslot *s)
{
    if (OPR(0) == 0)
        return cpu_raise(c, FAULT_ILLEGAL_OPERATION, 0);
    const struct greg *g = gr(c, OPR(1));
    gr_set(c, OPR(0), pshift(g->val, (uint64_t)O(2), ESZ(s), VAR(s)), (int)g->nat);
    return OP_NEXT;
}

/* ------------------------------------------------------- bindings */
#define SAT4(fmt, mn, fn, sz)                                                  \
    { fmt, mn #sz, fn, AUX(sz, SAT_NONE), 0 },                                \
    { fmt, mn #sz ".sss", fn, AUX(sz, SAT_SSS), 0 },                          \
    { fmt, mn #sz ".uuu", fn, AUX(sz, SAT_UUU), 0 },                          \
    { fmt, mn #sz ".uus", fn, AUX(sz, SAT_UUS), 0 }

const struct op_binding ops_mm[] = {
    /* A9 */
    SAT4("A9", "padd", op_padd, 1), SAT4("A9", "padd", op_padd, 2),
    { "A9", "padd4", op_padd, AUX(4, SAT_NONE), 0 },
    SAT4("A9", "psub", op_psub, 1), SAT4("A9", "psub", op_psub, 2),
    { "A9", "psub4", op_psub, AUX(4, SAT_NONE), 0 },
    { "A9", "pavg1", op_pavg, AUX(1, 0), 0 }, { "A9", "pavg1.raz", op_pavg, AUX(1, 1), 0 },
    { "A9", "pavg2", op_pavg, AUX(2, 0), 0 }, { "A9", "pavg2.raz", op_pavg, AUX(2, 1), 0 },
    { "A9", "pavgsub1", op_pavgsub, AUX(1, 0), 0 }, { "A9", "pavgsub2", op_pavgsub, AUX(2, 0), 0 },
    { "A9", "pcmp1.eq", op_pcmp, AUX(1, 0), 0 }, { "A9", "pcmp1.gt", op_pcmp, AUX(1, 1), 0 },
    { "A9", "pcmp2.eq", op_pcmp, AUX(2, 0), 0 }, { "A9", "pcmp2.gt", op_pcmp, AUX(2, 1), 0 },
    { "A9", "pcmp4.eq", op_pcmp, AUX(4, 0), 0 }, { "A9", "pcmp4.gt", op_pcmp, AUX(4, 1), 0 },
    /* A10 */
    { "A10", "pshladd2", op_pshadd2, AUX(2, 0), 0 },
    { "A10", "pshradd2", op_pshadd2, AUX(2, 1), 0 },
    /* I1, I2 */
    { "I1", "pmpyshr2", op_pmpyshr2, AUX(2, 0), 0 },
    { "I1", "pmpyshr2.u", op_pmpyshr2, AUX(2, 1), 0 },
    { "I2", "pmpy2.r", op_pmpy2, AUX(2, 0), 0 }, { "I2", "pmpy2.l", op_pmpy2, AUX(2, 1), 0 },
    { "I2", "mix1.r", op_mix, AUX(1, 0), 0 }, { "I2", "mix1.l", op_mix, AUX(1, 1), 0 },
    { "I2", "mix2.r", op_mix, AUX(2, 0), 0 }, { "I2", "mix2.l", op_mix, AUX(2, 1), 0 },
    { "I2", "mix4.r", op_mix, AUX(4, 0), 0 }, { "I2", "mix4.l", op_mix, AUX(4, 1), 0 },
    { "I2", "pack2.sss", op_pack, AUX(2, 0), 0 }, { "I2", "pack2.uss", op_pack, AUX(2, 1), 0 },
    { "I2", "pack4.sss", op_pack, AUX(4, 0), 0 },
    { "I2", "unpack1.l", op_unpack, AUX(1, 0), 0 }, { "I2", "unpack1.h", op_unpack, AUX(1, 1), 0 },
    { "I2", "unpack2.l", op_unpack, AUX(2, 0), 0 }, { "I2", "unpack2.h", op_unpack, AUX(2, 1), 0 },
    { "I2", "unpack4.l", op_unpack, AUX(4, 0), 0 }, { "I2", "unpack4.h", op_unpack, AUX(4, 1), 0 },
    { "I2", "pmin1.u", op_pminmax, AUX(1, 0), 0 }, { "I2", "pmax1.u", op_pminmax, AUX(1, 1), 0 },
    { "I2", "pmin2", op_pminmax, AUX(2, 2), 0 }, { "I2", "pmax2", op_pminmax, AUX(2, 3), 0 },
    { "I2", "psad1", op_psad1, AUX(1, 0), 0 },
    { "I2", "mpy4", op_mpy4, AUX(4, 0), 0 }, { "I2", "mpyshl4", op_mpyshl4, AUX(4, 0), 0 },
    /* I3, I4 */
    { "I3", "mux1", op_mux1, AUX(1, 0), 0 },
    { "I4", "mux2", op_mux2, AUX(2, 0), 0 },
    /* I5-I8 (shl, shr, shr.u of I5/I7 belong to ops_int) */
    { "I5", "pshr2", op_pshift_r, AUX(2, SH_RIGHT), 0 },
    { "I5", "pshr2.u", op_pshift_r, AUX(2, SH_RIGHT_U), 0 },
    { "I5", "pshr4", op_pshift_r, AUX(4, SH_RIGHT), 0 },
    { "I5", "pshr4.u", op_pshift_r, AUX(4, SH_RIGHT_U), 0 },
    { "I6", "pshr2", op_pshift_i, AUX(2, SH_RIGHT), 0 },
    { "I6", "pshr2.u", op_pshift_i, AUX(2, SH_RIGHT_U), 0 },
    { "I6", "pshr4", op_pshift_i, AUX(4, SH_RIGHT), 0 },
    { "I6", "pshr4.u", op_pshift_i, AUX(4, SH_RIGHT_U), 0 },
    { "I7", "pshl2", op_pshift_r, AUX(2, SH_LEFT), 0 },
    { "I7", "pshl4", op_pshift_r, AUX(4, SH_LEFT), 0 },
    { "I8", "pshl2", op_pshift_i, AUX(2, SH_LEFT), 0 },
    { "I8", "pshl4", op_pshift_i, AUX(4, SH_LEFT), 0 },
    { 0 },
};
