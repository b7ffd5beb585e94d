/* Unit tests for the page map (cpu/page_map.h): random inserts, lookups
 * and deletions against a plain array, so that growth and the
 * backward-shift deletion keep every key reachable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "page_map.h"

#define KEYS 5000

static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void test_random_ops(void **state)
{
    (void)state;
    struct page_map m = { 0 };
    static void *ref[KEYS];
    /* keys clustered (consecutive pages) and spread (a 1 TiB space) */
    static uint64_t key[KEYS];
    uint64_t s = 88172645463325252ull;
    for (unsigned i = 0; i < KEYS; i++)
        key[i] = i < KEYS / 2 ? 0x4000 + i : next_rand(&s) >> 24;
    size_t live = 0;
    for (unsigned step = 0; step < 200000; step++) {
        unsigned i = (unsigned)(next_rand(&s) % KEYS);
        void *v = (void *)(uintptr_t)(step + 1);
        switch (next_rand(&s) % 3) {
        case 0:
            assert_int_equal(page_map_put(&m, key[i], v), 0);
            live += !ref[i];
            ref[i] = v;
            break;
        case 1:
            assert_ptr_equal(page_map_del(&m, key[i]), ref[i]);
            live -= ref[i] != NULL;
            ref[i] = NULL;
            break;
        default:
            assert_ptr_equal(page_map_get(&m, key[i]), ref[i]);
            break;
        }
        assert_int_equal(m.n, live);
    }
    for (unsigned i = 0; i < KEYS; i++)
        assert_ptr_equal(page_map_get(&m, key[i]), ref[i]);
    page_map_clear(&m, 0);
    for (unsigned i = 0; i < KEYS; i++)
        assert_null(page_map_get(&m, key[i]));
    page_map_free(&m, 0);
    assert_null(page_map_get(&m, key[0]));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_ops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
