/*
 * linger/gc.h — the cycle collector (CPython's gc module) and tracing
 * (CPython's tracemalloc) keyed by allocation site, plus the evidence
 * recorder's entry points.
 */
#ifndef LINGER_GC_H
#define LINGER_GC_H

#include "object.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- collector.  Defaults 700, 10, 10, as CPython. */
/* Collects generation 0, 1 or 2 (-1 = full, same as 2); returns the number of
 * unreachable objects found (collected plus uncollectable). */
LG_API size_t lg_gc_collect(int generation);
LG_API void lg_gc_enable(void);
LG_API void lg_gc_disable(void);
LG_API int lg_gc_isenabled(void);
LG_API void lg_gc_get_count(size_t out[3]);
LG_API void lg_gc_get_threshold(size_t out[3]);
/* t0 == 0 disables automatic collection, as in CPython. */
LG_API void lg_gc_set_threshold(size_t t0, size_t t1, size_t t2);
/* Borrowed list: unreachable cycles that could not be broken (a member's type
 * has no clear), with everything they reach.  The list owns its items. */
LG_API lg_object *lg_gc_garbage(void);
typedef void (*lg_gc_cb)(int phase /* 0 start, 1 stop */, int generation,
                         size_t collected, void *arg);
LG_API int lg_gc_callback_add(lg_gc_cb cb, void *arg);
/* Extension: removes the first registration of (cb, arg); -1 if absent. */
LG_API int lg_gc_callback_remove(lg_gc_cb cb, void *arg);
LG_API lg_object *lg_gc_referrers(lg_object *o);  /* new list of tracked objects referring to o */
LG_API lg_object *lg_gc_referents(lg_object *o);  /* new list of what o's traverse visits */
/* Extension: 1 when o is tracked by the collector. */
LG_API int lg_gc_is_tracked(const lg_object *o);

/* ---- why is it alive (extensions; docs/api.md, "Retention paths") */
/* Names the references a user type's traverse visits, for retention paths:
 * fn(self, i) is the name of the i-th non-NULL reference (in traverse's
 * order), a borrowed static string, or NULL for none; it must not create,
 * retain or release objects.  fn NULL forgets the names.  0, or -1 (type
 * NULL, no memory). */
typedef const char *(*lg_field_name_fn)(const lg_object *self, size_t index);
LG_API int lg_type_field_names(const lg_type *type, lg_field_name_fn fn);
/* New reference: a str holding, as JSON, a shortest path from a root (an
 * object referenced from outside the object graph: a global, a local, a
 * struct that is not an object) to o — {"root": "global 'g_cache'" or null,
 * "truncated": false, "nodes": [{"type", "file", "line", "size", "edge"}...]},
 * each node after the first with the edge that holds it ("list[3]",
 * "dict['user:42']", "emitter listener #2", "closure capture 1", "session.user");
 * the str "null" when no root reaches o (garbage).  NULL with lg_error() when
 * o is NULL or a collection is under way.  Walks every object: a debugging
 * aid, not for hot paths. */
LG_API lg_object *lg_why_alive(lg_object *o);

/* ---- tracing */
LG_API int lg_trace_start(void);           /* 0; tracing an already-traced run is a no-op */
LG_API void lg_trace_stop(void);           /* forgets every trace */
LG_API int lg_trace_is_tracing(void);
LG_API void lg_trace_memory(size_t *current, size_t *peak);
typedef struct lg_snapshot lg_snapshot;
typedef struct {
    const char *file;   /* allocation site */
    int line;
    size_t size;        /* bytes alive from this site */
    size_t count;       /* objects alive from this site */
    long size_diff;     /* compare only: size - older size */
    long count_diff;    /* compare only: count - older count */
} lg_stat;
/* A copy of the current traces (NULL with lg_error() when not tracing). */
LG_API lg_snapshot *lg_trace_snapshot(void);
LG_API void lg_snapshot_free(lg_snapshot *s);
/* Fills up to max stats by size, largest first; returns how many. */
LG_API size_t lg_snapshot_top(const lg_snapshot *s, lg_stat *out, size_t max);
/* Fills up to max stats by |size_diff|, largest first; returns how many. */
LG_API size_t lg_snapshot_compare(const lg_snapshot *newer, const lg_snapshot *older,
                                  lg_stat *out, size_t max);

/* ---- evidence (findings database; see docs) */
LG_API int lg_evidence_open(const char *db_path);
LG_API int lg_evidence_flush(void);
LG_API void lg_evidence_close(void);

#ifdef __cplusplus
}
#endif
#endif /* LINGER_GC_H */
