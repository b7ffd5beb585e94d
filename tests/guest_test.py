#!/usr/bin/env python3
"""Runs one guest program and checks what its header comments expect.

usage: guest_test.py IA64EMU GUEST.s GUEST.elf

Header comments (lines starting with '//' before the first non-comment):
  // run: --mode=system --max-insns=1000      options for `ia64emu run`
  // args: a b c                              guest arguments
  // expect-exit: 3                           exit status (default 0)
  // expect-stdin: text with \\n escapes      standard input, given as a file
                                              (written in full before the run)
  // expect-stdout: text with \\n escapes     exact standard output
  // expect-stdout-from: OTHER.s              the expect-stdout of OTHER.s (in the
                                              same directory): a second run of one
                                              program that must print the same
  // expect-stderr-contains: guest fault: unaligned
  // expect-state: gr[8]=0x5 nat[9]=true pr=0x... ar.bsp=0x... fr[2].exp=0x...
                                              values in the --dump-state JSON
"""
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile


def lookup(state, path):
    cur = state
    for part in re.findall(r"[A-Za-z_]\w*|\[\d+\]", path):
        if part.startswith("["):
            cur = cur[int(part[1:-1])]
        else:
            cur = cur[part]
    return cur


def norm(v):
    """Booleans and null as JSON spells them; numbers (JSON integers, hex
    strings, or decimal or hex in the header) as one canonical hex form."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, int):
        return hex(v)
    try:
        return hex(int(str(v), 0))
    except ValueError:
        return str(v)


def main():
    emu, src, elf = sys.argv[1:4]
    hdr = {"run": [], "args": [], "exit": 0, "stdin": None, "stdout": None, "stderr": [], "state": []}
    with open(src) as f:
        for ln in f:
            if not ln.startswith("//"):
                if ln.strip():
                    break
                continue
            m = re.match(r"//\s*([\w-]+):\s?(.*)$", ln.rstrip("\n"))
            if not m:
                continue
            key, val = m.group(1), m.group(2)
            if key == "run":
                hdr["run"] += shlex.split(val)
            elif key == "args":
                hdr["args"] += shlex.split(val)
            elif key == "expect-exit":
                hdr["exit"] = int(val, 0)
            elif key == "expect-stdin":
                hdr["stdin"] = (hdr["stdin"] or "") + val.encode().decode("unicode_escape")
            elif key == "expect-stdout":
                hdr["stdout"] = (hdr["stdout"] or "") + val.encode().decode("unicode_escape")
            elif key == "expect-stdout-from":
                with open(os.path.join(os.path.dirname(src), val.strip())) as other:
                    for oln in other:
                        if oln.startswith("// expect-stdout: "):
                            hdr["stdout"] = (hdr["stdout"] or "") + \
                                oln.rstrip("\n")[len("// expect-stdout: "):].encode().decode("unicode_escape")
            elif key == "expect-stderr-contains":
                hdr["stderr"].append(val)
            elif key == "expect-state":
                hdr["state"] += val.split()
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "state.json")
        cmd = [emu, "run", "--dump-state=" + dump] + hdr["run"] + [elf] + hdr["args"]
        stdin = None
        if hdr["stdin"] is not None:
            # a file, not a pipe: the console interrupt of a system-mode
            # guest then sees the same input at the same instruction
            # counts in every run (docs/system.md)
            path = os.path.join(tmp, "stdin")
            with open(path, "wb") as f:
                f.write(hdr["stdin"].encode("latin-1"))
            stdin = open(path, "rb")
        try:
            p = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=120)
        finally:
            if stdin:
                stdin.close()
        out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        problems = []
        if p.returncode != hdr["exit"]:
            problems.append("exit status %d, expected %d" % (p.returncode, hdr["exit"]))
        if hdr["stdout"] is not None and out != hdr["stdout"]:
            problems.append("stdout %r, expected %r" % (out, hdr["stdout"]))
        for s in hdr["stderr"]:
            if s not in err:
                problems.append("stderr lacks %r" % s)
        if "Sanitizer" in err or "runtime error" in err:
            problems.append("sanitizer report")
        checked = 0
        if hdr["state"]:
            try:
                with open(dump) as f:
                    state = json.load(f)
            except (OSError, ValueError) as e:
                problems.append("no state dump: %s" % e)
                state = None
            for item in hdr["state"] if state else []:
                path, want = item.split("=", 1)
                try:
                    got = norm(lookup(state, path))
                except (KeyError, IndexError, TypeError):
                    problems.append("%s: not in the state dump" % path)
                    continue
                if got != norm(want):
                    problems.append("%s = %s, expected %s" % (path, got, want))
                checked += 1
    print(" ".join(shlex.quote(x) for x in cmd))
    if err.strip():
        print("stderr: " + err.strip())
    for pr in problems:
        print("FAIL: " + pr)
    print("%s: exit %d, %d state values checked: %s" % (os.path.basename(src), p.returncode, checked,
                                                        "ok" if not problems else "FAILED"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
