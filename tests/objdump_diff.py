#!/usr/bin/env python3
"""Differential test: ia64emu disasm against ia64-linux-gnu-objdump.

  objdump_diff.py random --emu build/ia64emu [--count N] [--seed S]
                  [--focus TYPE[:OP]] [--show K] [--expect FILE]
      Random bundles, compared line by line.  --focus makes one slot of
      every bundle an instruction of TYPE (A I M B F X), with major opcode
      OP if given, so a unit's encodings can be studied on their own.

  objdump_diff.py elf --emu build/ia64emu FILE [--show K] [--expect FILE]
      One ELF file, compared line by line.

Only instruction lines ("ADDR:<tab>...") are compared.  --expect names a
file of known objdump differences (see tests/objdump-known.txt); each
line holds three tab-separated fields: a regular expression for
objdump's line, one for ours, and the SDM reference that shows objdump is
wrong; a difference that no line explains fails the test.  Exits 0 when the
outputs agree apart from that list, 1 otherwise.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile

OBJDUMP = os.environ.get("IA64_OBJDUMP", "ia64-linux-gnu-objdump")
LINE = re.compile(r"^\s*([0-9a-f]+):\t(.*)$")

# Template units, as SDM vol. 3 table 3-10 gives them (4-bit template).
TEMPLATES = {0: "MII", 1: "MII", 2: "MLX", 4: "MMI", 5: "MMI", 6: "MFI",
             7: "MMF", 8: "MIB", 9: "MBB", 11: "BBB", 12: "MMB", 14: "MFB",
             15: None, 3: None, 10: None, 13: None}


def insn_lines(text):
    out = []
    for ln in text.splitlines():
        m = LINE.match(ln)
        if m:
            out.append((int(m.group(1), 16), m.group(2).rstrip()))
    return out


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        sys.stderr.write("%s failed (%d): %s\n" % (" ".join(cmd), p.returncode, p.stderr.strip()))
        sys.exit(2)
    return p.stdout


def make_bundle(rng, focus):
    b = rng.getrandbits(128)
    if not focus:
        return b
    typ, op = focus
    if typ == "*":
        typ = rng.choice("AIMBFX")
    choices = []
    for t, units in TEMPLATES.items():
        if not units:
            continue
        for s, u in enumerate(units):
            if typ == "A" and u in "MI" or typ == u or (typ == "X" and u == "X"):
                choices.append((t, s))
    t, s = rng.choice(choices)
    b = (b & ~(0xF << 1)) | (t << 1)
    if op is None:
        op = rng.randrange(8, 16) if typ == "A" else (rng.randrange(0, 8) if typ in "IM" else rng.randrange(16))
    shift = 5 + 41 * s + 37
    b = (b & ~(0xF << shift)) | (op << shift)
    return b


def slot_type(bundle, line):
    """Instruction type of line LINE of a bundle, as the decoder sees it."""
    units = TEMPLATES[(bundle >> 1) & 0xF]
    if not units:
        return "-"
    s = 2 if (units == "MLX" and line == 1) else line
    slot = (bundle >> (5 + 41 * s)) & ((1 << 41) - 1)
    u = units[s]
    if u in "MI" and (slot >> 37) >= 8:
        return "A"
    return u


def compare(ours, theirs, show, expect, only=None, bundles=None):
    a, b = insn_lines(ours), insn_lines(theirs)
    if only and bundles is not None:
        keep = lambda addr: slot_type(bundles[addr // 16], (addr % 16) // 6) in only
        a = [x for x in a if keep(x[0])]
        b = [x for x in b if keep(x[0])]
    diffs = []
    if len(a) != len(b):
        diffs.append(("line count", "ours %d" % len(a), "objdump %d" % len(b)))
    for (x, la), (y, lb) in zip(a, b):
        if x != y or la != lb:
            diffs.append(("%x" % y, la, lb))
    rules = []
    if expect:
        with open(expect) as f:
            for ln in f:
                if ln.strip() and not ln.startswith("#"):
                    theirs_re, ours_re, why = ln.rstrip("\n").split("\t")
                    rules.append((re.compile(theirs_re), re.compile(ours_re), why))
    unexplained = []
    for d in diffs:
        if not any(r[0].fullmatch(d[2]) and r[1].fullmatch(d[1]) for r in rules):
            unexplained.append(d)
    for d in unexplained[:show]:
        print("at %s:\n  ours:    %s\n  objdump: %s" % d)
    print("%d lines compared, %d differences, %d unexplained" % (len(b), len(diffs), len(unexplained)))
    return 0 if not unexplained else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["random", "elf"])
    ap.add_argument("file", nargs="?")
    ap.add_argument("--emu", required=True)
    ap.add_argument("--count", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--focus")
    ap.add_argument("--focus-all", action="store_true",
                    help="like --focus with a random type for each bundle")
    ap.add_argument("--only", help="compare only slots of these types, e.g. AI")
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("--expect")
    ap.add_argument("--keep", help="write the random bundles to this file")
    args = ap.parse_intermixed_args()

    if args.mode == "elf":
        ours = run([args.emu, "disasm", args.file])
        theirs = run([OBJDUMP, "-d", "-z", "--no-show-raw-insn", args.file])
        return compare(ours, theirs, args.show, args.expect)

    focus = ("*", None) if args.focus_all else None
    if args.focus:
        typ, _, op = args.focus.partition(":")
        focus = (typ, int(op, 0) if op else None)
    rng = random.Random(args.seed)
    bundles = [make_bundle(rng, focus) for _ in range(args.count)]
    data = b"".join(x.to_bytes(16, "little") for x in bundles)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or os.path.join(tmp, "bundles.bin")
        with open(path, "wb") as f:
            f.write(data)
        ours = run([args.emu, "disasm", "--raw", path])
        theirs = run([OBJDUMP, "-D", "-b", "binary", "-m", "ia64-elf64", "-z",
                      "--no-show-raw-insn", path])
    return compare(ours, theirs, args.show, args.expect, args.only, bundles)


if __name__ == "__main__":
    sys.exit(main())
