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
struct cpu;
struct machine;
/* TEXT as a size: a number with an optional K, M, G or T suffix. */
int parse_size(const char *text, uint64_t *out);
long peak_rss_kib(void);
double run_clock(void);                /* seconds, monotonic */
int run_stop_status(struct cpu *c, int system_mode);
void run_print_stats(struct machine *m, double secs);

#endif
