/*
 * paths.h — retention paths (paths.c), internal: the walk that gives every
 * object reached from a root its parent, and one path written as JSON.
 */
#ifndef LG_PATHS_H
#define LG_PATHS_H

#include "lg_int.h"
#include <stdarg.h>

/* A growable string; failed once memory ran out (s then holds what fit). */
typedef struct {
    char *s;          /* the text, NUL-terminated (malloc'd) */
    size_t n, cap;    /* length, bytes allocated */
    int failed;       /* memory ran out */
} lg__sbuf;

/* Appends printf-style text. */
void lg__sb_add(lg__sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends text as a JSON string's contents (quotes and controls escaped). */
void lg__sb_json(lg__sbuf *b, const char *text);

/* Walks from every root: afterwards, until the next collection or walk, each
 * object reached has its parent on a shortest path from a root.  0, or -1
 * when a collection or deallocation is under way or memory ran out. */
int lg__paths_walk(void);

/* Appends to b the path (JSON: {"root":..., "truncated":..., "nodes":[...]})
 * from a root to target, then, when last is not NULL, the edge from target
 * to last (an item of the container target); appends its shape (types and
 * edge kinds, no indices or keys) to shape.  0 (nothing appended) when no
 * root reaches target.  Only right after lg__paths_walk. */
int lg__path_json(lg_object *target, lg_object *last, lg__sbuf *b, lg__sbuf *shape);

#endif /* LG_PATHS_H */
