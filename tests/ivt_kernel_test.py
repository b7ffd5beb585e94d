#!/usr/bin/env python3
"""The real Linux IVT inside our guest kernel (ivt/kernel/): workloads,
per-vector entry counts, panics, and the static report of the linked
images.

  ivt_kernel_test.py workload EMU IVT_DIR NAME
      runs NAME on kernel-native.elf, kernel-check.elf and, under the
      hypervisor (--mode=xen), kernel-xen.elf: all exit 0 and print the
      same one line (so no caller relies on a register it donated to a
      hook, and the paravirtual kernel is equivalent), and the entries into each IVT vector (from
      --dump-state) meet the expectations derived by hand below;
  ivt_kernel_test.py panic EMU IVT_DIR
      a task that reads the kernel at PL3 is killed: the kernel's panic
      line (vector, IIP, IFA) and ia64emu's, exit status 1; an unknown
      workload name: exit status 2;
  ivt_kernel_test.py sites EMU IVT_DIR
      ia64emu pvops sites on the linked images;
  ivt_kernel_test.py privileged EMU IVT_DIR OBJDUMP
      objdump of each linked image: every privileged instruction (and
      every privilege-sensitive one we hook: fc, thash, cover) of our
      kernel and workloads lies inside a recorded hook site; in ivt.S and
      entry.S only the ones Linux's hooks leave raw are outside a site.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
from checks import check, failures
from workloads import LINES

# The workloads' parameters (ivt/kernel/user.S) and the kernel's
# (ivt/kernel/kernel.h).
TLB_PAGES, TLB_PASSES = 192, 8
SYSCALLS = 1000
TIMER_STEPS, TIMER_SLEEP = 300000, 3
YIELDS = 100
TICK = 20000


# IVT vector numbers.
VHPT, ITLB, DTLB, ALT_ITLB, ALT_DTLB, NESTED = 0, 1, 2, 3, 4, 5
DIRTY, ACCESS, BREAK, EXTINT = 8, 10, 11, 12
NAT, UNALIGNED = 26, 30




def run(emu, image, args, timeout=30, mode="native"):
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "state.json")
        p = subprocess.run([emu, "run", f"--mode={mode}", "--max-insns=200000000", f"--dump-state={dump}",
                            image, "--"] + args,
                           capture_output=True, text=True, timeout=timeout)
        vectors = {}
        if os.path.exists(dump):
            with open(dump) as f:
                vectors = {int(k): v for k, v in json.load(f).get("vectors", {}).items()}
    return p, vectors


def expect_vectors(name, v, variant):
    """Hand-derived expectations.  Every workload makes its system calls
    with break 0x100000 (vector 11), writes its one line (1 call) and exits
    (1 call per task)."""
    g = lambda n: v.get(n, 0)
    tag = f"{name} ({variant})"
    # every run: the first user-page references go through the page tables
    check(g(VHPT) >= 1, f"{tag}: no VHPT Translation entries")
    for n in (ITLB, ALT_ITLB):
        check(g(n) == 0, f"{tag}: {g(n)} entries into vector {n}: user text is mapped at boot, "
                         "the kernel's by itr")
    if name == "syscall":
        # K getpid calls, the write and the exit: exactly K + 2 breaks
        check(g(BREAK) == SYSCALLS + 2, f"{tag}: {g(BREAK)} break entries, expected {SYSCALLS + 2}")
    elif name == "tlbmiss":
        # N fresh pages, each first read: a not-present PTE (the Data TLB
        # vector, or VHPT Translation / Data Nested TLB when the walk
        # needs the page-table page), then the access bit; each first
        # written: the dirty bit
        dtlb_path = g(VHPT) + g(DTLB) + g(NESTED)
        check(dtlb_path >= TLB_PAGES, f"{tag}: {dtlb_path} DTLB-path entries, expected >= {TLB_PAGES}")
        check(g(DTLB) >= TLB_PAGES, f"{tag}: {g(DTLB)} Data TLB entries, expected >= {TLB_PAGES}")
        check(g(ACCESS) >= TLB_PAGES, f"{tag}: {g(ACCESS)} Data Access-Bit entries, expected >= {TLB_PAGES}")
        check(g(DIRTY) >= TLB_PAGES, f"{tag}: {g(DIRTY)} Dirty-Bit entries, expected >= {TLB_PAGES}")
        check(g(BREAK) == 2, f"{tag}: {g(BREAK)} break entries, expected 2 (write, exit)")
    elif name == "timer":
        # at least 7 instructions per xorshift step, one tick per TICK
        # instructions, and the sleep of 3 ticks
        want = TIMER_STEPS * 7 // TICK + TIMER_SLEEP
        check(g(EXTINT) >= want, f"{tag}: {g(EXTINT)} External Interrupt entries, expected >= {want}")
        check(g(BREAK) == 3, f"{tag}: {g(BREAK)} break entries, expected 3 (nanosleep, write, exit)")
    elif name == "ctxsw":
        # 2 x YIELDS sched_yield, then task A's waiting yields, the write
        # and 2 exits
        want = 2 * YIELDS + 3
        check(g(BREAK) >= want, f"{tag}: {g(BREAK)} break entries, expected >= {want}")
    elif name == "fault":
        check(g(NAT) == 1, f"{tag}: {g(NAT)} NaT Consumption entries, expected 1")
        check(g(UNALIGNED) == 1, f"{tag}: {g(UNALIGNED)} Unaligned Reference entries, expected 1")
        check(g(BREAK) == 2, f"{tag}: {g(BREAK)} break entries, expected 2 (write, exit)")
    elif name == "mixed":
        pages = TLB_PAGES // 4
        check(g(DTLB) >= pages, f"{tag}: {g(DTLB)} Data TLB entries, expected >= {pages}")
        check(g(ACCESS) >= pages and g(DIRTY) >= pages, f"{tag}: access/dirty-bit entries below {pages}")
        check(g(NAT) == 1 and g(UNALIGNED) == 1, f"{tag}: NaT Consumption / Unaligned entries not 1 each")
        want = SYSCALLS // 10 + YIELDS + 1 + 1 + 2
        check(g(BREAK) >= want, f"{tag}: {g(BREAK)} break entries, expected >= {want}")
        check(g(EXTINT) >= 1, f"{tag}: no timer interrupts")


def workload(emu, ivt_dir, name):
    outs = {}
    for variant in ("native", "check", "xen"):
        # xen: the paravirtual kernel under the hypervisor model (hv/)
        image = os.path.join(ivt_dir, f"kernel-{variant}.elf")
        p, vectors = run(emu, image, [name], mode="xen" if variant == "xen" else "native")
        check(p.returncode == 0, f"{name} ({variant}): exit status {p.returncode}, stderr: {p.stderr.strip()}")
        check(p.stdout == LINES[name] + "\n", f"{name} ({variant}): printed {p.stdout!r}")
        outs[variant] = p.stdout
        expect_vectors(name, vectors, variant)
    check(outs["native"] == outs["check"], f"{name}: native and check kernels print different lines")
    check(outs["native"] == outs["xen"], f"{name}: native and xen kernels print different lines")


def panic(emu, ivt_dir):
    image = os.path.join(ivt_dir, "kernel-native.elf")
    p, vectors = run(emu, image, ["panic"])
    check(p.returncode == 1, f"panic: exit status {p.returncode}, expected 1")
    m = re.search(r"ia64 kernel panic: .*: vector (\d+) iip (0x[0-9a-f]+) ifa (0x[0-9a-f]+)", p.stdout)
    check(m is not None, f"panic: no kernel panic line in {p.stdout!r}")
    if m:
        check(m.group(1) == "23", f"panic: the kernel reported vector {m.group(1)}, expected 23")
        check(int(m.group(2), 16) >> 61 == 2, "panic: IIP is not in the user text (region 2)")
        check(int(m.group(3), 16) == 0xe000000004000000, f"panic: IFA {m.group(3)}, expected the kernel's base")
    check(re.search(r"ia64emu: guest kernel panic: exit status 1; last interruption: vector 23 "
                    r"\(Data Access Rights\) iip=0x4[0-9a-f]+ ifa=0xe000000004000000", p.stderr) is not None,
          f"panic: ia64emu's panic line missing: {p.stderr!r}")
    check(vectors.get(23) == 1, f"panic: vectors {vectors}")
    p, _ = run(emu, image, ["nosuch"])
    check(p.returncode == 2 and "unknown workload" in p.stdout, f"unknown workload: {p.returncode} {p.stdout!r}")


VARIANTS = ("native", "check", "xen")

# The guest kernel's own sites (ids from 2000) per hook, as ivt/kernel/
# kernel.S makes them: 8 region registers, itr0 and dtr0 (the kernel
# granule) and dtr1 (the task stacks), the PTA, IVA, ITV and TPR once,
# fc in each of the two bundle patchers, the kernel registers, the boot
# rfi and its IPSR/IIP/IFS; the timer's ITC reads and ITM writes (boot,
# tick), its IVR read and EOI; psr.i around the scheduler (sys_exit,
# sched_yield, nanosleep, the idle wait).
KERNEL_SITES = {
    "MOV_TO_RR": 8, "ITR_I": 1, "ITR_D": 2, "MOV_TO_ITIR": 1, "MOV_TO_IFA": 2,
    "MOV_TO_PTA": 1, "MOV_TO_IVA": 1, "MOV_TO_ITV": 1, "MOV_TO_TPR": 1, "FC": 2,
    "MOV_TO_KR": 4, "MOV_TO_IPSR": 1, "MOV_TO_IIP": 1, "MOV_TO_IFS": 1, "RFI": 1,
    "MOV_FROM_ITC": 2, "MOV_TO_ITM": 2, "MOV_FROM_IVR": 1, "MOV_TO_EOI": 1,
    "RSM_PSR_I": 4, "SSM_PSR_I": 3,
}


def site_list(emu, image):
    """(id, hook, address, bundles) of every site in IMAGE."""
    p = subprocess.run([emu, "pvops", "sites", image], capture_output=True, text=True)
    check(p.returncode == 0, f"pvops sites {image}: exit status {p.returncode}: {p.stderr.strip()}")
    return [(int(m.group(1)), m.group(2), int(m.group(3), 16), int(m.group(4)))
            for m in re.finditer(r"^\s+(\d+)\s+([A-Z_0-9]+)\s+(0x[0-9a-f]+)\s+.*?\s+(\d+)  ", p.stdout, re.M)]


def sites(emu, ivt_dir):
    for variant in VARIANTS:
        image = os.path.join(ivt_dir, f"kernel-{variant}.elf")
        p = subprocess.run([emu, "pvops", "sites", image], capture_output=True, text=True)
        check(p.returncode == 0, f"pvops sites {image}: exit status {p.returncode}: {p.stderr.strip()}")
        ids = [int(m.group(1)) for m in re.finditer(r"^\s+(\d+)\s+[A-Z_0-9]+\s+0x", p.stdout, re.M)]
        check(ids[:107] == list(range(107)), f"{variant}: the ivt.S sites are not 0..106")
        check(ids[107:126] == list(range(1000, 1019)), f"{variant}: the entry.S sites are not 1000..1018")
        own = ids[126:]
        check(own and own == list(range(2000, 2000 + len(own))), f"{variant}: the kernel's sites are not 2000..")
        # the checking build's IVT holds its poison instructions too
        total = re.search(r"^ total\s+(\d+)\s+(\d+)$", p.stdout, re.M)
        check(total is not None and total.group(2) == "107", f"{variant}: the linked IVT does not hold 107 sites")
        if total and variant == "native":
            check(total.group(1) == "1369", f"native: the linked IVT counts {total.group(1)} non-nop "
                                            "instructions, expected 1369")
        check(re.search(r"^\s+35\s+MOV_TO_EOI\s+write-cr\s+1$", p.stdout, re.M) is not None,
              f"{variant}: the kernel's EOI site is not reported")
        addrs = [int(m.group(1), 16) for m in re.finditer(r"^\s+\d+\s+[A-Z_0-9]+\s+(0x[0-9a-f]+)", p.stdout, re.M)]
        check(all(a >> 61 == 7 for a in addrs), f"{variant}: a site outside region 7")
        own = {}
        for sid, hook, _, _ in site_list(emu, image):
            if sid >= 2000:
                own[hook] = own.get(hook, 0) + 1
        check(own == KERNEL_SITES, f"{variant}: the kernel's own sites per hook are {own}, expected {KERNEL_SITES}")


# Privileged instructions (SDM vol. 3: a Privileged Operation fault at
# CPL > 0; also mov to ar.k*, ar.itc), and the privilege-sensitive ones
# that have hooks (fc, thash, cover), as objdump prints them.
PRIVILEGED = re.compile(
    r"^(rfi|bsw\.[01]|ssm|rsm|itc\.[id]|itr\.[id]|ptc\.(l|g|ga|e)|ptr\.[id]|tak|tpa|fc(\.i)?|thash|ttag|cover)\b"
    r"|^mov(\.m)? (psr\.l|cr\.\w+|rr\[|pkr\[|ibr\[|dbr\[|pmc\[|pmd\[|ar\.k[0-7]|ar\.itc)\S*="
    r"|^mov(\.m)? r\d+=(psr$|cr\.|rr\[|pkr\[|ibr\[|dbr\[|pmc\[)")

# What Linux 6.1's hooks leave raw (by instruction, registers as r), per
# variant: in ivt.S the 8 ptc.l of the SMP purge paths and rsm psr.dfh
# (Disabled FP-Register); minstate.h's DO_SAVE_MIN, used 6 times
# (SAVE_MIN_WITH_COVER*), reads cr.ifs and switches banks with a raw
# bsw.1 natively, where the Xen build's own DO_SAVE_MIN reads XSI
# precover_ifs and switches banks through XSI; in entry.S the itr.d that
# maps the next task's stack (ia64_switch_to) and the rsm psr.i of the
# syscall-trace path.  In the Xen build they trap and are emulated.
RAW_IVT = {"ptc.l r,r": 8, "rsm 0x80000": 1}
RAW_SAVE_MIN = {"mov r=cr.ifs": 6, "bsw.1": 6}
RAW_ENTRY = {"itr.d dtr[r]=r": 1, "rsm 0x4000": 1}


def privileged(emu, ivt_dir, objdump):
    for variant in VARIANTS:
        image = os.path.join(ivt_dir, f"kernel-{variant}.elf")
        inside = [(a, a + 16 * b) for _, _, a, b in site_list(emu, image)]
        syms = subprocess.run([objdump, "-t", image], capture_output=True, text=True).stdout
        entry = [int(m.group(1), 16) for name in ("__entry_text_start", "__entry_text_end")
                 for m in re.finditer(rf"^([0-9a-f]+) .*\s{name}$", syms, re.M)]
        check(len(entry) == 2 and entry[0] < entry[1], f"{variant}: entry.S's code is not marked in the image")
        if len(entry) != 2:
            continue
        dis = subprocess.run([objdump, "-d", image], capture_output=True, text=True).stdout
        raw = {"ivt": {}, "entry": {}}
        found = 0
        for m in re.finditer(r"^([0-9a-f]+):\t[0-9a-f ]+\t(?:\[\w+\])?\s*(.+)$", dis, re.M):
            addr = int(m.group(1), 16)
            insn = re.sub(r"^\(p\d+\)\s*", "", m.group(2).split("//")[0].strip().rstrip(";").strip())
            if not PRIVILEGED.search(insn):
                continue
            found += 1
            if any(lo <= addr < hi for lo, hi in inside):
                continue
            where = "entry" if entry[0] <= addr < entry[1] else "ivt" if dis_section(dis, m.start()) == ".text..ivt" else ""
            key = re.sub(r"\br\d+\b", "r", insn)
            if where:
                raw[where][key] = raw[where].get(key, 0) + 1
            else:
                check(False, f"{variant}: a raw privileged instruction outside any hook site at {addr:#x}: {insn}")
        check(found > 0, f"{variant}: no privileged instruction found at all")
        want_ivt = dict(RAW_IVT, **({} if variant == "xen" else RAW_SAVE_MIN))
        check(raw["ivt"] == want_ivt, f"{variant}: raw in ivt.S {raw['ivt']}, expected {want_ivt}")
        check(raw["entry"] == RAW_ENTRY, f"{variant}: raw in entry.S {raw['entry']}, expected {RAW_ENTRY}")


def dis_section(dis, pos):
    """The section objdump was disassembling at offset POS of its output."""
    i = dis.rfind("Disassembly of section ", 0, pos)
    return dis[i:].split()[3].rstrip(":") if i >= 0 else ""


def main(argv):
    if len(argv) == 5 and argv[1] == "workload":
        workload(argv[2], argv[3], argv[4])
    elif len(argv) == 4 and argv[1] == "panic":
        panic(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "sites":
        sites(argv[2], argv[3])
    elif len(argv) == 5 and argv[1] == "privileged":
        privileged(argv[2], argv[3], argv[4])
    else:
        sys.exit(__doc__)
    if failures:
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main(sys.argv)
