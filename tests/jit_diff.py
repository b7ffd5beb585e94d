#!/usr/bin/env python3
"""The translator against the interpreter (cpu/jit.h): random loops made
of the forms the translator has code for (A1 add/sub/and/andcm/or/xor,
shladd, adds/addl, mov, movl, cmp/cmp4 eq/lt/ltu of registers and
immediates, ld8/st8, br.cond, br.cloop) and of forms whose handlers a
block calls or makes inline (dep, dep.z, extr, shifts, tbit, tnat, mux,
ld1-ld4/st1-st4, ld8/st8 with post-increment, ld8.fill, st8.spill,
speculative and advanced loads, lfetch, AR (ar.fpsr too), BR and FR
moves, mov pr = r, A3 imm8 logic, other compare types, multimedia, indirect br.cond), predicated at random, in
frames of random size, with calls of callees (alloc, br.call relative
and indirect, br.ret)
and of a recursive one deep enough to spill and fill, and entry.S's
rse_clear_invalid recursion (frames round the ring), some with PSR.be
set, are assembled and run twice, with and without
`--no-jit`, and at a random --max-insns that stops inside the loop.  Both
runs must end with the same exit status, output and --dump-state, byte
for byte (the interpreter is the reference: every other test checks it
against the SDM).  The loop's buffer is folded into registers at the
end, so memory is compared too.

With --ivt IVT_DIR, instead: every guest-kernel workload (the real Linux
IVT and entry.S) native, paravirtual (xen) and patched, run whole and
stopped at a random --max-insns, with and without the translator: the
same status, output and state dump.

usage: jit_diff.py IA64EMU IA64_AS IA64_LD GUEST_INC_DIR [PROGRAMS] [SEED]
       jit_diff.py --ivt IA64EMU IVT_DIR
"""
import os
import random
import subprocess
import sys
import tempfile

from cmd_cases import sanitizer_spoke

ALU = ["add", "sub", "and", "andcm", "or", "xor"]
ADDR_REGS = [28, 29, 30, 31]           # only written as buf + 8 * (x & 0x1ff)
MASK_REG, BUF_REG = 27, 2


class Prog:
    def __init__(self, rng):
        self.rng = rng
        self.nlocals = rng.randint(4, 60)
        self.be = rng.random() < 0.25
        self.lines = []
        # the frame being written: stacked sources r32..r(32+nsrc-1),
        # targets r33..r(32+ndst), never r(32+keep) (ar.pfs kept there)
        self.nsrc, self.ndst, self.keep = self.nlocals, self.nlocals - 1, 0
        self.dst_lo = 33                # the lowest stacked target

    def gr_src(self):
        r = self.rng
        if r.random() < 0.5:
            return r.choice([0] + list(range(3, 27)) + ADDR_REGS)
        return 32 + r.randrange(self.nsrc)

    def gr_dst(self):
        r = self.rng
        if r.random() < 0.5 or self.ndst < self.dst_lo - 31:
            return r.randint(3, 26)
        while True:
            d = self.dst_lo + r.randrange(self.ndst - (self.dst_lo - 33))
            if d != 32 + self.keep:
                return d

    def pr(self):
        return self.rng.randint(1, 63)

    def pr_or_p0(self):
        """a second compare target, sometimes p0 (its write ignored)"""
        return 0 if self.rng.random() < 0.15 else self.pr()

    def guard(self):
        r = self.rng
        return 0 if r.random() < 0.6 else r.randint(0, 63)


def slot_insn(p, unit, reads, writes, preads, pwrites, addr_ok):
    """One instruction for UNIT ('m' or 'i'), with no dependency on what
    the bundle's earlier slots wrote (each bundle is one group)."""
    r = p.rng
    for _ in range(50):
        qp = p.guard()
        kind = r.random()
        rd, wr, prd, pwr = set(), set(), {qp}, set()
        if r.random() < 0.45:
            # a form the block calls the handler of, or makes inline as it
            text, rd, wr, prd2, pwr = handler_insn(p, unit)
            if text is None:
                continue
            prd |= prd2
        elif kind < 0.40:
            op = r.choice(ALU)
            d, a, b = p.gr_dst(), p.gr_src(), p.gr_src()
            text = "%s r%d=r%d,r%d" % (op, d, a, b)
            rd, wr = {a, b}, {d}
        elif kind < 0.48:
            d, a, b = p.gr_dst(), p.gr_src(), p.gr_src()
            text = "shladd r%d=r%d,%d,r%d" % (d, a, r.randint(1, 4), b)
            rd, wr = {a, b}, {d}
        elif kind < 0.56:
            d, a = p.gr_dst(), p.gr_src()
            if r.random() < 0.5:
                text = "adds r%d=%d,r%d" % (d, r.randint(-8192, 8191), a)
            else:
                a = r.randint(0, 3)             # addl: r0-r3 only
                text = "addl r%d=%d,r%d" % (d, r.randint(-2097152, 2097151), a)
            rd, wr = {a}, {d}
        elif kind < 0.62:
            d, a = p.gr_dst(), p.gr_src()
            text = "mov r%d=r%d" % (d, a)
            rd, wr = {a}, {d}
        elif kind < 0.80:
            rel = r.choice(["eq", "ne", "lt", "le", "gt", "ge", "ltu", "geu"])
            w = r.choice(["cmp", "cmp4"])
            p1, p2 = p.pr(), p.pr_or_p0()
            if p1 == p2:
                continue
            if r.random() < 0.5:
                a, b = p.gr_src(), p.gr_src()
                text = "%s.%s p%d,p%d=r%d,r%d" % (w, rel, p1, p2, a, b)
                rd = {a, b}
            else:
                if rel in ("le", "gt", "leu", "gtu"):
                    rel = "eq"
                b = p.gr_src()
                text = "%s.%s p%d,p%d=%d,r%d" % (w, rel, p1, p2, r.randint(-128, 127), b)
                rd = {b}
            pwr = {p1, p2} - {0}
        elif unit == "m" and kind < 0.90:
            a = r.choice(ADDR_REGS)
            if r.random() < 0.5:
                d = p.gr_dst()
                text = "ld8 r%d=[r%d]" % (d, a)
                rd, wr = {a}, {d}
            else:
                v = p.gr_src()
                text = "st8 [r%d]=r%d" % (a, v)
                rd = {a, v}
        elif kind < 0.95 and addr_ok:
            # a new address: the next bundle's group may use it
            a = r.choice(ADDR_REGS)
            text = "and r%d=r%d,r%d" % (a, MASK_REG, p.gr_src())
            rd, wr = {MASK_REG}, {a}
            return None, text, rd, wr, prd, pwr, a
        else:
            text = "nop.%s 0" % unit
            prd = set()
            qp = 0
        if (rd | wr) & writes or wr & reads or (prd | pwr) & pwrites or pwr & preads:
            continue
        return qp, text, rd, wr, prd, pwr, None
    return 0, "nop.%s 0" % unit, set(), set(), set(), set(), None


FREGS = ["f%d" % i for i in list(range(6, 16)) + list(range(32, 36))]


def handler_insn(p, unit):
    """One of the forms the translator runs through their handlers (no
    NaT bits made, no faults): text, GRs (and FRs, ARs by name) read and
    written, predicates read and written."""
    r = p.rng
    k = r.randrange(14 if unit == "m" else 16)
    d, a, b = p.gr_dst(), p.gr_src(), p.gr_src()
    if unit == "i":
        if k == 0:
            pos = r.randrange(64)
            return "dep r%d=r%d,r%d,%d,%d" % (d, a, b, pos, r.randint(1, 16)), {a, b}, {d}, set(), set()
        if k == 1:
            pos = r.randrange(63)
            return "extr%s r%d=r%d,%d,%d" % (r.choice(["", ".u"]), d, a, pos, r.randint(1, 64 - pos)), \
                {a}, {d}, set(), set()
        if k == 2:
            op = r.choice(["shr", "shr.u", "shl"])
            if r.random() < 0.5:
                return "%s r%d=r%d,r%d" % (op, d, a, b), {a, b}, {d}, set(), set()
            return "%s r%d=r%d,%d" % (op, d, a, r.randrange(64)), {a}, {d}, set(), set()
        if k == 3:
            p1, p2 = p.pr(), p.pr_or_p0()
            if p1 == p2:
                return None, 0, 0, 0, 0
            return "tbit.%s%s p%d,p%d=r%d,%d" % (r.choice(["z", "nz"]), r.choice(["", ".unc", ".and", ".or", ".or.andcm"]),
                                                p1, p2, a, r.randrange(64)), \
                {a}, set(), set(), {p1, p2} - {0}
        if k == 4:
            op = r.choice(["sxt1", "sxt2", "sxt4", "zxt1", "zxt2", "zxt4", "popcnt", "czx1.l", "czx2.r"])
            return "%s r%d=r%d" % (op, d, a), {a}, {d}, set(), set()
        if k == 5:
            op = r.choice(["mux1 r%d=r%d,@rev", "mux1 r%d=r%d,@brcst", "mux2 r%d=r%d,0x1b"])
            return op % (d, a), {a}, {d}, set(), set()
        if k == 6:
            return "mov r%d=pr" % d, set(), {d}, set(range(64)), set()
        if k == 7:
            return r.choice(["mov r%d=ar.lc", "mov r%d=ip", "mov r%d=ar.ec", "mov r%d=ar.pfs"]) % d, set(), \
                {d}, set(), set()
        if k == 11:
            p1, p2 = p.pr(), p.pr()
            if p1 == p2:
                return None, 0, 0, 0, 0
            return "tnat.%s%s p%d,p%d=r%d" % (r.choice(["z", "nz"]), r.choice(["", ".unc", ".and", ".or", ".or.andcm"]),
                                             p1, p2, a), {a}, set(), set(), {p1, p2}
        if k == 12:
            pos = r.randrange(64)
            kind = r.randrange(3)
            if kind == 0:
                return "dep.z r%d=r%d,%d,%d" % (d, a, pos, r.randint(1, 64 - pos)), {a}, {d}, set(), set()
            if kind == 1:
                return "dep.z r%d=%d,%d,%d" % (d, r.randint(-128, 127), pos, r.randint(1, 64 - pos)), set(), {d}, \
                    set(), set()
            return "dep r%d=%d,r%d,%d,%d" % (d, r.randint(-1, 0), a, pos, r.randint(1, 64 - pos)), {a}, {d}, \
                set(), set()
        if k == 13:
            if r.random() < 0.5:          # b0 links, b6 is the indirect target
                return "mov b%d=r%d" % (r.randint(2, 5), a), {a}, set(), set(), set()
            return "mov r%d=b%d" % (d, r.randint(0, 7)), set(), {d}, set(), set()
        if k == 14:                       # the value it has (alloc's): ar.pfs stays
            return "mov.i ar.pfs=r%d" % (32 + p.keep), {32 + p.keep}, {"pfs"}, set(), set()
        if k == 15:                       # mask17: bits 15:1, and bit 16 for 63:16
            mask = r.randint(-65536, 65535)
            pw = {i for i in range(1, 64) if (mask >> min(i, 16)) & 1}
            return "mov pr=r%d,%d" % (a, mask), {a}, set(), set(), pw
    if unit == "m":
        ar = r.choice(ADDR_REGS)
        if k == 0:
            sz = r.choice([1, 2, 4])
            return "ld%d r%d=[r%d]" % (sz, d, ar), {ar}, {d}, set(), set()
        if k == 1:
            sz = r.choice([1, 2, 4])
            return "st%d [r%d]=r%d" % (sz, ar, a), {ar, a}, set(), set(), set()
        if k == 2:       # post-increment by 0: the base stays in the buffer
            if r.random() < 0.5:
                if d == ar:
                    return None, 0, 0, 0, 0
                return "ld8 r%d=[r%d],0" % (d, ar), {ar}, {d, ar}, set(), set()
            return "st8 [r%d]=r%d,0" % (ar, a), {ar, a}, {ar}, set(), set()
        if k == 3:
            return "ld8.%s r%d=[r%d]" % (r.choice(["s", "a", "c.clr", "c.nc", "sa"]), d, ar), {ar}, {d}, \
                set(), set()
        if k == 4:
            app = r.choice(["ccv", "unat", "csd", "ssd", "eflag"])
            if r.random() < 0.5:
                return "mov ar.%s=r%d" % (app, a), {a}, {app}, set(), set()
            return "mov r%d=ar.%s" % (d, app), {app}, {d}, set(), set()
        if k == 5:
            f = r.choice(FREGS)
            if r.random() < 0.5:
                return "setf.sig %s=r%d" % (f, a), {a}, {f}, set(), set()
            return "getf.sig r%d=%s" % (d, f), {f}, {d}, set(), set()
        if k == 6:
            f = r.choice(FREGS)
            if r.random() < 0.5:
                return "ldf8 %s=[r%d]" % (f, ar), {ar}, {f}, set(), set()
            return "stf8 [r%d]=%s" % (ar, f), {ar, f}, set(), set(), set()
        if k == 7:
            if r.random() < 0.25:
                return "lfetch%s [r%d]" % (r.choice(["", ".fault", ".excl"]), ar), {ar}, set(), set(), set()
            return r.choice(["invala", "mf", "srlz.d"]), set(), set(), set(), set()
        if k == 11:
            return "mov r%d=ar.bsp" % d, set(), {d}, set(), set()
        if k == 13:      # a valid value (random ones have reserved fields: a fault)
            return "mov ar.fpsr=r0", {0}, {"fpsr"}, set(), set()
        if k == 12:      # post-increment by 0, as above; a fill may make a NaT bit (ar.unat is random)
            if r.random() < 0.5 or d == ar:
                return "st8.spill [r%d]=r%d%s" % (ar, a, r.choice(["", ",0"])), {ar, a}, {"unat"}, set(), set()
            return "ld8.fill r%d=[r%d]%s" % (d, ar, r.choice(["", ",0"])), {ar, "unat"}, {d}, set(), set()
    # A unit, in either: compares of the other types, imm8 logic, multimedia
    if k == 10 and r.random() < 0.5:
        op = r.choice(["and", "andcm", "or", "xor", "sub"])
        return "%s r%d=%d,r%d" % (op, d, r.randint(-128, 127), a), {a}, {d}, set(), set()
    p1, p2 = p.pr(), p.pr()
    if k in (8, 9) and p1 != p2:
        ctype = r.choice(["unc", "and", "or", "or.andcm", "and.orcm"])
        rel = r.choice(["eq", "ne"]) if ctype != "unc" else r.choice(["eq", "lt", "ltu"])
        w = r.choice(["cmp", "cmp4"])
        if ctype == "unc" and r.random() < 0.5:
            return "%s.%s.unc p%d,p%d=%d,r%d" % (w, rel, p1, p2, r.randint(-128, 127), b), {b}, set(), set(), \
                {p1, p2}
        return "%s.%s.%s p%d,p%d=r%d,r%d" % (w, rel, ctype, p1, p2, a, b), {a, b}, set(), set(), {p1, p2}
    op = r.choice(["padd2", "psub4", "pcmp1.eq", "pavg2", "padd1.sss"])
    return "%s r%d=r%d,r%d" % (op, d, a, b), {a, b}, {d}, set(), set()


def f_slot(p):
    """The F slot of an mfi bundle: a nop, or a form without FP faults"""
    r = p.rng
    if r.random() < 0.5:
        return "nop.f 0", set(), set()
    f1, f2, f3, f4 = (r.choice(FREGS) for _ in range(4))
    k = r.randrange(4)
    if k == 0:
        return "mov %s=%s" % (f1, f2), {f2}, {f1}
    if k == 1:
        return "xma.l %s=%s,%s,%s" % (f1, f2, f3, f4), {f2, f3, f4}, {f1}
    if k == 2:
        return "%s %s=%s,%s" % (r.choice(["fand", "for", "fxor", "fmerge.s", "fmix.l"]), f1, f2, f3), {f2, f3}, {f1}
    return "fmerge.se %s=%s,%s" % (f1, f2, f3), {f2, f3}, {f1}


def bundle(p, tmpl, last_label=None, branch=None):
    reads, writes, preads, pwrites = set(), set(), set(), set()
    units = {"mii": "mii", "mmi": "mmi", "mib": "mi", "mfi": "mi"}[tmpl]
    slots, fix = [], []
    for u in units:
        # (not in a bundle that may branch past the scaling)
        qp, text, rd, wr, prd, pwr, addr = slot_insn(p, u, reads, writes, preads, pwrites, branch is None)
        if addr is not None:
            fix.append(addr)
        reads |= rd
        writes |= wr
        preads |= prd
        pwrites |= pwr
        slots.append(("(p%d) " % qp if qp else "") + text)
    if tmpl == "mfi":
        for _ in range(20):
            text, rd, wr = f_slot(p)
            if not ((rd | wr) & writes or wr & reads):
                break
        else:
            text = "nop.f 0"
        slots.insert(1, text)
    if tmpl == "mib":
        slots.append(branch or "nop.b 0")
    out = ["{ .%s" % tmpl] + ["\t" + s for s in slots[:-1]] + ["\t" + slots[-1] + " ;;", "}"]
    # addresses made in this bundle: scaled into the buffer in the next
    for a in fix:
        out += ["{ .mii", "\tnop.m 0", "\tshladd r%d=r%d,3,r%d" % (a, a, BUF_REG), "\tnop.i 0 ;;", "}"]
    return out


def program(rng):
    p = Prog(rng)
    L = [".explicit", '.include "guest.inc"', "ENTRY _start",
         "\talloc r32=ar.pfs,0,%d,1,0" % p.nlocals,
         "\tmovl r%d=buf ;;" % BUF_REG,
         "\tmov r%d=0x1ff ;;" % MASK_REG]
    for reg in list(range(3, 27)) + [32 + i for i in range(1, p.nlocals)]:
        L.append("\tmovl r%d=0x%x ;;" % (reg, rng.getrandbits(64)))
    for a in ADDR_REGS:
        L.append("\tadds r%d=%d,r%d ;;" % (a, 8 * rng.randrange(512), BUF_REG))
    L.append("\tmovl r8=0x%x ;;" % rng.getrandbits(64))
    L.append("\tmov pr=r8,-1 ;;")
    iters = rng.randint(1, 300)
    L.append("\tmov r8=%d ;;" % (iters - 1))
    L.append("\tmov ar.lc=r8 ;;")
    L.append("\tmovl r8=%s ;;" % rng.choice(["loop", "out"]))
    L.append("\tmov b6=r8 ;;")        # an indirect branch's target
    for f in FREGS:
        L.append("\tsetf.sig %s=r%d ;;" % (f, rng.randint(3, 26)))
    if p.be:
        L.append("\tsum psr.be ;;")
    L += ["\t.align 32", "loop:"]
    nb = rng.randint(1, 8)
    ncallees = rng.choice([0, 0, 1, 2])
    # rec: recursion DEPTH deep in frames of its own (spills and fills,
    # returns to frames of two kinds, frames that wrap round the ring)
    rec = rng.random() < 0.3
    # clr: entry.S's rse_clear_invalid, 3-17 deep in frames of 14 new
    # registers (NaT collection slots crossed, spills, fills, frames
    # round the end of the ring, entered at varied BSP offsets)
    clr = rng.random() < 0.3
    rec_out = 32 + p.nlocals             # the main frame's output: never written
    for i in range(nb):
        tmpl = rng.choice(["mii", "mmi", "mib", "mfi"])
        br = None
        if tmpl == "mib" and rng.random() < 0.5:
            q = rng.randint(1, 63)
            br = rng.choice(["(p%d) br.cond.sptk.few loop" % q, "(p%d) br.cond.sptk.few out" % q,
                             "(p%d) br.cond.sptk.few next%d" % (q, i),
                             "(p%d) br.cond.sptk.few b6" % q])
        elif (tmpl == "mib" or i == 0) and clr and not br:
            tmpl = "mib"
            q = rng.choice([0, rng.randint(1, 63)])
            br = "%sbr.call.sptk.many b5=clr_entry" % ("(p%d) " % q if q else "")
        elif (tmpl == "mib" or i == nb - 1) and rec:
            tmpl = "mib"
            q = rng.choice([0, rng.randint(1, 63)])
            L += ["{ .mii", "\tnop.m 0", "\tmov r%d=%d" % (rec_out, rng.randint(0, 40)), "\tnop.i 0 ;;", "}"]
            br = "%sbr.call.sptk.many b0=rec" % ("(p%d) " % q if q else "")
        elif tmpl == "mib" and ncallees:
            # a call (predicated or not) of a callee with a frame of its
            # own, relative or indirect (through b7, set just before)
            q = rng.choice([0, rng.randint(1, 63)])
            callee = rng.randrange(ncallees)
            if rng.random() < 0.5:
                br = "%sbr.call.sptk.many b0=callee%d" % ("(p%d) " % q if q else "", callee)
            else:
                L += ["{ .mlx", "\tnop.m 0", "\tmovl r8=callee%d ;;" % callee, "}",
                      "{ .mii", "\tnop.m 0", "\tmov b7=r8", "\tnop.i 0 ;;", "}"]
                br = "%sbr.call.sptk.many b0=b7" % ("(p%d) " % q if q else "")
        L += bundle(p, tmpl, branch=br)
        L.append("next%d:" % i)
    L += ["{ .mib", "\tnop.m 0", "\tnop.i 0", "\tbr.cloop.sptk.few loop ;;", "}", "out:"]
    if p.be:
        L.append("\trum psr.be ;;")
    # fold the buffer into r9 (sum) and r10 (xor)
    L += ["\tmov r9=0", "\tmov r10=0", "\tmov r11=r%d" % BUF_REG, "\tmov r8=511 ;;", "\tmov ar.lc=r8 ;;",
          "fold:", "\tld8 r3=[r11],8 ;;", "\tadd r9=r9,r3", "\txor r10=r10,r3 ;;",
          "\tbr.cloop.sptk.few fold ;;", "\tEXIT 0", "\t.endp _start"]
    # the callees: alloc (one input, locals, outputs), random bundles in
    # that frame, br.ret (no call inside: ar.pfs stays the caller's)
    for k in range(ncallees):
        nin, nloc, nout = 1, rng.randint(1, 30), rng.randint(0, 8)
        p.nsrc, p.ndst, p.keep = nin + nloc + nout, nin + nloc + nout - 1, nin + nloc - 1
        L += ["\t.proc callee%d" % k, "callee%d:" % k,
              "{ .mii", "\talloc r%d=ar.pfs,%d,%d,%d,0" % (32 + p.keep, nin, nloc, nout),
              "\tnop.i 0", "\tnop.i 0 ;;", "}"]
        for i in range(rng.randint(0, 4)):
            tmpl = rng.choice(["mii", "mmi", "mib", "mfi"])
            br = None
            if tmpl == "mib" and rng.random() < 0.3:
                br = "(p%d) br.ret.sptk.many b0" % rng.randint(1, 63)
            L += bundle(p, tmpl, branch=br)
        L += ["{ .mib", "\tnop.m 0", "\tnop.i 0", "\tbr.ret.sptk.many b0 ;;", "}", "\t.endp callee%d" % k]
        p.nsrc, p.ndst, p.keep = p.nlocals, p.nlocals - 1, 0
    if clr:
        # as in entry.S: every level the same frame, r32 the levels still
        # to go, r33 the depth, r34 ar.pfs; each level's (p7) br.ret
        # returns by the one b0 and PFS the deepest call set
        L += ["\t.proc clr_entry", "clr_entry:",
              "{ .mii", "\talloc r34=ar.pfs,2,12,2,0", "\tmov r35=ar.lc", "\tmov r33=0 ;;", "}",
              "{ .mii", "\tnop.m 0", "\tand r35=7,r35 ;;", "\tadds r32=%d,r35 ;;" % rng.randint(2, 10), "}",
              "\t.align 32", "clr:",
              "{ .mii", "\talloc r34=ar.pfs,2,12,2,0", "\tcmp.lt p6,p0=1,r32", "\tadds r46=-1,r32", "}",
              "{ .mii", "\tadds r47=1,r33", "\tmov r35=0", "\tmov r36=0 ;;", "}",
              "{ .mii", "\tmov r37=0", "\tmov r38=0", "\tmov r39=0", "}",
              "{ .mib", "\tmov r40=0", "\tmov r41=0", "\t(p6) br.call.dptk.few b0=clr ;;", "}",
              "{ .mii", "\tmov r42=0", "\tmov r43=0", "\tcmp.ne p7,p0=r0,r33", "}",
              "{ .mib", "\tmov r44=0", "\tmov r45=0", "\t(p7) br.ret.dptk.many b0 ;;", "}",
              "{ .mii", "\tnop.m 0", "\tmov.i ar.pfs=r34", "\tnop.i 0 ;;", "}",
              "{ .mib", "\tnop.m 0", "\tnop.i 0", "\tbr.ret.sptk.many b5 ;;", "}", "\t.endp clr_entry"]
    if rec:
        # r32 the depth, r33 ar.pfs, r34 b0; random bundles before and
        # after the call write r35 on
        nloc, nout = rng.randint(2, 30), rng.randint(1, 10)
        out = 33 + nloc
        p.nsrc, p.ndst, p.keep, p.dst_lo = 1 + nloc, nloc, 1, 35
        L += ["\t.proc rec", "rec:",
              "{ .mii", "\talloc r33=ar.pfs,1,%d,%d,0" % (nloc, nout), "\tmov r34=b0",
              "\tcmp.eq p6,p0=r32,r0 ;;", "}",
              "{ .mib", "\tnop.m 0", "\tadds r%d=-1,r32" % out, "\t(p6) br.cond.dpnt.few rec_out ;;", "}"]
        for i in range(rng.randint(0, 3)):
            L += bundle(p, rng.choice(["mii", "mmi", "mfi"]))
        L += ["{ .mib", "\tnop.m 0", "\tnop.i 0", "\tbr.call.sptk.many b0=rec ;;", "}"]
        for i in range(rng.randint(0, 2)):
            L += bundle(p, rng.choice(["mii", "mmi", "mfi"]))
        # (a branch to the return, so that it starts a block)
        L += ["rec_out:", "{ .mii", "\tnop.m 0", "\tmov b0=r34", "\tmov.i ar.pfs=r33 ;;", "}",
              "{ .mib", "\tnop.m 0", "\tnop.i 0", "\tbr.cond.sptk.few rec_ret ;;", "}", "rec_ret:"]
        if rng.random() < 0.5:
            # a frame smaller than the caller's outputs: br.ret drops clean registers
            L += ["{ .mii", "\talloc r33=ar.pfs,1,1,0,0", "\tnop.i 0", "\tnop.i 0 ;;", "}"]
        L += ["{ .mib", "\tnop.m 0", "\tnop.i 0", "\tbr.ret.sptk.many b0 ;;", "}", "\t.endp rec"]
        p.nsrc, p.ndst, p.keep, p.dst_lo = p.nlocals, p.nlocals - 1, 0, 33
    L += ["\t.data", "\t.align 4096", "buf:"]
    L += ["\tdata8 0x%x" % rng.getrandbits(64) for _ in range(512)]
    return "\n".join(L) + "\n"


def run(emu, elf, opts):
    with tempfile.NamedTemporaryFile(suffix=".json") as dump:
        pr = subprocess.run([emu, "run", "--dump-state", dump.name] + opts + ([elf] if elf else []),
                            capture_output=True, timeout=60, text=True)
        with open(dump.name) as f:
            state = f.read()
    return pr.returncode, pr.stdout, pr.stderr, state


def kernels(emu, ivt):
    from workloads import LINES
    rng = random.Random(20261129)
    bad = runs = 0
    for mode, image in (("native", "kernel-native.elf"), ("xen", "kernel-xen.elf"),
                        ("patched", "kernel-native.elf")):
        elf = os.path.join(ivt, image)
        for w in sorted(LINES):
            for opts in ([], ["--max-insns=%d" % rng.randint(10000, 2000000)]):
                args = ["--mode=" + mode] + opts + [elf, "--", w]
                j, n = run(emu, None, args), run(emu, None, ["--no-jit"] + args)
                runs += 1
                if j != n or sanitizer_spoke(j[2]) or j[0] not in (0, 124) or \
                        (not opts and LINES[w] not in j[1]):
                    bad += 1
                    print("jit_diff: %s: translated exit %d, interpreted exit %d, output %s, states %s"
                          % (" ".join(args), j[0], n[0], "equal" if j[1] == n[1] else "differs",
                             "equal" if j[3] == n[3] else "differ"))
    print("jit_diff: %d kernel run pairs, %d differences" % (runs, bad))
    return 1 if bad else 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--ivt":
        return kernels(sys.argv[2], sys.argv[3])
    if len(sys.argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    emu, as_, ld, inc = sys.argv[1:5]
    nprog = int(sys.argv[5]) if len(sys.argv) > 5 else 150
    seed = int(sys.argv[6]) if len(sys.argv) > 6 else 20261129
    rng = random.Random(seed)
    bad = runs = translated = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(nprog):
            src = os.path.join(tmp, "p%d.s" % i)
            with open(src, "w") as f:
                f.write(program(rng))
            obj, elf = src[:-2] + ".o", src[:-2] + ".elf"
            a = subprocess.run([as_, "-x", "-I", inc, src, "-o", obj], capture_output=True, text=True)
            if a.returncode:
                print("jit_diff: program %d (seed %d) does not assemble:\n%s" % (i, seed, a.stderr))
                return 1
            subprocess.run([ld, "-e", "_start", "-Ttext=0x4000000000000000", obj, "-o", elf], check=True)
            # a predicated branch back may loop for ever: both runs stop
            limits = [["--max-insns=1000000"], ["--max-insns=%d" % rng.randint(100, 3000)]]
            for opts in limits:
                j = run(emu, elf, opts + ["--stats"])
                n = run(emu, elf, opts + ["--no-jit"])
                runs += 1
                if sanitizer_spoke(j[2]) or sanitizer_spoke(n[2]):
                    print("jit_diff: program %d: a sanitizer spoke" % i)
                    bad += 1
                    continue
                if "blocks translated" in j[2] and " 0 blocks" not in j[2]:
                    translated += 1
                # --stats adds lines to stderr only: compare the rest
                if (j[0], j[1], j[3]) != (n[0], n[1], n[3]) or j[0] not in (0, 124):
                    bad += 1
                    keep = os.path.join(os.getcwd(), "jit_diff_fail_%d.s" % i)
                    with open(src) as f, open(keep, "w") as g:
                        g.write(f.read())
                    print("jit_diff: program %d %s: translated exit %d, interpreted exit %d, states %s; kept as %s"
                          % (i, " ".join(opts), j[0], n[0],
                             "equal" if j[3] == n[3] else "differ", keep))
    print("jit_diff: %d programs, %d run pairs (%d with blocks translated), %d differences"
          % (nprog, runs, translated, bad))
    if translated < runs // 2:
        print("jit_diff: too few runs translated anything: the test tests nothing")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
