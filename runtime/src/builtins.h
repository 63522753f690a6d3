/*
 * builtins.h — the layouts of the built-in object types and the functions the
 * type table (types.c) points at.  Only the runtime includes it.
 */
#ifndef LG_BUILTINS_H
#define LG_BUILTINS_H

#include "table.h"

typedef struct {
    LG_OBJECT_HEAD;
    long value;              /* the integer */
} lg__int;

typedef struct {
    LG_OBJECT_HEAD;
    size_t len;              /* bytes before the terminating NUL */
    size_t hash;             /* FNV-1a of the bytes */
    int interned;            /* 1 while in the intern table */
    char data[];             /* len bytes and a NUL */
} lg__str;

typedef struct {
    LG_OBJECT_HEAD;
    size_t size;             /* bytes in data */
    unsigned char data[];    /* zero-filled at creation */
} lg__buffer;

typedef struct {
    LG_OBJECT_HEAD;
    lg_object **items;       /* strong references */
    size_t len;              /* items in use */
    size_t cap;              /* items allocated */
    lg__evsite *growth;      /* evidence: the site of the first append, or NULL */
} lg__list;

typedef struct {
    LG_OBJECT_HEAD;
    lg__table t;             /* key and value strong; aux unused */
    lg__evsite *growth;      /* evidence: the site of the first insert, or NULL */
} lg__dict;

typedef struct {
    LG_OBJECT_HEAD;
    lg__table t;             /* key: the member (not owned); aux: its weakref (owned) */
} lg__weakset;

typedef struct {
    LG_OBJECT_HEAD;
    unsigned flags;          /* LG_WEAK_VALUES or LG_WEAK_KEYS */
    lg__table t;             /* strong side owned; weak side raw, aux: its weakref */
} lg__weakdict;

typedef struct {
    lg_object *obj;          /* the listener (strong) or its weakref (weak) */
    int weak;                /* 1: obj is a weakref */
} lg__slot;

typedef struct {
    LG_OBJECT_HEAD;
    lg__slot *slots;         /* registrations, oldest first */
    size_t len;              /* slots in use */
    size_t cap;              /* slots allocated */
} lg__emitter;

typedef struct {
    LG_OBJECT_HEAD;
    size_t max;              /* capacity in entries */
    lg__table t;             /* key and value strong; order = recency, oldest first */
    lg__evsite *growth;      /* evidence: the site of the first insert, or NULL */
} lg__lru;

typedef struct {
    LG_OBJECT_HEAD;
    lg_fn fn;                /* the function */
    size_t n;                /* captures */
    uint64_t read;           /* bit i: capture i was read (evidence; first 64) */
    uint64_t calls;          /* times its function ran (evidence: an unread capture
                                of a closure never called says nothing of the function) */
    lg_object *caps[];       /* strong references (NULL allowed) */
} lg__closure;

/* The size an object was allocated with (lg__object_alloc's size + extra). */
static inline size_t lg__block_size(const lg_object *o)
{
    size_t n = sizeof(lg__head) + o->type->size;
    if (o->type == LG__TYPE(LG__T_STR))
        n += ((const lg__str *)o)->len + 1;
    else if (o->type == LG__TYPE(LG__T_BUFFER))
        n += ((const lg__buffer *)o)->size;
    else if (o->type == LG__TYPE(LG__T_CLOSURE))
        n += ((const lg__closure *)o)->n * sizeof(lg_object *);
    return n;
}

/* value.c */
void lg__int_dealloc(lg_object *o);
void lg__str_dealloc(lg_object *o);
size_t lg__str_owned(const lg_object *o);
size_t lg__buffer_owned(const lg_object *o);
/* list.c */
void lg__list_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__list_clear(lg_object *o);
void lg__list_dealloc(lg_object *o);
size_t lg__list_owned(const lg_object *o);
void lg__list_stored(lg_object *o, lg_visit_fn visit, void *arg);
lg__evsite *lg__list_growth(lg_object *o, int64_t *len);
/* dict.c (dict, lru) */
void lg__dict_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__dict_clear(lg_object *o);
void lg__dict_dealloc(lg_object *o);
size_t lg__dict_owned(const lg_object *o);
void lg__dict_stored(lg_object *o, lg_visit_fn visit, void *arg);
lg__evsite *lg__dict_growth(lg_object *o, int64_t *len);
void lg__lru_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__lru_clear(lg_object *o);
void lg__lru_dealloc(lg_object *o);
size_t lg__lru_owned(const lg_object *o);
void lg__lru_stored(lg_object *o, lg_visit_fn visit, void *arg);
lg__evsite *lg__lru_growth(lg_object *o, int64_t *len);
/* weakref.c */
void lg__weakref_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__weakref_clear(lg_object *o);
void lg__weakref_dealloc(lg_object *o);
/* weakcoll.c */
void lg__weakset_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__weakset_clear(lg_object *o);
void lg__weakset_dealloc(lg_object *o);
size_t lg__weakset_owned(const lg_object *o);
void lg__weakdict_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__weakdict_clear(lg_object *o);
void lg__weakdict_dealloc(lg_object *o);
size_t lg__weakdict_owned(const lg_object *o);
/* emitter.c */
void lg__emitter_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__emitter_clear(lg_object *o);
void lg__emitter_dealloc(lg_object *o);
size_t lg__emitter_owned(const lg_object *o);
void lg__emitter_stored(lg_object *o, lg_visit_fn visit, void *arg);
/* closure.c */
void lg__closure_traverse(lg_object *o, lg_visit_fn visit, void *arg);
void lg__closure_clear(lg_object *o);
void lg__closure_dealloc(lg_object *o);
size_t lg__closure_owned(const lg_object *o);
void lg__closure_stored(lg_object *o, lg_visit_fn visit, void *arg);
/* Calls fn for each capture i < 64 of closure o its function never read
 * (lg_closure_capture), non-NULL, with called = 1 when o ever ran. */
void lg__closure_each_unread(lg_object *o, void (*fn)(size_t i, lg_object *cap, int called,
                                                      void *arg), void *arg);
lg_object *lg__closure_call(lg_object *self, lg_object *arg);

#endif /* LG_BUILTINS_H */
