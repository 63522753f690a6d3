/*
 * size.c — lg_sizeof (an object, its hidden prefix and the storage it owns
 * directly) and lg_deep_sizeof (every object reachable through traverse,
 * counted once, walked with an explicit stack so deep graphs cannot overflow
 * the C stack).
 */
#include "lg_int.h"
#include <string.h>

size_t lg_sizeof(const lg_object *o)
{
    if (o == NULL) {
        lg__set_error("lg_sizeof: object is NULL");
        return 0;
    }
    const lg__typeinfo *ti = lg__builtin(o->type);
    size_t owned = ti && ti->owned ? ti->owned(o) : 0;
    return sizeof(lg__head) + o->type->size + owned;
}

typedef struct {
    lg_object **slots;   /* open-addressing pointer set */
    size_t mask;         /* slots - 1 */
    size_t n;            /* members */
    lg__vec stack;       /* objects still to visit */
    int failed;          /* memory ran out */
} walk;

static size_t ptr_hash(const lg_object *o)
{
    return (size_t)(((uintptr_t)o >> 4) * 0x9E3779B97F4A7C15ull);
}

static int set_grow(walk *w)
{
    size_t n = w->slots ? (w->mask + 1) * 2 : 256;
    lg_object **s = calloc(n, sizeof *s);
    if (s == NULL)
        return -1;
    for (size_t i = 0; w->slots && i <= w->mask; i++) {
        if (w->slots[i] != NULL) {
            size_t j = ptr_hash(w->slots[i]) & (n - 1);
            while (s[j] != NULL)
                j = (j + 1) & (n - 1);
            s[j] = w->slots[i];
        }
    }
    free(w->slots);
    w->slots = s;
    w->mask = n - 1;
    return 0;
}

/* Adds o to the set; 1 if it was new. */
static int set_add(walk *w, lg_object *o)
{
    if ((w->slots == NULL || w->n * 2 >= w->mask) && set_grow(w) < 0) {
        w->failed = 1;
        return 0;
    }
    size_t j = ptr_hash(o) & w->mask;
    while (w->slots[j] != NULL) {
        if (w->slots[j] == o)
            return 0;
        j = (j + 1) & w->mask;
    }
    w->slots[j] = o;
    w->n++;
    return 1;
}

static void visit_push(lg_object *child, void *arg)
{
    walk *w = arg;
    if (child != NULL && set_add(w, child) && lg__vec_push(&w->stack, child) < 0)
        w->failed = 1;
}

size_t lg_deep_sizeof(lg_object *o)
{
    if (o == NULL) {
        lg__set_error("lg_deep_sizeof: object is NULL");
        return 0;
    }
    walk w = { 0 };
    size_t total = 0;
    visit_push(o, &w);
    while (w.stack.n > 0 && !w.failed) {
        lg_object *x = w.stack.v[--w.stack.n];
        total += lg_sizeof(x);
        if (x->type->traverse != NULL)
            x->type->traverse(x, visit_push, &w);
    }
    free(w.slots);
    lg__vec_free(&w.stack);
    if (w.failed) {
        lg__set_error("out of memory");
        return 0;
    }
    return total;
}
