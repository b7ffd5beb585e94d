/* Binary patching at load: see patch_load.h and docs/pvops.md. */
#include <inttypes.h>
#include <string.h>

#include <glib.h>

#include "cpu.h"
#include "hooks.h"
#include "machine.h"
#include "memory.h"
#include "patch_load.h"
#include "trace.h"

#define PATCH_AREA_ALIGN 0x10000ull
#define PATCH_AREA_MAX 0x10000ull
#define GRANULE_SHIFT 24                  /* the kernel's pinned TR: 16 MiB */

char *patch_default_xen_image(const char *native_path)
{
    char *dir = g_path_get_dirname(native_path), *base = g_path_get_basename(native_path);
    char *p = strstr(base, "native"), *name, *out;
    if (p) {
        *p = '\0';
        name = g_strconcat(base, "xen", p + 6, NULL);
    } else {
        name = g_strdup("kernel-xen.elf");
    }
    out = g_build_filename(dir, name, NULL);
    g_free(dir);
    g_free(base);
    g_free(name);
    return out;
}

static const struct image_section *find_section(const struct image *img, const char *name)
{
    for (size_t i = 0; i < img->nsec; i++)
        if (!strcmp(img->sec[i].name, name))
            return &img->sec[i];
    return NULL;
}

static const struct image_segment *segment_of(const struct image *img, uint64_t va, uint64_t n)
{
    for (size_t i = 0; i < img->nseg; i++) {
        const struct image_segment *s = &img->seg[i];
        if (va >= s->vaddr && va - s->vaddr + n <= s->filesz)
            return s;
    }
    return NULL;
}

/* The site records of IMG, decoded; NULL with ERR. */
static struct pvops_site *read_sites(const struct image *img, size_t *n, char *err, size_t errlen)
{
    const struct image_section *sec = find_section(img, PVOPS_SITES_SECTION_NAME);
    if (img->relocatable || !img->exec) {
        snprintf(err, errlen, "%s: not a linked image", img->path);
        return NULL;
    }
    if (!sec || !sec->data || sec->size % PVOPS_SITE_RECORD_SIZE) {
        snprintf(err, errlen, "%s: no usable %s section (not built with the pvops hook backends)", img->path,
                 PVOPS_SITES_SECTION_NAME);
        return NULL;
    }
    *n = sec->size / PVOPS_SITE_RECORD_SIZE;
    struct pvops_site *s = g_new0(struct pvops_site, *n ? *n : 1);
    for (size_t i = 0; i < *n; i++)
        if (pvops_site_decode(sec->data + i * PVOPS_SITE_RECORD_SIZE, &s[i]) || !s[i].bundles ||
            !segment_of(img, s[i].addr, 16ull * s[i].bundles)) {
            snprintf(err, errlen, "%s: site record %zu is not valid", img->path, i);
            g_free(s);
            return NULL;
        }
    return s;
}

int patch_prepare(struct patch_plan *p, const struct image *native, const char *xen_path, char *err,
                  size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->xen_path = g_strdup(xen_path);
    struct image xen = { 0 };
    struct pvops_site *ns = NULL, *xs = NULL;
    size_t nn = 0, nx = 0;
    int rc = -1;
    char e2[400];
    if (image_load_elf(&xen, xen_path, e2, sizeof e2)) {
        snprintf(err, errlen, "the Xen image for patching: %s", e2);
        goto out;
    }
    if (!(ns = read_sites(native, &nn, err, errlen)) || !(xs = read_sites(&xen, &nx, err, errlen)))
        goto out;
    if (nn && ns[0].variant != PVOPS_VARIANT_NATIVE) {
        snprintf(err, errlen, "%s: its sites are of the %s variant, not native", native->path,
                 pvops_variant_name(ns[0].variant));
        goto out;
    }
    if (nx && xs[0].variant != PVOPS_VARIANT_XEN) {
        snprintf(err, errlen, "%s: its sites are of the %s variant, not xen", xen_path,
                 pvops_variant_name(xs[0].variant));
        goto out;
    }
    if (nn != nx) {
        snprintf(err, errlen, "%s has %zu sites, %s %zu: not the same kernel", native->path, nn, xen_path, nx);
        goto out;
    }
    /* the segment that holds the sites: patched as a copy */
    const struct image_segment *seg = nn ? segment_of(native, ns[0].addr, 16) : NULL;
    if (!seg) {
        snprintf(err, errlen, "%s: no sites to patch", native->path);
        goto out;
    }
    p->text = g_memdup2(native->bytes + seg->offset, seg->filesz);
    p->text_paddr = seg->paddr;
    p->text_size = seg->filesz;
    /* The patch area: one the image carries (the symbols
     * ia64emu_patch_area and ia64emu_patch_area_end, in a loaded segment:
     * scripts/linux-image puts 64 KiB in Linux's text, memory the kernel
     * keeps), else the first 64 KiB boundary after every loaded segment
     * (physically), at the same virtual offset from the sites' segment;
     * either must lie inside the granule the kernel pins. */
    uint64_t a0 = 0, a1 = 0;
    for (size_t i = 0; i < native->nsym; i++) {
        if (!strcmp(native->sym[i].name, "ia64emu_patch_area"))
            a0 = native->sym[i].addr;
        else if (!strcmp(native->sym[i].name, "ia64emu_patch_area_end"))
            a1 = native->sym[i].addr;
    }
    const struct image_segment *aseg = a0 && a1 > a0 ? segment_of(native, a0, a1 - a0) : NULL;
    if (aseg) {
        p->area_vaddr = a0;
        p->area_paddr = a0 - aseg->vaddr + aseg->paddr;
        p->area_size = a1 - a0;
    } else {
        uint64_t top = 0;
        for (size_t i = 0; i < native->nseg; i++)
            if (native->seg[i].paddr + native->seg[i].memsz > top)
                top = native->seg[i].paddr + native->seg[i].memsz;
        p->area_paddr = (top + PATCH_AREA_ALIGN - 1) & ~(PATCH_AREA_ALIGN - 1);
        p->area_vaddr = p->area_paddr + (seg->vaddr - seg->paddr);
        p->area_size = PATCH_AREA_MAX;
    }
    if ((p->area_vaddr + p->area_size - 1) >> GRANULE_SHIFT != seg->vaddr >> GRANULE_SHIFT) {
        snprintf(err, errlen, "%s: no room for the patch area inside the kernel's 16 MiB granule", native->path);
        goto out;
    }
    p->area = g_malloc0(p->area_size);
    p->site = g_new0(struct patch_site_report, nn);
    p->nsites = nn;
    for (size_t i = 0; i < nn; i++) {
        const struct pvops_site *a = &ns[i], *b = NULL;
        for (size_t j = 0; j < nx && !b; j++)
            if (xs[(i + j) % nx].id == a->id)
                b = &xs[(i + j) % nx];
        if (!b || b->hook != a->hook) {
            snprintf(err, errlen, "site %u (%s) of %s has no counterpart in %s", a->id,
                     pvops_hook_by_id(a->hook)->name, native->path, xen_path);
            goto out;
        }
        if (segment_of(native, a->addr, 16ull * a->bundles) != seg) {
            snprintf(err, errlen, "site %u of %s is outside the kernel's text segment", a->id, native->path);
            goto out;
        }
        const struct image_segment *xseg = segment_of(&xen, b->addr, 16ull * b->bundles);
        struct patch_site_report *r = &p->site[i];
        uint8_t *site = p->text + (a->addr - seg->vaddr);
        r->id = a->id;
        r->hook = a->hook;
        r->addr = a->addr;
        r->nb = a->bundles;
        r->xb = b->bundles;
        pvops_count_insns(site, r->nb, &r->n_insns, &r->n_nops);
        r->stub_addr = p->area_vaddr + p->area_used;
        if (pvops_patch_site(site, r->nb, a->addr, xen.bytes + xseg->offset + (b->addr - xseg->vaddr), r->xb,
                             b->addr, p->area + p->area_used, r->stub_addr, p->area_size - p->area_used, &r->r,
                             err, errlen))
            goto out;
        unsigned i1, n1, i2 = 0, n2 = 0;
        pvops_count_insns(site, r->nb, &i1, &n1);
        if (r->r.stub) {
            pvops_count_insns(p->area + p->area_used, r->r.bundles_added, &i2, &n2);
            p->area_used += 16ull * r->r.bundles_added;
        } else {
            r->stub_addr = 0;
        }
        r->p_insns = i1 + i2;
        r->p_nops = n1 + n2;
    }
    rc = 0;
out:
    g_free(ns);
    g_free(xs);
    image_free(&xen);
    return rc;
}

int patch_apply(const struct patch_plan *p, struct machine *m, char *err, size_t errlen)
{
    if (mem_copy_in(&m->mem, p->text_paddr, p->text, p->text_size) ||
        (p->area_used && mem_copy_in(&m->mem, p->area_paddr, p->area, p->area_used))) {
        snprintf(err, errlen, "the patched kernel does not fit in --mem");
        return -1;
    }
    pcache_flush(m);
    return 0;
}

void patch_report(const struct patch_plan *p, FILE *f, int per_site)
{
    unsigned in_place = 0, stubs = 0, added = 0, pad = 0, reloc = 0, single_native = 0, single_xen = 0;
    unsigned n_insns = 0, n_nops = 0, p_insns = 0, p_nops = 0, ip_insns = 0, ip_nops = 0, ip_nops0 = 0;
    if (per_site)
        fprintf(f, "%6s  %-38s  %-18s  %6s %4s  %-8s  %-18s %5s  %s\n", "id", "hook", "address", "native", "xen",
                "how", "stub", "added", "instructions+nops: native -> patched");
    for (size_t i = 0; i < p->nsites; i++) {
        const struct patch_site_report *r = &p->site[i];
        if (per_site) {
            char stub[24] = "-";
            if (r->r.stub)
                snprintf(stub, sizeof stub, "0x%" PRIx64, r->stub_addr);
            fprintf(f, "%6u  %-38s  0x%-16" PRIx64 "  %6u %4u  %-8s  %-18s %5u  %u+%u -> %u+%u\n", r->id,
                    pvops_hook_by_id(r->hook)->name, r->addr, r->nb, r->xb, r->r.stub ? "stub" : "in place", stub,
                    r->r.bundles_added, r->n_insns, r->n_nops, r->p_insns, r->p_nops);
        }
        if (r->r.stub) {
            stubs++;
        } else {
            in_place++;
            ip_insns += r->p_insns;
            ip_nops += r->p_nops;
            ip_nops0 += r->n_nops;
            if (r->p_insns == 1)
                single_xen++;
        }
        if (r->n_insns == 1)
            single_native++;
        added += r->r.bundles_added;
        pad += r->r.pad_bundles;
        reloc += r->r.relocated;
        n_insns += r->n_insns;
        n_nops += r->n_nops;
        p_insns += r->p_insns;
        p_nops += r->p_nops;
    }
    fprintf(f, "patched %zu sites with the sequences of %s: %u in place, %u by a stub; "
               "%u bundles added in the patch area at 0x%" PRIx64 " (%" PRIu64 " bytes), %u nop bundles of padding, "
               "%u IP-relative operands relocated\n",
            p->nsites, p->xen_path, in_place, stubs, added, p->area_vaddr, p->area_used, pad, reloc);
    fprintf(f, "sites: native %u instructions + %u nops (%u sites a single instruction); patched %u + %u "
               "(stubs and their branches included)\n", n_insns, n_nops, single_native, p_insns, p_nops);
    fprintf(f, "in place: %u sites, %u instructions + %u nops (%u nops before); %u of them a single "
               "instruction + nops\n", in_place, ip_insns, ip_nops, ip_nops0, single_xen);
}

void patch_free(struct patch_plan *p)
{
    g_free(p->xen_path);
    g_free(p->site);
    g_free(p->text);
    g_free(p->area);
    memset(p, 0, sizeof *p);
}

int patch_trace_stubs(const struct patch_plan *p, struct trace *t, char *err, size_t errlen)
{
    for (size_t i = 0; i < p->nsites; i++)
        if (p->site[i].r.stub &&
            trace_site_stub(t, p->site[i].id, p->site[i].stub_addr, p->site[i].r.bundles_added)) {
            snprintf(err, errlen, "site %u has no record in the trace", p->site[i].id);
            return -1;
        }
    return 0;
}
