/* The cost accounting's model and reports (issue 6, section 5): the
 * counters are pvops/costs.def's, counted by cpu/trace.c; the model is
 * hv/costs.ini (compiled in) or --costs=FILE. */
#ifndef IA64EMU_COSTS_H
#define IA64EMU_COSTS_H

#include <stddef.h>
#include <stdio.h>

#include "trace.h"

/* COST_PARAM(name, counter): the price of one COUNTER */
#define COST_PARAMS(X)                         \
    X(cycles_per_group, groups)                \
    X(cycles_per_bundle, bundles)              \
    X(cycles_per_xsi_access, xsi)              \
    X(hyperprivop_fast, hp_fast)               \
    X(hyperprivop_slow, hp_slow)               \
    X(privop_fault, privops)                   \
    X(reflection, reflections)                 \
    X(hv_other, hv_other)

struct cost_model {
#define X(name, counter) double name;
    COST_PARAMS(X)
#undef X
};

/* The defaults (hv/costs.ini as built), then FILE's [model] keys when
 * FILE is not NULL.  0, or -1 with ERR. */
int cost_model_load(struct cost_model *m, const char *file, char *err, size_t errlen);
/* The same with FILE's text given: DATA, N bytes, named NAME in errors
 * ("NAME:LINE: ..."); DATA NULL for the defaults alone. */
int cost_model_load_data(struct cost_model *m, const char *name, const char *data, size_t n, char *err,
                         size_t errlen);
double cost_cycles(const struct cost_model *m, const struct cost_counts *n);

/* Per hook (summed over its sites), in hook-id order; out[i] for hook id i
 * (PVOPS hook count entries); present[i] set when the image has a site of
 * hook i. */
void costs_per_hook(const struct trace_costs *tc, struct cost_counts *out, int *present, size_t nhooks);

/* run --costs: the per-hook table, the per-vector lines and the totals. */
void costs_print(FILE *f, const struct trace_costs *tc, const struct cost_model *m);
/* boot --costs --stats: every site that ran or entered the hypervisor,
 * in address order. */
void costs_print_sites(FILE *f, const struct trace_costs *tc);
/* run --costs-out=FILE: the same as a GLib key file (read by compare). */
int costs_save(const char *path, const struct trace_costs *tc, const struct cost_model *m, char *err,
               size_t errlen);

#endif
