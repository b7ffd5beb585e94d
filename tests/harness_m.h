/* Shorthands for the unit tests whose test functions name their machine m
 * (test_ops_int.c, test_rse.c). */
#ifndef IA64EMU_HARNESS_M_H
#define IA64EMU_HARNESS_M_H
#include "harness.h"

/* EX(m, mnemonic, format, qp, nops, operands...): operands become int64_t. */
static inline int t_run5(struct machine *m, const char *mn, const char *f, int qp, int n, const int64_t *a)
{
    return t_exec(m, mn, f, qp, n, a[0], a[1], a[2], a[3], a[4]);
}
#define EX(m, mn, f, qp, n, ...) t_run5(m, mn, f, qp, n, (const int64_t[5]){ __VA_ARGS__ })

#define GR(n) T_GR(m, n)
#define NAT(n) T_NAT(m, n)
#define PR(n) T_PR(m, n)
#define SET(n, v) T_SETGR(m, n, (uint64_t)(v))
#define SETNAT(n, v) T_SETNAT(m, n, (uint64_t)(v))
#define EQ(a, b) assert_true((uint64_t)(a) == (uint64_t)(b))
#define OK(x) assert_int_equal((x), STOP_NONE)
#endif
