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

int guest_load(struct machine *m, const struct image *img, char *err, size_t errlen);
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
