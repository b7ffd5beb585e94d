/* Setting up a guest, servicing its system and SSC calls, and dumping its
 * state: the host side of `ia64emu run`. */
#ifndef IA64EMU_GUEST_H
#define IA64EMU_GUEST_H

#include <stddef.h>

#include "image.h"
#include "machine.h"

/* User-mode address space (documented in README): the memory stack grows
 * down from USER_STACK_TOP, the register backing store up from
 * USER_RBS_BASE, both in region 4. */
#define USER_STACK_TOP 0x8000000100000000ull
#define USER_RBS_BASE  0x8000000000000000ull
/* Anonymous mmap()s are placed upwards from here (region 1, as Linux's
 * DEFAULT_MAP_BASE); brk() grows from the end of the highest segment. */
#define USER_MMAP_BASE 0x2000000000000000ull
/* The page size user-mode guests are told (AT_PAGESZ) and that brk() and
 * mmap() round to: Linux IA-64's default, 16 KiB. */
#define USER_PAGE_SIZE 16384ull

/* The little-endian 64-bit value at P (ELF images, guest structures). */
static inline uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

#define GUEST_NFD 256                  /* guest file descriptors */

/* Host-side state of one guest (machine.host). */
struct guest_host {
    int fd[GUEST_NFD];                 /* guest fd -> host fd, or -1 */
    uint64_t brk_start, brk;           /* user mode: the program break */
    uint64_t mmap_next;                /* user mode: next anonymous mapping */
    uint8_t warned[2048 / 8];          /* unknown system calls already reported */
    int warned_other;                  /* ... numbers of 2048 and above */
    char *cmdline;                     /* system mode: SSC GET_ARGS */
    size_t cmdline_len;
};

/* guest_load allocates machine.host; guest_free releases it. */
int guest_load(struct machine *m, const struct image *img, char *err, size_t errlen);
void guest_free(struct machine *m);
int guest_setup_user(struct machine *m, const struct image *img, int argc, char **argv,
                     char *err, size_t errlen);
int guest_setup_system(struct machine *m, const struct image *img, int argc, char **argv,
                       char *err, size_t errlen);
int guest_dump_state(struct machine *m, const char *path, char *err, size_t errlen);

/* break 0x100000 in user mode (Linux system call), break 0x80001 in
 * system mode (Ski SSC call).  Return OP_* codes. */
int guest_syscall(struct machine *m);
int guest_ssc(struct machine *m);

#endif
