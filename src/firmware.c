/* Ski's firmware window for system-mode guests: PAL, SAL and the EFI
 * runtime services answered by the host (docs/system.md, docs/boot.md).
 * ia64emu places stub bundles in the window; each starts with a break
 * that on_break hands here (any immediate: the IP names the call, as in
 * Ski), then returns as its calling convention says:
 *   PAL_PROC   static calls (SDM vol. 2, PAL calling conventions): index
 *              in r28, arguments r29-r31, entered with br.cond and
 *              returning with br.cond b0; stacked calls (index bit 8 set:
 *              256-511, 768-1023) take their arguments in in1-in3 and
 *              return with br.ret, so the host branches to a br.ret stub;
 *   SAL_PROC   a C call: index in in0, arguments in1-in7, br.ret;
 *   EFI        C calls: GetTime (in0 = EFI_TIME *, in1 = capabilities *),
 *              SetVirtualAddressMap, ResetSystem; the others answer
 *              EFI_UNSUPPORTED.
 * Results: status in r8, return values r9-r11.  An unimplemented PAL or
 * SAL procedure returns -1 and is reported once on stderr. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "guest.h"
#include "hv.h"

enum {
    PAL_CACHE_FLUSH = 1, PAL_CACHE_INFO = 2, PAL_CACHE_SUMMARY = 4, PAL_PTCE_INFO = 6,
    PAL_VM_INFO = 7, PAL_VM_SUMMARY = 8, PAL_FREQ_BASE = 13, PAL_FREQ_RATIOS = 14,
    PAL_PROC_GET_FEATURES = 17, PAL_RSE_INFO = 19, PAL_VERSION = 20, PAL_HALT = 28,
    PAL_HALT_LIGHT = 29, PAL_VM_PAGE_SIZE = 34, PAL_HALT_INFO = 257,
};
#define SAL_SET_VECTORS         0x01000000ull
#define SAL_GET_STATE_INFO      0x01000001ull
#define SAL_GET_STATE_INFO_SIZE 0x01000002ull
#define SAL_CLEAR_STATE_INFO    0x01000003ull
#define SAL_MC_SET_PARAMS       0x01000005ull
#define SAL_FREQ_BASE           0x01000012ull

#define EFI_INVALID_PARAMETER 0x8000000000000002ull
#define EFI_UNSUPPORTED       0x8000000000000003ull
#define EFI_UNSPECIFIED_TIMEZONE 0x07ff

/* The stubs, as ia64-linux-gnu-as encodes them (little-endian halves). */
static const uint64_t stub_pal[2] = {      /* break.m 0; nop.i 0; br.cond.sptk.few b0 ;; */
    0x0000000000000011ull, 0x0080000000000200ull };
static const uint64_t stub_ret[2] = {      /* nop.m 0; nop.i 0; br.ret.sptk.few b0 ;; */
    0x0000000100000011ull, 0x0084000080000200ull };
static const uint64_t stub_call[2] = {     /* break.m 0; nop.i 0; br.ret.sptk.few b0 ;; */
    0x0000000000000011ull, 0x0084000080000200ull };

/* The EFI runtime services' stubs and function descriptors (entry, gp 0) */
static const struct { uint64_t entry, desc; } efi_services[] = {
    { FW_EFI_GETTIME, FW_EFI_GETTIME_DESC }, { FW_EFI_SVAM, FW_EFI_SVAM_DESC },
    { FW_EFI_RESET, FW_EFI_RESET_DESC }, { FW_EFI_UNSUPPORTED, FW_EFI_UNSUPPORTED_DESC },
};

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
    put64(page + (FW_SAL_PROC_DESC - FW_BASE), FW_SAL_PROC);        /* entry, gp = 0 */
    for (size_t i = 0; i < sizeof efi_services / sizeof efi_services[0]; i++) {
        put_bundle(page, efi_services[i].entry, stub_call);
        put64(page + (efi_services[i].desc - FW_BASE), efi_services[i].entry);
    }

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

/* The physical address of a firmware call's pointer argument VA: as is
 * in physical mode (bit 63, the uncacheable attribute, stripped), else
 * through the TLB as the caller's virtual mode has it (TRs, TCs, the VHPT
 * walker), or under the hypervisor as the guest's own PSR and
 * translations have it; a miss in region 6 or 7 takes the identity map
 * Linux keeps there (its Alternate TLB handlers'), which real firmware
 * would have reached through the kernel's IVT.  -1: no translation. */
static int fw_pa(struct machine *m, uint64_t va, uint64_t *pa)
{
    struct cpu *c = &m->cpu;
    struct interruption f;
    if (m->hv) {                        /* deprivileged: the guest's view */
        if (hv_guest_pa(m->hv, va, pa) == 0)
            return 0;
    } else if (!(c->psr & PSR_DT)) {
        *pa = va & ~(1ull << 63);
        return 0;
    } else if (tlb_check(c, TLB_D, va, ACC_W, 0, 0, 0, pa, &f) == 0) {
        return 0;
    }
    if ((va >> 61) >= 6) {
        *pa = va & ((1ull << 61) - 1);
        return 0;
    }
    return -1;
}

/* N bytes between the host's BUF and the caller's VA (TO_GUEST: into the
 * guest), page by page through fw_pa.  -1 when some page fails. */
static int fw_copy(struct machine *m, uint64_t va, void *buf, uint64_t n, int to_guest)
{
    uint8_t *b = buf;
    while (n) {
        uint64_t pa, chunk = 4096 - (va & 4095);
        if (chunk > n)
            chunk = n;
        if (fw_pa(m, va, &pa) ||
            (to_guest ? mem_copy_in(&m->mem, pa, b, chunk) : mem_copy_out(&m->mem, b, pa, chunk)))
            return -1;
        va += chunk;
        b += chunk;
        n -= chunk;
    }
    return 0;
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

/* PAL_HALT_INFO: 8 power-state words at BUF (SDM vol. 2, PAL_HALT_INFO):
 * state 0 implemented, latencies of one cycle, coherent; the others not. */
static int pal_halt_info(struct machine *m, uint64_t buf)
{
    uint8_t b[64] = { 0 };
    uint64_t w = 1ull | 1ull << 16 | 1ull << 60 | 1ull << 61;
    put64(b, w);
    return fw_copy(m, buf, b, sizeof b, 1);
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
    if (h)
        h->boot.pal_calls[index < 512 ? index : 511]++;
    switch (index) {
    case PAL_CACHE_FLUSH:
        if (a1 < 1 || a1 > 4)           /* instruction, data, both, or coherence */
            status = -2;
        break;                          /* r9: no interrupt pending; r10: done */
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
    case PAL_VM_INFO:                   /* one level: the ITC and the DTC, fully associative */
        if (a1 != 0 || (a2 != 1 && a2 != 2)) {
            status = -2;
            break;
        }
        r9 = 1ull | (uint64_t)TLB_NTC << 8 | (uint64_t)TLB_NTC << 16;   /* sets, ways, entries */
        r10 = TLB_PAGE_SIZES;
        break;
    case PAL_VM_PAGE_SIZE:              /* insertable page sizes; the walker's (and purges') */
        r9 = r10 = TLB_PAGE_SIZES;
        break;
    case PAL_FREQ_BASE:
        r9 = FW_BASE_FREQ;
        break;
    case PAL_PROC_GET_FEATURES:         /* feature set 0 (a2): nothing optional */
        if (a2 != 0)
            status = -8;
        break;
    case PAL_RSE_INFO:
        r9 = NPHYS_STACKED;
        r10 = 0;                        /* hints: no load or store intensive modes */
        break;
    case PAL_VERSION:                   /* PAL_B and PAL_A revision 1, model 0; minimum = current */
        r9 = r10 = 1ull | 1ull << 32;
        break;
    case PAL_HALT:                      /* the processor stops for good: the run ends */
        fflush(stdout);
        if (h)
            snprintf(h->boot.end, sizeof h->boot.end, "PAL_HALT, power state %" PRIu64, a1);
        c->exit_status = 0;
        c->stop = STOP_EXIT;
        return OP_STOP;
    case PAL_HALT_INFO:                 /* (stacked) one state, LIGHT_HALT: implemented, coherent */
        status = pal_halt_info(m, a1) ? -2 : 0;
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
    if (h)
        h->boot.sal_calls[index - SAL_SET_VECTORS < 63 ? index - SAL_SET_VECTORS : 63]++;
    switch (index) {
    case SAL_GET_STATE_INFO:            /* no machine check or INIT is ever logged */
        status = -5;                    /* no information available */
        break;
    case SAL_GET_STATE_INFO_SIZE:
        if (a1 > 3)                     /* MCA, INIT, CMC, CP */
            status = -2;
        else
            r9 = 4096;
        break;
    case SAL_CLEAR_STATE_INFO:
    case SAL_MC_SET_PARAMS:             /* accepted, never used */
        break;
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

static int guest_memory_error(struct cpu *c, const char *what)
{
    snprintf(c->message, sizeof c->message, "guest memory limit exceeded in %s", what);
    c->stop = STOP_HOST_ERROR;
    return OP_STOP;
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
    uint8_t caps[12] = { 1, 0, 0, 0, 0x80, 0xf0, 0xfa, 0x02, 0, 0, 0, 0 };
    if (fw_copy(m, time_p, b, sizeof b, 1) || (caps_p && fw_copy(m, caps_p, caps, sizeof caps, 1))) {
        results(c, EFI_INVALID_PARAMETER, 0, 0, 0);     /* a pointer that does not translate */
        return OP_NEXT;
    }
    results(c, 0, 0, 0, 0);
    return OP_NEXT;
}

/* SetVirtualAddressMap (UEFI 2, 8.4): in0 the map's size, in1 a
 * descriptor's, in2 its version, in3 the map (physical: it is called in
 * physical mode).  The runtime services move to the virtual address the
 * map gives the window's descriptor: their function descriptors' entries
 * are rewritten (the window's code runs at any region; the kernel reads
 * the runtime table's pointers as physical and maps them itself).  A
 * second call is EFI_UNSUPPORTED. */
static int efi_set_virtual_address_map(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    uint64_t size = arg(c, 0), dsize = arg(c, 1), map = arg(c, 3);
    uint64_t status = EFI_INVALID_PARAMETER;
    if (h && h->boot.svam_done)
        status = EFI_UNSUPPORTED;
    else if (dsize >= 40 && size % dsize == 0 && size / dsize <= 4096) {
        for (uint64_t off = 0; off < size; off += dsize) {
            uint8_t d[40];
            if (fw_copy(m, map + off, d, sizeof d, 0))
                break;                   /* EFI_INVALID_PARAMETER */
            uint64_t phys = le64(d + 8), virt = le64(d + 16), pages = le64(d + 24), attr = le64(d + 32);
            if (!(attr >> 63) || FW_BASE - phys >= (pages << 12))
                continue;                /* not the window's runtime descriptor */
            uint64_t delta = virt - phys;
            for (size_t i = 0; i < sizeof efi_services / sizeof efi_services[0]; i++) {
                uint8_t e[8];
                put64(e, efi_services[i].entry + delta);
                if (mem_copy_in(&m->mem, efi_services[i].desc, e, 8))
                    return guest_memory_error(c, "EFI SetVirtualAddressMap");
            }
            status = 0;
            if (h)
                h->boot.svam_done = 1;
            break;
        }
    }
    results(c, status, 0, 0, 0);
    return OP_NEXT;
}

/* ResetSystem (UEFI 2, 8.5.1): in0 cold 0, warm 1, shutdown 2; in1 the
 * status.  The run ends (exit status 0: the guest asked for it). */
static int efi_reset_system(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    static const char *const kinds[] = { "cold reset", "warm reset", "shutdown" };
    uint64_t kind = arg(c, 0);
    fflush(stdout);
    if (h)
        snprintf(h->boot.end, sizeof h->boot.end, "EFI ResetSystem, %s, status 0x%" PRIx64,
                 kind < 3 ? kinds[kind] : "unknown type", arg(c, 1));
    c->exit_status = 0;
    c->stop = STOP_EXIT;
    return OP_STOP;
}

int firmware_call(struct machine *m)
{
    struct cpu *c = &m->cpu;
    struct guest_host *h = m->host;
    uint64_t ip = c->ip & FW_IP_MASK;
    for (unsigned i = 0; h && i < sizeof efi_services / sizeof efi_services[0]; i++)
        if (ip == efi_services[i].entry)
            h->boot.efi_calls[i]++;
    if (ip == FW_EFI_SVAM)
        return efi_set_virtual_address_map(m);
    if (ip == FW_EFI_RESET)
        return efi_reset_system(m);
    if (ip == FW_EFI_UNSUPPORTED) {
        results(c, EFI_UNSUPPORTED, 0, 0, 0);
        return OP_NEXT;
    }
    if (ip == FW_EFI_GETTIME)
        return efi_get_time(m);
    if (ip == FW_SAL_PROC)
        return sal_call(m);
    if (ip == FW_PAL_PROC)
        return pal_call(m);
    /* a break elsewhere in the window: as Ski, in0 below 0x100 is PAL */
    return arg(c, 0) < 0x100 ? pal_call(m) : sal_call(m);
}
