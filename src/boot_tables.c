/* What elilo and the firmware hand a Linux kernel at boot (docs/boot.md):
 * struct ia64_boot_param, the EFI system table with its runtime services
 * and configuration tables, the EFI memory map, ACPI 2.0 tables (RSDP,
 * XSDT, MADT, FADT, a DSDT that names the UART) and the HCDP that makes
 * the UART the console.  They are built here in one host buffer and
 * copied to physical [BOOT_TABLES, FW_BASE), below the firmware window
 * (src/firmware.c) whose stubs and SAL system table they point to. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "boot.h"
#include "guest.h"

/* Offsets in the tables' area */
enum {
    OFF_PARAM = 0x0000, OFF_CMDLINE = 0x0100, OFF_SYSTAB = 0x1000, OFF_VENDOR = 0x1080,
    OFF_RUNTIME = 0x1100, OFF_CONFIG = 0x1200, OFF_MEMMAP = 0x2000, OFF_RSDP = 0x3000,
    OFF_XSDT = 0x3040, OFF_MADT = 0x3100, OFF_FADT = 0x3200, OFF_DSDT = 0x3400,
    OFF_HCDP = 0x3600, OFF_END = 0x3800,
};
#define AT(off) (BOOT_TABLES + (off))

#define EFI_MEMDESC_SIZE    48          /* as firmware gives it: 40 bytes and padding */
#define EFI_MEMDESC_VERSION 1
enum { EFI_RUNTIME_SERVICES_DATA = 6, EFI_CONVENTIONAL_MEMORY = 7, EFI_PAL_CODE = 13 };
#define EFI_MEMORY_UC      0x1ull
#define EFI_MEMORY_WC      0x2ull
#define EFI_MEMORY_WT      0x4ull
#define EFI_MEMORY_WB      0x8ull
#define EFI_MEMORY_RUNTIME (1ull << 63)
#define EFI_PAGE_SHIFT     12

static void put16(uint8_t *p, uint16_t v) { put_le(p, v, 2); }
static void put32(uint8_t *p, uint32_t v) { put_le(p, v, 4); }

/* An EFI GUID as stored: the first three fields little-endian. */
static void put_guid(uint8_t *p, uint32_t a, uint16_t b, uint16_t c, const uint8_t d[8])
{
    put32(p, a);
    put16(p + 4, b);
    put16(p + 6, c);
    memcpy(p + 8, d, 8);
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
    unsigned s = 0;
    for (size_t i = 0; i < n; i++)
        s += p[i];
    return (uint8_t)s;
}

/* The 36-byte ACPI table header (ACPI 2.0, 5.2.6); the checksum is set
 * by acpi_seal once the table is complete. */
static void acpi_header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
    memcpy(t, sig, 4);
    put32(t + 4, len);
    t[8] = rev;
    memcpy(t + 10, "IA64EM", 6);
    memcpy(t + 16, "IA64EMU ", 8);
    put32(t + 24, 1);                   /* OEM revision */
    memcpy(t + 28, "IEMU", 4);          /* creator */
    put32(t + 32, 1);
}

static void acpi_seal(uint8_t *t)
{
    uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 | (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;
    t[9] = 0;
    t[9] = (uint8_t)-sum8(t, len);
}

/* An AML package length (ACPI 2.0, 17.2.4): N bytes of contents plus
 * the length's own one or two bytes. */
static size_t aml_pkglen(uint8_t *p, size_t n)
{
    if (n + 1 < 0x40) {
        p[0] = (uint8_t)(n + 1);
        return 1;
    }
    n += 2;
    p[0] = (uint8_t)(0x40 | (n & 0x0f));
    p[1] = (uint8_t)(n >> 4);
    return 2;
}

/* The DSDT's code: the UART as a PNP0501 device with one fixed memory
 * range and its interrupt, I/O SAPIC input UART_GSI, level-triggered:
 *   Scope (\_SB) { Device (COM1) { Name (_HID, EisaId ("PNP0501"))
 *     Name (_UID, Zero) Name (_CRS, ResourceTemplate () {
 *       Memory32Fixed (ReadWrite, UART_BASE, 8)
 *       Interrupt (ResourceConsumer, Level, ActiveHigh, Exclusive) { UART_GSI } }) } } */
static size_t dsdt_aml(uint8_t *out)
{
    uint8_t crs[23] = { 0x86, 0x09, 0x00, 0x01 };           /* Memory32Fixed, read/write */
    put32(crs + 4, (uint32_t)UART_BASE);
    put32(crs + 8, 8);
    crs[12] = 0x89;                                         /* Extended Interrupt, 6 bytes */
    crs[13] = 6;
    crs[15] = 0x01;                                         /* consumer, level, active high */
    crs[16] = 1;                                            /* one interrupt */
    put32(crs + 17, UART_GSI);
    crs[21] = 0x79;                                         /* end tag, checksum 0 */
    uint8_t dev[96];
    size_t n = 0;
    memcpy(dev + n, "\x08_HID\x0c", 6), n += 6;             /* Name, DWordConst */
    put32(dev + n, 0x0105d041), n += 4;                     /* EISA id PNP0501 */
    memcpy(dev + n, "\x08_UID\x00", 6), n += 6;             /* Name, Zero */
    memcpy(dev + n, "\x08_CRS\x11", 6), n += 6;             /* Name, Buffer */
    n += aml_pkglen(dev + n, 2 + sizeof crs);
    dev[n++] = 0x0a;                                        /* ByteConst: the size */
    dev[n++] = sizeof crs;
    memcpy(dev + n, crs, sizeof crs), n += sizeof crs;

    size_t o = 0;
    uint8_t body[128];
    size_t b = 0;
    body[b++] = 0x5b;                                       /* DeviceOp */
    body[b++] = 0x82;
    b += aml_pkglen(body + b, 4 + n);
    memcpy(body + b, "COM1", 4), b += 4;
    memcpy(body + b, dev, n), b += n;
    out[o++] = 0x10;                                        /* ScopeOp */
    o += aml_pkglen(out + o, 5 + b);
    memcpy(out + o, "\\_SB_", 5), o += 5;
    memcpy(out + o, body, b), o += b;
    return o;
}

static void memdesc(uint8_t *d, uint32_t type, uint64_t start, uint64_t end, uint64_t attr)
{
    put32(d, type);
    put64(d + 8, start);
    put64(d + 24, (end - start) >> EFI_PAGE_SHIFT);
    put64(d + 32, attr);
}

int boot_tables(struct machine *m, const struct boot_config *bc, char *err, size_t errlen)
{
    static uint8_t t[FW_BASE - BOOT_TABLES];
    memset(t, 0, sizeof t);

    /* the command line */
    size_t cl = strlen(bc->cmdline);
    if (cl >= BOOT_CMDLINE_MAX) {
        snprintf(err, errlen, "the kernel command line is %zu bytes long; Linux takes at most %d", cl,
                 BOOT_CMDLINE_MAX - 1);
        return -1;
    }
    memcpy(t + OFF_CMDLINE, bc->cmdline, cl + 1);

    /* the memory map: RAM from 0, but for the tables and the window */
    uint8_t *md = t + OFF_MEMMAP;
    unsigned n = 0;
    const uint64_t ram_attr = EFI_MEMORY_UC | EFI_MEMORY_WC | EFI_MEMORY_WT | EFI_MEMORY_WB;
    uint64_t low_end = bc->ram < BOOT_TABLES ? bc->ram : BOOT_TABLES;
    memdesc(md + EFI_MEMDESC_SIZE * n++, EFI_CONVENTIONAL_MEMORY, 0, low_end, ram_attr);
    memdesc(md + EFI_MEMDESC_SIZE * n++, EFI_RUNTIME_SERVICES_DATA, BOOT_TABLES, FW_BASE,
            EFI_MEMORY_WB | EFI_MEMORY_RUNTIME);
    memdesc(md + EFI_MEMDESC_SIZE * n++, EFI_PAL_CODE, FW_BASE, FW_END, EFI_MEMORY_WB | EFI_MEMORY_RUNTIME);
    if (bc->ram > FW_END)
        memdesc(md + EFI_MEMDESC_SIZE * n++, EFI_CONVENTIONAL_MEMORY, FW_END, bc->ram, ram_attr);

    /* ACPI: RSDP (ACPI 2.0, 5.2.4), XSDT, MADT, FADT, DSDT */
    uint8_t *r = t + OFF_RSDP;
    memcpy(r, "RSD PTR ", 8);
    memcpy(r + 9, "IA64EM", 6);
    r[15] = 2;                          /* revision: ACPI 2.0 and later */
    put32(r + 20, 36);
    put64(r + 24, AT(OFF_XSDT));
    r[8] = (uint8_t)-sum8(r, 20);
    r[32] = (uint8_t)-sum8(r, 36);

    uint8_t *x = t + OFF_XSDT;
    acpi_header(x, "XSDT", 36 + 2 * 8, 1);
    put64(x + 36, AT(OFF_FADT));
    put64(x + 44, AT(OFF_MADT));
    acpi_seal(x);

    /* MADT (ACPI 2.0, 5.2.10.4) with one Local SAPIC: the boot processor,
     * ACPI id 0, SAPIC id and eid those of its LID (0); length 20 with
     * ACPI 3.0's UID (0) and an empty UID string; and one I/O SAPIC */
    uint8_t *a = t + OFF_MADT;
    acpi_header(a, "APIC", 44 + 20 + 16, 1);
    put32(a + 36, 0xfee00000);          /* the processor interrupt block */
    put32(a + 40, 0);                   /* no PC-AT 8259s */
    uint8_t *ls = a + 44;
    ls[0] = 7;                          /* Local SAPIC */
    ls[1] = 20;
    put32(ls + 8, 1);                   /* enabled */
    uint8_t *io = ls + 20;
    io[0] = 6;                          /* I/O SAPIC: id 0, interrupts from 0 */
    io[1] = 16;
    put64(io + 8, IOSAPIC_BASE);
    acpi_seal(a);

    /* FADT, ACPI 5.0 layout (268 bytes): hardware-reduced, so there is no
     * SCI, PM timer or fixed register block to model; only the DSDT */
    uint8_t *f = t + OFF_FADT;
    acpi_header(f, "FACP", 268, 5);
    put32(f + 40, (uint32_t)AT(OFF_DSDT));
    put32(f + 112, 1u << 20);           /* HW_REDUCED_ACPI */
    f[131] = 0;                         /* minor revision */
    put64(f + 140, AT(OFF_DSDT));       /* X_DSDT */
    acpi_seal(f);

    uint8_t *d = t + OFF_DSDT;
    size_t aml = dsdt_aml(d + 36);
    acpi_header(d, "DSDT", (uint32_t)(36 + aml), 2);
    acpi_seal(d);

    /* HCDP / PCDP (DIG64 PCDP 2.0, revision 3): one UART, the primary
     * console: 115200 baud, 8 bits, no parity, 1 stop bit, byte access */
    uint8_t *h = t + OFF_HCDP;
    acpi_header(h, "HCDP", 40 + 48, 3);
    put32(h + 36, 1);
    uint8_t *u = h + 40;
    u[0] = 0;                           /* a UART console */
    u[1] = 8;
    u[2] = 1;                           /* no parity */
    u[3] = 1;
    put64(u + 8, 115200);
    u[16] = 0;                          /* system memory */
    u[17] = 8;                          /* bit width */
    u[19] = 1;                          /* byte access */
    put64(u + 20, UART_BASE);
    put32(u + 36, 1843200);             /* clock */
    u[41] = 1u << 2;                    /* the primary console */
    acpi_seal(h);

    /* EFI: the runtime services (their descriptors are in the window) */
    uint8_t *rt = t + OFF_RUNTIME;
    put64(rt, 0x56524553544e5552ull);  /* "RUNTSERV" */
    put32(rt + 8, 0x00020000);         /* UEFI 2.0 */
    put32(rt + 12, 24 + 14 * 8);
    static const uint64_t services[14] = {
        FW_EFI_GETTIME_DESC, FW_EFI_UNSUPPORTED_DESC, FW_EFI_UNSUPPORTED_DESC, FW_EFI_UNSUPPORTED_DESC,
        FW_EFI_SVAM_DESC, FW_EFI_UNSUPPORTED_DESC, FW_EFI_UNSUPPORTED_DESC, FW_EFI_UNSUPPORTED_DESC,
        FW_EFI_UNSUPPORTED_DESC, FW_EFI_UNSUPPORTED_DESC, FW_EFI_RESET_DESC, FW_EFI_UNSUPPORTED_DESC,
        FW_EFI_UNSUPPORTED_DESC, FW_EFI_UNSUPPORTED_DESC,
    };  /* GetTime ... SetVirtualAddressMap ... ResetSystem, in the table's order */
    for (unsigned i = 0; i < 14; i++)
        put64(rt + 24 + 8 * i, services[i]);

    /* the configuration tables: ACPI 2.0, the SAL system table, HCDP */
    uint8_t *ct = t + OFF_CONFIG;
    put_guid(ct, 0x8868e871, 0xe4f1, 0x11d3, (const uint8_t[8]){ 0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 });
    put64(ct + 16, AT(OFF_RSDP));
    put_guid(ct + 24, 0xeb9d2d32, 0x2d88, 0x11d3, (const uint8_t[8]){ 0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d });
    put64(ct + 40, FW_SAL_SYSTAB);
    put_guid(ct + 48, 0xf951938d, 0x620b, 0x42ef, (const uint8_t[8]){ 0x82, 0x79, 0xa8, 0x4b, 0x79, 0x61, 0x78, 0x98 });
    put64(ct + 64, AT(OFF_HCDP));

    /* the system table (UEFI 2, 4.3) */
    static const char vendor[] = "ia64emu";
    for (size_t i = 0; i < sizeof vendor; i++)
        put16(t + OFF_VENDOR + 2 * i, (uint16_t)vendor[i]);    /* UCS-2 */
    uint8_t *st = t + OFF_SYSTAB;
    put64(st, 0x5453595320494249ull);  /* "IBI SYST" */
    put32(st + 8, 0x00020000);
    put32(st + 12, 120);
    put64(st + 24, AT(OFF_VENDOR));
    put32(st + 32, 1);                  /* firmware revision */
    put64(st + 88, AT(OFF_RUNTIME));
    put64(st + 104, 3);                 /* configuration tables */
    put64(st + 112, AT(OFF_CONFIG));

    /* struct ia64_boot_param (Linux, arch/ia64: as elilo fills it) */
    uint8_t *p = t + OFF_PARAM;
    put64(p, AT(OFF_CMDLINE));
    put64(p + 8, AT(OFF_SYSTAB));
    put64(p + 16, AT(OFF_MEMMAP));
    put64(p + 24, (uint64_t)n * EFI_MEMDESC_SIZE);
    put64(p + 32, EFI_MEMDESC_SIZE);
    put32(p + 40, EFI_MEMDESC_VERSION);
    put16(p + 44, 80);                  /* console: columns, rows, cursor x, y */
    put16(p + 46, 25);
    put64(p + 56, 0);                   /* no FPSWA */
    put64(p + 64, bc->initrd_size ? bc->initrd_at : 0);
    put64(p + 72, bc->initrd_size);

    if (mem_copy_in(&m->mem, BOOT_TABLES, t, OFF_END)) {
        snprintf(err, errlen, "no guest memory for the boot tables at 0x%llx (--mem)",
                 (unsigned long long)BOOT_TABLES);
        return -1;
    }
    return 0;
}
