/* ia64emu's guest kernel: the minimal kernel that hosts the real Linux
 * 6.1 IVT (ivt.S) and kernel entry/exit (entry.S).
 *
 * Our own code, written for ia64emu from the facts in
 * shared/reference/linux-ivt.md and the SDM; it copies nothing from
 * Linux.  It boots in physical mode as a system-mode image, pins itself
 * in region 7, sets up region registers, the PTA (the VHPT is Linux's
 * virtually mapped linear page table), Linux-format page tables, the
 * kernel registers and the per-task kernel stacks, applies the load-time
 * patch lists, points cr.iva at ia64_ivt and enters the first user task
 * at PL3 through entry.S's exit path (ia64_ret_from_clone ...  rfi).
 *
 * Calling convention: the software conventions of the IA-64 runtime
 * (arguments in in0-in7, result in r8, r4-r7, p1-p5, b1-b5, sp, ar.unat
 * and ar.lc preserved).  entry.S relies on p1-p5 (pLvSys ... pNonSys)
 * across our calls, so this file only ever writes p6-p15.
 *
 * Every privileged operation goes through a hook macro (asm/native/
 * inst.h, or asm/xen/pvops_inst.h in the Xen build), with a site record:
 * Linux's hooks, and ours for what Linux's IVT does not do (the timer's
 * ITM and EOI; rr, itr, pta, iva, itv, tpr at boot; fc when patching).
 * So the same source boots natively at PL0 in physical mode and, in the
 * Xen build, at CPL 2 in metaphysical mode (virtual PSR 0) under the
 * hypervisor, where the hooks become XSI accesses and hyperprivops.
 */
#include <asm/kregs.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/ptrace.h>
#include <asm/thread_info.h>
#include <asm/native/inst.h>
#include "kernel.h"

#define PT(f)	IA64_PT_REGS_##f##_OFFSET
#define SW(f)	IA64_SWITCH_STACK_##f##_OFFSET
#define TI_FLAGS_OFF (IA64_TASK_SIZE + TI_FLAGS)

/* dst{pos+len-1:pos} = src{len-1:0}, for any len (dep with a register
 * source takes at most 16 bits); tmp is scratch.  Ends with a stop. */
#define DEPR(dst, src, pos, len, tmp)	\
	dep.z tmp = src, pos, len ;	\
	dep dst = 0, dst, pos, len ;;	\
	or dst = dst, tmp ;;

/* A bundle's slot 1 (bits 46-86) = val{40:0}: lo holds bits 0-63, hi
 * bits 64-127; t and tmp are scratch.  Ends with a stop. */
#define SET_SLOT1(lo, hi, val, t, tmp)	\
	DEPR(lo, val, 46, 18, tmp)	\
	shr.u t = val, 18 ;;		\
	DEPR(hi, t, 0, 23, tmp)

/* dst = the 41-bit instruction in slot 0, 1 (p1) or 2 (p2) of the bundle
 * lo (bits 0-63) : hi (bits 64-127); t1-t3 are scratch.  Ends with a
 * stop. */
#define GET_SLOT(dst, lo, hi, p1, p2, t1, t2, t3)			\
	extr.u dst = lo, 5, 41 ;					\
	extr.u t1 = lo, 46, 18 ;					\
	shr.u t2 = hi, 23 ;						\
	shl t3 = hi, 18 ;;						\
(p1)	or dst = t1, t3 ;						\
(p2)	mov dst = t2 ;;							\
	extr.u dst = dst, 0, 41 ;;

/* The patched bundle back, bits 0-63 from r8 to [lo_p] and 64-127 from
 * r9 to [hi_p], made visible to instruction fetch; then the return of a
 * leaf whose ar.pfs is in r2 (r10 scratch). */
#define PUT_BUNDLE_RET(lo_p, hi_p)	\
	st8 [lo_p] = r8 ;		\
	st8 [hi_p] = r9 ;;		\
	FC(lo_p, r10) ;;		\
	sync.i ;;			\
	srlz.i ;			\
	mov ar.pfs = r2 ;		\
	br.ret.sptk.many rp ;;

/* The region register of the region at base = val (r8-r11 scratch; the
 * address in r8 and the value in r9, where Xen's SET_RR wants them). */
#define SET_RR(val, base)	\
	movl r8 = base ;	\
	movl r9 = val ;;	\
	MOV_TO_RR(r8, r9, r10, r11)

/* A function that calls: its frame (in inputs, locals, out outputs) with
 * ar.pfs kept in loc0 and rp in loc1 (ENTER ends without a stop), and its
 * return (LEAVE, from a new instruction group or after independent
 * instructions). */
#define ENTER(in, locals, out)				\
	alloc loc0 = ar.pfs, in, locals, out, 0 ;;	\
	mov loc1 = rp
#define LEAVE				\
	mov ar.pfs = loc0 ;		\
	mov rp = loc1 ;;		\
	br.ret.sptk.many rp ;;

/* The 8-byte counter at sym plus one; addr and val are scratch.  Starts
 * and ends without a stop. */
#define COUNT(sym, addr, val)	\
	movl addr = sym ;;	\
	ld8 val = [addr] ;;	\
	adds val = 1, val ;;	\
	st8 [addr] = val

/* current's TIF_NEED_RESCHED = bit (0 or -1); r14, r15 scratch.  Ends
 * without a stop. */
#define SET_NEED_RESCHED(bit)				\
	adds r14 = TI_FLAGS_OFF, r13 ;;			\
	ld4 r15 = [r14] ;;				\
	dep r15 = bit, r15, TIF_NEED_RESCHED, 1 ;;	\
	st4 [r14] = r15

/* Ski's SSC nr, its first argument already in out0 (out0-out4 of the
 * frame), through ssc_call. */
#define SSC_OUT0(nr)		\
	mov out1 = r0 ;		\
	mov out2 = r0 ;		\
	mov out3 = r0 ;		\
	mov out4 = nr ;		\
	br.call.sptk.many rp = ssc_call ;;

/* Console output in a frame with an out0: KPUTS the string at a label,
 * KPUT fn(val) (val a register or an immediate). */
#define KPUTS(label)		\
	movl out0 = label ;;	\
	br.call.sptk.many rp = kputs ;;
#define KPUT(fn, val)		\
	mov out0 = val ;	\
	br.call.sptk.many rp = fn ;;

/* Fatal: panic(vec, msg, the IIP that pt_regs holds at base + iip_off,
 * ifa), in a frame with out0-out3; r14 scratch. */
#define PANIC_AT(iip_off, base, vec, msg, ifa)	\
	adds r14 = iip_off, base ;		\
	mov out0 = vec ;			\
	movl out1 = msg ;;			\
	ld8 out2 = [r14] ;			\
	mov out3 = ifa ;			\
	br.call.sptk.many rp = panic ;;

/* Fatal outside any interruption: kpanic_msg(msg), in a frame with an
 * out0. */
#define KPANIC(msg)		\
	movl out0 = msg ;;	\
	br.call.sptk.many rp = kpanic_msg ;;


	.explicit

/* ===================================================================== */
/* Boot: physical mode, PSR = 0, bank 0.                                  */
/* ===================================================================== */
	.section .text.boot, "ax"
FUNC(_start)
	/* Region registers first (a TR takes its rid from them): regions 0-5 with 16 KiB pages and the VHPT
	 * walker on, 6 and 7 with 16 MB pages and the walker off (so that
	 * their misses go to the alternate TLB vectors). */
	SET_RR(RR_USER(0), 0x0000000000000000)
	SET_RR(RR_USER(1), 0x2000000000000000)
	SET_RR(RR_USER(2), 0x4000000000000000)
	SET_RR(RR_USER(3), 0x6000000000000000)
	SET_RR(RR_USER(4), 0x8000000000000000)
	SET_RR(RR_USER(5), 0xa000000000000000)
	SET_RR(RR_KERNEL(6), 0xc000000000000000)
	SET_RR(RR_KERNEL(7), 0xe000000000000000)
	;;
	srlz.d
	;;
	srlz.i
	;;
	/* Pin the kernel granule (code and data) with itr0/dtr0, and the
	 * granule of the task stacks with dtr1, as Linux pins its kernel
	 * and its current stack. */
	mov r2 = (GRANULE_SHIFT << 2)
	movl r3 = KVIRT
	;;
	MOV_TO_ITIR(p0, r2, r10)
	;;
	MOV_TO_IFA(r3, r10)
	mov r8 = IA64_TR_KERNEL		/* slot in r8, pte in r9: Xen's ITR_D */
	movl r9 = KPHYS | PAGE_KERNEL_BITS
	;;
	ITR_I(r8, r9, r10, r11)
	;;
	ITR_D(r8, r9, r10, r11)
	;;
	srlz.i
	;;
	movl r3 = TASKS_VIRT
	;;
	MOV_TO_IFA(r3, r10)
	mov r8 = IA64_TR_CURRENT_STACK
	movl r9 = TASKS_PHYS | PAGE_KERNEL_BITS
	;;
	ITR_D(r8, r9, r10, r11)
	;;
	srlz.d
	movl r8 = PTA_VALUE
	;;
	MOV_TO_PTA(r8, r9)
	;;
	srlz.d
	/* The kernel registers. */
	movl r8 = PERCPU_PHYS + (1 << PERCPU_PAGE_SHIFT)
	;;
	MOV_TO_KR(PER_CPU_DATA, r8, r9, r10)
	mov r8 = (TASKS_PHYS >> GRANULE_SHIFT)
	;;
	MOV_TO_KR(CURRENT_STACK, r8, r9, r10)
	movl r8 = TASKS_VIRT		/* init_task, the boot task */
	;;
	MOV_TO_KR(CURRENT, r8, r9, r10)
	movl r8 = POOL_PHYS		/* the user pgd: the pool's first page */
	;;
	MOV_TO_KR(PT_BASE, r8, r9, r10)
	/* Into region 7, translated, bank 1, interruption collection on. */
	movl r8 = IA64_PSR_IC | IA64_PSR_DT | IA64_PSR_RT | IA64_PSR_IT | IA64_PSR_BN
	;;
	MOV_TO_IPSR(p0, r8, r9)
	movl r10 = start_kernel
	;;
	MOV_TO_IIP(r10, r9)
	MOV_TO_IFS(p0, r0, r9)
	;;
	RFI
	;;
ENDF(_start)

/* ===================================================================== */
/* Kernel text (region 7).                                                */
/* ===================================================================== */
	.text
FUNC(start_kernel)
	movl r8 = ia64_ivt
	;;
	MOV_TO_IVA(r8, r9)
	movl gp = __gp
	movl r13 = TASKS_VIRT		/* current = init_task */
	;;
	srlz.i
	mov ar.rsc = 0
	movl r8 = IA64_RBS_OFFSET
	;;
	add r8 = r8, r13
	movl r9 = STACK_SIZE - 16
	;;
	mov ar.bspstore = r8
	add sp = r9, r13
	;;
	mov ar.rsc = 3
	;;
	br.call.sptk.many rp = kmain
	;;
ENDF(start_kernel)

FUNC(kmain)
	ENTER(0, 4, 2)
	;;
	br.call.sptk.many rp = apply_patches
	;;
	br.call.sptk.many rp = map_user_text
	;;
	br.call.sptk.many rp = select_workload
	;;
	/* The timer: ITV = the timer vector, the first match one tick away. */
	mov r8 = TIMER_VECTOR
	;;
	MOV_TO_ITV(r8, r9)
	MOV_TO_TPR(r0, r9)
	;;
	srlz.d
	MOV_FROM_ITC(p0, p6, r9, r10)
	;;
	movl r10 = TICK
	;;
	add r9 = r9, r10
	movl r11 = itm_next
	;;
	st8 [r11] = r9
	MOV_TO_ITM(r9, r10)
	;;
	srlz.d
	/* Switch to the first user task; init_task is never resumed. */
	movl out0 = TASKS_VIRT + STACK_SIZE
	;;
	br.call.sptk.many rp = ia64_switch_to
	;;
	mov out0 = 99
	movl out1 = msg_init_resumed
	;;
	br.call.sptk.many rp = panic
	;;
ENDF(kmain)

/* ---- load-time patch lists ------------------------------------------ */

/* patch_imm64(bundle, value): the 64-bit immediate of the movl (X2) in
 * the bundle: imm41 = value{62:22} in slot 1, and in slot 2 i = {63},
 * ic = {21}, imm5c = {20:16}, imm9d = {15:7}, imm7b = {6:0} (SDM vol. 3,
 * format X2).  Slot 1 is bundle bits 46-86, slot 2 bits 87-127. */
FUNC(patch_imm64)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
	and in0 = -16, in0
	;;
	adds r3 = 8, in0
	ld8 r8 = [in0]			/* bits 0-63 */
	;;
	ld8 r9 = [r3]			/* bits 64-127 */
	extr.u r10 = in1, 22, 41	/* imm41 */
	;;
	SET_SLOT1(r8, r9, r10, r11, r16)	/* slot 1 = imm41 */
	extr.u r14 = in1, 0, 7		/* imm7b: slot 2 bits 19:13 */
	extr.u r15 = in1, 21, 1		/* ic: slot 2 bit 21 */
	;;
	DEPR(r9, r14, 23 + 13, 7, r16)
	extr.u r14 = in1, 16, 5		/* imm5c: slot 2 bits 26:22 */
	;;
	DEPR(r9, r15, 23 + 21, 1, r16)
	extr.u r15 = in1, 7, 9		/* imm9d: slot 2 bits 35:27 */
	;;
	DEPR(r9, r14, 23 + 22, 5, r16)
	extr.u r14 = in1, 63, 1		/* i: slot 2 bit 36 */
	;;
	DEPR(r9, r15, 23 + 27, 9, r16)
	DEPR(r9, r14, 23 + 36, 1, r16)
	PUT_BUNDLE_RET(in0, r3)
ENDF(patch_imm64)

/* patch_imm14(insn, value): the imm14 of the adds (A4) in slot
 * insn & 3 of the bundle insn & ~15: imm7b = {6:0} at slot bits 19:13,
 * imm6d = {12:7} at 32:27, s = {13} at 36. */
FUNC(patch_imm14)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
	and r3 = 3, in0
	and in0 = -16, in0
	;;
	adds r16 = 8, in0
	ld8 r8 = [in0]
	cmp.eq p6, p0 = 0, r3
	cmp.eq p7, p0 = 1, r3
	cmp.eq p8, p0 = 2, r3
	;;
	.pred.rel "mutex", p6, p7, p8
	ld8 r9 = [r16]
	;;
	GET_SLOT(r10, r8, r9, p7, p8, r11, r17, r19)	/* the 41-bit slot */
	extr.u r14 = in1, 0, 7
	extr.u r15 = in1, 7, 6
	;;
	DEPR(r10, r14, 13, 7, r18)
	extr.u r14 = in1, 13, 1
	;;
	DEPR(r10, r15, 27, 6, r18)
	DEPR(r10, r14, 36, 1, r18)
	/* back into the bundle */
(p6)	br.cond.dpnt 1f
(p7)	br.cond.dpnt 2f
	DEPR(r9, r10, 23, 41, r18)
	br.cond.sptk 3f
	;;
1:	DEPR(r8, r10, 5, 41, r18)
	br.cond.sptk 3f
	;;
2:	SET_SLOT1(r8, r9, r10, r11, r18)
3:	PUT_BUNDLE_RET(in0, r16)
ENDF(patch_imm14)

/* Each list holds 32-bit offsets from the entry to the patched
 * instruction.  .data..patch.vtop: the two movl of swapper_pg_dir's
 * physical address (region 5's walk); .data..patch.phys_stack_reg: the
 * size of the physical stacked registers as entry.S uses it, (96 + 1) * 8
 * bytes.  .data..patch.rse (a McKinley erratum workaround) is left as
 * assembled. */
FUNC(apply_patches)
	ENTER(0, 5, 2)
	movl loc2 = __start___vtop_patchlist
	movl loc3 = __end___vtop_patchlist
	;;
1:	cmp.geu p6, p0 = loc2, loc3
(p6)	br.cond.dpnt 2f
	;;
	ld4 r8 = [loc2]
	;;
	sxt4 r8 = r8
	movl out1 = swapper_pg_dir
	;;
	add out0 = r8, loc2
	dep out1 = 0, out1, 61, 3	/* its physical address */
	;;
	br.call.sptk.many rp = patch_imm64
	;;
	adds loc2 = 4, loc2
	br.cond.sptk 1b
	;;
2:	movl loc2 = __start___phys_stack_reg_patchlist
	movl loc3 = __end___phys_stack_reg_patchlist
	;;
3:	cmp.geu p6, p0 = loc2, loc3
(p6)	br.cond.dpnt 4f
	;;
	ld4 r8 = [loc2]
	;;
	sxt4 r8 = r8
	mov out1 = IA64_NUM_PHYS_STACK_REG * 8 + 8
	;;
	add out0 = r8, loc2
	br.call.sptk.many rp = patch_imm14
	;;
	adds loc2 = 4, loc2
	br.cond.sptk 3b
	;;
4:	LEAVE
ENDF(apply_patches)

/* ---- the free-page pool and the page tables --------------------------- */

/* alloc_page() -> r8 = physical address of a zeroed 16 KiB page, or 0. */
FUNC(alloc_page)
	alloc r2 = ar.pfs, 0, 0, 0, 0
	;;
	movl r14 = pool_next
	;;
	ld8 r8 = [r14]
	movl r15 = POOL_END
	;;
	cmp.geu p6, p0 = r8, r15
	adds r16 = 0, r0
	;;
(p6)	mov r8 = r0
(p6)	br.ret.spnt.many rp
	movl r15 = KPAGE_SIZE
	;;
	add r16 = r8, r15
	movl r17 = REGION7
	;;
	st8 [r14] = r16
	or r17 = r17, r8		/* its identity-mapped address */
	mov r18 = KPAGE_SIZE / 8
	;;
1:	st8 [r17] = r0, 8
	adds r18 = -1, r18
	;;
	cmp.ne p6, p0 = r18, r0
(p6)	br.cond.sptk 1b
	;;
	br.ret.sptk.many rp
	;;
ENDF(alloc_page)

/* One level down in pte_slot: the entry at [loc2], its table allocated
 * when it is empty (the path to .Lpte_none when the pool is), then dst =
 * &table[va{pos+len-1:pos}].  Ends without a stop. */
#define PT_DOWN(have, pos, len, dst)		\
	ld8 r8 = [loc2] ;;			\
	cmp.ne p6, p0 = r8, r0 ;		\
(p6)	br.cond.sptk have ;			\
	br.call.sptk.many rp = alloc_page ;;	\
	cmp.eq p6, p0 = r8, r0 ;		\
(p6)	br.cond.dpnt .Lpte_none ;		\
	st8 [loc2] = r8 ;;			\
have:	movl r16 = REGION7 ;			\
	extr.u r17 = in0, pos, len ;;		\
	or r15 = r8, r16 ;;			\
	shladd dst = r17, 3, r15

/* pte_slot(va) -> r8 = the (region 7) address of VA's PTE in the user
 * page tables rooted at ar.k7, allocating the pmd and pte pages on the
 * way; 0 for a region above 4 or when the pool is empty.
 *   pgd index = (region << 8) | va{43:36}, pmd index = va{35:25},
 *   pte index = va{24:14}; pgd and pmd entries hold physical addresses. */
FUNC(pte_slot)
	ENTER(1, 4, 0)
	shr.u r14 = in0, 61
	;;
	cmp.ltu p6, p0 = 4, r14
	;;
(p6)	br.cond.dpnt .Lpte_none
	mov r15 = ar.k7
	movl r16 = REGION7
	extr.u r17 = in0, 36, 8
	;;
	dep r17 = r14, r17, 8, 3	/* pgd index */
	or r15 = r15, r16
	;;
	shladd loc2 = r17, 3, r15	/* &pgd[index] */
	;;
	PT_DOWN(.Lpte_pmd, 25, 11, loc2)	/* &pmd[index] */
	;;
	PT_DOWN(.Lpte_pte, 14, 11, r8)		/* &pte[index] */
	br.cond.sptk .Lpte_out
	;;
.Lpte_none:
	mov r8 = r0
	;;
.Lpte_out:
	LEAVE
ENDF(pte_slot)

/* The user image: linked at its region-2 address, loaded in the kernel
 * granule; each 16 KiB page gets a present, accessed, PL3 read-execute
 * PTE. */
FUNC(map_user_text)
	ENTER(0, 5, 1)
	movl loc2 = __user_start
	movl loc3 = __user_end
	movl loc4 = __user_phys
	;;
1:	cmp.geu p6, p0 = loc2, loc3
(p6)	br.cond.dpnt 2f
	mov out0 = loc2
	br.call.sptk.many rp = pte_slot
	;;
	cmp.eq p6, p0 = r8, r0
(p6)	br.cond.dpnt 3f
	movl r9 = PTE_P | PTE_A | PTE_PL3 | PTE_AR_RX
	;;
	or r9 = r9, loc4
	;;
	st8 [r8] = r9
	movl r10 = KPAGE_SIZE
	;;
	add loc2 = loc2, r10
	add loc4 = loc4, r10
	br.cond.sptk 1b
	;;
2:	LEAVE
3:	KPANIC(msg_no_memory)
ENDF(map_user_text)

/* ---- tasks ----------------------------------------------------------- */

/* create_task(slot, entry): a user task in SLOT (1..NTASKS-1) that starts
 * at ENTRY at PL3 with an empty register frame, its memory stack in
 * region 3 and its backing store in region 4.  Its kernel stack is laid
 * out as Linux's copy_thread leaves a new task's: pt_regs at the top
 * (the user state that entry.S's exit path restores), a switch_stack
 * below it whose b0 is ia64_ret_from_clone, thread.ksp 16 bytes below
 * that. */
FUNC(create_task)
	alloc r2 = ar.pfs, 2, 0, 0, 0
	;;
	movl r14 = TASKS_VIRT
	shl r15 = in0, 15		/* slot * STACK_SIZE */
	;;
	add r14 = r14, r15		/* task */
	movl r16 = STACK_SIZE - IA64_PT_REGS_SIZE
	;;
	add r16 = r14, r16		/* pt_regs */
	st8 [r14] = in0, T_STATE	/* pid = slot */
	mov r17 = TS_RUN
	;;
	st8 [r14] = r17, -T_STATE
	;;
	/* pt_regs (fresh memory: every other field is 0) */
	adds r18 = PT(CR_IPSR), r16
	movl r19 = USER_PSR
	;;
	st8 [r18] = r19
	adds r18 = PT(CR_IIP), r16
	;;
	st8 [r18] = in1
	adds r18 = PT(AR_RSC), r16
	mov r19 = 0xf			/* eager, PL 3 */
	;;
	st8 [r18] = r19
	adds r18 = PT(AR_BSPSTORE), r16
	movl r19 = USER_RBS_BASE
	shl r20 = in0, 20
	;;
	add r19 = r19, r20
	;;
	st8 [r18] = r19
	adds r18 = PT(R9), r16		/* r9: the workload's count, or 0 */
	movl r19 = workload_arg
	;;
	ld8 r19 = [r19]
	;;
	st8 [r18] = r19
	adds r18 = PT(R12), r16
	movl r19 = USER_STACK_BASE - 16
	;;
	add r19 = r19, r20
	;;
	st8 [r18] = r19
	adds r18 = PT(PR), r16
	mov r19 = 1
	;;
	st8 [r18] = r19
	adds r18 = PT(AR_FPSR), r16
	movl r19 = USER_FPSR
	;;
	st8 [r18] = r19
	/* switch_stack */
	adds r21 = -IA64_SWITCH_STACK_SIZE, r16
	;;
	adds r18 = SW(B0), r21
	movl r19 = ia64_ret_from_clone
	;;
	st8 [r18] = r19
	adds r18 = SW(AR_BSPSTORE), r21
	movl r19 = IA64_RBS_OFFSET
	;;
	add r19 = r19, r14
	;;
	st8 [r18] = r19
	adds r18 = SW(PR), r21
	mov r19 = (1 << 3) | (1 << 4) | 1	/* p0, pUStk (p3), pSys (p4) */
	;;
	st8 [r18] = r19
	adds r18 = SW(AR_FPSR), r21
	movl r19 = USER_FPSR
	;;
	st8 [r18] = r19
	adds r19 = -16, r21
	adds r18 = T_KSP, r14
	;;
	st8 [r18] = r19
	mov ar.pfs = r2
	br.ret.sptk.many rp
	;;
ENDF(create_task)

/* select_workload(): reads the guest arguments (SSC GET_ARGS) and
 * creates the tasks of the workload they name (default: mixed).  A
 * decimal count may follow the name after one space ("syscall 5000"):
 * each task starts with it in r9 (0 when none is given). */
FUNC(select_workload)
	ENTER(0, 6, 5)
	movl out0 = argbuf
	;;
	dep out0 = 0, out0, 61, 3	/* SSC takes physical addresses */
	SSC_OUT0(SSC_GET_ARGS)
	movl loc2 = workloads
	movl loc3 = argbuf
	;;
	ld1 r8 = [loc3]
	;;
	cmp.eq p6, p0 = r8, r0
	;;
(p6)	movl loc3 = default_workload
	;;
1:	ld8 r14 = [loc2]		/* name */
	;;
	cmp.eq p6, p0 = r14, r0
(p6)	br.cond.dpnt .Lbad_workload
	mov r15 = loc3
	;;
2:	ld1 r16 = [r14], 1
	ld1 r17 = [r15], 1
	;;
	cmp.ne p6, p0 = r16, r17
(p6)	br.cond.dpnt 3f
	cmp.ne p7, p0 = r16, r0
(p7)	br.cond.sptk 2b
	br.cond.sptk 4f			/* a match */
	;;
3:	cmp.eq p6, p0 = r16, r0		/* the name ended ... */
	cmp.eq p7, p0 = ' ', r17	/* ... at a space: a count follows */
	;;
(p6)	br.cond.dpnt 5f
	;;
6:	adds loc2 = 32, loc2
	br.cond.sptk 1b
	;;
5:
(p7)	br.cond.sptk 7f
	br.cond.sptk 6b
	;;
7:	ld1 r16 = [r15], 1		/* workload_arg = the count, in decimal */
	;;
	adds r16 = -'0', r16
	;;
	cmp.ltu p6, p0 = 9, r16
(p6)	br.cond.dpnt 4f
	movl r17 = workload_arg
	;;
	ld8 r18 = [r17]
	;;
	shladd r19 = r18, 2, r18
	;;
	shladd r18 = r19, 1, r16
	;;
	st8 [r17] = r18
	br.cond.sptk 7b
	;;
4:	adds r14 = 8, loc2
	;;
	ld8 loc4 = [r14], 8		/* number of tasks */
	;;
	ld8 loc5 = [r14]		/* entry of the first */
	mov out0 = 1
	;;
	mov out1 = loc5
	br.call.sptk.many rp = create_task
	;;
	cmp.ltu p6, p0 = 1, loc4
	adds r14 = 24, loc2
	;;
(p6)	ld8 out1 = [r14]
	mov out0 = 2
	;;
(p6)	br.call.sptk.many rp = create_task
	;;
	LEAVE
.Lbad_workload:
	movl out0 = msg_bad_workload
	movl out1 = argbuf
	mov out2 = 2
	;;
	br.call.sptk.many rp = kdie
	;;
ENDF(select_workload)

/* ---- the scheduler --------------------------------------------------- */

/* wake_sleepers(): sleeping tasks whose tick has come become runnable. */
FUNC(wake_sleepers)
	alloc r2 = ar.pfs, 0, 0, 0, 0
	;;
	movl r14 = jiffies
	movl r15 = TASKS_VIRT + STACK_SIZE
	mov r16 = NTASKS - 1
	;;
	ld8 r14 = [r14]
	;;
1:	adds r17 = T_STATE, r15
	adds r18 = T_WAKE, r15
	;;
	ld8 r19 = [r17]
	ld8 r20 = [r18]
	;;
	cmp.eq p6, p0 = TS_SLEEP, r19
	;;
(p6)	cmp.leu p6, p0 = r20, r14
	mov r21 = TS_RUN
	;;
(p6)	st8 [r17] = r21
	movl r22 = STACK_SIZE
	adds r16 = -1, r16
	;;
	add r15 = r15, r22
	cmp.ne p7, p0 = r16, r0
(p7)	br.cond.sptk 1b
	;;
	mov ar.pfs = r2
	br.ret.sptk.many rp
	;;
ENDF(wake_sleepers)

/* schedule(): round robin over the user tasks (slots 1..NTASKS-1), from
 * the one after current.  Called with interrupts off; returns with them
 * off, in the context of current when it is next chosen.  With no task
 * runnable it waits, interrupts on, for a sleeper's tick; with no task
 * left alive the kernel exits with the tasks' exit status. */
FUNC(schedule)
	ENTER(0, 4, 1)
	;;
.Lsched_again:
	br.call.sptk.many rp = wake_sleepers
	;;
	movl r14 = TASKS_VIRT
	;;
	sub r15 = r13, r14
	;;
	shr.u r15 = r15, 15		/* current slot */
	mov r16 = NTASKS - 1		/* candidates */
	mov r20 = r0			/* any task still alive */
	;;
1:	adds r15 = 1, r15
	;;
	cmp.leu p6, p0 = NTASKS, r15
	;;
(p6)	mov r15 = 1
	;;
	shl r17 = r15, 15
	;;
	add r17 = r17, r14		/* candidate task */
	;;
	adds r18 = T_STATE, r17
	;;
	ld8 r19 = [r18]
	;;
	cmp.eq p6, p0 = TS_RUN, r19
	cmp.eq p7, p0 = TS_SLEEP, r19
	;;
(p6)	br.cond.sptk .Lsched_found
(p7)	mov r20 = 1
	adds r16 = -1, r16
	;;
	cmp.ne p8, p0 = r16, r0
(p8)	br.cond.sptk 1b
	;;
	/* nothing runnable */
	cmp.eq p6, p0 = r20, r0
(p6)	br.cond.dpnt .Lsched_all_done
	/* idle: interrupts on until the tick count moves */
	movl r21 = jiffies
	;;
	ld8 loc2 = [r21]
	;;
	SSM_PSR_I(p0, p6, r14)
	;;
2:	movl r21 = jiffies
	;;
	ld8 r22 = [r21]
	;;
	cmp.eq p6, p0 = r22, loc2
(p6)	br.cond.sptk 2b
	;;
	RSM_PSR_I(p0, r14, r15)
	;;
	br.cond.sptk .Lsched_again
	;;
.Lsched_found:
	cmp.eq p6, p0 = r17, r13
(p6)	br.cond.dpnt 3f
	mov out0 = r17
	br.call.sptk.many rp = ia64_switch_to
	;;
3:	LEAVE
.Lsched_all_done:
	movl r21 = exit_status
	;;
	ld8 out0 = [r21]
	br.call.sptk.many rp = kernel_exit
	;;
ENDF(schedule)

/* schedule_tail(prev): what a new task does first, after ia64_switch_to
 * returned into ia64_ret_from_clone: nothing to finish here. */
FUNC(schedule_tail)
	br.ret.sptk.many rp
	;;
ENDF(schedule_tail)

/* preempt_schedule_irq(): entry.S's exit path calls it, interrupts off,
 * when TIF_NEED_RESCHED is set on the way back to user mode. */
FUNC(preempt_schedule_irq)
	ENTER(0, 2, 0)
	SET_NEED_RESCHED(0)
	br.call.sptk.many rp = schedule
	;;
	LEAVE
ENDF(preempt_schedule_irq)

/* ---- interrupts ------------------------------------------------------ */

/* ia64_handle_irq(vector, regs): interrupts off.  The timer re-arms ITM
 * one tick on (or one tick from now if that is already past), counts the
 * tick, wakes sleepers and asks for a reschedule on the way out.  Each
 * vector is completed with EOI; IVR is read again until it is spurious. */
FUNC(ia64_handle_irq)
	ENTER(2, 3, 1)
	mov loc2 = in0
	;;
.Lirq_next:
	cmp.eq p6, p0 = 15, loc2	/* spurious: nothing (more) pending */
(p6)	br.cond.dpnt .Lirq_done
	mov r14 = TIMER_VECTOR
	;;
	cmp.ne p7, p0 = r14, loc2
(p7)	br.cond.dpnt .Lirq_unexpected
	;;
	COUNT(jiffies, r14, r15)
	movl r16 = itm_next
	movl r17 = TICK
	;;
	ld8 r18 = [r16]
	MOV_FROM_ITC(p0, p8, r19, r20)
	;;
	add r18 = r18, r17
	;;
	cmp.leu p6, p0 = r18, r19
	;;
(p6)	add r18 = r19, r17
	;;
	st8 [r16] = r18
	MOV_TO_ITM(r18, r20)
	;;
	SET_NEED_RESCHED(-1)
	br.call.sptk.many rp = wake_sleepers
	;;
	MOV_TO_EOI(r0, r14)
	;;
	srlz.d
	;;
	MOV_FROM_IVR(loc2, r14)
	;;
	srlz.d
	br.cond.sptk .Lirq_next
	;;
.Lirq_done:
	LEAVE
.Lirq_unexpected:
	KPANIC(msg_bad_irq)
ENDF(ia64_handle_irq)

/* ---- faults ---------------------------------------------------------- */

/* ia64_do_page_fault(address, isr, regs): demand-zero paging.  A
 * speculative load (ISR.sp) is deferred instead (IPSR.ed, as Linux
 * does), so that it produces a NaT and its chk.s recovers.  A
 * not-present page in regions 0-4, outside the first 64 KiB, gets a zero
 * page from the pool: present, PL3, read-write, with the accessed and
 * dirty bits clear, so that the IVT's access-bit and dirty-bit vectors
 * set them.  Anything else kills the task and the kernel. */
FUNC(ia64_do_page_fault)
	ENTER(3, 4, 4)
	tbit.nz p6, p0 = in1, IA64_ISR_SP_BIT
	mov loc3 = 1			/* a protection fault (for the panic line) */
	;;
(p6)	br.cond.dpnt .Lpf_defer
	shr.u r14 = in0, 61
	movl r15 = 0x10000
	;;
	cmp.ltu p7, p0 = 4, r14
	;;
(p7)	br.cond.dpnt .Lpf_bad
	cmp.eq p8, p0 = 0, r14
	;;
(p8)	cmp.ltu p8, p0 = in0, r15
	mov loc3 = 0
	;;
(p8)	br.cond.dpnt .Lpf_bad
	mov out0 = in0
	br.call.sptk.many rp = pte_slot
	;;
	cmp.eq p6, p0 = r8, r0
(p6)	br.cond.dpnt .Lpf_bad
	mov loc2 = r8
	;;
	ld8 r9 = [loc2]
	;;
	tbit.nz p6, p0 = r9, 0		/* present: a protection fault */
	;;
(p6)	mov loc3 = 1
(p6)	br.cond.dpnt .Lpf_bad
	br.call.sptk.many rp = alloc_page
	;;
	cmp.eq p6, p0 = r8, r0
(p6)	br.cond.dpnt .Lpf_bad
	movl r9 = PTE_P | PTE_PL3 | PTE_AR_RW
	;;
	or r9 = r9, r8
	;;
	st8 [loc2] = r9
	COUNT(page_faults, r10, r11)
	br.cond.sptk .Lpf_out
	;;
.Lpf_defer:
	adds r14 = PT(CR_IPSR), in2
	;;
	ld8 r15 = [r14]
	;;
	dep r15 = -1, r15, IA64_PSR_ED_BIT, 1
	;;
	st8 [r14] = r15
	;;
.Lpf_out:
	LEAVE
.Lpf_bad:
	/* the vector, as the kernel can tell it: a missing translation
	 * (Instruction/Data TLB, 1/2) or a refused one (Instruction/Data
	 * Access Rights, 22/23), from ISR.x; ia64emu's own panic line names
	 * the vector it delivered */
	adds r14 = PT(CR_IIP), in2
	tbit.nz p6, p7 = in1, 32	/* ISR.x */
	cmp.ne p8, p9 = loc3, r0
	;;
(p6)	mov out0 = 1
(p7)	mov out0 = 2
	movl out1 = msg_page_fault
	;;
(p8)	adds out0 = 21, out0
	;;
	ld8 out2 = [r14]
	mov out3 = in0
	br.call.sptk.many rp = panic
	;;
ENDF(ia64_do_page_fault)

/* skip_insn(regs): step the interrupted IP past its instruction. */
FUNC(skip_insn)
	alloc r2 = ar.pfs, 1, 0, 0, 0
	;;
	adds r14 = PT(CR_IPSR), in0
	adds r15 = PT(CR_IIP), in0
	;;
	ld8 r16 = [r14]
	ld8 r17 = [r15]
	;;
	extr.u r18 = r16, IA64_PSR_RI_BIT, 2
	;;
	cmp.eq p6, p7 = 2, r18
	;;
(p6)	mov r18 = 0
(p6)	adds r17 = 16, r17
(p7)	adds r18 = 1, r18
	;;
	dep r16 = r18, r16, IA64_PSR_RI_BIT, 2
	;;
	st8 [r14] = r16
	st8 [r15] = r17
	mov ar.pfs = r2
	br.ret.sptk.many rp
	;;
ENDF(skip_insn)

/* ia64_fault(vector, isr, ifa, iim, itir), pt_regs at sp + 16.  A NaT
 * Consumption fault (26) at PL3 is reported to the task the simple way:
 * the consuming instruction is skipped, as if it had been squashed, and
 * counted.  Everything else is fatal. */
FUNC(ia64_fault)
	ENTER(5, 3, 4)
	adds loc2 = 16, sp
	;;
	adds r14 = PT(CR_IPSR), loc2
	;;
	ld8 r15 = [r14]
	cmp.ne p6, p0 = 26, in0
	;;
	extr.u r15 = r15, IA64_PSR_CPL0_BIT, 2
(p6)	br.cond.dpnt .Lfault_fatal
	;;
	cmp.ne p6, p0 = 3, r15
(p6)	br.cond.dpnt .Lfault_fatal
	mov out0 = loc2
	br.call.sptk.many rp = skip_insn
	;;
	COUNT(nat_faults, r14, r15)
	LEAVE
.Lfault_fatal:
	PANIC_AT(PT(CR_IIP), loc2, in0, msg_fault, in2)
ENDF(ia64_fault)

/* ia64_handle_unaligned(ifa, regs): emulates the simple case, an 8-byte
 * integer load (M1 ld8, any hint, no base update) at PL3 into a register
 * that pt_regs holds (r2, r3, r8-r11, r14-r31): the bytes are read one by
 * one, the register is written in pt_regs and the load is stepped over.
 * Anything else is fatal (vector 30). */
FUNC(ia64_handle_unaligned)
	ENTER(2, 4, 4)
	adds r14 = PT(CR_IPSR), in1
	adds r15 = PT(CR_IIP), in1
	;;
	ld8 r16 = [r14]
	ld8 r17 = [r15]
	;;
	extr.u r18 = r16, IA64_PSR_CPL0_BIT, 2
	extr.u r19 = r16, IA64_PSR_RI_BIT, 2
	;;
	adds r20 = 8, r17
	;;
	cmp.ne p6, p0 = 3, r18
(p6)	br.cond.dpnt .Lua_fatal
	ld8 r21 = [r17]			/* the bundle, bits 0-63 */
	ld8 r22 = [r20]			/* bits 64-127 */
	cmp.eq p7, p0 = 0, r19
	cmp.eq p8, p0 = 1, r19
	cmp.eq p9, p0 = 2, r19
	;;
	.pred.rel "mutex", p7, p8, p9
	GET_SLOT(r23, r21, r22, p8, p9, r24, r25, r26)
	/* major opcode 4, m 0, x6 3 (ld8), x 0 */
	extr.u r24 = r23, 37, 4
	extr.u r25 = r23, 36, 1
	extr.u r26 = r23, 30, 6
	extr.u r27 = r23, 27, 1
	;;
	cmp.ne p6, p0 = 4, r24
	;;
(p6)	br.cond.dpnt .Lua_fatal
	cmp.ne p6, p0 = r25, r0
	;;
(p6)	br.cond.dpnt .Lua_fatal
	cmp.ne p6, p0 = 3, r26
	;;
(p6)	br.cond.dpnt .Lua_fatal
	cmp.ne p6, p0 = r27, r0
	;;
(p6)	br.cond.dpnt .Lua_fatal
	extr.u r28 = r23, 6, 7		/* r1 */
	movl r29 = pt_regs_gr_offset
	;;
	cmp.leu p6, p0 = 32, r28
	;;
(p6)	br.cond.dpnt .Lua_fatal
	shladd r29 = r28, 1, r29
	;;
	ld2 r30 = [r29]
	;;
	cmp.eq p6, p0 = 0, r30
(p6)	br.cond.dpnt .Lua_fatal
	add loc2 = r30, in1		/* the register's slot in pt_regs */
	/* the 8 bytes, little-endian */
	adds r14 = 7, in0
	mov r8 = r0
	mov r9 = 8
	;;
1:	ld1 r10 = [r14], -1
	shl r8 = r8, 8
	adds r9 = -1, r9
	;;
	or r8 = r8, r10
	cmp.ne p6, p0 = r9, r0
(p6)	br.cond.sptk 1b
	;;
	st8 [loc2] = r8
	mov out0 = in1
	br.call.sptk.many rp = skip_insn
	;;
	COUNT(unaligned_faults, r14, r15)
	LEAVE
.Lua_fatal:
	PANIC_AT(PT(CR_IIP), in1, 30, msg_unaligned, in0)
ENDF(ia64_handle_unaligned)

/* ia64_illegal_op_fault(ec): fatal (vector 24, Illegal Operation). */
FUNC(ia64_illegal_op_fault)
	alloc loc0 = ar.pfs, 1, 1, 4, 0
	;;
	PANIC_AT(16 + PT(CR_IIP), sp, 24, msg_illegal_op, r0)
ENDF(ia64_illegal_op_fault)

/* ia64_bad_break(iim, regs): a break that is not a system call: fatal
 * (vector 11, the IFA slot shows the immediate). */
FUNC(ia64_bad_break)
	alloc loc0 = ar.pfs, 2, 1, 4, 0
	;;
	PANIC_AT(PT(CR_IIP), in1, 11, msg_bad_break, in0)
ENDF(ia64_bad_break)

/* ---- system calls ---------------------------------------------------- */

/* sys_ni_syscall(): -ENOSYS (every system call we do not implement). */
FUNC(sys_ni_syscall)
	mov r8 = -38
	br.ret.sptk.many rp
	;;
ENDF(sys_ni_syscall)

/* write(fd, buf, count): fds 1 and 2 go to the console (SSC PUTCHAR). */
FUNC(sys_write)
	ENTER(3, 4, 1)
	cmp.eq p6, p0 = 1, in0
	cmp.eq p7, p0 = 2, in0
	;;
(p7)	cmp.eq p6, p0 = r0, r0
	;;
(p6)	br.cond.sptk 1f
	mov r8 = -9			/* EBADF */
	br.cond.sptk 3f
	;;
1:	mov loc2 = in1
	mov loc3 = in2
	;;
2:	cmp.eq p6, p0 = loc3, r0
(p6)	br.cond.dpnt 4f
	ld1 out0 = [loc2], 1
	br.call.sptk.many rp = kputc
	;;
	adds loc3 = -1, loc3
	br.cond.sptk 2b
	;;
4:	mov r8 = in2
	;;
3:	LEAVE
ENDF(sys_write)

/* exit(code), exit_group(code): the task dies; the first non-zero exit
 * code becomes the kernel's. */
FUNC(sys_exit)
	alloc loc0 = ar.pfs, 1, 2, 1, 0
	;;
	RSM_PSR_I(p0, r14, r15)
	;;
	adds r14 = T_STATE, r13
	mov r15 = TS_DEAD
	movl r16 = exit_status
	;;
	st8 [r14] = r15
	ld8 r17 = [r16]
	;;
	cmp.eq p6, p0 = r17, r0
	;;
(p6)	st8 [r16] = in0
	br.call.sptk.many rp = schedule
	;;
	/* not reached: a dead task is never chosen */
	KPANIC(msg_dead_resumed)
ENDF(sys_exit)
	.global sys_exit_group
	.set sys_exit_group, sys_exit

FUNC(sys_getpid)
	ld8 r8 = [r13]			/* T_PID */
	br.ret.sptk.many rp
	;;
ENDF(sys_getpid)

FUNC(sys_sched_yield)
	ENTER(0, 2, 0)
	RSM_PSR_I(p0, r14, r15)
	;;
	br.call.sptk.many rp = schedule
	;;
	SSM_PSR_I(p0, p6, r14)
	mov r8 = r0
	LEAVE
ENDF(sys_sched_yield)

/* nanosleep(ticks): ours counts in timer ticks, not a timespec: the task
 * sleeps until TICKS more timer interrupts have been taken. */
FUNC(sys_nanosleep)
	ENTER(2, 2, 0)
	RSM_PSR_I(p0, r14, r15)
	;;
	movl r14 = jiffies
	;;
	ld8 r15 = [r14]
	adds r16 = T_WAKE, r13
	adds r17 = T_STATE, r13
	mov r18 = TS_SLEEP
	;;
	add r15 = r15, in0
	;;
	st8 [r16] = r15
	st8 [r17] = r18
	br.call.sptk.many rp = schedule
	;;
	SSM_PSR_I(p0, p6, r14)
	mov r8 = r0
	LEAVE
ENDF(sys_nanosleep)

/* brk(addr): one heap for the address space, from USER_HEAP_BASE;
 * pages come on demand.  Returns the (new) break. */
FUNC(ia64_brk)
	alloc r2 = ar.pfs, 1, 0, 0, 0
	;;
	movl r14 = cur_brk
	movl r15 = USER_HEAP_BASE
	;;
	ld8 r8 = [r14]
	cmp.leu p6, p0 = r15, in0
	;;
(p6)	st8 [r14] = in0
(p6)	mov r8 = in0
	mov ar.pfs = r2
	br.ret.sptk.many rp
	;;
ENDF(ia64_brk)

/* ---- honest stubs: what entry.S references that we never need -------- */
#define STUB(name)						\
FUNC(name)							\
	alloc r2 = ar.pfs, 0, 0, 3, 0 ;				\
	;;							\
	movl out0 = msg_stub ;					\
	movl out1 = 1f ;					\
	mov out2 = 1 ;						\
	;;							\
	br.call.sptk.many rp = kdie ;				\
	;;							\
ENDF(name) ;							\
	.section .rodata.str, "a" ; 1: stringz #name ; .previous

STUB(unw_init_frame_info)
STUB(syscall_trace_enter)
STUB(syscall_trace_leave)
STUB(do_notify_resume_user)
STUB(ia64_clone)
STUB(ia64_mremap)
STUB(ia64_getpriority)
STUB(ia64_clock_getres)
STUB(ia64_rt_sigreturn)
STUB(__kernel_syscall_via_epc)

/* kdie(msg, what, status): the line msg, what, a newline, then the end
 * of the run with STATUS (an unknown workload, a stub reached). */
FUNC(kdie)
	alloc loc0 = ar.pfs, 3, 1, 1, 0
	;;
	KPUT(kputs, in0)
	KPUT(kputs, in1)
	KPUT(kputc, 10)
	KPUT(kernel_exit, in2)
ENDF(kdie)

/* ---- console and exit ------------------------------------------------ */

/* ssc_call(a0, a1, a2, a3, nr) -> r8: Ski's SSC with its arguments in
 * r32-r35, which are in0-in3 here. */
FUNC(ssc_call)
	alloc loc0 = ar.pfs, 5, 1, 0, 0
	;;
	mov r15 = in4
	;;
	break.m 0x80001
	;;
	mov ar.pfs = loc0
	br.ret.sptk.many rp
	;;
ENDF(ssc_call)

FUNC(kputc)
	ENTER(1, 2, 5)
	mov out0 = in0
	SSC_OUT0(SSC_PUTCHAR)
	LEAVE
ENDF(kputc)

FUNC(kputs)
	ENTER(1, 3, 1)
	mov loc2 = in0
	;;
1:	ld1 out0 = [loc2], 1
	;;
	cmp.eq p6, p0 = out0, r0
(p6)	br.cond.dpnt 2f
	br.call.sptk.many rp = kputc
	;;
	br.cond.sptk 1b
	;;
2:	LEAVE
ENDF(kputs)

/* kputx(value): "0x" and 16 hex digits. */
FUNC(kputx)
	ENTER(1, 4, 1)
	mov loc2 = 60
	mov out0 = '0'
	;;
	br.call.sptk.many rp = kputc
	;;
	mov out0 = 'x'
	br.call.sptk.many rp = kputc
	;;
1:	shr.u r14 = in0, loc2
	;;
	and r14 = 15, r14
	;;
	cmp.leu p6, p7 = 10, r14
	;;
(p6)	adds out0 = 'a' - 10, r14
(p7)	adds out0 = '0', r14
	br.call.sptk.many rp = kputc
	;;
	cmp.ne p6, p0 = loc2, r0
	adds loc2 = -4, loc2
(p6)	br.cond.sptk 1b
	;;
	LEAVE
ENDF(kputx)

/* kputu(value): decimal. */
FUNC(kputu)
	ENTER(1, 4, 1)
	movl loc2 = numbuf + 24
	mov r14 = in0
	;;
	st1 [loc2] = r0
	;;
1:	DIVU10(r14, r16, r18, r17)
	adds loc2 = -1, loc2
	;;
	adds r18 = '0', r18
	mov r14 = r16
	;;
	st1 [loc2] = r18
	cmp.ne p6, p0 = r16, r0
(p6)	br.cond.sptk 1b
	;;
	mov out0 = loc2
	br.call.sptk.many rp = kputs
	;;
	LEAVE
ENDF(kputu)

/* kernel_exit(status): the end of the run (SSC EXIT). */
FUNC(kernel_exit)
	alloc loc0 = ar.pfs, 1, 1, 5, 0
	;;
	mov out0 = in0
	SSC_OUT0(SSC_EXIT)
1:	br.cond.sptk 1b
	;;
ENDF(kernel_exit)

/* panic(vector, what, iip, ifa): the one line a guest kernel panic
 * prints, then exit status 1:
 *   ia64 kernel panic: <what>: vector <n> iip 0x... ifa 0x... (task <pid>) */
FUNC(panic)
	alloc loc0 = ar.pfs, 4, 1, 1, 0
	;;
	KPUTS(msg_panic)
	KPUT(kputs, in1)
	KPUTS(msg_vector)
	KPUT(kputu, in0)
	KPUTS(msg_iip)
	KPUT(kputx, in2)
	KPUTS(msg_ifa)
	KPUT(kputx, in3)
	KPUTS(msg_task)
	ld8 out0 = [r13]
	br.call.sptk.many rp = kputu
	;;
	KPUTS(msg_close)
	KPUT(kernel_exit, 1)
ENDF(panic)

/* kpanic_msg(what): a panic outside any interruption. */
FUNC(kpanic_msg)
	alloc loc0 = ar.pfs, 1, 1, 4, 0
	;;
	mov out0 = r0
	mov out1 = in0
	mov out2 = r0
	mov out3 = r0
	br.call.sptk.many rp = panic
	;;
ENDF(kpanic_msg)

/* ===================================================================== */
/* Data.                                                                  */
/* ===================================================================== */
	.section .rodata, "a"
	.align 8
/* The workloads: name, number of tasks, entry of each (user addresses). */
workloads:
	data8 wl_tlbmiss, 1, user_tlbmiss, 0
	data8 wl_syscall, 1, user_syscall, 0
	data8 wl_timer, 1, user_timer, 0
	data8 wl_ctxsw, 2, user_ctxsw_a, user_ctxsw_b
	data8 wl_fault, 1, user_fault, 0
	data8 wl_mixed, 2, user_mixed_a, user_mixed_b
	data8 wl_panic, 1, user_panic, 0	/* the tests' fatal case */
	data8 0, 0, 0, 0

/* The pt_regs offset of r0-r31, 0 where pt_regs does not hold it. */
	.align 8
pt_regs_gr_offset:
	data2 0, 0, PT(R2), PT(R3), 0, 0, 0, 0
	data2 PT(R8), PT(R9), PT(R10), PT(R11), 0, 0, PT(R14), PT(R15)
	data2 PT(R16), PT(R17), PT(R18), PT(R19), PT(R20), PT(R21), PT(R22), PT(R23)
	data2 PT(R24), PT(R25), PT(R26), PT(R27), PT(R28), PT(R29), PT(R30), PT(R31)

wl_tlbmiss:	stringz "tlbmiss"
wl_syscall:	stringz "syscall"
wl_timer:	stringz "timer"
wl_ctxsw:	stringz "ctxsw"
wl_fault:	stringz "fault"
wl_mixed:	stringz "mixed"
wl_panic:	stringz "panic"
default_workload: stringz "mixed"
msg_bad_workload: stringz "ia64 kernel: unknown workload (tlbmiss, syscall, timer, ctxsw, fault, mixed): "
msg_panic:	stringz "ia64 kernel panic: "
msg_vector:	stringz ": vector "
msg_iip:	stringz " iip "
msg_ifa:	stringz " ifa "
msg_task:	stringz " (task "
msg_close:	stringz ")\n"
msg_page_fault:	stringz "unrecoverable page fault"
msg_fault:	stringz "unexpected fault"
msg_unaligned:	stringz "unaligned reference not emulated"
msg_illegal_op:	stringz "illegal operation"
msg_bad_break:	stringz "break that is not a system call"
msg_bad_irq:	stringz "unexpected external interrupt"
msg_no_memory:	stringz "out of memory"
msg_init_resumed: stringz "init_task resumed"
msg_dead_resumed: stringz "a dead task resumed"
msg_stub:	stringz "ia64 kernel panic: stub reached: "

	.data
	.align 8
	.global pool_next, jiffies, page_faults, nat_faults, unaligned_faults
pool_next:	data8 POOL_PHYS + KPAGE_SIZE	/* the first page is the user pgd */
cur_brk:	data8 USER_HEAP_BASE
jiffies:	data8 0
itm_next:	data8 0
exit_status:	data8 0
page_faults:	data8 0
nat_faults:	data8 0
unaligned_faults: data8 0
numbuf:		.skip 32
workload_arg:	data8 0			/* the count after the workload's name */

	.section .bss, "aw", @nobits
	.align 16384
	.global swapper_pg_dir
swapper_pg_dir:	.skip 16384		/* region 5: never populated */
argbuf:		.skip 256

	.global init_task
	.set init_task, TASKS_VIRT

/* Every other system call of sys_call_table (entry.S) is sys_ni_syscall:
 * a weak alias for each name not defined above (entry.S's own, such as
 * sys_clone2, take precedence at link time). */
	.text
#define __SYSCALL(nr, sym) .ifndef sym ; .weak sym ; .set sym, sys_ni_syscall ; .endif ;
#include <asm/syscall_table.h>
__SYSCALL(0, sys_execve)	/* ia64_execve (entry.S) calls it directly */
