/* libFuzzer entry points of the fuzz targets (fuzz_*.c).  The same files
 * are linked either with libFuzzer (-DIA64EMU_FUZZ=ON, clang) or with
 * replay.c, a plain driver that runs every file of the seed corpus and of
 * the crashes ever found, as a ctest. */
#ifndef IA64EMU_FUZZ_H
#define IA64EMU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken invariant: a finding, like a crash. */
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* One machine for the whole session, returned to its state after
 * machine_new(CAP) for every input: a fresh machine per input costs a
 * predecode cache allocation that dominates the run under ASan. */
#include "machine.h"
/* Machine K (0 or 1) of the process, reset for another input */
static inline struct machine *fuzz_machine_at(unsigned k, uint64_t cap)
{
    static struct machine *ms[2];
    struct machine *m = ms[k];
    if (!m) {
        m = ms[k] = machine_new(cap);
        FUZZ_CHECK(m != NULL);
        return m;
    }
    mem_free(&m->mem);
    mem_init(&m->mem, cap);
    pcache_flush(m);
    m->pcache_nat = 0;
    m->system_mode = 0;
    m->on_break = NULL;
    m->host = NULL;
    m->devices.n = 0;
    cpu_reset(&m->cpu, m);
    return m;
}

static inline struct machine *fuzz_machine(uint64_t cap)
{
    return fuzz_machine_at(0, cap);
}

#endif
