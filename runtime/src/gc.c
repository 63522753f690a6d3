/*
 * gc.c — the cycle collector: CPython's generational trial deletion.
 *
 * Invariant: every tracked object is in exactly one list — a generation, or a
 * collection's private list while that collection runs — and only the objects
 * of the set being collected carry LG__F_COLLECTING.  An object of that set is
 * unreachable when no reference from outside the set reaches it: gc_refs
 * starts at the reference count and every reference from inside the set, found
 * through traverse, is subtracted; what is left is held from outside.
 *
 * Unreachable objects are handled as CPython does: cycles containing an object
 * whose type has no clear (and all they reach) go to lg_gc_garbage(); weak
 * references to the rest are cleared and their callbacks run; finalizers run
 * once; objects a finalizer resurrected survive; the rest are broken with
 * clear and die by reference counting.
 */
#include "lg_int.h"
#include <string.h>

typedef struct {
    lg__head head;       /* list head (only the links are used) */
    size_t count;        /* gen 0: allocations - deallocations; gen n: collections of n-1 */
    size_t threshold;    /* collect when count exceeds it */
} generation;

typedef struct {
    lg_gc_cb cb;         /* the callback */
    void *arg;           /* its argument */
} callback;

static generation gens[3] = { { .threshold = 700 }, { .threshold = 10 }, { .threshold = 10 } };
static int enabled = 1;
static int collecting;             /* a collection is under way */
static size_t long_lived_total;    /* objects in gen 2 after the last full collection */
static size_t long_lived_pending;  /* objects promoted to gen 2 since */
static lg_object *garbage;         /* the uncollectable list, created on first need */
static lg__head *volatile garbage_block;    /* its block: a start pointer keeps it "reachable" for leak checkers */
static callback *callbacks;
static size_t ncallbacks;

/* ---- lists */

static void list_init(lg__head *l)
{
    l->gc_next = l->gc_prev = l;
}

static int list_empty(const lg__head *l)
{
    return l->gc_next == l;
}

static void list_append(lg__head *n, lg__head *l)
{
    n->gc_next = l;
    n->gc_prev = l->gc_prev;
    l->gc_prev->gc_next = n;
    l->gc_prev = n;
}

static void list_remove(lg__head *n)
{
    n->gc_prev->gc_next = n->gc_next;
    n->gc_next->gc_prev = n->gc_prev;
    n->gc_next = n->gc_prev = NULL;
}

static void list_move(lg__head *n, lg__head *l)
{
    list_remove(n);
    list_append(n, l);
}

/* Appends every node of from to to; from becomes empty. */
static void list_merge(lg__head *from, lg__head *to)
{
    if (list_empty(from))
        return;
    lg__head *first = from->gc_next, *last = from->gc_prev;
    first->gc_prev = to->gc_prev;
    to->gc_prev->gc_next = first;
    last->gc_next = to;
    to->gc_prev = last;
    list_init(from);
}

static void gc_init(void)
{
    if (gens[0].head.gc_next == NULL)
        for (int i = 0; i < 3; i++)
            list_init(&gens[i].head);
}

/* ---- tracking */

void lg__gc_track(lg_object *o)
{
    lg__head *h = lg__head_of(o);
    gc_init();
    h->flags |= LG__F_TRACKED;
    list_append(h, &gens[0].head);
}

void lg__gc_untrack(lg_object *o)
{
    lg__head *h = lg__head_of(o);
    if (h->flags & LG__F_TRACKED) {
        list_remove(h);
        h->flags &= ~(LG__F_TRACKED | LG__F_COLLECTING | LG__F_UNREACHABLE);
    }
}

int lg_gc_is_tracked(const lg_object *o)
{
    return o != NULL && (lg__head_of(o)->flags & LG__F_TRACKED) != 0;
}

int lg__gc_collecting(void)
{
    return collecting;
}

void lg__gc_each_tracked(void (*fn)(lg_object *o, void *arg), void *arg)
{
    gc_init();
    for (int g = 0; g < 3; g++) {
        lg__head *l = &gens[g].head;
        for (lg__head *h = l->gc_next; h != l; h = h->gc_next)
            fn(LG__OBJ(h), arg);
    }
}

void lg__gc_note_dealloc(void)
{
    if (gens[0].count > 0)
        gens[0].count--;
}

/* ---- trial deletion */

static void traverse(lg__head *h, lg_visit_fn visit, void *arg)
{
    lg_object *o = LG__OBJ(h);
    o->type->traverse(o, visit, arg);
}

/* Starts trial deletion on set; returns its size. */
static size_t update_refs(lg__head *set)
{
    size_t n = 0;
    for (lg__head *h = set->gc_next; h != set; h = h->gc_next, n++) {
        h->gc_refs = (intptr_t)LG__OBJ(h)->refcnt;
        h->flags = (h->flags & ~LG__F_UNREACHABLE) | LG__F_COLLECTING;
    }
    return n;
}

static void visit_decref(lg_object *child, void *arg)
{
    (void)arg;
    if (child != NULL) {
        lg__head *h = lg__head_of(child);
        if (h->flags & LG__F_COLLECTING)
            h->gc_refs--;
    }
}

static void subtract_refs(lg__head *set)
{
    for (lg__head *h = set->gc_next; h != set; h = h->gc_next)
        traverse(h, visit_decref, NULL);
}

/* Enters h into a full collection's set (gc_refs from its reference count). */
static inline void enter_full(lg__head *h)
{
    h->gc_refs = (intptr_t)LG__OBJ(h)->refcnt;
    h->flags = (h->flags & ~LG__F_UNREACHABLE) | LG__F_COLLECTING;
}

static void visit_decref_full(lg_object *child, void *arg)
{
    (void)arg;
    if (child != NULL) {
        lg__head *h = lg__head_of(child);
        if (h->flags & LG__F_TRACKED) {
            if (!(h->flags & LG__F_COLLECTING))
                enter_full(h);
            h->gc_refs--;
        }
    }
}

/* update_refs and subtract_refs in one pass, for a full collection: there
 * every tracked object is in the set, so a child met before its own turn can
 * enter the set then (COLLECTING marks "entered"; no tracked object carries it
 * before a collection).  One walk over the heap instead of two.  Returns the
 * set's size. */
static size_t update_subtract_full(lg__head *set)
{
    size_t n = 0;
    for (lg__head *h = set->gc_next; h != set; h = h->gc_next, n++) {
        if (!(h->flags & LG__F_COLLECTING))
            enter_full(h);
        traverse(h, visit_decref_full, NULL);
    }
    return n;
}

/* A reachable object's child is reachable: back into the scanned list. */
static void visit_reachable(lg_object *child, void *arg)
{
    if (child == NULL)
        return;
    lg__head *h = lg__head_of(child);
    if (!(h->flags & LG__F_COLLECTING))
        return;
    if (h->flags & LG__F_UNREACHABLE) {
        list_move(h, (lg__head *)arg);
        h->flags &= ~LG__F_UNREACHABLE;
        h->gc_refs = 1;
    } else if (h->gc_refs <= 0) {
        h->gc_refs = 1;
    }
}

/* Moves the objects of set that nothing outside reaches into unreachable.
 * Objects left in set are reachable and leave the collection (flags cleared):
 * once scanned, later visits to them have nothing to do. */
static void move_unreachable(lg__head *set, lg__head *unreachable)
{
    lg__head *h = set->gc_next;
    while (h != set) {
        lg__head *next;
        if (h->gc_refs > 0) {
            traverse(h, visit_reachable, set);
            h->flags &= ~LG__F_COLLECTING;
            next = h->gc_next;
        } else {
            next = h->gc_next;
            list_move(h, unreachable);
            h->flags |= LG__F_UNREACHABLE;
        }
        h = next;
    }
}

/* ---- uncollectable cycles */

static void visit_move_to(lg_object *child, void *arg)
{
    if (child == NULL)
        return;
    lg__head *h = lg__head_of(child);
    if (h->flags & LG__F_UNREACHABLE) {
        h->flags &= ~LG__F_UNREACHABLE;      /* moved once: cycles end */
        list_move(h, (lg__head *)arg);
    }
}

/* Moves unreachable objects whose type has no clear, and all they reach, to out. */
static void move_uncollectable(lg__head *unreachable, lg__head *out)
{
    for (lg__head *h = unreachable->gc_next, *next; h != unreachable; h = next) {
        next = h->gc_next;
        if (LG__OBJ(h)->type->clear == NULL) {
            h->flags &= ~LG__F_UNREACHABLE;
            list_move(h, out);
        }
    }
    for (lg__head *h = out->gc_next; h != out; h = h->gc_next)
        traverse(h, visit_move_to, out);   /* appended nodes are scanned too */
}

/* Appends set to the garbage list and moves it, out of the collection, to old. */
static void keep_as_garbage(lg__head *set, lg__head *old)
{
    if (list_empty(set))
        return;
    lg_gc_garbage();
    for (lg__head *h = set->gc_next; h != set; h = h->gc_next) {
        h->flags &= ~(LG__F_COLLECTING | LG__F_UNREACHABLE);
        /* gc.garbage grows by design: the user inspects and empties it */
        if (garbage != NULL) /* linger-ignore: unbounded-cache */
            lg_list_append_at(garbage, LG__OBJ(h), "<gc garbage>", 0);
    }
    list_merge(set, old);
}

/* ---- weak references, finalizers, resurrection, clearing */

static void handle_weakrefs(lg__head *unreachable)
{
    lg__wchain pending = { NULL, NULL };
    for (lg__head *h = unreachable->gc_next; h != unreachable; h = h->gc_next)
        if (h->weaklist != NULL)
            lg__weak_detach(LG__OBJ(h), &pending);
    lg__weak_run_callbacks(&pending);
}

static void finalize_garbage(lg__head *unreachable)
{
    lg__head seen;
    list_init(&seen);
    while (!list_empty(unreachable)) {
        lg__head *h = unreachable->gc_next;
        lg_object *o = LG__OBJ(h);
        list_move(h, &seen);
        if (o->type->finalize != NULL && !(h->flags & LG__F_FINALIZED)) {
            h->flags |= LG__F_FINALIZED;
            lg_retain(o);
            o->type->finalize(o);
            lg_release(o);
        }
    }
    list_merge(&seen, unreachable);
}

/* Moves the objects of unreachable that finalizers made reachable to old. */
static void handle_resurrected(lg__head *unreachable, lg__head *still, lg__head *old)
{
    update_refs(unreachable);
    subtract_refs(unreachable);
    move_unreachable(unreachable, still);
    list_merge(unreachable, old);
}

static void delete_garbage(lg__head *set, lg__head *old)
{
    while (!list_empty(set)) {
        lg__head *h = set->gc_next;
        lg_object *o = LG__OBJ(h);
        lg_retain(o);
        o->type->clear(o);
        if (set->gc_next == h) {          /* still alive: it may die later */
            h->flags &= ~(LG__F_COLLECTING | LG__F_UNREACHABLE);
            list_move(h, old);
        }
        lg_release(o);
    }
}

/* What one pass over the unreachable set found. */
typedef struct {
    size_t count;        /* objects */
    int noclear;         /* some type has no clear: uncollectable cycles */
    int weak;            /* some object is weakly referenced */
    int finalize;        /* some finalizer has yet to run */
} survey;

static survey survey_unreachable(lg__head *unreachable)
{
    survey sv = { 0, 0, 0, 0 };
    for (lg__head *h = unreachable->gc_next; h != unreachable; h = h->gc_next) {
        const lg_type *t = LG__OBJ(h)->type;
        sv.count++;
        sv.noclear |= t->clear == NULL;
        sv.weak |= h->weaklist != NULL;
        sv.finalize |= t->finalize != NULL && !(h->flags & LG__F_FINALIZED);
    }
    return sv;
}

static size_t collect(int g)
{
    lg__head unreachable, still;
    list_init(&unreachable);
    list_init(&still);
    if (g + 1 < 3)
        gens[g + 1].count++;
    for (int i = 0; i <= g; i++) {
        gens[i].count = 0;
        if (i < g)
            list_merge(&gens[i].head, &gens[g].head);
    }
    lg__head *young = &gens[g].head;
    lg__head *old = g < 2 ? &gens[g + 1].head : young;

    size_t n;
    if (young == old) {
        n = update_subtract_full(young);
    } else {
        n = update_refs(young);
        subtract_refs(young);
    }
    move_unreachable(young, &unreachable);
    survey sv = survey_unreachable(&unreachable);
    if (g == 1)
        long_lived_pending += n - sv.count;
    if (young != old) {
        list_merge(young, old);
    } else {
        long_lived_pending = 0;
        long_lived_total = n - sv.count;
    }
    if (sv.noclear) {
        lg__head uncollectable;
        list_init(&uncollectable);
        move_uncollectable(&unreachable, &uncollectable);
        if (lg__ev_on)
            for (lg__head *h = uncollectable.gc_next; h != &uncollectable; h = h->gc_next)
                lg__ev_unreachable(LG__OBJ(h), 1);
        keep_as_garbage(&uncollectable, old);
    }
    if (lg__ev_on)
        for (lg__head *h = unreachable.gc_next; h != &unreachable; h = h->gc_next)
            lg__ev_unreachable(LG__OBJ(h), 0);
    if (sv.weak)
        handle_weakrefs(&unreachable);
    if (sv.finalize) {
        finalize_garbage(&unreachable);
        handle_resurrected(&unreachable, &still, old);
        delete_garbage(&still, old);
    } else {
        delete_garbage(&unreachable, old);
    }
    return sv.count;
}

static size_t collect_with_callbacks(int g)
{
    gc_init();
    collecting = 1;
    for (size_t i = 0; i < ncallbacks; i++)
        callbacks[i].cb(0, g, 0, callbacks[i].arg);
    size_t n = collect(g);
    for (size_t i = 0; i < ncallbacks; i++)
        callbacks[i].cb(1, g, n, callbacks[i].arg);
    collecting = 0;
    return n;
}

void lg__gc_note_alloc(void)
{
    gens[0].count++;
    if (!enabled || collecting || gens[0].threshold == 0 || gens[0].count <= gens[0].threshold)
        return;
    for (int g = 2; g >= 0; g--) {
        if (gens[g].count > gens[g].threshold) {
            /* a full collection only when enough new long-lived objects exist */
            if (g == 2 && long_lived_pending < long_lived_total / 4)
                continue;
            collect_with_callbacks(g);
            return;
        }
    }
}

/* ---- the gc module */

size_t lg_gc_collect(int gen)
{
    if (gen < -1 || gen > 2) {
        lg__set_error("lg_gc_collect: generation must be 0, 1, 2 or -1");
        return 0;
    }
    if (collecting)
        return 0;
    return collect_with_callbacks(gen < 0 ? 2 : gen);
}

void lg_gc_enable(void)
{
    enabled = 1;
}

void lg_gc_disable(void)
{
    enabled = 0;
}

int lg_gc_isenabled(void)
{
    return enabled;
}

void lg_gc_get_count(size_t out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = gens[i].count;
}

void lg_gc_get_threshold(size_t out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = gens[i].threshold;
}

void lg_gc_set_threshold(size_t t0, size_t t1, size_t t2)
{
    gens[0].threshold = t0;
    gens[1].threshold = t1;
    gens[2].threshold = t2;
}

lg_object *lg_gc_garbage(void)
{
    if (garbage == NULL) {
        garbage = lg_list_at("<gc garbage>", 0);
        if (garbage != NULL) {
            lg__mark_immortal(garbage);   /* the runtime's own: not a leak */
            garbage_block = lg__head_of(garbage);
        }
    }
    return garbage;
}

int lg_gc_callback_add(lg_gc_cb cb, void *arg)
{
    if (cb == NULL) {
        lg__set_error("lg_gc_callback_add: cb is NULL");
        return -1;
    }
    callback *c = realloc(callbacks, (ncallbacks + 1) * sizeof *c);
    if (c == NULL) {
        lg__set_error("out of memory");
        return -1;
    }
    callbacks = c;
    callbacks[ncallbacks++] = (callback){ cb, arg };
    return 0;
}

int lg_gc_callback_remove(lg_gc_cb cb, void *arg)
{
    for (size_t i = 0; i < ncallbacks; i++) {
        if (callbacks[i].cb == cb && callbacks[i].arg == arg) {
            memmove(&callbacks[i], &callbacks[i + 1], (ncallbacks - i - 1) * sizeof *callbacks);
            if (--ncallbacks == 0) {
                free(callbacks);
                callbacks = NULL;
            }
            return 0;
        }
    }
    lg__set_error("lg_gc_callback_remove: callback not registered");
    return -1;
}

/* ---- referrers and referents */

typedef struct {
    lg_object *target;   /* the object looked for */
    int found;           /* set when a visit saw it */
} find_ctx;

static void visit_find(lg_object *child, void *arg)
{
    find_ctx *c = arg;
    if (child == c->target)
        c->found = 1;
}

lg_object *lg_gc_referrers(lg_object *o)
{
    if (lg__check_arg(o, "lg_gc_referrers", "object") < 0)
        return NULL;
    gc_init();
    lg_object *out = lg_list_at(__FILE__, __LINE__);
    if (out == NULL)
        return NULL;
    for (int g = 0; g < 3; g++) {
        lg__head *l = &gens[g].head;
        for (lg__head *h = l->gc_next; h != l; h = h->gc_next) {
            find_ctx c = { o, 0 };
            if (LG__OBJ(h) == out)
                continue;
            traverse(h, visit_find, &c);
            if (c.found && lg_list_append_at(out, LG__OBJ(h), __FILE__, __LINE__) < 0) {
                lg_release(out);
                return NULL;
            }
        }
    }
    return out;
}

typedef struct {
    lg_object *list;     /* the result */
    int failed;          /* an append failed */
} collect_ctx;

static void visit_collect(lg_object *child, void *arg)
{
    collect_ctx *c = arg;
    /* c->list is the new list lg_gc_referents returns */
    /* linger-ignore: unbounded-cache */
    if (child != NULL && lg_list_append_at(c->list, child, __FILE__, __LINE__) < 0)
        c->failed = 1;
}

lg_object *lg_gc_referents(lg_object *o)
{
    if (lg__check_arg(o, "lg_gc_referents", "object") < 0)
        return NULL;
    collect_ctx c = { lg_list_at(__FILE__, __LINE__), 0 };
    if (c.list == NULL)
        return NULL;
    if (o->type->traverse != NULL)
        o->type->traverse(o, visit_collect, &c);
    if (c.failed) {
        lg_release(c.list);
        return NULL;
    }
    return c.list;
}
