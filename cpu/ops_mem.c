/* Instruction handlers: see ops.h for this family's scope. */
#include "ops.h"

const struct op_binding ops_mem[] = {
    { 0 },
};
