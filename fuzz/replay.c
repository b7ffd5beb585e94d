/* The plain driver of the fuzz targets: runs LLVMFuzzerTestOneInput on
 * every file named, and on every file of every directory named (a seed
 * corpus, the crashes ever found), so that each stays a regression test
 * in the normal build (no clang, no libFuzzer).  A crash or failed check
 * aborts; otherwise prints 'N passed, 0 failed'. */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t k;
    while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf)
        return -1;
    LLVMFuzzerTestOneInput(buf, n);
    free(buf);
    return 0;
}

static int name_order(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    long files = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            continue;                      /* an empty crashes/ directory may be absent */
        if (!S_ISDIR(st.st_mode)) {
            failed += run_file(argv[i]) != 0;
            files++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        if (!d)
            continue;
        char **names = NULL;
        size_t nn = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' || !strcmp(e->d_name, "README"))
                continue;
            names = realloc(names, (nn + 1) * sizeof *names);
            names[nn++] = strdup(e->d_name);
        }
        closedir(d);
        if (nn)
            qsort(names, nn, sizeof *names, name_order);
        for (size_t j = 0; j < nn; j++) {
            size_t len = strlen(argv[i]) + strlen(names[j]) + 2;
            char *p = malloc(len);
            snprintf(p, len, "%s/%s", argv[i], names[j]);
            if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
                failed += run_file(p) != 0;
                files++;
            }
            free(p);
            free(names[j]);
        }
        free(names);
    }
    printf("%ld passed, %ld failed\n", files - failed, failed);
    return failed ? 1 : 0;
}
