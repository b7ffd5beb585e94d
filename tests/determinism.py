#!/usr/bin/env python3
"""Determinism: two runs of one guest with the same options give the same
exit status, stdout and --dump-state JSON, byte for byte.  Host time enters
only with --realtime (README, "Determinism"); the guests here read the
clock through SSC GET_RTC, EFI GetTime, gettimeofday and clock_gettime.
--realtime must be accepted and leave the guest's verdict unchanged.

With IVT_DIR, every kernel workload also runs twice with --trace (level
events) and once more at level insns for the smallest: the traces are
bit-identical, as are their state dumps.

usage: determinism.py IA64EMU GUEST_DIR [IVT_DIR]
"""
import os
import subprocess
import sys
import tempfile

from cmd_cases import sanitizer_spoke, summary, verdict

# (guest, options, guest arguments): the clock readers first
GUESTS = [
    ("ski_time", [], []),                       # SSC GET_RTC into registers
    ("ski_ssc", [], ["one", "two"]),           # SSC GET_RTC
    ("sys_sal_efi", [], []),                    # EFI GetTime
    ("ski_syscalls", [], []),                   # getpid, gettimeofday, clock_gettime
    ("hello", [], []),
    ("sys_intr", [], []),                       # the ITC timer and external interrupts
    ("hv_timer_xen", ["--mode=xen"], []),       # the hypervisor's virtual timer
    ("ski_loop", ["--max-insns=100000"], []),
    ("sys_console", ["--max-insns=5000000"], []),  # the console interrupt (STDIN below)
]
# kernel workloads traced twice (IVT_DIR given): workload, trace level
KERNEL_TRACES = [(w, "events") for w in ("tlbmiss", "syscall", "timer", "ctxsw", "fault", "mixed")] + \
    [("fault", "insns")]
# guests whose stdin is a file (the console interrupt looks at it at fixed
# instruction counts): the input
STDIN = {
    "sys_console": b"hello, ski\n",
}


def run(emu, elf, opts, args, dump, stdin=None):
    if stdin is None:
        p = subprocess.run([emu, "run", "--dump-state=" + dump] + opts + [elf] + args,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=120)
    else:
        with open(stdin, "rb") as f:
            p = subprocess.run([emu, "run", "--dump-state=" + dump] + opts + [elf] + args,
                               stdin=f, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    with open(dump, "rb") as f:
        state = f.read()
    return p.returncode, p.stdout, state, p.stderr.decode(errors="replace")


def main():
    emu, gdir = sys.argv[1], sys.argv[2]
    failed = total = 0
    with tempfile.TemporaryDirectory(prefix="ia64emu-det-") as tmp:
        for name, opts, args in GUESTS:
            elf = os.path.join(gdir, name + ".elf")
            problems = []
            stdin = None
            if name in STDIN:
                stdin = os.path.join(tmp, name + ".in")
                with open(stdin, "wb") as f:
                    f.write(STDIN[name])
            a = run(emu, elf, opts, args, os.path.join(tmp, name + "-1.json"), stdin)
            b = run(emu, elf, opts, args, os.path.join(tmp, name + "-2.json"), stdin)
            for what, i in (("exit status", 0), ("stdout", 1), ("state dump", 2)):
                if a[i] != b[i]:
                    problems.append("%s differs between two runs" % what)
            if sanitizer_spoke(a[3] + b[3]):
                problems.append("sanitizer report")
            r = run(emu, elf, ["--realtime"] + opts, args, os.path.join(tmp, name + "-rt.json"), stdin)
            if r[0] != a[0]:
                problems.append("--realtime: exit status %d, %d without" % (r[0], a[0]))
            print("%-16s %s" % (name, verdict(problems)))
            failed += bool(problems)
            total += 1
        if len(sys.argv) > 3:
            kernel = os.path.join(sys.argv[3], "kernel-native.elf")
            for w, level in KERNEL_TRACES:
                problems = []
                outs = []
                for i in (1, 2):
                    trc = os.path.join(tmp, "%s-%s-%d.trc" % (w, level, i))
                    r = run(emu, kernel, ["--trace=" + trc, "--trace-level=" + level, "--max-insns=200000000"],
                            ["--", w], os.path.join(tmp, "%s-%s-%d.json" % (w, level, i)))
                    with open(trc, "rb") as f:
                        outs.append((r[0], r[1], r[2], f.read()))
                    if sanitizer_spoke(r[3]):
                        problems.append("sanitizer report")
                if outs[0][0] != 0:
                    problems.append("exit status %d" % outs[0][0])
                for what, i in (("exit status", 0), ("stdout", 1), ("state dump", 2), ("trace", 3)):
                    if outs[0][i] != outs[1][i]:
                        problems.append("%s differs between two runs" % what)
                print("%-16s %s" % ("%s (%s)" % (w, level), verdict(problems)))
                failed += bool(problems)
                total += 1
    return summary(total, failed)


if __name__ == "__main__":
    sys.exit(main())
