// link: -Ttext=0x100000
// expect-exit: 0
// expect-stdout: 0000000000004230\n0000000000000002\n0000000000000020\n00000000000005a5\n
// trap_counts: a hand-counted guest for `run --mode=trap` (hv/trap.c):
// natively at PL0 every instruction below simply runs; deprivileged at
// CPL 2 each privileged one faults and is emulated, so `--stats` must
// count exactly, per kind (hv/privops.def): mov cr=r 3 (dcr, tpr, pta),
// mov r=cr 2 (dcr, tpr), mov rr[]=r 1, mov r=rr[] 2, ssm/rsm 3, mov psr.l=r
// / mov r=psr 2, bsw 2, mov ar.k=r 1, ptc.l 1: 17 privileged-operation
// faults, no hole, and the same output both ways (tests/trap_test.py
// counts).
	.explicit
	.include "hv.inc"

	ENTRY _start
	alloc r2 = ar.pfs, 0, 4, 0, 0
	movl r8 = 1 << 61
	movl r9 = 0x4230 ;;
	mov rr[r8] = r9 ;;                // mov rr[]=r 1
	srlz.d ;;
	mov r10 = rr[r8] ;;               // mov r=rr[] 1
	mov r10 = rr[r8] ;;               // mov r=rr[] 2
	PUTHEX r10
	mov r9 = 2 ;;
	mov cr.dcr = r9 ;;                // mov cr=r 1
	mov r9 = 0x20 ;;
	mov cr.tpr = r9 ;;                // mov cr=r 2
	movl r9 = 0x100003c ;;
	mov cr.pta = r9 ;;                // mov cr=r 3
	srlz.d ;;
	mov r10 = cr.dcr ;;               // mov r=cr 1
	PUTHEX r10
	mov r10 = cr.tpr ;;               // mov r=cr 2
	PUTHEX r10
	rsm 1 << 14 ;;                    // ssm/rsm 1 (psr.i)
	ssm 1 << 14 ;;                    // ssm/rsm 2
	rsm 1 << 14 ;;                    // ssm/rsm 3
	srlz.d ;;
	mov r10 = psr ;;                  // mov r=psr 1
	mov psr.l = r10 ;;                // mov psr.l=r 2
	srlz.d ;;
	bsw.1 ;;                          // bsw 1
	bsw.0 ;;                          // bsw 2
	mov r9 = 0x5a5 ;;
	mov ar.k3 = r9 ;;                 // mov ar.k=r 1
	mov r10 = ar.k3 ;;
	PUTHEX r10
	mov r9 = 12 << 2 ;;
	ptc.l r8, r9 ;;                   // ptc 1
	srlz.d ;;
	SSC_EXIT 0
	.endp _start
