/* --dump-state: the final architectural state as JSON. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest.h"

static const struct { int n; const char *name; } ar_names[] = {
    { 0, "kr0" }, { 1, "kr1" }, { 2, "kr2" }, { 3, "kr3" }, { 4, "kr4" }, { 5, "kr5" },
    { 6, "kr6" }, { 7, "kr7" }, { AR_RSC, "rsc" }, { AR_BSP, "bsp" }, { AR_BSPSTORE, "bspstore" },
    { AR_RNAT, "rnat" }, { AR_FCR, "fcr" }, { AR_EFLAG, "eflag" }, { AR_CSD, "csd" },
    { AR_SSD, "ssd" }, { AR_CFLG, "cflg" }, { AR_FSR, "fsr" }, { AR_FIR, "fir" },
    { AR_FDR, "fdr" }, { AR_CCV, "ccv" }, { AR_UNAT, "unat" }, { AR_FPSR, "fpsr" },
    { AR_ITC, "itc" }, { AR_RUC, "ruc" }, { AR_PFS, "pfs" }, { AR_LC, "lc" }, { AR_EC, "ec" },
};

int guest_dump_state(struct machine *m, const char *path, char *err, size_t errlen)
{
    struct cpu *c = &m->cpu;
    /* written to a temporary file beside PATH, renamed over it once
     * complete: never a partial dump that looks whole */
    size_t tlen = strlen(path) + 16;
    char *tmp = malloc(tlen);
    if (!tmp) {
        snprintf(err, errlen, "%s: cannot write: out of memory", path);
        return -1;
    }
    snprintf(tmp, tlen, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return -1;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    fprintf(f, "{\"ip\":\"0x%" PRIx64 "\",\"slot\":%u,\"cfm\":\"0x%" PRIx64 "\",\"psr\":\"0x%" PRIx64
            "\",\"insns\":%" PRIu64 ",\n\"gr\":[", c->ip, c->slot, c->cfm, c->psr, c->insns);
    unsigned limit = 32 + CFM_SOF(c->cfm);
    for (unsigned n = 0; n < 128; n++) {
        if (n < limit)
            fprintf(f, "%s\"0x%" PRIx64 "\"", n ? "," : "", gr_val(c, n));
        else
            fprintf(f, "%snull", n ? "," : "");
    }
    fprintf(f, "],\n\"nat\":[");
    for (unsigned n = 0; n < 128; n++)
        fprintf(f, "%s%s", n ? "," : "", n < limit && gr_nat(c, n) ? "true" : "false");
    uint64_t pr = 0;
    for (unsigned n = 0; n < 64; n++)
        pr |= (uint64_t)pr_get(c, n) << n;
    fprintf(f, "],\n\"pr\":\"0x%" PRIx64 "\",\n\"br\":[", pr);
    for (unsigned n = 0; n < 8; n++)
        fprintf(f, "%s\"0x%" PRIx64 "\"", n ? "," : "", c->br[n]);
    fprintf(f, "],\n\"ar\":{");
    for (size_t i = 0; i < sizeof ar_names / sizeof ar_names[0]; i++)
        fprintf(f, "%s\"%s\":\"0x%" PRIx64 "\"", i ? "," : "", ar_names[i].name,
                ar_names[i].n == AR_ITC ? cpu_itc(c) : ar_names[i].n == AR_RUC ? cpu_ruc(c)
                                        : c->ar[ar_names[i].n]);
    fprintf(f, "},\n\"fr\":[");
    for (unsigned n = 0; n < 128; n++) {
        const struct freg *r = fr(c, n);
        fprintf(f, "%s{\"sign\":%u,\"exp\":\"0x%x\",\"sig\":\"0x%" PRIx64 "\"}", n ? "," : "",
                r->sign, r->exp, r->sig);
    }
    fprintf(f, "],\n\"vectors\":{");
    for (unsigned v = 0, n = 0; v < IVEC_COUNT; v++)
        if (c->vector_entries[v])
            fprintf(f, "%s\"%u\":%" PRIu64, n++ ? "," : "", v, c->vector_entries[v]);
    fprintf(f, "}}\n");
    int bad = ferror(f) != 0;
    if (fclose(f) || bad) {
        snprintf(err, errlen, "%s: write error: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    if (rename(tmp, path)) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}
