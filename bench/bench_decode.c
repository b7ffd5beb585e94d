/* In-process decode and format throughput over a file of bundles.
 * Prints JSON; bench/run drives it.  With --pcache: the predecode
 * cache's size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu.h"
#include "disasm.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "--pcache")) {
        /* the predecode cache's bound: a fixed number of entries per machine */
        printf("{\"pcache_entries\": %d, \"pcache_bytes\": %zu}\n", PCACHE_SIZE,
               (size_t)PCACHE_SIZE * sizeof(struct pbundle));
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: bench_decode FILE | --pcache\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    uint8_t *buf = malloc((size_t)size);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "%s: read error\n", argv[1]);
        return 2;
    }
    fclose(f);
    size_t n = (size_t)size / 16;
    unsigned long sink = 0;
    double t0 = now();
    for (int rep = 0; rep < 5; rep++)
        for (size_t i = 0; i < n; i++) {
            struct bundle b;
            bundle_split(&b, buf + 16 * i);
            const struct insn_template *t = &insn_templates[b.tmpl];
            for (int s = 0; s < 3; s++)
                sink += (uintptr_t)insn_decode(b.slot[s], insn_type_for_unit(b.slot[s], t->unit[s]));
        }
    double t1 = now();
    char line[256];
    for (size_t i = 0; i < n; i++) {
        struct bundle b;
        bundle_split(&b, buf + 16 * i);
        for (int l = 0; l < disasm_slot_count(&b); l++)
            sink += (uintptr_t)disasm_line(line, sizeof line, &b, l, 16 * i, NULL, NULL) + line[0];
    }
    double t2 = now();
    printf("{\"decode_bundles_per_s\": %.0f, \"format_bundles_per_s\": %.0f, \"sink\": %lu}\n",
           5 * n / (t1 - t0), n / (t2 - t1), sink & 1);
    free(buf);
    return 0;
}
