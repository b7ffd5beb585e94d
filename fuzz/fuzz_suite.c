/* Fuzz target: the suite's manifest parser (src/suite_manifest.c) and its
 * JSON reader for state dumps, on arbitrary bytes.  Checked: a manifest
 * either parses (with an image and an exit status in range) or fails with
 * one line naming the input and a line number. */
#include <string.h>

#include "fuzz.h"
#include "suite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct suite_entry e;
    char err[1024];
    err[0] = '\0';
    if (suite_parse_data(&e, "fuzz.ini", (const char *)data, size, "/build", err, sizeof err) == 0) {
        FUZZ_CHECK(e.image && e.name && e.mode && e.args && e.options);
        FUZZ_CHECK(e.expect_exit >= 0 && e.expect_exit <= 255);
    } else {
        FUZZ_CHECK(!strncmp(err, "fuzz.ini:", 9) && !strchr(err, '\n'));
    }
    suite_entry_free(&e);
    GHashTable *t = suite_json_flatten((const char *)data, size);
    if (t)
        g_hash_table_destroy(t);
    return 0;
}
