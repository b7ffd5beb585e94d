#!/usr/bin/env python3
"""Traces (docs/trace-format.md): recording, reading back, diff, Perfetto
export, bad traces.  Every check compares a value the run fixes:

  trace_test.py workloads EMU IVT_DIR
      each kernel workload traced at level events: the trace's
      interruptions per vector equal --dump-state's counts, its console
      bytes are the run's stdout, its instruction count and exit status the
      run's; every hook entry has its exit; syscall: exactly 1002 Break
      entries and 1002 MOV_FROM_IIM executions;
  trace_test.py levels EMU IVT_DIR
      the fault workload at events, branches and insns: the same
      guest-visible events (trace diff exits 0) and hook counts at every
      level; at insns one event per retired instruction (those not
      flagged as faulting number exactly --dump-state's insns); the
      branches of level branches are those of level insns; dump lines =
      events; xen mode: retired instruction events + hyperprivops +
      emulated instructions = insns (fault), and untraced runs end in the
      traced runs' state (fault, tlbmiss);
  trace_test.py diff EMU IVT_DIR
      a copy of the kernel whose syscall line says "pid sUm": trace diff
      exits 1 and names the console byte 'u'/'U' at the index counted
      here from the dump of the original's trace; identical runs: 0;
  trace_test.py perfetto EMU IVT_DIR
      the export parses, every event has the trace-event fields, slices
      nest per thread, 1002 Break slices and one hook slice per hook exit;
  trace_test.py bad EMU IVT_DIR
      truncated, corrupt, trailing-data traces and a trace of another
      image: one line naming the file and the offset, exit status 2; an
      unwritable --trace leaves nothing.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from checks import check, failures




def run(emu, args, **kw):
    return subprocess.run([emu] + args, capture_output=True, timeout=300, **kw)


def record(emu, image, workload, trace, level="events", extra=()):
    dump = trace + ".json"
    p = run(emu, ["run", "--max-insns=200000000", "--trace=" + trace, "--trace-level=" + level,
                  "--dump-state=" + dump] + list(extra) + [image, "--", workload])
    with open(dump) as f:
        state = json.load(f)
    return p, state


def stats(emu, trace):
    p = run(emu, ["trace", "stats", trace])
    check(p.returncode == 0, "trace stats %s: status %d %s" % (trace, p.returncode, p.stderr))
    out = p.stdout.decode()
    s = {"vectors": {}, "hooks": {}}
    for ln in out.splitlines():
        m = re.match(r"vector (\d+): (\d+)$", ln)
        if m:
            s["vectors"][int(m.group(1))] = int(m.group(2))
            continue
        m = re.match(r"hook (\w+): executions (\d+), resumed (\d+), instructions (\d+)", ln)
        if m:
            s["hooks"][m.group(1)] = (int(m.group(2)), int(m.group(3)), int(m.group(4)))
            continue
        m = re.match(r"([a-z ]+|event \w+): ([\d.]+)$", ln)
        if m:
            s[m.group(1)] = float(m.group(2)) if "." in m.group(2) else int(m.group(2))
    return s


def workloads(emu, ivt):
    image = os.path.join(ivt, "kernel-native.elf")
    with tempfile.TemporaryDirectory() as tmp:
        for w in ("tlbmiss", "syscall", "timer", "ctxsw", "fault", "mixed"):
            trace = os.path.join(tmp, w + ".trc")
            p, state = record(emu, image, w, trace)
            check(p.returncode == 0, "%s: status %d" % (w, p.returncode))
            s = stats(emu, trace)
            want = {int(k): v for k, v in state["vectors"].items()}
            check(s["vectors"] == want, "%s: vectors in the trace %s, --dump-state %s" % (w, s["vectors"], want))
            check(s["instructions"] == state["insns"], "%s: %d instructions in the trace, %d run" %
                  (w, s["instructions"], state["insns"]))
            check(s["exit status"] == 0, "%s: exit status in the trace" % w)
            check(s["console bytes"] == len(p.stdout), "%s: %d console bytes, stdout %d" %
                  (w, s["console bytes"], len(p.stdout)))
            check(s["event HOOK_ENTER"] == s["event HOOK_EXIT"] and s["event HOOK_ENTER"] > 0,
                  "%s: %d hook entries, %d exits" % (w, s["event HOOK_ENTER"], s["event HOOK_EXIT"]))
            check(s["event INTR"] == sum(want.values()), "%s: INTR events" % w)
            # the console text: the dump's CONSOLE events, in order
            d = run(emu, ["trace", "dump", trace]).stdout.decode()
            text = "".join(json.loads(m.group(1)) for m in re.finditer(r" CONSOLE +(\".*\")$", d, re.M))
            check(text.encode() == p.stdout, "%s: console events %r, stdout %r" % (w, text[:60], p.stdout[:60]))
            if w == "syscall":
                check(s["vectors"].get(11) == 1002, "syscall: %s Break entries, expected 1002" % s["vectors"].get(11))
                check(s["hooks"].get("MOV_FROM_IIM", (0,))[0] == 1002,
                      "syscall: MOV_FROM_IIM executions %s, expected 1002" % (s["hooks"].get("MOV_FROM_IIM"),))
                # every execution runs its site's bundles once (a resumed
                # one continues where the interruption left it): 3
                # instructions per bundle
                bundles = {}
                for ln in run(emu, ["pvops", "sites", image]).stdout.decode().splitlines():
                    m = re.match(r" *\d+  (\w+) +0x[0-9a-f]+ .* (\d+)  ", ln)
                    if m:
                        bundles.setdefault(m.group(1), set()).add(int(m.group(2)))
                for h, (ex, res, ins) in s["hooks"].items():
                    check(len(bundles.get(h, ())) == 1 and ins == 3 * ex * min(bundles[h]),
                          "syscall: hook %s: %d instructions in %d executions (%d resumed), bundles %s" %
                          (h, ins, ex, res, bundles.get(h)))
            print("%-8s %d events, %d bytes, vectors and console as run" % (w, s["events"], s["bytes"]))


def levels(emu, ivt):
    image = os.path.join(ivt, "kernel-native.elf")
    with tempfile.TemporaryDirectory() as tmp:
        t = {}
        for lv in ("events", "branches", "insns"):
            t[lv] = os.path.join(tmp, lv + ".trc")
            p, state = record(emu, image, "fault", t[lv], lv)
            check(p.returncode == 0, "fault at %s: status %d %s" % (lv, p.returncode, p.stderr[-300:]))
            t[lv + "_state"] = state
        s = {lv: stats(emu, t[lv]) for lv in ("events", "branches", "insns")}
        for lv in ("branches", "insns"):
            d = run(emu, ["trace", "diff", t["events"], t[lv]])
            check(d.returncode == 0, "diff events %s: status %d\n%s" % (lv, d.returncode, d.stdout.decode()[-2000:]))
            check(s[lv]["hooks"] == s["events"]["hooks"], "hook counts at %s differ from events" % lv)
            check(t[lv + "_state"]["insns"] == t["events_state"]["insns"],
                  "the run at %s retired %d instructions, at events %d" %
                  (lv, t[lv + "_state"]["insns"], t["events_state"]["insns"]))
        check(s["branches"]["event BRANCH"] > 0, "no branches recorded")
        check(s["branches"]["event BRANCH"] == s["insns"]["event BRANCH"],
              "branches: %d at level branches, %d at insns" % (s["branches"]["event BRANCH"], s["insns"]["event BRANCH"]))
        dump = run(emu, ["trace", "dump", t["insns"]]).stdout.decode().splitlines()
        insn = [ln for ln in dump if " INSN " in ln]
        check(len(insn) == s["insns"]["event INSN"], "dump INSN lines %d, events %d" % (len(insn), s["insns"]["event INSN"]))
        retired = [ln for ln in insn if " fault " not in ln]
        check(len(retired) == t["insns_state"]["insns"], "%d instruction events not faulting, %d retired" %
              (len(retired), t["insns_state"]["insns"]))
        events_lines = [ln for ln in dump if re.match(r" *\d+  [A-Z_]+ ", ln)]
        check(len(events_lines) == s["insns"]["events"], "dump lines %d, events %d" % (len(events_lines), s["insns"]["events"]))
        # disassembly from the image, and values written
        check(any("->" in ln and re.search(r"r\d+=0x", ln) for ln in insn), "no values written in the dump")
        check(any(re.search(r"\bbr\.", ln) for ln in insn), "no disassembly in the dump")
        print("levels: %d events at events, %d at branches, %d at insns (%d instructions)" %
              (s["events"]["events"], s["branches"]["events"], s["insns"]["events"], t["insns_state"]["insns"]))
        xen_counts(emu, ivt, tmp)


def xen_counts(emu, ivt, tmp):
    """xen mode: what retires is an instruction event not faulting, or a
    hyperprivop's break or an emulated instruction (docs/hv.md, "Instruction
    counts"); the reference of a TLB miss the hypervisor satisfies is made
    again and retires once.  Untraced, such data misses are serviced where
    the reference is made (hv/hv.c): the state at the end is the traced
    run's."""
    image = os.path.join(ivt, "kernel-xen.elf")
    for workload, level in (("fault", "insns"), ("tlbmiss", "events")):
        trc = os.path.join(tmp, "xen-%s.trc" % workload)
        p, state = record(emu, image, workload, trc, level, ["--mode=xen", "--stats"])
        err = p.stderr.decode()
        check(p.returncode == 0, "xen %s traced: status %d %s" % (workload, p.returncode, err[-300:]))
        n = {k: int(re.search(r"\b%s\s+(\d+)" % k, err).group(1))
             for k in ("hyperprivops", "privop_faults", "miss_metaphysical", "miss_vtr", "vhpt_inserts")}
        check(n["miss_metaphysical"] + n["miss_vtr"] + n["vhpt_inserts"] > 0, "xen %s: no miss satisfied" % workload)
        if level == "insns":
            dump = run(emu, ["trace", "dump", trc]).stdout.decode().splitlines()
            retired = sum(1 for ln in dump if " INSN " in ln and " fault " not in ln)
            check(retired + n["hyperprivops"] + n["privop_faults"] == state["insns"],
                  "xen %s: %d retired instruction events + %d hyperprivops + %d emulated, insns %d" %
                  (workload, retired, n["hyperprivops"], n["privop_faults"], state["insns"]))
        plain = os.path.join(tmp, "xen-%s.json" % workload)
        q = run(emu, ["run", "--mode=xen", "--dump-state=" + plain, image, "--", workload])
        check(q.returncode == 0, "xen %s: status %d" % (workload, q.returncode))
        with open(plain) as f:
            check(json.load(f) == state, "xen %s: the state untraced differs from the traced run's" % workload)
        print("xen %s: %d instructions, %d misses satisfied" %
              (workload, state["insns"], n["miss_metaphysical"] + n["miss_vtr"] + n["vhpt_inserts"]))


def key_events(dump_text):
    """The guest-visible events of a dump, as trace diff counts them."""
    keys = []
    for ln in dump_text.splitlines():
        m = re.match(r" *(\d+)  (\w+) +(.*)$", ln)
        if not m:
            continue
        kind, rest = m.group(2), m.group(3)
        if kind == "HOOK_ENTER" and "(resumed)" not in rest:
            keys.append(("hook", rest.split()[1]))
        elif kind in ("INTR", "CALL", "END"):
            keys.append((kind, rest))
        elif kind == "CONSOLE":
            for ch in json.loads(rest):
                keys.append(("console", ch))
    return keys


def diff(emu, ivt):
    image = os.path.join(ivt, "kernel-native.elf")
    with tempfile.TemporaryDirectory() as tmp:
        data = open(image, "rb").read()
        needle = b"calls, pid sum "
        check(data.count(needle) == 1, "the syscall line's text is not in the image once")
        copy = os.path.join(tmp, "kernel-copy.elf")
        with open(copy, "wb") as f:
            f.write(data.replace(needle, b"calls, pid sUm "))
        a, b, a2 = (os.path.join(tmp, n) for n in ("a.trc", "b.trc", "a2.trc"))
        pa, _ = record(emu, image, "syscall", a)
        pb, _ = record(emu, copy, "syscall", b)
        record(emu, image, "syscall", a2)
        check(pb.stdout == pa.stdout.replace(b"sum", b"sUm"), "the copy's line: %r" % pb.stdout)
        same = run(emu, ["trace", "diff", a, a2])
        check(same.returncode == 0, "identical runs: diff status %d" % same.returncode)
        d = run(emu, ["trace", "diff", a, b])
        out = d.stdout.decode()
        check(d.returncode == 1, "diff of the copy: status %d" % d.returncode)
        keys = key_events(run(emu, ["trace", "dump", a]).stdout.decode())
        line = pa.stdout.decode()
        # the index of the console byte 'u' of "sum" among all the keys
        # (each byte's SSC PUTCHAR call is a key too)
        consoles = [i for i, k in enumerate(keys) if k[0] == "console"]
        want = consoles[line.index("sum") + 1]
        check(keys[want] == ("console", "u"), "counted key %r" % (keys[want],))
        m = re.search(r"first divergence at guest-visible event #(\d+): A console 'u' \(t=\d+\), B console 'U'", out)
        check(m is not None, "diff did not report the console byte: %s" % out[:600])
        if m:
            check(int(m.group(1)) == want, "divergence reported at #%s, counted #%d" % (m.group(1), want))
        check("MOV_FROM_IIM" in out and "per hook" in out, "no per-hook summary")
        print("diff: divergence at #%d, console 'u' / 'U'" % want)


def perfetto(emu, ivt):
    image = os.path.join(ivt, "kernel-native.elf")
    with tempfile.TemporaryDirectory() as tmp:
        trc, out = os.path.join(tmp, "s.trc"), os.path.join(tmp, "s.json")
        record(emu, image, "syscall", trc)
        s = stats(emu, trc)
        p = run(emu, ["trace", "export", "--perfetto", trc, out])
        check(p.returncode == 0, "export: status %d %s" % (p.returncode, p.stderr))
        with open(out) as f:
            doc = json.load(f)
        ev = doc["traceEvents"]
        check(isinstance(ev, list) and ev, "no traceEvents")
        for e in ev:
            ok = isinstance(e.get("name"), str) and e.get("ph") in ("X", "i", "M") and isinstance(e.get("pid"), int)
            if e["ph"] == "X":
                ok = ok and isinstance(e.get("ts"), int) and isinstance(e.get("dur"), int) and e["dur"] >= 0 \
                    and e.get("tid") in (1, 2)
            if e["ph"] == "i":
                ok = ok and e.get("s") == "t" and isinstance(e.get("ts"), int)
            if not ok:
                check(False, "bad trace event %r" % e)
                break
        breaks = [e for e in ev if e["ph"] == "X" and e["name"] == "Break Instruction (11)"]
        check(len(breaks) == 1002, "%d Break slices, expected 1002" % len(breaks))
        hooks = [e for e in ev if e["ph"] == "X" and e.get("cat") == "hook"]
        check(len(hooks) == s["event HOOK_EXIT"], "%d hook slices, %d exits" % (len(hooks), s["event HOOK_EXIT"]))
        for tid in (1, 2):
            sl = sorted((e["ts"], -e["dur"]) for e in ev if e["ph"] == "X" and e["tid"] == tid)
            stack = []
            for ts, nd in sl:
                end = ts - nd
                while stack and stack[-1] <= ts and not (stack[-1] == ts and end == ts):
                    stack.pop()
                if stack and end > stack[-1]:
                    check(False, "thread %d: slice [%d, %d] overlaps its parent ending at %d" % (tid, ts, end, stack[-1]))
                    break
                stack.append(end)
        print("perfetto: %d events, %d Break slices, %d hook slices" % (len(ev), len(breaks), len(hooks)))


def events_start(raw):
    """The offset of a trace's first event: past its header (docs/trace-format.md)."""
    pos = 8

    def u():
        nonlocal pos
        v, shift = 0, 0
        while True:
            b = raw[pos]
            pos += 1
            v |= (b & 0x7f) << shift
            shift += 7
            if not b & 0x80:
                return v
    for _ in range(5):                    # version, level, mode, system mode, image size
        u()
    pos += 32                             # SHA-256
    for _ in range(2):                    # image path, options
        n = u()
        pos += n
    for _ in range(u()):                  # sites: id, hook, bundles, address
        for _ in range(4):
            u()
    return pos


def bad(emu, ivt):
    image = os.path.join(ivt, "kernel-native.elf")
    with tempfile.TemporaryDirectory() as tmp:
        good = os.path.join(tmp, "good.trc")
        record(emu, image, "fault", good)
        data = open(good, "rb").read()

        def expect_bad(name, blob, args=("trace", "dump"), what="offset"):
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(blob)
            for cmd in (list(args) + [path], ["trace", "stats", path], ["trace", "diff", path, good],
                        ["trace", "export", "--perfetto", path, path + ".json"]):
                p = run(emu, cmd)
                err = p.stderr.decode().strip()
                check(p.returncode == 2, "%s: %s: status %d" % (name, cmd[1:3], p.returncode))
                check(len(err.splitlines()) == 1 and path in err and what in err,
                      "%s: %s: stderr %r" % (name, cmd[1:3], err))
                check(not os.path.exists(path + ".json"), "%s: export left %s.json" % (name, path))
        for cut in (0, 5, 8, 9, 60, len(data) // 2, len(data) - 1):
            expect_bad("cut%d.trc" % cut, data[:cut], what="offset" if cut >= 8 else "offset 0")
        expect_bad("trailing.trc", data + b"\x01")
        # sixteen 0xff bytes in the middle of the events
        mid = len(data) // 2
        expect_bad("corrupt.trc", data[:mid] + bytes([0xff] * 16) + data[mid + 16:])
        expect_bad("magic.trc", b"NOTATRACE" + data[9:])
        # a trace of another image
        p = run(emu, ["trace", "dump", "--image=" + os.path.join(ivt, "kernel-check.elf"), good])
        err = p.stderr.decode().strip()
        check(p.returncode == 2 and "another image" in err and len(err.splitlines()) == 1,
              "another image: status %d %r" % (p.returncode, err))
        check(run(emu, ["trace", "dump", "--no-image", good]).returncode == 0, "--no-image")
        # nothing left behind by a trace that cannot be written
        nodir = os.path.join(tmp, "missing", "x.trc")
        p = run(emu, ["run", "--trace=" + nodir, image, "--", "fault"])
        check(p.returncode == 2 and "x.trc" in p.stderr.decode(), "unwritable trace: status %d" % p.returncode)
        check(not os.path.exists(os.path.dirname(nodir)), "unwritable trace left something")
        # a run stopped by --max-insns still ends its trace
        cut = os.path.join(tmp, "max.trc")
        p = run(emu, ["run", "--max-insns=50000", "--trace=" + cut, image, "--", "mixed"])
        check(p.returncode == 124, "max-insns: status %d" % p.returncode)
        check(run(emu, ["trace", "stats", cut]).returncode == 0, "max-insns: the trace does not read back")
        check(not [n for n in os.listdir(tmp) if ".tmp." in n], "temporary files left: %s" % os.listdir(tmp))
        # INSN runs (docs/trace-format.md): a run of 0 or 4 instructions, a
        # slot record out of order
        ins = os.path.join(tmp, "insns.trc")
        record(emu, image, "fault", ins, level="insns", extra=("--max-insns=40",))
        raw = open(ins, "rb").read()
        at = events_start(raw)
        check(raw[at] == 12 and raw[at + 1] == 0, "insns: the first event is not an INSN run at count 0")
        pos = at + 2
        while raw[pos] & 0x80:             # the bundle address
            pos += 1
        count = pos + 1
        check(raw[count] >= 2, "insns: the first run has %d instructions" % raw[count])
        for n in (0, 4):
            expect_bad("run%d.trc" % n, raw[:count] + bytes([n]) + raw[count + 1:])
        # the first record's slot 0 becomes slot 1: the second (slot 1) is then out of order
        expect_bad("order.trc", raw[:count + 1] + bytes([raw[count + 1] | 1]) + raw[count + 2:])
        print("bad traces: truncated, corrupt, trailing data, bad magic, another image, bad INSN runs")


def main():
    what, emu, ivt = sys.argv[1], sys.argv[2], sys.argv[3]
    {"workloads": workloads, "levels": levels, "diff": diff, "perfetto": perfetto, "bad": bad}[what](emu, ivt)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
