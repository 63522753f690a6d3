/*
 * linger/object.h — objects, types, reference counting, errors and the runtime
 * lock.  The model is CPython's: every object starts with an `lg_object` header
 * (reference count and type); the runtime may keep a hidden prefix in front of
 * that header (collector links, weak-reference list, allocation site).  Every
 * function documents ownership with the words *new reference*, *borrowed* and
 * *retains*; see docs/api.md.
 */
#ifndef LINGER_OBJECT_H
#define LINGER_OBJECT_H

#include <stddef.h>

#if defined(_WIN32)
#define LG_API
#elif defined(__GNUC__)
#define LG_API __attribute__((visibility("default")))
#else
#define LG_API
#endif

/* Where a call comes from.  The public macros pass the caller's __FILE__
 * through LG__FILE: each source file's first call also tells the runtime
 * the file's modification time as compiled (__TIMESTAMP__), so evidence can
 * be matched to the version of the file a finding was computed from
 * (docs/database.md, "Site identity").  -DLINGER_NO_SOURCE_STAMP turns it off
 * (for -Werror=date-time builds); evidence is then matched by line alone. */
LG_API void lg__note_source(const char *file, const char *timestamp);
#if defined(__TIMESTAMP__) && defined(__GNUC__) && !defined(LINGER_NO_SOURCE_STAMP)
static const char *lg__source_last __attribute__((unused));
static __inline__ const char *lg__stamped(const char *file, const char *timestamp)
{
    if (file != lg__source_last) {   /* once per file a translation unit calls from */
        lg__source_last = file;
        lg__note_source(file, timestamp);
    }
    return file;
}
#define LG__FILE lg__stamped(__FILE__, __TIMESTAMP__)
#else
#define LG__FILE __FILE__
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lg_object lg_object;
typedef struct lg_type lg_type;

/* The public object header.  `refcnt` is a plain integer (see lg_lock). */
struct lg_object {
    size_t refcnt;         /* strong references held on this object */
    const lg_type *type;   /* the object's type; never NULL for a live object */
};

/* First member of every object struct: `struct my { LG_OBJECT_HEAD; ... };` */
#define LG_OBJECT_HEAD lg_object base

typedef void (*lg_visit_fn)(lg_object *child, void *arg);

struct lg_type {
    const char *name;   /* what lg_type_name() returns */
    size_t size;        /* sizeof the object struct, header included */
    /* Visit every strong reference the object holds (NULL children are ignored).
     * A type with traverse is tracked by the cycle collector. */
    void (*traverse)(lg_object *self, lg_visit_fn visit, void *arg);
    /* Drop strong references (set each field to NULL, then release it).  Used to
     * break cycles and, when present, to release children at deallocation. */
    void (*clear)(lg_object *self);
    /* Runs once, before the memory is freed; may resurrect the object. */
    void (*finalize)(lg_object *self);
    /* Non-NULL: the object is callable with lg_call().  Returns a new reference. */
    lg_object *(*call)(lg_object *self, lg_object *arg);
};

/* New reference; zero-filled beyond the header; refcnt 1.  NULL with lg_error()
 * when type is NULL, type->size < sizeof(lg_object), or memory runs out. */
LG_API lg_object *lg_new_at(const lg_type *type, const char *file, int line);
LG_API lg_object *(lg_new)(const lg_type *type);
#define lg_new(type) lg_new_at((type), LG__FILE, __LINE__)

/* Returns o with one more reference.  NULL-safe.  Aborts on a freed object. */
LG_API lg_object *lg_retain(lg_object *o);
/* Drops one reference.  NULL-safe.  At zero: weak references are cleared and
 * their callbacks run, then finalize (once), then children are released and the
 * memory freed.  Aborts when the count would go below zero — a freed object, a
 * cached small int or an interned string released more often than retained —
 * naming the call (the macro passes the caller's file and line). */
LG_API void lg_release_at(lg_object *o, const char *file, int line);
LG_API void (lg_release)(lg_object *o);
#define lg_release(o) lg_release_at((o), __FILE__, __LINE__)
LG_API size_t lg_refcount(const lg_object *o);
/* The type's name ("list", "dict", a user type's name); borrowed static string. */
LG_API const char *lg_type_name(const lg_object *o);
/* Static message for the last failure on this thread ("no error" if none). */
LG_API const char *lg_error(void);

/* Extensions (not in the contract's minimum). */
/* Objects alive now, cached small ints excluded: a leak gate for tests. */
LG_API size_t lg_live_objects(void);
/* Allocation site of o (file and line of the creating call); borrowed string. */
LG_API const char *lg_alloc_file(const lg_object *o);
LG_API int lg_alloc_line(const lg_object *o);

/* The runtime lock: held by a thread that uses the API while other threads do.
 * Recursive.  Single-threaded programs never call it. */
LG_API void lg_lock(void);
LG_API void lg_unlock(void);

/* Sizes. */
/* The object (hidden prefix included) and the storage it owns directly. */
LG_API size_t lg_sizeof(const lg_object *o);
/* lg_sizeof of o and of every object reachable through traverse, each once. */
LG_API size_t lg_deep_sizeof(lg_object *o);

#ifdef __cplusplus
}
#endif
#endif /* LINGER_OBJECT_H */
