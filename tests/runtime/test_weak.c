/*
 * test_weak.c — weak references, callbacks and their order (weakrefs cleared
 * before finalizers, newest callback first, each once), weakref.finalize,
 * WeakSet and the weak dicts.
 */
#include "helpers.h"
#include <string.h>

TestSuite(weak, .fini = leak_gate);

static int cb_count;
static lg_object *cb_ref;
static lg_object *seen_target;

static void count_cb(lg_object *ref, void *arg)
{
    cb_count++;
    cb_ref = ref;
    seen_target = lg_weakref_get(ref);    /* already cleared: NULL */
    if (arg != NULL)
        log_event((const char *)arg);
}

Test(weak, get_returns_new_reference_while_alive)
{
    lg_object *t = new_node(&node_type, 1);
    lg_object *r = lg_weakref(t, NULL, NULL);
    cr_assert_str_eq(lg_type_name(r), "weakref");
    cr_assert_eq(lg_refcount(t), 1, "weakref does not retain");
    lg_object *g = lg_weakref_get(r);
    cr_assert_eq(g, t);
    cr_assert_eq(lg_refcount(t), 2, "get returns a new reference");
    lg_release(g);
    lg_release(t);
    cr_assert_null(lg_weakref_get(r));
    lg_release(r);
}

Test(weak, callback_runs_once_with_cleared_ref)
{
    cb_count = 0;
    lg_object *t = new_node(&node_type, 1);
    lg_object *r = lg_weakref(t, count_cb, NULL);
    lg_release(t);
    cr_assert_eq(cb_count, 1);
    cr_assert_eq(cb_ref, r);
    cr_assert_null(seen_target, "the weakref is cleared before its callback");
    lg_release(r);
    cr_assert_eq(cb_count, 1);
}

Test(weak, dead_weakref_has_no_callback)
{
    cb_count = 0;
    lg_object *t = new_node(&node_type, 1);
    lg_object *r = lg_weakref(t, count_cb, NULL);
    lg_release(r);
    lg_release(t);
    cr_assert_eq(cb_count, 0);
}

Test(weak, callbacks_newest_first_then_finalizer)
{
    order_log[0] = 0;
    finalized = 0;
    lg_object *t = new_node(&fin_type, 1);
    lg_object *r1 = lg_weakref(t, count_cb, "1");
    lg_object *r2 = lg_weakref(t, count_cb, "2");
    lg_release(t);
    cr_assert_str_eq(order_log, "21F");
    lg_release(r1);
    lg_release(r2);
}

Test(weak, null_target_is_an_error)
{
    cr_assert_null(lg_weakref(NULL, NULL, NULL));
    cr_assert_null(lg_weakref_get(NULL));
}

static int fin_calls;
static void on_finalize(void *arg)
{
    fin_calls++;
    log_event((const char *)arg);
}

Test(weak, finalize_runs_once_when_target_dies)
{
    fin_calls = 0;
    order_log[0] = 0;
    lg_object *t = new_node(&fin_type, 1);
    cr_assert_eq(lg_finalize(t, on_finalize, "w"), 0);
    cr_assert_eq(lg_refcount(t), 1);
    lg_release(t);
    cr_assert_eq(fin_calls, 1);
    cr_assert_str_eq(order_log, "wF", "weakref.finalize before the type's finalize");
}

Test(weak, finalize_bad_arguments)
{
    lg_object *t = new_node(&node_type, 1);
    cr_assert_eq(lg_finalize(NULL, on_finalize, NULL), -1);
    cr_assert_eq(lg_finalize(t, NULL, NULL), -1);
    lg_release(t);
}

Test(weak, weakset_holds_weakly)
{
    lg_object *s = lg_weakset();
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    cr_assert_str_eq(lg_type_name(s), "weakset");
    cr_assert_eq(lg_weakset_add(s, a), 0);
    cr_assert_eq(lg_weakset_add(s, b), 0);
    cr_assert_eq(lg_weakset_add(s, a), 0);
    cr_assert_eq(lg_weakset_len(s), 2);
    cr_assert_eq(lg_refcount(a), 1);
    lg_release(a);
    cr_assert_eq(lg_weakset_len(s), 1);
    lg_object *items = lg_weakset_items(s);
    cr_assert_eq(lg_list_len(items), 1);
    cr_assert_eq(lg_list_get(items, 0), b);
    cr_assert_eq(lg_refcount(b), 2, "items is a new list owning its members");
    lg_release(items);
    cr_assert_eq(lg_weakset_discard(s, b), 0);
    cr_assert_eq(lg_weakset_len(s), 0);
    cr_assert_eq(lg_weakset_discard(s, b), 0, "discard of a non-member is fine");
    lg_release(b);
    lg_release(s);
}

Test(weak, weakset_dies_before_members)
{
    lg_object *s = lg_weakset(), *a = new_node(&node_type, 1);
    lg_weakset_add(s, a);
    lg_release(s);
    lg_release(a);
}

Test(weak, weak_value_dict)
{
    lg_object *d = lg_weakdict(LG_WEAK_VALUES);
    lg_object *k = lg_str("img"), *k2 = lg_str("img"), *v = new_node(&node_type, 1);
    cr_assert_str_eq(lg_type_name(d), "weakdict");
    cr_assert_eq(lg_weakdict_set(d, k, v), 0);
    cr_assert_eq(lg_refcount(k), 2, "key retained");
    cr_assert_eq(lg_refcount(v), 1, "value not retained");
    cr_assert_eq(lg_weakdict_get(d, k2), v);
    cr_assert_eq(lg_weakdict_len(d), 1);
    lg_release(v);
    cr_assert_eq(lg_weakdict_len(d), 0);
    cr_assert_null(lg_weakdict_get(d, k));
    cr_assert_eq(lg_refcount(k), 1, "entry gone, key released");
    lg_release(k);
    lg_release(k2);
    lg_release(d);
}

Test(weak, weak_key_dict)
{
    lg_object *d = lg_weakdict(LG_WEAK_KEYS);
    lg_object *k = new_node(&node_type, 1), *v = lg_str("meta");
    cr_assert_eq(lg_weakdict_set(d, k, v), 0);
    cr_assert_eq(lg_refcount(k), 1, "key not retained");
    cr_assert_eq(lg_refcount(v), 2, "value retained");
    cr_assert_eq(lg_weakdict_get(d, k), v);
    lg_release(k);
    cr_assert_eq(lg_weakdict_len(d), 0);
    cr_assert_eq(lg_refcount(v), 1);
    lg_release(v);
    lg_release(d);
}

Test(weak, weakdict_replace_and_del)
{
    lg_object *d = lg_weakdict(LG_WEAK_VALUES);
    lg_object *k = lg_int(5), *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    lg_weakdict_set(d, k, a);
    lg_weakdict_set(d, k, b);
    cr_assert_eq(lg_weakdict_len(d), 1);
    cr_assert_eq(lg_weakdict_get(d, k), b);
    lg_release(a);
    cr_assert_eq(lg_weakdict_len(d), 1, "the replaced value's death changes nothing");
    cr_assert_eq(lg_weakdict_del(d, k), 0);
    cr_assert_eq(lg_weakdict_del(d, k), -1);
    lg_release(b);
    lg_release(k);
    lg_release(d);
}

Test(weak, weakdict_bad_flags)
{
    cr_assert_null(lg_weakdict(0));
    cr_assert_null(lg_weakdict(LG_WEAK_KEYS | LG_WEAK_VALUES));
    cr_assert(strstr(lg_error(), "LG_WEAK_VALUES") != NULL);
}

Test(weak, many_weak_entries_die_in_any_order)
{
    lg_object *d = lg_weakdict(LG_WEAK_VALUES);
    lg_object *vals[1000];
    for (int i = 0; i < 1000; i++) {
        lg_object *k = lg_int(i);
        vals[i] = new_node(&node_type, i);
        lg_weakdict_set(d, k, vals[i]);
        lg_release(k);
    }
    for (int i = 0; i < 1000; i += 3)
        lg_release(vals[i]);
    cr_assert_eq(lg_weakdict_len(d), 1000 - 334);
    for (int i = 0; i < 1000; i++) {
        lg_object *k = lg_int(i);
        if (i % 3)
            cr_assert_eq(lg_weakdict_get(d, k), vals[i]);
        else
            cr_assert_null(lg_weakdict_get(d, k));
        lg_release(k);
    }
    for (int i = 0; i < 1000; i++)
        if (i % 3)
            lg_release(vals[i]);
    cr_assert_eq(lg_weakdict_len(d), 0);
    lg_release(d);
}
