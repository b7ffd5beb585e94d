/* Ski's firmware window for system-mode guests: PAL, SAL and EFI GetTime
 * answered by the host (docs/system.md).  ia64emu places stub bundles in
 * the window; each starts with a break that on_break hands here (any
 * immediate: the IP names the call, as in Ski), then returns as its
 * calling convention says:
 *   PAL_PROC   static calls (SDM vol. 2, PAL calling conventions): index
 *              in r28, arguments r29-r31, entered with br.cond and
 *              returning with br.cond b0; stacked calls (index bit 8 set:
 *              256-511, 768-1023) take their arguments in in1-in3 and
 *              return with br.ret, so the host branches to a br.ret stub;
 *   SAL_PROC   a C call: index in in0, arguments in1-in7, br.ret;
 *   GetTime    a C call: in0 = EFI_TIME *, in1 = EFI_TIME_CAPABILITIES *.
 * Results: status in r8, return values r9-r11.  An unimplemented PAL or
 * SAL procedure returns -1 and is reported once on stderr. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "guest.h"

enum {
    PAL_CACHE_INFO = 2, PAL_CACHE_SUMMARY = 4, PAL_PTCE_INFO = 6, PAL_VM_SUMMARY = 8,
    PAL_FREQ_BASE = 13, PAL_FREQ_RATIOS = 14, PAL_HALT_LIGHT = 29,
};
#define SAL_SET_VECTORS 0x01000000ull
#define SAL_FREQ_BASE   0x01000012ull

#define EFI_INVALID_PARAMETER 0x8000000000000002ull
#define EFI_UNSPECIFIED_TIMEZONE 0x07ff

/* The stubs, as ia64-linux-gnu-as encodes them (little-endian halves). */
static const uint64_t stub_pal[2] = {      /* break.m 0; nop.i 0; br.cond.sptk.few b0 ;; */
    0x0000000000000011ull, 0x0080000000000200ull };
static const uint64_t stub_ret[2] = {      /* nop.m 0; nop.i 0; br.ret.sptk.few b0 ;; */
    0x0000000100000011ull, 0x0084000080000200ull };
static const uint64_t stub_call[2] = {     /* break.m 0; nop.i 0; br.ret.sptk.few b0 ;; */
    0x0000000000000011ull, 0x0084000080000200ull };

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put_bundle(uint8_t *page, uint64_t addr, const uint64_t b[2])
{
    put64(page + (addr - FW_BASE), b[0]);
    put64(page + (addr - FW_BASE) + 8, b[1]);
}

void firmware_install(struct machine *m)
{
    if (mem_page(&m->mem, FW_BASE, 0))
        return;                         /* the image brings its own */
    uint8_t *page = mem_page(&m->mem, FW_BASE, 1);
    if (!page)
        return;                         /* beyond --mem: no firmware */
    put_bundle(page, FW_PAL_PROC, stub_pal);
    put_bundle(page, FW_PAL_STACKED_RET, stub_ret);
    put_bundle(page, FW_SAL_PROC, stub_call);
    put_bundle(page, FW_EFI_GETTIME, stub_call);
    put64(page + (FW_SAL_PROC_DESC - FW_BASE), FW_SAL_PROC);        /* entry, gp = 0 */
    put64(page + (FW_EFI_GETTIME_DESC - FW_BASE), FW_EFI_GETTIME);

    /* SAL system table (SAL spec. 3.0, 3.2): a 96-byte header, then one
     * entry-point descriptor (type 0, 48 bytes). */
    uint8_t *t = page + (FW_SAL_SYSTAB - FW_BASE);
    const unsigned size = 96 + 48;
    memcpy(t, "SST_", 4);
    t[4] = size & 0xff;
    t[5] = size >> 8;
    t[8] = 0x20;                        /* SAL revision 3.20, BCD */
    t[9] = 0x03;
    t[10] = 1;                          /* one entry */
    memcpy(t + 0x18, "ia64emu", 7);     /* OEM id */
    memcpy(t + 0x38, "Ski system platform", 19);
    t[96] = 0;                          /* entry-point descriptor */
    put64(t + 96 + 8, FW_PAL_PROC);
    put64(t + 96 + 16, FW_SAL_PROC);
    put64(t + 96 + 24, 0);              /* gp */
    unsigned sum = 0;
    for (unsigned i = 0; i < size; i++)
        sum += t[i];
    t[12] = (uint8_t)(0x100 - (sum & 0xff));   /* the bytes sum to 0 */
}

static uint64_t arg(struct cpu *c, unsigned i)
{
    return i < CFM_SOF(c->cfm) ? gr_val(c, 32 + i) : 0;
}

static void results(struct cpu *c, uint64_t r8, uint64_t r9, uint64_t r10, uint64_t r11)
{
    gr_set(c, 8, r8, 0);
    gr_set(c, 9, r9, 0);
    gr_set(c, 10, r10, 0);
    gr_set(c, 11, r11, 0);
}

static void warn_once(uint8_t *bits, unsigned i, const char *what, uint64_t index)
{
    if (bits && (bits[i / 8] >> (i % 8)) & 1)
        return;
    if (bits)
        bits[i / 8] |= (uint8_t)(1u << (i % 8));
    fflush(stdout);
    fprintf(stderr, "ia64emu: %s procedure 0x%" PRIx64 " is not implemented (returns -1)\n", what, index);
}

/* PAL_CACHE_INFO: one level of nominal caches, 16 KiB, 4-way, 64-byte
 * lines, for instructions (type 1) and data (type 2).  ia64emu models no
 * cache: every access is coherent. */
static int64_t pal_cache_info(uint64_t level, uint64_t type, uint64_t *r9, uint64_t *r10)
{
    if (level != 0 || (type != 1 && type != 2))
        return -2;
    *r9 = 4ull << 8 | 6ull << 16 | 6ull << 24 | 1ull << 32 | 1ull << 40;  /* assoc, line, stride, latencies */
    *r10 = 16384ull | 12ull << 32 | 12ull << 40 | 49ull << 48;  /* size, alias boundary, tag bits 49:12 */
    return 0;
}

static int pal_call(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    uint64_t index = gr_val(c, 28);
    int stacked = (index >> 8) & 1;
    uint64_t a1 = stacked ? arg(c, 1) : gr_val(c, 29);
    uint64_t a2 = stacked ? arg(c, 2) : gr_val(c, 30);
    int64_t status = 0;
    int wake = 0;
    uint64_t r9 = 0, r10 = 0, r11 = 0;
    switch (index) {
    case PAL_CACHE_INFO:
        status = pal_cache_info(a1, a2, &r9, &r10);
        break;
    case PAL_CACHE_SUMMARY:
        r9 = 1;                         /* cache levels */
        r10 = 2;                        /* unique caches: L1 instruction and data */
        break;
    case PAL_PTCE_INFO:
        r9 = 0;                         /* base */
        r10 = 1ull << 32 | 1;           /* counts: one loop of one ptc.e */
        r11 = 0;                        /* strides */
        break;
    case PAL_VM_SUMMARY:
        r9 = 1ull                       /* vw: the VHPT walker */
           | 50ull << 1                 /* physical address bits */
           | 24ull << 8                 /* key size */
           | 15ull << 16                /* max_pkr: 16 protection key registers */
           | 7ull << 32 | 7ull << 40    /* max_dtr, max_itr: 8 translation registers each */
           | 2ull << 48                 /* max_unique_tcs: ITC and DTC */
           | 1ull << 56;                /* TC levels */
        r10 = 50ull                     /* impl_va_msb */
            | 24ull << 8                /* rid_size */
            | 1ull << 16;               /* max_purges */
        break;
    case PAL_FREQ_BASE:
        r9 = FW_BASE_FREQ;
        break;
    case PAL_FREQ_RATIOS:
        r9 = r10 = r11 = 1ull << 32 | 1;   /* processor, bus, ITC: 1/1 of the base */
        break;
    case PAL_HALT_LIGHT:
        wake = cpu_halt_light(c);       /* ITC to the next ITM match, or at once */
        break;
    default:
        status = -1;
        warn_once(h ? h->pal_warned : NULL, (unsigned)(index & 1023), "PAL", index);
        break;
    }
    results(c, (uint64_t)status, r9, r10, r11);
    if (stacked) {
        c->ip = (c->ip & ~FW_IP_MASK) | FW_PAL_STACKED_RET;
        c->slot = 0;
        if (wake) {
            c->stop = STOP_EVENT;       /* cpu_run delivers the timer */
            return OP_STOP;
        }
        return OP_BRANCH;
    }
    if (wake) {                         /* the stub's next slot, then cpu_run */
        c->slot++;
        c->stop = STOP_EVENT;
        return OP_STOP;
    }
    return OP_NEXT;
}

static int sal_call(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    uint64_t index = arg(c, 0), a1 = arg(c, 1);
    int64_t status = 0;
    uint64_t r9 = 0, r10 = 0, r11 = 0;
    switch (index) {
    case SAL_SET_VECTORS:
        /* recorded, never used: ia64emu raises no machine check or INIT */
        if (a1 > 2)
            status = -2;
        else if (h)
            for (unsigned i = 0; i < 3; i++)
                h->sal_vectors[a1][i] = arg(c, 2 + i);
        break;
    case SAL_FREQ_BASE:
        if (a1 == 0 || a1 == 1)         /* platform, interval timer */
            r9 = FW_BASE_FREQ;
        else if (a1 == 2)               /* real-time clock */
            r9 = 1;
        else
            status = -2;
        break;                          /* r10: drift 0 ppm */
    default:
        status = -1;
        if (index - SAL_SET_VECTORS < 256)
            warn_once(h ? h->sal_warned : NULL, (unsigned)(index - SAL_SET_VECTORS), "SAL", index);
        else if (!h || !h->fw_warned_other) {
            if (h)
                h->fw_warned_other = 1;
            warn_once(NULL, 0, "SAL", index);
        }
        break;
    }
    results(c, (uint64_t)status, r9, r10, r11);
    return OP_NEXT;
}

/* GetTime (UEFI 2, 7.3): time zone unspecified; UTC derived from the ITC,
 * or the host's local time with --realtime (guest_calendar). */
static int efi_get_time(struct machine *m)
{
    struct cpu *c = &m->cpu;
    uint64_t time_p = arg(c, 0), caps_p = arg(c, 1);
    if (!time_p) {
        results(c, EFI_INVALID_PARAMETER, 0, 0, 0);
        return OP_NEXT;
    }
    struct tm tm;
    long nsec;
    guest_calendar(m, &tm, &nsec);
    uint32_t year = (uint32_t)tm.tm_year + 1900, ns = (uint32_t)nsec;
    uint8_t b[16] = {
        (uint8_t)year, (uint8_t)(year >> 8), (uint8_t)(tm.tm_mon + 1), (uint8_t)tm.tm_mday,
        (uint8_t)tm.tm_hour, (uint8_t)tm.tm_min, (uint8_t)tm.tm_sec, 0,
        (uint8_t)ns, (uint8_t)(ns >> 8), (uint8_t)(ns >> 16), (uint8_t)(ns >> 24),
        EFI_UNSPECIFIED_TIMEZONE & 0xff, EFI_UNSPECIFIED_TIMEZONE >> 8, 0, 0,
    };
    /* Resolution 1 Hz, Accuracy 50 ppm (in millionths of ppm), SetsToZero 0 */
    const uint8_t caps[12] = { 1, 0, 0, 0, 0x80, 0xf0, 0xfa, 0x02, 0, 0, 0, 0 };
    if (mem_copy_in(&m->mem, time_p, b, sizeof b) || (caps_p && mem_copy_in(&m->mem, caps_p, caps, sizeof caps))) {
        snprintf(c->message, sizeof c->message, "guest memory limit exceeded in EFI GetTime");
        c->stop = STOP_HOST_ERROR;
        return OP_STOP;
    }
    results(c, 0, 0, 0, 0);
    return OP_NEXT;
}

int firmware_call(struct machine *m)
{
    struct cpu *c = &m->cpu;
    uint64_t ip = c->ip & FW_IP_MASK;
    if (ip == FW_EFI_GETTIME)
        return efi_get_time(m);
    if (ip == FW_SAL_PROC)
        return sal_call(m);
    if (ip == FW_PAL_PROC)
        return pal_call(m);
    /* a break elsewhere in the window: as Ski, in0 below 0x100 is PAL */
    return arg(c, 0) < 0x100 ? pal_call(m) : sal_call(m);
}
