/* Line numbers for GLib key files, which keep none: for one-line errors
 * that name the line (the suite's manifests, --costs=FILE). */
#ifndef IA64EMU_KEYFILE_LINES_H
#define IA64EMU_KEYFILE_LINES_H

#include <ctype.h>
#include <stddef.h>
#include <string.h>

/* The line of KEY in GROUP, by a scan of the text (GKeyFile keeps none). */
static inline int keyfile_line_of(const char *data, size_t n, const char *group, const char *key)
{
    int line = 0, in_group = 0;
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        while (p < le && (*p == ' ' || *p == '\t'))
            p++;
        if (p < le && *p == '[') {
            const char *close = memchr(p, ']', (size_t)(le - p));
            in_group = close && (size_t)(close - p - 1) == strlen(group) && !strncmp(p + 1, group, strlen(group));
            if (in_group && !key)
                return line;
        } else if (in_group && key) {
            size_t kl = strlen(key);
            if ((size_t)(le - p) > kl && !strncmp(p, key, kl)) {
                const char *q = p + kl;
                while (q < le && (*q == ' ' || *q == '\t'))
                    q++;
                if (q < le && *q == '=')
                    return line;
            }
        }
        p = le + 1;
    }
    return 0;
}

/* Every line a group header, key = value, comment or blank; else its number. */
static inline int keyfile_bad_line(const char *data, size_t n)
{
    int line = 0;
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        line++;
        const char *q = p;
        while (q < le && isspace((unsigned char)*q))
            q++;
        if (q < le && *q != '#') {
            if (*q == '[') {
                const char *close = memchr(q, ']', (size_t)(le - q));
                if (!close || close == q + 1)
                    return line;
                for (const char *r = close + 1; r < le; r++)
                    if (!isspace((unsigned char)*r))
                        return line;
            } else {
                const char *eq = memchr(q, '=', (size_t)(le - q));
                if (!eq || eq == q)
                    return line;
            }
        }
        if (memchr(p, '\0', (size_t)(le - p)))
            return line;
        p = le + 1;
    }
    return 0;
}

#endif
