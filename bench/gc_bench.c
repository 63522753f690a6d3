/*
 * gc_bench.c — the collector benchmark (the C side; gc_bench.py is CPython's).
 * Shapes, each over 1M tracked objects:
 *   live:    500k parent->child pairs held by a list; a full collection finds
 *            nothing to free;
 *   garbage: 500k unreferenced 2-cycles; a full collection frees them all.
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

static double bench_live(void)
{
    lg_object *holder = lg_list();
    for (int i = 0; i < PAIRS; i++) {
        lg_object *parent = lg_new(&node_type), *child = lg_new(&node_type);
        ((node *)parent)->ref = child;                 /* the parent owns the child */
        lg_list_append(holder, parent);
        lg_release(parent);
    }
    double t0 = now();
    size_t found = lg_gc_collect(-1);
    double t = now() - t0;
    if (found != 0)
        fprintf(stderr, "live: unexpected %zu unreachable\n", found);
    lg_release(holder);
    return t;
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
    printf("alloc_1M %.6f\n", best(bench_alloc));
    printf("retain_release_5M %.6f\n", best(bench_refcount));
    return 0;
}
