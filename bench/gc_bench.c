/*
 * gc_bench.c — the collector benchmark (the C side; gc_bench.py is CPython's).
 * Shapes, each over 1M tracked objects:
 *   live:    500k parent->child pairs held by a list; a full collection finds
 *            nothing to free;
 *   garbage: 500k unreferenced 2-cycles; a full collection frees them all;
 *   chain:   one chain of 1M nodes held by its head (deep, live);
 *   fanout:  1000 lists of 1000 nodes each, held by one list (wide, live);
 *   dicts:   1000 dicts of 1000 int -> node entries, held by one list (live).
 * Also: allocation rate (objects created and freed) and retain/release rate.
 * Prints one "name seconds" line per measurement, best of REPEAT runs.
 */
#include <linger/linger.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PAIRS 500000
#define REPEAT 5

typedef struct {
    LG_OBJECT_HEAD;
    lg_object *ref;   /* one strong reference */
} node;

static void node_traverse(lg_object *self, lg_visit_fn visit, void *arg)
{
    visit(((node *)self)->ref, arg);
}

static void node_clear(lg_object *self)
{
    node *n = (node *)self;
    lg_object *r = n->ref;
    n->ref = NULL;
    lg_release(r);
}

static const lg_type node_type = { "node", sizeof(node), node_traverse, node_clear, NULL, NULL };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A full collection of what holder holds (nothing unreachable), timed. */
static double collect_live(lg_object *holder, const char *name)
{
    double t0 = now();
    size_t found = lg_gc_collect(-1);
    double t = now() - t0;
    if (found != 0)
        fprintf(stderr, "%s: unexpected %zu unreachable\n", name, found);
    lg_release(holder);
    return t;
}

static double bench_live(void)
{
    lg_object *holder = lg_list();
    for (int i = 0; i < PAIRS; i++) {
        lg_object *parent = lg_new(&node_type), *child = lg_new(&node_type);
        ((node *)parent)->ref = child;                 /* the parent owns the child */
        lg_list_append(holder, parent);
        lg_release(parent);
    }
    return collect_live(holder, "live");
}

static double bench_garbage(void)
{
    for (int i = 0; i < PAIRS; i++) {
        lg_object *a = lg_new(&node_type), *b = lg_new(&node_type);
        ((node *)a)->ref = b;
        ((node *)b)->ref = lg_retain(a);
        lg_release(a);
    }
    double t0 = now();
    size_t found = lg_gc_collect(-1);
    double t = now() - t0;
    if (found != 2 * PAIRS)
        fprintf(stderr, "garbage: found %zu, expected %d\n", found, 2 * PAIRS);
    return t;
}

static double bench_alloc(void)
{
    double t0 = now();
    for (int i = 0; i < 2 * PAIRS; i++)
        lg_release(lg_new(&node_type));
    return now() - t0;
}

static double bench_refcount(void)
{
    lg_object *o = lg_new(&node_type);
    double t0 = now();
    for (int i = 0; i < 10 * PAIRS; i++) {
        lg_retain(o);
        lg_release(o);
    }
    double t = now() - t0;
    lg_release(o);
    return t;
}

static double bench_chain(void)
{
    lg_object *head = lg_new(&node_type), *tail = head;
    for (int i = 1; i < 2 * PAIRS; i++) {
        lg_object *n = lg_new(&node_type);
        ((node *)tail)->ref = n;                       /* tail owns n */
        tail = n;
    }
    return collect_live(head, "chain");
}

static double bench_fanout(void)
{
    lg_object *holder = lg_list();
    for (int i = 0; i < 1000; i++) {
        lg_object *l = lg_list();
        for (int j = 0; j < 1000; j++) {
            lg_object *n = lg_new(&node_type);
            lg_list_append(l, n);
            lg_release(n);
        }
        lg_list_append(holder, l);
        lg_release(l);
    }
    return collect_live(holder, "fanout");
}

static double bench_dicts(void)
{
    lg_object *holder = lg_list();
    for (int i = 0; i < 1000; i++) {
        lg_object *d = lg_dict();
        for (int j = 0; j < 1000; j++) {
            lg_object *k = lg_int(1000 + j), *n = lg_new(&node_type);
            lg_dict_set(d, k, n);
            lg_release(k);
            lg_release(n);
        }
        lg_list_append(holder, d);
        lg_release(d);
    }
    return collect_live(holder, "dicts");
}

static double best(double (*fn)(void))
{
    double b = 1e9;
    for (int i = 0; i < REPEAT; i++) {
        double t = fn();
        if (t < b)
            b = t;
    }
    return b;
}

int main(void)
{
    lg_gc_disable();
    printf("gc_live %.6f\n", best(bench_live));
    printf("gc_garbage %.6f\n", best(bench_garbage));
    printf("gc_chain %.6f\n", best(bench_chain));
    printf("gc_fanout %.6f\n", best(bench_fanout));
    printf("gc_dicts %.6f\n", best(bench_dicts));
    printf("alloc_1M %.6f\n", best(bench_alloc));
    printf("retain_release_5M %.6f\n", best(bench_refcount));
    return 0;
}
