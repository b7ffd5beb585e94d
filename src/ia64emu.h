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

#endif
