#!/usr/bin/env python3
"""Cost accounting and `ia64emu compare` (issue 6, sections 5 and 6).

  costs_test.py EMU IVT_DIR
    - K syscalls: between `syscall 10` and `syscall 30` every hook of the
      system-call path runs exactly 20 times more (once per call), and no
      other hook's count changes.  The path, counted by hand in Linux
      6.1's sources: ivt.S break_fault: MOV_FROM_IPSR, MOV_FROM_IIM,
      MOV_FROM_IIP, BSW_1, SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I,
      SSM_PSR_I (its MOV_FROM_ITC is under CONFIG_VIRT_CPU_ACCOUNTING_NATIVE,
      off); entry.S ia64_leave_syscall: RSM_PSR_I (the !CONFIG_PREEMPTION
      one), RSM_PSR_I_IC, MOV_FROM_PSR, COVER, then skip_rbs_switch:
      MOV_TO_IPSR, MOV_TO_IFS, MOV_TO_IIP, RFI -- 14 hooks; `syscall 1000` gives exactly
      1002 MOV_FROM_IIM executions (1000 getpid + the two calls of the
      task set-up and exit: the same count as trace_test.py's Break
      entries);
    - native: no hypervisor entry and no XSI access in any hook;
    - xen, tlbmiss: every ITC_D execution makes exactly one ITC_D
      hyperprivop (pvops.md's table: one ITC per DTLB miss) and every
      RFI execution one RFI hyperprivop, COVER one COVER hyperprivop
      (fast, or slow when an event was pending at entry, as Xen counted);
    - the sums of the hook rows equal the totals (key file, --json, --csv);
    - guest instruction counts do not depend on the model (--costs=FILE
      with other prices); an unknown model key fails with status 2;
    - compare --modes=native,xen exits 0 on syscall, tlbmiss and timer (the
      console, the exit status and the user-visible registers at every
      system call identical); a xen kernel whose console line differs
      ("pid sUm") makes it exit 1 naming line 1, byte 30;
      --json parses; --svg writes an SVG document;
    - patched mode counts a stubbed site's stub as its hook's (more hook
      instructions than xen: the branches to the stub and back);
    - native against trap on syscall exits 1 naming the cover hole;
    - trap: every hook that ran retires as many instructions per execution
      as natively (an emulated rfi leaves its hook as the native one does,
      so the code it returns to is not counted in RFI);
    - compare --trace-dir writes MODE.trace per mode, and trace diff finds
      native, xen and patched equivalent.
"""
import configparser
import json
import os
import subprocess
import sys
import tempfile
import xml.dom.minidom
from checks import check, failures as fails

EMU, IVT = sys.argv[1], sys.argv[2]
NATIVE = os.path.join(IVT, "kernel-native.elf")
XEN = os.path.join(IVT, "kernel-xen.elf")



def costs(image, workload, mode="native", model=None):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "c.ini")
        cmd = [EMU, "run", "--mode=" + mode, "--costs-out=" + out]
        if model:
            cmd.append("--costs=" + model)
        p = subprocess.run(cmd + [image, "--", workload], capture_output=True, text=True)
        check(p.returncode == 0, "%s %s: exit %d %s" % (mode, workload, p.returncode, p.stderr))
        kf = configparser.ConfigParser()
        kf.read(out)
        return kf


def hooks(kf):
    return {s[5:]: kf[s] for s in kf.sections() if s.startswith("hook ")}


def n(sec, key):
    return int(sec.get(key, "0"))


KEYS = ["execs", "insns", "bundles", "groups", "hp_fast", "hp_slow", "privops", "reflections", "hv_other", "xsi"]

# K syscalls
a, b = hooks(costs(NATIVE, "syscall 10")), hooks(costs(NATIVE, "syscall 30"))
SYSCALL_PATH = {"MOV_FROM_IPSR", "MOV_FROM_IIM", "MOV_FROM_IIP", "MOV_FROM_PSR", "MOV_TO_IPSR", "MOV_TO_IFS",
                "MOV_TO_IIP", "SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I", "SSM_PSR_I", "RSM_PSR_I", "RSM_PSR_I_IC",
                "BSW_1", "COVER", "RFI"}
for h in b:
    d = n(b[h], "execs") - n(a[h], "execs")
    check(d == (20 if h in SYSCALL_PATH else 0), "syscall 10 -> 30: %s executions +%d" % (h, d))
big = costs(NATIVE, "syscall 1000")
check(n(hooks(big)["MOV_FROM_IIM"], "execs") == 1002, "syscall 1000: MOV_FROM_IIM executions")
for h, s in hooks(big).items():
    for k in ("hp_fast", "hp_slow", "privops", "reflections", "hv_other", "xsi"):
        check(n(s, k) == 0, "native: %s %s = %d" % (h, k, n(s, k)))
    check(n(s, "insns") >= n(s, "execs"), "native: %s insns" % h)

# xen: hyperprivops per fault path
x = costs(XEN, "tlbmiss", "xen")
xh = hooks(x)
for h in ("ITC_D", "RFI", "COVER"):
    s = xh[h]
    check(n(s, "execs") > 0 and n(s, "hp_fast") + n(s, "hp_slow") == n(s, "execs"),
          "xen tlbmiss: %s: %d executions, %d fast, %d slow hyperprivops" %
          (h, n(s, "execs"), n(s, "hp_fast"), n(s, "hp_slow")))

# sums = totals
for kf in (big, x):
    for k in KEYS:
        check(sum(n(s, k) for s in hooks(kf).values()) == n(kf["total"], k), "sum of %s = total" % k)
    check(abs(sum(float(s["cycles"]) for s in hooks(kf).values()) - float(kf["total"]["cycles"])) < 1e-6,
          "sum of cycles = total")

# the model never changes instruction counts
with tempfile.TemporaryDirectory() as d:
    m = os.path.join(d, "m.ini")
    with open(m, "w") as f:
        f.write("[model]\ncycles_per_group=3\nhyperprivop_fast=7\n")
    y = costs(XEN, "tlbmiss", "xen", m)
    for h in xh:
        for k in KEYS:
            check(n(y["hook " + h], k) == n(xh[h], k), "model changed %s %s" % (h, k))
    r = xh["RFI"]
    check(float(y["hook RFI"]["cycles"]) == 3 * n(r, "groups") + 7 * n(r, "hp_fast") + 1000 * n(r, "hp_slow") + n(r, "xsi"),
          "RFI cycles under the model")
    with open(m, "w") as f:
        f.write("[model]\nno_such=1\n")
    p = subprocess.run([EMU, "run", "--costs=" + m, NATIVE, "--", "syscall 1"], capture_output=True, text=True)
    check(p.returncode == 2 and "no_such" in p.stderr, "unknown model key: %d %s" % (p.returncode, p.stderr))
    # malformed cost files: one line naming the file and the line, exit 2
    for text, line, what in (("[model]\nno_such=1\n", 2, "no_such"),
                             ("# c\n[model]\ncycles_per_group=-1\n", 3, "cycles_per_group"),
                             ("[model]\ncycles_per_group=nan\n", 2, "cycles_per_group"),
                             ("[model]\nnot a key value line\n", 2, "not a [group]"),
                             ("[model]\n[other]\nx=1\n", 2, "[other]")):
        with open(m, "w") as f:
            f.write(text)
        p = subprocess.run([EMU, "run", "--costs=" + m, NATIVE, "--", "syscall 1"], capture_output=True, text=True)
        err = p.stderr.strip()
        check(p.returncode == 2 and err.startswith("ia64emu: %s:%d: " % (m, line)) and what in err and
              len(err.splitlines()) == 1, "bad cost file %r: %d %r" % (text, p.returncode, err))

# compare
for w in ("syscall", "tlbmiss", "timer"):
    p = subprocess.run([EMU, "compare", "--modes=native,xen", "--kernel-dir=" + IVT, "--json", w],
                       capture_output=True, text=True)
    check(p.returncode == 0, "compare %s: exit %d %s" % (w, p.returncode, p.stderr))
    j = json.loads(p.stdout)
    check(j["equivalent"] is True, "compare %s: equivalent" % w)
    for mo in j["modes"]:
        for k in ("execs", "insns", "hv", "cycles"):
            check(sum(v[k] for v in mo["hooks"].values()) == mo["total"][k], "compare %s %s: sum of %s" %
                  (w, mo["mode"], k))
    check(j["modes"][0]["overhead_insns_pct"] == 0 and j["modes"][1]["overhead_insns_pct"] > 0,
          "compare %s: overhead" % w)
with tempfile.TemporaryDirectory() as d:
    svg = os.path.join(d, "c.svg")
    p = subprocess.run([EMU, "compare", "--modes=native,xen,patched", "--kernel-dir=" + IVT, "--csv", "--svg=" + svg,
                        "syscall"], capture_output=True, text=True)
    check(p.returncode == 0, "compare csv: exit %d %s" % (p.returncode, p.stderr))
    rows = [l.split(",") for l in p.stdout.splitlines()]
    check(rows[0][0] == "hook" and rows[-1][0] == "total", "csv rows")
    for col in range(1, 9):
        check(sum(int(r[col]) for r in rows[1:-1]) == int(rows[-1][col]), "csv column %d sums" % col)
    doc = xml.dom.minidom.parse(svg)
    check(doc.documentElement.tagName == "svg" and len(doc.getElementsByTagName("rect")) > 10, "svg")
# patched: a stub's instructions are its site's (trace_site_stub): more
# instructions in the hooks than xen's (the branch to the stub and back)
p = subprocess.run([EMU, "compare", "--modes=xen,patched", "--kernel-dir=" + IVT, "--json", "syscall"],
                   capture_output=True, text=True)
j = json.loads(p.stdout)
check(p.returncode == 0 and j["modes"][1]["total"]["insns"] > j["modes"][0]["total"]["insns"],
      "patched counts its stubs: %d %s" % (p.returncode, [m["total"] for m in j["modes"]]))
# compare --trace-dir: one trace per mode, which trace diff finds
# equivalent (native against xen and patched)
with tempfile.TemporaryDirectory() as d:
    p = subprocess.run([EMU, "compare", "--modes=native,xen,patched", "--kernel-dir=" + IVT, "--trace-dir=" + d,
                        "syscall", "5"], capture_output=True, text=True)
    check(p.returncode == 0, "compare --trace-dir: exit %d %s" % (p.returncode, p.stderr))
    for mo in ("xen", "patched"):
        q = subprocess.run([EMU, "trace", "diff", os.path.join(d, "native.trace"), os.path.join(d, mo + ".trace")],
                           capture_output=True, text=True)
        check(q.returncode == 0, "trace diff native %s: exit %d %s" % (mo, q.returncode, q.stderr[-300:]))
# trap mode diverges on the kernel workloads through the cover hole, and
# compare says so
p = subprocess.run([EMU, "compare", "--modes=native,trap", "--kernel-dir=" + IVT, "syscall"],
                   capture_output=True, text=True)
check(p.returncode == 1 and "the first hole with a different result is cover at" in p.stderr,
      "compare names trap mode's hole: %d %s" % (p.returncode, p.stderr))
# trap mode's hooks cost what they cost natively, per execution, in
# instructions (its run ends in the kernel's panic: read the key file)
with tempfile.TemporaryDirectory() as d:
    out = os.path.join(d, "t.ini")
    subprocess.run([EMU, "run", "--mode=trap", "--costs-out=" + out, NATIVE, "--", "syscall 20"],
                   capture_output=True, text=True)
    kf = configparser.ConfigParser()
    kf.read(out)
    trapped = hooks(kf)
native = hooks(costs(NATIVE, "syscall 20"))
check(n(trapped.get("RFI", {}), "execs") > 0, "trap mode ran no RFI hook")
for h, sec in trapped.items():
    e = n(sec, "execs")
    if e and h in native and n(native[h], "execs"):
        check(n(sec, "insns") * n(native[h], "execs") == n(native[h], "insns") * e,
              "trap %s: %d insns in %d execs, natively %d in %d" % (h, n(sec, "insns"), e,
                                                                     n(native[h], "insns"), n(native[h], "execs")))
# a difference is found: a xen kernel whose syscall line says "pid sUm"
with tempfile.TemporaryDirectory() as d:
    for name in ("kernel-native.elf", "kernel-xen.elf"):
        data = open(os.path.join(IVT, name), "rb").read()
        if name == "kernel-xen.elf":
            check(data.count(b"pid sum") >= 1, "the xen kernel holds 'pid sum'")
            data = data.replace(b"pid sum", b"pid sUm")
        open(os.path.join(d, name), "wb").write(data)
    p = subprocess.run([EMU, "compare", "--modes=native,xen", "--kernel-dir=" + d, "syscall", "5"],
                       capture_output=True, text=True)
    check(p.returncode == 1 and "native and xen differ: console output, line 1, byte 30" in p.stderr,
          "compare finds the console difference: %d %s" % (p.returncode, p.stderr))
    check("DIFFERENT" in p.stdout, "compare prints DIFFERENT")
print("costs: %d failures" % len(fails))
sys.exit(1 if fails else 0)
