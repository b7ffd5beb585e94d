#!/usr/bin/env python3
"""Static checks of the real Linux IVT built with our hook backends.

  pvops_test.py static EMU IVT_DIR
      ivt-native.o: 1369 non-nop instructions in .text..ivt (SMP on) and
      107 hook sites; entry-native.o: 19 sites; the per-vector and per-hook
      tables agree with the site list; the native and check variants have
      the same sites (ids, hooks, arguments) in the same order; the check
      variant poisons every donated general register.
  pvops_test.py xen EMU IVT_DIR OBJDUMP
      the Xen build: its sites (ids, hooks, arguments) are the native
      build's, in the objects and in kernel-xen.elf; each site holds
      exactly the hyperprivop breaks and XSI fields its hook's Xen
      expansion implies (pvops.md) and no privileged instruction but the
      raw ones of the contract; the whole-table static counts of ivt.S
      (non-nop instructions, hyperprivop breaks), the common paths
      against pvops.md's Xen figures.
  pvops_test.py missing-tarball SOURCE_DIR SCRATCH_DIR
      a configure with LINUX_SOURCE_TARBALL pointing at a missing file,
      and the extraction script itself, fail naming linux-source-6.1.
"""
import os
import re
import shutil
import subprocess
import sys
from checks import check, failures

# From ../shared/reference/linux-ivt.md; our configuration has SMP on.
IVT_NON_NOP = 1369
IVT_SITES = 107
ENTRY_SITES = 19
POISON = "0xdeadbeefbaadf00d"




def report(emu, obj):
    r = subprocess.run([emu, "pvops", "sites", obj], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"pvops sites {obj}: exit {r.returncode}: {r.stderr}")
    sites, vectors, hooks, total = [], {}, {}, None
    part = "sites"
    for line in r.stdout.splitlines():
        if line.startswith("IVT:"):
            part = "vectors"
            continue
        if line.startswith("sites per hook"):
            part = "hooks"
            continue
        f = line.split()
        if part == "sites" and f and f[0].isdigit():
            # id hook address where... bundles args...
            m = re.match(r"\s*(\d+)\s+(\S+)\s+(\S+)\s+(.*?)\s+(\d+)  (.*)$", line)
            check(m is not None, f"{obj}: unparsable site line: {line}")
            if m:
                sites.append((int(m.group(1)), m.group(2), int(m.group(5)), m.group(6).strip(), m.group(3)))
        elif part == "vectors" and f and (f[0].isdigit() or f[0] == "after"):
            vectors[f[0]] = (int(f[-2]), int(f[-1]))
        elif part == "vectors" and f and f[0] == "total":
            total = (int(f[1]), int(f[2]))
        elif part == "hooks" and len(f) == 4 and f[0].isdigit():
            hooks[f[1]] = int(f[3])
    return sites, vectors, hooks, total


def static(emu, ivt_dir):
    obj = lambda f, v: os.path.join(ivt_dir, f"{f}-{v}.o")
    native = {f: report(emu, obj(f, "native")) for f in ("ivt", "entry")}
    check_ = {f: report(emu, obj(f, "check")) for f in ("ivt", "entry")}

    sites, vectors, hooks, total = native["ivt"]
    check(total is not None and total[0] == IVT_NON_NOP,
          f"ivt-native.o: {total and total[0]} non-nop instructions in .text..ivt, expected {IVT_NON_NOP}")
    check(len(sites) == IVT_SITES, f"ivt-native.o: {len(sites)} sites, expected {IVT_SITES}")
    check(len(vectors) == 69, f"ivt-native.o: {len(vectors)} vector rows, expected 68 and the code after them")
    check(total is not None and total[1] == len(sites), "ivt-native.o: per-vector sites do not add up")
    check(sum(v[0] for v in vectors.values()) == (total or (0,))[0], "per-vector counts do not add up")
    # the common paths, as counted from the native Linux IVT
    for vec, want in (("0", 55), ("1", 16), ("2", 16), ("4", 29), ("8", 21), ("11", 65)):
        check(vectors.get(vec, (None,))[0] == want,
              f"vector {vec}: {vectors.get(vec, (None,))[0]} non-nop instructions, expected {want}")
    check([s[0] for s in sites] == list(range(IVT_SITES)), "ivt.S site ids are not 0..106 in source order")
    check(all(s[4].startswith(".text..ivt+") for s in sites), "an ivt.S site lies outside .text..ivt")

    esites = native["entry"][0]
    check(len(esites) == ENTRY_SITES, f"entry-native.o: {len(esites)} sites, expected {ENTRY_SITES}")
    check([s[0] for s in esites] == list(range(1000, 1000 + ENTRY_SITES)),
          "entry.S site ids are not 1000.. in source order")

    for f in ("ivt", "entry"):
        s, _, h, _ = native[f]
        counted = {}
        for site in s:
            counted[site[1]] = counted.get(site[1], 0) + 1
        # Linux 6.1's 34 hooks, and our guest kernel's 10 (ids 34-43)
        check(len(h) == 44, f"{f}: {len(h)} hooks in the per-hook table, expected 44")
        check(all(h.get(k, 0) == counted.get(k, 0) for k in set(h) | set(counted)),
              f"{f}: the per-hook table disagrees with the site list")
        # the same sites, in the same order, in both variants
        cs = check_[f][0]
        check([(x[0], x[1], x[3]) for x in s] == [(x[0], x[1], x[3]) for x in cs],
              f"{f}: native and check variants differ in site ids, hooks or arguments")
        check(all(x[2] >= 1 for x in s + cs), f"{f}: a site of no bundles")
        # every donated general register is poisoned in the check build
        # (once per site), and nothing is in the native build
        clobs = sum(len(re.findall(r"\bclob=", x[3])) for x in s)
        dis = {v: subprocess.run([emu, "disasm", obj(f, v)], capture_output=True, text=True).stdout
               for v in ("native", "check")}
        check(dis["check"].count(POISON) == clobs,
              f"{f}-check.o: {dis['check'].count(POISON)} poison movl, expected {clobs} (one per clob argument)")
        check(dis["native"].count(POISON) == 0, f"{f}-native.o holds the poison")
    # the check variant's non-nop count is larger, its sites no fewer bundles
    ctotal = check_["ivt"][3]
    check(ctotal is not None and ctotal[0] > IVT_NON_NOP, "ivt-check.o: no poison instructions counted")


# ---- the Xen build -------------------------------------------------------

XSI_BASE = 0xfffffffffff00000
# pvops.md's hyperprivop numbers, and the break(s) each hook's Xen
# expansion holds, in order (the contract: MOV_TO_RR -> SET_RR, ITR_D ->
# ITR_D, MOV_TO_TPR -> SET_TPR, FC -> FC, MOV_TO_ITM -> SET_ITM,
# MOV_TO_EOI -> EOI; SSM_PSR_I's SSM_I only when an event is pending).
HP = {"RFI": 0x01, "RSM_DT": 0x02, "SSM_DT": 0x03, "COVER": 0x04, "ITC_D": 0x05, "ITC_I": 0x06,
      "SSM_I": 0x07, "GET_IVR": 0x08, "SET_TPR": 0x0a, "EOI": 0x0b, "SET_ITM": 0x0c, "THASH": 0x0d,
      "ITR_D": 0x0f, "SET_RR": 0x11, "SET_KR": 0x12, "FC": 0x13, "GET_PSR": 0x19}
XEN_BREAKS = {
    "MOV_FROM_IVR": ["GET_IVR"], "MOV_FROM_PSR": ["GET_PSR"], "MOV_TO_KR": ["SET_KR"],
    "ITC_I": ["ITC_I"], "ITC_D": ["ITC_D"], "ITC_I_AND_D": ["ITC_I", "ITC_D"], "THASH": ["THASH"],
    "SSM_PSR_I": ["SSM_I"], "RSM_PSR_DT": ["RSM_DT"], "SSM_PSR_DT_AND_SRLZ_I": ["SSM_DT"],
    "COVER": ["COVER"], "RFI": ["RFI"], "MOV_TO_ITM": ["SET_ITM"], "MOV_TO_EOI": ["EOI"],
    "MOV_TO_RR": ["SET_RR"], "ITR_D": ["ITR_D"], "MOV_TO_TPR": ["SET_TPR"], "FC": ["FC"],
}
# The XSI fields (offsets from XSI_BASE, pvops.md) each hook's expansion
# addresses: a movl of the field's address, then the access.
IFA, ITIR, ISR, IHA, IPSR, IIM, IIP, IFS = 0x48a0, 0x48a8, 0x4888, 0x48c8, 0x4880, 0x48c0, 0x4898, 0x48b8
PSR_IC, PSR_I_ADDR, BANK1, VNAT, BANKNUM = 0x4c10, 0x4c18, 0x4400, 0x4500, 0x4c4c
XEN_XSI = {
    "MOV_FROM_IFA": {IFA}, "MOV_FROM_ITIR": {ITIR}, "MOV_FROM_ISR": {ISR}, "MOV_FROM_IHA": {IHA},
    "MOV_FROM_IPSR": {IPSR}, "MOV_FROM_IIM": {IIM}, "MOV_FROM_IIP": {IIP},
    "MOV_FROM_ITC": {0x4d50, 0x4d58},
    "MOV_TO_IFA": {IFA}, "MOV_TO_ITIR": {ITIR}, "MOV_TO_IHA": {IHA}, "MOV_TO_IPSR": {IPSR},
    "MOV_TO_IFS": {IFS}, "MOV_TO_IIP": {IIP},
    "SSM_PSR_IC_AND_DEFAULT_BITS_AND_SRLZ_I": {PSR_IC}, "SSM_PSR_IC_AND_SRLZ_D": {PSR_IC},
    "RSM_PSR_IC": {PSR_IC}, "SSM_PSR_I": {PSR_I_ADDR}, "RSM_PSR_I": {PSR_I_ADDR},
    "RSM_PSR_I_IC": {PSR_I_ADDR, PSR_IC}, "RSM_PSR_BE_I": {PSR_I_ADDR},
    "BSW_0": {BANK1, BANK1 + 8, VNAT, BANKNUM}, "BSW_1": {BANK1, BANK1 + 8, VNAT, BANKNUM},
}
# What stays raw in a Xen site (no hyperprivop: the hypervisor emulates).
XEN_RAW = {"ITR_I": "itr.i", "MOV_TO_PTA": "mov cr.pta=", "MOV_TO_IVA": "mov cr.iva=",
           "MOV_TO_ITV": "mov cr.itv="}
# Our ivt.S Xen build, and Linux 3.x's (pvops.md) for comparison: the
# common paths agree instruction for instruction, and so does the number
# of hyperprivop breaks (43); the whole table has 1683 non-nop
# instructions where Linux 3.x's had 1623 (docs/pvops.md).
XEN_IVT_NON_NOP = 1683
XEN_IVT_BREAKS = 43
XEN_PATHS = (("0", 67), ("1", 21), ("2", 21), ("4", 37), ("8", 29), ("11", 99))
# The external interrupt path, __interrupt after the vectors (vector 12
# branches there): native and Xen, as pvops.md counts it.
INTERRUPT_PATH = {"native": 134, "xen": 164}


def function_non_nop(objdump, obj, name):
    """Non-nop instructions from the symbol NAME to the next symbol."""
    dis = subprocess.run([objdump, "-d", obj], capture_output=True, text=True).stdout
    m = re.search(rf"^[0-9a-f]+ <{re.escape(name)}>:\n(.*?)(?=^[0-9a-f]+ <|\Z)", dis, re.M | re.S)
    if not m:
        return None
    insns = re.findall(r"^\s*[0-9a-f]+:\t[0-9a-f ]+\t(?:\[\w+\])?\s*(\S.*)$", m.group(1), re.M)
    return sum(1 for t in insns if not t.startswith("nop."))


def image_sites(emu, image):
    """(id, hook, arguments, address, bundles) of every site in IMAGE."""
    r = subprocess.run([emu, "pvops", "sites", image], capture_output=True, text=True)
    check(r.returncode == 0, f"pvops sites {image}: exit {r.returncode}: {r.stderr.strip()}")
    out = []
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(\d+)\s+([A-Z_0-9]+)\s+(0x[0-9a-f]+)\s+.*?\s+(\d+)  (.*)$", line)
        if m:
            out.append((int(m.group(1)), m.group(2), m.group(5).strip(), int(m.group(3), 16), int(m.group(4))))
    return out, r.stdout


def disassembly(objdump, image):
    """[(address, instruction)] of IMAGE, nops left out, no predicate."""
    dis = subprocess.run([objdump, "-d", image], capture_output=True, text=True).stdout
    out = []
    for m in re.finditer(r"^\s*([0-9a-f]+):\t[0-9a-f ]+\t(?:\[\w+\])?\s*(.+)$", dis, re.M):
        insn = re.sub(r"^\(p\d+\)\s*", "", m.group(2).split("//")[0].strip().rstrip(";").strip())
        if not insn.startswith("nop."):
            out.append((int(m.group(1), 16), insn))
    return out


def xen(emu, ivt_dir, objdump):
    from ivt_kernel_test import PRIVILEGED
    # the objects: the same sites as native, the static counts
    for f in ("ivt", "entry"):
        nat = report(emu, os.path.join(ivt_dir, f"{f}-native.o"))
        xs = report(emu, os.path.join(ivt_dir, f"{f}-xen.o"))
        check([(x[0], x[1], x[3]) for x in nat[0]] == [(x[0], x[1], x[3]) for x in xs[0]],
              f"{f}: native and xen variants differ in site ids, hooks or arguments")
    sites, vectors, _, total = report(emu, os.path.join(ivt_dir, "ivt-xen.o"))
    print(f"ivt.S, xen: {total and total[0]} non-nop instructions in .text..ivt (Linux 3.x: 1623), "
          f"{len(sites)} sites")
    check(total is not None and total[0] == XEN_IVT_NON_NOP,
          f"ivt-xen.o: {total and total[0]} non-nop instructions, expected {XEN_IVT_NON_NOP}")
    for vec, want in XEN_PATHS:
        check(vectors.get(vec, (None,))[0] == want,
              f"ivt-xen.o vector {vec}: {vectors.get(vec, (None,))[0]} non-nop instructions, expected {want}")
    for v, want in INTERRUPT_PATH.items():
        n = function_non_nop(objdump, os.path.join(ivt_dir, f"ivt-{v}.o"), "__interrupt")
        check(n == want, f"ivt-{v}.o: __interrupt has {n} non-nop instructions, expected {want}")
    dis = subprocess.run([objdump, "-d", "-j", ".text..ivt", os.path.join(ivt_dir, "ivt-xen.o")],
                         capture_output=True, text=True).stdout
    breaks = [int(b, 16) for b in re.findall(r"\bbreak\.[mibfx]\s+(0x[0-9a-f]+)", dis)]
    hps = [b for b in breaks if 0x01 <= b <= 0x1a]
    print(f"ivt.S, xen: {len(hps)} hyperprivop breaks (Linux 3.x: 43)")
    check(len(hps) == XEN_IVT_BREAKS, f"ivt-xen.o: {len(hps)} hyperprivop breaks, expected {XEN_IVT_BREAKS}")

    # the linked images: site for site
    nsites, _ = image_sites(emu, os.path.join(ivt_dir, "kernel-native.elf"))
    xsites, xtext = image_sites(emu, os.path.join(ivt_dir, "kernel-xen.elf"))
    check("(variant xen)" in xtext, "kernel-xen.elf: the site records do not say variant xen")
    check([x[:3] for x in nsites] == [x[:3] for x in xsites],
          "kernel-xen.elf and kernel-native.elf differ in site ids, hooks or arguments")
    for variant, slist in (("native", nsites), ("xen", xsites)):
        insns = disassembly(objdump, os.path.join(ivt_dir, f"kernel-{variant}.elf"))
        for sid, hook, _, addr, nb in slist:
            body = [t for a, t in insns if addr <= a < addr + 16 * nb]
            got = [int(b, 16) for t in body for b in re.findall(r"^break\.[mibfx]\s+(0x[0-9a-f]+)$", t)]
            want = [HP[n] for n in XEN_BREAKS.get(hook, [])] if variant == "xen" else []
            check(got == want, f"{variant} site {sid} ({hook}): breaks {[hex(b) for b in got]}, "
                               f"expected {[hex(b) for b in want]}")
            if variant != "xen":
                continue
            xsi = {int(v, 16) - XSI_BASE for t in body for v in re.findall(r"^movl r\d+=(0x[0-9a-f]+)$", t)
                   if int(v, 16) >= XSI_BASE}
            check(xsi == XEN_XSI.get(hook, set()), f"xen site {sid} ({hook}): XSI fields "
                  f"{sorted(hex(x) for x in xsi)}, expected {sorted(hex(x) for x in XEN_XSI.get(hook, set()))}")
            raw = [t for t in body if PRIVILEGED.search(t)]
            want_raw = [t for t in raw if hook in XEN_RAW and t.startswith(XEN_RAW[hook])]
            check(raw == want_raw and (hook not in XEN_RAW or len(raw) == 1),
                  f"xen site {sid} ({hook}): privileged instructions {raw}")


def missing_tarball(src, scratch):
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    missing = os.path.join(scratch, "no-such-linux-source-6.1.tar.xz")
    r = subprocess.run(["cmake", "-S", src, "-B", os.path.join(scratch, "build"),
                        f"-DLINUX_SOURCE_TARBALL={missing}"], capture_output=True, text=True)
    check(r.returncode != 0, "configure succeeded without the tarball")
    check("linux-source-6.1" in r.stderr and "missing" in r.stderr,
          f"configure did not say what to install: {r.stderr[-400:]}")
    # the build-time extraction step on its own
    r = subprocess.run(["cmake", f"-DTARBALL={missing}", f"-DLIST={src}/ivt/linux-files.txt",
                        f"-DDEST={scratch}/linux", f"-DSTAMP={scratch}/stamp", "-P",
                        f"{src}/ivt/extract.cmake"], capture_output=True, text=True)
    check(r.returncode != 0 and "install the Debian package linux-source-6.1" in r.stderr,
          f"extract.cmake did not fail clearly: {r.stderr[-400:]}")
    check(not os.path.exists(f"{scratch}/stamp"), "extract.cmake wrote its stamp without the tarball")
    shutil.rmtree(scratch, ignore_errors=True)


def main(argv):
    if len(argv) == 4 and argv[1] == "static":
        static(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "xen":
        xen(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "missing-tarball":
        missing_tarball(argv[2], argv[3])
    else:
        sys.exit(__doc__)
    if failures:
        sys.exit(f"{len(failures)} failure(s)")
    print("ok")


if __name__ == "__main__":
    main(sys.argv)
