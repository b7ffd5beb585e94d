/* The pv_ops hooks, C side: the table made from pvops/hooks.def and the
 * site records the hook backends leave in PVOPS_SITES_SECTION. */
#ifndef IA64EMU_PVOPS_HOOKS_H
#define IA64EMU_PVOPS_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "pvops_abi.h"

struct pvops_hook {
    const char *name;
    int id;
    int kind;                          /* PVOPS_KIND_* */
    int nargs;
    int role[PVOPS_SITE_MAX_ARGS];     /* PVOPS_ROLE_* */
    const char *native;                /* the native instruction(s) */
};

enum {
#define PVOPS_HOOK(name, id, kind, nargs, r0, r1, r2, r3, native) PVOPS_HOOK_ID_##name = id,
#include "hooks.def"
#undef PVOPS_HOOK
};

extern const struct pvops_hook pvops_hooks[];
extern const size_t pvops_hook_count;

/* The hook with id ID, or NULL. */
const struct pvops_hook *pvops_hook_by_id(int id);
const char *pvops_role_name(int role);
const char *pvops_kind_name(int kind);
const char *pvops_variant_name(int variant);

/* One decoded site record. */
struct pvops_site_arg {
    uint8_t role, cls, num;
};
struct pvops_site {
    uint32_t id;
    uint16_t hook;
    uint8_t bundles, variant;
    uint64_t addr;                     /* as stored (0 in an unlinked object) */
    struct pvops_site_arg arg[PVOPS_SITE_MAX_ARGS];
};

/* Decodes the PVOPS_SITE_RECORD_SIZE bytes at P (little-endian).
 * Returns 0, or -1 when the record names an unknown hook or its argument
 * roles disagree with the hook list. */
int pvops_site_decode(const uint8_t *p, struct pvops_site *s);

/* "r16", "p6", "in0", "ar.k6"... for an argument; BUF of at least 16. */
const char *pvops_arg_text(const struct pvops_site_arg *a, char *buf, size_t n);

#endif
