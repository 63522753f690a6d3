/*
 * object.c — object allocation, reference counting and deallocation, the
 * error slot, misuse checks and the runtime lock.
 *
 * Deallocation order (CPython's): weak references are cleared and their
 * callbacks run, then finalize runs once (it may resurrect the object), then
 * the object leaves the collector, its children are released and its memory
 * freed.  Deep chains do not recurse without bound: past a fixed depth, dying
 * objects are queued (CPython's "trashcan") and the outermost deallocation
 * drains the queue.  Small freed blocks wait in a quarantine ring before
 * free(), their type replaced by a marker, so that a use after free aborts
 * with a message instead of corrupting memory.
 */
#include "builtins.h"
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- errors */

static _Thread_local char error_buf[256];
static _Thread_local int error_set;

void lg__set_error(const char *msg)
{
    snprintf(error_buf, sizeof error_buf, "%s", msg);
    error_set = 1;
}

static void set_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void set_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(error_buf, sizeof error_buf, fmt, ap);
    va_end(ap);
    error_set = 1;
}

const char *lg_error(void)
{
    return error_set ? error_buf : "no error";
}

/* ---- freed objects and misuse */

static const lg_type freed_type = { "freed object", sizeof(lg_object), NULL, NULL, NULL, NULL };

/* The original type of a quarantined object is kept in its gc_prev slot. */
static const lg_type *real_type(const lg_object *o)
{
    if (o->type == &freed_type)
        return (const lg_type *)(const void *)lg__head_of(o)->gc_prev;
    return o->type;
}

/* "a dict allocated at misuse.c:19", "the freed str allocated at ...", "the
 * cached small int 5", "the interned str 'name' allocated at ..." */
static void describe(const lg_object *o, char *buf, size_t sz)
{
    const lg__head *h = lg__head_of(o);
    const char *name = real_type(o)->name;
    int vowel = strchr("aeiou", name[0]) != NULL;
    if (h->flags & LG__F_IMMORTAL && real_type(o) == LG__TYPE(LG__T_INT)) {
        snprintf(buf, sz, "the cached small int %ld (lg_int gives one object, shared by the whole "
                 "program)", ((const lg__int *)o)->value);
        return;
    }
    if (real_type(o) == LG__TYPE(LG__T_STR) && ((const lg__str *)o)->interned) {
        snprintf(buf, sz, "the %sinterned str '%.40s' allocated at %s:%u (shared by every "
                 "lg_str_intern of it)", o->type == &freed_type ? "freed " : "",
                 ((const lg__str *)o)->data, h->file ? h->file : "?", (unsigned)h->line);
        return;
    }
    snprintf(buf, sz, "%s %s allocated at %s:%u", o->type == &freed_type ? "the freed" : vowel ? "an" : "a",
             name, h->file ? h->file : "?", (unsigned)h->line);
}

_Noreturn void lg__fatal(const char *fn, const char *msg, const lg_object *o)
{
    fflush(stdout);
    if (o != NULL) {
        char what[256];
        describe(o, what, sizeof what);
        size_t n = strlen(msg);     /* "expected a list, got" reads on; others take a colon */
        int on = n >= 3 && strcmp(msg + n - 3, "got") == 0;
        fprintf(stderr, "linger: fatal: %s: %s%s%s\n", fn, msg, on ? " " : ": ", what);
    } else {
        fprintf(stderr, "linger: fatal: %s: %s\n", fn, msg);
    }
    fflush(stderr);
    abort();
}

int lg__check_arg(const lg_object *o, const char *fn, const char *what)
{
    if (o == NULL) {
        set_errorf("%s: %s is NULL", fn, what);
        return -1;
    }
    if (o->type == &freed_type)
        lg__fatal(fn, "use of a freed object", o);
    return 0;
}

int lg__check(const lg_object *o, int kind, const char *fn)
{
    if (o == NULL) {
        set_errorf("%s: %s is NULL", fn, lg__types[kind].t.name);
        return -1;
    }
    if (o->type != LG__TYPE(kind)) {
        char msg[96];
        if (o->type == &freed_type)
            lg__fatal(fn, "use of a freed object", o);
        const char *want = lg__types[kind].t.name;
        snprintf(msg, sizeof msg, "expected %s %s, got", strchr("aeiou", want[0]) ? "an" : "a", want);
        lg__fatal(fn, msg, o);
    }
    return 0;
}

/* ---- allocation */

static size_t live_objects;     /* allocated and not yet freed, immortals excluded */

/* Objects the collector does not track (ints, strs, buffers, user types without
 * traverse) are chained here through their otherwise unused collector links:
 * every live block then has a pointer to its start, which is what leak checkers
 * look for (a program that exits holding objects shows them as reachable). */
static lg__head untracked = { .gc_next = &untracked, .gc_prev = &untracked };

static void chain(lg__head *h)
{
    h->gc_next = &untracked;
    h->gc_prev = untracked.gc_prev;
    untracked.gc_prev->gc_next = h;
    untracked.gc_prev = h;
}

static void unchain(lg__head *h);

void lg__object_unchain(lg_object *o)
{
    unchain(lg__head_of(o));
}

static void unchain(lg__head *h)
{
    if (h->gc_next == NULL)
        return;
    h->gc_prev->gc_next = h->gc_next;
    h->gc_next->gc_prev = h->gc_prev;
    h->gc_next = h->gc_prev = NULL;
}

void lg__each_object(void (*fn)(lg_object *o, void *arg), void *arg)
{
    lg__gc_each_tracked(fn, arg);
    for (lg__head *h = untracked.gc_next; h != &untracked; h = h->gc_next)
        fn(LG__OBJ(h), arg);
}

size_t lg_live_objects(void)
{
    return live_objects;
}

lg_object *lg__object_alloc(const lg_type *type, size_t extra, const char *file, int line)
{
    if (type->traverse != NULL)
        lg__gc_note_alloc();         /* may collect, before the new object exists */
    size_t size = sizeof(lg__head) + type->size;
    if (extra > SIZE_MAX - size) {
        lg__set_error("out of memory");
        return NULL;
    }
    lg__head *h = calloc(1, size + extra);
    if (h == NULL) {
        lg__set_error("out of memory");
        return NULL;
    }
    h->file = file;
    h->line = (uint32_t)(line < 0 ? 0 : line);
    lg_object *o = LG__OBJ(h);
    o->refcnt = 1;
    o->type = type;
    live_objects++;
    if (lg__tracing)
        lg__trace_alloc(o, size + extra);
    if (lg__ev_on)
        lg__ev_alloc(o, size + extra);
    if (type->traverse != NULL)
        lg__gc_track(o);
    else
        chain(h);
    return o;
}

void lg__mark_immortal(lg_object *o)
{
    if (lg__ev_on)
        lg__ev_free(o, lg__block_size(o));   /* the runtime's own: not evidence of anything */
    lg__head_of(o)->flags |= LG__F_IMMORTAL;
    live_objects--;
}

lg_object *lg_new_at(const lg_type *type, const char *file, int line)
{
    if (type == NULL) {
        lg__set_error("lg_new: type is NULL");
        return NULL;
    }
    if (type->size < sizeof(lg_object)) {
        set_errorf("lg_new: type '%s' has size %zu, smaller than lg_object",
                   type->name ? type->name : "?", type->size);
        return NULL;
    }
    if (type->name == NULL) {
        lg__set_error("lg_new: type has no name");
        return NULL;
    }
    return lg__object_alloc(type, 0, file, line);
}

lg_object *(lg_new)(const lg_type *type)
{
    return lg_new_at(type, NULL, 0);
}

/* ---- reference counting */

lg_object *lg_retain(lg_object *o)
{
    if (o != NULL) {
        if (o->type == &freed_type)
            lg__fatal("lg_retain", "use of a freed object", o);
        o->refcnt++;
    }
    return o;
}

size_t lg_refcount(const lg_object *o)
{
    if (o == NULL)
        return 0;
    if (o->type == &freed_type)
        lg__fatal("lg_refcount", "use of a freed object", o);
    return o->refcnt;
}

const char *lg_type_name(const lg_object *o)
{
    if (o == NULL) {
        lg__set_error("lg_type_name: object is NULL");
        return NULL;
    }
    if (o->type == &freed_type)
        lg__fatal("lg_type_name", "use of a freed object", o);
    return o->type->name;
}

const char *lg_alloc_file(const lg_object *o)
{
    return o ? lg__head_of(o)->file : NULL;
}

int lg_alloc_line(const lg_object *o)
{
    return o ? (int)lg__head_of(o)->line : 0;
}

/* ---- freeing */

#define QUARANTINE 256            /* freed blocks kept before free() */
#define QUARANTINE_MAX_BYTES 4096 /* bigger blocks are freed at once */
static lg__head *quarantine[QUARANTINE];
static size_t quarantine_pos;

static void free_memory(lg_object *o)
{
    lg__head *h = lg__head_of(o);
    if (lg__tracing || h->traced)
        lg__trace_free(o);
    if (lg__ev_on && !(h->flags & LG__F_IMMORTAL))
        lg__ev_free(o, lg__block_size(o));
    if (!(h->flags & LG__F_IMMORTAL))
        live_objects--;
    if (o->type->size + sizeof *h > QUARANTINE_MAX_BYTES || lg__builtin(o->type) == &lg__types[LG__T_BUFFER]) {
        free(h);
        return;
    }
    h->gc_prev = (lg__head *)(void *)o->type;
    h->gc_next = NULL;
    o->type = &freed_type;
    o->refcnt = 0;
    lg__head *old = quarantine[quarantine_pos];
    quarantine[quarantine_pos] = h;
    quarantine_pos = (quarantine_pos + 1) % QUARANTINE;
    free(old);
}

void lg__quarantine_drain(void)
{
    for (size_t i = 0; i < QUARANTINE; i++) {
        free(quarantine[i]);
        quarantine[i] = NULL;
    }
}

/* The runtime's one destructor: the evidence first (its last flush walks
 * live objects, which may hold cached small ints), then what the runtime
 * keeps for itself.  One function, so the order cannot depend on the
 * linker's order of destructors (lg_int.h). */
__attribute__((destructor)) static void runtime_fini(void)
{
    lg__evidence_at_exit();
    lg__small_ints_free();
    lg__quarantine_drain();
}

static void release_visit(lg_object *child, void *arg)
{
    (void)arg;
    lg_release(child);
}

/* Runs weakref callbacks and finalize; 1 when the object came back to life. */
static int run_death_hooks(lg_object *o)
{
    lg__head *h = lg__head_of(o);
    if (h->weaklist != NULL) {
        o->refcnt = 1;
        lg__weak_clear_refs(o);
        if (--o->refcnt != 0)
            return 1;
    }
    if (o->type->finalize != NULL && !(h->flags & LG__F_FINALIZED)) {
        h->flags |= LG__F_FINALIZED;
        o->refcnt = 1;
        o->type->finalize(o);
        if (--o->refcnt != 0)
            return 1;
    }
    return 0;
}

static void dealloc_now(lg_object *o)
{
    lg__head *h = lg__head_of(o);
    if (run_death_hooks(o))
        return;
    h->flags |= LG__F_DYING;
    if (h->flags & LG__F_TRACKED) {
        lg__gc_untrack(o);
        lg__gc_note_dealloc();
    } else if (o->type->traverse == NULL) {
        unchain(h);
    }
    const lg__typeinfo *ti = lg__builtin(o->type);
    if (ti != NULL)
        ti->dealloc(o);
    else if (o->type->clear != NULL)
        o->type->clear(o);
    else if (o->type->traverse != NULL)
        o->type->traverse(o, release_visit, NULL);
    free_memory(o);
}

#define TRASH_DEPTH 64
static int dealloc_depth;          /* nesting of dealloc_now */
static lg__head *trash;            /* queued dying objects, linked by gc_refs */

int lg__busy(void)
{
    return dealloc_depth > 0 || lg__gc_collecting();
}

static void dealloc(lg_object *o)
{
    if (dealloc_depth >= TRASH_DEPTH) {
        lg__head *h = lg__head_of(o);
        h->gc_refs = (intptr_t)trash;
        trash = h;
        return;
    }
    dealloc_depth++;
    dealloc_now(o);
    if (dealloc_depth == 1) {
        while (trash != NULL) {
            lg__head *h = trash;
            trash = (lg__head *)h->gc_refs;
            dealloc_now(LG__OBJ(h));
        }
    }
    dealloc_depth--;
}

/* A release below zero, named at the call that made it. */
_Noreturn static void below_zero(const lg_object *o, const char *file, int line)
{
    char fn[PATH_MAX + 32];
    if (file != NULL)
        snprintf(fn, sizeof fn, "lg_release at %s:%d", file, line);
    else
        snprintf(fn, sizeof fn, "lg_release");
    lg__fatal(fn, "released more often than retained (reference count below zero)", o);
}

static inline void release(lg_object *o, const char *file, int line)
{
    if (o == NULL)
        return;
    /* a freed object, or an immortal down to the cache's own reference */
    if (o->type == &freed_type || o->refcnt == 0
        || (o->refcnt == 1 && (lg__head_of(o)->flags & LG__F_IMMORTAL)))
        below_zero(o, file, line);
    if (--o->refcnt == 0)
        dealloc(o);
}

void lg_release_at(lg_object *o, const char *file, int line)
{
    release(o, file, line);
}

void (lg_release)(lg_object *o)
{
    release(o, NULL, 0);
}

/* ---- the runtime lock */

static pthread_mutex_t runtime_lock;
static pthread_once_t lock_once = PTHREAD_ONCE_INIT;

static void lock_init(void)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&runtime_lock, &a);
    pthread_mutexattr_destroy(&a);
}

void lg_lock(void)
{
    pthread_once(&lock_once, lock_init);
    pthread_mutex_lock(&runtime_lock);
}

void lg_unlock(void)
{
    pthread_once(&lock_once, lock_init);
    pthread_mutex_unlock(&runtime_lock);
}

void lg__owned_changed(lg_object *o, long delta)
{
    if (lg__tracing && delta != 0)
        lg__trace_resize(o, delta);
}
