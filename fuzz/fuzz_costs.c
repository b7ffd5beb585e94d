/* Fuzz target: the cost-file parser (pvops/costs.c, --costs=FILE) on
 * arbitrary bytes.  Checked: a file either loads (every parameter a
 * number from 0 to 1e15) or fails with one line naming the input and a
 * line number. */
#include <math.h>
#include <string.h>

#include "costs.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cost_model m;
    char err[1024];
    err[0] = '\0';
    if (cost_model_load_data(&m, "fuzz.ini", (const char *)data, size, err, sizeof err) == 0) {
#define X(param, counter) FUZZ_CHECK(m.param >= 0 && m.param <= 1e15);
        COST_PARAMS(X)
#undef X
    } else {
        FUZZ_CHECK(!strncmp(err, "fuzz.ini:", 9) && !strchr(err, '\n'));
    }
    return 0;
}
