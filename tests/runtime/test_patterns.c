/*
 * test_patterns.c — emitter (strong and weak listeners), LRU, closures and
 * lg_call.
 */
#include "helpers.h"
#include <string.h>

TestSuite(emitter, .fini = leak_gate);
TestSuite(lru, .fini = leak_gate);
TestSuite(closure, .fini = leak_gate);

Test(emitter, strong_listener_is_kept_alive)
{
    lg_object *em = lg_emitter(), *l = new_node(&callable_type, 1);
    cr_assert_str_eq(lg_type_name(em), "emitter");
    cr_assert_eq(lg_emitter_on(em, l), 0);
    cr_assert_eq(lg_refcount(l), 2);
    lg_release(l);
    cr_assert_eq(lg_emitter_count(em), 1, "still registered");
    calls = 0;
    cr_assert_eq(lg_emitter_emit(em, NULL), 1);
    cr_assert_eq(calls, 1);
    lg_release(em);
}

Test(emitter, weak_listener_is_dropped_when_it_dies)
{
    lg_object *em = lg_emitter(), *l = new_node(&callable_type, 1);
    cr_assert_eq(lg_emitter_on_weak(em, l), 0);
    cr_assert_eq(lg_refcount(l), 1);
    calls = 0;
    cr_assert_eq(lg_emitter_emit(em, NULL), 1);
    lg_release(l);
    cr_assert_eq(lg_emitter_count(em), 0);
    cr_assert_eq(lg_emitter_emit(em, NULL), 0);
    cr_assert_eq(calls, 1);
    lg_release(em);
}

Test(emitter, off_removes_one_registration)
{
    lg_object *em = lg_emitter(), *l = new_node(&callable_type, 1), *w = new_node(&callable_type, 2);
    lg_emitter_on(em, l);
    lg_emitter_on(em, l);
    lg_emitter_on_weak(em, w);
    cr_assert_eq(lg_emitter_count(em), 3);
    cr_assert_eq(lg_emitter_off(em, l), 0);
    cr_assert_eq(lg_refcount(l), 2);
    cr_assert_eq(lg_emitter_off(em, w), 0);
    cr_assert_eq(lg_emitter_count(em), 1);
    cr_assert_eq(lg_emitter_off(em, w), -1);
    cr_assert(strstr(lg_error(), "not registered") != NULL);
    lg_release(em);
    cr_assert_eq(lg_refcount(l), 1);
    lg_release(l);
    lg_release(w);
}

Test(emitter, emit_passes_arg_and_releases_results)
{
    lg_object *em = lg_emitter(), *l = new_node(&callable_type, 1), *arg = lg_str("event");
    lg_emitter_on(em, l);
    lg_emitter_on(em, l);
    calls = 0;
    cr_assert_eq(lg_emitter_emit(em, arg), 2);
    cr_assert_eq(calls, 2);
    cr_assert_eq(lg_refcount(arg), 1, "results (the arg retained) were released");
    lg_release(arg);
    lg_release(l);
    lg_release(em);
}

static lg_object *unregister_self(lg_object *self, lg_object *arg)
{
    lg_emitter_off(lg_closure_capture(self, 0), self);
    (void)arg;
    calls++;
    return NULL;
}

Test(emitter, listener_may_unregister_while_emitting)
{
    lg_object *em = lg_emitter();
    lg_object *c = lg_closure(unregister_self, 1, em);
    lg_emitter_on_weak(em, c);
    calls = 0;
    cr_assert_eq(lg_emitter_emit(em, NULL), 1);
    cr_assert_eq(lg_emitter_count(em), 0);
    lg_release(c);
    lg_release(em);
}

Test(emitter, bad_arguments)
{
    lg_object *em = lg_emitter();
    cr_assert_eq(lg_emitter_on(em, NULL), -1);
    cr_assert_eq(lg_emitter_on(NULL, em), -1);
    cr_assert_eq(lg_emitter_emit(NULL, NULL), -1);
    cr_assert_eq(lg_emitter_count(NULL), 0);
    lg_release(em);
}

Test(lru, evicts_least_recently_used)
{
    lg_object *c = lg_lru(2);
    lg_object *k1 = lg_int(1), *k2 = lg_int(2), *k3 = lg_int(3);
    lg_object *v = new_node(&node_type, 1);
    cr_assert_str_eq(lg_type_name(c), "lru");
    lg_lru_put(c, k1, v);
    lg_lru_put(c, k2, v);
    cr_assert_eq(lg_lru_get(c, k1), v, "k1 now most recent");
    lg_lru_put(c, k3, v);
    cr_assert_eq(lg_lru_len(c), 2);
    cr_assert_null(lg_lru_get(c, k2), "k2 evicted");
    cr_assert_eq(lg_lru_get(c, k1), v);
    cr_assert_eq(lg_lru_get(c, k3), v);
    cr_assert_eq(lg_refcount(v), 3);
    lg_release(c);
    cr_assert_eq(lg_refcount(v), 1);
    lg_release(k1); lg_release(k2); lg_release(k3); lg_release(v);
}

Test(lru, put_existing_key_replaces_and_refreshes)
{
    lg_object *c = lg_lru(2);
    lg_object *a = lg_str("a"), *b = lg_str("b"), *x = lg_str("x"), *y = lg_str("y");
    lg_lru_put(c, a, x);
    lg_lru_put(c, b, x);
    lg_lru_put(c, a, y);               /* a most recent, value y */
    lg_object *z = lg_str("z");
    lg_lru_put(c, z, z);               /* evicts b */
    cr_assert_eq(lg_lru_get(c, a), y);
    cr_assert_null(lg_lru_get(c, b));
    cr_assert_eq(lg_refcount(x), 1, "x released by replace and eviction");
    lg_release(c);
    lg_release(a); lg_release(b); lg_release(x); lg_release(y); lg_release(z);
}

Test(lru, stays_bounded_under_churn)
{
    lg_object *c = lg_lru(100);
    for (long i = 0; i < 100000; i++) {
        lg_object *k = lg_int(i % 1000);
        lg_object *got = lg_lru_get(c, k);
        if (got == NULL)
            lg_lru_put(c, k, k);
        lg_release(k);
        cr_assert_leq(lg_lru_len(c), 100);
    }
    lg_release(c);
}

Test(lru, zero_capacity_is_an_error)
{
    cr_assert_null(lg_lru(0));
    cr_assert(strstr(lg_error(), "at least 1") != NULL);
}

static lg_object *read_first(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}

Test(closure, captures_are_retained_and_released)
{
    lg_object *a = lg_str("small"), *big = lg_buffer(1 << 20);
    lg_object *c = lg_closure(read_first, 2, a, big);
    cr_assert_str_eq(lg_type_name(c), "closure");
    cr_assert_eq(lg_refcount(a), 2);
    cr_assert_eq(lg_refcount(big), 2);
    cr_assert_eq(lg_closure_capture(c, 1), big);
    cr_assert_eq(lg_closure_ncaptures(c), 2);
    cr_assert_null(lg_closure_capture(c, 2));
    lg_object *r = lg_call(c, NULL);
    cr_assert_eq(r, a);
    cr_assert_eq(lg_refcount(a), 3);
    lg_release(r);
    lg_release(c);
    cr_assert_eq(lg_refcount(a), 1);
    cr_assert_eq(lg_refcount(big), 1);
    lg_release(a);
    lg_release(big);
}

static lg_object *no_captures(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_int(arg ? lg_int_value(arg) + 1 : 0);
}

Test(closure, zero_captures_and_arguments)
{
    lg_object *c = lg_closure(no_captures, 0);
    lg_object *one = lg_int(1);
    lg_object *r = lg_call(c, one);
    cr_assert_eq(lg_int_value(r), 2);
    lg_release(r); lg_release(one); lg_release(c);
}

Test(closure, call_errors)
{
    lg_object *s = lg_str("x");
    cr_assert_null(lg_call(s, NULL));
    cr_assert(strstr(lg_error(), "not callable") != NULL);
    cr_assert_null(lg_call(NULL, NULL));
    cr_assert_null(lg_closure(NULL, 0));
    lg_release(s);
}

Test(closure, plain_function_spelling_works)
{
    lg_object *a = lg_str("a");
    lg_object *c = (lg_closure)(read_first, 1, a);
    cr_assert_null(lg_alloc_file(c), "the plain spelling has no site");
    lg_object *r = lg_call(c, NULL);
    cr_assert_eq(r, a);
    lg_release(r); lg_release(c); lg_release(a);
}
