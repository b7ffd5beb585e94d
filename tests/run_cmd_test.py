#!/usr/bin/env python3
"""`ia64emu run`: options, bad images, exit statuses, the state dump, and
guests that loop, jump wild, outgrow --mem or make unknown calls.

usage: run_cmd_test.py IA64EMU GUEST_DIR

GUEST_DIR is the build's guests/ directory (hello.elf, hello.o and the
ski_*.elf programs of tests/guests).  Each case checks the exit status,
what stderr says (one line for bad options and images, naming the file),
stdout where it matters, and that no sanitizer spoke.  Ends with the
line 'N passed, N failed'.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from cmd_cases import headers, le, sanitizer_spoke, summary, verdict, writer

HEX = re.compile(r"^0x[0-9a-f]+$")


def check_dump(path, problems):
    """The --dump-state format of issue 3, key by key."""
    try:
        with open(path) as f:
            d = json.load(f)
    except (OSError, ValueError) as e:
        problems.append("no JSON state dump: %s" % e)
        return
    for k in ("ip", "cfm", "psr", "pr"):
        if not isinstance(d.get(k), str) or not HEX.match(d[k]):
            problems.append("%s is not a lower-case 0x hex string: %r" % (k, d.get(k)))
    if not isinstance(d.get("slot"), int) or not 0 <= d["slot"] <= 2:
        problems.append("slot: %r" % d.get("slot"))
    if not isinstance(d.get("insns"), int) or d["insns"] <= 0:
        problems.append("insns: %r" % d.get("insns"))
    gr, nat = d.get("gr"), d.get("nat")
    if not isinstance(gr, list) or len(gr) != 128:
        problems.append("gr is not a list of 128")
    else:
        sof = int(d["cfm"], 16) & 0x7f
        for n, v in enumerate(gr):
            inside = n < 32 + sof
            if inside and not (isinstance(v, str) and HEX.match(v)):
                problems.append("gr[%d] = %r inside the frame" % (n, v))
                break
            if not inside and v is not None:
                problems.append("gr[%d] = %r outside the frame (sof %d), expected null" % (n, v, sof))
                break
        if gr[0] != "0x0":
            problems.append("gr[0] = %r" % gr[0])
    if not isinstance(nat, list) or len(nat) != 128 or not all(isinstance(x, bool) for x in nat):
        problems.append("nat is not a list of 128 booleans")
    br = d.get("br")
    if not isinstance(br, list) or len(br) != 8 or not all(isinstance(x, str) and HEX.match(x) for x in br):
        problems.append("br is not a list of 8 hex strings")
    ar = d.get("ar")
    want = ("rsc", "bsp", "bspstore", "rnat", "ccv", "unat", "fpsr", "itc", "pfs", "lc", "ec",
            "kr0", "kr7", "fcr", "eflag", "csd", "ssd", "cflg", "fsr", "fir", "fdr")
    if not isinstance(ar, dict):
        problems.append("ar is not an object")
    else:
        for k in want:
            if not isinstance(ar.get(k), str) or not HEX.match(ar[k]):
                problems.append("ar.%s: %r" % (k, ar.get(k)))
    fr = d.get("fr")
    if not isinstance(fr, list) or len(fr) != 128:
        problems.append("fr is not a list of 128")
    else:
        for n, f in enumerate(fr):
            if (not isinstance(f, dict) or set(f) != {"sign", "exp", "sig"} or f["sign"] not in (0, 1)
                    or not HEX.match(str(f["exp"])) or not HEX.match(str(f["sig"]))):
                problems.append("fr[%d] = %r" % (n, f))
                break
        else:
            if fr[1] != {"sign": 0, "exp": "0xffff", "sig": "0x8000000000000000"}:
                problems.append("fr[1] is not +1.0: %r" % fr[1])
            if fr[0] != {"sign": 0, "exp": "0x0", "sig": "0x0"}:
                problems.append("fr[0] is not +0.0: %r" % fr[0])


def main():
    emu, gdir = sys.argv[1], sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="ia64emu-run-")
    g = lambda name: os.path.join(gdir, name)  # noqa: E731
    with open(g("hello.elf"), "rb") as f:
        hello = f.read()

    make = writer(tmp)

    # hello.elf with its first PT_LOAD's file size pushed past the end
    def segment_past_end(elf):
        data = bytearray(elf)
        for h in headers(elf, 0x20, 0x36, 0x38):
            if le(elf, h, 4) == 1:   # PT_LOAD
                data[h + 0x20:h + 0x28] = (len(elf) + 0x10000).to_bytes(8, "little")
                data[h + 0x28:h + 0x30] = (len(elf) + 0x10000).to_bytes(8, "little")
                return bytes(data)
        raise SystemExit("no PT_LOAD in hello.elf")

    dump = os.path.join(tmp, "state.json")
    missing = os.path.join(tmp, "does-not-exist.elf")
    # (name, args, stdin, exit status, stderr words, one line naming this, stdout, extra check)
    cases = [
        # options
        ("no image", [], None, 2, "expected an IMAGE", None, None, None),
        ("unknown option", ["--bogus", g("hello.elf")], None, 2, "--bogus", None, None, None),
        ("--mem not a size", ["--mem=lots", g("hello.elf")], None, 2, "--mem=lots", None, None, None),
        ("--mem zero", ["--mem=0", g("hello.elf")], None, 2, "--mem=0", None, None, None),
        ("--mem bad suffix", ["--mem=12Q", g("hello.elf")], None, 2, "--mem=12Q", None, None, None),
        ("--max-insns negative", ["--max-insns=-5", g("hello.elf")], None, 2, "--max-insns", None, None, None),
        ("--max-insns not a number", ["--max-insns=many", g("hello.elf")], None, 2, "many", None, None, None),
        ("--mode unknown", ["--mode=kernel", g("hello.elf")], None, 2, "--mode=kernel", None, None, None),
        # images
        ("missing image", [missing], None, 2, "no such file", missing, None, None),
        ("empty image", [make("empty.elf", b"")], None, 2, "empty", "empty.elf", None, None),
        ("not ELF", [make("text.elf", b"#!/bin/sh\necho hi\n")], None, 2, "not an ELF file", "text.elf",
         None, None),
        ("truncated ELF", [make("trunc.elf", hello[:40])], None, 2, "truncated", "trunc.elf", None, None),
        ("not IA-64", [emu], None, 2, "not an IA-64", emu, None, None),
        ("relocatable object", [g("hello.o")], None, 2, "not an executable", "hello.o", None, None),
        ("segment past the file", [make("seg.elf", segment_past_end(hello))], None, 2, "does not fit the file",
         "seg.elf", None, None),
        ("image beyond --mem", ["--mem=8K", g("hello.elf")], None, 2, "does not fit in --mem", "hello.elf",
         None, None),
        # runs
        ("hello", [g("hello.elf")], None, 0, None, None, "hello from an IA-64 guest\n", None),
        ("--stats", ["--stats", g("hello.elf")], None, 0, "instructions/s", None, None, None),
        ("--dump-state", ["--dump-state=" + dump, g("hello.elf")], None, 0, None, None, None, "dump"),
        ("--dump-state unwritable", ["--dump-state=" + os.path.join(tmp, "no", "dir.json"), g("hello.elf")],
         None, 1, "cannot write", None, None, None),
        ("guest exit status", [g("ski_user.elf")], None, 3, None, None, "ski_user: hello, stdout\n", None),
        ("options after IMAGE go to the guest", [g("ski_args.elf"), "--mem=1", "-x"], None, 3, None, None,
         "--mem=1\n-x\n", None),
        ("--max-insns stops a loop", ["--max-insns=1000", "--dump-state=" + dump, g("ski_loop.elf")], None,
         124, "--max-insns", None, None, "insns"),
        ("wild jump", [g("ski_wild.elf")], None, 139, "guest fault", None, None, None),
        ("beyond --mem", ["--mem=256K", g("ski_mem.elf")], None, 137, "memory limit", None, None, None),
        ("unknown SSC call", [g("ski_badssc.elf")], None, 125, "unknown SSC call 99", None, None, None),
        ("SSC GETCHAR", [g("ski_echo.elf")], b"xyz", 3, None, None, "xyz", None),
        ("--mode=user on a system image", ["--mode=user", g("ski_system.elf")], None, 128 + 5,
         "break", None, None, None),
        ("unknown system call warns once", [g("ski_syscalls.elf")], None, 5, "system call 1065", None, None,
         "warn-once"),
    ]
    failed = 0
    for name, args, stdin, status, words, names, stdout, extra in cases:
        if os.path.exists(dump):
            os.remove(dump)
        # stdin from a file, never a pipe: a regular file is always ready,
        # so GETCHAR sees every byte however early the guest polls
        stdin_path = make("stdin.txt", stdin or b"")
        with open(stdin_path, "rb") as fin:
            p = subprocess.run([emu, "run"] + args, stdin=fin, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=120)
        out = p.stdout.decode(errors="replace")
        err = p.stderr.decode(errors="replace")
        lines = err.strip().splitlines()
        problems = []
        if p.returncode != status:
            problems.append("exit status %d, expected %d" % (p.returncode, status))
        if words and words not in err:
            problems.append("stderr does not say %r" % words)
        if names:
            if len(lines) != 1:
                problems.append("expected one line on stderr, got %d" % len(lines))
            elif names not in lines[0]:
                problems.append("the error does not name %s" % names)
        if status not in (0, 3, 5) and len(lines) == 0:
            problems.append("no message on stderr")
        if stdout is not None and out != stdout:
            problems.append("stdout %r, expected %r" % (out, stdout))
        if sanitizer_spoke(err):
            problems.append("sanitizer report")
        if extra == "dump":
            check_dump(dump, problems)
        elif extra == "insns":
            try:
                with open(dump) as f:
                    n = json.load(f)["insns"]
                if n != 1000:
                    problems.append("insns = %d after --max-insns=1000" % n)
            except (OSError, ValueError, KeyError) as e:
                problems.append("no state dump: %s" % e)
        elif extra == "warn-once":
            if err.count("system call 1065") != 1:
                problems.append("warned %d times about call 1065" % err.count("system call 1065"))
        print("%-40s %s | %s" % (name, verdict(problems), lines[0] if lines else ""))
        failed += bool(problems)
    shutil.rmtree(tmp, ignore_errors=True)
    return summary(len(cases), failed)


if __name__ == "__main__":
    sys.exit(main())
