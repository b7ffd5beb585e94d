/* Fuzz target: the ELF loader (src/image.c) and the guest set-up of
 * `ia64emu run` (src/guest.c) on arbitrary bytes.  An image that loads is
 * placed in a machine with a 4 MiB --mem and set up as a system-mode and
 * as a user-mode guest, and every symbol lookup the disassembler would do
 * is made; nothing runs.  A rejected image must come with a one-line
 * reason naming the file. */
#include <string.h>

#include "fuzz.h"
#include "guest.h"
#include "image.h"

static void setup(const struct image *img, int system_mode)
{
    struct machine *m = fuzz_machine(4ull << 20);
    m->system_mode = system_mode;
    char err[512] = "";
    static char arg0[] = "fuzz.elf", arg1[] = "--flag", arg2[] = "value";
    char *argv[] = { arg0, arg1, arg2, NULL };
    if (guest_load(m, img, err, sizeof err) == 0) {
        int rc = system_mode ? guest_setup_system(m, img, 3, argv, err, sizeof err)
                             : guest_setup_user(m, img, 3, argv, err, sizeof err);
        FUZZ_CHECK(rc == 0 || (err[0] && !strchr(err, '\n')));
    } else {
        FUZZ_CHECK(err[0] && !strchr(err, '\n') && strstr(err, "fuzz.elf"));
    }
    FUZZ_CHECK(m->mem.npages <= m->mem.cap_pages);
    guest_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image img;
    char err[512] = "";
    if (image_load_elf_bytes(&img, "fuzz.elf", data, size, err, sizeof err)) {
        FUZZ_CHECK(err[0] && !strchr(err, '\n') && !strncmp(err, "fuzz.elf: ", 10));
        image_free(&img);
        return 0;
    }
    for (size_t i = 0; i < img.nsec; i++) {
        const struct image_section *s = &img.sec[i];
        FUZZ_CHECK(s->name != NULL);
        if (s->data)
            FUZZ_CHECK(s->data >= img.bytes && s->data + s->size <= img.bytes + img.nbytes);
        if (s->exec && s->size)
            for (uint64_t a = s->addr, k = 0; k < 64 && a - s->addr < s->size; a += 16, k++)
                (void)image_symbol_for(&img, s, a);
    }
    for (size_t i = 0; i < img.nseg; i++)
        FUZZ_CHECK(img.seg[i].filesz <= img.seg[i].memsz &&
                   img.seg[i].offset + img.seg[i].filesz <= img.nbytes);
    if (img.exec && img.nseg && !img.dynamic) {
        setup(&img, 1);
        setup(&img, 0);
    }
    image_free(&img);
    return 0;
}
