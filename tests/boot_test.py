#!/usr/bin/env python3
"""`ia64emu boot` (docs/boot.md).

usage: boot_test.py bad IA64EMU SYSTEM_ELF
       boot_test.py CASE IA64EMU LINUX_DIR    (CASE: poweroff, commands, quiet, panic, trap, costs, pv)

bad: errors that need no kernel: a vmlinux that is not IA-64, a missing or
empty initrd, an image not loaded at a 64 MB boundary, a bad --mem; each a
one-line error naming the file and exit status 2.

The others boot LINUX_DIR/vmlinux (scripts/linux-image builds it) with
LINUX_DIR/initramfs.cpio.gz and check what the kernel and our init print:
  poweroff  no input: the banner, "Run /init", the init's line, exit 0 from
            the init's poweroff (the reboot system call ends in PAL_HALT);
  commands  `echo hello` and `cat /proc/cpuinfo` on stdin, the last
            without its newline: their answers, with the CPU family our
            CPUID reports (cpu/ops_sys.c), and the poweroff at the end;
  quiet     --quiet: nothing of the kernel's before userspace runs;
  panic     no initramfs: the kernel finds no init and panics; exit 1 and
            its last 20 console lines on stderr;
  trap      --mode=trap: the kernel deprivileged (trap-and-emulate) boots
            until its first interruption through the IVT's SAVE_MIN, whose
            `cover` does not trap at CPL 2 and does not write IFS with the
            real PSR.ic on (SDM vol. 3, cover): the run ends in the
            kernel's panic, and the report counts the privileged
            operations emulated (ssm/rsm among them) and the cover that
            differed;
  costs     --costs: the hook sites scripts/linux-image's kernel records
            (its IVT and entry.S built with our hook backend): natively
            the commands' output is the same as without --costs, the
            table has the IVT's hooks (rfi, cover, bsw, the interruption
            registers) executed and no hypervisor entry; deprivileged the
            run ends in the same state (--dump-state) with --costs as
            without, and the hooks that ran show their traps;
  pv        paravirtual: vmlinux-xen (the IVT and entry.S built with the
            backend's Xen variant) under the hypervisor (--mode=xen), and
            the native vmlinux with its sites patched from it at load
            (--mode=patched): both reach userspace and power off, and what
            the init prints for the commands is what it prints natively
            (guest-visible equivalence); the runs make hyperprivops (the
            IVT's) and privileged-operation faults (the C code's), most of
            them at arch_local_irq_save / _restore (ssm, rsm psr.i).
Without a kernel (scripts/linux-image not run) they exit 77: skipped.
"""
import os
import subprocess
import sys
import tempfile

from cmd_cases import sanitizer_spoke, summary, verdict, writer

SKIP = 77
TIMEOUT = 600
# cpuid[3] of the emulated processor: family 0x1f, Itanium 2 (cpu/ops_sys.c)
CPU_FAMILY = 31


def run(emu, args, stdin=b""):
    p = subprocess.run([emu, "boot"] + args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=TIMEOUT)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def bad_cases(emu, system_elf):
    problems = 0
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        make = writer(tmp)
        host_elf = sys.executable if os.path.exists(sys.executable) else "/bin/sh"
        empty = make("empty.cpio", b"")
        cases = [
            ("not IA-64", [host_elf], [os.path.basename(host_elf), "not an IA-64 ELF"]),
            ("missing initrd", ["--initrd=" + os.path.join(tmp, "none.cpio.gz"), system_elf], ["none.cpio.gz"]),
            ("empty initrd", ["--initrd=" + empty, system_elf], ["empty.cpio", "empty"]),
            ("not 64 MB aligned", [system_elf], [os.path.basename(system_elf), "64 MB"]),
            ("bad --mem", ["--mem=lots", system_elf], ["--mem=lots"]),
            ("no image", [], ["VMLINUX"]),
        ]
        for name, args, needles in cases:
            total += 1
            rc, out, err = run(emu, args)
            p = []
            if rc != 2:
                p.append("exit %d, expected 2" % rc)
            lines = [l for l in err.splitlines() if l.strip()]
            if len(lines) != 1:
                p.append("%d lines on stderr, expected 1: %r" % (len(lines), err))
            for n in needles:
                if n not in err:
                    p.append("stderr lacks %r: %r" % (n, err))
            if sanitizer_spoke(err):
                p.append("sanitizer report")
            print("%-20s %s" % (name, verdict(p)))
            problems += bool(p)
    return summary(total, problems)


def expect(p, cond, what):
    if not cond:
        p.append(what)


def boot_case(case, emu, linux):
    vmlinux = os.path.join(linux, "vmlinux")
    initrd = os.path.join(linux, "initramfs.cpio.gz")
    if not (os.path.exists(vmlinux) and os.path.exists(initrd)):
        print("skipped: no %s and %s (run scripts/linux-image)" % (vmlinux, initrd))
        return SKIP
    p = []
    if case == "poweroff":
        rc, out, err = run(emu, ["--stats", "--initrd=" + initrd, vmlinux])
        expect(p, "Linux version 6.1." in out, "no kernel banner")
        expect(p, "Run /init as init process" in out, "no 'Run /init' line")
        expect(p, "ia64emu: userspace up" in out, "no init line")
        expect(p, rc == 0, "exit %d, expected 0" % rc)
        expect(p, "the guest ended the run: PAL_HALT" in err, "the run did not end in PAL_HALT")
        expect(p, "userspace reached after" in err, "--stats: no instructions to userspace")
    elif case == "commands":
        # (the last line without its newline: the end of input must still come)
        rc, out, err = run(emu, ["--initrd=" + initrd, vmlinux], b"echo hello\ncat /proc/cpuinfo")
        after = out.split("ia64emu: userspace up", 1)[-1]
        lines = [l.strip() for l in after.replace("\r", "").splitlines()]
        expect(p, "hello" in lines, "no 'hello' line after the init's line")
        fam = [l for l in lines if l.startswith("family")]
        expect(p, fam and fam[0].split(":", 1)[1].strip() in (str(CPU_FAMILY), "Itanium 2"),
               "cpuinfo's family line %r, expected family %d" % (fam[:1], CPU_FAMILY))
        expect(p, any(l.startswith("vendor") and "GenuineIntel" in l for l in lines), "no cpuinfo vendor line")
        expect(p, rc == 0, "exit %d, expected 0" % rc)
    elif case == "quiet":
        rc, out, err = run(emu, ["--quiet", "--initrd=" + initrd, vmlinux])
        expect(p, "Linux version" not in out and "Run /init" not in out, "kernel messages shown with --quiet")
        expect(p, "ia64emu: userspace up" in out, "no init line")
        expect(p, rc == 0, "exit %d, expected 0" % rc)
    elif case == "panic":
        rc, out, err = run(emu, [vmlinux])
        expect(p, rc == 1, "exit %d, expected 1" % rc)
        expect(p, "the kernel panicked" in err, "no panic report")
        tail = err.split("console lines:\n", 1)[-1]
        tail_lines = [l for l in tail.splitlines() if l.strip()]
        expect(p, any("Kernel panic - not syncing" in l for l in tail_lines), "the tail lacks the panic line")
        expect(p, 1 < len(tail_lines) <= 20, "%d tail lines, expected 2-20" % len(tail_lines))
    elif case == "trap":
        rc, out, err = run(emu, ["--mode=trap", "--stats", "--initrd=" + initrd, vmlinux])
        expect(p, "Linux version 6.1." in out, "no kernel banner")
        expect(p, "efi: EFI v2.00 by ia64emu" in out, "no EFI line")
        expect(p, "unable to switch EFI into virtual mode" not in out, "SetVirtualAddressMap failed")
        expect(p, rc == 1 and "the kernel panicked" in err, "exit %d, expected the kernel's panic (1)" % rc)
        expect(p, "privileged operations emulated, per kind:" in err, "no per-kind table")
        kinds = dict((l.split()[1], l.split()[-1]) for l in err.splitlines()
                     if l.startswith("ia64emu:   ") and len(l.split()) >= 3 and l.split()[-1].isdigit())
        expect(p, int(kinds.get("ssm/rsm", "0")) > 0, "no ssm/rsm emulated")
        cover = [l for l in err.splitlines() if l.startswith("ia64emu:   cover ")]
        expect(p, cover and " 0 differ" not in cover[0], "no cover that differed: %r" % cover[:1])
    elif case == "costs":
        stdin = b"echo hello\ncat /proc/cpuinfo\n"
        rc0, out0, _ = run(emu, ["--initrd=" + initrd, vmlinux], stdin)
        rc, out, err = run(emu, ["--costs", "--initrd=" + initrd, vmlinux], stdin)
        expect(p, rc == rc0 == 0 and out == out0, "--costs changed the run (exit %d, %d)" % (rc0, rc))
        rows = {}
        for l in err.splitlines():
            f = l.split()
            if len(f) == 13 and f[0] == "ia64emu:" and f[2].isdigit():
                rows[f[1]] = [int(x) for x in f[2:]]
        for hook in ("RFI", "COVER", "BSW_0", "BSW_1", "MOV_FROM_IPSR", "MOV_TO_IIP", "RSM_PSR_I", "SSM_PSR_I"):
            expect(p, rows.get(hook, [0])[0] > 0, "hook %s not executed: %r" % (hook, rows.get(hook)))
        total = rows.get("total")
        expect(p, total and total[0] > 0 and sum(total[4:9]) == 0, "native totals %r (no hypervisor entry)" % total)
        with tempfile.TemporaryDirectory() as tmp:
            a, b = os.path.join(tmp, "a.json"), os.path.join(tmp, "b.json")
            run(emu, ["--mode=trap", "--dump-state=" + a, "--initrd=" + initrd, vmlinux])
            rc, out, err = run(emu, ["--mode=trap", "--costs", "--dump-state=" + b, "--initrd=" + initrd, vmlinux])
            with open(a) as fa, open(b) as fb:
                expect(p, fa.read() == fb.read(), "--mode=trap ends in another state with --costs")
        trapped = [l for l in err.splitlines() if l.split()[1:2] == ["total"]]
        expect(p, trapped and int(trapped[0].split()[8]) > 0, "no hook trapped in --mode=trap: %r" % trapped[:1])
    elif case == "pv":
        stdin = b"echo hello\ncat /proc/cpuinfo\nuptime\n"
        rc, out, err = run(emu, ["--initrd=" + initrd, vmlinux], stdin)
        native = out.split("ia64emu: userspace up", 1)[-1]
        # (timing follows the instruction count, which differs: uptime's
        # figures and cpuinfo's BogoMIPS, the delay loop's calibration)
        uptime = lambda t: [l for l in t.splitlines() if l[:1].isdigit() or l.startswith("BogoMIPS")]
        expect(p, rc == 0, "native: exit %d" % rc)
        for opts, image in ((["--mode=xen"], vmlinux + "-xen"), (["--mode=patched"], vmlinux)):
            rc, out, err = run(emu, opts + ["--stats", "--initrd=" + initrd, image], stdin)
            what = opts[0]
            expect(p, rc == 0 and "the guest ended the run: PAL_HALT" in err, "%s: exit %d" % (what, rc))
            user = out.split("ia64emu: userspace up", 1)[-1]
            same = [l for l in user.splitlines() if l not in uptime(user)] == \
                   [l for l in native.splitlines() if l not in uptime(native)]
            expect(p, "ia64emu: userspace up" in out and same, "%s: userspace's output differs from native" % what)
            hp = [l for l in err.splitlines() if l.strip().startswith("ia64emu:   hyperprivops")]
            pf = [l for l in err.splitlines() if l.strip().startswith("ia64emu:   privop_faults")]
            expect(p, hp and int(hp[0].split()[2]) > 0, "%s: no hyperprivop" % what)
            expect(p, pf and int(pf[0].split()[2]) > 0, "%s: no privileged-operation fault" % what)
            # where the faults come from: the C code's interrupt masking
            sites = err.split("faults by address", 1)[-1].splitlines()[1:2]
            expect(p, sites and ("arch_local_irq_save" in sites[0] or "arch_local_irq_restore" in sites[0]),
                   "%s: the address with the most faults is not the kernel's irq masking: %r" % (what, sites))
            if what == "--mode=patched":
                expect(p, " sites with the sequences of " in err, "no patch report")
    else:
        raise SystemExit("unknown case " + case)
    if sanitizer_spoke(err):
        p.append("sanitizer report")
    print("%-10s %s" % (case, verdict(p)))
    if p:
        print("--- stdout (last 40 lines)\n" + "\n".join(out.splitlines()[-40:]))
        print("--- stderr (last 40 lines)\n" + "\n".join(err.splitlines()[-40:]))
    return 1 if p else 0


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    case, emu, arg = sys.argv[1:]
    if case == "bad":
        return bad_cases(emu, arg)
    return boot_case(case, emu, arg)


if __name__ == "__main__":
    sys.exit(main())
