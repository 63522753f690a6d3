/*
 * weakref.c — weak references and weakref.finalize.  Each object keeps a
 * doubly linked list of the weakrefs that point at it, newest first.  When the
 * object dies, every weakref is cleared (target set to NULL and unlinked)
 * before any callback runs, then the callbacks run newest first, each at most
 * once, with the weakref kept alive for the call.  A weakref that dies first
 * unlinks itself and its callback never runs.
 */
#include "builtins.h"
#include <string.h>

int lg__vec_push(lg__vec *vec, lg_object *o)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 16;
        lg_object **v = realloc(vec->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        vec->v = v;
        vec->cap = cap;
    }
    vec->v[vec->n++] = o;
    return 0;
}

void lg__vec_free(lg__vec *vec)
{
    free(vec->v);
    memset(vec, 0, sizeof *vec);
}

static void unlink_ref(lg__wref *w)
{
    if (w->target == NULL)
        return;
    lg__head *h = lg__head_of(w->target);
    if (w->prev != NULL)
        w->prev->next = w->next;
    else
        h->weaklist = w->next;
    if (w->next != NULL)
        w->next->prev = w->prev;
    w->next = w->prev = NULL;
    w->target = NULL;
}

lg_object *lg_weakref_at(lg_object *target, lg_weak_cb cb, void *arg, const char *file, int line)
{
    if (lg__check_arg(target, "lg_weakref", "target") < 0)
        return NULL;
    if (target->refcnt == 0) {
        lg__set_error("lg_weakref: target is being destroyed");
        return NULL;
    }
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_WEAKREF), 0, file, line);
    if (o == NULL)
        return NULL;
    lg__wref *w = (lg__wref *)o;
    lg__head *h = lg__head_of(target);
    w->target = target;
    w->cb = cb;
    w->arg = arg;
    w->next = h->weaklist;
    if (w->next != NULL)
        w->next->prev = w;
    h->weaklist = w;
    return o;
}

lg_object *(lg_weakref)(lg_object *target, lg_weak_cb cb, void *arg)
{
    return lg_weakref_at(target, cb, arg, NULL, 0);
}

lg_object *lg_weakref_get(lg_object *ref)
{
    if (lg__check(ref, LG__T_WEAKREF, "lg_weakref_get") < 0)
        return NULL;
    return lg_retain(((lg__wref *)ref)->target);
}

void lg__weak_detach(lg_object *o, lg__wchain *pending)
{
    lg__head *h = lg__head_of(o);
    while (h->weaklist != NULL) {
        lg__wref *w = h->weaklist;
        unlink_ref(w);
        lg__head *wh = lg__head_of(&w->base);
        if (w->cb == NULL || w->base.refcnt == 0 || (wh->flags & LG__F_UNREACHABLE))
            continue;
        lg_retain(&w->base);
        if (pending->tail != NULL)
            pending->tail->next = w;
        else
            pending->head = w;
        pending->tail = w;
    }
}

void lg__weak_run_callbacks(lg__wchain *pending)
{
    while (pending->head != NULL) {
        lg__wref *w = pending->head;
        pending->head = w->next;
        w->next = NULL;
        lg_weak_cb cb = w->cb;
        w->cb = NULL;                     /* at most once */
        if (cb != NULL)
            cb(&w->base, w->arg);
        lg_release(&w->base);
    }
    pending->tail = NULL;
}

void lg__weak_clear_refs(lg_object *o)
{
    lg__wchain pending = { NULL, NULL };
    lg__weak_detach(o, &pending);
    lg__weak_run_callbacks(&pending);
}

void lg__weakref_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    (void)o;    /* a weakref holds no strong reference */
    (void)visit;
    (void)arg;
}

void lg__weakref_clear(lg_object *o)
{
    lg__wref *w = (lg__wref *)o;
    unlink_ref(w);
    w->cb = NULL;
}

void lg__weakref_dealloc(lg_object *o)
{
    unlink_ref((lg__wref *)o);
}

/* ---- weakref.finalize: registrations are owned by this registry */

typedef struct {
    void (*fn)(void *arg);   /* the user's function */
    void *arg;               /* its argument */
} finalizer;

static lg__table registry;   /* key: the registration's weakref (owned) */

static void finalize_cb(lg_object *ref, void *arg)
{
    finalizer f = *(finalizer *)arg;
    free(arg);
    ssize_t ix = lg__table_find(&registry, ref, lg__key_hash(ref));
    if (ix >= 0)
        lg__table_remove(&registry, (size_t)ix);
    if (registry.len == 0)
        lg__table_free(&registry);
    f.fn(f.arg);
    if (ix >= 0)
        lg_release(ref);             /* the registry's reference */
}

int lg_finalize_at(lg_object *target, void (*fn)(void *arg), void *arg,
                   const char *file, int line)
{
    if (lg__check_arg(target, "lg_finalize", "target") < 0)
        return -1;
    if (fn == NULL) {
        lg__set_error("lg_finalize: fn is NULL");
        return -1;
    }
    finalizer *f = malloc(sizeof *f);
    if (f == NULL) {
        lg__set_error("out of memory");
        return -1;
    }
    f->fn = fn;
    f->arg = arg;
    lg_object *ref = lg_weakref_at(target, finalize_cb, f, file, line);
    if (ref == NULL) {
        free(f);
        return -1;
    }
    if (lg__table_insert(&registry, ref, lg__key_hash(ref), NULL, NULL) < 0) {
        lg_release(ref);
        free(f);
        return -1;
    }
    return 0;
}

int (lg_finalize)(lg_object *target, void (*fn)(void *arg), void *arg)
{
    return lg_finalize_at(target, fn, arg, NULL, 0);
}
