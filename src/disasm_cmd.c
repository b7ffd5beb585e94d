/* ia64emu disasm: objdump-compatible disassembly of an image. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "disasm.h"
#include "image.h"
#include "ia64emu.h"

struct sym_ctx {
    const struct image *img;
    const struct image_section *sec;
};

/* objdump_print_addr: hex without leading zeros, then <symbol+offset>. */
static size_t symbolic_address(void *ctx, char *buf, size_t n, size_t len, uint64_t addr)
{
    struct sym_ctx *c = ctx;
    const struct image_symbol *s = image_symbol_for(c->img, c->sec, addr);
    int k;
    if (!c->img->nsym)
        return disasm_plain_address(ctx, buf, n, len, addr);
    if (s && addr > s->addr)
        k = snprintf(buf + len, n - len, "%" PRIx64 " <%s+0x%" PRIx64 ">", addr, s->name, addr - s->addr);
    else if (s && addr < s->addr)
        k = snprintf(buf + len, n - len, "%" PRIx64 " <%s-0x%" PRIx64 ">", addr, s->name, s->addr - addr);
    else if (s)
        k = snprintf(buf + len, n - len, "%" PRIx64 " <%s>", addr, s->name);
    else if (addr > c->sec->addr)
        k = snprintf(buf + len, n - len, "%" PRIx64 " <%s+0x%" PRIx64 ">", addr, c->sec->name, addr - c->sec->addr);
    else if (addr < c->sec->addr)
        k = snprintf(buf + len, n - len, "%" PRIx64 " <%s-0x%" PRIx64 ">", addr, c->sec->name, c->sec->addr - addr);
    else
        k = snprintf(buf + len, n - len, "%" PRIx64 " <%s>", addr, c->sec->name);
    if (k < 0)
        return len;
    len += (size_t)k;
    return len < n ? len : n - 1;
}

/* objdump drops the leading zeros that every address of a section
 * shares, four digits at a time, and blanks the rest. */
static int address_skip(const struct image_section *s)
{
    char buf[32];
    int skip = 0;
    snprintf(buf, sizeof buf, "%016" PRIx64, s->addr + s->size);
    while (buf[skip] == '0')
        skip++;
    if (buf[skip] == '\0' && s->addr != 0)
        skip = 0;
    if (skip)
        skip = (skip - 1) & -4;
    return skip;
}

static void print_address(FILE *out, uint64_t addr, int skip)
{
    char buf[32];
    char *p;
    snprintf(buf, sizeof buf, "%016" PRIx64, addr);
    for (p = buf + skip; *p == '0'; p++)
        *p = ' ';
    if (*p == '\0')
        p[-1] = '0';
    fprintf(out, "%s:\t", buf + skip);
}

void disasm_section(FILE *out, const struct image *img, const struct image_section *s)
{
    struct sym_ctx ctx = { img, s };
    int skip = address_skip(s);
    size_t nsym_next = 0;
    char line[256];

    while (nsym_next < img->nsym && img->sym[nsym_next].addr < s->addr)
        nsym_next++;
    for (uint64_t off = 0; off + 16 <= s->size; off += 16) {
        uint64_t addr = s->addr + off;
        struct bundle b;
        for (; nsym_next < img->nsym && img->sym[nsym_next].addr <= addr; nsym_next++) {
            const struct image_symbol *y = &img->sym[nsym_next];
            if (y->section == s->index && y->addr == addr &&
                (nsym_next == 0 || img->sym[nsym_next - 1].addr != addr))
                fprintf(out, "\n%016" PRIx64 " <%s>:\n", addr, y->name);
        }
        bundle_split(&b, s->data + off);
        int lines = disasm_slot_count(&b);
        for (int i = 0; i < lines; i++) {
            disasm_line(line, sizeof line, &b, i, addr, symbolic_address, &ctx);
            print_address(out, addr + 6 * i, skip);
            fprintf(out, "%s\n", line);
        }
    }
    if (s->size % 16)
        fprintf(out, "\t(%" PRIu64 " trailing bytes are not a whole bundle)\n", s->size % 16);
}

int cmd_disasm(int argc, char **argv)
{
    gboolean raw = FALSE;
    gchar *base_text = NULL;
    GOptionEntry entries[] = {
        { "raw", 0, 0, G_OPTION_ARG_NONE, &raw, "Read a flat file of bundles instead of ELF", NULL },
        { "base", 0, 0, G_OPTION_ARG_STRING, &base_text, "Address of the first bundle of a --raw file (default 0)", "ADDR" },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };
    GOptionContext *oc = g_option_context_new("FILE - disassemble an IA-64 image as objdump -d does");
    GError *gerr = NULL;
    g_option_context_add_main_entries(oc, entries, NULL);
    if (!g_option_context_parse(oc, &argc, &argv, &gerr)) {
        fprintf(stderr, "ia64emu disasm: %s\n", gerr->message);
        g_error_free(gerr);
        g_option_context_free(oc);
        return 2;
    }
    g_option_context_free(oc);
    if (argc != 2) {
        fprintf(stderr, "ia64emu disasm: expected one FILE (see ia64emu disasm --help)\n");
        g_free(base_text);
        return 2;
    }
    uint64_t base = 0;
    if (base_text) {
        char *end;
        errno = 0;
        base = strtoull(base_text, &end, 0);
        if (errno || *end || end == base_text || base % 16) {
            fprintf(stderr, "ia64emu disasm: --base=%s is not a bundle-aligned address\n", base_text);
            g_free(base_text);
            return 2;
        }
        g_free(base_text);
    }

    struct image img;
    char err[512];
    int rc = raw ? image_load_raw(&img, argv[1], base, err, sizeof err)
                 : image_load_elf(&img, argv[1], err, sizeof err);
    if (rc) {
        fprintf(stderr, "ia64emu: %s\n", err);
        image_free(&img);
        return 2;
    }
    static char outbuf[1 << 16];
    setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
    printf("\n%s:     file format %s\n\n", argv[1], raw ? "binary" : "elf64-ia64-little");
    /* sections in address order */
    size_t *order = g_new(size_t, img.nsec ? img.nsec : 1), n = 0;
    for (size_t i = 0; i < img.nsec; i++)
        if (img.sec[i].exec && img.sec[i].data)
            order[n++] = i;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && img.sec[order[j - 1]].addr > img.sec[order[j]].addr; j--) {
            size_t t = order[j]; order[j] = order[j - 1]; order[j - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        printf("\nDisassembly of section %s:\n", img.sec[order[i]].name);
        disasm_section(stdout, &img, &img.sec[order[i]]);
    }
    g_free(order);
    image_free(&img);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "ia64emu: error writing output\n");
        return 1;
    }
    return 0;
}
