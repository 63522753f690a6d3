/*
 * test_trace.c — tracing by allocation site: current and peak bytes,
 * snapshots, top, compare, stop and restart.
 */
#include "helpers.h"
#include <string.h>

TestSuite(trace, .fini = leak_gate);

static void trace_fini(void)
{
    lg_trace_stop();
    leak_gate();
}

TestSuite(trace_on, .fini = trace_fini);

Test(trace, off_by_default)
{
    size_t cur = 1, peak = 1;
    cr_assert_not(lg_trace_is_tracing());
    lg_trace_memory(&cur, &peak);
    cr_assert_eq(cur, 0);
    cr_assert_eq(peak, 0);
    cr_assert_null(lg_trace_snapshot());
    cr_assert(strstr(lg_error(), "not tracing") != NULL);
}

Test(trace_on, current_and_peak)
{
    size_t cur, peak;
    cr_assert_eq(lg_trace_start(), 0);
    cr_assert(lg_trace_is_tracing());
    lg_object *b = lg_buffer(1000000);
    lg_trace_memory(&cur, &peak);
    cr_assert_geq(cur, 1000000);
    cr_assert_lt(cur, 1000000 + 512);
    lg_release(b);
    lg_trace_memory(&cur, &peak);
    cr_assert_eq(cur, 0);
    cr_assert_geq(peak, 1000000);
}

Test(trace_on, objects_before_start_are_not_traced)
{
    lg_object *old = lg_buffer(5000);
    lg_trace_start();
    lg_release(old);
    size_t cur, peak;
    lg_trace_memory(&cur, &peak);
    cr_assert_eq(cur, 0);
}

Test(trace_on, list_growth_is_charged_to_the_list_site)
{
    lg_object *x = lg_int(1);       /* the cached int exists before tracing */
    lg_trace_start();
    int line = __LINE__ + 1;
    lg_object *l = lg_list();
    for (int i = 0; i < 10000; i++)
        lg_list_append(l, x);
    lg_snapshot *s = lg_trace_snapshot();
    lg_stat top[4];
    size_t n = lg_snapshot_top(s, top, 4);
    cr_assert_geq(n, 1);
    cr_assert_str_eq(top[0].file, __FILE__);
    cr_assert_eq(top[0].line, line);
    cr_assert_geq(top[0].size, 10000 * sizeof(void *));
    cr_assert_eq(top[0].count, 1);
    lg_snapshot_free(s);
    lg_release(l);
    lg_release(x);
    size_t cur;
    lg_trace_memory(&cur, NULL);
    cr_assert_eq(cur, 0, "all charges undone: %zu left", cur);
}

Test(trace_on, top_orders_by_size)
{
    lg_trace_start();
    lg_object *small = lg_buffer(100);
    int big_line = __LINE__ + 1;
    lg_object *big = lg_buffer(100000);
    lg_object *mid[3];
    int mid_line = __LINE__ + 2;
    for (int i = 0; i < 3; i++)
        mid[i] = lg_buffer(10000);
    lg_snapshot *s = lg_trace_snapshot();
    lg_stat st[8];
    size_t n = lg_snapshot_top(s, st, 8);
    cr_assert_eq(n, 3);
    cr_assert_eq(st[0].line, big_line);
    cr_assert_eq(st[1].line, mid_line);
    cr_assert_eq(st[1].count, 3);
    cr_assert_geq(st[1].size, 30000);
    cr_assert_eq(lg_snapshot_top(s, st, 1), 1, "max honoured");
    cr_assert_eq(lg_snapshot_top(s, NULL, 0), 3, "NULL out gives the total");
    lg_snapshot_free(s);
    lg_release(small);
    lg_release(big);
    for (int i = 0; i < 3; i++)
        lg_release(mid[i]);
}

Test(trace_on, compare_finds_the_growing_site)
{
    lg_trace_start();
    lg_object *cache = lg_dict();
    lg_snapshot *before = lg_trace_snapshot();
    int line = __LINE__ + 3;
    for (long i = 0; i < 500; i++) {
        lg_object *k = lg_int(1000 + i);
        lg_object *v = lg_buffer(1000);
        lg_dict_set(cache, k, v);
        lg_release(k);
        lg_release(v);
    }
    lg_snapshot *after = lg_trace_snapshot();
    lg_stat st[4];
    size_t n = lg_snapshot_compare(after, before, st, 4);
    cr_assert_geq(n, 2);
    cr_assert_eq(st[0].line, line, "the buffers grew most");
    cr_assert_eq(st[0].count_diff, 500);
    cr_assert_geq(st[0].size_diff, 500 * 1000);
    lg_snapshot_free(before);
    lg_release(cache);
    lg_snapshot *gone = lg_trace_snapshot();
    n = lg_snapshot_compare(gone, after, st, 4);
    cr_assert_geq(n, 1);
    cr_assert_eq(st[0].line, line);
    cr_assert_eq(st[0].count, 0);
    cr_assert_eq(st[0].count_diff, -500, "freed since");
    lg_snapshot_free(after);
    lg_snapshot_free(gone);
}

Test(trace_on, stop_forgets_and_restart_is_clean)
{
    lg_trace_start();
    lg_object *a = lg_buffer(4000);
    lg_trace_stop();
    lg_trace_start();
    lg_object *b = lg_buffer(100);
    lg_release(a);          /* traced in the previous run: must not be charged now */
    size_t cur;
    lg_trace_memory(&cur, NULL);
    cr_assert_geq(cur, 100);
    cr_assert_lt(cur, 4000);
    lg_release(b);
    lg_trace_memory(&cur, NULL);
    cr_assert_eq(cur, 0);
}

Test(trace, snapshot_null_arguments)
{
    cr_assert_eq(lg_snapshot_top(NULL, NULL, 0), 0);
    cr_assert_eq(lg_snapshot_compare(NULL, NULL, NULL, 0), 0);
    lg_snapshot_free(NULL);
}
