#!/usr/bin/env python3
"""Trap-and-emulate mode (`ia64emu run --mode=trap`, hv/trap.c).

  trap_test.py planted EMU GUEST_DIR
      trap_holes.elf: the planted thash (slot 0 of thash_site) and cover
      (slot 2 of cover_site) are reported at the addresses the native run
      prints, once each, both with a result that differs; the verdict
      names the thash as the first cause; the thash value and IFS lines
      differ from native, the addresses do not;
  trap_test.py counts EMU GUEST_DIR
      trap_counts.elf: the emulated privileged operations per kind are
      exactly the hand count in its source, no hole, no reflection, and
      the output equals the native run's;
  trap_test.py clean EMU GUEST_DIR
      the guests with no hole whose result differs: identical stdout and
      exit status natively and in trap mode, verdict "did not diverge";
  trap_test.py fills EMU GUEST_DIR
      trap_ret_fill.elf: a br.ret whose mandatory RSE fill misses the
      hypervisor's TC; the output equals native, and the trap-mode run
      with a trace (every miss through the hypervisor's dispatch) ends in
      the same state (--dump-state) as without one (misses serviced at
      the reference);
  trap_test.py workloads EMU IVT_DIR
      the kernel workloads on the unmodified native kernel: each one runs
      the cover hole with virtual PSR.ic = 0 (its interruption entry), the
      report says the run diverged because of it, and the guest kernel
      panics where the native run prints its line and exits 0.
"""
import os
import re
import subprocess
import sys
from checks import check, failures
from workloads import LINES




def header(src, key):
    with open(src) as f:
        for line in f:
            if line.startswith("// " + key + ":"):
                return line.split(":", 1)[1].split()
    return []


def run(emu, image, opts=(), args=(), mode="system", stats=False):
    cmd = [emu, "run", f"--mode={mode}", "--max-insns=200000000"] + list(opts)
    if stats:
        cmd.append("--stats")
    cmd += [image, "--"] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


HOLE = re.compile(r"hole (.+?) +at 0x([0-9a-f]{16}) slot (\d): (\d+) executions, (\d+) differ")


def holes(stderr):
    return [(m.group(1), int(m.group(2), 16), int(m.group(3)), int(m.group(4)), int(m.group(5)))
            for m in HOLE.finditer(stderr)]


def privops(stderr):
    """The per-kind counts after 'privileged operations emulated, per kind:'."""
    out, inside = {}, False
    for line in stderr.splitlines():
        if "privileged operations emulated, per kind" in line:
            inside = True
            continue
        if inside:
            m = re.match(r"ia64emu:   (.+?) +(\d+)$", line)
            if not m:
                break
            out[m.group(1)] = int(m.group(2))
    return out


def counter(stderr, name):
    m = re.search(r"ia64emu:   %s +(\d+) " % name, stderr)
    return int(m.group(1)) if m else None


def planted(emu, gdir):
    img = os.path.join(gdir, "trap_holes.elf")
    nat = run(emu, img)
    trap = run(emu, img, mode="trap", stats=True)
    n, t = nat.stdout.split(), trap.stdout.split()
    check(nat.returncode == 0 and len(n) == 4, f"native trap_holes: {nat.returncode} {nat.stdout!r}")
    check(trap.returncode == 0 and len(t) == 4, f"trap trap_holes: {trap.returncode} {trap.stdout!r}")
    if len(n) != 4 or len(t) != 4:
        return
    thash_at, cover_at = int(n[0], 16), int(n[2], 16)
    check(t[0] == n[0] and t[2] == n[2], "the addresses printed agree")
    # the SDM's values natively (trap_holes.s); the holes give others
    check(n[1] == "2000000001000028" and n[3] == "8000000000000204", f"native values {n}")
    check(t[1] != n[1], "thash under trap mode hashes with the real PTA: it differs")
    check(t[3] == "0000000000000000", f"cover under trap mode writes no IFS: cr.ifs {t[3]}")
    got = holes(trap.stderr)
    check(got == [("thash", thash_at, 0, 1, 1), ("cover", cover_at, 2, 1, 1)], f"holes reported: {got}")
    check(re.search(r"verdict: the run DIVERGED .* first hole with a different result is thash at 0x%016x slot 0"
                    % thash_at, trap.stderr) is not None, "verdict names the thash")
    check("2 executions at 2 addresses, 2 with a result that differs" in trap.stderr, "hole totals")


def counts(emu, gdir):
    img = os.path.join(gdir, "trap_counts.elf")
    nat = run(emu, img)
    trap = run(emu, img, mode="trap", stats=True)
    check(nat.returncode == 0 and trap.returncode == 0, f"exit {nat.returncode} {trap.returncode}")
    check(nat.stdout == trap.stdout and nat.stdout, f"output {nat.stdout!r} / {trap.stdout!r}")
    want = {"mov cr=r": 3, "mov r=cr": 2, "mov rr[]=r": 1, "mov r=rr[]": 2, "ptc.l/ptc.g/ptc.ga/ptc.e/ptr": 1,
            "ssm/rsm": 3, "mov psr.l=r / mov r=psr": 2, "bsw.0/bsw.1": 2, "mov ar.k/ar.itc=r": 1}
    got = privops(trap.stderr)
    check(got == want, f"per kind: {got}")
    check(counter(trap.stderr, "privop_faults") == 17, "17 privileged-operation faults")
    check(counter(trap.stderr, "reflections") == 0, "no reflection")
    check(counter(trap.stderr, "hyperprivops") == 0, "no hyperprivop")
    check(holes(trap.stderr) == [], "no hole")
    check("the run did not diverge because of the holes" in trap.stderr, "verdict")


# Guests whose trap-mode run executes no hole with a different result
# (found by running every system guest both ways; docs/hv.md lists the
# others and why they differ).
CLEAN = ["hv_privop", "hv_reflect", "hv_timer", "hv_vhpt", "trap_counts", "sys_intr", "sys_pal",
         "sys_tlb_data", "sys_tlb_vhpt", "sys_fp", "sys_dahr", "sys_uart", "sys_console", "ski_system"]


def clean(emu, gdir):
    src_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "guests")
    for name in CLEAN:
        src = os.path.join(src_dir, name + ".s")
        img = os.path.join(gdir, name + ".elf")
        opts = [o for o in header(src, "run") if not o.startswith("--mode")]
        args = header(src, "args")
        nat = run(emu, img, opts, args)
        trap = run(emu, img, opts, args, mode="trap", stats=True)
        check(nat.returncode == trap.returncode, f"{name}: exit {nat.returncode} natively, {trap.returncode} trapped")
        check(nat.stdout == trap.stdout, f"{name}: output differs: {nat.stdout!r} / {trap.stdout!r}")
        check(all(h[4] == 0 for h in holes(trap.stderr)), f"{name}: a hole differed")
        check("the run did not diverge because of the holes" in trap.stderr, f"{name}: verdict")




def fills(emu, gdir):
    import tempfile
    img = os.path.join(gdir, "trap_ret_fill.elf")
    nat = run(emu, img)
    with tempfile.TemporaryDirectory() as tmp:
        a, b, t = (os.path.join(tmp, n) for n in ("plain.json", "traced.json", "run.trace"))
        plain = run(emu, img, ["--dump-state=" + a], mode="trap")
        traced = run(emu, img, ["--dump-state=" + b, "--trace=" + t], mode="trap")
        check(nat.returncode == 0 and plain.returncode == 0 and traced.returncode == 0,
              f"exit {nat.returncode} {plain.returncode} {traced.returncode}")
        check(nat.stdout == plain.stdout == traced.stdout and nat.stdout,
              f"output {nat.stdout!r} / {plain.stdout!r} / {traced.stdout!r}")
        with open(a) as fa, open(b) as fb:
            check(fa.read() == fb.read(), "the traced trap-mode run ends in another state")


def workloads(emu, ivt_dir):
    img = os.path.join(ivt_dir, "kernel-native.elf")
    for w, line in LINES.items():
        nat = run(emu, img, args=[w])
        check(nat.returncode == 0 and nat.stdout.strip() == line, f"{w}: native {nat.stdout!r}")
        trap = run(emu, img, args=[w], mode="trap", stats=True)
        covers = [h for h in holes(trap.stderr) if h[0] == "cover"]
        check(covers and all(h[4] > 0 for h in covers), f"{w}: the cover hole with a different result")
        check(re.search(r"verdict: the run DIVERGED .* first hole with a different result is cover at .*"
                        r"the guest kernel then panicked", trap.stderr) is not None, f"{w}: verdict")
        check(trap.returncode == 1 and "ia64 kernel panic" in trap.stdout and line not in trap.stdout,
              f"{w}: trap run {trap.returncode} {trap.stdout!r}")
        check(counter(trap.stderr, "hyperprivops") == 0 and counter(trap.stderr, "privop_faults") > 0,
              f"{w}: privileged operations emulated, no hyperprivop")


def main():
    what, emu, d = sys.argv[1], sys.argv[2], sys.argv[3]
    {"planted": planted, "counts": counts, "clean": clean, "fills": fills, "workloads": workloads}[what](emu, d)
    if failures:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()
