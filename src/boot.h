/* `ia64emu boot`: a Linux kernel booted as elilo would (docs/boot.md). */
#ifndef IA64EMU_BOOT_H
#define IA64EMU_BOOT_H

#include <stddef.h>
#include <stdint.h>

struct machine;

/* The boot tables' area, EFI runtime-services data, just below the
 * firmware window (FW_BASE, src/guest.h). */
#define BOOT_TABLES      0x12FF0000ull
#define BOOT_CMDLINE_MAX 2048          /* Linux IA-64's COMMAND_LINE_SIZE */

struct boot_config {
    uint64_t ram;                      /* bytes of RAM from physical 0 (--mem) */
    const char *cmdline;
    uint64_t initrd_at, initrd_size;   /* physical; size 0: none */
};

/* Writes the boot tables (src/boot_tables.c); struct ia64_boot_param is
 * at BOOT_TABLES.  -1 with ERR on failure. */
int boot_tables(struct machine *m, const struct boot_config *bc, char *err, size_t errlen);

#endif
