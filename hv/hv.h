/* The hypervisor model (issue 6, section 2): a Xen/ia64-style hypervisor
 * in C inside ia64emu, attached with `run --mode=xen`.  docs/hv.md says
 * what it models and what it does not.
 *
 * The guest kernel runs at CPL 2 (Xen/ia64's choice), its user tasks at
 * CPL 3.  The real CPU (struct cpu) runs the guest; the hypervisor owns
 * the real PSR's i, ic, dt, it, rt, bn and cpl, the real region
 * registers, PTA, the real TLB, ITM and ITV.  The guest's virtual state
 * lives in the XSI shared page (mapped_regs at XSI_BASE + 0x4000, laid
 * out as Xen laid it out: ../shared/reference/pvops.md) and in struct hv.
 *
 * Entry: machine.on_interruption, called by interrupt.c's take() for every
 * interruption the guest raises (never per instruction).  hv_dispatch
 * sorts them: hyperprivops (break 0x01-0x1a at CPL 2), privileged
 * operations (emulated), TLB misses (metaphysical mode, the guest's TRs,
 * the guest's VHPT) and real external interrupts (the timer); everything
 * else is reflected into the guest's virtual IVT. */
#ifndef IA64EMU_HV_H
#define IA64EMU_HV_H

#include <stdint.h>
#include <stdio.h>

#include "ops.h"

/* ------------------------------------------------------------ the XSI */
#define XSI_BASE        0xfffffffffff00000ull
#define XSI_MAPPED      (XSI_BASE + 0x4000)     /* mapped_regs: one 4 KiB page */
/* Machine address of the mapped_regs page: outside the guest-physical
 * space (HV_GPA_BITS), so no guest translation can reach it. */
#define XSI_MACHINE     0x3000000000000ull
/* Offsets from XSI_BASE (pvops.md) */
#define XSI_BANK1       0x4400
#define XSI_BANK0       0x4480
#define XSI_VNAT        0x4500
#define XSI_VBNAT       0x4508
#define XSI_VPSR        0x4590
#define XSI_VPR         0x4598
#define XSI_VCR         0x4800                  /* vcr[n] at XSI_VCR + 8 n */
#define XSI_PRECOVER_IFS 0x4c00
#define XSI_IC          0x4c10                  /* interrupt_collection_enabled, 32-bit */
#define XSI_MASK_ADDR   0x4c18                  /* interrupt_mask_addr */
#define XSI_PENDING_INT 0x4c20                  /* pending_interruption, 32-bit */
#define XSI_METAPHYS    0x4c48                  /* 32-bit */
#define XSI_BANKNUM     0x4c4c                  /* 32-bit */
#define XSI_RRS         0x4c50                  /* rrs[8] */
#define XSI_KRS         0x4c90                  /* krs[8] */
#define XSI_ITC_OFFSET  0x4d50
#define XSI_ITC_LAST    0x4d58
/* ia64emu's choice (the contract): the event mask byte and, one below
 * it, the pending byte, inside the mapped_regs page. */
#define XSI_PENDING     0x4f00
#define XSI_MASK        0x4f01

/* Guest-physical addresses have HV_GPA_BITS bits; the p2m (vmem.c) is
 * the identity on them. */
#define HV_GPA_BITS     48
/* The region id the hypervisor keeps for metaphysical mode (rr0 and rr4);
 * a guest region register naming it fails loudly. */
#define HV_MP_RID       0xffffffu
/* The real timer's vector: the hypervisor owns cr.itv. */
#define HV_TIMER_VECTOR 0xff
/* The real data translation register that maps the XSI page. */
#define HV_XSI_DTR      0

enum hp_id {
#define HP(imm, name, fast) HP_##name = imm,
#include "hyperprivops.def"
#undef HP
    HP_LAST = 0x1a
};

enum privop_kind {
#define PRIVOP(name, what) PV_##name,
#include "privops.def"
#undef PRIVOP
    PV_COUNT
};

struct hv_counters {
#define HV_COUNTER(name, what) uint64_t name;
#include "counters.def"
#undef HV_COUNTER
    uint64_t hp[HP_LAST + 1][2];        /* [imm][0 fast, 1 slow] */
    uint64_t privop[PV_COUNT];
    uint64_t reflect[IVEC_COUNT];       /* per vector */
};

struct hv {
    struct machine *m;
    uint8_t *xsi;                 /* host address of the mapped_regs page */
    /* Virtual PSR bits not held in the XSI (ic, i, bn) nor in the real
     * PSR (the bits Xen passed through, HV_PSR_PASS): dt, it, rt, cpl,
     * mc, is. */
    uint64_t vbits;
    uint64_t vinsvc[4];           /* virtual interrupts in service (IVR, EOI) */
    struct tlb_entry vtr[2][TLB_NTR]; /* the guest's translation registers, guest ptes */
    /* vmem.c, vtr_changed: bit i: vtr[side][i].valid; bit (rid & 63):
     * a valid vtr[side] entry may have region id rid */
    uint8_t vtr_valid[2];
    uint64_t vtr_rids[2];
    /* vmem.c, guest_data_ma: the real TC entry tlb_lookup last gave for
     * a VHPT entry's page, or NULL (vhpt_tc_forget) */
    const struct tlb_entry *vhpt_tc;
    /* (vmem.c, data_miss: its region memos are the cpu's software walks,
     * struct tlb_soft_walk, which vhpt_tc_forget forgets) */
    /* vmem.c: the VHPT_Addr pieces of the guest's PTA (tlb.h) */
    struct vhpt_shape vhpt;
    struct tlb_entry *installed;  /* vmem.c, install: the entry of the last miss satisfied */
    int metaphysical;             /* rr0, rr4 hold HV_MP_RID */
    int iva_written;              /* the guest set its IVA: its IVT takes reflections */
    struct trap *trap;            /* trap-and-emulate mode (trap.c), or NULL: xen mode */
    struct hv_counters n;
    /* privop.c: the privileged-operation faults per address (bundle |
     * slot -> struct hv_privop_site), for where the guest's traps come
     * from (boot --stats); a GHashTable */
    void *privop_sites;
};

struct hv_privop_site {
    uint64_t addr;                /* bundle | slot */
    uint64_t count;
    const char *mnemonic;
};
/* The sites of privileged-operation faults, most faults first (ties by
 * address): a g_new array of *N, g_free it. */
struct hv_privop_site *hv_privop_sites(const struct hv *h, size_t *n);

/* The PSR bits the guest's own value is kept in the real PSR for (Xen's
 * non-virtualized bits, plus dfh, pp, di, si). */
#define HV_PSR_PASS (PSR_BE | PSR_UP | PSR_AC | PSR_MFL | PSR_MFH | PSR_PK | PSR_DFL | PSR_DFH | \
                     PSR_SP | PSR_PP | PSR_DI | PSR_SI | PSR_DB | PSR_LP | PSR_TB | PSR_ID |    \
                     PSR_DA | PSR_DD | PSR_SS | PSR_RI_MASK | PSR_ED | PSR_IA)
/* ... and those struct hv keeps */
#define HV_PSR_VBITS (PSR_DT | PSR_IT | PSR_RT | PSR_CPL_MASK | PSR_MC | PSR_IS)

/* hv.c */
struct hv *hv_attach(struct machine *m);       /* after guest_setup_system */
void hv_free(struct machine *m);
void hv_print_stats(const struct machine *m, FILE *f);
static inline struct hv *hv_of(struct machine *m) { return (struct hv *)m->hv; }

/* the XSI's byte at guest offset OFF (the guest's byte order is the host's) */
static inline uint8_t *xsi_at(const struct hv *h, unsigned off) { return h->xsi + (off - 0x4000); }
static inline uint64_t xsi_get(const struct hv *h, unsigned off)
{
    uint64_t v;
    memcpy(&v, xsi_at(h, off), 8);
    return v;
}
static inline void xsi_set(struct hv *h, unsigned off, uint64_t v)
{
    memcpy(xsi_at(h, off), &v, 8);
}
/* xsi_set on the page at X (h->xsi), for a run of stores: after each
 * xsi_set the compiler loads h->xsi again (a byte store may change it) */
static inline void xsi_put(uint8_t *x, unsigned off, uint64_t v)
{
    memcpy(x + (off - 0x4000), &v, 8);
}
static inline uint32_t xsi_get4(const struct hv *h, unsigned off)
{
    uint32_t v;
    memcpy(&v, xsi_at(h, off), 4);
    return v;
}
static inline void xsi_set4(struct hv *h, unsigned off, uint32_t v)
{
    memcpy(xsi_at(h, off), &v, 4);
}
static inline uint64_t vcr_get(const struct hv *h, unsigned n) { return xsi_get(h, XSI_VCR + 8 * n); }
static inline void vcr_set(struct hv *h, unsigned n, uint64_t v) { xsi_set(h, XSI_VCR + 8 * n, v); }
static inline int hv_vic(const struct hv *h) { return xsi_get4(h, XSI_IC) != 0; }
static inline int hv_vi(const struct hv *h) { return *xsi_at(h, XSI_MASK) == 0; }

/* the guest's PSR as it sees it */
static inline uint64_t hv_vpsr(struct hv *h)
{
    const struct cpu *c = &h->m->cpu;
    uint64_t v = (c->psr & HV_PSR_PASS & ~PSR_RI_MASK) | (h->vbits & HV_PSR_VBITS);
    if (hv_vic(h))
        v |= PSR_IC;
    if (hv_vi(h))
        v |= PSR_I;
    if (xsi_get4(h, XSI_BANKNUM))
        v |= PSR_BN;
    return v;
}
void hv_set_vpsr(struct hv *h, uint64_t v);    /* ... and writes it */
void hv_vbsw(struct hv *h, int bank);         /* the virtual bsw (banks in the XSI) */
void hv_advance(struct hv *h);                /* IIP past the instruction at ip/slot */
unsigned hv_vcpl(struct hv *h);               /* the guest's CPL */

/* trap.c: trap-and-emulate mode (`run --mode=trap`): the unmodified
 * native kernel at CPL 2, its privileged instructions emulated, the
 * virtualization holes counted (never emulated). */
struct hv *hv_attach_trap(struct machine *m);
/* The holes report for `run --stats`: each hole with its count and
 * address, and the verdict on divergence given how the run ended
 * (ENDED_OK: exit status 0 and no fault). */
void hv_trap_report(const struct machine *m, FILE *f, int ended_ok);
void hv_trap_free(struct hv *h);

/* reflect.c: deliver the interruption IN into the guest's virtual IVT
 * (cpu.ip/slot name where it happened).  Returns 1, or 0 when the run
 * ends (no virtual IVT yet: the fault ends the run as in native mode). */
int hv_reflect(struct hv *h, const struct interruption *in);
/* The interruption the cpu recorded (cpu.intr), reflected. */
int hv_reflect_current(struct hv *h);
/* A break that is no hyperprivop (machine.on_hyperprivop, hv_break_now):
 * its Break Instruction fault reflected where it runs, OP_BRANCH, when
 * the run would go on after it; else the fault raised (cpu_raise). */
int hv_reflect_break_now(struct hv *h, uint64_t imm);

/* hyperprivop.c: break IMM (0x01-0x1a) from CPL 2 */
int hv_hyperprivop(struct hv *h, unsigned imm);
/* ... RFI or COVER where its break runs, and the other breaks' reflection
 * (machine.on_hyperprivop) */
int hv_break_now(struct machine *m, uint64_t imm);
/* rfi on the virtual state: OP_BRANCH (ip set) or OP_STOP */
int hv_rfi(struct hv *h);
/* The end of a hyperprivop or an emulated instruction whose handler
 * returned R: OP_NEXT advances past it, OP_BRANCH has set ip, OP_STOP
 * reflects the fault raised (or ends the run).  Returns dispatch's 1/0. */
int hv_finish(struct hv *h, int r, uint64_t bundle);

/* privop.c: a Privileged Operation / Register fault from the guest kernel */
int hv_privop(struct hv *h);

/* vtimer.c: the virtual timer and interrupt controller */
void hv_vtimer_init(struct hv *h);
int hv_external_interrupt(struct hv *h);      /* a real one was taken */
int hv_events(struct hv *h);                  /* deliver or mark a pending virtual interrupt */
/* ... when it delivers none (1), else 0; inline its usual case, no
 * virtual IRR bit set: the pending byte and pending_interruption 0 */
int hv_events_quiet_slow(struct hv *h);
static inline int hv_events_quiet(struct hv *h)
{
    if (vcr_get(h, CR_IRR0) | vcr_get(h, CR_IRR0 + 1) | vcr_get(h, CR_IRR0 + 2) | vcr_get(h, CR_IRR0 + 3))
        return hv_events_quiet_slow(h);
    *xsi_at(h, XSI_PENDING) = 0;
    xsi_set4(h, XSI_PENDING_INT, 0);
    return 1;
}
uint64_t hv_get_ivr(struct hv *h);
void hv_set_tpr(struct hv *h, uint64_t v);
void hv_eoi(struct hv *h);
void hv_set_itm(struct hv *h, uint64_t v);
void hv_set_itc(struct hv *h, uint64_t v);
void hv_set_itv(struct hv *h, uint64_t v);

/* vmem.c: guest-physical memory and translation */
void hv_vmem_init(struct hv *h);
uint64_t hv_p2m(uint64_t gpa, int *ok);       /* guest-physical -> machine */
int hv_set_rr(struct hv *h, uint64_t va, uint64_t v);   /* OP_NEXT or OP_STOP */
void hv_update_metaphysical(struct hv *h);    /* after vpsr dt/it/rt changed */
int hv_itc(struct hv *h, int side, uint64_t pte);        /* from XSI ifa, itir */
int hv_itc_now(struct hv *h, int side, uint64_t pte);    /* ... or -1, nothing changed, where it faults */
int hv_itr(struct hv *h, int side, uint64_t slot, uint64_t pte);
int hv_ptc(struct hv *h, uint64_t va, unsigned ps, int tr_side); /* tr_side < 0: ptc */
void hv_ptc_e(struct hv *h);
uint64_t hv_thash(struct hv *h, uint64_t va);
uint64_t hv_ttag(struct hv *h, uint64_t va);
/* The guest-physical address of VA as the guest sees it: VA itself
 * while its virtual PSR.dt is 0 (bit 63 stripped), else through the
 * translations the guest inserted (hv_tpa).  -1 when none holds VA.  For
 * the firmware's pointer arguments (src/firmware.c). */
int hv_guest_pa(struct hv *h, uint64_t va, uint64_t *gpa);
/* A real TLB miss (Alternate ITLB/DTLB): satisfied (1), reflected (1),
 * or the run ends (0). */
int hv_tlb_miss(struct hv *h);
/* ... an Alternate Data TLB miss of VA (ISR), where the reference is made
 * (machine.on_tlb_miss): the entry inserted when it is satisfied, else
 * NULL with nothing changed (then it faults as above). */
struct tlb_entry *hv_miss_now(struct machine *m, uint64_t va, uint64_t isr);
/* The guest-physical address of guest VA through the guest's data
 * translations; 0 with *GPA, or 1 when there is none. */
int hv_tpa(struct hv *h, uint64_t va, uint64_t *gpa, uint64_t *key);

#endif
