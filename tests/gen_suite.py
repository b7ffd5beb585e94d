#!/usr/bin/env python3
"""Turns a guest program's header comments into a suite manifest
(docs/suite.md): each guest with expectations is an entry of the suite,
and its ctest (guest_NAME) runs that manifest.

usage: gen_suite.py GUEST.s OUT.ini

Header comments (lines starting with '//' before the first non-comment):
  // run: --mode=system --max-insns=1000      options for `ia64emu run`
                                              (--mode=X becomes [entry] mode)
  // args: a b c                              guest arguments
  // timeout: 300                             [entry] timeout in seconds
                                              (default: the suite's, 120)
  // expect-exit: 3                           exit status (default 0)
  // expect-stdin: text with \\n escapes      standard input, given as a file
                                              (written in full before the run:
                                              OUT's NAME.stdin)
  // expect-stdout: text with \\n escapes     exact standard output
  // expect-stdout-from: OTHER.s              the expect-stdout of OTHER.s (in the
                                              same directory): a second run of one
                                              program that must print the same
  // expect-stderr-contains: guest fault: unaligned
  // expect-state: gr[8]=0x5 nat[9]=true pr=0x... ar.bsp=0x... fr[2].exp=0x...
                                              values in the --dump-state JSON
                                              (the manifest's [state] keys:
                                              gr.8, nat.9, pr, ar.bsp, fr.2.exp)

The run options, args, stdin and stdout lines accumulate; a guest without
any expect- line gets no manifest (its CMake function adds none), and an
expect- line after the header is an error: it would be silently ignored.
The image is @BUILD@/guests/NAME.elf (the suite's --build is the build
directory).  A standard output other than printable ASCII, tabs and
newlines goes to a file beside the manifest (NAME.stdout, output-file).
"""
import os
import re
import shlex
import sys


class HeaderError(Exception):
    pass


def unescape(val):
    return val.encode().decode("unicode_escape")


def parse(src):
    """The header of the guest source SRC, as a dict."""
    hdr = {"run": [], "args": [], "timeout": None, "exit": 0, "stdin": None, "stdout": None, "stderr": [],
           "state": [], "expects": 0}
    with open(src) as f:
        lines = f.readlines()
    in_header = True
    for n, ln in enumerate(lines, 1):
        if not ln.startswith("//"):
            if ln.strip():
                in_header = False
            continue
        if not in_header:
            if ln.startswith("// expect-"):
                raise HeaderError("%s:%d: an expect- line after the header (the first non-comment line)" % (src, n))
            continue
        m = re.match(r"//\s*([\w-]+):\s?(.*)$", ln.rstrip("\n"))
        if not m:
            continue
        key, val = m.group(1), m.group(2)
        hdr["expects"] += key.startswith("expect-")
        if key == "run":
            hdr["run"] += shlex.split(val)
        elif key == "args":
            hdr["args"] += shlex.split(val)
        elif key == "timeout":
            hdr["timeout"] = int(val, 0)
            if hdr["timeout"] < 1:
                raise HeaderError("%s:%d: timeout must be a positive number of seconds" % (src, n))
        elif key == "expect-exit":
            hdr["exit"] = int(val, 0)
        elif key == "expect-stdin":
            hdr["stdin"] = (hdr["stdin"] or "") + unescape(val)
        elif key == "expect-stdout":
            hdr["stdout"] = (hdr["stdout"] or "") + unescape(val)
        elif key == "expect-stdout-from":
            with open(os.path.join(os.path.dirname(src), val.strip())) as other:
                for oln in other:
                    if oln.startswith("// expect-stdout: "):
                        hdr["stdout"] = (hdr["stdout"] or "") + unescape(oln.rstrip("\n")[len("// expect-stdout: "):])
        elif key == "expect-stderr-contains":
            hdr["stderr"].append(val)
        elif key == "expect-state":
            hdr["state"] += val.split()
        elif key.startswith("expect-"):
            raise HeaderError("%s:%d: unknown header line %s" % (src, n, key))
    return hdr


def kf_string(s):
    """S as a GLib key-file string value: escapes for the backslash and
    the control characters it knows, \\s for leading and trailing spaces."""
    out = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    lead = len(out) - len(out.lstrip(" "))
    out = "\\s" * lead + out[lead:]
    body = out.rstrip(" ")
    return body + "\\s" * (len(out) - len(body))


def kf_list(items, what):
    for it in items:
        if not it:
            raise HeaderError("%s: an empty item cannot be a key-file list item" % what)
    return ";".join(kf_string(it).replace(";", "\\;") for it in items)


def printable(s):
    return all(c in "\n\t" or " " <= c <= "~" for c in s)


def manifest(src, out_path):
    """The manifest text for SRC, and the side files {name: bytes} to
    write beside OUT_PATH; None when SRC states no expectations."""
    hdr = parse(src)
    if not hdr["expects"]:
        return None, {}
    name = os.path.splitext(os.path.basename(src))[0]
    stem = os.path.splitext(os.path.basename(out_path))[0]
    side = {}
    mode, options = None, []
    run = list(hdr["run"])
    i = 0
    while i < len(run):
        o = run[i]
        if o.startswith("--mode="):
            mode = o[len("--mode="):]
        elif o == "--mode" and i + 1 < len(run):
            mode = run[i + 1]
            i += 1
        elif o.startswith("--dump-state") or o.startswith("--trace"):
            raise HeaderError("%s: run option %s: the suite sets it itself" % (src, o))
        else:
            options.append(o)
        i += 1
    t = ["# Generated by tests/gen_suite.py from tests/guests/%s.s: edit the guest's header, not this file." % name,
         "[entry]", "image = @BUILD@/guests/%s.elf" % name]
    if mode:
        t.append("mode = %s" % mode)
    if hdr["args"]:
        t.append("args = %s" % kf_list(hdr["args"], src + ": args"))
    if options:
        t.append("options = %s" % kf_list(options, src + ": run"))
    if hdr["timeout"]:
        t.append("timeout = %d" % hdr["timeout"])
    if hdr["stdin"] is not None:
        # a file, not a pipe: the console interrupt of a system-mode guest
        # then sees the same input at the same instruction counts in every
        # run (docs/system.md)
        side[stem + ".stdin"] = hdr["stdin"].encode("latin-1")
        t.append("stdin = %s.stdin" % stem)
    t += ["", "[expect]", "exit = %d" % hdr["exit"]]
    if hdr["stdout"] is not None:
        if printable(hdr["stdout"]):
            t.append("output = %s" % kf_string(hdr["stdout"]))
        else:
            side[stem + ".stdout"] = hdr["stdout"].encode("latin-1")
            t.append("output-file = %s.stdout" % stem)
    if hdr["stderr"]:
        for s in hdr["stderr"]:
            if not printable(s):
                raise HeaderError("%s: expect-stderr-contains %r: not printable ASCII" % (src, s))
        t.append("stderr = %s" % kf_list(hdr["stderr"], src + ": expect-stderr-contains"))
    if hdr["state"]:
        state = {}
        for item in hdr["state"]:
            if "=" not in item:
                raise HeaderError("%s: expect-state %r is not PATH=VALUE" % (src, item))
            path, want = item.split("=", 1)
            key = re.sub(r"\[(\d+)\]", r".\1", path)
            if not re.fullmatch(r"[A-Za-z_][\w]*(\.\w+)*", key) or not want or not printable(want) or " " in want:
                raise HeaderError("%s: expect-state %r: not a state path and value" % (src, item))
            if key in state and state[key] != want:
                raise HeaderError("%s: expect-state %s given twice (%s, %s)" % (src, path, state[key], want))
            state[key] = want
        t += ["", "[state]"] + ["%s = %s" % kv for kv in state.items()]
    return "\n".join(t) + "\n", side


def write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: gen_suite.py GUEST.s OUT.ini\n")
        return 2
    src, out = sys.argv[1:3]
    try:
        text, side = manifest(src, out)
    except (HeaderError, ValueError, OSError) as e:
        sys.stderr.write("gen_suite.py: %s\n" % e)
        return 1
    if text is None:
        sys.stderr.write("gen_suite.py: %s: no expect- line in the header: no manifest\n" % src)
        return 1
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    for name, data in side.items():
        write(os.path.join(os.path.dirname(os.path.abspath(out)), name), data)
    write(out, text.encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
