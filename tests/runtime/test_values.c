/*
 * test_values.c — int (small-int cache), str (copies, interning), buffer.
 */
#include "helpers.h"
#include <string.h>

TestSuite(values, .fini = leak_gate);

Test(values, small_ints_are_cached)
{
    for (long v = -5; v <= 256; v++) {
        lg_object *a = lg_int(v), *b = lg_int(v);
        cr_assert_eq(a, b, "%ld not cached", v);
        cr_assert_eq(lg_int_value(a), v);
        lg_release(a);
        lg_release(b);
    }
    cr_assert_eq(lg_live_objects(), 0, "cached ints are not leaks");
}

Test(values, other_ints_are_distinct)
{
    lg_object *a = lg_int(257), *b = lg_int(257), *c = lg_int(-6), *d = lg_int(-6);
    cr_assert_neq(a, b);
    cr_assert_neq(c, d);
    cr_assert_eq(lg_int_value(a), 257);
    cr_assert_eq(lg_int_value(d), -6);
    cr_assert_str_eq(lg_type_name(a), "int");
    lg_release(a); lg_release(b); lg_release(c); lg_release(d);
}

Test(values, int_value_of_null_is_an_error)
{
    cr_assert_eq(lg_int_value(NULL), 0);
    cr_assert(strstr(lg_error(), "NULL") != NULL);
}

Test(values, str_copies)
{
    char text[] = "hello";
    lg_object *s = lg_str(text);
    text[0] = 'J';
    cr_assert_str_eq(lg_str_cstr(s), "hello");
    cr_assert_str_eq(lg_type_name(s), "str");
    lg_release(s);
    cr_assert_null(lg_str(NULL));
    cr_assert_null(lg_str_cstr(NULL));
}

Test(values, str_not_interned_gives_new_objects)
{
    lg_object *a = lg_str("k"), *b = lg_str("k");
    cr_assert_neq(a, b);
    lg_release(a);
    lg_release(b);
}

Test(values, interned_strings_are_shared_while_alive)
{
    lg_object *a = lg_str_intern("name"), *b = lg_str_intern("name"), *c = lg_str_intern("other");
    cr_assert_eq(a, b);
    cr_assert_neq(a, c);
    cr_assert_eq(lg_refcount(a), 2);
    lg_release(a);
    lg_release(b);
    lg_release(c);
    cr_assert_eq(lg_live_objects(), 0, "the intern table does not own strings");
    lg_object *d = lg_str_intern("name");
    cr_assert_str_eq(lg_str_cstr(d), "name");
    lg_release(d);
}

Test(values, buffer_is_zero_filled)
{
    lg_object *b = lg_buffer(4096);
    unsigned char *p = lg_buffer_data(b);
    cr_assert_eq(lg_buffer_size(b), 4096);
    for (int i = 0; i < 4096; i++)
        cr_assert_eq(p[i], 0);
    memset(p, 0xab, 4096);
    cr_assert_str_eq(lg_type_name(b), "buffer");
    lg_release(b);
}

Test(values, empty_buffer)
{
    lg_object *b = lg_buffer(0);
    cr_assert_eq(lg_buffer_size(b), 0);
    cr_assert_null(lg_buffer_data(b));
    lg_release(b);
}

Test(values, huge_buffer_fails_cleanly)
{
    cr_assert_null(lg_buffer((size_t)-1));
    cr_assert_str_eq(lg_error(), "out of memory");
}
