#!/usr/bin/env python3
"""The coverage corpus test.

usage: corpus_test.py GEN_CORPUS IA64EMU AS OUTDIR KNOWN

1. gen_corpus writes one bundle per table entry as assembly.
2. GNU as assembles it.  An entry whose line it refuses gets other random
   operands (up to eight draws); one it refuses every time (a form GNU as
   will not assemble, such as hint.b) is written as raw data, and listed.
3. gen_corpus check: every table entry is decoded from the object file.
4. ia64emu disasm and objdump agree on every line of it.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    gen, emu, gas, out, known = sys.argv[1:6]
    os.makedirs(out, exist_ok=True)
    src, obj = os.path.join(out, "corpus.s"), os.path.join(out, "corpus.o")
    overrides = {}
    for attempt in range(10):
        args = [gen, "emit", "1"] + ["%d=%s" % kv for kv in sorted(overrides.items())]
        with open(src, "w") as f:
            if subprocess.run(args, stdout=f).returncode != 0:
                print("gen_corpus emit failed")
                return 1
        p = subprocess.run([gas, "-x", src, "-o", obj], stderr=subprocess.PIPE, text=True)
        errors = [int(m.group(1)) for m in re.finditer(r":(\d+): Error:", p.stderr)]
        if not errors:
            break
        with open(src) as f:
            lines = f.read().splitlines()
        for ln in errors:
            for k in range(ln - 1, -1, -1):
                m = re.search(r"// entry (\d+):", lines[k])
                if m:
                    e = int(m.group(1))
                    cur = overrides.get(e, 0)
                    overrides[e] = "raw" if cur == "raw" or cur >= 8 else cur + 1
                    break
    else:
        print("GNU as still refuses the corpus:\n" + p.stderr)
        return 1
    raw = sorted(e for e, v in overrides.items() if v == "raw")
    with open(src) as f:
        entries = sum(1 for ln in f if "// entry " in ln)
    print("corpus: %d entries, %d redrawn, %d written as raw data (GNU as does not accept their text):"
          % (entries, len(overrides) - len(raw), len(raw)))
    with open(src) as f:
        for ln in f:
            if "raw: GNU as does not accept" in ln:
                print("  " + ln.split("// ", 1)[1].strip())
    rc = subprocess.run([gen, "check", obj]).returncode
    if rc != 0:
        print("the corpus does not exercise every table entry")
        return 1
    rc = subprocess.run([sys.executable, os.path.join(HERE, "objdump_diff.py"), "elf", "--emu", emu,
                         obj, "--expect", known]).returncode
    return rc


if __name__ == "__main__":
    sys.exit(main())
