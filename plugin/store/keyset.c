/*
 * keyset.c — see keyset.h.  Linear probing, the table at most half full,
 * lgf_str_hash as the hash.
 */
#include "keyset.h"
#include "facts.h"
#include <stdlib.h>
#include <string.h>

int lg_keyset_has(const lg_keyset *k, const char *s)
{
    if (k->v == NULL || s == NULL)
        return 0;
    for (size_t i = lgf_str_hash(s) & k->mask; k->v[i] != NULL; i = (i + 1) & k->mask)
        if (strcmp(k->v[i], s) == 0)
            return 1;
    return 0;
}

/* Doubles the table (256 slots at first); 0, or -1 when memory ran out. */
static int grow(lg_keyset *k)
{
    size_t cap = k->v ? (k->mask + 1) * 2 : 256;
    const char **nv = calloc(cap, sizeof *nv);
    if (nv == NULL)
        return -1;
    for (size_t i = 0; k->v != NULL && i <= k->mask; i++) {
        if (k->v[i] == NULL)
            continue;
        size_t j = lgf_str_hash(k->v[i]) & (cap - 1);
        while (nv[j] != NULL)
            j = (j + 1) & (cap - 1);
        nv[j] = k->v[i];
    }
    free(k->v);
    k->v = nv;
    k->mask = cap - 1;
    return 0;
}

void lg_keyset_add(lg_keyset *k, const char *s)
{
    if (s == NULL || *s == 0 || lg_keyset_has(k, s))
        return;
    if ((k->v == NULL || (k->n + 1) * 2 > k->mask + 1) && grow(k) < 0) {
        k->failed = 1;
        return;
    }
    size_t i = lgf_str_hash(s) & k->mask;
    while (k->v[i] != NULL)
        i = (i + 1) & k->mask;
    k->v[i] = s;
    k->n++;
}

void lg_keyset_free(lg_keyset *k)
{
    free(k->v);
    memset(k, 0, sizeof *k);
}
