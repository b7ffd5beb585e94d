/* Fuzz target: the executor.  The input, cut into 16-byte bundles (at most
 * 256, the last zero-padded), is placed at CODE and run as a system-mode
 * guest at PL0 in physical mode with interruption collection on and an IVT
 * at IVT whose every entry is one bundle:
 *
 *     break.m 0x1ff000+vector ; nop.i 0 ; rfi ;;
 *
 * The host answers that break: it counts the interruption and, for a
 * fault, moves IIP/IPSR.ri past the faulting slot (traps and interrupts
 * already name the next one), so the rfi resumes the random code.  The
 * run is bounded by MAX_INSNS retired instructions and a 4 MiB --mem.
 * Checked: no host crash (ASan, UBSan), a known stop reason, the
 * instruction bound kept, memory within the cap.  A break 0x1ffe00 at the
 * end of the code ends the run as an exit.
 *
 * Each input runs twice: with the translator (cpu/jit.h), made to
 * translate a bundle at its first entry by branch, and interpreted only
 * (--no-jit).  The two runs must end in the same state: registers,
 * predicates, application and control registers, PSR, CFM, the count,
 * the stop, the interruptions taken and the data and backing-store
 * pages. */
#include <string.h>

#include "fuzz.h"
#include "harness.h"
#include "jit.h"
#include "machine.h"

#define CODE       0x100000ull
#define DATA       0x200000ull
#define RBS        0x300000ull
#define IVT        0x10000ull             /* 32 KiB aligned */
#define MAX_INSNS  20000u
#define MAX_BUNDLES 256u
#define IVT_IMM    0x1ff000u
#define END_IMM    0x1ffe00u

static uint64_t interruptions;            /* total, over the whole session */
static uint64_t taken;                    /* in the current run */

static int is_trap(unsigned v)
{
    return v == IVEC_EXTERNAL_INTERRUPT || v == IVEC_FP_TRAP || v == IVEC_LOWER_PRIVILEGE_TRANSFER ||
           v == IVEC_TAKEN_BRANCH || v == IVEC_SINGLE_STEP || v >= IVEC_IA32_EXCEPTION;
}

static int on_break(struct machine *m, uint64_t imm)
{
    struct cpu *c = &m->cpu;
    if (imm >= IVT_IMM && imm < IVT_IMM + IVEC_COUNT && c->ip >= IVT && c->ip < IVT + 0x8000) {
        interruptions++;
        taken++;
        if (!is_trap((unsigned)(imm - IVT_IMM))) {
            uint64_t ri = (c->cr[CR_IPSR] >> 41) & 3;
            if (ri >= 2) {
                c->cr[CR_IIP] += 16;
                ri = 0;
            } else {
                ri++;
            }
            c->cr[CR_IPSR] = (c->cr[CR_IPSR] & ~(3ull << 41)) | ri << 41;
        }
        return OP_NEXT;
    }
    if (imm == END_IMM) {
        c->stop = STOP_EXIT;
        c->exit_status = 0;
        return OP_STOP;
    }
    return cpu_raise(c, FAULT_BREAK, imm);
}

static unsigned template_of(const char *tag)
{
    for (unsigned t = 0; t < 16; t++)
        if (!strcmp(insn_templates[t].tag, tag))
            return t;
    abort();
}

static uint64_t encode(const char *mnemonic, const char *format, int nops, int64_t op)
{
    const struct insn_desc *d = t_find(mnemonic, format, nops);
    uint64_t slot = 0, slot_l = 0;
    FUZZ_CHECK(d && t_encode(d, 0, &op, &slot, &slot_l) == 0);
    return slot;
}

static struct machine *run(unsigned k, const uint8_t *data, size_t size, uint8_t ivt_bundle[][16],
                           const uint8_t end_bundle[16]);
static void same_state(struct machine *a, struct machine *b, uint64_t taken_a, uint64_t taken_b);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint8_t ivt_bundle[IVEC_COUNT][16], end_bundle[16];
    static int ready;
    if (!ready) {
        uint64_t s[3];
        unsigned mib = template_of("MIB");
        for (unsigned v = 0; v < IVEC_COUNT; v++) {
            s[0] = encode("break.m", "M37", 1, IVT_IMM + v);
            s[1] = encode("nop.i", "I18", 1, 0);
            s[2] = encode("rfi", "B8", 0, 0);
            bundle_pack(ivt_bundle[v], mib, 1, s);
        }
        s[0] = encode("break.m", "M37", 1, END_IMM);
        s[1] = encode("nop.i", "I18", 1, 0);
        s[2] = encode("nop.b", "B9", 1, 0);
        bundle_pack(end_bundle, mib, 1, s);
        ready = 1;
    }
    if (size > MAX_BUNDLES * 16)
        size = MAX_BUNDLES * 16;
    struct machine *mj = run(0, data, size, ivt_bundle, end_bundle);
    uint64_t taken_j = taken;
    struct machine *mi = run(1, data, size, ivt_bundle, end_bundle);
    same_state(mj, mi, taken_j, taken);
    return 0;
}

/* The state both runs must end in alike */
static void same_state(struct machine *a, struct machine *b, uint64_t taken_a, uint64_t taken_b)
{
    const struct cpu *x = &a->cpu, *y = &b->cpu;
    FUZZ_CHECK(taken_a == taken_b);
    FUZZ_CHECK(x->stop == y->stop && x->insns == y->insns && x->ip == y->ip && x->slot == y->slot);
    FUZZ_CHECK(x->cfm == y->cfm && x->psr == y->psr && x->fault == y->fault);
    FUZZ_CHECK(!memcmp(x->grf, y->grf, sizeof x->grf));
    FUZZ_CHECK(!memcmp(x->prf, y->prf, sizeof x->prf));
    FUZZ_CHECK(!memcmp(x->ar, y->ar, sizeof x->ar) && !memcmp(x->br, y->br, sizeof x->br));
    FUZZ_CHECK(!memcmp(x->cr, y->cr, sizeof x->cr));
    FUZZ_CHECK(x->rse.bof == y->rse.bof && x->rse.ndirty == y->rse.ndirty && x->rse.nclean == y->rse.nclean);
    static uint8_t pa[0x4000], pb[0x4000];
    const uint64_t pages[] = { DATA, RBS };
    for (unsigned i = 0; i < 2; i++) {
        int ra = mem_copy_out(&a->mem, pa, pages[i], sizeof pa), rb = mem_copy_out(&b->mem, pb, pages[i], sizeof pb);
        FUZZ_CHECK(ra == rb && (ra || !memcmp(pa, pb, sizeof pa)));
    }
}

/* Input DATA run on machine K: 0 translates, 1 interprets */
static struct machine *run(unsigned k, const uint8_t *data, size_t size, uint8_t ivt_bundle[][16],
                           const uint8_t end_bundle[16])
{
    struct machine *m = fuzz_machine_at(k, 4ull << 20);
    m->jit_off = k == 1;
    m->jit_hot = 1;
    taken = 0;
    m->system_mode = 1;
    m->on_break = on_break;
    struct cpu *c = &m->cpu;
    for (unsigned v = 0; v < IVEC_COUNT; v++)
        FUZZ_CHECK(mem_copy_in(&m->mem, IVT + ivec_offset((enum ivec)v), ivt_bundle[v], 16) == 0);
    uint8_t code[MAX_BUNDLES * 16 + 16] = { 0 };
    memcpy(code, data, size);
    size_t nb = (size + 15) / 16;
    memcpy(code + nb * 16, end_bundle, 16);
    FUZZ_CHECK(mem_copy_in(&m->mem, CODE, code, nb * 16 + 16) == 0);

    /* registers that point at memory, a frame of 96 and a backing store */
    c->psr = PSR_IC;
    c->cr[CR_IVA] = IVT;
    c->iva_written = 1;
    c->cfm = 96 | (48 << 7);
    c->ar[AR_BSP] = c->ar[AR_BSPSTORE] = RBS;
    rse_remap(c);
    for (unsigned r = 1; r < 32; r++)
        gr_set(c, r, DATA + r * 0x108, 0);
    c->ip = CODE;
    c->slot = 0;
    c->max_insns = MAX_INSNS;
    cpu_run(c);

    if (getenv("FUZZ_VERBOSE"))
    {
        uint64_t blocks, bytes, resets;
        jit_stats(m->jit, &blocks, &bytes, &resets);
        fprintf(stderr, "fuzz_exec: %zu bundles%s: stop %d after %llu instructions, %llu interruptions so far, "
                "%llu blocks translated so far%s%s\n", nb, k ? " (interpreted)" : "", (int)c->stop,
                (unsigned long long)c->insns, (unsigned long long)interruptions, (unsigned long long)blocks,
                c->message[0] ? ": " : "", c->message);
    }
    FUZZ_CHECK(c->stop == STOP_EXIT || c->stop == STOP_MAX_INSNS || c->stop == STOP_FAULT ||
               c->stop == STOP_UNIMPLEMENTED || c->stop == STOP_HOST_ERROR || c->stop == STOP_HALTED);
    FUZZ_CHECK(c->insns <= MAX_INSNS);
    FUZZ_CHECK(m->mem.npages <= m->mem.cap_pages);
    FUZZ_CHECK(c->slot <= 2);
    return m;
}
