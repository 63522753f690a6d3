/*
 * lg_int.h — the runtime's internal header, shared by every file of
 * liblinger-rt and never installed.  It defines the hidden prefix that lives in
 * front of each object's public header (collector links, weak-reference list,
 * allocation site, trace accounting), the table of built-in types, and the
 * `lg__module_` functions that cross file boundaries.
 *
 * Invariant: for every live object o, lg__head_of(o) is the start of the block
 * returned by malloc, and the public header follows it immediately.
 */
#ifndef LG_INT_H
#define LG_INT_H

#include <linger/linger.h>
#include <stdint.h>
#undef lg_release    /* the runtime's own releases: the plain function, no call site */
#include <stdlib.h>

/* ---- the hidden prefix
 * Cold fields (allocation site, weak references, evidence) come first; the
 * collector's fields come last, next to the public header, so that a
 * collection's walk touches one stretch of each object: links, gc_refs,
 * flags, then refcnt and type. */
typedef struct lg__head {
    const char *file;          /* allocation site: the caller's __FILE__ */
    struct lg__wref *weaklist; /* weak references to this object, newest first */
    const char *store_file;    /* where it was last stored into a container, or NULL */
    uint32_t line;             /* allocation site: the caller's __LINE__ */
    uint32_t store_line;       /* ... and the line */
    uint32_t store_tick;       /* evidence: the runtime clock (lg__ev_now) when it was stored */
    uint32_t traced;           /* bytes accounted to the site while tracing (at most
                                  4 GiB per object: what is charged is what is recorded) */
    uint32_t ev_site;          /* evidence: the recording epoch it was made in (lg__ev_epoch);
                                  0: made while not recording, or the runtime's own */
    uint32_t flags;            /* LG__F_* */
    struct lg__head *gc_next;  /* generation list link (tracked objects only) */
    struct lg__head *gc_prev;  /* generation list link (tracked objects only) */
    intptr_t gc_refs;          /* collector scratch: refs from outside the set */
} lg__head;

#define LG__F_TRACKED     0x01u  /* in a generation list */
#define LG__F_FINALIZED   0x02u  /* finalize already ran */
#define LG__F_COLLECTING  0x04u  /* in the set being collected */
#define LG__F_UNREACHABLE 0x08u  /* tentatively unreachable */
#define LG__F_IMMORTAL    0x10u  /* cached small int: never counted as live */
#define LG__F_DYING       0x20u  /* deallocation under way */

#define LG__OBJ(h) ((lg_object *)((lg__head *)(h) + 1))
static inline lg__head *lg__head_of(const lg_object *o)
{
    return (lg__head *)o - 1;
}

/* ---- built-in types */
enum {
    LG__T_INT, LG__T_STR, LG__T_BUFFER, LG__T_LIST, LG__T_DICT, LG__T_WEAKREF,
    LG__T_WEAKSET, LG__T_WEAKDICT, LG__T_EMITTER, LG__T_LRU, LG__T_CLOSURE,
    LG__T_COUNT
};

typedef struct lg__evsite lg__evsite; /* evidence.c's per-site counters */

/* The kind of container a built-in type is, for the evidence recorder:
 * what held an object kept alive only by containers. */
#define LG__HOLDS_NONE 0u
#define LG__HOLDS_CLOSURE 1u
#define LG__HOLDS_LIST 2u
#define LG__HOLDS_MAP 4u          /* dict or LRU */
#define LG__HOLDS_EMITTER 8u

typedef struct lg__typeinfo {
    lg_type t;                           /* the public part; must come first */
    void (*dealloc)(lg_object *o);       /* releases children, frees owned storage */
    size_t (*owned)(const lg_object *o); /* bytes of storage owned beyond t.size */
    /* What the object stores for its user, as the evidence recorder counts
     * it: a list's items, a dict's or LRU's values (keys are not "stored"),
     * an emitter's strong listeners, a closure's captures — never NULL
     * children.  NULL: it stores nothing. */
    void (*stored)(lg_object *o, lg_visit_fn visit, void *arg);
    /* Its growth record (the site of its first insert), its length in *len;
     * NULL when it has none yet.  NULL slot: the type keeps none. */
    lg__evsite *(*growth)(lg_object *o, int64_t *len);
    unsigned holds;                      /* LG__HOLDS_*: the kind of container */
} lg__typeinfo;

extern const lg__typeinfo lg__types[LG__T_COUNT];
#define LG__TYPE(k) (&lg__types[(k)].t)

static inline const lg__typeinfo *lg__builtin(const lg_type *t)
{
    const lg__typeinfo *ti = (const lg__typeinfo *)(const void *)t;
    return (ti >= &lg__types[0] && ti < &lg__types[LG__T_COUNT]) ? ti : NULL;
}

/* ---- object.c */
/* Allocates an object of type with `extra` bytes after type->size, zero-filled,
 * refcnt 1, tracked when the type traverses.  New reference, or NULL. */
lg_object *lg__object_alloc(const lg_type *type, size_t extra, const char *file, int line);
/* Aborts with "linger: fatal: <fn>: <msg>" naming o's type and allocation site. */
_Noreturn void lg__fatal(const char *fn, const char *msg, const lg_object *o);
/* Checks o: NULL -> sets an error and returns -1; a freed object or another
 * type than kind -> aborts; else 0. */
int lg__check(const lg_object *o, int kind, const char *fn);
/* Checks a non-container argument: NULL -> error -1; freed -> abort. */
int lg__check_arg(const lg_object *o, const char *fn, const char *what);
void lg__set_error(const char *msg);
/* Takes an untracked object out of the chain of live blocks (before a raw free). */
void lg__object_unchain(lg_object *o);
/* Excludes o (a cached small int) from lg_live_objects(). */
void lg__mark_immortal(lg_object *o);
/* The runtime's end, in this order, from its one destructor (object.c):
 * the evidence recorder's last flush (it walks live objects: at exit, once,
 * whichever of atexit and the destructor comes first), then the blocks the
 * runtime keeps for itself — the small-int cache, the quarantine of freed
 * objects.  Nothing may use the API after the second. */
void lg__evidence_at_exit(void);
void lg__small_ints_free(void);
void lg__quarantine_drain(void);
/* Accounts a change in owned storage of o (tracing). */
void lg__owned_changed(lg_object *o, long delta);

/* ---- gc.c */
void lg__gc_track(lg_object *o);     /* links into generation 0 */
void lg__gc_untrack(lg_object *o);   /* unlinks if tracked */
void lg__gc_note_alloc(void);        /* counts an allocation; may collect */
void lg__gc_note_dealloc(void);

/* ---- a growable array of object pointers (no ownership implied) */
typedef struct lg__vec {
    lg_object **v;   /* items */
    size_t n;        /* in use */
    size_t cap;      /* allocated */
} lg__vec;
int lg__vec_push(lg__vec *vec, lg_object *o);   /* -1 when memory runs out */
void lg__vec_free(lg__vec *vec);

/* ---- weakref.c */
/* Clears every weak reference to o and runs their callbacks (newest first). */
void lg__weak_clear_refs(lg_object *o);
/* Weakrefs whose callbacks are due, chained through their (then unused) next
 * links, each retained: collecting them allocates nothing. */
typedef struct lg__wchain {
    struct lg__wref *head;   /* first callback to run */
    struct lg__wref *tail;   /* last */
} lg__wchain;
/* Clears weak references to o without running callbacks; appends those whose
 * callbacks must run to pending.  Used by the collector. */
void lg__weak_detach(lg_object *o, lg__wchain *pending);
/* Runs and releases every callback of pending, in order. */
void lg__weak_run_callbacks(lg__wchain *pending);
/* Internal weak reference whose callback gets the weakref and arg. */
typedef struct lg__wref {
    LG_OBJECT_HEAD;
    lg_object *target;        /* borrowed; NULL once the target died */
    lg_weak_cb cb;            /* user or internal callback, or NULL */
    void *arg;                /* callback argument */
    struct lg__wref *next;    /* in the target's weaklist */
    struct lg__wref *prev;    /* in the target's weaklist */
    size_t hash;              /* internal: hash of the target when weakly keyed */
} lg__wref;

/* ---- evidence.c: the runtime evidence recorder (see evidence.c) */
extern int lg__ev_on;                 /* recording into a findings database */
/* Live objects by allocation site are counted at each flush, by a walk of
 * every live object (lg__each_object): the allocation path only marks an
 * object as made while recording (ev_site = lg__ev_epoch) and counts down to
 * the next flush check; the free path does nothing.  The epoch changes in a
 * forked child, whose inherited objects are its parent's. */
extern uint32_t lg__ev_epoch;
extern unsigned lg__ev_countdown;
extern uint64_t lg__ev_base;
void lg__ev_tick(void);

/* The runtime clock: allocations since recording began, counted without
 * touching the allocation path (the countdown to the next tick is part of it). */
static inline uint64_t lg__ev_now(void)
{
    return lg__ev_base + (4096u - lg__ev_countdown);
}

/* Marks o as made while recording (size: its block's bytes, unused: the
 * flush measures what is alive). */
static inline void lg__ev_alloc(lg_object *o, size_t size)
{
    (void)size;
    ((lg__head *)o - 1)->ev_site = lg__ev_epoch;
    if (__builtin_expect(--lg__ev_countdown == 0, 0))
        lg__ev_tick();
}

/* ---- sources.c: a source file's modification time as compiled (0 unknown) */
int64_t lg__source_mtime(const char *file);

/* o is no longer evidence of anything (the runtime's own, or freed). */
static inline void lg__ev_free(lg_object *o, size_t size)
{
    (void)size;
    ((lg__head *)o - 1)->ev_site = 0;
}

/* The counters of a growth site that every insert moves, first in
 * evidence.c's site record so that an insert's common case is inline. */
typedef struct lg__evgrow {
    int64_t inserts;      /* new entries */
    int64_t overwrites;   /* inserts that replaced an entry */
    int64_t peak;         /* the most entries one of its containers had */
    int64_t stored;       /* bytes ever stored */
    int64_t live_bytes;   /* bytes its containers hold now (kept as they change) */
    int64_t peak_bytes;   /* the most they held at once */
    uint64_t stride;      /* growth series' sampling period; 0: counting not begun
                             (a new site, or one forgotten after a fork) */
} lg__evgrow;

/* Counts one insert of bytes (see lg__ev_insert) into g. */
static inline void lg__ev_count_insert(lg__evgrow *g, size_t bytes, int added, size_t old_bytes)
{
    g->stored += (int64_t)bytes;
    if (!added) {
        g->overwrites++;
        g->live_bytes += (int64_t)bytes - (int64_t)old_bytes;
        return;
    }
    g->inserts++;
    g->live_bytes += (int64_t)bytes;
    if (g->live_bytes > g->peak_bytes)
        g->peak_bytes = g->live_bytes;
}

void lg__ev_insert_slow(lg_object *c, lg__evsite **growth, const char *file, int line, size_t len,
                        size_t bytes, int added, size_t old_bytes);

/* Container c was stored into at (file, line): a new entry (added 1) or an
 * overwrite of one (added 0, old_bytes the replaced value's); len is its
 * length now, bytes the stored value's (lg__block_size).  Inline unless the
 * site is new or the length reaches a new peak. */
static inline void lg__ev_insert(lg_object *c, lg__evsite **growth, const char *file, int line,
                                 size_t len, size_t bytes, int added, size_t old_bytes)
{
    lg__evgrow *g = (lg__evgrow *)(void *)*growth;
    if (__builtin_expect(g == NULL || g->stride == 0 || (added && (int64_t)len > g->peak), 0)) {
        lg__ev_insert_slow(c, growth, file, line, len, bytes, added, old_bytes);
        return;
    }
    lg__ev_count_insert(g, bytes, added, old_bytes);
}
/* An emitter now holds n registrations (while recording): at 32, 64, 128 ...
 * it may ask for a retention-path checkpoint (spaced on the clock). */
void lg__ev_registrations(size_t n);
/* A closure with captures was made (while recording): the 2nd, 4th, 8th ...
 * may ask for a retention-path checkpoint (spaced on the clock). */
void lg__ev_closure_made(void);
/* Container c is dying: the items only it kept alive are counted. */
void lg__ev_container_dead(lg_object *c);
/* n entries taken out (evicted: by a bound), holding bytes (lg__block_size). */
void lg__ev_remove(lg__evsite *growth, size_t n, int evicted, size_t bytes);
void lg__ev_closure_dead(lg_object *closure);
void lg__ev_unreachable(lg_object *o, int garbage);
/* 1 while a static finding's site may still ask for retention paths: a
 * store there then tells the recorder (lg__ev_steered).  The lines of the
 * static findings (modulo 65536, as bits) sieve the stores first, so that a
 * store elsewhere costs a load and a bit test. */
extern int lg__ev_steer;
extern uint64_t lg__ev_steer_lines[1024];
void lg__ev_steered(const char *file, int line);

static inline int lg__ev_steers(int line)
{
    unsigned l = (unsigned)line & 0xffffu;
    return (lg__ev_steer_lines[l >> 6] >> (l & 63)) & 1;
}

/* Marks o as stored by the call at (file, line). */
static inline void lg__stored(lg_object *o, const char *file, int line)
{
    lg__head *h = (lg__head *)o - 1;
    h->store_file = file;
    h->store_line = (uint32_t)(line < 0 ? 0 : line);
    h->store_tick = (uint32_t)lg__ev_now();
    if (__builtin_expect(lg__ev_steer, 0) && file != NULL && lg__ev_steers(line))
        lg__ev_steered(file, line);
}

/* ---- object.c: 1 while a deallocation or a collection is under way */
int lg__busy(void);
/* ---- gc.c */
int lg__gc_collecting(void);
/* Calls fn on every tracked object. */
void lg__gc_each_tracked(void (*fn)(lg_object *o, void *arg), void *arg);
/* ---- object.c: calls fn on every live object, tracked or not (fn must not
 * create or free objects). */
void lg__each_object(void (*fn)(lg_object *o, void *arg), void *arg);

/* ---- trace.c */
extern int lg__tracing;
void lg__trace_alloc(lg_object *o, size_t size);
void lg__trace_free(lg_object *o);
void lg__trace_resize(lg_object *o, long delta);

/* ---- value.c */
size_t lg__key_hash(const lg_object *k);  /* ints/strs by value, others by identity */
int lg__key_eq(const lg_object *a, const lg_object *b);
void lg__intern_forget(lg_object *s);

#endif /* LG_INT_H */
