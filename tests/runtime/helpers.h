/*
 * helpers.h — shared fixtures of the runtime suites: user types (a node with
 * one strong reference, one without clear, one with a counting finalizer, one
 * that resurrects itself), counters, and the leak gate every suite runs in its
 * teardown (after a full collection, no object may be left alive).
 */
#ifndef LINGER_TEST_HELPERS_H
#define LINGER_TEST_HELPERS_H

#include <criterion/criterion.h>
#include <linger/linger.h>

typedef struct {
    LG_OBJECT_HEAD;
    lg_object *ref;   /* one strong reference, or NULL */
    int id;           /* for ordering checks */
} node;

extern const lg_type node_type;        /* traverse + clear */
extern const lg_type noclear_type;     /* traverse, no clear: cycles become garbage */
extern const lg_type fin_type;         /* traverse + clear + finalize (counts, logs order) */
extern const lg_type plain_type;       /* no traverse: not tracked */
extern const lg_type callable_type;    /* call: counts calls, returns arg retained or NULL */

extern int finalized;                  /* finalize calls of fin_type */
extern int calls;                      /* calls of callable_type */
extern lg_object *resurrect_slot;      /* fin_type's finalize stores self here when set */
extern int resurrect;                  /* when 1, fin_type resurrects into resurrect_slot */
extern char order_log[256];            /* events appended by callbacks and finalizers */

lg_object *new_node(const lg_type *t, int id);
/* Sets n->ref to a new reference of target (retains). */
void link_to(lg_object *n, lg_object *target);
void log_event(const char *s);

/* The leak gate: full collection, garbage emptied, then zero live objects. */
void leak_gate(void);

#endif
