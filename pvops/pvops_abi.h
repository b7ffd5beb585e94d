/* The pv_ops site records: constants shared by the assembler backends
 * (through cpp) and the C side.  Preprocessor definitions only, so that
 * both can include it.
 *
 * Every expansion of a hook macro is a "site".  Its backend brackets the
 * site's code with two labels (each starts a bundle, so a site owns whole
 * bundles) and appends one 32-byte record to PVOPS_SITES_SECTION:
 *
 *   offset  size  field
 *   0       4     site id: per-file base + source-order index, the same
 *                 in every variant
 *   4       2     hook id (pvops/hooks.def)
 *   6       1     length of the site in bundles
 *   7       1     variant that built it (PVOPS_VARIANT_*)
 *   8       8     address of the site's first bundle (a relocation in an
 *                 unlinked object)
 *   16      4x4   the macro's arguments in order: role (PVOPS_ROLE_*),
 *                 register class (PVOPS_CLASS_*), register number, 0
 */
#ifndef IA64EMU_PVOPS_ABI_H
#define IA64EMU_PVOPS_ABI_H

#define PVOPS_SITES_SECTION .data..pvops_sites
#define PVOPS_SITES_SECTION_NAME ".data..pvops_sites"
#define PVOPS_SITE_RECORD_SIZE 32
#define PVOPS_SITE_MAX_ARGS 4

/* Build variants: one -DPVOPS_VARIANT=n selects the backend. */
#define PVOPS_VARIANT_NATIVE 0
#define PVOPS_VARIANT_CHECK 1
#define PVOPS_VARIANT_XEN 2

/* What a macro argument is. */
#define PVOPS_ROLE_NONE 0
#define PVOPS_ROLE_QP 1       /* qualifying predicate */
#define PVOPS_ROLE_PCLOB 2    /* predicate donated by the caller */
#define PVOPS_ROLE_OUT 3      /* general register written */
#define PVOPS_ROLE_IN 4       /* general register read */
#define PVOPS_ROLE_CLOB 5     /* general register donated by the caller */
#define PVOPS_ROLE_KR 6       /* kernel register index, ar.k0-ar.k7 */

/* Register classes in a record. */
#define PVOPS_CLASS_NONE 0
#define PVOPS_CLASS_GR 1      /* r0-r127 */
#define PVOPS_CLASS_PR 2      /* p0-p63 */
#define PVOPS_CLASS_IN 3      /* in0-in95: stacked, relative to the frame */
#define PVOPS_CLASS_LOC 4     /* loc0-loc95 */
#define PVOPS_CLASS_OUT 5     /* out0-out95 */
#define PVOPS_CLASS_KR 6      /* ar.k0-ar.k7 */

/* What a hook does. */
#define PVOPS_KIND_READ_CR 1
#define PVOPS_KIND_READ_PSR 2
#define PVOPS_KIND_READ_AR 3
#define PVOPS_KIND_WRITE_CR 4
#define PVOPS_KIND_WRITE_KR 5
#define PVOPS_KIND_TLB_INSERT 6
#define PVOPS_KIND_THASH 7
#define PVOPS_KIND_PSR_SET 8
#define PVOPS_KIND_PSR_RESET 9
#define PVOPS_KIND_BANK_SWITCH 10
#define PVOPS_KIND_COVER 11
#define PVOPS_KIND_RFI 12
#define PVOPS_KIND_WRITE_RR 13
#define PVOPS_KIND_TR_INSERT 14
#define PVOPS_KIND_CACHE_FLUSH 15

/* The poison a checking build writes into every donated register. */
#define PVOPS_POISON 0xdeadbeefbaadf00d

#endif
