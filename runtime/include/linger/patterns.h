/*
 * linger/patterns.h — the building blocks of the three leak patterns: the event
 * emitter (listener lists, strong and weak), the LRU cache (the bounded fix for
 * unbounded caches) and closures (functions with captured objects).
 */
#ifndef LINGER_PATTERNS_H
#define LINGER_PATTERNS_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- emitter */
LG_API lg_object *lg_emitter_at(const char *file, int line);    /* new reference */
LG_API lg_object *(lg_emitter)(void);
#define lg_emitter() lg_emitter_at(LG__FILE, __LINE__)
/* STRONG: retains listener; em keeps it alive until lg_emitter_off. */
LG_API int lg_emitter_on_at(lg_object *em, lg_object *listener, const char *file, int line);
LG_API int (lg_emitter_on)(lg_object *em, lg_object *listener);
#define lg_emitter_on(e, l) lg_emitter_on_at((e), (l), LG__FILE, __LINE__)
/* Weak: does not retain listener; it is dropped when the listener dies. */
LG_API int lg_emitter_on_weak_at(lg_object *em, lg_object *listener, const char *file, int line);
LG_API int (lg_emitter_on_weak)(lg_object *em, lg_object *listener);
#define lg_emitter_on_weak(e, l) lg_emitter_on_weak_at((e), (l), LG__FILE, __LINE__)
/* Removes the first registration of listener (strong or weak); -1 if absent. */
LG_API int lg_emitter_off(lg_object *em, lg_object *listener);
/* Calls every live listener with arg (results released); returns how many
 * were called, or -1 (bad arguments).  A listener returning NULL is counted. */
LG_API int lg_emitter_emit(lg_object *em, lg_object *arg);
LG_API size_t lg_emitter_count(lg_object *em);                  /* live listeners */

/* ---- lru: keys as in dict */
/* New reference to a cache of at most max_entries (>= 1) entries. */
LG_API lg_object *lg_lru_at(size_t max_entries, const char *file, int line);
LG_API lg_object *(lg_lru)(size_t max_entries);
#define lg_lru(n) lg_lru_at((n), LG__FILE, __LINE__)
/* Retains key and value; evicts (releases) the least recently used entry when
 * full.  The new entry is the most recent. */
LG_API int lg_lru_put_at(lg_object *c, lg_object *key, lg_object *value,
                         const char *file, int line);
LG_API int (lg_lru_put)(lg_object *c, lg_object *key, lg_object *value);
#define lg_lru_put(c, k, v) lg_lru_put_at((c), (k), (v), LG__FILE, __LINE__)
/* Borrowed, or NULL; a hit marks the entry most recent. */
LG_API lg_object *lg_lru_get(lg_object *c, lg_object *key);
LG_API size_t lg_lru_len(const lg_object *c);

/* ---- closures */
typedef lg_object *(*lg_fn)(lg_object *self, lg_object *arg);  /* returns new ref, or NULL */
/* New reference; retains each of the ncaptures lg_object * arguments (NULL
 * captures are allowed).  The `_at` spelling takes the site first because the
 * captures are variadic: lg_closure_at(file, line, fn, ncaptures, ...). */
LG_API lg_object *lg_closure_at(const char *file, int line, lg_fn fn, size_t ncaptures, ...);
LG_API lg_object *(lg_closure)(lg_fn fn, size_t ncaptures, ...);
#define lg_closure(...) lg_closure_at(LG__FILE, __LINE__, __VA_ARGS__)
/* Borrowed capture i, or NULL (with lg_error()) when out of range. */
LG_API lg_object *lg_closure_capture(lg_object *self, size_t i);
LG_API size_t lg_closure_ncaptures(const lg_object *self);
/* New reference from callable's call slot, or NULL (error, or not callable). */
LG_API lg_object *lg_call(lg_object *callable, lg_object *arg);

#ifdef __cplusplus
}
#endif
#endif /* LINGER_PATTERNS_H */
