/* ia64emu's guest workloads: user programs at PL3 that drive the hot
 * vectors of the real Linux IVT (ivt.S) through our guest kernel.
 * Our own code (ia64emu project).
 *
 * They are linked into the kernel image at their user address (region 2)
 * and mapped read-execute at PL3 by the kernel.  System calls follow the
 * Linux IA-64 convention: break 0x100000, number in r15, arguments in
 * out0-out7, result in r8 (r10 = -1 on error).  Each workload prints one
 * result line and exits with status 0; nothing in a line depends on how
 * many instructions the kernel ran (the native and the checking builds
 * must print the same).
 */
#include <asm/unistd.h>
#include "kernel.h"

#define SYSCALL(nr) mov r15 = nr ;; break.m 0x100000 ;;

/* User memory: everything but the text comes on demand (zero pages). */
#define UDATA		0x6000000000800000	/* region 3: counters, line buffer */
#define U_CNT_A		(UDATA + 0x100)
#define U_CNT_B		(UDATA + 0x108)
#define U_DONE_B	(UDATA + 0x110)
#define U_LINE		(UDATA + 0x200)
#define U_UNALIGNED	(UDATA + 0x400)
#define U_TLB_AREA	0x6000000001000000	/* region 3 + 16 MB */

/* The result line at U_LINE: LINE(s) starts it with the string at s;
 * the PUT macros append (r8 is where the line has got to) a string, fn(v)
 * (u_dec or u_hex of a register) or fn of the 8 bytes at addr; LINE_END
 * writes the line and exits with status 0. */
#define LINE(s)							\
	movl out0 = U_LINE ;					\
	movl out1 = s ;;					\
	br.call.sptk.many rp = u_str ;;
#define PUT_STR(s)						\
	mov out0 = r8 ;						\
	movl out1 = s ;;					\
	br.call.sptk.many rp = u_str ;;
#define PUT(fn, v)						\
	mov out0 = r8 ;						\
	mov out1 = v ;						\
	br.call.sptk.many rp = fn ;;
#define PUT_MEM(fn, addr)					\
	movl r14 = addr ;;					\
	ld8 out1 = [r14] ;					\
	mov out0 = r8 ;						\
	br.call.sptk.many rp = fn ;;
#define LINE_END						\
	mov out0 = r8 ;						\
	br.call.sptk.many rp = u_line_end ;;

/* Parameters, which the tests' expected vector counts are derived from. */
#define TLB_PAGES	192	/* more than the 128-entry data TC */
#define TLB_PASSES	8
#define SYSCALLS	1000
#define TIMER_STEPS	300000
#define TIMER_SLEEP	3
#define YIELDS		100

	.explicit
	.section .user.text, "ax"

/* ---- helpers (software conventions) ------------------------------------ */

/* u_write(buf, len).  (A system call leaves r2, r3, r14-r31 cleared or
 * changed: what must survive it lives in stacked registers.) */
FUNC(u_write)
	alloc loc0 = ar.pfs, 2, 1, 3, 0
	;;
	mov out0 = 1
	mov out1 = in0
	mov out2 = in1
	SYSCALL(__NR_write)
	mov ar.pfs = loc0
	br.ret.sptk.many rp
	;;
ENDF(u_write)

/* u_exit(code) */
FUNC(u_exit)
	alloc r2 = ar.pfs, 1, 0, 1, 0
	;;
	mov out0 = in0
	SYSCALL(__NR_exit)
1:	br.cond.sptk 1b
	;;
ENDF(u_exit)

/* u_str(p, s) -> r8 = p + strlen(s): appends S (without its NUL) at P. */
FUNC(u_str)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
1:	ld1 r14 = [in1], 1
	;;
	cmp.eq p6, p0 = r14, r0
(p6)	br.cond.dpnt 2f
	st1 [in0] = r14, 1
	br.cond.sptk 1b
	;;
2:	mov r8 = in0
	br.ret.sptk.many rp
	;;
ENDF(u_str)

/* u_dec(p, value) -> r8: appends VALUE in decimal. */
FUNC(u_dec)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
	adds r20 = -32, sp		/* digits, backwards, in the scratch area below sp */
	mov r14 = in1
	;;
	mov r21 = r0			/* digit count */
	;;
1:	DIVU10(r14, r16, r18, r17)
	mov r14 = r16
	adds r21 = 1, r21
	;;
	adds r18 = '0', r18
	;;
	st1 [r20] = r18, -1
	cmp.ne p6, p0 = r16, r0
(p6)	br.cond.sptk 1b
	;;
	adds r20 = 1, r20
	;;
2:	ld1 r18 = [r20], 1
	adds r21 = -1, r21
	;;
	st1 [in0] = r18, 1
	cmp.ne p6, p0 = r21, r0
(p6)	br.cond.sptk 2b
	;;
	mov r8 = in0
	br.ret.sptk.many rp
	;;
ENDF(u_dec)

/* u_hex(p, value) -> r8: appends "0x" and 16 hex digits. */
FUNC(u_hex)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
	mov r14 = '0'
	mov r15 = 'x'
	mov r16 = 60
	;;
	st1 [in0] = r14, 1
	;;
	st1 [in0] = r15, 1
	;;
1:	shr.u r17 = in1, r16
	;;
	and r17 = 15, r17
	;;
	cmp.leu p6, p7 = 10, r17
	;;
(p6)	adds r17 = 'a' - 10, r17
(p7)	adds r17 = '0', r17
	;;
	st1 [in0] = r17, 1
	cmp.ne p6, p0 = r16, r0
	adds r16 = -4, r16
(p6)	br.cond.sptk 1b
	;;
	mov r8 = in0
	br.ret.sptk.many rp
	;;
ENDF(u_hex)

/* u_line_end(p): appends a newline, writes the line from U_LINE, exits 0. */
FUNC(u_line_end)
	alloc loc0 = ar.pfs, 1, 2, 2, 0
	;;
	mov r14 = 10
	movl loc1 = U_LINE
	;;
	st1 [in0] = r14, 1
	;;
	mov out0 = loc1
	sub out1 = in0, loc1
	br.call.sptk.many rp = u_write
	;;
	mov out0 = r0
	br.call.sptk.many rp = u_exit
	;;
ENDF(u_line_end)

/* ---- the work of each workload ---------------------------------------- */

/* w_tlbmiss(pages, passes) -> r8 = checksum.  Pass 0 reads every page
 * (demand-zero fault, then the access bit), pass 1 writes every page (the
 * dirty bit), the other passes read and write them all again: more pages
 * than the data TC holds, so the VHPT walker and the VHPT's own
 * translation (vector 0) keep working. */
FUNC(w_tlbmiss)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
	movl r14 = U_TLB_AREA
	movl r15 = KPAGE_SIZE
	mov r8 = r0			/* checksum */
	mov r16 = r0			/* pass */
	;;
.Lt_pass:
	cmp.eq p6, p0 = r16, in1
(p6)	br.cond.dpnt .Lt_done
	mov r17 = r0			/* page */
	mov r18 = r14
	;;
.Lt_page:
	cmp.eq p6, p0 = r17, in0
(p6)	br.cond.dpnt .Lt_next_pass
	/* the word at page offset (page * 8) mod 16K */
	dep.z r19 = r17, 3, 11
	;;
	add r19 = r19, r18
	cmp.eq p7, p8 = r16, r0		/* pass 0: read only */
	;;
	ld8 r20 = [r19]
	;;
	add r8 = r8, r20
(p8)	add r20 = r20, r17
	;;
(p8)	adds r20 = 1, r20
	;;
(p8)	st8 [r19] = r20
	add r18 = r18, r15
	adds r17 = 1, r17
	br.cond.sptk .Lt_page
	;;
.Lt_next_pass:
	adds r16 = 1, r16
	br.cond.sptk .Lt_pass
	;;
.Lt_done:
	br.ret.sptk.many rp
	;;
ENDF(w_tlbmiss)

/* w_syscall(n) -> r8 = the sum of N getpid results. */
FUNC(w_syscall)
	alloc loc0 = ar.pfs, 1, 3, 0, 0
	;;
	mov loc1 = r0
	mov loc2 = in0
	;;
1:	cmp.eq p6, p0 = loc2, r0
(p6)	br.cond.dpnt 2f
	SYSCALL(__NR_getpid)
	add loc1 = loc1, r8
	adds loc2 = -1, loc2
	br.cond.sptk 1b
	;;
2:	mov r8 = loc1
	mov ar.pfs = loc0
	br.ret.sptk.many rp
	;;
ENDF(w_syscall)

/* w_timer(steps) -> r8 = xorshift64 after STEPS steps from a fixed seed:
 * pure computation while timer interrupts come and go. */
FUNC(w_timer)
	alloc r2 = ar.pfs, 1, 0, 0, 0
	;;
	movl r8 = 0x9e3779b97f4a7c15
	mov r9 = in0
	;;
1:	shl r14 = r8, 13
	;;
	xor r8 = r8, r14
	;;
	shr.u r14 = r8, 7
	;;
	xor r8 = r8, r14
	;;
	shl r14 = r8, 17
	adds r9 = -1, r9
	;;
	xor r8 = r8, r14
	cmp.ne p6, p0 = r9, r0
(p6)	br.cond.sptk 1b
	;;
	br.ret.sptk.many rp
	;;
ENDF(w_timer)

/* w_fault() -> r8 = the value chk.s recovered, r9 = the target of a load
 * whose NaT address the kernel skipped, r10 = an unaligned ld8 that the
 * kernel emulated.
 * - ld8.s from the unmapped first page: the kernel defers it (IPSR.ed),
 *   the load yields a NaT, chk.s branches to the recovery code;
 * - a load through that NaT: NaT Consumption, the kernel steps over it;
 * - ld8 from an address 1 past an 8-byte boundary: Unaligned Data
 *   Reference, emulated by the kernel. */
FUNC(w_fault)
	alloc r2 = ar.pfs, 0, 0, 0, 0
	;;
	mov r20 = 8			/* the null page: never mapped */
	mov r23 = 7
	;;
	ld8.s r21 = [r20]
	;;
	mov r22 = r21			/* keeps the NaT */
	;;
	chk.s r21, .Lf_recover
.Lf_back:
	ld8 r23 = [r22]			/* NaT Consumption: skipped by the kernel */
	movl r24 = U_UNALIGNED
	movl r25 = 0x1122334455667788
	movl r26 = 0x99aabbccddeeff00
	;;
	st8 [r24] = r25, 8
	;;
	st8 [r24] = r26, -7
	;;
	ld8 r14 = [r24]			/* unaligned: emulated */
	;;
	mov r8 = r21
	mov r9 = r23
	mov r10 = r14
	br.ret.sptk.many rp
	;;
.Lf_recover:
	mov r21 = 42
	br.cond.sptk .Lf_back
	;;
ENDF(w_fault)

/* w_yield(n, counter): N sched_yield calls, counting them at COUNTER. */
FUNC(w_yield)
	alloc loc0 = ar.pfs, 2, 2, 0, 0
	;;
	mov loc1 = in0
	;;
1:	cmp.eq p6, p0 = loc1, r0
(p6)	br.cond.dpnt 2f
	SYSCALL(__NR_sched_yield)
	ld8 r14 = [in1]
	adds loc1 = -1, loc1
	;;
	adds r14 = 1, r14
	;;
	st8 [in1] = r14
	br.cond.sptk 1b
	;;
2:	mov ar.pfs = loc0
	br.ret.sptk.many rp
	;;
ENDF(w_yield)

/* wait_for_b(): yields until task B has said it is done. */
FUNC(wait_for_b)
	alloc loc0 = ar.pfs, 0, 1, 0, 0
	;;
1:	movl r14 = U_DONE_B
	;;
	ld8 r14 = [r14]
	;;
	cmp.ne p6, p0 = r14, r0
(p6)	br.cond.dpnt 2f
	SYSCALL(__NR_sched_yield)
	br.cond.sptk 1b
	;;
2:	mov ar.pfs = loc0
	br.ret.sptk.many rp
	;;
ENDF(wait_for_b)

/* ---- the workloads: entry points (the kernel enters them at PL3) ------- */

/* tlbmiss and syscall take a count from the kernel in r9 (the workload's
 * argument, 0 when none was given): passes, and getpid calls. */
FUNC(user_tlbmiss)
	alloc r2 = ar.pfs, 0, 4, 2, 0
	cmp.eq p6, p0 = r9, r0
	mov loc1 = r9
	;;
(p6)	mov loc1 = TLB_PASSES
	mov out0 = TLB_PAGES
	;;
	mov out1 = loc1
	br.call.sptk.many rp = w_tlbmiss
	;;
	mov loc0 = r8
	LINE(s_tlbmiss)
	PUT(u_dec, loc1)
	PUT_STR(s_tlbmiss2)
	PUT(u_dec, loc0)
	LINE_END
ENDF(user_tlbmiss)

FUNC(user_syscall)
	alloc r2 = ar.pfs, 0, 4, 2, 0
	cmp.eq p6, p0 = r9, r0
	mov loc1 = r9
	;;
(p6)	movl loc1 = SYSCALLS
	;;
	mov out0 = loc1
	br.call.sptk.many rp = w_syscall
	;;
	mov loc0 = r8
	LINE(s_syscall)
	PUT(u_dec, loc1)
	PUT_STR(s_syscall2)
	PUT(u_dec, loc0)
	LINE_END
ENDF(user_syscall)

FUNC(user_timer)
	alloc r2 = ar.pfs, 0, 4, 2, 0
	;;
	movl out0 = TIMER_STEPS
	;;
	br.call.sptk.many rp = w_timer
	;;
	mov loc0 = r8
	mov out0 = TIMER_SLEEP
	SYSCALL(__NR_nanosleep)
	LINE(s_timer)
	PUT(u_hex, loc0)
	PUT_STR(s_timer2)
	LINE_END
ENDF(user_timer)

FUNC(user_ctxsw_a)
	alloc r2 = ar.pfs, 0, 4, 2, 0
	;;
	mov out0 = YIELDS
	movl out1 = U_CNT_A
	;;
	br.call.sptk.many rp = w_yield
	;;
	br.call.sptk.many rp = wait_for_b
	;;
	LINE(s_ctxsw)
	PUT_MEM(u_dec, U_CNT_A)
	PUT_STR(s_plus)
	PUT_MEM(u_dec, U_CNT_B)
	LINE_END
ENDF(user_ctxsw_a)

/* Task B of ctxsw and mixed: yields, says it is done, exits silently. */
FUNC(user_ctxsw_b)
	alloc r2 = ar.pfs, 0, 4, 2, 0
	;;
	mov out0 = YIELDS
	movl out1 = U_CNT_B
	;;
	br.call.sptk.many rp = w_yield
	;;
	movl r14 = U_DONE_B
	mov r15 = 1
	;;
	st8 [r14] = r15
	mov out0 = r0
	br.call.sptk.many rp = u_exit
	;;
ENDF(user_ctxsw_b)

FUNC(user_fault)
	alloc r2 = ar.pfs, 0, 4, 2, 0
	;;
	br.call.sptk.many rp = w_fault
	;;
	mov loc0 = r8
	mov loc1 = r9
	mov loc2 = r10
	LINE(s_fault)
	PUT(u_dec, loc0)
	PUT_STR(s_fault2)
	PUT(u_dec, loc1)
	PUT_STR(s_fault3)
	PUT(u_hex, loc2)
	LINE_END
ENDF(user_fault)

/* mixed: task A runs a little of every workload while task B yields. */
FUNC(user_mixed_a)
	alloc r2 = ar.pfs, 0, 6, 2, 0
	;;
	mov out0 = TLB_PAGES / 4
	mov out1 = 3
	br.call.sptk.many rp = w_tlbmiss
	;;
	mov loc0 = r8
	mov out0 = SYSCALLS / 10
	br.call.sptk.many rp = w_syscall
	;;
	mov loc1 = r8
	movl out0 = TIMER_STEPS / 6
	;;
	br.call.sptk.many rp = w_timer
	;;
	mov loc2 = r8
	br.call.sptk.many rp = w_fault
	;;
	mov loc3 = r8
	mov loc4 = r9
	mov loc5 = r10
	mov out0 = 1
	SYSCALL(__NR_nanosleep)
	br.call.sptk.many rp = wait_for_b
	;;
	LINE(s_mixed)
	PUT(u_dec, loc0)
	PUT_STR(s_mixed_sys)
	PUT(u_dec, loc1)
	PUT_STR(s_mixed_timer)
	PUT(u_hex, loc2)
	PUT_STR(s_mixed_fault)
	PUT(u_dec, loc3)
	PUT_STR(s_slash)
	PUT(u_dec, loc4)
	PUT_STR(s_slash)
	PUT(u_hex, loc5)
	PUT_STR(s_mixed_ctxsw)
	PUT_MEM(u_dec, U_CNT_B)
	LINE_END
ENDF(user_mixed_a)

/* panic (for the tests, not one of the six): a load from the kernel's
 * region at PL3.  The kernel must refuse it: a panic line naming the
 * vector, IIP and IFA, and a non-zero exit. */
FUNC(user_panic)
	alloc r2 = ar.pfs, 0, 0, 1, 0
	movl r14 = KVIRT
	;;
	ld8 r15 = [r14]
	;;
	mov out0 = r15
	br.call.sptk.many rp = u_exit
	;;
ENDF(user_panic)

	.global user_mixed_b
	.set user_mixed_b, user_ctxsw_b

	.section .user.rodata, "a"
s_tlbmiss:	stringz "tlbmiss: 192 pages x "
s_tlbmiss2:	stringz " passes, checksum "
s_syscall:	stringz "syscall: "
s_syscall2:	stringz " getpid calls, pid sum "
s_timer:	stringz "timer: 300000 xorshift64 steps = "
s_timer2:	stringz ", then slept 3 ticks"
s_ctxsw:	stringz "ctxsw: 2 tasks, yields "
s_plus:		stringz " + "
s_fault:	stringz "fault: chk.s recovered "
s_fault2:	stringz ", NaT consumption skipped (target kept "
s_fault3:	stringz "), unaligned ld8 emulated = "
s_mixed:	stringz "mixed: tlbmiss "
s_mixed_sys:	stringz ", getpid sum "
s_mixed_timer:	stringz ", xorshift64 "
s_mixed_fault:	stringz ", fault "
s_slash:	stringz "/"
s_mixed_ctxsw:	stringz ", task B yields "
