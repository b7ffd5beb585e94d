/* Binary patching at load (`run --mode=patched`, `ia64emu pvops patch`):
 * the native kernel's sites rewritten with the Xen image's sequences. */
#ifndef IA64EMU_PATCH_LOAD_H
#define IA64EMU_PATCH_LOAD_H

#include <stdio.h>

#include "image.h"
#include "patch.h"

struct machine;

struct patch_site_report {
    uint32_t id;
    uint16_t hook;
    uint64_t addr, stub_addr;
    unsigned nb, xb;                      /* native and Xen bundles */
    unsigned n_insns, n_nops, p_insns, p_nops; /* at the site, before and after (stub included) */
    struct pvops_patch_result r;
};

struct patch_plan {
    char *xen_path;
    struct patch_site_report *site;
    size_t nsites;
    uint8_t *text;                        /* the patched copy of the sites' segment */
    uint64_t text_paddr, text_size;
    uint8_t *area;                        /* the patch area */
    uint64_t area_vaddr, area_paddr, area_used, area_size;
};

/* The Xen image next to NATIVE_PATH: "native" in the file name becomes
 * "xen" (kernel-native.elf -> kernel-xen.elf); g_free the result. */
char *patch_default_xen_image(const char *native_path);

int patch_prepare(struct patch_plan *p, const struct image *native, const char *xen_path, char *err,
                  size_t errlen);
/* Writes the plan into guest physical memory and drops the predecode cache. */
int patch_apply(const struct patch_plan *p, struct machine *m, char *err, size_t errlen);
void patch_report(const struct patch_plan *p, FILE *f, int per_site);
/* Tells the trace T that each patched site's stub is part of its hook
 * (trace_site_stub); -1 and ERR when a site has no record. */
struct trace;
int patch_trace_stubs(const struct patch_plan *p, struct trace *t, char *err, size_t errlen);
void patch_free(struct patch_plan *p);

#endif
