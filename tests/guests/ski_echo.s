// link: -Ttext=0x100000
// ski_echo: SSC GETCHAR in system mode, used by tests/run_cmd_test.py
// with stdin given.  GETCHAR (r15 = 21) returns the next byte of stdin in
// r8, or 0 when none is ready or at end of file; each byte is echoed with
// PUTCHAR, and at the first 0 the program exits through SSC EXIT with the
// number of bytes echoed (stdin "xyz": stdout "xyz", exit status 3).
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r2=ar.pfs,0,1,0,0
	mov r16=0
	SSC 20
again:
	SSC 21
	cmp.eq p6,p0=0,r8
	mov r32=r8
	mov r15=31 ;;
(p6)	br.cond.dpnt.few done ;;
	break.m 0x80001
	adds r16=1,r16
	br.cond.sptk.few again ;;
done:
	SSC_EXIT r16
	.endp _start
