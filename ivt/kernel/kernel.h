/* ia64emu's guest kernel around the real Linux IVT: shared constants.
 * Our own code (ia64emu project).  Included by the kernel's assembly
 * files after the Linux headers that give the structure offsets. */
#ifndef IA64EMU_GUEST_KERNEL_H
#define IA64EMU_GUEST_KERNEL_H

/* Physical layout (16 MB granules).
 *   0x4000000  the kernel image, pinned by itr0/dtr0 at region 7
 *   0x5000000  task structures and kernel stacks (32 KiB each), pinned
 *              by dtr1 (IA64_TR_CURRENT_STACK); ar.k4 = its granule
 *   0x6000000  the per-CPU page (256 KiB); ar.k3 = it + 256 KiB
 *   0x8000000  the free-page pool: page tables and user pages */
#define KPHYS		0x4000000
#define KVIRT		0xe000000004000000
#define TASKS_PHYS	0x5000000
#define TASKS_VIRT	0xe000000005000000
#define PERCPU_PHYS	0x6000000
#define POOL_PHYS	0x8000000
#define POOL_END	0xc000000
#define REGION7		0xe000000000000000

#define GRANULE_SHIFT	24
#define KPAGE_SHIFT	14
#define KPAGE_SIZE	(1 << KPAGE_SHIFT)
#define STACK_SIZE	0x8000		/* IA64_STK_OFFSET: 32 KiB per task */
#define NTASKS		4		/* slot 0: the boot task (init_task) */

/* Our part of the task structure (below IA64_TASK_SIZE, asm-offsets). */
#define T_PID		0
#define T_STATE		8		/* TS_* */
#define T_WAKE		16		/* tick at which a sleeper wakes */
#define T_EXIT		24		/* exit code */
#define T_KSP		0x100		/* thread.ksp (IA64_TASK_THREAD_KSP_OFFSET) */
#define TS_FREE		0
#define TS_RUN		1
#define TS_SLEEP	2
#define TS_DEAD		3

/* Page-table entries (16 KiB pages, Linux format). */
#define PTE_P		0x1
#define PTE_A		0x20
#define PTE_D		0x40
#define PTE_PL3		(3 << 7)
#define PTE_AR_R	(0 << 9)
#define PTE_AR_RX	(1 << 9)
#define PTE_AR_RW	(2 << 9)
#define PTE_AR_RWX	(3 << 9)
#define PAGE_KERNEL_BITS 0x661		/* P A D, PL0, RWX, write-back */

/* Region registers: rid = region number. */
#define RR_USER(r)	(((r) << 8) | (KPAGE_SHIFT << 2) | 1)
#define RR_KERNEL(r)	(((r) << 8) | (GRANULE_SHIFT << 2))
/* PTA: the virtually mapped linear page table, as Linux sets it for a
 * 51-bit implemented VA (PAL_VM_SUMMARY impl_va_msb 50): vmlpt_bits =
 * 51 - 14 + 3 = 40, base = 2^61 - 2^40, short format, walker on. */
#define VMLPT_BITS	40
#define PTA_VALUE	(0x1fffff0000000000 | (VMLPT_BITS << 2) | 1)

/* Timer: Linux's timer vector; one tick every TICK retired instructions. */
#define TIMER_VECTOR	0xef
#define TICK		20000

/* Ski's SSC calls. */
#define SSC_PUTCHAR	31
#define SSC_EXIT	66
#define SSC_GET_ARGS	75

/* The user image (linked in region 2) and user memory. */
#define USER_STACK_BASE	0x6000000000000000	/* region 3: stack of task i at +i MB */
#define USER_RBS_BASE	0x8000000000000000	/* region 4: RBS of task i at +i MB */
#define USER_HEAP_BASE	0x2000000000000000	/* region 1: brk */
#define USER_PSR	0x0000101308026000	/* bn, it, cpl 3, rt, dt, i, ic */
#define USER_FPSR	0x9804c0270033f	/* Linux's FPSR_DEFAULT */

/* A function entry and end (no unwind information: nothing unwinds). */
#define FUNC(name) .global name ; .type name, @function ; name:
#define ENDF(name) .size name, . - name

/* q = n / 10 and r = n % 10 without a multiplier (the shift-and-add
 * quotient estimate, then one correction); t and p15 are scratch, n is
 * kept.  Ends with a stop. */
#define DIVU10(n, q, r, t)						\
	shr.u q = n, 1 ; shr.u t = n, 2 ;;				\
	add q = q, t ;; shr.u t = q, 4 ;; add q = q, t ;;		\
	shr.u t = q, 8 ;; add q = q, t ;; shr.u t = q, 16 ;;		\
	add q = q, t ;; shr.u t = q, 32 ;; add q = q, t ;;		\
	shr.u q = q, 3 ;; shladd t = q, 2, q ;; add t = t, t ;;		\
	sub r = n, t ;; cmp.ltu p15, p0 = 9, r ;;			\
	(p15) adds q = 1, q ; (p15) adds r = -10, r ;;

#endif
