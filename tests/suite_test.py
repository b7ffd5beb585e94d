#!/usr/bin/env python3
"""The suite runner (docs/suite.md) on scratch manifests:

  - a passing and a failing entry: exit status 1, one line each, the
    reasons named; --tap; --junit writes XML that parses, with one
    testcase per entry and one failure;
  - -j 2 gives the same lines;
  - --update-golden shows the difference, rewrites the failing entry, and
    the suite then passes;
  - malformed manifests: one line naming the file and the line, status 2;
  - timeouts: an endless guest with `timeout = 1` (and another under
    --timeout=1) is killed and fails, named, "timed out", within seconds;
  - [expect] stderr: a pass, and a failure naming the missing text;
  - coverage: every guest program with an expect- line (GUEST_SRC) has its
    generated manifest in SUITE_GUESTS, up to date with its header (each
    one runs as its own guest_NAME test, so none runs here).

usage: suite_test.py IA64EMU GUEST_DIR [GUEST_SRC SUITE_GUESTS]
"""
import glob
import os
import subprocess
import sys
import tempfile
import time
import xml.dom.minidom
from checks import check, failures

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_suite  # noqa: E402




def suite(emu, args):
    return subprocess.run([emu, "suite", "--no-progress"] + args, capture_output=True, text=True, timeout=300)


def main():
    emu, gdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    hello = os.path.join(gdir, "hello.elf")
    with tempfile.TemporaryDirectory() as tmp:
        d = os.path.join(tmp, "s")
        os.mkdir(d)
        with open(os.path.join(d, "a-pass.ini"), "w") as f:
            f.write("[entry]\nimage = %s\n\n[expect]\nexit = 0\noutput = hello from an IA-64 guest\\n\n" % hello)
        with open(os.path.join(d, "b-fail.ini"), "w") as f:
            f.write("# wrong on purpose\n[entry]\nimage = %s\n\n[expect]\nexit = 3\noutput = goodbye\\n\n"
                    "[state]\ninsns = 1\n" % hello)
        p = suite(emu, [d])
        lines = p.stdout.splitlines()
        check(p.returncode == 1, "failing suite: status %d" % p.returncode)
        check(len(lines) == 3 and lines[0].startswith("PASS  a-pass") and lines[1].startswith("FAIL  b-fail"),
              "lines: %r" % lines)
        check("exit status 0, expected 3" in p.stdout and 'expected "goodbye", got "hello from an IA-64 guest"'
              in p.stdout and "state insns" in p.stdout, "reasons: %r" % p.stdout)
        check(lines[-1].startswith("2 entries: 1 passed, 1 failed"), "summary: %r" % lines[-1:])
        pj = suite(emu, ["-j2", d])
        check(pj.stdout.splitlines()[:2] == [ln[:34] + pj.stdout.splitlines()[i][34:] for i, ln in
                                            enumerate(lines[:2])] and pj.returncode == 1, "-j2: %r" % pj.stdout)
        t = suite(emu, ["--tap", d])
        check(t.stdout.splitlines()[:4] == ["TAP version 13", "1..2", "ok 1 - a-pass", "not ok 2 - b-fail"],
              "tap: %r" % t.stdout)
        junit = os.path.join(tmp, "j.xml")
        j = suite(emu, ["--junit=" + junit, d])
        check(j.returncode == 1, "junit run: status %d" % j.returncode)
        try:
            doc = xml.dom.minidom.parse(junit)
            cases = doc.getElementsByTagName("testcase")
            fails = doc.getElementsByTagName("failure")
            check(len(cases) == 2 and len(fails) == 1 and cases[1].getAttribute("name") == "b-fail",
                  "junit: %d cases, %d failures" % (len(cases), len(fails)))
            ts = doc.getElementsByTagName("testsuite")[0]
            check(ts.getAttribute("tests") == "2" and ts.getAttribute("failures") == "1", "junit testsuite counts")
        except Exception as e:  # noqa: BLE001
            check(False, "junit XML does not parse: %s" % e)
        # --update-golden: the state check still fails, so drop it first
        with open(os.path.join(d, "b-fail.ini")) as f:
            text = f.read()
        with open(os.path.join(d, "b-fail.ini"), "w") as f:
            f.write(text.replace("[state]\ninsns = 1\n", ""))
        u = suite(emu, ["--update-golden", d])
        check(u.returncode == 1 and "--- " in u.stdout and "+++ " in u.stdout and "updated " in u.stdout,
              "update-golden: %r" % u.stdout[-500:])
        again = suite(emu, [d])
        check(again.returncode == 0, "after --update-golden: status %d %r" % (again.returncode, again.stdout))
        with open(os.path.join(d, "b-fail.ini")) as f:
            check("# wrong on purpose" in f.read(), "--update-golden lost the comment")
        check(not [n for n in os.listdir(d) if ".tmp." in n], "temporary files left")

        bad_cases = [
            ("nokv.ini", "[entry]\nimage = x\nthis is not a key\n", ":3:"),
            ("group.ini", "[entry]\nimage = x\n[expect]\nexit = 0\n[oops]\na = 1\n", ":5:"),
            ("key.ini", "[entry]\nimage = x\nimgae = y\n[expect]\nexit = 0\n", ":3:"),
            ("noimage.ini", "[entry]\nmode = user\n[expect]\nexit = 0\n", ":"),
            ("exit.ini", "[entry]\nimage = x\n[expect]\nexit = lots\n", ":4:"),
            ("vectors.ini", "[entry]\nimage = x\n[expect]\nexit = 0\nvectors = 11=3\n", ":5:"),
            ("mode.ini", "[entry]\nimage = x\nmode = kernel\n[expect]\nexit = 0\n", ":3:"),
            ("hook.ini", "[entry]\nimage = x\n[expect]\nexit = 0\n[hooks]\nNOT_A_HOOK = 3\n", ":6:"),
            ("noexit.ini", "[entry]\nimage = x\n[expect]\noutput = a\n", ":"),
            ("binary.ini", "[entry]\nimage = x\x00\n[expect]\nexit = 0\n", ":2:"),
            ("timeout0.ini", "[entry]\nimage = x\ntimeout = 0\n[expect]\nexit = 0\n", ":3:"),
            ("timeoutf.ini", "[entry]\nimage = x\n\ntimeout = 1.5\n[expect]\nexit = 0\n", ":4:"),
            ("timeoutx.ini", "[entry]\nimage = x\ntimeout = soon\n[expect]\nexit = 0\n", ":3:"),
            ("stderr.ini", "[entry]\nimage = x\n[expect]\nexit = 0\nstderr = a;;b\n", ":5:"),
        ]
        for name, text, where in bad_cases:
            path = os.path.join(tmp, name)
            with open(path, "w") as f:
                f.write(text)
            p = suite(emu, [path])
            err = p.stderr.strip()
            check(p.returncode == 2 and len(err.splitlines()) == 1 and (path + where) in err,
                  "%s: status %d, stderr %r" % (name, p.returncode, err))
        p = suite(emu, ["--timeout=0", os.path.join(d, "a-pass.ini")])
        check(p.returncode == 2 and "--timeout" in p.stderr, "--timeout=0: %d %r" % (p.returncode, p.stderr))

        # timeouts: ski_loop for ever (--max-insns far beyond a second)
        loop = os.path.join(gdir, "ski_loop.elf")
        td = os.path.join(tmp, "t")
        os.mkdir(td)
        with open(os.path.join(td, "loop-entry.ini"), "w") as f:
            f.write("[entry]\nimage = %s\noptions = --max-insns=1000000000000000\ntimeout = 1\n\n"
                    "[expect]\nexit = 124\n" % loop)
        with open(os.path.join(td, "loop-option.ini"), "w") as f:
            f.write("[entry]\nimage = %s\noptions = --max-insns=1000000000000000\n\n[expect]\nexit = 124\n" % loop)
        t0 = time.monotonic()
        p = suite(emu, ["-j2", "--timeout=1", td])
        secs = time.monotonic() - t0
        lines = p.stdout.splitlines()
        check(p.returncode == 1 and secs < 8, "timeout: status %d after %.1f s" % (p.returncode, secs))
        check(len(lines) == 3 and lines[0].startswith("FAIL  loop-entry") and lines[1].startswith("FAIL  loop-option")
              and all("timed out after 1 s" in ln for ln in lines[:2]), "timeout lines: %r" % p.stdout)
        # the entry's own timeout wins over --timeout
        t0 = time.monotonic()
        p = suite(emu, ["--timeout=100", os.path.join(td, "loop-entry.ini")])
        check(p.returncode == 1 and "timed out after 1 s" in p.stdout and time.monotonic() - t0 < 8,
              "[entry] timeout under --timeout=100: %r" % p.stdout)

        # [expect] stderr: texts the run's stderr must contain
        sd = os.path.join(tmp, "e")
        os.mkdir(sd)
        base = ("[entry]\nimage = %s\noptions = --max-insns=5000\n\n[expect]\nexit = 124\n" % loop)
        with open(os.path.join(sd, "a-stderr.ini"), "w") as f:
            f.write(base + "stderr = stopped after 5000 instructions;\\s(--max-insns)\n")
        with open(os.path.join(sd, "b-stderr.ini"), "w") as f:
            f.write(base + "stderr = stopped after 5000 instructions;no such text\\; at all\n")
        p = suite(emu, [sd])
        lines = p.stdout.splitlines()
        check(p.returncode == 1 and len(lines) == 3 and lines[0].startswith("PASS  a-stderr")
              and lines[1].startswith("FAIL  b-stderr") and lines[1].endswith('stderr lacks "no such text; at all"'),
              "stderr: %r" % p.stdout)

    # coverage: every guest with expectations is a suite entry
    if len(sys.argv) > 4:
        src_dir, man_dir = sys.argv[3:5]
        n = 0
        for src in sorted(glob.glob(os.path.join(src_dir, "*.s"))):
            with open(src) as f:
                if not any(ln.startswith("// expect-") for ln in f):
                    continue
            n += 1
            name = os.path.splitext(os.path.basename(src))[0]
            ini = os.path.join(man_dir, name + ".ini")
            if not os.path.exists(ini):
                check(False, "guest %s has no suite manifest %s" % (name, ini))
                continue
            text, side = gen_suite.manifest(src, ini)
            with open(ini) as f:
                check(f.read() == text, "%s is not what tests/gen_suite.py makes of %s now" % (ini, src))
            for fn, data in side.items():
                with open(os.path.join(man_dir, fn), "rb") as f:
                    check(f.read() == data, "%s differs from %s's header" % (fn, src))
        check(n >= 60, "only %d guests with expectations in %s" % (n, src_dir))
        print("%d guests with expectations, each with its manifest" % n)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
