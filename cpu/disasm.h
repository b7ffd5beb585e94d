/* Disassembly of IA-64 bundles, line for line as GNU objdump prints them. */
#ifndef IA64EMU_DISASM_H
#define IA64EMU_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "insn.h"

/* Appends the text for branch target ADDR to BUF (of size N, already
 * holding LEN characters); returns the new length. */
typedef size_t (*disasm_addr_fn)(void *ctx, char *buf, size_t n, size_t len, uint64_t addr);

/* Default: "0x" and the address in hex, as objdump prints when it has no
 * symbols. */
size_t disasm_plain_address(void *ctx, char *buf, size_t n, size_t len, uint64_t addr);

/* Number of lines objdump prints for the bundle (2 for MLX, else 3). */
int disasm_slot_count(const struct bundle *b);

/* Formats line LINE (0..disasm_slot_count-1) of bundle B at BUNDLE_ADDR:
 * the template tag, predicate, mnemonic, operands and ";;", without the
 * address column.  Returns the decoded entry, or NULL for a placeholder. */
const struct insn_desc *disasm_line(char *buf, size_t n, const struct bundle *b, int line,
                                    uint64_t bundle_addr, disasm_addr_fn addr_fn, void *ctx);

#endif
