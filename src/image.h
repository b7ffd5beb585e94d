/* Guest images: ELF files read through libelf, or flat files of bundles. */
#ifndef IA64EMU_IMAGE_H
#define IA64EMU_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct image_section {
    char *name;
    uint64_t addr, size;
    int exec;                /* SHF_EXECINSTR */
    const uint8_t *data;     /* NULL for SHT_NOBITS */
    size_t index;
};

struct image_symbol {
    char *name;
    uint64_t addr;
    size_t section;          /* ELF section index */
    int global, function;
};

struct image_segment {
    uint64_t vaddr, paddr, memsz, filesz, offset;
    uint32_t flags;          /* PF_X, PF_W, PF_R */
    size_t index;            /* its program header, and that header's file offset */
    uint64_t hdr_offset;
};

struct image {
    char *path;
    uint8_t *bytes;          /* the whole file */
    size_t nbytes;
    int relocatable;         /* ET_REL */
    uint64_t entry;
    struct image_section *sec;
    size_t nsec;
    struct image_symbol *sym; /* sorted by address */
    size_t nsym;
    struct image_segment *seg; /* PT_LOAD segments */
    size_t nseg;
    int dynamic;             /* has PT_INTERP or PT_DYNAMIC */
    int exec;                /* ET_EXEC */
};

/* Reads PATH as an IA-64 ELF file.  On failure returns -1 and writes a
 * one-line reason (naming the file) to ERR. */
int image_load_elf(struct image *img, const char *path, char *err, size_t errlen);

/* The same for the N bytes at DATA (copied), called NAME in errors: the
 * ELF fuzz target's entry. */
int image_load_elf_bytes(struct image *img, const char *name, const void *data, size_t n,
                         char *err, size_t errlen);

/* Reads PATH as a flat file of bundles placed at BASE. */
int image_load_raw(struct image *img, const char *path, uint64_t base, char *err, size_t errlen);

void image_free(struct image *img);

/* The symbol objdump would name for ADDR when disassembling section SEC,
 * or NULL. */
const struct image_symbol *image_symbol_for(const struct image *img, const struct image_section *sec,
                                            uint64_t addr);

#endif
