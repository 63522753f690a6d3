/*
 * emitter.c — the event emitter: an ordered list of registrations, strong
 * (the emitter owns a reference to the listener) or weak (it owns a weakref to
 * it).  Weak registrations whose listener died are pruned lazily.  Emitting
 * works on a snapshot of the live listeners, each retained for the call, so a
 * listener may register or unregister listeners while it runs.
 */
#include "builtins.h"
#include <string.h>

lg_object *lg_emitter_at(const char *file, int line)
{
    return lg__object_alloc(LG__TYPE(LG__T_EMITTER), 0, file, line);
}

lg_object *(lg_emitter)(void)
{
    return lg_emitter_at(NULL, 0);
}

/* The listener of slot s (borrowed), or NULL for a dead weak registration. */
static lg_object *slot_listener(const lg__slot *s)
{
    return s->weak ? ((lg__wref *)s->obj)->target : s->obj;
}

static int add(lg_object *em, lg_object *listener, int weak, const char *fn,
               const char *file, int line)
{
    if (lg__check(em, LG__T_EMITTER, fn) < 0 || lg__check_arg(listener, fn, "listener") < 0)
        return -1;
    lg__emitter *e = (lg__emitter *)em;
    if (e->len == e->cap) {
        size_t cap = e->cap < 4 ? 4 : e->cap * 2;
        lg__slot *s = realloc(e->slots, cap * sizeof *s);
        if (s == NULL) {
            lg__set_error("out of memory");
            return -1;
        }
        lg__owned_changed(em, (long)((cap - e->cap) * sizeof *s));
        e->slots = s;
        e->cap = cap;
    }
    lg_object *obj = weak ? lg_weakref_at(listener, NULL, NULL, file, line) : lg_retain(listener);
    if (obj == NULL)
        return -1;
    e->slots[e->len++] = (lg__slot){ obj, weak };
    if (lg__ev_on && !weak)
        lg__ev_registrations(e->len);
    if (!weak)
        lg__stored(listener, file, line);
    return 0;
}

int lg_emitter_on_at(lg_object *em, lg_object *listener, const char *file, int line)
{
    return add(em, listener, 0, "lg_emitter_on", file, line);
}

int (lg_emitter_on)(lg_object *em, lg_object *listener)
{
    /* the API itself: strong by contract */
    /* linger-ignore: listener-strong-ref */
    return lg_emitter_on_at(em, listener, NULL, 0);
}

int lg_emitter_on_weak_at(lg_object *em, lg_object *listener, const char *file, int line)
{
    return add(em, listener, 1, "lg_emitter_on_weak", file, line);
}

int (lg_emitter_on_weak)(lg_object *em, lg_object *listener)
{
    return lg_emitter_on_weak_at(em, listener, NULL, 0);
}

/* Removes slot i and returns the reference it held. */
static lg_object *take(lg__emitter *e, size_t i)
{
    lg_object *o = e->slots[i].obj;
    memmove(&e->slots[i], &e->slots[i + 1], (e->len - i - 1) * sizeof *e->slots);
    e->len--;
    return o;
}

/* Drops weak registrations whose listener died. */
static void prune(lg__emitter *e)
{
    for (size_t i = 0; i < e->len;) {
        if (slot_listener(&e->slots[i]) == NULL)
            lg_release(take(e, i));   /* a dead weakref: no code runs */
        else
            i++;
    }
}

int lg_emitter_off(lg_object *em, lg_object *listener)
{
    if (lg__check(em, LG__T_EMITTER, "lg_emitter_off") < 0
        || lg__check_arg(listener, "lg_emitter_off", "listener") < 0)
        return -1;
    lg__emitter *e = (lg__emitter *)em;
    for (size_t i = 0; i < e->len; i++) {
        if (slot_listener(&e->slots[i]) == listener) {
            lg_release(take(e, i));
            return 0;
        }
    }
    lg__set_error("lg_emitter_off: listener not registered");
    return -1;
}

int lg_emitter_emit(lg_object *em, lg_object *arg)
{
    if (lg__check(em, LG__T_EMITTER, "lg_emitter_emit") < 0)
        return -1;
    lg__emitter *e = (lg__emitter *)em;
    prune(e);
    size_t n = e->len;
    if (n == 0)
        return 0;
    lg_object **snap = malloc(n * sizeof *snap);
    if (snap == NULL) {
        lg__set_error("out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        snap[i] = lg_retain(slot_listener(&e->slots[i]));
    lg_retain(em);
    int called = 0;
    for (size_t i = 0; i < n; i++) {
        lg_release(lg_call(snap[i], arg));
        called++;
    }
    for (size_t i = 0; i < n; i++)
        lg_release(snap[i]);
    free(snap);
    lg_release(em);
    return called;
}

size_t lg_emitter_count(lg_object *em)
{
    if (lg__check(em, LG__T_EMITTER, "lg_emitter_count") < 0)
        return 0;
    lg__emitter *e = (lg__emitter *)em;
    size_t n = 0;
    for (size_t i = 0; i < e->len; i++)
        n += slot_listener(&e->slots[i]) != NULL;
    return n;
}

void lg__emitter_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__emitter *e = (lg__emitter *)o;
    for (size_t i = 0; i < e->len; i++)
        visit(e->slots[i].obj, arg);
}

void lg__emitter_stored(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__emitter *e = (lg__emitter *)o;
    for (size_t i = 0; i < e->len; i++)
        if (!e->slots[i].weak && e->slots[i].obj != NULL)
            visit(e->slots[i].obj, arg);
}

void lg__emitter_clear(lg_object *o)
{
    lg__emitter *e = (lg__emitter *)o;
    lg__slot *slots = e->slots;
    size_t n = e->len;
    lg__owned_changed(o, -(long)(e->cap * sizeof *slots));
    e->slots = NULL;
    e->len = e->cap = 0;
    for (size_t i = 0; i < n; i++)
        lg_release(slots[i].obj);
    free(slots);
}

void lg__emitter_dealloc(lg_object *o)
{
    if (lg__ev_on)
        lg__ev_container_dead(o);
    lg__emitter_clear(o);
}

size_t lg__emitter_owned(const lg_object *o)
{
    return ((const lg__emitter *)o)->cap * sizeof(lg__slot);
}
