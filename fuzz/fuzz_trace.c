/* Fuzz target: the trace reader (src/tracefile.c) on arbitrary bytes, and
 * what reads every event: the statistics' and diff's per-event work (the
 * reader's field checks guarantee the site lookups), and the Perfetto
 * export.  Checked: a trace either reads to its END event or fails with a
 * message naming the input and an offset. */
#include <string.h>

#include "fuzz.h"
#include "tracefile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct trace_file f;
    char err[1024];
    err[0] = '\0';
    if (tracefile_open_bytes(&f, "fuzz.trc", data, size, err, sizeof err) == 0) {
        struct trace_event e;
        int r;
        uint64_t n = 0;
        while ((r = tracefile_next(&f, &e, err, sizeof err)) > 0) {
            if (e.type == TEV_HOOK_ENTER || e.type == TEV_HOOK_EXIT)
                FUZZ_CHECK(tracefile_site(&f, (uint32_t)e.a[0]) != NULL);
            if (e.type == TEV_CONSOLE)
                FUZZ_CHECK(e.data >= data && e.data + e.len <= data + size);
            n++;
        }
        FUZZ_CHECK(r == 0 || (strstr(err, "fuzz.trc") && strstr(err, "offset")));
        FUZZ_CHECK(r != 0 || n == f.events);
        tracefile_close(&f);
        /* the export reads it again from the start */
        if (tracefile_open_bytes(&f, "fuzz.trc", data, size, err, sizeof err) == 0) {
            GString *o = g_string_new(NULL);
            int x = trace_export_perfetto(&f, o, err, sizeof err);
            FUZZ_CHECK(x == r);
            g_string_free(o, TRUE);
        }
    } else {
        FUZZ_CHECK(strstr(err, "fuzz.trc") != NULL && strstr(err, "offset") != NULL);
    }
    tracefile_close(&f);
    return 0;
}
