/*
 * test_object.c — objects and user types: creation, reference counting,
 * deallocation order, finalize and resurrection, deep chains, errors, and the
 * misuse that must abort.
 */
#include "helpers.h"
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

TestSuite(object, .fini = leak_gate);

Test(object, new_is_zero_filled_with_refcount_one)
{
    lg_object *o = lg_new(&node_type);
    cr_assert_not_null(o);
    cr_assert_eq(lg_refcount(o), 1);
    cr_assert_null(((node *)o)->ref);
    cr_assert_eq(((node *)o)->id, 0);
    cr_assert_str_eq(lg_type_name(o), "node");
    cr_assert_eq(lg_live_objects(), 1);
    lg_release(o);
    cr_assert_eq(lg_live_objects(), 0);
}

Test(object, retain_release_counts)
{
    lg_object *o = new_node(&node_type, 1);
    cr_assert_eq(lg_retain(o), o);
    cr_assert_eq(lg_refcount(o), 2);
    lg_release(o);
    cr_assert_eq(lg_refcount(o), 1);
    lg_release(o);
}

Test(object, null_is_safe)
{
    cr_assert_null(lg_retain(NULL));
    lg_release(NULL);
    cr_assert_eq(lg_refcount(NULL), 0);
}

Test(object, new_rejects_bad_types)
{
    static const lg_type tiny = { "tiny", 1, NULL, NULL, NULL, NULL };
    cr_assert_null(lg_new(NULL));
    cr_assert(strstr(lg_error(), "NULL") != NULL, "%s", lg_error());
    cr_assert_null(lg_new(&tiny));
    cr_assert(strstr(lg_error(), "tiny") != NULL, "%s", lg_error());
}

Test(object, error_is_no_error_before_any_failure)
{
    cr_assert_str_eq(lg_error(), "no error");
}

Test(object, allocation_site_is_the_callers_line)
{
    int line = __LINE__ + 1;
    lg_object *o = lg_new(&node_type);
    cr_assert_str_eq(lg_alloc_file(o), __FILE__);
    cr_assert_eq(lg_alloc_line(o), line);
    lg_release(o);
}

Test(object, release_releases_children_via_clear)
{
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    link_to(a, b);
    cr_assert_eq(lg_refcount(b), 2);
    lg_release(a);
    cr_assert_eq(lg_refcount(b), 1);
    lg_release(b);
}

Test(object, release_without_clear_uses_traverse)
{
    lg_object *a = new_node(&noclear_type, 1), *b = new_node(&node_type, 2);
    link_to(a, b);
    lg_release(a);
    cr_assert_eq(lg_refcount(b), 1);
    lg_release(b);
}

Test(object, finalize_runs_once_at_zero)
{
    finalized = 0;
    lg_object *o = new_node(&fin_type, 1);
    lg_release(o);
    cr_assert_eq(finalized, 1);
}

Test(object, finalize_may_resurrect_and_never_runs_twice)
{
    finalized = 0;
    resurrect = 1;
    lg_object *o = new_node(&fin_type, 7);
    lg_release(o);
    cr_assert_eq(finalized, 1);
    cr_assert_eq(resurrect_slot, o, "finalize stored self");
    cr_assert_eq(lg_refcount(o), 1);
    cr_assert_eq(lg_live_objects(), 1);
    resurrect = 0;
    lg_object *again = resurrect_slot;
    resurrect_slot = NULL;
    lg_release(again);
    cr_assert_eq(finalized, 1, "finalize ran again");
    cr_assert_eq(lg_live_objects(), 0);
}

Test(object, deep_chain_release_does_not_overflow_the_stack)
{
    lg_object *head = new_node(&node_type, 0);
    lg_object *cur = head;
    for (int i = 1; i < 1000000; i++) {
        lg_object *n = new_node(&node_type, i);
        link_to(cur, n);
        lg_release(n);
        cur = n;
    }
    cr_assert_eq(lg_live_objects(), 1000000);
    lg_release(head);
    cr_assert_eq(lg_live_objects(), 0);
}

Test(object, plain_type_is_not_tracked)
{
    lg_object *p = new_node(&plain_type, 1), *n = new_node(&node_type, 2);
    cr_assert_not(lg_gc_is_tracked(p));
    cr_assert(lg_gc_is_tracked(n));
    lg_release(p);
    lg_release(n);
}

Test(object, sizeof_counts_the_struct_and_owned_storage)
{
    lg_object *n = new_node(&node_type, 1);
    cr_assert_geq(lg_sizeof(n), sizeof(node));
    lg_object *b = lg_buffer(100000);
    cr_assert_geq(lg_sizeof(b), 100000);
    cr_assert_lt(lg_sizeof(b), 100000 + 256);
    link_to(n, b);
    cr_assert_eq(lg_deep_sizeof(n), lg_sizeof(n) + lg_sizeof(b));
    lg_release(b);
    lg_release(n);
    cr_assert_eq(lg_sizeof(NULL), 0);
}

Test(object, deep_sizeof_counts_shared_objects_once)
{
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    link_to(a, b);
    link_to(b, a);                        /* a cycle */
    lg_object *l = lg_list();
    lg_list_append(l, a);
    lg_list_append(l, b);
    lg_list_append(l, a);
    cr_assert_eq(lg_deep_sizeof(l), lg_sizeof(l) + lg_sizeof(a) + lg_sizeof(b));
    lg_release(l);
    link_to(a, NULL);
    lg_release(a);
    lg_release(b);
}

/* ---- misuse aborts with the type and the allocation site */

/* Objects alive when a test aborts on purpose: kept reachable for leak checkers. */
extern lg_object *doomed;
lg_object *doomed;   /* external linkage: the stores cannot be dropped */

Test(object, release_below_zero_aborts, .signal = SIGABRT)
{
    lg_object *o = doomed = new_node(&plain_type, 1);
    o->refcnt = 0;           /* as if released once too often, without freeing */
    lg_release(o);
}

Test(object, use_after_free_aborts, .signal = SIGABRT)
{
    lg_object *o = new_node(&node_type, 1);
    lg_release(o);
    lg_retain(o);            /* still in quarantine: detected */
}

Test(object, double_release_aborts, .signal = SIGABRT)
{
    lg_object *o = lg_list();
    lg_release(o);
    lg_release(o);
}

Test(object, wrong_type_aborts, .signal = SIGABRT)
{
    lg_object *d = doomed = lg_dict();
    lg_list_append(d, d);
}

Test(object, wrong_type_for_value_accessor_aborts, .signal = SIGABRT)
{
    lg_object *s = doomed = lg_str("x");
    lg_int_value(s);
}

Test(object, abort_message_names_type_and_site)
{
    /* run the misuse in a child and read what it printed */
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        lg_object *d = doomed = lg_dict();
        lg_list_len(d);
        _exit(0);
    }
    close(fds[1]);
    char buf[512] = { 0 };
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(n > 0);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    cr_assert(strstr(buf, "lg_list_len: expected a list, got a dict allocated at ") != NULL, "%s", buf);
    cr_assert(strstr(buf, "test_object.c:") != NULL, "%s", buf);
}

/* What a misuse prints, from a child (the misuse aborts it). */
static void misuse_message(void (*misuse)(void), char *buf, size_t sz)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        misuse();
        _exit(0);
    }
    close(fds[1]);
    memset(buf, 0, sz);
    ssize_t n = read(fds[0], buf, sz - 1);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    cr_assert(n > 0);
    cr_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "the misuse did not abort");
}

static int over_release_line;

static void over_release_small_int(void)
{
    lg_object *five = lg_int(5);
    lg_release(five);
    over_release_line = __LINE__ + 1;
    lg_release(five);                    /* one too many: the cache's own reference */
}

static void over_release_interned(void)
{
    lg_object *a = lg_str_intern("shared-name");
    lg_release(a);
    over_release_line = __LINE__ + 1;
    lg_release(a);                       /* one too many */
}

Test(object, releasing_a_cached_small_int_too_often_names_the_call)
{
    char buf[1024], want[128];
    misuse_message(over_release_small_int, buf, sizeof buf);
    snprintf(want, sizeof want, "lg_release at %s:", __FILE__);
    cr_assert(strstr(buf, want) != NULL, "%s", buf);
    cr_assert(strstr(buf, "the cached small int 5") != NULL, "%s", buf);
}

Test(object, releasing_an_interned_string_too_often_names_the_call)
{
    char buf[1024];
    misuse_message(over_release_interned, buf, sizeof buf);
    cr_assert(strstr(buf, "lg_release at ") != NULL && strstr(buf, "test_object.c:") != NULL, "%s", buf);
    cr_assert(strstr(buf, "released more often than retained") != NULL, "%s", buf);
    cr_assert(strstr(buf, "interned str 'shared-name'") != NULL, "%s", buf);
}
