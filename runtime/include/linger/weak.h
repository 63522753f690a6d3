/*
 * linger/weak.h — weak references (CPython's weakref module): weakref objects
 * with callbacks, weakref.finalize, WeakSet, WeakValueDictionary and
 * WeakKeyDictionary.  When an object dies, every weak reference to it is
 * cleared first, then the callbacks run (newest first, as CPython does), then
 * the object's own finalize runs.  Each callback runs at most once.
 */
#ifndef LINGER_WEAK_H
#define LINGER_WEAK_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void (*lg_weak_cb)(lg_object *ref, void *arg);

/* New reference to a weakref object.  cb (may be NULL) runs with the weakref
 * and arg when target dies, unless the weakref died first. */
LG_API lg_object *lg_weakref_at(lg_object *target, lg_weak_cb cb, void *arg,
                                const char *file, int line);
LG_API lg_object *(lg_weakref)(lg_object *target, lg_weak_cb cb, void *arg);
#define lg_weakref(t, cb, arg) lg_weakref_at((t), (cb), (arg), LG__FILE, __LINE__)
/* NEW strong reference to the target, or NULL if it died. */
LG_API lg_object *lg_weakref_get(lg_object *ref);

/* weakref.finalize: fn(arg) runs once when target dies.  The registration is
 * kept by the runtime (the caller holds nothing). */
LG_API int lg_finalize_at(lg_object *target, void (*fn)(void *arg), void *arg,
                          const char *file, int line);
LG_API int (lg_finalize)(lg_object *target, void (*fn)(void *arg), void *arg);
#define lg_finalize(t, fn, arg) lg_finalize_at((t), (fn), (arg), LG__FILE, __LINE__)

/* ---- WeakSet: members are held weakly and vanish when they die. */
LG_API lg_object *lg_weakset_at(const char *file, int line);    /* new reference */
LG_API lg_object *(lg_weakset)(void);
#define lg_weakset() lg_weakset_at(LG__FILE, __LINE__)
/* Does not retain item.  Adding a member twice is a no-op. */
LG_API int lg_weakset_add_at(lg_object *set, lg_object *item, const char *file, int line);
LG_API int (lg_weakset_add)(lg_object *set, lg_object *item);
#define lg_weakset_add(s, x) lg_weakset_add_at((s), (x), LG__FILE, __LINE__)
/* 0 whether or not item was a member (like set.discard); -1 on bad arguments. */
LG_API int lg_weakset_discard(lg_object *set, lg_object *item);
LG_API size_t lg_weakset_len(lg_object *set);                    /* live members */
LG_API lg_object *lg_weakset_items(lg_object *set);              /* new list of live members */

/* ---- weak dicts */
#define LG_WEAK_VALUES 1u   /* WeakValueDictionary: values held weakly */
#define LG_WEAK_KEYS   2u   /* WeakKeyDictionary: keys held weakly */
LG_API lg_object *lg_weakdict_at(unsigned flags, const char *file, int line); /* new ref */
LG_API lg_object *(lg_weakdict)(unsigned flags);
#define lg_weakdict(f) lg_weakdict_at((f), LG__FILE, __LINE__)
/* Retains the strong side (the key of a weak-value dict, the value of a
 * weak-key dict); the weak side is not retained.  An entry vanishes when its
 * weak side dies. */
LG_API int lg_weakdict_set_at(lg_object *d, lg_object *key, lg_object *value,
                              const char *file, int line);
LG_API int (lg_weakdict_set)(lg_object *d, lg_object *key, lg_object *value);
#define lg_weakdict_set(d, k, v) lg_weakdict_set_at((d), (k), (v), LG__FILE, __LINE__)
LG_API lg_object *lg_weakdict_get(lg_object *d, lg_object *key);  /* borrowed, or NULL */
LG_API int lg_weakdict_del(lg_object *d, lg_object *key);         /* -1 if absent */
LG_API size_t lg_weakdict_len(lg_object *d);                      /* live entries */

#ifdef __cplusplus
}
#endif
#endif /* LINGER_WEAK_H */
