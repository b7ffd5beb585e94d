/* Loading a guest image and setting up its initial state. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "guest.h"

static int on_break(struct machine *m, uint64_t imm)
{
    if (!m->system_mode && imm == 0x100000)
        return guest_syscall(m);
    if (m->system_mode && imm == 0x80001)
        return guest_ssc(m);
    return cpu_raise(&m->cpu, FAULT_BREAK, imm);
}

int guest_load(struct machine *m, const struct image *img, char *err, size_t errlen)
{
    for (size_t i = 0; i < img->nseg; i++) {
        const struct image_segment *s = &img->seg[i];
        if (s->filesz && mem_copy_in(&m->mem, s->vaddr, img->bytes + s->offset, s->filesz)) {
            snprintf(err, errlen, "%s: segment %zu at 0x%" PRIx64 " does not fit in --mem", img->path, i, s->vaddr);
            return -1;
        }
        /* touch the zero-filled tail so that it is present */
        for (uint64_t a = s->vaddr + s->filesz; a < s->vaddr + s->memsz; a = (a | (GUEST_PAGE_SIZE - 1)) + 1)
            if (!mem_page(&m->mem, a, 1)) {
                snprintf(err, errlen, "%s: segment %zu (0x%" PRIx64 " bytes) does not fit in --mem",
                         img->path, i, s->memsz);
                return -1;
            }
    }
    m->on_break = on_break;
    return 0;
}

static uint64_t symbol_value(const struct image *img, const char *name, int *found)
{
    for (size_t i = 0; i < img->nsym; i++)
        if (!strcmp(img->sym[i].name, name)) {
            *found = 1;
            return img->sym[i].addr;
        }
    *found = 0;
    return 0;
}

/* Linux IA-64 process entry (arch/ia64/kernel/process.c, start_thread and
 * the ELF loader): sp points at argc, then argv[], NULL, envp[], NULL,
 * auxv; the register backing store starts empty at USER_RBS_BASE. */
int guest_setup_user(struct machine *m, const struct image *img, int argc, char **argv,
                     char *err, size_t errlen)
{
    struct cpu *c = &m->cpu;
    uint64_t strings = USER_STACK_TOP - 0x10000; /* argument strings live above the vector */
    uint64_t p = strings;
    uint64_t *argp = g_new0(uint64_t, (size_t)argc + 1);
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]) + 1;
        argp[i] = p;
        if (mem_copy_in(&m->mem, p, argv[i], n)) {
            g_free(argp);
            snprintf(err, errlen, "%s: arguments do not fit in --mem", img->path);
            return -1;
        }
        p += n;
    }
    /* vector: argc, argv..., 0, envp: 0, auxv: AT_PAGESZ, AT_ENTRY, AT_NULL */
    uint64_t vec[64];
    size_t k = 0;
    vec[k++] = (uint64_t)argc;
    for (int i = 0; i < argc && k < 40; i++)
        vec[k++] = argp[i];
    vec[k++] = 0;                 /* end of argv */
    vec[k++] = 0;                 /* empty environment */
    vec[k++] = 6;  vec[k++] = 16384;        /* AT_PAGESZ */
    vec[k++] = 9;  vec[k++] = img->entry;   /* AT_ENTRY */
    vec[k++] = 0;  vec[k++] = 0;            /* AT_NULL */
    g_free(argp);
    uint64_t sp = (strings - 8 * k - 16) & ~15ull;
    if (mem_copy_in(&m->mem, sp, vec, 8 * k)) {
        snprintf(err, errlen, "%s: the stack does not fit in --mem", img->path);
        return -1;
    }
    c->psr = PSR_BN | PSR_IC | PSR_I | PSR_DT | PSR_IT | (3ull << PSR_CPL_SHIFT) | (1ull << 27) /* rt */;
    c->ip = img->entry;
    c->slot = 0;
    c->cfm = 0;
    c->ar[AR_BSP] = c->ar[AR_BSPSTORE] = USER_RBS_BASE;
    c->ar[AR_RSC] = 0xf;          /* eager mode, PL3 (Linux's user RSC) */
    c->ar[AR_FPSR] = 0x0009804c0270033full; /* Linux's default FPSR */
    rse_remap(c);
    gr_set(c, 12, sp - 16, 0);    /* sp, with the 16-byte scratch area */
    int found;
    uint64_t gp = symbol_value(img, "__gp", &found);
    if (found)
        gr_set(c, 1, gp, 0);
    return 0;
}

/* Bare-metal programs (Ski's system mode) start at their entry in physical
 * mode at privilege level 0, with every register zero, CFM empty, and the
 * RSE in enforced lazy mode: they set up their own stacks. */
int guest_setup_system(struct machine *m, const struct image *img, int argc, char **argv,
                       char *err, size_t errlen)
{
    struct cpu *c = &m->cpu;
    (void)argc; (void)argv; (void)err; (void)errlen;
    c->psr = 0;
    c->ip = img->entry;
    c->slot = 0;
    c->cfm = 0;
    rse_remap(c);
    return 0;
}
