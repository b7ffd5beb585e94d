/* A map from 64-bit keys to pointers: open addressing, linear probing,
 * backward-shift deletion, at most half full.  Guest memory's page table
 * (page number -> host page) and its set of code pages (host page -> 1)
 * live in these: GLib's hash table cost ~100 host instructions a lookup
 * on the slow paths of loads, stores and the VHPT walker. */
#ifndef IA64EMU_PAGE_MAP_H
#define IA64EMU_PAGE_MAP_H

#include <stdint.h>
#include <stdlib.h>

struct page_map {
    uint64_t *keys;          /* key + 1; 0 = empty */
    void **vals;
    size_t mask;             /* capacity - 1 (a power of two), or 0 before the first insert */
    size_t n;
};

static inline size_t page_map_slot(const struct page_map *m, uint64_t key)
{
    return (size_t)(((key + 1) * 0x9e3779b97f4a7c15ull) >> 20) & m->mask;
}

static inline void *page_map_get(const struct page_map *m, uint64_t key)
{
    if (!m->mask)
        return NULL;
    for (size_t i = page_map_slot(m, key);; i = (i + 1) & m->mask) {
        if (m->keys[i] == key + 1)
            return m->vals[i];
        if (!m->keys[i])
            return NULL;
    }
}

/* Sets KEY to VAL (not NULL); 0, or -1 when out of host memory. */
static inline int page_map_put(struct page_map *m, uint64_t key, void *val)
{
    if (2 * (m->n + 1) > m->mask + 1) {
        size_t cap = m->mask ? 2 * (m->mask + 1) : 1024;
        struct page_map g = { calloc(cap, sizeof *g.keys), calloc(cap, sizeof *g.vals), cap - 1, 0 };
        if (!g.keys || !g.vals) {
            free(g.keys);
            free(g.vals);
            return -1;
        }
        for (size_t i = 0; m->mask && i <= m->mask; i++)
            if (m->keys[i]) {
                size_t j = page_map_slot(&g, m->keys[i] - 1);
                while (g.keys[j])
                    j = (j + 1) & g.mask;
                g.keys[j] = m->keys[i];
                g.vals[j] = m->vals[i];
                g.n++;
            }
        free(m->keys);
        free(m->vals);
        *m = g;
    }
    size_t i = page_map_slot(m, key);
    while (m->keys[i] && m->keys[i] != key + 1)
        i = (i + 1) & m->mask;
    if (!m->keys[i])
        m->n++;
    m->keys[i] = key + 1;
    m->vals[i] = val;
    return 0;
}

/* Removes KEY; its value, or NULL when absent. */
static inline void *page_map_del(struct page_map *m, uint64_t key)
{
    if (!m->mask)
        return NULL;
    size_t i = page_map_slot(m, key);
    while (m->keys[i] != key + 1) {
        if (!m->keys[i])
            return NULL;
        i = (i + 1) & m->mask;
    }
    void *v = m->vals[i];
    /* backward shift: entries after the hole that may move into it do */
    for (size_t j = (i + 1) & m->mask; m->keys[j]; j = (j + 1) & m->mask) {
        size_t home = page_map_slot(m, m->keys[j] - 1);
        if (((j - home) & m->mask) >= ((j - i) & m->mask)) {
            m->keys[i] = m->keys[j];
            m->vals[i] = m->vals[j];
            i = j;
        }
    }
    m->keys[i] = 0;
    m->vals[i] = NULL;
    m->n--;
    return v;
}

/* Empties M (FREE_VALS: free() each value first). */
static inline void page_map_clear(struct page_map *m, int free_vals)
{
    for (size_t i = 0; m->mask && i <= m->mask; i++) {
        if (free_vals && m->keys[i])
            free(m->vals[i]);
        m->keys[i] = 0;
        m->vals[i] = NULL;
    }
    m->n = 0;
}

static inline void page_map_free(struct page_map *m, int free_vals)
{
    page_map_clear(m, free_vals);
    free(m->keys);
    free(m->vals);
    m->keys = NULL;
    m->vals = NULL;
    m->mask = m->n = 0;
}

#endif
