/* Soft-float for the 82-bit register format: see softfloat.h. */
#include "softfloat.h"

typedef unsigned __int128 u128;

const struct freg FR_QNAN_INDEFINITE = { 0xc000000000000000ull, 0x1ffff, 1 };

static const int es_emax[18] = { [8] = 127, [11] = 1023, [15] = 16383, [17] = 65535 };

void fp_env_make(struct fp_env *e, unsigned prec, unsigned es, unsigned rc, unsigned ftz, unsigned enabled)
{
    e->prec = prec;
    e->es = es;
    e->emax = es_emax[es];
    e->emin = 1 - e->emax;
    e->rc = rc & 3;
    e->enabled = enabled & 0x3f;
    e->ftz = ftz && !(e->enabled & FPF_U);
}

/* SDM vol. 1, 5.2.2: FPSR.traps (bits 0-5), sf0-sf3 at 6 + 13 * n: ftz,
 * wre, pc (2 bits), rc (2 bits), td, then the flags v d z o u i.
 * Precision: pc 00 single, 10 double, 11 double-extended (01 reserved,
 * taken as double-extended); exponent range 17 bits with wre, else
 * double-extended's 15 bits (the .s/.d forms: single's or double's).
 * td exists in sf1-sf3 only: sf0.td is a reserved bit (mov ar.fpsr and
 * fsetc.s0 refuse to set it), so sf0's traps follow FPSR.traps alone. */
void fp_env_init(struct fp_env *e, uint64_t fpsr, unsigned sf, unsigned pc)
{
    unsigned f = (unsigned)(fpsr >> (6 + 13 * sf)) & 0x1fff;
    unsigned ftz = f & 1, wre = (f >> 1) & 1, pcf = (f >> 2) & 3, rc = (f >> 4) & 3;
    unsigned td = sf != 0 && ((f >> 6) & 1);
    unsigned enabled = td ? 0 : (unsigned)(~fpsr & 0x3f);
    unsigned prec = 64, es = wre ? 17 : 15;
    switch (pc) {
    case FPC_SF: prec = pcf == 0 ? 24 : pcf == 2 ? 53 : 64; break;
    case FPC_S: prec = 24; es = wre ? 17 : 8; break;
    case FPC_D: prec = 53; es = wre ? 17 : 11; break;
    case FPC_SIMD: prec = 24; es = 8; break;
    default: break;   /* FPC_NONE: register format */
    }
    fp_env_make(e, prec, es, rc, ftz, enabled);
}

static inline int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* An operand's unbiased exponent of significand bit 63 (exponent 0 reads
 * as 0xc001, the double-extended denormal exponent). */
static inline int fr_e(const struct freg *f)
{
    return (int)(f->exp ? f->exp : 0xc001) - 0xffff;
}

struct freg sf_normalize(const struct freg *f)
{
    struct freg r = *f;
    if (f->exp == 0x1ffff || f->sig == 0) {
        if (f->sig == 0 && f->exp != 0x1ffff && !fr_natval(f))
            r.exp = 0;
        return r;
    }
    if (r.exp == 0)
        r.exp = 0xc001;
    int n = __builtin_clzll(r.sig);
    /* the 17-bit exponent is unbounded below in this model: keep 1 as the floor */
    if ((int)r.exp - n < 1)
        n = (int)r.exp - 1;
    r.exp -= (uint32_t)n;
    r.sig <<= n;
    return r;
}

/* ------------------------------------------------------------ rounding */
static int round_up(unsigned rc, unsigned sign, unsigned lsb, unsigned rbit, unsigned rest)
{
    switch (rc) {
    case RC_RN: return rbit && (rest || lsb);
    case RC_RM: return sign && (rbit || rest);
    case RC_RP: return !sign && (rbit || rest);
    default: return 0;
    }
}

/* SIG (bit 127 the leading bit) rounded at PREC bits: the kept bits and
 * whether they carried out (then KEPT is 1 << (PREC - 1)). */
static u128 round_bits(u128 sig, int sticky, unsigned prec, unsigned rc, unsigned sign, int *inexact, int *inc,
                       int *carry)
{
    unsigned sh = 128 - prec;                 /* 64 .. 104 */
    u128 kept = sig >> sh;
    u128 low = sig & (((u128)1 << sh) - 1);
    unsigned rbit = (unsigned)(low >> (sh - 1)) & 1;
    unsigned rest = (low & (((u128)1 << (sh - 1)) - 1)) != 0 || sticky;
    *inexact = rbit || rest;
    *inc = round_up(rc, sign, (unsigned)kept & 1, rbit, rest);
    kept += (u128)*inc;
    *carry = 0;
    if (kept >> prec) {
        kept >>= 1;
        *carry = 1;
    }
    return kept;
}

static struct freg pack(unsigned sign, u128 kept, unsigned prec, int e)
{
    struct freg r;
    r.sign = sign;
    r.sig = (uint64_t)(kept << (64 - prec));
    r.exp = r.sig ? (uint32_t)((e + 0xffff) & 0x1ffff) : 0;
    return r;
}

/* An inexact result (INC: rounded up in magnitude): I and FLAGS, and the
 * i trap with fpa when enabled. */
static inline void inexact_flags(unsigned flags, int inc, const struct fp_env *e, struct fp_info *info)
{
    info->flags |= flags | FPF_I;
    if (e->enabled & FPF_I) {
        info->traps |= FPF_I;
        info->fpa = (unsigned)inc;
    }
}

/* An overflow or underflow (FLAG) with its trap enabled: the result
 * rounded to the precision with the exponent EU wrapped to 17 bits, and i
 * with it when inexact (SDM vol. 1, 5.4.2). */
static struct freg trapped(unsigned flag, unsigned sign, u128 kept, int eu, int ebc, int inc, int inexact,
                           const struct fp_env *e, struct fp_info *info)
{
    info->flags |= flag;
    info->traps |= flag;
    info->ebc = (unsigned)ebc;
    info->fpa = (unsigned)inc;
    if (inexact) {
        info->flags |= FPF_I;
        info->traps |= FPF_I;
    }
    return pack(sign, kept, e->prec, eu);
}

struct freg sf_round(unsigned sign, u128 sig, int sticky, int exp, const struct fp_env *e, struct fp_info *info)
{
    int inexact, inc, carry;
    u128 kept = round_bits(sig, sticky, e->prec, e->rc, sign, &inexact, &inc, &carry);
    int eu = exp + carry;
    int ebc = eu + 0xffff < 0 || eu + 0xffff > 0x1ffff;
    if (eu > e->emax) {                                   /* overflow */
        if (e->enabled & FPF_O)
            return trapped(FPF_O, sign, kept, eu, ebc, inc, inexact, e, info);
        int to_inf = e->rc == RC_RN || (e->rc == RC_RM && sign) || (e->rc == RC_RP && !sign);
        inexact_flags(FPF_O, to_inf, e, info);
        if (to_inf)
            return (struct freg){ 1ull << 63, 0x1ffff, sign };
        return pack(sign, ((u128)1 << e->prec) - 1, e->prec, e->emax);
    }
    if (eu < e->emin) {                                   /* tiny (after rounding) */
        int d = e->emin - exp;                            /* >= 1 */
        int st = sticky;
        u128 s2;
        if (d >= 128) {
            st |= sig != 0;
            s2 = 0;
        } else {
            st |= (sig << (128 - d)) != 0;
            s2 = sig >> d;
        }
        int inexact2, inc2, carry2;
        u128 k2 = round_bits(s2, st, e->prec, e->rc, sign, &inexact2, &inc2, &carry2);
        if (e->enabled & FPF_U)
            return trapped(FPF_U, sign, kept, eu, ebc, inc, inexact, e, info);
        if (e->ftz) {
            info->flags |= FPF_U | FPF_I;
            if (e->enabled & FPF_I)
                info->traps |= FPF_I;
            return (struct freg){ 0, 0, sign };
        }
        if (inexact2)
            inexact_flags(FPF_U, inc2, e, info);
        struct freg r;
        r.sign = sign;
        r.sig = (uint64_t)(k2 << (64 - e->prec));
        r.exp = r.sig ? (uint32_t)(e->emin + 0xffff) : 0;
        if (e->es == 15 && r.exp == 0xc001 && !(r.sig >> 63))
            r.exp = 0;                                    /* canonical double-extended denormal */
        return r;
    }
    if (inexact)
        inexact_flags(0, inc, e, info);
    return pack(sign, kept, e->prec, eu);
}

/* ------------------------------------------------------------ 256-bit helpers */
struct u256 { u128 hi, lo; };

static struct u256 u256_shl(u128 x, int n)          /* x << n, 0 <= n <= 255 */
{
    struct u256 r;
    if (n == 0) {
        r.hi = 0;
        r.lo = x;
    } else if (n < 128) {
        r.hi = x >> (128 - n);
        r.lo = x << n;
    } else {
        r.hi = x << (n - 128);
        r.lo = 0;
    }
    return r;
}

static struct u256 u256_shr_jam(u128 x, int n)      /* x >> n, lost bits ORed into bit 0 */
{
    struct u256 r = { 0, 0 };
    if (n >= 128) {
        r.lo = x != 0;
    } else {
        r.lo = x >> n;
        if (x << (128 - n))
            r.lo |= 1;
    }
    return r;
}

/* X placed so that its bit 0 has weight 2^LSB, in an accumulator whose
 * bit 0 has weight 2^E. */
static struct u256 place(u128 x, int lsb, int e)
{
    int sh = lsb - e;
    return sh >= 0 ? u256_shl(x, sh) : u256_shr_jam(x, -sh);
}

static int u256_cmp(struct u256 a, struct u256 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo)
        return a.lo < b.lo ? -1 : 1;
    return 0;
}

static struct u256 u256_add(struct u256 a, struct u256 b)
{
    struct u256 r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo);
    return r;
}

static struct u256 u256_sub(struct u256 a, struct u256 b)   /* a >= b */
{
    struct u256 r;
    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo);
    return r;
}

/* ------------------------------------------------------------ fma */
static struct freg quiet(const struct freg *f)
{
    struct freg r = *f;
    r.sig |= 1ull << 62;
    return r;
}

int sf_fma(struct freg *r, const struct freg *a, const struct freg *b, const struct freg *c,
           int np, int na, const struct fp_env *e, struct fp_info *info)
{
    unsigned psign = (a->sign ^ b->sign ^ (unsigned)np) & 1;
    unsigned csign = c ? (c->sign ^ (unsigned)na) & 1 : 0;

    /* exception checks, in the SDM's order */
    if (fr_unsupported(a) || fr_unsupported(b) || (c && fr_unsupported(c))) {
        info->flags |= FPF_V;
        *r = FR_QNAN_INDEFINITE;
    } else if (fr_nan(a) || fr_nan(b) || (c && fr_nan(c))) {
        if (fr_snan(a) || fr_snan(b) || (c && fr_snan(c)))
            info->flags |= FPF_V;
        /* f4, then f2, then f3 */
        *r = quiet(fr_nan(b) ? b : (c && fr_nan(c)) ? c : a);
    } else if (((fr_inf(a) && fr_zero(b)) || (fr_zero(a) && fr_inf(b))) ||
               ((fr_inf(a) || fr_inf(b)) && c && fr_inf(c) && psign != csign)) {
        info->flags |= FPF_V;
        *r = FR_QNAN_INDEFINITE;
    } else {
        if (fr_unorm(a) || fr_unorm(b) || (c && fr_unorm(c)))
            info->flags |= FPF_D;
        if ((info->flags & FPF_D) && (e->enabled & FPF_D)) {
            info->faults |= FPF_D;
            return 1;
        }
        if (fr_inf(a) || fr_inf(b)) {
            *r = (struct freg){ 1ull << 63, 0x1ffff, psign };
            return 0;
        }
        if (c && fr_inf(c)) {
            *r = (struct freg){ 1ull << 63, 0x1ffff, csign };
            return 0;
        }
        int pzero = fr_zero(a) || fr_zero(b);
        int czero = !c || fr_zero(c);
        if (pzero && czero) {
            unsigned s = !c || psign == csign ? psign : e->rc == RC_RM;
            *r = (struct freg){ 0, 0, s };
            return 0;
        }
        /* the exact sum in a 256-bit accumulator: the larger operand's
         * top bit at bit 253, the other jammed below bit 0 if need be */
        u128 p = 0, cs = 0;
        int plsb = 0, clsb = 0, ptop = -1000000, ctop = -1000000;
        if (!pzero) {
            p = (u128)a->sig * b->sig;
            plsb = fr_e(a) + fr_e(b) - 126;
            ptop = plsb + 127 - clz128(p);
        }
        if (!czero) {
            cs = c->sig;
            clsb = fr_e(c) - 63;
            ctop = clsb + 127 - clz128(cs);
        }
        int top = ptop > ctop ? ptop : ctop;
        int acc_e = top - 253;
        struct u256 x = pzero ? (struct u256){ 0, 0 } : place(p, plsb, acc_e);
        struct u256 y = czero ? (struct u256){ 0, 0 } : place(cs, clsb, acc_e);
        struct u256 sum;
        unsigned sign;
        if (pzero) {
            sum = y;
            sign = csign;
        } else if (czero) {
            sum = x;
            sign = psign;
        } else if (psign == csign) {
            sum = u256_add(x, y);
            sign = psign;
        } else {
            int cmp = u256_cmp(x, y);
            if (cmp == 0) {
                *r = (struct freg){ 0, 0, e->rc == RC_RM };
                return 0;
            }
            sum = cmp > 0 ? u256_sub(x, y) : u256_sub(y, x);
            sign = cmp > 0 ? psign : csign;
        }
        /* normalize to 128 bits + sticky */
        int m = sum.hi ? 255 - clz128(sum.hi) : 127 - clz128(sum.lo);
        u128 sig;
        int sticky = 0;
        if (m >= 128) {
            int sh = m - 127;            /* 1..127 */
            sig = (sum.hi << (128 - sh)) | (sum.lo >> sh);
            sticky = (sum.lo << (128 - sh)) != 0;
        } else {
            sig = sum.lo << (127 - m);
        }
        *r = sf_round(sign, sig, sticky, acc_e + m, e, info);
        return 0;
    }
    /* V (NaN operands, invalid operations) */
    if ((info->flags & FPF_V) && (e->enabled & FPF_V)) {
        info->faults |= FPF_V;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ compares */
/* Total order value compare of two finite-or-infinite non-NaN values:
 * -1, 0, 1 (zeros of either sign, and pseudo-zeros, are equal). */
static int cmp_values(const struct freg *a, const struct freg *b)
{
    int az = fr_zero(a), bz = fr_zero(b);
    if (az && bz)
        return 0;
    unsigned as = a->sign & 1, bs = b->sign & 1;
    if (az)
        return bs ? 1 : -1;
    if (bz)
        return as ? -1 : 1;
    if (as != bs)
        return as ? -1 : 1;
    int mag;
    if (fr_inf(a) || fr_inf(b)) {
        mag = fr_inf(a) && fr_inf(b) ? 0 : fr_inf(a) ? 1 : -1;
    } else {
        struct freg x = sf_normalize(a), y = sf_normalize(b);
        if (x.exp != y.exp)
            mag = x.exp > y.exp ? 1 : -1;
        else
            mag = x.sig == y.sig ? 0 : x.sig > y.sig ? 1 : -1;
    }
    return as ? -mag : mag;
}

int sf_compare(const struct freg *a, const struct freg *b, unsigned rel, const struct fp_env *e,
               struct fp_info *info)
{
    (void)e;
    if (fr_unsupported(a) || fr_unsupported(b)) {
        info->flags |= FPF_V;
        return rel == 3;
    }
    if (fr_nan(a) || fr_nan(b)) {
        if (fr_snan(a) || fr_snan(b) || rel == 1 || rel == 2)
            info->flags |= FPF_V;
        return rel == 3;
    }
    if (fr_unorm(a) || fr_unorm(b))
        info->flags |= FPF_D;
    int c = cmp_values(a, b);
    switch (rel) {
    case 0: return c == 0;
    case 1: return c < 0;
    case 2: return c <= 0;
    default: return 0;
    }
}

int sf_minmax_lt(const struct freg *a, const struct freg *b, const struct fp_env *e, struct fp_info *info)
{
    (void)e;
    if (fr_unsupported(a) || fr_unsupported(b) || fr_nan(a) || fr_nan(b)) {
        info->flags |= FPF_V;
        return 0;
    }
    if (fr_unorm(a) || fr_unorm(b))
        info->flags |= FPF_D;
    return cmp_values(a, b) < 0;
}

/* ------------------------------------------------------------ frcpa, frsqrta */
/* SDM vol. 3, "frcpa" and "frsqrta": the 256-entry tables of 10-bit
 * significand fractions. */
static const uint16_t recip_table[256] = {
    0x3fc, 0x3f4, 0x3ec, 0x3e4, 0x3dd, 0x3d5, 0x3cd, 0x3c6, 0x3be, 0x3b7, 0x3af, 0x3a8, 0x3a1, 0x399, 0x392, 0x38b,
    0x384, 0x37d, 0x376, 0x36f, 0x368, 0x361, 0x35b, 0x354, 0x34d, 0x346, 0x340, 0x339, 0x333, 0x32c, 0x326, 0x320,
    0x319, 0x313, 0x30d, 0x307, 0x300, 0x2fa, 0x2f4, 0x2ee, 0x2e8, 0x2e2, 0x2dc, 0x2d7, 0x2d1, 0x2cb, 0x2c5, 0x2bf,
    0x2ba, 0x2b4, 0x2af, 0x2a9, 0x2a3, 0x29e, 0x299, 0x293, 0x28e, 0x288, 0x283, 0x27e, 0x279, 0x273, 0x26e, 0x269,
    0x264, 0x25f, 0x25a, 0x255, 0x250, 0x24b, 0x246, 0x241, 0x23c, 0x237, 0x232, 0x22e, 0x229, 0x224, 0x21f, 0x21b,
    0x216, 0x211, 0x20d, 0x208, 0x204, 0x1ff, 0x1fb, 0x1f6, 0x1f2, 0x1ed, 0x1e9, 0x1e5, 0x1e0, 0x1dc, 0x1d8, 0x1d4,
    0x1cf, 0x1cb, 0x1c7, 0x1c3, 0x1bf, 0x1bb, 0x1b6, 0x1b2, 0x1ae, 0x1aa, 0x1a6, 0x1a2, 0x19e, 0x19a, 0x197, 0x193,
    0x18f, 0x18b, 0x187, 0x183, 0x17f, 0x17c, 0x178, 0x174, 0x171, 0x16d, 0x169, 0x166, 0x162, 0x15e, 0x15b, 0x157,
    0x154, 0x150, 0x14d, 0x149, 0x146, 0x142, 0x13f, 0x13b, 0x138, 0x134, 0x131, 0x12e, 0x12a, 0x127, 0x124, 0x120,
    0x11d, 0x11a, 0x117, 0x113, 0x110, 0x10d, 0x10a, 0x107, 0x103, 0x100, 0x0fd, 0x0fa, 0x0f7, 0x0f4, 0x0f1, 0x0ee,
    0x0eb, 0x0e8, 0x0e5, 0x0e2, 0x0df, 0x0dc, 0x0d9, 0x0d6, 0x0d3, 0x0d0, 0x0cd, 0x0ca, 0x0c8, 0x0c5, 0x0c2, 0x0bf,
    0x0bc, 0x0b9, 0x0b7, 0x0b4, 0x0b1, 0x0ae, 0x0ac, 0x0a9, 0x0a6, 0x0a4, 0x0a1, 0x09e, 0x09c, 0x099, 0x096, 0x094,
    0x091, 0x08e, 0x08c, 0x089, 0x087, 0x084, 0x082, 0x07f, 0x07c, 0x07a, 0x077, 0x075, 0x073, 0x070, 0x06e, 0x06b,
    0x069, 0x066, 0x064, 0x061, 0x05f, 0x05d, 0x05a, 0x058, 0x056, 0x053, 0x051, 0x04f, 0x04c, 0x04a, 0x048, 0x045,
    0x043, 0x041, 0x03f, 0x03c, 0x03a, 0x038, 0x036, 0x033, 0x031, 0x02f, 0x02d, 0x02b, 0x029, 0x026, 0x024, 0x022,
    0x020, 0x01e, 0x01c, 0x01a, 0x018, 0x015, 0x013, 0x011, 0x00f, 0x00d, 0x00b, 0x009, 0x007, 0x005, 0x003, 0x001,
};

static const uint16_t rsqrt_table[256] = {
    0x1a5, 0x1a0, 0x19a, 0x195, 0x18f, 0x18a, 0x185, 0x180, 0x17a, 0x175, 0x170, 0x16b, 0x166, 0x161, 0x15d, 0x158,
    0x153, 0x14e, 0x14a, 0x145, 0x140, 0x13c, 0x138, 0x133, 0x12f, 0x12a, 0x126, 0x122, 0x11e, 0x11a, 0x115, 0x111,
    0x10d, 0x109, 0x105, 0x101, 0x0fd, 0x0fa, 0x0f6, 0x0f2, 0x0ee, 0x0ea, 0x0e7, 0x0e3, 0x0df, 0x0dc, 0x0d8, 0x0d5,
    0x0d1, 0x0ce, 0x0ca, 0x0c7, 0x0c3, 0x0c0, 0x0bd, 0x0b9, 0x0b6, 0x0b3, 0x0b0, 0x0ad, 0x0a9, 0x0a6, 0x0a3, 0x0a0,
    0x09d, 0x09a, 0x097, 0x094, 0x091, 0x08e, 0x08b, 0x088, 0x085, 0x082, 0x07f, 0x07d, 0x07a, 0x077, 0x074, 0x071,
    0x06f, 0x06c, 0x069, 0x067, 0x064, 0x061, 0x05f, 0x05c, 0x05a, 0x057, 0x054, 0x052, 0x04f, 0x04d, 0x04a, 0x048,
    0x045, 0x043, 0x041, 0x03e, 0x03c, 0x03a, 0x037, 0x035, 0x033, 0x030, 0x02e, 0x02c, 0x029, 0x027, 0x025, 0x023,
    0x020, 0x01e, 0x01c, 0x01a, 0x018, 0x016, 0x014, 0x011, 0x00f, 0x00d, 0x00b, 0x009, 0x007, 0x005, 0x003, 0x001,
    0x3fc, 0x3f4, 0x3ec, 0x3e5, 0x3dd, 0x3d5, 0x3ce, 0x3c7, 0x3bf, 0x3b8, 0x3b1, 0x3aa, 0x3a3, 0x39c, 0x395, 0x38e,
    0x388, 0x381, 0x37a, 0x374, 0x36d, 0x367, 0x361, 0x35a, 0x354, 0x34e, 0x348, 0x342, 0x33c, 0x336, 0x330, 0x32b,
    0x325, 0x31f, 0x31a, 0x314, 0x30f, 0x309, 0x304, 0x2fe, 0x2f9, 0x2f4, 0x2ee, 0x2e9, 0x2e4, 0x2df, 0x2da, 0x2d5,
    0x2d0, 0x2cb, 0x2c6, 0x2c1, 0x2bd, 0x2b8, 0x2b3, 0x2ae, 0x2aa, 0x2a5, 0x2a1, 0x29c, 0x298, 0x293, 0x28f, 0x28a,
    0x286, 0x282, 0x27d, 0x279, 0x275, 0x271, 0x26d, 0x268, 0x264, 0x260, 0x25c, 0x258, 0x254, 0x250, 0x24c, 0x249,
    0x245, 0x241, 0x23d, 0x239, 0x235, 0x232, 0x22e, 0x22a, 0x227, 0x223, 0x220, 0x21c, 0x218, 0x215, 0x211, 0x20e,
    0x20a, 0x207, 0x204, 0x200, 0x1fd, 0x1f9, 0x1f6, 0x1f3, 0x1f0, 0x1ec, 0x1e9, 0x1e6, 0x1e3, 0x1df, 0x1dc, 0x1d9,
    0x1d6, 0x1d3, 0x1d0, 0x1cd, 0x1ca, 0x1c7, 0x1c4, 0x1c1, 0x1be, 0x1bb, 0x1b8, 0x1b5, 0x1b2, 0x1af, 0x1ac, 0x1aa,
};

uint16_t sf_recip_table(unsigned i) { return recip_table[i & 255]; }
uint16_t sf_rsqrt_table(unsigned i) { return rsqrt_table[i & 255]; }

/* 1/den: the table entry indexed by the 8 fraction bits below the
 * integer bit; exponent 0x1fffd - den's. */
struct freg sf_recip_approx(const struct freg *den)
{
    struct freg r;
    r.sig = 1ull << 63 | (uint64_t)recip_table[(den->sig >> 55) & 0xff] << 53;
    r.exp = (uint32_t)(0x1fffd - (int)den->exp) & 0x1ffff;
    r.sign = den->sign;
    return r;
}

/* 1/sqrt(x): indexed by the exponent's low bit and 7 fraction bits;
 * exponent 0xfffe - (unbiased exponent >> 1) (arithmetic shift). */
struct freg sf_rsqrt_approx(const struct freg *x)
{
    struct freg r;
    unsigned i = (x->exp & 1) << 7 | (unsigned)((x->sig >> 56) & 0x7f);
    int ue = (int)x->exp - 0xffff;
    int half = ue >= 0 ? ue / 2 : -((-ue + 1) / 2);    /* floor(ue / 2) */
    r.sig = 1ull << 63 | (uint64_t)rsqrt_table[i] << 53;
    r.exp = (uint32_t)(0xfffe - half);
    r.sign = 0;
    return r;
}

int sf_frcpa(struct freg *r, const struct freg *a, const struct freg *b, const struct fp_env *e,
             struct fp_info *info)
{
    int special = 1;
    if (fr_unsupported(a) || fr_unsupported(b)) {
        info->flags |= FPF_V;
        *r = FR_QNAN_INDEFINITE;
    } else if (fr_nan(a) || fr_nan(b)) {
        if (fr_snan(a) || fr_snan(b))
            info->flags |= FPF_V;
        *r = quiet(fr_nan(a) ? a : b);
    } else if ((fr_inf(a) && fr_inf(b)) || (fr_zero(a) && fr_zero(b))) {
        info->flags |= FPF_V;
        *r = FR_QNAN_INDEFINITE;
    } else if (!fr_inf(a) && !fr_zero(a) && fr_zero(b)) {
        info->flags |= FPF_Z;
        *r = (struct freg){ 1ull << 63, 0x1ffff, (a->sign ^ b->sign) & 1 };
    } else {
        special = 0;
        if (fr_unorm(a) || fr_unorm(b))
            info->flags |= FPF_D;
    }
    unsigned en = info->flags & e->enabled & (FPF_V | FPF_Z | FPF_D);
    if (en) {
        info->faults |= en;
        return -1;
    }
    if (special)
        return 0;
    struct freg num = sf_normalize(a), den = sf_normalize(b);
    unsigned s = (a->sign ^ b->sign) & 1;
    if (fr_inf(&num)) {                       /* inf / finite */
        *r = (struct freg){ 1ull << 63, 0x1ffff, s };
        return 0;
    }
    if (fr_inf(&den) || fr_zero(&num)) {      /* finite / inf, 0 / finite */
        *r = (struct freg){ 0, 0, s };
        return 0;
    }
    /* the architected limits: software assistance (SDM vol. 3, frcpa) */
    int est = (int)num.exp - (int)den.exp;
    if (!(den.sig >> 63) || den.exp >= 0xffff + 0xffff - 2 || est >= 0xffff || est <= 2 - 0xffff ||
        num.exp <= 64) {
        info->swa = 1;
        return -1;
    }
    *r = sf_recip_approx(&den);
    return 1;
}

int sf_frsqrta(struct freg *r, const struct freg *a, const struct fp_env *e, struct fp_info *info)
{
    int special = 1;
    if (fr_unsupported(a)) {
        info->flags |= FPF_V;
        *r = FR_QNAN_INDEFINITE;
    } else if (fr_nan(a)) {
        if (fr_snan(a))
            info->flags |= FPF_V;
        *r = quiet(a);
    } else if (a->sign && !fr_zero(a)) {      /* negative non-zero, -inf included */
        info->flags |= FPF_V;
        *r = FR_QNAN_INDEFINITE;
    } else {
        special = 0;
        if (fr_unorm(a))
            info->flags |= FPF_D;
    }
    unsigned en = info->flags & e->enabled & (FPF_V | FPF_D);
    if (en) {
        info->faults |= en;
        return -1;
    }
    if (special)
        return 0;
    struct freg x = sf_normalize(a);
    if (fr_zero(&x) || fr_inf(&x)) {          /* +-0 and +inf: themselves */
        *r = x;
        if (fr_zero(&x))
            r->exp = 0;
        return 0;
    }
    if (!(x.sig >> 63)) {                     /* below the register range: assistance */
        info->swa = 1;
        return -1;
    }
    *r = sf_rsqrt_approx(&x);
    return 1;
}

/* ------------------------------------------------------------ conversions */
int sf_to_int(uint64_t *out, const struct freg *a, int is_signed, int trunc, const struct fp_env *e,
              struct fp_info *info)
{
    unsigned rc = trunc ? RC_RZ : e->rc;
    if (fr_unsupported(a) || fr_nan(a)) {
        info->flags |= FPF_V;
        goto invalid;
    }
    if (fr_unorm(a))
        info->flags |= FPF_D;
    if (fr_inf(a))
        goto invalid_v;
    if (fr_zero(a)) {
        *out = 0;
        goto done;
    }
    struct freg x = sf_normalize(a);
    int ue = (int)x.exp - 0xffff;             /* value = sig * 2^(ue - 63) */
    u128 mag;
    int inexact = 0, inc = 0;
    if (ue >= 64) {
        goto invalid_v;
    } else {
        int sh = 63 - ue;                     /* bits below the binary point */
        u128 s = (u128)x.sig << 64;           /* 64 fraction guard bits */
        if (sh >= 128) {
            mag = 0;
            inexact = 1;
            unsigned rbit = 0, rest = 1;
            inc = round_up(rc, x.sign & 1, 0, rbit, rest);
        } else {
            u128 v = s >> sh;                 /* integer in the top 64 of v... */
            u128 ip = v >> 64, fr = v & (((u128)1 << 64) - 1);
            int lost = sh > 0 && (s << (128 - sh)) != 0;
            unsigned rbit = (unsigned)(fr >> 63) & 1;
            unsigned rest = (fr & (((u128)1 << 63) - 1)) != 0 || lost;
            inexact = rbit || rest;
            inc = round_up(rc, x.sign & 1, (unsigned)ip & 1, rbit, rest);
            mag = ip;
        }
        mag += (u128)inc;
    }
    if (is_signed) {
        if (x.sign ? mag > ((u128)1 << 63) : mag >= ((u128)1 << 63))
            goto invalid_v;
        *out = x.sign ? -(uint64_t)mag : (uint64_t)mag;
    } else {
        if ((x.sign && mag != 0) || mag >> 64)
            goto invalid_v;
        *out = (uint64_t)mag;
    }
    if (inexact)
        inexact_flags(0, inc, e, info);
done:
    if (info->flags & e->enabled & FPF_D) {
        info->faults |= FPF_D;
        info->traps = 0;
        return 1;
    }
    return 0;
invalid_v:
    info->flags = (info->flags & ~FPF_D) | FPF_V;
invalid:
    if (e->enabled & FPF_V) {
        info->faults |= FPF_V;
        return 1;
    }
    *out = 0x8000000000000000ull;             /* the integer indefinite */
    return 0;
}

struct freg sf_from_int(int64_t v)
{
    struct freg r = { 0, 0, 0 };
    if (v == 0)
        return r;
    uint64_t m = v < 0 ? -(uint64_t)v : (uint64_t)v;
    int n = __builtin_clzll(m);
    r.sign = v < 0;
    r.sig = m << n;
    r.exp = (uint32_t)(0xffff + 63 - n);
    return r;
}

struct freg sf_from_single(uint32_t v)
{
    struct freg f;
    uint32_t e = (v >> 23) & 0xff, m = v & 0x7fffff;
    f.sign = v >> 31;
    f.sig = (uint64_t)m << 40;
    if (e == 0xff) {
        f.exp = 0x1ffff;
        f.sig |= 1ull << 63;
    } else if (e == 0) {
        f.exp = m ? 0xffff - 127 + 1 : 0;
    } else {
        f.exp = e + 0xffff - 127;
        f.sig |= 1ull << 63;
    }
    return f;
}

/* The parallel forms' trap-enabled overflow/underflow response (SDM vol.
 * 1, 5.4.2-5.4.3): the rounded single with its true biased exponent
 * (bias 127) taken MOD 2^8 -- the 8-bit counterpart of the scalar forms'
 * exponent MOD 2^17.  F: the rounded, normalized, non-zero result. */
uint32_t sf_to_single_wrapped(const struct freg *f)
{
    uint32_t e = (uint32_t)((int)f->exp - 0xffff + 127) & 0xff;
    return (f->sign & 1) << 31 | e << 23 | (uint32_t)((f->sig >> 40) & 0x7fffff);
}

uint32_t sf_to_single(const struct freg *f)
{
    uint32_t x = f->exp, e;
    e = x == 0x1ffff ? 0xff : !(f->sig >> 63) || x == 0 ? 0 : ((x >> 16) & 1) << 7 | (x & 0x7f);
    return (f->sign & 1) << 31 | e << 23 | (uint32_t)((f->sig >> 40) & 0x7fffff);
}
