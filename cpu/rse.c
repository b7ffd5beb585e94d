/* The register stack engine (SDM vol. 2, ch. 6) and the register maps.
 *
 * Logical register n of the current frame lives in grf[grmap[n]]; the maps
 * are rebuilt whenever CFM, the RSE's bottom of frame or PSR.bn change, so
 * handlers index them directly. */
#include "machine.h"

void rse_remap(struct cpu *c)
{
    unsigned sof = CFM_SOF(c->cfm), sor = CFM_SOR(c->cfm);
    unsigned rrb = CFM_RRB_GR(c->cfm), bn = (c->psr & PSR_BN) != 0;

    for (unsigned n = 0; n < 16; n++)
        c->grmap[n] = (uint16_t)n;
    for (unsigned n = 16; n < 32; n++)
        c->grmap[n] = (uint16_t)(bn ? n : GRF_BANK0 + n - 16);
    for (unsigned i = 0; i < 96; i++) {
        unsigned j = i;
        if (i >= sof) {
            c->grmap[32 + i] = GRF_SINK;
            continue;
        }
        if (i < sor)
            j = (i + rrb) % sor;
        c->grmap[32 + i] = (uint16_t)(GRF_STACKED + (c->rse.bof + j) % NPHYS_STACKED);
    }
    unsigned rrf = CFM_RRB_FR(c->cfm), rrp = CFM_RRB_PR(c->cfm);
    for (unsigned n = 0; n < 32; n++)
        c->frmap[n] = (uint8_t)n;
    for (unsigned i = 0; i < 96; i++)
        c->frmap[32 + i] = (uint8_t)(32 + (i + rrf) % 96);
    for (unsigned n = 0; n < 16; n++)
        c->prmap[n] = (uint8_t)n;
    for (unsigned i = 0; i < 48; i++)
        c->prmap[16 + i] = (uint8_t)(16 + (i + rrp) % 48);
}

void rse_rotate(struct cpu *c)
{
    rse_remap(c);
}
