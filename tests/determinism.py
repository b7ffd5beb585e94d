#!/usr/bin/env python3
"""Determinism: two runs of one guest with the same options give the same
exit status, stdout and --dump-state JSON, byte for byte.  Host time enters
only with --realtime (README, "Determinism"); the guests here read the
clock through SSC GET_RTC, EFI GetTime, gettimeofday and clock_gettime.
--realtime must be accepted and leave the guest's verdict unchanged.

usage: determinism.py IA64EMU GUEST_DIR
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
    return summary(total, failed)


if __name__ == "__main__":
    sys.exit(main())
