/*
 * test_containers.c — list and dict: every function, and every ownership rule
 * checked by reference counts before and after.
 */
#include "helpers.h"
#include <string.h>

TestSuite(list, .fini = leak_gate);
TestSuite(dict, .fini = leak_gate);

Test(list, append_retains_and_get_borrows)
{
    lg_object *l = lg_list(), *x = new_node(&node_type, 1);
    cr_assert_str_eq(lg_type_name(l), "list");
    cr_assert_eq(lg_list_append(l, x), 0);
    cr_assert_eq(lg_refcount(x), 2);
    cr_assert_eq(lg_list_get(l, 0), x);
    cr_assert_eq(lg_refcount(x), 2, "get is borrowed");
    cr_assert_eq(lg_list_len(l), 1);
    lg_release(l);
    cr_assert_eq(lg_refcount(x), 1, "list released its item");
    lg_release(x);
}

Test(list, get_out_of_range_is_null)
{
    lg_object *l = lg_list();
    cr_assert_null(lg_list_get(l, 0));
    cr_assert_null(lg_list_pop(l, 3));
    lg_release(l);
}

Test(list, remove_first_identical_and_release)
{
    lg_object *l = lg_list(), *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    lg_list_append(l, a);
    lg_list_append(l, b);
    lg_list_append(l, a);
    cr_assert_eq(lg_refcount(a), 3);
    cr_assert_eq(lg_list_remove(l, a), 0);
    cr_assert_eq(lg_refcount(a), 2);
    cr_assert_eq(lg_list_get(l, 0), b, "first occurrence removed");
    cr_assert_eq(lg_list_get(l, 1), a);
    lg_object *c = new_node(&node_type, 3);
    cr_assert_eq(lg_list_remove(l, c), -1);
    cr_assert(strstr(lg_error(), "not in list") != NULL);
    lg_release(c);
    lg_release(l);
    lg_release(a);
    lg_release(b);
}

Test(list, remove_compares_identity_not_value)
{
    lg_object *l = lg_list(), *a = lg_str("s"), *b = lg_str("s");
    lg_list_append(l, a);
    cr_assert_eq(lg_list_remove(l, b), -1);
    lg_release(l); lg_release(a); lg_release(b);
}

Test(list, pop_returns_the_lists_reference)
{
    lg_object *l = lg_list(), *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    lg_list_append(l, a);
    lg_list_append(l, b);
    lg_object *p = lg_list_pop(l, 0);
    cr_assert_eq(p, a);
    cr_assert_eq(lg_refcount(a), 2, "new reference: the list's own, handed over");
    cr_assert_eq(lg_list_len(l), 1);
    cr_assert_eq(lg_list_get(l, 0), b);
    lg_release(p);
    lg_release(a);
    lg_release(l);
    lg_release(b);
}

Test(list, clear_releases_everything)
{
    lg_object *l = lg_list(), *a = new_node(&node_type, 1);
    for (int i = 0; i < 100; i++)
        lg_list_append(l, a);
    cr_assert_eq(lg_refcount(a), 101);
    lg_list_clear(l);
    cr_assert_eq(lg_list_len(l), 0);
    cr_assert_eq(lg_refcount(a), 1);
    lg_list_append(l, a);
    cr_assert_eq(lg_list_len(l), 1, "usable after clear");
    lg_release(l);
    lg_release(a);
}

Test(list, grows_past_many_items)
{
    lg_object *l = lg_list();
    for (long i = 0; i < 100000; i++) {
        lg_object *x = lg_int(i);
        lg_list_append(l, x);
        lg_release(x);
    }
    cr_assert_eq(lg_list_len(l), 100000);
    cr_assert_eq(lg_int_value(lg_list_get(l, 99999)), 99999);
    lg_release(l);
}

Test(list, null_arguments_are_errors)
{
    lg_object *l = lg_list();
    cr_assert_eq(lg_list_append(NULL, l), -1);
    cr_assert_eq(lg_list_append(l, NULL), -1);
    cr_assert(strstr(lg_error(), "item is NULL") != NULL, "%s", lg_error());
    cr_assert_eq(lg_list_len(NULL), 0);
    cr_assert_eq(lg_list_remove(l, NULL), -1);
    lg_list_clear(NULL);
    lg_release(l);
}

Test(list, releasing_an_item_that_touches_the_list_is_safe)
{
    /* the item's finalizer appends to the list being cleared */
    lg_object *l = lg_list();
    resurrect = 1;
    finalized = 0;
    lg_object *f = new_node(&fin_type, 1);
    lg_list_append(l, f);
    lg_release(f);
    lg_list_clear(l);
    cr_assert_eq(finalized, 1);
    cr_assert_eq(resurrect_slot, f);
    resurrect = 0;
    lg_release(l);
}

Test(dict, set_retains_key_and_value)
{
    lg_object *d = lg_dict(), *k = new_node(&node_type, 1), *v = new_node(&node_type, 2);
    cr_assert_str_eq(lg_type_name(d), "dict");
    cr_assert_eq(lg_dict_set(d, k, v), 0);
    cr_assert_eq(lg_refcount(k), 2);
    cr_assert_eq(lg_refcount(v), 2);
    cr_assert_eq(lg_dict_get(d, k), v);
    cr_assert_eq(lg_refcount(v), 2, "get is borrowed");
    lg_release(d);
    cr_assert_eq(lg_refcount(k), 1);
    cr_assert_eq(lg_refcount(v), 1);
    lg_release(k);
    lg_release(v);
}

Test(dict, replace_releases_old_value_keeps_first_key)
{
    lg_object *d = lg_dict(), *k1 = lg_str("key"), *k2 = lg_str("key");
    lg_object *v1 = new_node(&node_type, 1), *v2 = new_node(&node_type, 2);
    lg_dict_set(d, k1, v1);
    lg_dict_set(d, k2, v2);
    cr_assert_eq(lg_dict_len(d), 1);
    cr_assert_eq(lg_refcount(v1), 1);
    cr_assert_eq(lg_refcount(v2), 2);
    cr_assert_eq(lg_refcount(k1), 2, "first key kept");
    cr_assert_eq(lg_refcount(k2), 1);
    lg_release(d); lg_release(k1); lg_release(k2); lg_release(v1); lg_release(v2);
}

Test(dict, ints_and_strs_by_value_others_by_identity)
{
    lg_object *d = lg_dict();
    lg_object *i1 = lg_int(100000), *i2 = lg_int(100000);
    lg_object *s1 = lg_str("abc"), *s2 = lg_str("abc");
    lg_object *n1 = new_node(&node_type, 1), *n2 = new_node(&node_type, 1);
    lg_object *v = lg_int(1);
    lg_dict_set(d, i1, v);
    lg_dict_set(d, s1, v);
    lg_dict_set(d, n1, v);
    cr_assert_eq(lg_dict_get(d, i2), v);
    cr_assert_eq(lg_dict_get(d, s2), v);
    cr_assert_null(lg_dict_get(d, n2));
    cr_assert_eq(lg_dict_get(d, n1), v);
    lg_object *si = lg_str("100000");
    cr_assert_null(lg_dict_get(d, si), "a str never equals an int");
    lg_release(si);
    cr_assert_eq(lg_dict_len(d), 3);
    lg_release(d);
    lg_release(i1); lg_release(i2); lg_release(s1); lg_release(s2);
    lg_release(n1); lg_release(n2); lg_release(v);
}

Test(dict, del_releases_and_reports_absent)
{
    lg_object *d = lg_dict(), *k = lg_str("a"), *v = new_node(&node_type, 1);
    lg_dict_set(d, k, v);
    cr_assert_eq(lg_dict_del(d, k), 0);
    cr_assert_eq(lg_refcount(k), 1);
    cr_assert_eq(lg_refcount(v), 1);
    cr_assert_eq(lg_dict_del(d, k), -1);
    cr_assert(strstr(lg_error(), "not in dict") != NULL);
    cr_assert_eq(lg_dict_len(d), 0);
    lg_release(d); lg_release(k); lg_release(v);
}

Test(dict, many_keys_with_deletes)
{
    lg_object *d = lg_dict();
    for (long i = 0; i < 50000; i++) {
        lg_object *k = lg_int(i);
        lg_dict_set(d, k, k);
        lg_release(k);
    }
    for (long i = 0; i < 50000; i += 2) {
        lg_object *k = lg_int(i);
        cr_assert_eq(lg_dict_del(d, k), 0);
        lg_release(k);
    }
    cr_assert_eq(lg_dict_len(d), 25000);
    for (long i = 0; i < 50000; i++) {
        lg_object *k = lg_int(i);
        lg_object *v = lg_dict_get(d, k);
        if (i % 2)
            cr_assert(v && lg_int_value(v) == i);
        else
            cr_assert_null(v);
        lg_release(k);
    }
    lg_dict_clear(d);
    cr_assert_eq(lg_dict_len(d), 0);
    lg_release(d);
}

Test(dict, null_arguments_are_errors)
{
    lg_object *d = lg_dict(), *k = lg_str("k");
    cr_assert_eq(lg_dict_set(d, NULL, k), -1);
    cr_assert_eq(lg_dict_set(d, k, NULL), -1);
    cr_assert_eq(lg_dict_set(NULL, k, k), -1);
    cr_assert_null(lg_dict_get(d, NULL));
    cr_assert_eq(lg_dict_del(d, NULL), -1);
    cr_assert_eq(lg_dict_len(NULL), 0);
    lg_release(d);
    lg_release(k);
}
