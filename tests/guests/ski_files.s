// expect-exit: 0
// expect-stdout:
// expect-state: gr[16]=0x3 gr[17]=0x4 gr[18]=0x464c457f gr[21]=0x1 gr[22]=0x1 gr[23]=0x464c45
// expect-state: gr[24]=0x2000000000000000 gr[25]=0x464c457f gr[26]=0x0 gr[27]=0x9 gr[28]=0x9
// expect-state: gr[29]=0x1 gr[30]=0x0
// ski_files: file system calls on the guest's own image, argv[0]:
//   r16  open(argv[0], O_RDONLY): 3, the lowest free descriptor
//   r17  read(fd, buf, 4): 4; r18 = the 4 bytes as a little-endian word,
//        "\x7fELF" = 0x464c457f
//   r21  1 when fstat's st_size (offset 48) equals lseek(fd, 0, SEEK_END)
//   r22  lseek(fd, 1, SEEK_SET): 1; r23 = read(fd, buf, 3) of "ELF" as a
//        word: 0x464c45
//   r24  mmap(0, 0x4000, PROT_READ, MAP_PRIVATE, fd, 0): the first mapping,
//        0x2000000000000000; r25 = its first word, 0x464c457f
//   r26  close(fd): 0; r27 = read(fd, ...) afterwards: EBADF = 9
//   r30  close(1): 0 (the guest's stdout only: ia64emu keeps its own);
//        r28 = write(1, ...) afterwards: EBADF = 9; r29 = open(argv[0])
//        again: 1, the lowest free descriptor now
// Nothing reaches stdout; exit status 0.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r32=ar.pfs,0,2,6,0
	adds r14=24,r12 ;;               // &argv[0]
	ld8 r33=[r14] ;;                 // argv[0]
	mov out0=r33
	mov out1=0
	SYSCALL 1028
	mov r16=r8
	// read 4 bytes
	mov out0=r8
	movl out1=buf
	mov out2=4
	SYSCALL 1026
	mov r17=r8
	movl r14=buf ;;
	ld4 r18=[r14]
	// fstat size vs lseek end
	mov out0=r16
	movl out1=statbuf
	SYSCALL 1212
	movl r14=statbuf+48 ;;
	ld8 r19=[r14]
	mov out0=r16
	mov out1=0
	mov out2=2
	SYSCALL 1040
	mov r20=r8 ;;
	cmp.eq p6,p7=r19,r20 ;;
(p6)	mov r21=1
(p7)	mov r21=0
	// lseek 1, read 3
	mov out0=r16
	mov out1=1
	mov out2=0
	SYSCALL 1040
	mov r22=r8
	movl r14=buf ;;
	st8 [r14]=r0
	mov out0=r16
	movl out1=buf
	mov out2=3
	SYSCALL 1026
	movl r14=buf ;;
	ld8 r23=[r14]
	// a private mapping of the file
	mov out0=0
	mov out1=0x4000
	mov out2=1
	mov r15=1151 ;;
	mov out3=2
	mov out4=r16
	mov out5=0 ;;
	break.m 0x100000 ;;
	mov r24=r8 ;;
	ld4 r25=[r24]
	// close, then read fails
	mov out0=r16
	SYSCALL 1029
	mov r26=r8
	mov out0=r16
	movl out1=buf
	mov out2=1
	SYSCALL 1026
	mov r27=r8
	// close the guest's stdout
	mov out0=1
	SYSCALL 1029
	mov r30=r8
	WRITE 1, buf, 1
	mov r28=r8
	mov out0=r33
	mov out1=0
	SYSCALL 1028
	mov r29=r8
	EXIT 0
	.endp _start

	.bss
	.align 16
buf:
	.skip 16
statbuf:
	.skip 144
