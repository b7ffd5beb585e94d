/* The ia64emu program's subcommands. */
#ifndef IA64EMU_H
#define IA64EMU_H

#include <errno.h>
#include <stdio.h>

#define IA64EMU_VERSION "0.1.0"

int cmd_disasm(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_pvops(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_suite(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_boot(int argc, char **argv);

/* Shared by the commands (src/run_cmd.c) */
#include <stdint.h>

#include <glib.h>
struct cpu;
struct machine;
/* TEXT as a size: a number with an optional K, M, G or T suffix. */
int parse_size(const char *text, uint64_t *out);
long peak_rss_kib(void);
double run_clock(void);                /* seconds, monotonic */
int run_stop_status(struct cpu *c, int system_mode);
void run_print_stats(struct machine *m, double secs);
/* The options shared by run and boot (src/run_cmd.c): each -1 after a
 * line on stderr naming CMD.  run_options parses (OPERAND: what must
 * follow the options, for the message); run_mem_option reads --mem into
 * *SIZE when given; run_trace_level gives the TRACE_* of --trace-level;
 * run_finish closes the trace and writes --dump-state, returning RC or 1
 * when either failed. */
struct trace;
int run_options(GOptionContext *oc, int *argc, char ***argv, const char *cmd, const char *operand);
int run_mem_option(const char *cmd, const char *text, uint64_t *size);
int run_trace_level(const char *cmd, const char *level, const char *path);
int run_finish(struct machine *m, struct trace **trace, const char *trace_path, int stats, const char *dump, int rc);
/* --costs[=FILE]: the option's callback, what it set, and the rewriting
 * of a bare --costs in ARGV before parsing. */
extern int run_costs_on;
extern char *run_costs_file;
gboolean run_costs_opt(const gchar *name, const gchar *value, gpointer data, GError **error);
void run_costs_reset(void);
void run_costs_bare(int argc, char **argv);
/* Frees M (its hypervisor, guest and memory) and aborts TRACE if open. */
void run_release(struct machine *m, struct trace *trace);

#endif
