#!/usr/bin/env python3
"""Bad input to `ia64emu disasm`: each case must give a one-line error that
names the file, exit status 2, and no sanitizer report.

usage: bad_input.py IA64EMU GOOD.elf
"""
import os
import subprocess
import sys
import tempfile

from cmd_cases import headers, le, sanitizer_spoke, summary, verdict, writer


def section_past_end(elf):
    """ELF64 with the first SHT_PROGBITS section's data moved past the end."""
    data = bytearray(elf)
    for h in headers(elf, 0x28, 0x3a, 0x3c)[1:]:
        if le(elf, h + 4, 4) == 1:   # SHT_PROGBITS
            data[h + 0x18:h + 0x20] = (len(elf) + 0x1000).to_bytes(8, "little")
            return bytes(data)
    raise SystemExit("no PROGBITS section in the sample ELF")


def main():
    emu, good = sys.argv[1], sys.argv[2]
    with open(good, "rb") as f:
        elf = f.read()
    tmp = tempfile.mkdtemp(prefix="ia64emu-bad-")
    make = writer(tmp)
    shoff = le(elf, 0x28, 8)
    cases = [
        ("missing file", [os.path.join(tmp, "does-not-exist.elf")], "no such file"),
        ("empty file", [make("empty.elf", b"")], "empty"),
        ("truncated ELF header", [make("trunc-header.elf", elf[:40])], "truncated"),
        ("truncated section headers", [make("trunc-shdr.elf", elf[:shoff + 10])], "truncated"),
        ("section outside the file", [make("bad-section.elf", section_past_end(elf))], "outside the file"),
        ("not ELF", [make("text.elf", b"this is not an ELF file\n")], "not an ELF file"),
        ("not IA-64", [emu], "not an IA-64"),
        ("raw not a multiple of 16", ["--raw", make("odd.bin", b"\0" * 17)], "multiple of 16"),
        ("raw missing", ["--raw", os.path.join(tmp, "nothing.bin")], "no such file"),
        ("raw empty", ["--raw", make("empty.bin", b"")], "empty"),
    ]
    failed = 0
    for what, args, words in cases:
        p = subprocess.run([emu, "disasm"] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        path = args[-1]
        err = p.stderr.strip().splitlines()
        problems = []
        if p.returncode != 2:
            problems.append("exit status %d, expected 2" % p.returncode)
        if len(err) != 1:
            problems.append("expected one line on stderr, got %d" % len(err))
        elif path not in err[0]:
            problems.append("the error does not name the file")
        elif words and words not in err[0]:
            problems.append("the error does not say %r" % words)
        if sanitizer_spoke(p.stderr):
            problems.append("sanitizer report")
        print("%-28s %s | %s" % (what, verdict(problems), err[0] if err else ""))
        failed += bool(problems)
    return summary(len(cases), failed)


if __name__ == "__main__":
    sys.exit(main())
