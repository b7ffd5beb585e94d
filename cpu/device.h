/* Memory-mapped devices at physical addresses (system mode).  A device
 * covers whole guest pages that are never entered in the soft TLBs, so
 * every load and store to it misses them and reaches the slow paths of
 * memory.c, which hand it to the device: the fast paths in machine.h
 * never look at devices.  The first device is src/uart.c's 8250. */
#ifndef IA64EMU_DEVICE_H
#define IA64EMU_DEVICE_H

#include <stdint.h>

struct machine;
struct cpu;

struct device {
    uint64_t base, size;     /* physical; whole guest pages */
    /* OFFSET from base; SIZE 1, 2, 4 or 8, naturally aligned.  Values are
     * the register's, zero-extended: PSR.be does not apply. */
    uint64_t (*read)(struct machine *m, void *opaque, uint64_t offset, unsigned size);
    void (*write)(struct machine *m, void *opaque, uint64_t offset, unsigned size, uint64_t val);
    void *opaque;
};

#define DEVICE_MAX 8

struct device_map {
    unsigned n;
    struct device dev[DEVICE_MAX];
    /* every device lies in [lo, lo + span) (device_add; all zero: none) */
    uint64_t lo, span;
};

/* Adds D; -1 when the table is full, D is not page-aligned or overlaps
 * another device. */
int device_add(struct device_map *dm, const struct device *d);

/* The device at physical address PA, or NULL.  Bit 63 (the uncacheable
 * attribute of a physical address) is ignored. */
static inline const struct device *device_at(const struct device_map *dm, uint64_t pa)
{
    pa &= ~(1ull << 63);
    if (pa - dm->lo >= dm->span)
        return 0;
    for (unsigned i = 0; i < dm->n; i++)
        if (pa - dm->dev[i].base < dm->dev[i].size)
            return &dm->dev[i];
    return 0;
}

/* A load or store that reached device D at PA (memory.c's slow paths,
 * after the alignment check).  Return 0. */
int device_load(struct cpu *c, const struct device *d, uint64_t pa, unsigned size, uint64_t *val);
int device_store(struct cpu *c, const struct device *d, uint64_t pa, unsigned size, uint64_t val);

static inline uint64_t device_offset(const struct device *d, uint64_t pa)
{
    return (pa & ~(1ull << 63)) - d->base;
}

#endif
