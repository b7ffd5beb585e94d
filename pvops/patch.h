/* Binary patching of a native kernel's pv_ops sites (issue 6, section 4):
 * the bundle-level part, on byte buffers (no machine, no ELF).  The
 * loader side (`run --mode=patched`, `ia64emu pvops patch`) is in
 * src/patch_load.c; docs/pvops.md, "Binary patching", says how. */
#ifndef IA64EMU_PVOPS_PATCH_H
#define IA64EMU_PVOPS_PATCH_H

#include <stddef.h>
#include <stdint.h>

#define PVOPS_BUNDLE 16

/* Rewrites every IP-relative operand (br/brl/chk/fchkf targets, the
 * brp target) of the bundle B, which moves from FROM to TO.  A target
 * inside [SEQ, SEQ_END] (the sequence the bundle belongs to, end
 * included: a branch to the end is a branch to the continuation) keeps
 * its place relative to the sequence, so its displacement is unchanged;
 * a target outside keeps its absolute address.  Returns the number of
 * operands changed, or -1 with ERR when the bundle cannot move: `mov
 * r=ip`, or a target out of the operand's reach. */
int pvops_relocate_bundle(uint8_t b[PVOPS_BUNDLE], uint64_t from, uint64_t to, uint64_t seq, uint64_t seq_end,
                          char *err, size_t errlen);

/* A bundle of nops (MII; STOP: a stop at its end). */
void pvops_nop_bundle(uint8_t b[PVOPS_BUNDLE], int stop);

/* A bundle whose only instruction is `br.cond.sptk.few TARGET` (MIB,
 * nop.m, nop.i, with a stop at its end), at address AT.  Returns 0, or
 * -1 when TARGET is out of the reach of an IP-relative br (+-16 MiB). */
int pvops_branch_bundle(uint8_t b[PVOPS_BUNDLE], uint64_t at, uint64_t target);

/* Non-nop and nop instructions (the L+X pair of an MLX bundle is one
 * instruction) in N bundles at P. */
void pvops_count_insns(const uint8_t *p, unsigned n, unsigned *insns, unsigned *nops);

/* One site's rewrite. */
struct pvops_patch_result {
    int stub;                 /* 0: in place, 1: out of line */
    unsigned bundles_added;   /* bundles in the patch area (stub + its branch back) */
    unsigned pad_bundles;     /* nop bundles padding an in-place sequence */
    unsigned relocated;       /* IP-relative operands rewritten */
};

/* Rewrites the site of NB bundles at SITE (its guest address SITE_ADDR)
 * with the XB bundles of XEN (taken from XEN_ADDR in the Xen image):
 * in place, padded with nop bundles, when XB <= NB; otherwise a branch
 * to a stub written at STUB (guest address STUB_ADDR, room for
 * STUB_ROOM bytes): the relocated sequence and a branch back to
 * SITE_ADDR + 16 NB.  Returns 0 or -1 with ERR. */
int pvops_patch_site(uint8_t *site, unsigned nb, uint64_t site_addr, const uint8_t *xen, unsigned xb,
                     uint64_t xen_addr, uint8_t *stub, uint64_t stub_addr, size_t stub_room,
                     struct pvops_patch_result *r, char *err, size_t errlen);

#endif
