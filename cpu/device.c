/* The device table of a machine (device.h). */
#include "machine.h"

int device_add(struct device_map *dm, const struct device *d)
{
    if (dm->n >= DEVICE_MAX || !d->size || ((d->base | d->size) & ~GUEST_PAGE_MASK)
        || d->base + d->size < d->base)
        return -1;
    for (unsigned i = 0; i < dm->n; i++)
        if (d->base < dm->dev[i].base + dm->dev[i].size && dm->dev[i].base < d->base + d->size)
            return -1;
    uint64_t lo = d->base, end = d->base + d->size;
    if (dm->n && dm->lo < lo)
        lo = dm->lo;
    if (dm->n && dm->lo + dm->span > end)
        end = dm->lo + dm->span;
    dm->lo = lo;
    dm->span = end - lo;
    dm->dev[dm->n++] = *d;
    return 0;
}

int device_load(struct cpu *c, const struct device *d, uint64_t pa, unsigned size, uint64_t *val)
{
    *val = d->read ? d->read(c->m, d->opaque, device_offset(d, pa), size) : 0;
    return 0;
}

int device_store(struct cpu *c, const struct device *d, uint64_t pa, unsigned size, uint64_t val)
{
    if (d->write)
        d->write(c->m, d->opaque, device_offset(d, pa), size, size < 8 ? val & ((1ull << (8 * size)) - 1) : val);
    return 0;
}
