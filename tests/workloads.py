"""What each guest-kernel workload prints: its one result line (the
values are fixed by the workload's own arithmetic; ivt/kernel/user.S)."""

LINES = {
    "tlbmiss": "tlbmiss: 192 pages x 8 passes, checksum 389088",
    "syscall": "syscall: 1000 getpid calls, pid sum 1000",
    "timer": "timer: 300000 xorshift64 steps = 0x17880d134dc899d1, then slept 3 ticks",
    "ctxsw": "ctxsw: 2 tasks, yields 100 + 100",
    "fault": "fault: chk.s recovered 42, NaT consumption skipped (target kept 7), "
             "unaligned ld8 emulated = 0x0011223344556677",
    "mixed": "mixed: tlbmiss 1176, getpid sum 100, xorshift64 0x3002399e4292989c, "
             "fault 42/7/0x0011223344556677, task B yields 100",
}
