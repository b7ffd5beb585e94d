/* ia64emu pvops sites: the static report of an IVT build.
 *
 * Reads the site records that the hook backends (ivt/include/asm/native/
 * inst.h, asm/xen/pvops_inst.h) leave in PVOPS_SITES_SECTION of an object
 * or a linked image (any variant: native, check, xen), and lists every
 * site; then, for the 68 entries of the IVT at ia64_ivt, the number of
 * non-nop instructions and of sites in each; then the number of sites of
 * each hook.  In an unlinked object a site's address is a relocation,
 * reported as section + offset.
 */
#include <gelf.h>
#include <inttypes.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "cpu.h"
#include "hooks.h"
#include "image.h"
#include "ia64emu.h"
#include "insn.h"
#include "patch_load.h"

#ifndef R_IA64_DIR64LSB
#define R_IA64_DIR64LSB 0x27
#endif

#define IVT_VECTORS_SIZE 0x8000

struct site_loc {
    struct pvops_site s;
    const struct image_section *sec;   /* NULL when unknown */
    uint64_t off;                      /* offset in SEC */
    uint64_t addr;                     /* SEC's address + OFF */
};

static const struct image_section *section_by_index(const struct image *img, size_t index)
{
    for (size_t i = 0; i < img->nsec; i++)
        if (img->sec[i].index == index)
            return &img->sec[i];
    return NULL;
}

static const struct image_section *section_by_name(const struct image *img, const char *name)
{
    for (size_t i = 0; i < img->nsec; i++)
        if (!strcmp(img->sec[i].name, name))
            return &img->sec[i];
    return NULL;
}

static const struct image_section *section_holding(const struct image *img, uint64_t addr)
{
    for (size_t i = 0; i < img->nsec; i++) {
        const struct image_section *s = &img->sec[i];
        if (s->exec && s->size && addr >= s->addr && addr - s->addr < s->size)
            return s;
    }
    return NULL;
}

/* The last symbol of SEC at or before ADDR. */
static const struct image_symbol *symbol_before(const struct image *img, const struct image_section *sec,
                                                uint64_t addr)
{
    const struct image_symbol *best = NULL;
    for (size_t i = 0; i < img->nsym && img->sym[i].addr <= addr; i++)
        if (img->sym[i].section == sec->index && (!best || img->sym[i].addr > best->addr || !best->global))
            best = &img->sym[i];
    return best;
}

/* In a relocatable object: the (section, offset) that the relocation at
 * offset OFF of section SITES points to. */
struct reloc_target {
    uint64_t offset;
    size_t shndx;
    uint64_t value;
    int found;
};

static int read_relocs(const struct image *img, const struct image_section *sites, struct reloc_target *rt,
                       size_t nrec, char *err, size_t errlen)
{
    Elf *elf = elf_memory((char *)img->bytes, img->nbytes);
    if (!elf) {
        snprintf(err, errlen, "%s: libelf: %s", img->path, elf_errmsg(-1));
        return -1;
    }
    Elf_Scn *scn = NULL;
    int rc = 0;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA || sh.sh_info != sites->index)
            continue;
        Elf_Data *d = elf_getdata(scn, NULL);
        Elf_Scn *symscn = elf_getscn(elf, sh.sh_link);
        Elf_Data *symd = symscn ? elf_getdata(symscn, NULL) : NULL;
        size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
        if (!d || !symd) {
            snprintf(err, errlen, "%s: corrupt relocations for %s", img->path, sites->name);
            rc = -1;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            GElf_Rela r;
            GElf_Sym sym;
            if (!gelf_getrela(d, (int)i, &r) || !gelf_getsym(symd, (int)GELF_R_SYM(r.r_info), &sym))
                continue;
            if (r.r_offset % PVOPS_SITE_RECORD_SIZE != 8 || r.r_offset / PVOPS_SITE_RECORD_SIZE >= nrec)
                continue;
            if (GELF_R_TYPE(r.r_info) != R_IA64_DIR64LSB) {
                snprintf(err, errlen, "%s: unexpected relocation type %u for a site address", img->path,
                         (unsigned)GELF_R_TYPE(r.r_info));
                rc = -1;
                break;
            }
            struct reloc_target *t = &rt[r.r_offset / PVOPS_SITE_RECORD_SIZE];
            t->offset = r.r_offset;
            t->shndx = sym.st_shndx;
            t->value = sym.st_value + (uint64_t)r.r_addend;
            t->found = 1;
        }
    }
    elf_end(elf);
    return rc;
}

/* Non-nop instructions in bundles [from, to) of SEC.  A bundle of sixteen
 * zero bytes is the padding of an .org and holds no instruction; the L
 * and X slots of an MLX bundle are one instruction. */
static unsigned count_non_nop(const struct image_section *sec, uint64_t from, uint64_t to)
{
    static const uint8_t zero[16];
    unsigned n = 0;
    if (!sec->data)
        return 0;
    if (to > sec->size)
        to = sec->size;
    for (uint64_t off = from & ~15ull; off + 16 <= to; off += 16) {
        const uint8_t *p = sec->data + off;
        if (!memcmp(p, zero, 16))
            continue;
        struct bundle b;
        bundle_split(&b, p);
        const struct insn_template *t = &insn_templates[b.tmpl];
        for (int slot = 0; slot < 3; slot++) {
            if (slot == 1 && t->unit[1] == UNIT_L)
                continue;                       /* part of the X slot */
            int unit = t->unit[slot];
            if (unit == UNIT_NONE) {
                n++;                            /* a reserved template: not a nop */
                continue;
            }
            const struct insn_desc *d = insn_decode(b.slot[slot], insn_type_for_unit(b.slot[slot], unit));
            if (!d || strncmp(d->mnemonic, "nop.", 4) != 0)
                n++;
        }
    }
    return n;
}

static int vector_of(uint64_t off)
{
    if (off < 0x5000)
        return (int)(off / 0x400);
    if (off < IVT_VECTORS_SIZE)
        return 20 + (int)((off - 0x5000) / 0x100);
    return -1;
}

static int sites_report(const char *path)
{
    struct image img;
    char err[512];
    if (image_load_elf(&img, path, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        image_free(&img);
        return 2;
    }
    const struct image_section *sites = section_by_name(&img, PVOPS_SITES_SECTION_NAME);
    size_t nrec = sites && sites->data ? sites->size / PVOPS_SITE_RECORD_SIZE : 0;
    if (sites && sites->size % PVOPS_SITE_RECORD_SIZE) {
        fprintf(stderr, "ia64emu: %s: %s is 0x%" PRIx64 " bytes, not a whole number of %d-byte records\n", path,
                PVOPS_SITES_SECTION_NAME, sites->size, PVOPS_SITE_RECORD_SIZE);
        image_free(&img);
        return 2;
    }

    /* the IVT: the symbol ia64_ivt, or the start of .text..ivt */
    const struct image_section *ivt_sec = NULL;
    uint64_t ivt_addr = 0;
    for (size_t i = 0; i < img.nsym; i++)
        if (!strcmp(img.sym[i].name, "ia64_ivt")) {
            ivt_sec = section_by_index(&img, img.sym[i].section);
            ivt_addr = img.sym[i].addr;
        }
    if (!ivt_sec && (ivt_sec = section_by_name(&img, ".text..ivt")) != NULL)
        ivt_addr = ivt_sec->addr;
    if (!sites && !ivt_sec) {
        fprintf(stderr, "ia64emu: %s: no %s section and no IVT: not built with the pvops hook backends\n", path,
                PVOPS_SITES_SECTION_NAME);
        image_free(&img);
        return 2;
    }

    struct site_loc *loc = g_new0(struct site_loc, nrec ? nrec : 1);
    struct reloc_target *rt = g_new0(struct reloc_target, nrec ? nrec : 1);
    int rc = 0;
    if (img.relocatable && nrec && read_relocs(&img, sites, rt, nrec, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        rc = 2;
        goto out;
    }
    int variant = -1;
    for (size_t i = 0; i < nrec; i++) {
        struct site_loc *l = &loc[i];
        if (pvops_site_decode(sites->data + i * PVOPS_SITE_RECORD_SIZE, &l->s)) {
            fprintf(stderr, "ia64emu: %s: site record %zu (hook %u) does not match pvops/hooks.def\n", path, i,
                    l->s.hook);
            rc = 2;
            goto out;
        }
        variant = l->s.variant;
        if (img.relocatable) {
            if (!rt[i].found) {
                fprintf(stderr, "ia64emu: %s: site record %zu has no address relocation\n", path, i);
                rc = 2;
                goto out;
            }
            l->sec = section_by_index(&img, rt[i].shndx);
            l->off = rt[i].value;
            l->addr = (l->sec ? l->sec->addr : 0) + l->off;
        } else {
            l->addr = l->s.addr;
            l->sec = section_holding(&img, l->addr);
            l->off = l->sec ? l->addr - l->sec->addr : l->addr;
        }
    }

    printf("%s: %zu pvops sites (variant %s)%s\n\n", path, nrec, variant < 0 ? "-" : pvops_variant_name(variant),
           img.relocatable ? ", unlinked: addresses are section+offset" : "");
    printf("%6s  %-38s  %-22s  %-30s %7s  %s\n", "id", "hook", "address", "vector or symbol", "bundles",
           "arguments");
    for (size_t i = 0; i < nrec; i++) {
        const struct site_loc *l = &loc[i];
        const struct pvops_hook *h = pvops_hook_by_id(l->s.hook);
        char where[64], in[96], args[128], r[16];
        if (img.relocatable)
            snprintf(where, sizeof where, "%s+0x%" PRIx64, l->sec ? l->sec->name : "?", l->off);
        else
            snprintf(where, sizeof where, "0x%" PRIx64, l->addr);
        in[0] = '\0';
        if (ivt_sec && l->sec == ivt_sec && l->addr >= ivt_addr && vector_of(l->addr - ivt_addr) >= 0) {
            int v = vector_of(l->addr - ivt_addr);
            snprintf(in, sizeof in, "vector %d +0x%" PRIx64, v, l->addr - ivt_addr - ivec_offset((enum ivec)v));
        } else if (l->sec) {
            const struct image_symbol *y = symbol_before(&img, l->sec, l->addr);
            if (y)
                snprintf(in, sizeof in, "%s+0x%" PRIx64, y->name, l->addr - y->addr);
        }
        if (!in[0])
            snprintf(in, sizeof in, "-");
        size_t n = 0;
        args[0] = '\0';
        for (int a = 0; a < h->nargs; a++)
            n += (size_t)snprintf(args + n, sizeof args - n, "%s%s=%s", a ? " " : "",
                                  pvops_role_name(l->s.arg[a].role), pvops_arg_text(&l->s.arg[a], r, sizeof r));
        printf("%6u  %-38s  %-22s  %-30s %7u  %s\n", l->s.id, h->name, where, in, l->s.bundles, args);
    }

    if (ivt_sec) {
        uint64_t base = ivt_addr - ivt_sec->addr;
        uint64_t end = ivt_sec->size > base ? ivt_sec->size - base : 0;
        unsigned total = 0, total_sites = 0;
        printf("\nIVT: ia64_ivt at %s+0x%" PRIx64 "; non-nop instructions and sites per vector\n", ivt_sec->name,
               base);
        printf("%6s  %-7s  %-30s  %-24s %8s %6s\n", "vector", "offset", "name", "symbol", "non-nop", "sites");
        for (int v = 0; v < IVEC_COUNT; v++) {
            uint64_t off = ivec_offset((enum ivec)v), size = v < 20 ? 0x400 : 0x100;
            unsigned cnt = count_non_nop(ivt_sec, base + off, base + off + size), ns = 0;
            const char *sym = "-";
            for (size_t i = 0; i < img.nsym; i++)
                if (img.sym[i].section == ivt_sec->index && img.sym[i].addr == ivt_addr + off &&
                    strcmp(img.sym[i].name, "ia64_ivt"))
                    sym = img.sym[i].name;
            for (size_t i = 0; i < nrec; i++)
                if (loc[i].sec == ivt_sec && loc[i].addr >= ivt_addr + off && loc[i].addr < ivt_addr + off + size)
                    ns++;
            printf("%6d  0x%04" PRIx64 "   %-30s  %-24s %8u %6u\n", v, off, ivec_name((enum ivec)v), sym, cnt, ns);
            total += cnt;
            total_sites += ns;
        }
        if (end > IVT_VECTORS_SIZE) {
            unsigned cnt = count_non_nop(ivt_sec, base + IVT_VECTORS_SIZE, base + end), ns = 0;
            for (size_t i = 0; i < nrec; i++)
                if (loc[i].sec == ivt_sec && loc[i].addr >= ivt_addr + IVT_VECTORS_SIZE)
                    ns++;
            printf("%6s  0x%04x   %-30s  %-24s %8u %6u\n", "after", IVT_VECTORS_SIZE, "code after the vectors",
                   "-", cnt, ns);
            total += cnt;
            total_sites += ns;
        }
        printf("%6s  %-7s  %-30s  %-24s %8u %6u\n", "total", "", "", "", total, total_sites);
    }

    printf("\nsites per hook\n%4s  %-38s  %-12s %6s\n", "id", "hook", "kind", "sites");
    for (size_t k = 0; k < pvops_hook_count; k++) {
        unsigned ns = 0;
        for (size_t i = 0; i < nrec; i++)
            if (loc[i].s.hook == pvops_hooks[k].id)
                ns++;
        printf("%4d  %-38s  %-12s %6u\n", pvops_hooks[k].id, pvops_hooks[k].name,
               pvops_kind_name(pvops_hooks[k].kind), ns);
    }
    printf("%4s  %-38s  %-12s %6zu\n", "", "total", "", nrec);
out:
    g_free(rt);
    g_free(loc);
    image_free(&img);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ia64emu: error writing output\n");
        return 1;
    }
    return rc;
}

/* ia64emu pvops patch IMAGE [XEN-IMAGE]: what --mode=patched does to IMAGE. */
static int patch_cmd(const char *path, const char *xen_path)
{
    struct image img;
    struct patch_plan plan;
    char err[512];
    if (image_load_elf(&img, path, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        image_free(&img);
        return 2;
    }
    char *xp = xen_path ? g_strdup(xen_path) : patch_default_xen_image(path);
    int rc = 0;
    if (patch_prepare(&plan, &img, xp, err, sizeof err)) {
        fprintf(stderr, "ia64emu: %s\n", err);
        rc = 2;
    } else {
        printf("%s: binary patching with the Xen sequences of %s\n\n", path, xp);
        patch_report(&plan, stdout, 1);
    }
    patch_free(&plan);
    g_free(xp);
    image_free(&img);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ia64emu: error writing output\n");
        return 1;
    }
    return rc;
}

int cmd_pvops(int argc, char **argv)
{
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: ia64emu pvops sites FILE\n"
               "       ia64emu pvops patch IMAGE [XEN-IMAGE]\n\n"
               "sites: lists the pv_ops hook sites recorded in FILE (an object or an image\n"
               "built with the hook backends), the non-nop instructions and sites of each\n"
               "IVT vector, and the sites of each hook.\n"
               "patch: the binary patching that run --mode=patched applies to the native\n"
               "IMAGE, site by site (in place or stub, bundles added) with totals; the Xen\n"
               "sequences come from XEN-IMAGE (default: IMAGE's name with native -> xen).\n");
        return 0;
    }
    if ((argc == 3 || argc == 4) && !strcmp(argv[1], "patch"))
        return patch_cmd(argv[2], argc == 4 ? argv[3] : NULL);
    if (argc != 3 || strcmp(argv[1], "sites")) {
        fprintf(stderr, "ia64emu pvops: expected 'sites FILE' or 'patch IMAGE [XEN-IMAGE]' (see ia64emu pvops --help)\n");
        return 2;
    }
    return sites_report(argv[2]);
}
