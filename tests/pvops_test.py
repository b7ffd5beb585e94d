#!/usr/bin/env python3
"""Static checks of the real Linux IVT built with our hook backends.

  pvops_test.py static EMU IVT_DIR
      ivt-native.o: 1369 non-nop instructions in .text..ivt (SMP on) and
      107 hook sites; entry-native.o: 19 sites; the per-vector and per-hook
      tables agree with the site list; the native and check variants have
      the same sites (ids, hooks, arguments) in the same order; the check
      variant poisons every donated general register.
  pvops_test.py missing-tarball SOURCE_DIR SCRATCH_DIR
      a configure with LINUX_SOURCE_TARBALL pointing at a missing file,
      and the extraction script itself, fail naming linux-source-6.1.
"""
import os
import re
import shutil
import subprocess
import sys

# From ../shared/reference/linux-ivt.md; our configuration has SMP on.
IVT_NON_NOP = 1369
IVT_SITES = 107
ENTRY_SITES = 19
POISON = "0xdeadbeefbaadf00d"

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def report(emu, obj):
    r = subprocess.run([emu, "pvops", "sites", obj], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"pvops sites {obj}: exit {r.returncode}: {r.stderr}")
    sites, vectors, hooks, total = [], {}, {}, None
    part = "sites"
    for line in r.stdout.splitlines():
        if line.startswith("IVT:"):
            part = "vectors"
            continue
        if line.startswith("sites per hook"):
            part = "hooks"
            continue
        f = line.split()
        if part == "sites" and f and f[0].isdigit():
            # id hook address where... bundles args...
            m = re.match(r"\s*(\d+)\s+(\S+)\s+(\S+)\s+(.*?)\s+(\d+)  (.*)$", line)
            check(m is not None, f"{obj}: unparsable site line: {line}")
            if m:
                sites.append((int(m.group(1)), m.group(2), int(m.group(5)), m.group(6).strip(), m.group(3)))
        elif part == "vectors" and f and (f[0].isdigit() or f[0] == "after"):
            vectors[f[0]] = (int(f[-2]), int(f[-1]))
        elif part == "vectors" and f and f[0] == "total":
            total = (int(f[1]), int(f[2]))
        elif part == "hooks" and len(f) == 4 and f[0].isdigit():
            hooks[f[1]] = int(f[3])
    return sites, vectors, hooks, total


def static(emu, ivt_dir):
    obj = lambda f, v: os.path.join(ivt_dir, f"{f}-{v}.o")
    native = {f: report(emu, obj(f, "native")) for f in ("ivt", "entry")}
    check_ = {f: report(emu, obj(f, "check")) for f in ("ivt", "entry")}

    sites, vectors, hooks, total = native["ivt"]
    check(total is not None and total[0] == IVT_NON_NOP,
          f"ivt-native.o: {total and total[0]} non-nop instructions in .text..ivt, expected {IVT_NON_NOP}")
    check(len(sites) == IVT_SITES, f"ivt-native.o: {len(sites)} sites, expected {IVT_SITES}")
    check(len(vectors) == 69, f"ivt-native.o: {len(vectors)} vector rows, expected 68 and the code after them")
    check(total is not None and total[1] == len(sites), "ivt-native.o: per-vector sites do not add up")
    check(sum(v[0] for v in vectors.values()) == (total or (0,))[0], "per-vector counts do not add up")
    # the common paths, as counted from the native Linux IVT
    for vec, want in (("0", 55), ("1", 16), ("2", 16), ("4", 29), ("8", 21), ("11", 65)):
        check(vectors.get(vec, (None,))[0] == want,
              f"vector {vec}: {vectors.get(vec, (None,))[0]} non-nop instructions, expected {want}")
    check([s[0] for s in sites] == list(range(IVT_SITES)), "ivt.S site ids are not 0..106 in source order")
    check(all(s[4].startswith(".text..ivt+") for s in sites), "an ivt.S site lies outside .text..ivt")

    esites = native["entry"][0]
    check(len(esites) == ENTRY_SITES, f"entry-native.o: {len(esites)} sites, expected {ENTRY_SITES}")
    check([s[0] for s in esites] == list(range(1000, 1000 + ENTRY_SITES)),
          "entry.S site ids are not 1000.. in source order")

    for f in ("ivt", "entry"):
        s, _, h, _ = native[f]
        counted = {}
        for site in s:
            counted[site[1]] = counted.get(site[1], 0) + 1
        # Linux 6.1's 34 hooks, and our guest kernel's 2 (MOV_TO_ITM, MOV_TO_EOI)
        check(len(h) == 36, f"{f}: {len(h)} hooks in the per-hook table, expected 36")
        check(all(h.get(k, 0) == counted.get(k, 0) for k in set(h) | set(counted)),
              f"{f}: the per-hook table disagrees with the site list")
        # the same sites, in the same order, in both variants
        cs = check_[f][0]
        check([(x[0], x[1], x[3]) for x in s] == [(x[0], x[1], x[3]) for x in cs],
              f"{f}: native and check variants differ in site ids, hooks or arguments")
        check(all(x[2] >= 1 for x in s + cs), f"{f}: a site of no bundles")
        # every donated general register is poisoned in the check build
        # (once per site), and nothing is in the native build
        clobs = sum(len(re.findall(r"\bclob=", x[3])) for x in s)
        dis = {v: subprocess.run([emu, "disasm", obj(f, v)], capture_output=True, text=True).stdout
               for v in ("native", "check")}
        check(dis["check"].count(POISON) == clobs,
              f"{f}-check.o: {dis['check'].count(POISON)} poison movl, expected {clobs} (one per clob argument)")
        check(dis["native"].count(POISON) == 0, f"{f}-native.o holds the poison")
    # the check variant's non-nop count is larger, its sites no fewer bundles
    ctotal = check_["ivt"][3]
    check(ctotal is not None and ctotal[0] > IVT_NON_NOP, "ivt-check.o: no poison instructions counted")


def missing_tarball(src, scratch):
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    missing = os.path.join(scratch, "no-such-linux-source-6.1.tar.xz")
    r = subprocess.run(["cmake", "-S", src, "-B", os.path.join(scratch, "build"),
                        f"-DLINUX_SOURCE_TARBALL={missing}"], capture_output=True, text=True)
    check(r.returncode != 0, "configure succeeded without the tarball")
    check("linux-source-6.1" in r.stderr and "missing" in r.stderr,
          f"configure did not say what to install: {r.stderr[-400:]}")
    # the build-time extraction step on its own
    r = subprocess.run(["cmake", f"-DTARBALL={missing}", f"-DLIST={src}/ivt/linux-files.txt",
                        f"-DDEST={scratch}/linux", f"-DSTAMP={scratch}/stamp", "-P",
                        f"{src}/ivt/extract.cmake"], capture_output=True, text=True)
    check(r.returncode != 0 and "install the Debian package linux-source-6.1" in r.stderr,
          f"extract.cmake did not fail clearly: {r.stderr[-400:]}")
    check(not os.path.exists(f"{scratch}/stamp"), "extract.cmake wrote its stamp without the tarball")
    shutil.rmtree(scratch, ignore_errors=True)


def main(argv):
    if len(argv) == 4 and argv[1] == "static":
        static(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "missing-tarball":
        missing_tarball(argv[2], argv[3])
    else:
        sys.exit(__doc__)
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("ok")


if __name__ == "__main__":
    main(sys.argv)
