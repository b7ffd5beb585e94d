/* The pv_ops hook table, made from the one list, pvops/hooks.def. */
#include <stdio.h>
#include <string.h>

#include "hooks.h"

const struct pvops_hook pvops_hooks[] = {
#define PVOPS_HOOK(name, id, kind, nargs, r0, r1, r2, r3, native) \
    [id] = { #name, id, PVOPS_KIND_##kind, nargs,                 \
             { PVOPS_ROLE_##r0, PVOPS_ROLE_##r1, PVOPS_ROLE_##r2, PVOPS_ROLE_##r3 }, native },
#include "hooks.def"
#undef PVOPS_HOOK
};

const size_t pvops_hook_count = sizeof pvops_hooks / sizeof pvops_hooks[0];

const struct pvops_hook *pvops_hook_by_id(int id)
{
    if (id < 0 || (size_t)id >= pvops_hook_count || !pvops_hooks[id].name)
        return NULL;
    return &pvops_hooks[id];
}

const char *pvops_role_name(int role)
{
    static const char *const names[] = { "none", "qp", "pclob", "out", "in", "clob", "kr" };
    return role >= 0 && role < (int)(sizeof names / sizeof names[0]) ? names[role] : "?";
}

const char *pvops_kind_name(int kind)
{
    static const char *const names[] = { "?", "read-cr", "read-psr", "read-ar", "write-cr", "write-kr",
                                         "tlb-insert", "thash", "psr-set", "psr-reset", "bank-switch",
                                         "cover", "rfi", "write-rr", "tr-insert", "cache-flush" };
    return kind >= 0 && kind < (int)(sizeof names / sizeof names[0]) ? names[kind] : "?";
}

const char *pvops_variant_name(int variant)
{
    switch (variant) {
    case PVOPS_VARIANT_NATIVE: return "native";
    case PVOPS_VARIANT_CHECK: return "check";
    case PVOPS_VARIANT_XEN: return "xen";
    default: return "?";
    }
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

int pvops_site_decode(const uint8_t *p, struct pvops_site *s)
{
    memset(s, 0, sizeof *s);
    s->id = (uint32_t)get_le(p, 4);
    s->hook = (uint16_t)get_le(p + 4, 2);
    s->bundles = p[6];
    s->variant = p[7];
    s->addr = get_le(p + 8, 8);
    for (int i = 0; i < PVOPS_SITE_MAX_ARGS; i++) {
        s->arg[i].role = p[16 + 4 * i];
        s->arg[i].cls = p[17 + 4 * i];
        s->arg[i].num = p[18 + 4 * i];
    }
    const struct pvops_hook *h = pvops_hook_by_id(s->hook);
    if (!h)
        return -1;
    for (int i = 0; i < PVOPS_SITE_MAX_ARGS; i++)
        if (s->arg[i].role != h->role[i] || (i >= h->nargs) != (s->arg[i].cls == PVOPS_CLASS_NONE))
            return -1;
    return 0;
}

const char *pvops_arg_text(const struct pvops_site_arg *a, char *buf, size_t n)
{
    static const char *const prefix[] = { "-", "r", "p", "in", "loc", "out", "ar.k" };
    if (a->cls == PVOPS_CLASS_NONE || a->cls >= sizeof prefix / sizeof prefix[0])
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%s%u", prefix[a->cls], a->num);
    return buf;
}
