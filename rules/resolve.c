/*
 * resolve.c — shared by the rules: tracing a parameter back to the places its
 * callers in the same translation unit pass (so a helper that stores into its
 * `cache` argument is judged by the global its callers hand it), and asking
 * whether some call targets a place.
 */
#include "rules.h"
#include <string.h>

#define MAX_DEPTH 4

static void add_unique(const lgf_place **out, size_t *n, size_t max, const lgf_place *p)
{
    for (size_t i = 0; i < *n; i++)
        if (lgf_place_same(out[i], p))
            return;
    if (*n < max)
        out[(*n)++] = p;
}

static void resolve(const lgf_facts *f, const lgf_place *p, const lgf_place **out, size_t *n,
                    size_t max, int depth)
{
    if (p->kind != LGF_PLACE_PARAM || depth >= MAX_DEPTH || p->func < 0) {
        if (p->kind != LGF_PLACE_PARAM)
            add_unique(out, n, max, p);
        return;
    }
    const char *name = f->functions[p->func].name;
    int callers = 0;
    for (size_t i = 0; i < f->ncallsites; i++) {
        const lgf_callsite *cs = &f->callsites[i];
        if (strcmp(cs->callee, name) != 0 || (size_t)p->param >= cs->nargs)
            continue;
        callers++;
        resolve(f, &cs->args[p->param], out, n, max, depth + 1);
    }
    if (callers == 0)
        add_unique(out, n, max, p);   /* an entry point: reached from outside */
}

size_t lg_resolve_place(const lgf_facts *f, const lgf_place *p, const lgf_place **out, size_t max)
{
    size_t n = 0;
    resolve(f, p, out, &n, max, 0);
    return n;
}

static int role_in(lgm_role r, const lgm_role *roles, size_t nroles)
{
    for (size_t i = 0; i < nroles; i++)
        if (roles[i] == r)
            return 1;
    return 0;
}

int lg_place_has_call(const lgf_facts *f, const lgf_place *p, const lgm_role *roles,
                      size_t nroles)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (!role_in(c->role, roles, nroles) || c->reset)
            continue;                /* (a `= NULL` counts only where lg_place_reset says) */
        const lgf_place *res[16];
        size_t n = lg_resolve_place(f, &c->container, res, 16);
        for (size_t j = 0; j < n; j++) {
            if (lgf_place_same(res[j], p))
                return 1;
            /* parameters of entry points: any removal through a parameter counts */
            if (res[j]->kind == LGF_PLACE_PARAM && p->kind == LGF_PLACE_PARAM)
                return 1;
        }
    }
    return 0;
}

const lgf_call *lg_place_invoker(const lgf_facts *f, const lgf_place *p)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->role != LGM_INVOKE || c->invoked.kind == LGF_PLACE_NONE)
            continue;
        const lgf_place *res[16];
        size_t n = lg_resolve_place(f, &c->invoked, res, 16);
        for (size_t j = 0; j < n; j++)
            if (lgf_place_same(res[j], p))
                return c;
    }
    return NULL;
}

int lg_place_reset(const lgf_facts *f, const lgf_place *p)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->reset && lgf_place_same(&c->container, p))
            return 1;
    }
    return 0;
}
