#!/usr/bin/env python3
"""Binary patching (issue 6, section 4): run --mode=patched and
ia64emu pvops patch.

  patch_test.py workload EMU IVT_DIR NAME
      NAME on kernel-native.elf natively and patched under the hypervisor
      (--mode=patched): the same line and exit status 0, and the patched
      run makes hyperprivop calls (a native image has none: its sites were
      rewritten);
  patch_test.py report EMU IVT_DIR
      ia64emu pvops patch kernel-native.elf: one row per site record of
      the native image, each in place exactly when the Xen build's site
      (ia64emu pvops sites kernel-xen.elf) has no more bundles, the bundles
      added (the Xen sequence + a branch back) and the stubs laid end to
      end in the patch area; in place + stub = sites, and every total is
      the sum of its rows; and the errors (a Xen image that is not one,
      --xen-image without --mode=patched).
"""
import os
import re
import subprocess
import sys
from checks import check, failures




def run(args, timeout=60):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


def workload(emu, ivt, name):
    image = os.path.join(ivt, "kernel-native.elf")
    nat = run([emu, "run", "--max-insns=200000000", image, "--", name])
    pat = run([emu, "run", "--mode=patched", "--stats", "--max-insns=200000000", image, "--", name])
    check(nat.returncode == 0, f"{name}: native exit {nat.returncode}: {nat.stderr}")
    check(pat.returncode == 0, f"{name}: patched exit {pat.returncode}: {pat.stderr}")
    check(nat.stdout.startswith(name + ":") and nat.stdout.count("\n") == 1, f"{name}: native printed {nat.stdout!r}")
    check(pat.stdout == nat.stdout, f"{name}: patched printed {pat.stdout!r}, native {nat.stdout!r}")
    m = re.search(r"^ia64emu:\s+hyperprivops\s+(\d+)", pat.stderr, re.M)
    check(m and int(m.group(1)) > 0, f"{name}: no hyperprivop in the patched run")
    check(re.search(r"^patched 167 sites", pat.stderr, re.M), f"{name}: no patch summary under --stats")
    # the same image under --mode=xen unpatched would not be this run: the
    # explicit Xen image gives the same result as the default one
    pat2 = run([emu, "run", "--mode=patched", "--xen-image=" + os.path.join(ivt, "kernel-xen.elf"),
                "--max-insns=200000000", image, "--", name])
    check(pat2.stdout == nat.stdout and pat2.returncode == 0, f"{name}: --xen-image run differs")


SITE = re.compile(r"^\s*(\d+)\s+(\S+)\s+(0x[0-9a-f]+)\s+(\S.*?)\s+(\d+)\s\s(.*)$")


def sites(emu, path):
    p = run([emu, "pvops", "sites", path])
    check(p.returncode == 0, f"pvops sites {path}: {p.stderr}")
    out = {}
    for line in p.stdout.splitlines():
        if line.startswith("IVT:"):
            break
        m = SITE.match(line)
        if m:
            out[int(m.group(1))] = (m.group(2), int(m.group(3), 16), int(m.group(5)))
    return out


ROW = re.compile(r"^\s*(\d+)\s+(\S+)\s+(0x[0-9a-f]+)\s+(\d+)\s+(\d+)\s+(in place|stub)\s+(\S+)\s+(\d+)\s+"
                 r"(\d+)\+(\d+) -> (\d+)\+(\d+)$")


def report(emu, ivt):
    native, xen = os.path.join(ivt, "kernel-native.elf"), os.path.join(ivt, "kernel-xen.elf")
    ns, xs = sites(emu, native), sites(emu, xen)
    check(len(ns) == 167 and set(ns) == set(xs), f"site lists: {len(ns)} native, {len(xs)} xen")
    p = run([emu, "pvops", "patch", native])
    check(p.returncode == 0, f"pvops patch: exit {p.returncode}: {p.stderr}")
    rows = [ROW.match(l) for l in p.stdout.splitlines()]
    rows = [r for r in rows if r]
    check(len(rows) == len(ns), f"{len(rows)} report rows for {len(ns)} sites")
    m = re.search(r"patched (\d+) sites with the sequences of (\S+): (\d+) in place, (\d+) by a stub; "
                  r"(\d+) bundles added in the patch area at (0x[0-9a-f]+) \((\d+) bytes\), (\d+) nop bundles",
                  p.stdout)
    check(m, "no totals line")
    if not m:
        return
    total, xpath, in_place, stubs, added, area, area_bytes, pad = m.groups()
    check(os.path.samefile(xpath, xen), f"default Xen image {xpath}")
    total, in_place, stubs, added = int(total), int(in_place), int(stubs), int(added)
    area, area_bytes, pad = int(area, 16), int(area_bytes), int(pad)
    check(total == len(ns) and in_place + stubs == total, f"in place {in_place} + stub {stubs} != {total} sites")
    n_ip = n_st = n_add = n_pad = 0
    ni = nn = pi = pn = 0
    next_stub = area
    for r in rows:
        sid, hook, addr, nb, xb, how, stub, add = (int(r.group(1)), r.group(2), int(r.group(3), 16),
                                                     int(r.group(4)), int(r.group(5)), r.group(6), r.group(7),
                                                     int(r.group(8)))
        want = ns.get(sid)
        check(want and want[0] == hook and want[1] == addr and want[2] == nb, f"site {sid}: {r.group(0)} vs {want}")
        check(sid in xs and xs[sid][2] == xb and xs[sid][0] == hook, f"site {sid}: xen bundles {xb} vs {xs.get(sid)}")
        if xb <= nb:
            check(how == "in place" and add == 0 and stub == "-", f"site {sid}: {xb} <= {nb} bundles but {how}")
            n_ip += 1
            n_pad += nb - xb
        else:
            check(how == "stub" and add == xb + 1, f"site {sid}: {xb} > {nb} bundles: {how}, {add} added")
            check(stub.startswith("0x") and int(stub, 16) == next_stub, f"site {sid}: stub at {stub}, "
                  f"expected 0x{next_stub:x}")
            next_stub += 16 * add
            n_st += 1
            n_pad += nb - 1
        n_add += add
        # the native site is one instruction (two for ITC_I_AND_D) and nops, three slots a bundle
        ni += int(r.group(9))
        nn += int(r.group(10))
        check(int(r.group(9)) + int(r.group(10)) == 3 * nb, f"site {sid}: native slots")
        # (an MLX bundle's L+X pair is one instruction: two slots of three)
        check(2 * (nb + add) <= int(r.group(11)) + int(r.group(12)) <= 3 * (nb + add), f"site {sid}: patched slots")
        pi += int(r.group(11))
        pn += int(r.group(12))
    check((n_ip, n_st, n_add, n_pad) == (in_place, stubs, added, pad),
          f"sums {n_ip, n_st, n_add, n_pad} != totals {in_place, stubs, added, pad}")
    check(area_bytes == 16 * added and next_stub == area + area_bytes, "patch area size")
    m2 = re.search(r"sites: native (\d+) instructions \+ (\d+) nops .*; patched (\d+) \+ (\d+)", p.stdout)
    check(m2 and tuple(map(int, m2.groups())) == (ni, nn, pi, pn), "instruction totals")
    # errors: a Xen image that is not one, --xen-image without patched
    bad = run([emu, "pvops", "patch", native, native])
    check(bad.returncode == 2 and "not xen" in bad.stderr, f"native as the Xen image: {bad.returncode} {bad.stderr}")
    bad = run([emu, "run", "--mode=patched", "--xen-image=" + native, native, "--", "syscall"])
    check(bad.returncode == 2 and "not xen" in bad.stderr, f"run with a native Xen image: {bad.stderr}")
    bad = run([emu, "run", "--mode=xen", "--xen-image=" + xen, xen, "--", "syscall"])
    check(bad.returncode == 2 and "--mode=patched" in bad.stderr, f"--xen-image with xen mode: {bad.stderr}")


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "workload":
        workload(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        return 2
    print("FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
