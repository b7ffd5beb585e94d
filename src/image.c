/* Loading guest images.  ELF parsing goes through libelf. */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "image.h"

#ifndef EM_IA_64
#define EM_IA_64 50
#endif

static int read_file(struct image *img, const char *path, char *err, size_t errlen)
{
    gchar *contents = NULL;
    gsize len = 0;
    GError *gerr = NULL;

    memset(img, 0, sizeof *img);
    img->path = g_strdup(path);
    if (!g_file_get_contents(path, &contents, &len, &gerr)) {
        snprintf(err, errlen, "%s: cannot read: %s", path,
                 gerr->code == G_FILE_ERROR_NOENT ? "no such file" : gerr->message);
        g_error_free(gerr);
        return -1;
    }
    img->bytes = (uint8_t *)contents;
    img->nbytes = len;
    if (len == 0) {
        snprintf(err, errlen, "%s: empty file", path);
        return -1;
    }
    return 0;
}

static int parse_elf(struct image *img, const char *path, char *err, size_t errlen);

/* NAME (from the file) made fit for a one-line error: at most 64
 * characters, each control or non-ASCII byte shown as '?'. */
static const char *printable(const char *name, char *buf, size_t n)
{
    size_t i = 0;
    for (; name[i] && i + 1 < n && i < 64; i++)
        buf[i] = (unsigned char)name[i] < 0x20 || (unsigned char)name[i] > 0x7e ? '?' : name[i];
    buf[i] = 0;
    return buf;
}

static int symbol_order(const void *a, const void *b)
{
    const struct image_symbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    /* objdump prefers global, then function, symbols at one address */
    if (x->global != y->global)
        return x->global ? -1 : 1;
    if (x->function != y->function)
        return x->function ? -1 : 1;
    return strcmp(x->name, y->name);
}

/* Does a header table of NUM entries of ENTSIZE bytes at OFF reach past
 * the NBYTES of the file? */
static int table_past_end(uint64_t off, uint64_t num, uint64_t entsize, size_t nbytes)
{
    return num && (off > nbytes || num * entsize > nbytes - off);
}

int image_load_elf(struct image *img, const char *path, char *err, size_t errlen)
{
    if (read_file(img, path, err, errlen))
        return -1;
    return parse_elf(img, path, err, errlen);
}

int image_load_elf_bytes(struct image *img, const char *name, const void *data, size_t n,
                         char *err, size_t errlen)
{
    memset(img, 0, sizeof *img);
    img->path = g_strdup(name);
    img->bytes = g_malloc(n ? n : 1);
    if (n)
        memcpy(img->bytes, data, n);
    img->nbytes = n;
    if (n == 0) {
        snprintf(err, errlen, "%s: empty file", name);
        return -1;
    }
    return parse_elf(img, name, err, errlen);
}

static int parse_elf(struct image *img, const char *path, char *err, size_t errlen)
{
    if (img->nbytes < 4 || memcmp(img->bytes, ELFMAG, SELFMAG) != 0) {
        snprintf(err, errlen, "%s: not an ELF file", path);
        return -1;
    }
    if (elf_version(EV_CURRENT) == EV_NONE) {
        snprintf(err, errlen, "%s: libelf: %s", path, elf_errmsg(-1));
        return -1;
    }
    Elf *elf = elf_memory((char *)img->bytes, img->nbytes);
    GElf_Ehdr eh;
    if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
        snprintf(err, errlen, "%s: truncated or corrupt ELF header", path);
        goto fail;
    }
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB) {
        snprintf(err, errlen, "%s: EI_DATA %u: only little-endian (ELFDATA2LSB) IA-64 images are supported",
                 path, (unsigned)eh.e_ident[EI_DATA]);
        goto fail;
    }
    if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_IA_64) {
        snprintf(err, errlen, "%s: not an IA-64 ELF file (e_machine %u, EI_CLASS %u)", path,
                 (unsigned)eh.e_machine, (unsigned)eh.e_ident[EI_CLASS]);
        goto fail;
    }
    if (table_past_end(eh.e_shoff, eh.e_shnum, eh.e_shentsize, img->nbytes)) {
        snprintf(err, errlen, "%s: truncated: section headers at offset 0x%llx lie past the end (size 0x%zx)",
                 path, (unsigned long long)eh.e_shoff, img->nbytes);
        goto fail;
    }
    if (table_past_end(eh.e_phoff, eh.e_phnum, eh.e_phentsize, img->nbytes)) {
        snprintf(err, errlen, "%s: truncated: program headers at offset 0x%llx lie past the end (size 0x%zx)",
                 path, (unsigned long long)eh.e_phoff, img->nbytes);
        goto fail;
    }
    img->relocatable = eh.e_type == ET_REL;
    img->exec = eh.e_type == ET_EXEC;
    size_t phnum = 0;
    if (elf_getphdrnum(elf, &phnum) == 0 && phnum) {
        img->seg = g_new0(struct image_segment, phnum);
        for (size_t i = 0; i < phnum; i++) {
            GElf_Phdr ph;
            if (!gelf_getphdr(elf, (int)i, &ph)) {
                snprintf(err, errlen, "%s: corrupt program header %zu: %s", path, i, elf_errmsg(-1));
                goto fail;
            }
            if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
                img->dynamic = 1;
            if (ph.p_type != PT_LOAD)
                continue;
            uint64_t hdr = eh.e_phoff + i * (uint64_t)eh.e_phentsize;
            if (ph.p_filesz > ph.p_memsz) {
                snprintf(err, errlen, "%s: program header %zu at offset 0x%llx: p_filesz 0x%llx is larger "
                         "than p_memsz 0x%llx", path, i, (unsigned long long)hdr,
                         (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz);
                goto fail;
            }
            if (ph.p_offset > img->nbytes || ph.p_filesz > img->nbytes - ph.p_offset) {
                snprintf(err, errlen, "%s: program header %zu at offset 0x%llx (p_offset 0x%llx, p_filesz "
                         "0x%llx, p_memsz 0x%llx) does not fit the file", path, i, (unsigned long long)hdr,
                         (unsigned long long)ph.p_offset, (unsigned long long)ph.p_filesz,
                         (unsigned long long)ph.p_memsz);
                goto fail;
            }
            struct image_segment *sg = &img->seg[img->nseg++];
            sg->vaddr = ph.p_vaddr;
            sg->paddr = ph.p_paddr;
            sg->memsz = ph.p_memsz;
            sg->filesz = ph.p_filesz;
            sg->offset = ph.p_offset;
            sg->flags = ph.p_flags;
            sg->index = i;
            sg->hdr_offset = hdr;
        }
    }
    img->entry = eh.e_entry;

    size_t shnum, shstrndx;
    if (elf_getshdrnum(elf, &shnum) || elf_getshdrstrndx(elf, &shstrndx)) {
        snprintf(err, errlen, "%s: corrupt section header table: %s", path, elf_errmsg(-1));
        goto fail;
    }
    img->sec = g_new0(struct image_section, shnum ? shnum : 1);
    Elf_Scn *scn = NULL;
    while ((scn = elf_nextscn(elf, scn)) != NULL) {
        GElf_Shdr sh;
        if (!gelf_getshdr(scn, &sh)) {
            snprintf(err, errlen, "%s: corrupt section header: %s", path, elf_errmsg(-1));
            goto fail;
        }
        const char *name = elf_strptr(elf, shstrndx, sh.sh_name);
        struct image_section *s = &img->sec[img->nsec++];
        s->name = g_strdup(name ? name : "?");
        s->addr = sh.sh_addr;
        s->size = sh.sh_size;
        s->exec = (sh.sh_flags & SHF_EXECINSTR) != 0;
        s->index = elf_ndxscn(scn);
        if (sh.sh_type != SHT_NOBITS && sh.sh_size) {
            if (sh.sh_offset > img->nbytes || sh.sh_size > img->nbytes - sh.sh_offset) {
                char shown[72];
                snprintf(err, errlen, "%s: section %s (offset 0x%llx, size 0x%llx) lies outside the file",
                         path, printable(s->name, shown, sizeof shown), (unsigned long long)sh.sh_offset, (unsigned long long)sh.sh_size);
                goto fail;
            }
            s->data = img->bytes + sh.sh_offset;
        }
        if (sh.sh_type == SHT_SYMTAB) {
            Elf_Data *d = elf_getdata(scn, NULL);
            size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
            if (!d) {
                snprintf(err, errlen, "%s: corrupt symbol table: %s", path, elf_errmsg(-1));
                goto fail;
            }
            img->sym = g_renew(struct image_symbol, img->sym, img->nsym + n);
            for (size_t i = 0; i < n; i++) {
                GElf_Sym es;
                if (!gelf_getsym(d, (int)i, &es))
                    break;
                const char *sn = elf_strptr(elf, sh.sh_link, es.st_name);
                int type = GELF_ST_TYPE(es.st_info);
                /* as objdump: no unnamed, section, file or undefined symbols */
                if (!sn || !*sn || type == STT_SECTION || type == STT_FILE ||
                    es.st_shndx == SHN_UNDEF || es.st_shndx == SHN_COMMON)
                    continue;
                struct image_symbol *y = &img->sym[img->nsym++];
                y->name = g_strdup(sn);
                y->addr = es.st_value;
                y->section = es.st_shndx;
                y->global = GELF_ST_BIND(es.st_info) != STB_LOCAL;
                y->function = type == STT_FUNC;
            }
        }
    }
    elf_end(elf);
    if (img->nsym)
        qsort(img->sym, img->nsym, sizeof *img->sym, symbol_order);
    return 0;
fail:
    if (elf)
        elf_end(elf);
    return -1;
}

int image_load_raw(struct image *img, const char *path, uint64_t base, char *err, size_t errlen)
{
    if (read_file(img, path, err, errlen))
        return -1;
    if (img->nbytes % 16) {
        snprintf(err, errlen, "%s: length %zu is not a multiple of 16 (a bundle is 16 bytes)",
                 path, img->nbytes);
        return -1;
    }
    img->sec = g_new0(struct image_section, 1);
    img->nsec = 1;
    img->sec[0].name = g_strdup(".data");
    img->sec[0].addr = base;
    img->sec[0].size = img->nbytes;
    img->sec[0].exec = 1;
    img->sec[0].data = img->bytes;
    img->entry = base;
    return 0;
}

void image_free(struct image *img)
{
    for (size_t i = 0; i < img->nsec; i++)
        g_free(img->sec[i].name);
    for (size_t i = 0; i < img->nsym; i++)
        g_free(img->sym[i].name);
    g_free(img->sec);
    g_free(img->sym);
    g_free(img->seg);
    g_free(img->bytes);
    g_free(img->path);
    memset(img, 0, sizeof *img);
}

/* objdump's find_symbol_for_address: the last symbol at or below ADDR,
 * the first of several at one address, and in relocatable files one from
 * the section being disassembled. */
const struct image_symbol *image_symbol_for(const struct image *img, const struct image_section *sec,
                                            uint64_t addr)
{
    size_t lo = 0, hi = img->nsym;
    if (!img->nsym)
        return NULL;
    while (lo + 1 < hi) {
        size_t mid = (lo + hi) / 2;
        if (img->sym[mid].addr > addr)
            hi = mid;
        else if (img->sym[mid].addr < addr)
            lo = mid;
        else {
            lo = mid;
            break;
        }
    }
    size_t place = lo;
    while (place > 0 && img->sym[place].addr == img->sym[place - 1].addr)
        place--;
    for (size_t i = place; i < img->nsym && img->sym[i].addr == img->sym[place].addr; i++)
        if (img->sym[i].section == sec->index)
            return &img->sym[i];
    int want = img->relocatable && addr >= sec->addr && addr < sec->addr + sec->size;
    if (want && img->sym[place].section != sec->index) {
        size_t found = img->nsym;
        for (size_t i = place; i-- > 0;) {
            if (img->sym[i].section != sec->index)
                continue;
            if (found != img->nsym && img->sym[i].addr != img->sym[found].addr)
                break;
            found = i;
        }
        if (found == img->nsym)
            for (size_t i = place + 1; i < img->nsym; i++)
                if (img->sym[i].section == sec->index) {
                    found = i;
                    break;
                }
        if (found == img->nsym)
            return NULL;
        place = found;
    }
    return &img->sym[place];
}
