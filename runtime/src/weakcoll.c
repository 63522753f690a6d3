/*
 * weakcoll.c — the weak collections: WeakSet and the weak dicts (weak values or
 * weak keys).  Each weakly held object has its own weakref, owned by the entry
 * (the entry's aux), whose callback removes the entry when the object dies.
 * Invariant: an entry exists only while its weak side is alive, so the raw
 * pointer kept in the entry is always valid and len counts live entries only.
 */
#include "builtins.h"

/* Removes entry ix of t and releases its weakref and its strong sides. */
static void drop_entry(lg__table *t, size_t ix, int key_owned, int value_owned)
{
    lg__entry e = t->entries[ix];
    lg__table_remove(t, ix);
    lg_release(e.aux);
    if (key_owned)
        lg_release(e.key);
    if (value_owned)
        lg_release(e.value);
}

static void drop_all(lg__table *t, int key_owned, int value_owned)
{
    size_t used;
    lg__entry *e = lg__table_steal(t, &used);
    for (size_t i = 0; i < used; i++) {
        if (e[i].key == NULL)
            continue;
        lg_release(e[i].aux);
        if (key_owned)
            lg_release(e[i].key);
        if (value_owned)
            lg_release(e[i].value);
    }
    free(e);
}

/* A new weakref to target whose callback gets the container; hash = entry hash. */
static lg_object *entry_ref(lg_object *target, lg_weak_cb cb, lg_object *owner,
                            size_t hash, const char *file, int line)
{
    lg_object *ref = lg_weakref_at(target, cb, owner, file, line);
    if (ref != NULL)
        ((lg__wref *)ref)->hash = hash;
    return ref;
}

/* ---- WeakSet */

lg_object *lg_weakset_at(const char *file, int line)
{
    return lg__object_alloc(LG__TYPE(LG__T_WEAKSET), 0, file, line);
}

lg_object *(lg_weakset)(void)
{
    return lg_weakset_at(NULL, 0);
}

static void weakset_cb(lg_object *ref, void *arg)
{
    lg__table *t = &((lg__weakset *)arg)->t;
    ssize_t ix = lg__table_find_aux(t, ((lg__wref *)ref)->hash, ref);
    if (ix >= 0)
        drop_entry(t, (size_t)ix, 0, 0);
}

int lg_weakset_add_at(lg_object *set, lg_object *item, const char *file, int line)
{
    if (lg__check(set, LG__T_WEAKSET, "lg_weakset_add") < 0
        || lg__check_arg(item, "lg_weakset_add", "item") < 0)
        return -1;
    lg__table *t = &((lg__weakset *)set)->t;
    size_t h = lg__key_hash(item);
    if (lg__table_find(t, item, h) >= 0)
        return 0;
    lg_object *ref = entry_ref(item, weakset_cb, set, h, file, line);
    if (ref == NULL)
        return -1;
    if (lg__table_insert(t, item, h, NULL, ref) < 0) {
        lg_release(ref);
        return -1;
    }
    return 0;
}

int (lg_weakset_add)(lg_object *set, lg_object *item)
{
    return lg_weakset_add_at(set, item, NULL, 0);
}

int lg_weakset_discard(lg_object *set, lg_object *item)
{
    if (lg__check(set, LG__T_WEAKSET, "lg_weakset_discard") < 0
        || lg__check_arg(item, "lg_weakset_discard", "item") < 0)
        return -1;
    lg__table *t = &((lg__weakset *)set)->t;
    ssize_t ix = lg__table_find(t, item, lg__key_hash(item));
    if (ix >= 0)
        drop_entry(t, (size_t)ix, 0, 0);
    return 0;
}

size_t lg_weakset_len(lg_object *set)
{
    if (lg__check(set, LG__T_WEAKSET, "lg_weakset_len") < 0)
        return 0;
    return ((lg__weakset *)set)->t.len;
}

lg_object *lg_weakset_items(lg_object *set)
{
    if (lg__check(set, LG__T_WEAKSET, "lg_weakset_items") < 0)
        return NULL;
    lg_object *list = lg_list_at(__FILE__, __LINE__);
    if (list == NULL)
        return NULL;
    lg__table *t = &((lg__weakset *)set)->t;
    for (size_t i = 0; i < t->used; i++) {
        if (t->entries[i].key != NULL
            && lg_list_append_at(list, t->entries[i].key, __FILE__, __LINE__) < 0) {
            lg_release(list);
            return NULL;
        }
    }
    return list;
}

void lg__weakset_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__table *t = &((lg__weakset *)o)->t;
    for (size_t i = 0; i < t->used; i++)
        if (t->entries[i].key != NULL)
            visit(t->entries[i].aux, arg);
}

void lg__weakset_clear(lg_object *o)
{
    drop_all(&((lg__weakset *)o)->t, 0, 0);
}

void lg__weakset_dealloc(lg_object *o)
{
    lg__weakset_clear(o);
}

size_t lg__weakset_owned(const lg_object *o)
{
    return lg__table_bytes(&((const lg__weakset *)o)->t);
}

/* ---- weak dicts */

static int weak_values(const lg__weakdict *d)
{
    return d->flags == LG_WEAK_VALUES;
}

lg_object *lg_weakdict_at(unsigned flags, const char *file, int line)
{
    if (flags != LG_WEAK_VALUES && flags != LG_WEAK_KEYS) {
        lg__set_error("lg_weakdict: flags must be LG_WEAK_VALUES or LG_WEAK_KEYS");
        return NULL;
    }
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_WEAKDICT), 0, file, line);
    if (o != NULL)
        ((lg__weakdict *)o)->flags = flags;
    return o;
}

lg_object *(lg_weakdict)(unsigned flags)
{
    return lg_weakdict_at(flags, NULL, 0);
}

static void weakdict_cb(lg_object *ref, void *arg)
{
    lg__weakdict *d = arg;
    ssize_t ix = lg__table_find_aux(&d->t, ((lg__wref *)ref)->hash, ref);
    if (ix >= 0)
        drop_entry(&d->t, (size_t)ix, weak_values(d), !weak_values(d));
}

static int check_kv(lg_object *d, lg_object *key, lg_object *value, const char *fn)
{
    if (lg__check(d, LG__T_WEAKDICT, fn) < 0 || lg__check_arg(key, fn, "key") < 0)
        return -1;
    return value == NULL ? 0 : lg__check_arg(value, fn, "value");
}

int lg_weakdict_set_at(lg_object *d, lg_object *key, lg_object *value, const char *file, int line)
{
    if (check_kv(d, key, value, "lg_weakdict_set") < 0)
        return -1;
    if (value == NULL)
        return lg__check_arg(value, "lg_weakdict_set", "value");
    lg__weakdict *wd = (lg__weakdict *)d;
    int wv = weak_values(wd);
    size_t h = lg__key_hash(key);
    ssize_t ix = lg__table_find(&wd->t, key, h);
    lg_object *ref = entry_ref(wv ? value : key, weakdict_cb, d, h, file, line);
    if (ref == NULL)
        return -1;
    lg_retain(wv ? key : value);
    lg__stored(wv ? key : value, file, line);
    if (ix >= 0)
        drop_entry(&wd->t, (size_t)ix, wv, !wv);
    if (lg__table_insert(&wd->t, key, h, value, ref) < 0) {
        lg_release(wv ? key : value);
        lg_release(ref);
        return -1;
    }
    return 0;
}

int (lg_weakdict_set)(lg_object *d, lg_object *key, lg_object *value)
{
    return lg_weakdict_set_at(d, key, value, NULL, 0);
}

lg_object *lg_weakdict_get(lg_object *d, lg_object *key)
{
    if (check_kv(d, key, NULL, "lg_weakdict_get") < 0)
        return NULL;
    lg__table *t = &((lg__weakdict *)d)->t;
    ssize_t ix = lg__table_find(t, key, lg__key_hash(key));
    return ix >= 0 ? t->entries[ix].value : NULL;
}

int lg_weakdict_del(lg_object *d, lg_object *key)
{
    if (check_kv(d, key, NULL, "lg_weakdict_del") < 0)
        return -1;
    lg__weakdict *wd = (lg__weakdict *)d;
    ssize_t ix = lg__table_find(&wd->t, key, lg__key_hash(key));
    if (ix < 0) {
        lg__set_error("lg_weakdict_del: key not in dict");
        return -1;
    }
    drop_entry(&wd->t, (size_t)ix, weak_values(wd), !weak_values(wd));
    return 0;
}

size_t lg_weakdict_len(lg_object *d)
{
    if (lg__check(d, LG__T_WEAKDICT, "lg_weakdict_len") < 0)
        return 0;
    return ((lg__weakdict *)d)->t.len;
}

void lg__weakdict_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__weakdict *d = (lg__weakdict *)o;
    for (size_t i = 0; i < d->t.used; i++) {
        lg__entry *e = &d->t.entries[i];
        if (e->key == NULL)
            continue;
        visit(weak_values(d) ? e->key : e->value, arg);
        visit(e->aux, arg);
    }
}

void lg__weakdict_clear(lg_object *o)
{
    lg__weakdict *d = (lg__weakdict *)o;
    drop_all(&d->t, weak_values(d), !weak_values(d));
}

void lg__weakdict_dealloc(lg_object *o)
{
    lg__weakdict_clear(o);
}

size_t lg__weakdict_owned(const lg_object *o)
{
    return lg__table_bytes(&((const lg__weakdict *)o)->t);
}
