// expect-exit: 5
// expect-stdout: writev: one, two\nLinux ia64\n
// expect-stderr-contains: system call 1065 is not implemented
// expect-state: gr[16]=0x0 gr[17]=0x11 gr[19]=0x10000 gr[20]=0x1234 gr[21]=0x0
// expect-state: gr[22]=0x2000000000000000 gr[23]=0x0 gr[24]=0x0 gr[25]=0x0
// expect-state: gr[26]=0x26 gr[27]=0xffffffffffffffff gr[28]=0x0 gr[29]=0x0
// expect-state: gr[30]=0x16 gr[31]=0x0 gr[2]=0x2 gr[3]=0x9 gr[14]=0x1000
// ski_syscalls: the Linux system calls of a user-mode guest, each result
// kept in a static register for the state dump (r8 = result or errno,
// r10 = 0 or -1):
//   r16  fstat(1, buf): r10 = 0
//   r14  the file type bits of stdout's st_mode (offset 24 of the IA-64
//        struct stat): S_IFIFO = 0x1000, as the suite runs guests
//        with stdout a pipe
//   r17  writev(1, iov, 2) of "writev: one, " (13) and "two\n" (4): 17
//   r18  brk(0): the initial break, 16 KiB aligned (r21 = r18 & 0x3fff = 0)
//   r19  brk(r18 + 0x10000) - r18 = 0x10000; r20 = 0x1234 stored at the
//        old break and loaded back
//   r22  mmap(0, 0x4000, PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS, -1, 0):
//        the first anonymous mapping, 0x2000000000000000; r23 = its r10
//   r24  munmap(r22, 0x4000) = 0
//   r25  uname(buf): r10 = 0; sysname and machine are then written out
//        ("Linux", "ia64")
//   r26, r27  ioctl (1065, not implemented): ENOSYS = 38, r10 = -1; called
//        twice, warned about once
//   r28  getpid: r10 = 0
//   r29  gettimeofday(buf, 0): r10 = 0
//   r30  clock_gettime(99, buf): EINVAL = 22; r31 clock_gettime(1, buf): r10 = 0
//   r2   open("/nonexistent/ia64emu", O_RDONLY): ENOENT = 2
//   r3   close(77): EBADF = 9
// and exit_group(0x105): exit status 5 (the low 8 bits).
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,1,6,0 ;;
	// fstat(1, statbuf)
	mov out0=1
	movl out1=statbuf
	SYSCALL 1212
	mov r16=r10
	movl r14=statbuf+24 ;;
	ld4 r14=[r14] ;;
	movl r9=0xf000 ;;
	and r14=r14,r9 ;;
	// writev(1, iov, 2)
	mov out0=1
	movl out1=iov
	mov out2=2
	SYSCALL 1147
	mov r17=r8
	// brk(0), brk(+0x10000), use the new memory
	mov out0=0
	SYSCALL 1060
	mov r18=r8 ;;
	movl r9=0x3fff ;;
	and r21=r18,r9
	movl r9=0x10000 ;;
	add out0=r18,r9
	SYSCALL 1060
	sub r19=r8,r18
	mov r9=0x1234 ;;
	st8 [r18]=r9 ;;
	ld8 r20=[r18]
	// mmap(0, 0x4000, 3, 0x22, -1, 0), then munmap it
	mov out0=0
	mov out1=0x4000
	mov out2=3
	mov out3=0x22
	mov out4=-1
	mov out5=0
	SYSCALL 1151
	mov r22=r8
	mov r23=r10 ;;
	mov r9=77 ;;
	st8 [r22]=r9 ;;
	mov out0=r22
	mov out1=0x4000
	SYSCALL 1152
	mov r24=r8
	// uname(utsbuf), then write sysname and machine
	movl out0=utsbuf
	SYSCALL 1130
	mov r25=r10
	WRITE 1, utsbuf, 5
	WRITE 1, space, 1
	WRITE 1, utsbuf+65*4, 4
	WRITE 1, newline, 1
	// an unknown call, twice
	SYSCALL 1065
	SYSCALL 1065
	mov r26=r8
	mov r27=r10
	// getpid, gettimeofday, clock_gettime
	SYSCALL 1041
	mov r28=r10
	movl out0=timebuf
	mov out1=0
	SYSCALL 1087
	mov r29=r10
	mov out0=99
	movl out1=timebuf
	SYSCALL 1254
	mov r30=r8
	mov out0=1
	movl out1=timebuf
	SYSCALL 1254
	mov r31=r10
	// open a missing file, close a bad descriptor
	movl out0=missing
	mov out1=0
	SYSCALL 1028
	mov r2=r8
	mov out0=77
	SYSCALL 1029
	mov r3=r8
	// exit_group(0x105)
	EXIT 0x105
	.endp _start

	.data
	.align 8
iov:
	data8 one, two-one, two, end-two
one:
	.ascii "writev: one, "
two:
	.ascii "two\n"
end:
space:
	.ascii " "
newline:
	.ascii "\n"
missing:
	.asciz "/nonexistent/ia64emu"

	.bss
	.align 16
statbuf:
	.skip 144
utsbuf:
	.skip 390
	.align 8
timebuf:
	.skip 16
