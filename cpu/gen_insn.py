#!/usr/bin/env python3
"""Compile cpu/insn.tbl, the one description of every IA-64 encoding, into C.

Usage: gen_insn.py OUT.c OUT.h TABLE...

The table syntax is documented at the top of insn.tbl.  Everything the
decoder, the disassembler and (later) the predecoder know about encodings
comes from the output of this script.
"""
import re
import sys

TYPES = ["A", "I", "M", "B", "F", "X"]
UNITS = {"M": 0, "I": 1, "F": 2, "B": 3, "L": 4, "X": 5}
KINDS = ["const", "reg", "ar", "cr", "ind", "sdec", "udec", "hex", "map",
         "mux", "rel"]
FLAGS = ["first", "last", "priv", "slot2", "nopred", "f2eqf3", "lenmcnt",
         "modrrbs", "postinc", "xinmlx"]


class TableError(Exception):
    pass


def parse_int(s):
    s = s.strip()
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    v = int(s, 0)
    return -v if neg else v


PIECE = r"L?\d+(:\d+)?"


def parse_pieces(tokens):
    """POS:LEN ranges of the slot; an 'L' prefix means the L slot of MLX."""
    pieces = []
    for t in tokens:
        m = re.fullmatch(r"(L?)(\d+)(?::(\d+))?", t)
        if not m:
            raise TableError("bad bit range %r" % t)
        pos = int(m.group(2))
        ln = int(m.group(3) or 1)
        if pos + ln > 41:
            raise TableError("bit range %r outside the 41-bit slot" % t)
        pieces.append((pos, ln, 1 if m.group(1) else 0))
    if len(pieces) > 6:
        raise TableError("at most six pieces")
    return pieces


class Table:
    def __init__(self):
        self.fields = {}      # name -> pieces
        self.first_fields = {}
        self.operands = {}    # name -> dict
        self.opnd_order = []
        self.groups = {}      # name -> [(suffix, [(field, value)])]
        self.templates = {}   # 0..15 -> (tag, units, stops)
        self.insns = []       # expanded entries

    def pieces_of(self, name):
        if name in self.fields:
            return self.fields[name]
        if name in self.operands and self.operands[name]["pieces"]:
            return self.operands[name]["pieces"]
        raise TableError("unknown field %r" % name)

    def assign(self, name, value):
        """Return (match, mask) for field NAME set to VALUE."""
        pieces = self.pieces_of(name)
        total = sum(p[1] for p in pieces)
        if value < 0:
            value &= (1 << total) - 1
        if value >> total:
            raise TableError("value %d does not fit field %s" % (value, name))
        match = mask = 0
        for pos, ln, lslot in pieces:
            if lslot:
                raise TableError("field %s lies in the L slot; patterns match one slot" % name)
            match |= (value & ((1 << ln) - 1)) << pos
            mask |= ((1 << ln) - 1) << pos
            value >>= ln
        return match, mask

    def parse(self, path):
        with open(path) as f:
            for lineno, raw in enumerate(f, 1):
                line = raw.split("#", 1)[0].rstrip()
                if not line.strip():
                    continue
                try:
                    self.parse_line(line)
                except TableError as e:
                    raise TableError("%s:%d: %s" % (path, lineno, e))

    def parse_line(self, line):
        words = line.split()
        kw = words[0]
        if kw == "field":
            self.fields[words[1]] = parse_pieces(words[2:])
            self.first_fields.setdefault(words[1], self.fields[words[1]])
        elif kw == "template":
            t = parse_int(words[1])
            rest = words[2:]
            if rest[0] == "reserved":
                self.templates[t] = (rest[1], [], 0)
                return
            units, stop = [], 0
            for w in rest:
                if w == ";":
                    stop = len(units)
                else:
                    units.append(w)
            if len(units) != 3:
                raise TableError("a template has three slots")
            tag = "".join(u for u in units if u != "X").replace("L", "LX")
            self.templates[t] = (tag, units, stop)
        elif kw == "operand":
            self.parse_operand(words[1:])
        elif kw == "group":
            members = []
            for m in words[2:]:
                if ":" not in m:
                    raise TableError("group member %r needs SUFFIX:ASSIGNMENTS" % m)
                suffix, assigns = m.split(":", 1)
                pairs = []
                for a in filter(None, assigns.split(",")):
                    fld, val = a.split("=")
                    pairs.append((fld, parse_int(val)))
                members.append((suffix, pairs))
            self.groups[words[1]] = members
        else:
            self.parse_insn(line)

    def parse_operand(self, words):
        name, kind = words[0], words[1]
        if name in self.operands:
            raise TableError("operand %r defined twice" % name)
        if kind not in KINDS:
            raise TableError("unknown operand kind %r" % kind)
        op = {"name": name, "kind": kind, "pieces": [], "signed": 0,
              "xor": 0, "scale": 0, "add": 0, "text": "", "map": [],
              "names": {}}
        rest = words[2:]
        if kind == "const":
            op["text"] = rest[0]
            rest = rest[1:]
        pieces = [w for w in rest if re.fullmatch(PIECE, w)]
        op["pieces"] = parse_pieces(pieces)
        for w in rest:
            if w in pieces:
                continue
            if w == "signed":
                op["signed"] = 1
            elif w == "xor":
                op["xor"] = 1
            elif w.startswith("scale="):
                op["scale"] = parse_int(w[6:])
            elif w.startswith("add="):
                op["add"] = parse_int(w[4:])
            elif w.startswith("prefix="):
                op["text"] = w[7:]
            elif w.startswith("map="):
                op["map"] = [parse_int(x) for x in w[4:].split(",")]
            elif w.startswith("names="):
                for nv in w[6:].split(","):
                    k, v = nv.split(":")
                    op["names"][parse_int(k)] = v
            else:
                raise TableError("unknown operand attribute %r" % w)
        if kind == "sdec":
            op["signed"] = 1
        if kind == "rel":
            op["signed"] = 1
        self.operands[name] = op
        self.opnd_order.append(name)

    def parse_insn(self, line):
        cols = [c.strip() for c in line.split("|")]
        if len(cols) != 4:
            raise TableError("an instruction line is FMT TYPE MNEMONIC | PATTERN | OPERANDS | FLAGS")
        head = cols[0].split()
        if len(head) != 3:
            raise TableError("expected FMT TYPE MNEMONIC before the first |")
        fmt, typ, mnem = head
        if typ not in TYPES:
            raise TableError("unknown type %r" % typ)
        base = []
        for a in cols[1].split():
            fld, val = a.split("=")
            base.append((fld, parse_int(val)))
        opnds, nout = [], 0
        text = cols[2].replace(" ", "")
        if text:
            if "=" in text:
                outs, ins = text.split("=")
                outs = outs.split(",")
                nout = len(outs)
                allops = outs + (ins.split(",") if ins else [])
            else:
                allops = text.split(",")
            for o in allops:
                if o not in self.operands:
                    raise TableError("unknown operand %r" % o)
                opnds.append(o)
        if len(opnds) > 5:
            raise TableError("at most five operands")
        flags = cols[3].split()
        for fl in flags:
            if fl not in FLAGS:
                raise TableError("unknown flag %r" % fl)
        # expand completer groups left to right
        parts = re.split(r"<(\w+)>", mnem)
        combos = [("", [])]
        for i, p in enumerate(parts):
            if i % 2 == 0:
                combos = [(n + p, a) for n, a in combos]
            else:
                if p not in self.groups:
                    raise TableError("unknown group <%s>" % p)
                combos = [(n + s, a + ga) for n, a in combos
                          for s, ga in self.groups[p]]
        for name, assigns in combos:
            match = mask = 0
            for fld, val in base + assigns:
                mt, mk = self.assign(fld, val)
                if mask & mk:
                    raise TableError("%s: field %s assigned twice" % (name, fld))
                match |= mt
                mask |= mk
            self.insns.append({"name": name, "fmt": fmt, "type": typ,
                               "match": match, "mask": mask, "opnds": opnds,
                               "nout": nout, "flags": flags})


def choose_key_bits(entries, maxbits=8):
    """Pick bits (besides the major opcode) that split ENTRIES well."""
    chosen = []
    for _ in range(maxbits):
        best, best_score = None, 0
        for b in range(37):
            if b in chosen:
                continue
            bit = 1 << b
            n0 = n1 = dc = 0
            for e in entries:
                if e["mask"] & bit:
                    if e["match"] & bit:
                        n1 += 1
                    else:
                        n0 += 1
                else:
                    dc += 1
            score = min(n0, n1) - dc
            if score > best_score:
                best, best_score = b, score
        if best is None:
            break
        chosen.append(best)
        # keep scoring relative to the largest remaining bucket
        buckets = {}
        for e in entries:
            key = tuple(((e["match"] >> b) & 1) if (e["mask"] >> b) & 1 else 2
                        for b in chosen)
            buckets.setdefault(key, []).append(e)
        largest = max(buckets.values(), key=len)
        if len(largest) <= 2:
            break
        entries = largest
    return sorted(chosen)


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit(tab, out_c, out_h):
    ops = tab.opnd_order
    opidx = {n: i + 1 for i, n in enumerate(ops)}
    h = []
    h.append("/* Generated by cpu/gen_insn.py from cpu/insn.tbl.  Do not edit. */")
    h.append("#ifndef IA64EMU_INSN_TABLE_H")
    h.append("#define IA64EMU_INSN_TABLE_H")
    h.append("enum insn_operand_id {\n    OPND_NONE,")
    for n in ops:
        h.append("    OPND_%s," % re.sub(r"\W", "_", n).upper())
    h.append("    OPND_COUNT\n};")
    h.append("#define INSN_COUNT %d" % len(tab.insns))
    for i, fl in enumerate(FLAGS):
        h.append("#define INSN_F_%s (1u << %d)" % (fl.upper(), i))
    for i, k in enumerate(KINDS):
        h.append("#define OPK_%s %d" % (k.upper(), i))
    for i, t in enumerate(TYPES):
        h.append("#define INSN_TYPE_%s %d" % (t, i))
    for u, i in UNITS.items():
        h.append("#define UNIT_%s %d" % (u, i))
    h.append("#define UNIT_NONE 7")
    for f in ("qp", "op"):
        (pos, ln, _), = tab.first_fields[f]
        h.append("#define INSN_%s_POS %d\n#define INSN_%s_LEN %d" % (f.upper(), pos, f.upper(), ln))
    h.append("#endif")

    c = []
    c.append("/* Generated by cpu/gen_insn.py from cpu/insn.tbl.  Do not edit. */")
    c.append('#include "insn.h"')
    # operand descriptors
    maps = []
    c.append("const struct insn_operand insn_operands[OPND_COUNT] = {")
    c.append('    [OPND_NONE] = { "none", OPK_CONST, 0, {{0, 0, 0}}, 0, 0, 0, 0, "", 0, 0, 0 },')
    for n in ops:
        o = tab.operands[n]
        pcs = ", ".join("{%d, %d, %d}" % p for p in o["pieces"]) or "{0, 0, 0}"
        mapref, nmap = "0", 0
        if o["map"]:
            mapref = "insn_map_%d" % len(maps)
            maps.append(o["map"])
            nmap = len(o["map"])
        names = "0"
        if o["names"]:
            names = "insn_names_%s" % re.sub(r"\W", "_", n)
        c.append("    [OPND_%s] = { %s, OPK_%s, %d, {%s}, %d, %d, %d, %d, %s, %s, %d, %s }," % (
            re.sub(r"\W", "_", n).upper(), c_str(n), o["kind"].upper(), len(o["pieces"]),
            pcs, o["signed"], o["xor"], o["scale"], o["add"], c_str(o["text"]),
            mapref, nmap, names))
    c.append("};")
    pre = []
    for i, m in enumerate(maps):
        pre.append("static const int64_t insn_map_%d[] = { %s };" % (i, ", ".join(str(x) for x in m)))
    for n in ops:
        o = tab.operands[n]
        if o["names"]:
            width = 1 << sum(p[1] for p in o["pieces"])
            arr = ", ".join(c_str(o["names"][k]) if k in o["names"] else "0" for k in range(width))
            pre.append("static const char *const insn_names_%s[%d] = { %s };" % (
                re.sub(r"\W", "_", n), width, arr))
    c[2:2] = pre

    # instruction descriptors
    c.append("const struct insn_desc insn_table[INSN_COUNT] = {")
    for e in tab.insns:
        opl = ", ".join("OPND_%s" % re.sub(r"\W", "_", o).upper() for o in e["opnds"]) or "0"
        fl = " | ".join("INSN_F_%s" % f.upper() for f in e["flags"]) or "0"
        c.append("    { %s, %s, 0x%011xull, 0x%011xull, INSN_TYPE_%s, %d, %d, {%s}, %s }," % (
            c_str(e["name"]), c_str(e["fmt"]), e["match"], e["mask"], e["type"],
            e["nout"], len(e["opnds"]), opl, fl))
    c.append("};")

    # templates
    c.append("const struct insn_template insn_templates[16] = {")
    for t in range(16):
        tag, units, stop = tab.templates.get(t, ("-%x-" % t, [], 0))
        if units:
            us = ", ".join("UNIT_%s" % u for u in units)
        else:
            us = "UNIT_NONE, UNIT_NONE, UNIT_NONE"
        c.append("    { %s, {%s}, %d }," % (c_str(tag), us, stop))
    c.append("};")

    # dispatch: per type and major opcode, a few key bits select a short
    # candidate list, kept in table (priority) order.
    items, starts, disp = [], [], []
    for ti, t in enumerate(TYPES):
        for op in range(16):
            ents = [(i, e) for i, e in enumerate(tab.insns)
                    if e["type"] == t and (e["match"] >> 37) == op
                    and (e["mask"] >> 37) == 0xF]
            loose = [(i, e) for i, e in enumerate(tab.insns)
                     if e["type"] == t and (e["mask"] >> 37) != 0xF]
            if loose:
                raise TableError("%s: every entry must fix the major opcode" % loose[0][1]["name"])
            keys = choose_key_bits([e for _, e in ents]) if len(ents) > 4 else []
            first = len(starts)
            for kv in range(1 << len(keys)):
                starts.append(len(items))
                for i, e in ents:
                    ok = True
                    for j, b in enumerate(keys):
                        if (e["mask"] >> b) & 1 and ((e["match"] >> b) & 1) != ((kv >> j) & 1):
                            ok = False
                            break
                    if ok:
                        items.append(i)
            kb = ", ".join(str(b) for b in keys) or "0"
            disp.append("    { %d, {%s}, %d }," % (len(keys), kb, first))
    starts.append(len(items))
    c.append("const uint16_t insn_dispatch_items[%d] = {" % max(1, len(items)))
    for k in range(0, len(items), 16):
        c.append("    " + ", ".join(str(x) for x in items[k:k + 16]) + ",")
    if not items:
        c.append("    0,")
    c.append("};")
    c.append("const uint32_t insn_dispatch_starts[%d] = {" % len(starts))
    for k in range(0, len(starts), 16):
        c.append("    " + ", ".join(str(x) for x in starts[k:k + 16]) + ",")
    c.append("};")
    c.append("const struct insn_dispatch insn_dispatch[6][16] = {")
    for ti in range(6):
        c.append("  {")
        c.extend(disp[ti * 16:(ti + 1) * 16])
        c.append("  },")
    c.append("};")

    with open(out_c, "w") as f:
        f.write("\n".join(c) + "\n")
    with open(out_h, "w") as f:
        f.write("\n".join(h) + "\n")


def main():
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    tab = Table()
    try:
        for path in sys.argv[3:]:
            tab.parse(path)
        emit(tab, sys.argv[1], sys.argv[2])
    except TableError as e:
        sys.stderr.write("gen_insn: %s\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
