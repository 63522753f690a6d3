/*
 * table.c — the ordered hash table (see table.h).  Invariant: every live entry
 * is reachable from its hash's probe sequence in `index`; `index` has at least
 * a third of its slots empty, so every probe ends.
 */
#include "table.h"
#include <string.h>

#define EMPTY (-1)
#define DUMMY (-2)

static size_t probe_start(const lg__table *t, size_t hash)
{
    return (hash ^ (hash >> 17)) & t->mask;
}

ssize_t lg__table_find(const lg__table *t, const lg_object *key, size_t hash)
{
    if (t->index == NULL)
        return -1;
    for (size_t i = probe_start(t, hash);; i = (i + 1) & t->mask) {
        int32_t ix = t->index[i];
        if (ix == EMPTY)
            return -1;
        if (ix >= 0) {
            const lg__entry *e = &t->entries[ix];
            if (e->hash == hash && (e->key == key || lg__key_eq(e->key, key)))
                return ix;
        }
    }
}

ssize_t lg__table_find_aux(const lg__table *t, size_t hash, const lg_object *aux)
{
    if (t->index == NULL)
        return -1;
    for (size_t i = probe_start(t, hash);; i = (i + 1) & t->mask) {
        int32_t ix = t->index[i];
        if (ix == EMPTY)
            return -1;
        if (ix >= 0 && t->entries[ix].aux == aux)
            return ix;
    }
}

static void index_put(lg__table *t, size_t hash, int32_t ix)
{
    size_t i = probe_start(t, hash);
    while (t->index[i] >= 0)
        i = (i + 1) & t->mask;
    t->index[i] = ix;
}

/* Compacts live entries to the front and rebuilds an index for cap entries. */
static int rebuild(lg__table *t, size_t cap)
{
    size_t isize = 8;
    while (isize < cap + cap / 2 + 1)
        isize <<= 1;
    int32_t *index = malloc(isize * sizeof *index);
    lg__entry *entries = malloc(cap * sizeof *entries);
    if (index == NULL || entries == NULL || cap > INT32_MAX) {
        free(index);
        free(entries);
        lg__set_error("out of memory");
        return -1;
    }
    memset(index, 0xff, isize * sizeof *index);  /* all EMPTY (-1) */
    size_t n = 0;
    for (size_t i = 0; i < t->used; i++)
        if (t->entries[i].key != NULL)
            entries[n++] = t->entries[i];
    free(t->entries);
    free(t->index);
    t->entries = entries;
    t->index = index;
    t->mask = isize - 1;
    t->cap = cap;
    t->used = n;
    t->first = 0;
    for (size_t i = 0; i < n; i++)
        index_put(t, entries[i].hash, (int32_t)i);
    return 0;
}

ssize_t lg__table_insert(lg__table *t, lg_object *key, size_t hash,
                         lg_object *value, lg_object *aux)
{
    if (t->used == t->cap) {
        size_t cap = t->len < 4 ? 8 : t->len * 2;
        if (rebuild(t, cap) < 0)
            return -1;
    }
    size_t ix = t->used++;
    t->entries[ix] = (lg__entry){ hash, key, value, aux };
    index_put(t, hash, (int32_t)ix);
    t->len++;
    return (ssize_t)ix;
}

void lg__table_remove(lg__table *t, size_t ix)
{
    lg__entry *e = &t->entries[ix];
    for (size_t i = probe_start(t, e->hash);; i = (i + 1) & t->mask) {
        if (t->index[i] == (int32_t)ix) {
            t->index[i] = DUMMY;
            break;
        }
    }
    e->key = e->value = e->aux = NULL;
    t->len--;
    if (t->len == 0) {           /* forget the deleted entries cheaply */
        memset(t->index, 0xff, (t->mask + 1) * sizeof *t->index);
        t->used = 0;
        t->first = 0;
    }
    while (t->first < t->used && t->entries[t->first].key == NULL)
        t->first++;
}

lg__entry *lg__table_steal(lg__table *t, size_t *used)
{
    lg__entry *e = t->entries;
    *used = t->used;
    free(t->index);
    memset(t, 0, sizeof *t);
    return e;
}

void lg__table_free(lg__table *t)
{
    free(t->entries);
    free(t->index);
    memset(t, 0, sizeof *t);
}

size_t lg__table_bytes(const lg__table *t)
{
    return t->cap * sizeof(lg__entry) + (t->index ? (t->mask + 1) * sizeof(int32_t) : 0);
}
