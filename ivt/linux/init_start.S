// The entry of ia64emu's /init and its one system call stub (no libc).
// Linux IA-64 convention: break 0x100000 with the call number in r15 and
// the arguments in the caller's output registers (the kernel reaches the
// handler by br.call, so they become its inputs); the result in r8, and
// r10 = -1 when r8 is an errno.

	.text

// The kernel starts us with sp set and no register frame; gp is ours.
	.global _start
	.proc _start
_start:
	movl gp=__gp
	;;
	br.call.sptk.many b0=main
	;;
	// main returned: exit_group(its result)
	alloc r2=ar.pfs,0,0,1,0
	mov out0=r8
	mov r15=1236
	;;
	break 0x100000
	;;
	.endp _start

// long sys(long nr, long a0, ..., long a5): the result, or -errno.
	.global sys
	.proc sys
sys:
	alloc r39=ar.pfs,7,1,6,0	// in0-in6, loc0 = r39 keeps ar.pfs
	mov r15=in0
	mov out0=in1
	mov out1=in2
	mov out2=in3
	mov out3=in4
	mov out4=in5
	mov out5=in6
	;;
	break 0x100000
	;;
	cmp.eq p6,p0=-1,r10
	;;
(p6)	sub r8=r0,r8
	mov ar.pfs=loc0
	br.ret.sptk.many b0
	.endp sys
