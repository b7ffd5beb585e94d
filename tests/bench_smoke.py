#!/usr/bin/env python3
"""The benchmark suite's smoke test (CI runs no timed test): `bench/run
--smoke --json` must run every program and print JSON with a result for
each; and the guest kernel's workloads take the count the suite gives them.

  bench_smoke.py SOURCE_DIR BUILD_DIR
"""
import json
import os
import subprocess
import sys
from checks import check, failures as fails

src, build = sys.argv[1], sys.argv[2]



p = subprocess.run([sys.executable, os.path.join(src, "bench", "run"), "--smoke", "--json",
                    "--build", build], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                   timeout=300)
check(p.returncode == 0, "bench/run --smoke: status %d: %s" % (p.returncode, p.stderr.strip()))
try:
    res = json.loads(p.stdout)
except ValueError as e:
    res = {}
    check(False, "bench/run --smoke --json: not JSON (%s)" % e)
ex = res.get("exec", {})
want = ["intloop", "callloop", "deepcall", "ldstloop", "swploop", "fmaloop", "native/syscall",
        "native/tlbmiss", "native/mixed", "xen/syscall", "xen/tlbmiss", "xen/mixed", "sparse"]
check(list(ex) == want, "programs %s, expected %s" % (list(ex), want))
for name, r in ex.items():
    if name.startswith("xen/") and "guest_insns" not in r:
        check(r.get("note", "").startswith("skipped"), "%s: neither run nor skipped" % name)
        continue
    check(isinstance(r.get("guest_insns"), int) and r["guest_insns"] > 0, "%s: no guest insns" % name)
    check(isinstance(r.get("peak_rss_kib"), int) and r["peak_rss_kib"] > 0, "%s: no peak RSS" % name)
pc = res.get("predecode_cache", {})
check(pc.get("pcache_entries", 0) > 0 and pc.get("pcache_bytes", 0) > 0, "no predecode cache size")

# The kernel's workload counts: "syscall N", "tlbmiss N"; the output of the
# default (no count) is the tests' (ivt_kernel_test.py).
kernel = os.path.join(build, "ivt", "kernel-native.elf")
for args, line in ((["syscall", "7"], "syscall: 7 getpid calls, pid sum 7"),
                   (["tlbmiss", "3"], "tlbmiss: 192 pages x 3 passes, checksum ")):
    q = subprocess.run([os.path.join(build, "ia64emu"), "run", kernel, "--"] + args,
                       stdout=subprocess.PIPE, text=True, timeout=120)
    check(q.returncode == 0 and q.stdout.startswith(line), "%s: %r (status %d)" % (args, q.stdout,
                                                                                  q.returncode))
print("bench smoke: %s" % ("FAILED" if fails else "ok"))
sys.exit(1 if fails else 0)
