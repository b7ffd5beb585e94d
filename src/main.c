/* ia64emu: an IA-64 instruction-level emulator.  Subcommand dispatch. */
#include <stdio.h>
#include <string.h>

#include "ia64emu.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
} commands[] = {
    { "run", cmd_run, "run an IA-64 program (user mode or bare metal)" },
    { "disasm", cmd_disasm, "disassemble an ELF image or a flat file of bundles" },
    { "trace", cmd_trace, "read traces of 'run --trace': dump, stats, diff, export --perfetto" },
    { "suite", cmd_suite, "run a regression suite of .ini manifests ('suite [DIR]')" },
    { "pvops", cmd_pvops, "report the pv_ops hook sites of an IVT build ('pvops sites FILE', 'pvops patch IMAGE')" },
    { "boot", cmd_boot, "boot a Linux IA-64 kernel (vmlinux) to its userspace, with ia64emu's firmware" },
    { "compare", cmd_compare, "run a kernel workload in native, xen, patched and trap mode; compare results and hook costs" },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: ia64emu COMMAND [OPTIONS] ...\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\n'ia64emu COMMAND --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ia64emu %s\n", IA64EMU_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "ia64emu: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
