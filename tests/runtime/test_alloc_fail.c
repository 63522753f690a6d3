/*
 * test_alloc_fail.c — jansson's habit: fail the Nth allocation, for every N a
 * scenario performs, and check that each call fails cleanly (NULL or -1 with
 * "out of memory") and that nothing leaks once everything is released.  The
 * runtime's malloc/calloc/realloc are wrapped at link time (-Wl,--wrap).
 */
#include "helpers.h"
#include <string.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);

static long countdown = -1;   /* allocations left before one fails; -1: never */
static long performed;        /* allocations seen */

static int should_fail(void)
{
    performed++;
    if (countdown < 0)
        return 0;
    return countdown-- == 0;
}

void *__wrap_malloc(size_t n) { return should_fail() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t m) { return should_fail() ? NULL : __real_calloc(n, m); }
void *__wrap_realloc(void *p, size_t n) { return should_fail() ? NULL : __real_realloc(p, n); }

static void weak_cb(lg_object *ref, void *arg)
{
    (void)ref;
    (*(int *)arg)++;
}

static void count_fin(void *arg)
{
    (*(int *)arg)++;
}

static lg_object *first_capture(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}

/* A scenario touching every allocating path; tolerant of any failure. */
static void scenario(void)
{
    int cbs = 0;
    lg_object *l = lg_list(), *d = lg_dict(), *k = lg_str("key"), *v = lg_int(123456);
    lg_object *em = lg_emitter(), *c = lg_lru(2), *ws = lg_weakset();
    lg_object *wd = lg_weakdict(LG_WEAK_VALUES), *n = lg_new(&node_type);
    /* capture 1 is kept on purpose: one more retained object */
    lg_object *cl = lg_closure(first_capture, 2, k, v); /* linger-ignore: closure-captured-buffer */
    if (cl && em)
        lg_emitter_on(em, cl);
    lg_release(cl);
    if (l && v)
        for (int i = 0; i < 20; i++)
            lg_list_append(l, v);
    if (d && k && v) {
        lg_dict_set(d, k, v);
        lg_dict_set(d, v, k);
    }
    if (em && n)
        lg_emitter_on_weak(em, n);
    if (em)
        lg_emitter_emit(em, k);
    if (c && k && v) {
        lg_lru_put(c, k, v);
        lg_lru_put(c, v, k);
    }
    if (ws && n)
        lg_weakset_add(ws, n);
    if (wd && k && n)
        lg_weakdict_set(wd, k, n);
    lg_object *r = n ? lg_weakref(n, weak_cb, &cbs) : NULL;
    if (n)
        lg_finalize(n, count_fin, &cbs);
    if (l && n)
        lg_list_append(l, n);
    if (n && l) {
        ((node *)n)->ref = lg_retain(l);      /* a cycle through the list */
    }
    lg_release(n);
    lg_gc_collect(-1);
    lg_release(r);
    lg_release(l); lg_release(d); lg_release(k); lg_release(v);
    lg_release(em); lg_release(c); lg_release(ws); lg_release(wd);
    lg_gc_collect(-1);
}

TestSuite(alloc_fail, .init = lg_gc_disable);

Test(alloc_fail, every_allocation_failure_is_clean)
{
    countdown = -1;
    performed = 0;
    scenario();
    long total = performed;
    cr_assert_gt(total, 20, "the scenario allocates (%ld)", total);
    cr_assert_eq(lg_live_objects(), 0);
    for (long i = 0; i < total; i++) {
        countdown = i;
        scenario();
        countdown = -1;
        lg_gc_collect(-1);
        cr_assert_eq(lg_live_objects(), 0, "leak after failing allocation %ld of %ld", i, total);
    }
}
