/*
 * names.c — the names a rule prints in its advice and fix-its, taken from
 * the API model of the call it flags: its model's remover, its bounded
 * constructor, the weak twin of its registration.  Among several candidates
 * the one whose name shares the longest prefix with the flagged function
 * wins (a dict's insert is advised its dict's removal, not a list's), then
 * the first in the file.  Nothing here knows any API's spelling.
 */
#include "rules.h"
#include <stdio.h>
#include <string.h>

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    return n;
}

const char *lg_model_name(const lgf_call *c, lgm_role r, lgm_kind k, int nstored,
                          const char *fallback)
{
    if (c->op == NULL)
        return fallback;
    const lgm_model *m = c->op->model;
    const char *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < m->nfunctions; i++)
        for (size_t j = 0; j < m->functions[i].nops; j++) {
            const lgm_op *op = &m->functions[i].ops[j];
            if (op->role != r || (k != LGM_KIND_NONE && op->kind != k)
                || (nstored > 0 && op->nstored != nstored))
                continue;
            size_t n = common_prefix(m->functions[i].name, c->op->function);
            if (best == NULL || n > best_len) {
                best = m->functions[i].name;
                best_len = n;
            }
        }
    return best ? best : fallback;
}

const char *lg_weak_twin(const lgf_call *c, char *buf, size_t size)
{
    if (c->op == NULL || c->op->weak == NULL)
        return NULL;
    const char *called = c->op->function, *weak = c->op->weak, *written = c->callee;
    if (strcmp(written, called) == 0)
        return weak;
    /* written is a macro over called = written + suffix: the twin's macro is
     * weak minus the same suffix (acme_on -> acme_on_at, so acme_on_weak_at
     * -> acme_on_weak) */
    size_t wl = strlen(written), cl = strlen(called), tl = strlen(weak);
    if (cl > wl && strncmp(called, written, wl) == 0) {
        const char *suffix = called + wl;
        size_t sl = cl - wl;
        if (tl > sl && strcmp(weak + tl - sl, suffix) == 0 && tl - sl < size) {
            snprintf(buf, size, "%.*s", (int)(tl - sl), weak);
            return buf;
        }
    }
    return NULL;
}

/* 1 when model m has a function called name with an operation of role r. */
static int model_has(const lgm_model *m, const char *name, lgm_role r)
{
    for (size_t i = 0; i < m->nfunctions; i++)
        if (strcmp(m->functions[i].name, name) == 0)
            for (size_t j = 0; j < m->functions[i].nops; j++)
                if (m->functions[i].ops[j].role == r)
                    return 1;
    return 0;
}

/* The shortest function of m with role r whose name starts name's (itself at worst). */
static const char *shortest_sibling(const lgm_model *m, const char *name, lgm_role r)
{
    const char *best = name;
    for (size_t i = 0; i < m->nfunctions; i++) {
        const char *n = m->functions[i].name;
        size_t len = strlen(n);
        if (len < strlen(best) && strncmp(name, n, len) == 0 && model_has(m, n, r))
            best = n;
    }
    return best;
}

const char *lg_remover_name(const lgf_call *c)
{
    const char *rm = lg_model_name(c, LGM_REMOVE, LGM_KIND_NONE, 0, NULL);
    return rm ? rm : lg_model_name(c, LGM_CLEAR, LGM_KIND_NONE, 0, "remove");
}

const char *lg_weak_name(const lgf_call *c)
{
    if (c->op == NULL || c->op->weak == NULL)
        return NULL;
    char buf[256];
    const char *twin = lg_weak_twin(c, buf, sizeof buf);
    const lgm_model *m = c->op->model;
    if (twin != NULL)                     /* the model's own spelling of it */
        for (size_t i = 0; i < m->nfunctions; i++)
            if (strcmp(m->functions[i].name, twin) == 0)
                return m->functions[i].name;
    return shortest_sibling(m, c->op->weak, LGM_REGISTER_WEAK);
}
