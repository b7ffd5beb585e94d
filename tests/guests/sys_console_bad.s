// link: -Ttext=0x100000
// expect-exit: 139
// expect-stderr-contains: guest halted: SSC GENERATE_INTERRUPT: SSC interrupt type 7 is not connected
// sys_console_bad: as in Ski, SSC GENERATE_INTERRUPT (59) of an interrupt
// type that SSC CONNECT_INTERRUPT never connected ends the run.
	.explicit
	.include "guest.inc"
	ENTRY _start
	alloc r2=ar.pfs,0,4,0,0
	mov r32=3
	mov r33=0x41
	SSC 58
	mov r32=7
	SSC 59
	SSC_EXIT r0
	.endp _start
