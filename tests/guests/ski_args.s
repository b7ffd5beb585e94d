// args: alpha beta gamma
// expect-exit: 4
// expect-stdout: alpha\nbeta\ngamma\n
// expect-state: gr[16]=0x4 gr[17]=0x0 gr[18]=0x0 gr[19]=0x4000 gr[20]=0x0 gr[21]=0x9
// expect-state: ar.bsp=0x8000000000000000 ar.rsc=0xf
// ski_args: the initial user stack of the Linux IA-64 ABI.  At entry
// sp (r12) + 16 points at argc, then argv[0..argc-1] (argv[0] is the image
// path as given), a NULL, the environment (empty under ia64emu) and its
// NULL, then the auxiliary vector of (type, value) pairs ending in AT_NULL.
// The program writes argv[1..] one per line and exits with argc (4 with
// the arguments above).  State: r16 = argc, r17 = argv[argc] = 0, r18 =
// envp[0] = 0, r19 = the AT_PAGESZ value (16 KiB, Linux IA-64's page
// size), r20 = sp & 15 = 0 (sp is 16-byte aligned), r21 = 9 when the
// AT_ENTRY (type 9) pair holds the address of _start.  The
// register stack starts empty at 0x8000000000000000 with RSC = 0xf
// (eager, privilege level 3).
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,3,3,0
	adds r33=16,r12
	and r20=15,r12 ;;
	ld8 r34=[r33],8 ;;
	mov r16=r34
	adds r33=8,r33
	adds r34=-1,r34 ;;
next:
	cmp.eq p6,p0=0,r34
(p6)	br.cond.dpnt.few done ;;
	ld8 r14=[r33],8 ;;
	mov r2=r14 ;;
len:
	ld1 r9=[r2],1 ;;
	cmp.ne p7,p0=0,r9
(p7)	br.cond.dptk.few len ;;
	sub r3=r2,r14 ;;
	adds out2=-1,r3
	mov out0=1
	mov out1=r14
	SYSCALL 1027
	WRITE 1, newline, 1
	adds r34=-1,r34
	br.cond.sptk.few next ;;
done:
	ld8 r17=[r33],8 ;;
	ld8 r18=[r33],8
	movl r22=_start
	mov r21=0 ;;
aux:
	ld8 r9=[r33],8 ;;
	ld8 r10=[r33],8
	cmp.eq p6,p0=6,r9
	cmp.eq p8,p0=9,r9 ;;
(p6)	mov r19=r10
(p8)	cmp.eq.unc p9,p0=r10,r22 ;;
(p9)	mov r21=9
	cmp.ne p7,p0=0,r9
(p7)	br.cond.dptk.few aux ;;
	EXIT r16
	.endp _start

	.data
newline:
	.ascii "\n"
