/* Setting up a guest, servicing its system and SSC calls, and dumping its
 * state: the host side of `ia64emu run`. */
#ifndef IA64EMU_GUEST_H
#define IA64EMU_GUEST_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "image.h"
#include "machine.h"

/* User-mode address space (documented in README): the memory stack grows
 * down from USER_STACK_TOP, the register backing store up from
 * USER_RBS_BASE, both in region 4. */
#define USER_STACK_TOP 0x8000000100000000ull
#define USER_RBS_BASE  0x8000000000000000ull
/* Anonymous mmap()s are placed upwards from here (region 1, as Linux's
 * DEFAULT_MAP_BASE); brk() grows from the end of the highest segment. */
#define USER_MMAP_BASE 0x2000000000000000ull
/* The page size user-mode guests are told (AT_PAGESZ) and that brk() and
 * mmap() round to: Linux IA-64's default, 16 KiB. */
#define USER_PAGE_SIZE 16384ull

/* The little-endian 64-bit value at P (ELF images, guest structures). */
static inline uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* V's N low bytes at P, little-endian (firmware tables, boot tables). */
static inline void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}
static inline void put64(uint8_t *p, uint64_t v) { put_le(p, v, 8); }

#define GUEST_NFD 256                  /* guest file descriptors */

/* System mode: Ski's firmware window (src/firmware.c, docs/system.md).
 * A break whose IP{60:0} lies in [FW_BASE, FW_END) is a firmware call. */
#define FW_BASE            0x12FFF000ull
#define FW_END             0x13000000ull
#define FW_PAL_PROC        (FW_BASE + 0x000)  /* PAL_PROC: static and stacked calls */
#define FW_PAL_STACKED_RET (FW_BASE + 0x010)  /* the return of stacked PAL calls */
#define FW_SAL_PROC        (FW_BASE + 0x020)  /* SAL_PROC */
#define FW_EFI_SVAM        (FW_BASE + 0x030)  /* EFI SetVirtualAddressMap */
#define FW_EFI_RESET       (FW_BASE + 0x040)  /* EFI ResetSystem */
#define FW_EFI_UNSUPPORTED (FW_BASE + 0x050)  /* the other EFI runtime services */
#define FW_SAL_PROC_DESC   (FW_BASE + 0x100)  /* function descriptor of SAL_PROC */
#define FW_EFI_GETTIME_DESC (FW_BASE + 0x110) /* function descriptor of GetTime */
#define FW_EFI_SVAM_DESC   (FW_BASE + 0x120)  /* ... of SetVirtualAddressMap */
#define FW_EFI_RESET_DESC  (FW_BASE + 0x130)  /* ... of ResetSystem */
#define FW_EFI_UNSUPPORTED_DESC (FW_BASE + 0x140) /* ... of the others */
#define FW_SAL_SYSTAB      (FW_BASE + 0x200)  /* SAL system table */
#define FW_EFI_GETTIME     0x12FFFFB0ull      /* EFI GetTime, where Ski has it */
/* The nominal clock: platform base, processor and ITC frequency.  The ITC
 * advances one tick per retired instruction, so 100 million instructions
 * are one second of guest time. */
#define FW_BASE_FREQ       100000000ull

/* Guest time (README, "Determinism").  Without `run --realtime`, every
 * clock the guest can read is derived from its ITC at FW_BASE_FREQ, so
 * that two runs are bit-identical: wall-clock time is GUEST_EPOCH (UTC)
 * plus ITC / 100 MHz, monotonic and CPU time ITC / 100 MHz, and getpid
 * answers GUEST_PID.  With --realtime they read the host's clocks. */
#define GUEST_EPOCH        1735689600ull      /* 2025-01-01 00:00:00 UTC */
#define GUEST_PID          1000

/* The UART (src/uart.c): a 16550 with a 16-byte receive FIFO. */
#define UART_BASE          0xff5e0000ull
#define UART_FIFO          16

struct uart8250 {
    uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
    uint8_t thre;                      /* the transmitter-empty interrupt is pending */
    uint8_t rx[UART_FIFO], rx_head, rx_n;
};

/* `ia64emu boot`'s I/O SAPIC (src/iosapic.c); the UART drives UART_GSI. */
#define IOSAPIC_BASE       0xfec00000ull
#define IOSAPIC_PINS       16
#define UART_GSI           4
struct iosapic {
    uint8_t select, id;
    uint64_t rte[IOSAPIC_PINS];        /* redirection entries, high half in 63:32 */
    uint8_t line[IOSAPIC_PINS];        /* each input asserted */
};

/* `ia64emu boot` (src/boot_cmd.c, docs/boot.md): the console's tail and how
 * the run ends. */
#define CONSOLE_TAIL       8192        /* bytes of console output kept */
#define CONSOLE_TAIL_LINES 20          /* ... shown after a kernel panic */
struct boot_state {
    int on;                            /* the guest is a Linux kernel booted by ia64emu */
    int quiet;                         /* --quiet: console output held back until ... */
    int user_seen;                     /* ... a break from CPL 3 (userspace runs) */
    int stdin_eof;                     /* stdin ended (^Ds are fed to the UART) */
    int panic;                         /* "Kernel panic" was printed */
    int svam_done;                     /* EFI SetVirtualAddressMap was called */
    uint64_t user_insns;               /* insns at the first break from CPL 3 */
    uint64_t tx_itc;                   /* the ITC at the last byte the UART sent */
    char tail[CONSOLE_TAIL];           /* ring of the last console bytes */
    size_t tail_n;                     /* bytes ever written to it */
    char line[160];                    /* the current line, for the panic check */
    size_t line_n;
    char end[64];                      /* how the guest ended the run (PAL_HALT, ResetSystem) */
    uint64_t pal_calls[512];           /* firmware calls by PAL index (512 and up: 511) */
    uint64_t sal_calls[64];            /* ... by SAL index - 0x01000000 (63: the others) */
    uint64_t efi_calls[4];             /* ... GetTime, SetVirtualAddressMap, ResetSystem, others */
};

/* Ski's SSC interrupt types (SSC CONNECT_INTERRUPT's first argument), as
 * Ski numbers them: 1 disk, 2 mouse, 3 keyboard (the console), 4 clock
 * timer, 5 profile timer, 6 APC, 7 DPC, 8 network, 9 SCSI. */
#define SSC_IRPT_TYPES     10
#define SSC_IRPT_KEYBOARD  3
#define SSC_IRPT_CLK_TIMER 4
#define SSC_IRPT_PROF_TIMER 5
/* The console interrupt: stdin is looked at every SSC_CONSOLE_POLL
 * retired instructions (1 ms of guest time at 100 MHz), at the
 * instruction counts that are multiples of it (docs/system.md). */
#define SSC_CONSOLE_POLL   100000ull

/* Host-side state of one guest (machine.host). */
struct guest_host {
    int fd[GUEST_NFD];                 /* guest fd -> host fd, or -1 */
    uint64_t brk_start, brk;           /* user mode: the program break */
    uint64_t mmap_next;                /* user mode: next anonymous mapping */
    uint8_t warned[2048 / 8];          /* unknown system calls already reported */
    int warned_other;                  /* ... numbers of 2048 and above */
    char *cmdline;                     /* system mode: SSC GET_ARGS */
    size_t cmdline_len;
    uint8_t pal_warned[1024 / 8];      /* unimplemented PAL procedures reported */
    uint8_t sal_warned[256 / 8];       /* ... SAL procedures 0x01000000-0x010000ff */
    int fw_warned_other;               /* ... any other SAL index */
    uint64_t sal_vectors[3][3];        /* SAL_SET_VECTORS: MCA, INIT, BOOT_RENDEZ */
    struct uart8250 uart;
    int realtime;                      /* run --realtime: host clocks (see GUEST_EPOCH) */
    /* Ski's SSC interrupts (src/ssc.c): per interrupt type (1-9), the
     * vector SSC CONNECT_INTERRUPT connected it to */
    uint8_t irpt_connected[SSC_IRPT_TYPES];
    uint8_t irpt_vector[SSC_IRPT_TYPES];
    int kb_have;                       /* the console's look-ahead byte is valid */
    uint8_t kb_byte;
    uint64_t kb_next;                  /* insns of the next console check, or UINT64_MAX */
    uint64_t periodic[2];              /* SET_PERIODIC_INTERRUPT: clock, profile timer intervals */
    uint64_t periodic_next[2];         /* insns at which each pends next, or UINT64_MAX */
    struct boot_state boot;
    struct iosapic iosapic;
};

/* guest_load allocates machine.host; guest_free releases it. */
int guest_load(struct machine *m, const struct image *img, char *err, size_t errlen);
void guest_free(struct machine *m);
int guest_setup_user(struct machine *m, const struct image *img, int argc, char **argv,
                     char *err, size_t errlen);
int guest_setup_system(struct machine *m, const struct image *img, int argc, char **argv,
                       char *err, size_t errlen);
int guest_dump_state(struct machine *m, const char *path, char *err, size_t errlen);

/* The time a guest sees: WALL (else monotonic) seconds and nanoseconds,
 * from the ITC or, with --realtime, the host clock. */
void guest_time(struct machine *m, int wall, int64_t *sec, long *nsec);
/* Calendar fields of the wall-clock time: UTC from the ITC, or the
 * host's local time with --realtime. */
void guest_calendar(struct machine *m, struct tm *tm, long *nsec);

/* break 0x100000 in user mode (Linux system call), break 0x80001 in
 * system mode (Ski SSC call).  Return OP_* codes. */
int guest_syscall(struct machine *m);
int guest_ssc(struct machine *m);
/* machine.on_dev_event once the guest connects Ski's console interrupt
 * or sets a periodic one (src/ssc.c). */
int ssc_dev_event(struct machine *m);

/* System mode: the firmware window (src/firmware.c) and the UART
 * (src/uart.c).  firmware_install writes the stubs and tables into the
 * window unless the image already put something there. */
void firmware_install(struct machine *m);
#define FW_IP_MASK ((1ull << 61) - 1)   /* the region bits do not matter */
/* IP is in the window (every break asks: src/guest.c, on_break) */
static inline int firmware_window(uint64_t ip)
{
    ip &= FW_IP_MASK;
    return ip >= FW_BASE && ip < FW_END;
}
int firmware_call(struct machine *m);
int uart_attach(struct machine *m);
/* Queues B in the UART's receive FIFO; -1 when it is full. */
int uart_receive(struct machine *m, uint8_t b);
int iosapic_attach(struct machine *m);
/* Input PIN's line is ACTIVE or not (a device's interrupt output) */
void iosapic_set_line(struct machine *m, unsigned pin, int active);
/* `ia64emu boot`'s console (src/boot.c): keeps byte B of output. */
void console_note(struct guest_host *h, uint8_t b);
/* ... and writes its last LINES lines to F. */
void console_tail(FILE *f, const struct boot_state *s, unsigned lines);
/* The next byte of stdin if one is ready now; -1 when none is, -2 at its
 * end (src/ssc.c). */
int stdin_ready_byte(void);

#endif
