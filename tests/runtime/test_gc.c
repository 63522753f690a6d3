/*
 * test_gc.c — the cycle collector: chains, cycles, cycles with finalizers,
 * cycles through weak references, resurrection, uncollectable garbage,
 * generations, thresholds and automatic collection, callbacks, referrers and
 * referents.
 */
#include "helpers.h"
#include <string.h>

static void gc_setup(void)
{
    lg_gc_disable();           /* each test collects when it chooses */
}

TestSuite(gc, .init = gc_setup, .fini = leak_gate);

/* Builds an unreferenced 2-cycle of type t; returns nothing (only the cycle holds it). */
static void make_cycle(const lg_type *t, lg_object **a_out, lg_object **b_out)
{
    lg_object *a = new_node(t, 1), *b = new_node(t, 2);
    link_to(a, b);
    link_to(b, a);
    if (a_out) *a_out = a;
    if (b_out) *b_out = b;
    lg_release(a);
    lg_release(b);
}

Test(gc, chain_is_freed_by_refcount_not_collector)
{
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2), *c = new_node(&node_type, 3);
    link_to(a, b);
    link_to(b, c);
    lg_release(b);
    lg_release(c);
    cr_assert_eq(lg_gc_collect(-1), 0, "nothing unreachable");
    cr_assert_eq(lg_live_objects(), 3);
    lg_release(a);
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, two_cycle_is_collected)
{
    make_cycle(&node_type, NULL, NULL);
    cr_assert_eq(lg_live_objects(), 2);
    cr_assert_eq(lg_gc_collect(-1), 2);
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, self_cycle_is_collected)
{
    lg_object *a = new_node(&node_type, 1);
    link_to(a, a);
    lg_release(a);
    cr_assert_eq(lg_gc_collect(0), 1);
    cr_assert_eq(lg_live_objects(), 0);
}

/* A full collection enters an object into its set when the walk first meets
 * it, as a child or in its own turn: references that point back to older
 * objects (promoted to generation 2) and forward to younger ones (still in
 * generation 0) are counted the same either way. */
Test(gc, full_collection_counts_references_across_generations)
{
    lg_object *old_a = new_node(&node_type, 1), *old_b = new_node(&node_type, 2);
    lg_object *kept = new_node(&node_type, 3);
    cr_assert_eq(lg_gc_collect(-1), 0, "all three are held from outside");
    lg_object *young_a = new_node(&node_type, 4), *young_b = new_node(&node_type, 5);
    link_to(old_a, young_a);        /* old -> young -> old: one garbage ring */
    link_to(young_a, old_b);
    link_to(old_b, young_b);
    link_to(young_b, old_a);
    link_to(kept, young_b);         /* ... and the walk meets young_b first from kept */
    lg_release(old_a);
    lg_release(old_b);
    lg_release(young_a);
    cr_assert_eq(lg_gc_collect(0), 0, "a young collection sees old references as outside");
    cr_assert_eq(lg_gc_collect(-1), 0, "kept holds the ring through young_b");
    cr_assert_eq(lg_live_objects(), 5);
    lg_release(young_b);
    lg_release(kept);               /* the ring is now unreachable */
    cr_assert_eq(lg_live_objects(), 4);
    cr_assert_eq(lg_gc_collect(-1), 4);
    cr_assert_eq(lg_live_objects(), 0);
    cr_assert_eq(lg_gc_collect(-1), 0, "a second full collection starts from clean flags");
}

Test(gc, reachable_cycle_survives)
{
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    link_to(a, b);
    link_to(b, a);
    lg_release(b);
    cr_assert_eq(lg_gc_collect(-1), 0);
    cr_assert_eq(lg_refcount(a), 2);
    cr_assert_eq(((node *)((node *)a)->ref)->ref, a, "cycle intact");
    link_to(a, NULL);
    lg_release(a);
}

static lg_object *identity_fn(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

Test(gc, cycle_through_builtin_containers)
{
    lg_object *l = lg_list(), *d = lg_dict(), *k = lg_str("self");
    lg_list_append(l, d);
    lg_dict_set(d, k, l);
    lg_object *c = lg_closure(identity_fn, 1, l);
    lg_dict_set(d, c, c);
    lg_release(c);
    lg_release(k);
    lg_release(d);
    lg_release(l);
    cr_assert_eq(lg_gc_collect(-1), 3, "list, dict, closure (a str is not tracked)");
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, big_ring_is_collected)
{
    lg_object *first = new_node(&node_type, 0), *prev = first;
    lg_retain(first);
    for (int i = 1; i < 100000; i++) {
        lg_object *n = new_node(&node_type, i);
        link_to(prev, n);
        lg_release(prev);
        prev = n;
    }
    link_to(prev, first);
    lg_release(prev);
    lg_release(first);
    cr_assert_eq(lg_gc_collect(-1), 100000);
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, finalizers_of_a_cycle_run_once)
{
    finalized = 0;
    make_cycle(&fin_type, NULL, NULL);
    cr_assert_eq(lg_gc_collect(-1), 2);
    cr_assert_eq(finalized, 2);
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, resurrection_keeps_the_object_and_finalizer_does_not_rerun)
{
    finalized = 0;
    resurrect = 1;
    lg_object *a;
    make_cycle(&fin_type, &a, NULL);
    lg_gc_collect(-1);
    cr_assert_eq(resurrect_slot, a, "one finalizer resurrected its object");
    cr_assert_eq(finalized, 2);
    cr_assert_eq(lg_live_objects(), 2, "the resurrected object keeps its partner alive");
    resurrect = 0;
    lg_object *r = resurrect_slot;
    resurrect_slot = NULL;
    lg_release(r);                 /* the cycle is unreachable again */
    lg_gc_collect(-1);
    cr_assert_eq(finalized, 2, "finalizers never run twice");
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, uncollectable_cycle_goes_to_garbage)
{
    lg_object *a, *b;
    make_cycle(&noclear_type, &a, &b);
    cr_assert_eq(lg_gc_collect(-1), 2);
    lg_object *g = lg_gc_garbage();
    cr_assert_eq(lg_list_len(g), 2);
    cr_assert(lg_list_get(g, 0) == a || lg_list_get(g, 1) == a);
    cr_assert_eq(lg_live_objects(), 2);
    cr_assert_eq(lg_gc_collect(-1), 0, "garbage is reachable from the garbage list");
}

Test(gc, garbage_includes_what_the_cycle_reaches)
{
    lg_object *a, *b;
    make_cycle(&noclear_type, &a, &b);
    lg_object *l = lg_list(), *x = new_node(&node_type, 9);
    (void)l;
    /* a -> b -> a, and b's ref is replaced by a list holding a and x */
    lg_list_append(l, a);
    lg_list_append(l, x);
    link_to(b, l);
    lg_release(l);
    lg_release(x);
    cr_assert_eq(lg_gc_collect(-1), 4);
    cr_assert_eq(lg_list_len(lg_gc_garbage()), 4);
}

Test(gc, mixed_cycle_with_a_noclear_member_goes_to_garbage)
{
    lg_object *a = new_node(&noclear_type, 1), *b = new_node(&node_type, 2);
    link_to(a, b);
    link_to(b, a);
    lg_release(a);
    lg_release(b);
    lg_gc_collect(-1);
    cr_assert_eq(lg_list_len(lg_gc_garbage()), 2);
}

static int wr_calls;
static void wr_cb(lg_object *ref, void *arg)
{
    (void)ref;
    (void)arg;
    wr_calls++;
}

Test(gc, weakref_to_cycle_member_is_cleared_and_called_back)
{
    lg_object *a;
    wr_calls = 0;
    make_cycle(&node_type, &a, NULL);
    lg_object *r = lg_weakref(a, wr_cb, NULL);
    lg_gc_collect(-1);
    cr_assert_eq(wr_calls, 1);
    cr_assert_null(lg_weakref_get(r));
    lg_release(r);
}

Test(gc, weakref_inside_the_cycle_gets_no_callback)
{
    lg_object *a, *b;
    wr_calls = 0;
    make_cycle(&node_type, &a, &b);
    /* b holds (through a list) a weakref to a, with a callback: all garbage */
    lg_object *l = lg_list();
    lg_object *r = lg_weakref(a, wr_cb, NULL);
    lg_list_append(l, r);
    lg_list_append(l, a);
    lg_release(r);
    link_to(b, l);
    lg_release(l);
    cr_assert_eq(lg_gc_collect(-1), 4);
    cr_assert_eq(wr_calls, 0, "a weakref that is itself garbage does not call back");
    cr_assert_eq(lg_live_objects(), 0);
}

Test(gc, weakrefs_cleared_before_finalizers_in_cycles)
{
    lg_object *a;
    order_log[0] = 0;
    make_cycle(&fin_type, &a, NULL);
    lg_object *r = lg_weakref(a, wr_cb, NULL);
    lg_finalize(a, (void (*)(void *))log_event, "w");
    lg_gc_collect(-1);
    cr_assert_eq(strncmp(order_log, "w", 1), 0, "order: %s", order_log);
    cr_assert_str_eq(order_log, "wFF");
    lg_release(r);
}

Test(gc, weak_containers_drop_collected_members)
{
    lg_object *a;
    make_cycle(&node_type, &a, NULL);
    lg_object *s = lg_weakset(), *d = lg_weakdict(LG_WEAK_VALUES), *k = lg_str("k");
    lg_weakset_add(s, a);
    lg_weakdict_set(d, k, a);
    lg_gc_collect(-1);
    cr_assert_eq(lg_weakset_len(s), 0);
    cr_assert_eq(lg_weakdict_len(d), 0);
    lg_release(s); lg_release(d); lg_release(k);
}

Test(gc, young_collection_promotes_survivors)
{
    size_t count[3];
    lg_object *a = new_node(&node_type, 1);
    lg_gc_collect(0);
    lg_gc_get_count(count);
    cr_assert_eq(count[0], 0);
    cr_assert_eq(count[1], 1, "one gen-0 collection since the last gen-1");
    lg_gc_collect(1);
    lg_gc_get_count(count);
    cr_assert_eq(count[1], 0);
    cr_assert_eq(count[2], 1);
    /* a now lives in generation 2: a gen-0 collection does not look at it */
    link_to(a, a);
    lg_release(a);
    cr_assert_eq(lg_gc_collect(0), 0);
    cr_assert_eq(lg_gc_collect(1), 0);
    cr_assert_eq(lg_gc_collect(2), 1);
}

Test(gc, thresholds_default_and_settable)
{
    size_t t[3];
    lg_gc_get_threshold(t);
    cr_assert_eq(t[0], 700);
    cr_assert_eq(t[1], 10);
    cr_assert_eq(t[2], 10);
    lg_gc_set_threshold(100, 5, 3);
    lg_gc_get_threshold(t);
    cr_assert_eq(t[0], 100);
    cr_assert_eq(t[1], 5);
    cr_assert_eq(t[2], 3);
}

Test(gc, enable_disable)
{
    cr_assert_not(lg_gc_isenabled());
    lg_gc_enable();
    cr_assert(lg_gc_isenabled());
    lg_gc_disable();
    cr_assert_not(lg_gc_isenabled());
}

Test(gc, count_tracks_allocations_minus_deallocations)
{
    size_t c[3], before;
    lg_gc_collect(-1);
    lg_gc_get_count(c);
    before = c[0];
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    lg_object *s = lg_str("untracked");
    lg_gc_get_count(c);
    cr_assert_eq(c[0], before + 2, "only tracked allocations count");
    lg_release(a);
    lg_gc_get_count(c);
    cr_assert_eq(c[0], before + 1);
    lg_release(b);
    lg_release(s);
}

static int starts, stops;
static size_t last_collected;
static void on_gc(int phase, int generation, size_t collected, void *arg)
{
    (void)generation;
    *(int *)arg += 1;
    if (phase == 0)
        starts++;
    else {
        stops++;
        last_collected = collected;
    }
}

Test(gc, automatic_collection_when_threshold_exceeded)
{
    int n = 0;
    starts = stops = 0;
    lg_gc_callback_add(on_gc, &n);
    lg_gc_set_threshold(100, 10, 10);
    lg_gc_enable();
    for (int i = 0; i < 50; i++)
        make_cycle(&node_type, NULL, NULL);      /* 100 tracked allocations */
    cr_assert_eq(starts, 0, "threshold not exceeded yet");
    make_cycle(&node_type, NULL, NULL);
    cr_assert_eq(starts, 1);
    cr_assert_eq(stops, 1);
    cr_assert_eq(n, 2);
    cr_assert_eq(last_collected, 100);
    cr_assert_leq(lg_live_objects(), 2);
    for (int i = 0; i < 100000; i++)
        make_cycle(&node_type, NULL, NULL);
    cr_assert_leq(lg_live_objects(), 2 * 101, "automatic collection keeps memory bounded");
    lg_gc_disable();
    cr_assert_eq(lg_gc_callback_remove(on_gc, &n), 0);
    cr_assert_eq(lg_gc_callback_remove(on_gc, &n), -1);
}

Test(gc, disabled_collector_does_not_run_automatically)
{
    int n = 0;
    lg_gc_callback_add(on_gc, &n);
    for (int i = 0; i < 2000; i++)
        make_cycle(&node_type, NULL, NULL);
    cr_assert_eq(n, 0);
    cr_assert_eq(lg_live_objects(), 4000);
    lg_gc_callback_remove(on_gc, &n);
}

Test(gc, callbacks_see_each_collection)
{
    int n = 0;
    starts = stops = 0;
    cr_assert_eq(lg_gc_callback_add(on_gc, &n), 0);
    make_cycle(&node_type, NULL, NULL);
    lg_gc_collect(-1);
    cr_assert_eq(starts, 1);
    cr_assert_eq(stops, 1);
    cr_assert_eq(last_collected, 2);
    cr_assert_eq(lg_gc_callback_add(NULL, NULL), -1);
    lg_gc_callback_remove(on_gc, &n);
}

Test(gc, bad_generation_is_an_error)
{
    cr_assert_eq(lg_gc_collect(3), 0);
    cr_assert(strstr(lg_error(), "generation") != NULL);
    cr_assert_eq(lg_gc_collect(-2), 0);
}

Test(gc, referrers_and_referents)
{
    lg_object *target = new_node(&node_type, 1);
    lg_object *l = lg_list(), *n = new_node(&node_type, 2), *s = lg_str("s");
    lg_list_append(l, target);
    lg_list_append(l, s);
    link_to(n, target);
    lg_object *refs = lg_gc_referrers(target);
    cr_assert_eq(lg_list_len(refs), 2);
    int saw_l = 0, saw_n = 0;
    for (size_t i = 0; i < 2; i++) {
        saw_l |= lg_list_get(refs, i) == l;
        saw_n |= lg_list_get(refs, i) == n;
    }
    cr_assert(saw_l && saw_n);
    lg_release(refs);
    lg_object *kids = lg_gc_referents(l);
    cr_assert_eq(lg_list_len(kids), 2);
    cr_assert_eq(lg_list_get(kids, 0), target);
    cr_assert_eq(lg_list_get(kids, 1), s);
    lg_release(kids);
    lg_object *none = lg_gc_referents(s);
    cr_assert_eq(lg_list_len(none), 0, "a str refers to nothing");
    lg_release(none);
    cr_assert_null(lg_gc_referrers(NULL));
    lg_release(l); lg_release(n); lg_release(s); lg_release(target);
}

static size_t inner_result = 99;
static void collecting_finalize(lg_object *self)
{
    (void)self;
    inner_result = lg_gc_collect(-1);
}

Test(gc, collect_from_a_finalizer_is_a_no_op)
{
    static lg_type cyc;
    cyc = fin_type;
    cyc.finalize = collecting_finalize;
    lg_object *a = new_node(&cyc, 1), *b = new_node(&cyc, 2);
    link_to(a, b);
    link_to(b, a);
    lg_release(a);
    lg_release(b);
    cr_assert_eq(lg_gc_collect(-1), 2);
    cr_assert_eq(inner_result, 0, "a collection inside a collection does nothing");
    cr_assert_eq(lg_live_objects(), 0);
}
