#!/usr/bin/env python3
"""Bad input to `ia64emu disasm` and `ia64emu run`: each case must give a one-line error that
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


def phdrs(elf):
    return headers(elf, 0x20, 0x36, 0x38)


def first_load(elf):
    for h in phdrs(elf):
        if le(elf, h, 4) == 1:   # PT_LOAD
            return h
    raise SystemExit("no PT_LOAD in the sample ELF")


def patched(elf, edits):
    """ELF with EDITS, (offset, size, value) triples, applied."""
    data = bytearray(elf)
    for off, size, value in edits:
        data[off:off + size] = value.to_bytes(size, "little")
    return bytes(data)


def second_load_overlapping(elf):
    """A copy of the first PT_LOAD header in the next header slot, shifted
    by one page: two segments that overlap."""
    h = first_load(elf)
    size = le(elf, 0x36, 2)
    others = [x for x in phdrs(elf) if x != h]
    if not others:
        raise SystemExit("the sample ELF has a single program header")
    slot = others[0]
    data = bytearray(elf)
    data[slot:slot + size] = elf[h:h + size]
    vaddr = le(elf, h + 0x10, 8) + 0x1000
    data[slot + 0x10:slot + 0x18] = vaddr.to_bytes(8, "little")
    data[slot + 0x18:slot + 0x20] = vaddr.to_bytes(8, "little")
    data[slot + 0x20:slot + 0x28] = (0).to_bytes(8, "little")   # no file bytes
    return bytes(data)


def run_cases(emu, elf, make):
    """Bad images for `ia64emu run`: (what, args, words that name the field)."""
    h = first_load(elf)
    hoff = "offset 0x%x" % h
    no_load = patched(elf, [(x, 4, 4) for x in phdrs(elf) if le(elf, x, 4) == 1])  # PT_LOAD -> PT_NOTE
    return [
        ("run: overlapping segments", [make("overlap.elf", second_load_overlapping(elf))], "overlaps"),
        ("run: enormous p_memsz", [make("memsz.elf", patched(elf, [(h + 0x28, 8, 1 << 62)]))], "p_memsz"),
        ("run: p_memsz wraps", [make("wrap.elf", patched(elf, [(h + 0x28, 8, (1 << 64) - 16)]))], "wraps"),
        ("run: p_filesz > p_memsz", [make("filesz.elf", patched(elf, [(h + 0x28, 8, 8)]))],
         "p_filesz"),
        ("run: segment beyond the file", [make("beyond.elf", patched(elf, [(h + 0x08, 8, len(elf))]))],
         hoff),
        ("run: wrong machine", [make("machine.elf", patched(elf, [(0x12, 2, 62)]))], "e_machine 62"),
        ("run: wrong class", [make("class.elf", patched(elf, [(4, 1, 1)]))], "EI_CLASS 1"),
        ("run: big-endian", [make("endian.elf", patched(elf, [(5, 1, 2)]))], "EI_DATA 2"),
        ("run: no PT_LOAD", [make("noload.elf", no_load)], "no loadable segments"),
        ("run: truncated", [make("trunc.elf", elf[:0x30])], "truncated"),
    ]


def dump_is_atomic(emu, elf, tmp):
    """--dump-state goes through a temporary file renamed into place: after
    a run the directory holds the dump and nothing else; an unwritable
    path leaves nothing behind."""
    problems = []
    d = os.path.join(tmp, "dumpdir")
    os.mkdir(d)
    dump = os.path.join(d, "state.json")
    p = subprocess.run([emu, "run", "--dump-state=" + dump, elf], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        problems.append("run exit status %d" % p.returncode)
    if sorted(os.listdir(d)) != ["state.json"]:
        problems.append("directory holds %r" % sorted(os.listdir(d)))
    os.chmod(d, 0o500)
    try:
        p = subprocess.run([emu, "run", "--dump-state=" + os.path.join(d, "other.json"), elf],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if os.geteuid() != 0 and p.returncode != 1:
            problems.append("unwritable dump: exit status %d" % p.returncode)
        left = [x for x in os.listdir(d) if x != "state.json" and not (os.geteuid() == 0 and x == "other.json")]
        if left:
            problems.append("left behind %r" % left)
    finally:
        os.chmod(d, 0o700)
    print("%-28s %s" % ("--dump-state is atomic", verdict(problems)))
    return bool(problems)


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
    cases = [(w, a, x, "disasm") for w, a, x in cases] + \
        [(w, a, x, "run") for w, a, x in run_cases(emu, elf, make)]
    failed = 0
    for what, args, words, cmd in cases:
        p = subprocess.run([emu, cmd] + args, stdout=subprocess.PIPE,
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
    failed += dump_is_atomic(emu, good, tmp)
    return summary(len(cases) + 1, failed)


if __name__ == "__main__":
    sys.exit(main())
