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
 * end of the code ends the run as an exit. */
#include <string.h>

#include "fuzz.h"
#include "harness.h"
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

    struct machine *m = fuzz_machine(4ull << 20);
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
        fprintf(stderr, "fuzz_exec: %zu bundles: stop %d after %llu instructions, %llu interruptions so far%s%s\n",
                nb, (int)c->stop, (unsigned long long)c->insns, (unsigned long long)interruptions,
                c->message[0] ? ": " : "", c->message);
    FUZZ_CHECK(c->stop == STOP_EXIT || c->stop == STOP_MAX_INSNS || c->stop == STOP_FAULT ||
               c->stop == STOP_UNIMPLEMENTED || c->stop == STOP_HOST_ERROR || c->stop == STOP_HALTED);
    FUZZ_CHECK(c->insns <= MAX_INSNS);
    FUZZ_CHECK(m->mem.npages <= m->mem.cap_pages);
    FUZZ_CHECK(c->slot <= 2);
    return 0;
}
