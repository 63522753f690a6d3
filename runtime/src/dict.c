/*
 * dict.c — the dict and the LRU cache, both on the ordered table (table.h).
 * Keys: ints and strs by value, other objects by identity.  The LRU keeps its
 * entries in recency order, oldest first: a hit moves the entry to the end, a
 * put into a full cache evicts the first live entry.  As in list.c, entries are
 * unlinked before anything they held is released.
 */
#include "builtins.h"

/* ---- shared helpers over a table of strong keys and values */

/* Sets key -> value in t (retaining both, releasing a replaced value).
 * Returns 1 for a new entry, 0 for a replaced value, -1 on failure. */
static int table_set(lg__table *t, lg_object *owner, lg_object *key, lg_object *value,
                     const char *file, int line, size_t *old_bytes)
{
    lg__stored(value, file, line);
    lg__stored(key, file, line);
    size_t h = lg__key_hash(key);
    ssize_t ix = lg__table_find(t, key, h);
    if (ix >= 0) {
        lg_object *old = t->entries[ix].value;
        *old_bytes = lg__block_size(old);
        t->entries[ix].value = lg_retain(value);
        lg_release(old);
        return 0;
    }
    size_t before = lg__table_bytes(t);
    if (lg__table_insert(t, lg_retain(key), h, lg_retain(value), NULL) < 0) {
        lg_release(key);
        lg_release(value);
        return -1;
    }
    lg__owned_changed(owner, (long)lg__table_bytes(t) - (long)before);
    return 1;
}

/* Removes entry ix and releases its key and value. */
static void table_del(lg__table *t, size_t ix, lg__evsite *growth, int evicted)
{
    lg_object *k = t->entries[ix].key, *v = t->entries[ix].value;
    lg__table_remove(t, ix);
    if (growth != NULL)
        lg__ev_remove(growth, 1, evicted, lg__block_size(v));
    lg_release(k);
    lg_release(v);
}

static void table_clear(lg__table *t, lg_object *owner, lg__evsite *growth)
{
    size_t used;
    lg__owned_changed(owner, -(long)lg__table_bytes(t));
    size_t n = t->len, bytes = 0;
    int counted = growth != NULL && n > 0 && !(lg__head_of(owner)->flags & LG__F_DYING);
    lg__entry *e = lg__table_steal(t, &used);
    for (size_t i = 0; i < used; i++) {
        if (e[i].key != NULL) {
            if (counted)               /* in the pass that touches each value anyway */
                bytes += lg__block_size(e[i].value);
            lg_release(e[i].key);
            lg_release(e[i].value);
        }
    }
    if (counted)
        lg__ev_remove(growth, n, 0, bytes);
    free(e);
}

static void table_traverse(lg__table *t, lg_visit_fn visit, void *arg)
{
    for (size_t i = 0; i < t->used; i++) {
        if (t->entries[i].key != NULL) {
            visit(t->entries[i].key, arg);
            visit(t->entries[i].value, arg);
        }
    }
}

/* The values: what a map stores for its user (its keys only name them). */
static void table_values(lg__table *t, lg_visit_fn visit, void *arg)
{
    for (size_t i = 0; i < t->used; i++)
        if (t->entries[i].key != NULL && t->entries[i].value != NULL)
            visit(t->entries[i].value, arg);
}

static int check_kv(lg_object *key, lg_object *value, const char *fn)
{
    if (lg__check_arg(key, fn, "key") < 0)
        return -1;
    return lg__check_arg(value, fn, "value");
}

/* ---- dict */

lg_object *lg_dict_at(const char *file, int line)
{
    return lg__object_alloc(LG__TYPE(LG__T_DICT), 0, file, line);
}

lg_object *(lg_dict)(void)
{
    return lg_dict_at(NULL, 0);
}

int lg_dict_set_at(lg_object *d, lg_object *key, lg_object *value, const char *file, int line)
{
    if (lg__check(d, LG__T_DICT, "lg_dict_set") < 0 || check_kv(key, value, "lg_dict_set") < 0)
        return -1;
    lg__dict *dd = (lg__dict *)d;
    size_t old = 0;
    int rc = table_set(&dd->t, d, key, value, file, line, &old);
    if (rc >= 0 && lg__ev_on)
        lg__ev_insert(d, &dd->growth, file, line, dd->t.len, lg__block_size(value), rc == 1, old);
    return rc < 0 ? -1 : 0;
}

int (lg_dict_set)(lg_object *d, lg_object *key, lg_object *value)
{
    return lg_dict_set_at(d, key, value, NULL, 0);
}

lg_object *lg_dict_get(lg_object *d, lg_object *key)
{
    if (lg__check(d, LG__T_DICT, "lg_dict_get") < 0 || lg__check_arg(key, "lg_dict_get", "key") < 0)
        return NULL;
    lg__table *t = &((lg__dict *)d)->t;
    ssize_t ix = lg__table_find(t, key, lg__key_hash(key));
    return ix >= 0 ? t->entries[ix].value : NULL;
}

int lg_dict_del(lg_object *d, lg_object *key)
{
    if (lg__check(d, LG__T_DICT, "lg_dict_del") < 0 || lg__check_arg(key, "lg_dict_del", "key") < 0)
        return -1;
    lg__table *t = &((lg__dict *)d)->t;
    ssize_t ix = lg__table_find(t, key, lg__key_hash(key));
    if (ix < 0) {
        lg__set_error("lg_dict_del: key not in dict");
        return -1;
    }
    table_del(t, (size_t)ix, ((lg__dict *)d)->growth, 0);
    return 0;
}

size_t lg_dict_len(const lg_object *d)
{
    if (lg__check(d, LG__T_DICT, "lg_dict_len") < 0)
        return 0;
    return ((const lg__dict *)d)->t.len;
}

void lg_dict_clear(lg_object *d)
{
    if (lg__check(d, LG__T_DICT, "lg_dict_clear") == 0)
        lg__dict_clear(d);
}

void lg__dict_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    table_traverse(&((lg__dict *)o)->t, visit, arg);
}

void lg__dict_stored(lg_object *o, lg_visit_fn visit, void *arg)
{
    table_values(&((lg__dict *)o)->t, visit, arg);
}

lg__evsite *lg__dict_growth(lg_object *o, int64_t *len)
{
    *len = (int64_t)((lg__dict *)o)->t.len;
    return ((lg__dict *)o)->growth;
}

void lg__dict_clear(lg_object *o)
{
    table_clear(&((lg__dict *)o)->t, o, ((lg__dict *)o)->growth);
}

void lg__dict_dealloc(lg_object *o)
{
    if (lg__ev_on)
        lg__ev_container_dead(o);
    lg__dict_clear(o);
}

size_t lg__dict_owned(const lg_object *o)
{
    return lg__table_bytes(&((const lg__dict *)o)->t);
}

/* ---- lru */

lg_object *lg_lru_at(size_t max_entries, const char *file, int line)
{
    if (max_entries == 0) {
        lg__set_error("lg_lru: max_entries must be at least 1");
        return NULL;
    }
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_LRU), 0, file, line);
    if (o != NULL)
        ((lg__lru *)o)->max = max_entries;
    return o;
}

lg_object *(lg_lru)(size_t max_entries)
{
    return lg_lru_at(max_entries, NULL, 0);
}

/* Moves entry ix to the most recent position; returns its new number. */
static ssize_t touch(lg__table *t, size_t ix)
{
    lg__entry e = t->entries[ix];
    lg__table_remove(t, ix);
    return lg__table_insert(t, e.key, e.hash, e.value, NULL);
}

int lg_lru_put_at(lg_object *c, lg_object *key, lg_object *value, const char *file, int line)
{
    if (lg__check(c, LG__T_LRU, "lg_lru_put") < 0 || check_kv(key, value, "lg_lru_put") < 0)
        return -1;
    lg__lru *l = (lg__lru *)c;
    ssize_t ix = lg__table_find(&l->t, key, lg__key_hash(key));
    if (ix >= 0 && touch(&l->t, (size_t)ix) < 0)
        return -1;   /* cannot happen: removal leaves room for the re-insert */
    size_t old = 0;
    int rc = table_set(&l->t, c, key, value, file, line, &old);
    if (rc < 0)
        return -1;
    if (lg__ev_on)                   /* the length it keeps: evictions follow */
        lg__ev_insert(c, &l->growth, file, line, l->t.len > l->max ? l->max : l->t.len,
                      lg__block_size(value), rc == 1, old);
    while (l->t.len > l->max)
        table_del(&l->t, l->t.first, l->growth, 1);
    return 0;
}

int (lg_lru_put)(lg_object *c, lg_object *key, lg_object *value)
{
    return lg_lru_put_at(c, key, value, NULL, 0);
}

lg_object *lg_lru_get(lg_object *c, lg_object *key)
{
    if (lg__check(c, LG__T_LRU, "lg_lru_get") < 0 || lg__check_arg(key, "lg_lru_get", "key") < 0)
        return NULL;
    lg__lru *l = (lg__lru *)c;
    ssize_t ix = lg__table_find(&l->t, key, lg__key_hash(key));
    if (ix < 0)
        return NULL;
    ix = touch(&l->t, (size_t)ix);
    return ix >= 0 ? l->t.entries[ix].value : NULL;
}

size_t lg_lru_len(const lg_object *c)
{
    if (lg__check(c, LG__T_LRU, "lg_lru_len") < 0)
        return 0;
    return ((const lg__lru *)c)->t.len;
}

void lg__lru_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    table_traverse(&((lg__lru *)o)->t, visit, arg);
}

void lg__lru_stored(lg_object *o, lg_visit_fn visit, void *arg)
{
    table_values(&((lg__lru *)o)->t, visit, arg);
}

lg__evsite *lg__lru_growth(lg_object *o, int64_t *len)
{
    *len = (int64_t)((lg__lru *)o)->t.len;
    return ((lg__lru *)o)->growth;
}

void lg__lru_clear(lg_object *o)
{
    table_clear(&((lg__lru *)o)->t, o, ((lg__lru *)o)->growth);
}

void lg__lru_dealloc(lg_object *o)
{
    if (lg__ev_on)
        lg__ev_container_dead(o);
    lg__lru_clear(o);
}

size_t lg__lru_owned(const lg_object *o)
{
    return lg__table_bytes(&((const lg__lru *)o)->t);
}
