/*
 * test_evidence.c — the runtime evidence recorder: what it writes for each
 * pattern (kept alive only by a container, growth, unread captures, cycles,
 * live objects), that recording changes nothing the program can see, fork,
 * and a process killed after a flush.
 */
#include "helpers.h"
#include <signal.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], db[128];

static void setup(void)
{
    strcpy(dir, "/tmp/linger-ev-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/ev.db", dir);
    lg_gc_disable();
}

static void teardown(void)
{
    lg_evidence_close();
    leak_gate();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(evidence, .init = setup, .fini = teardown, .timeout = 60);

/* One integer from the evidence database; -1 when it cannot be read. */
static long long try_q(const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
        && sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

/* One integer from the evidence database. */
static long long q(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3 *h;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
    long long v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static lg_object *listener_fn(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

Test(evidence, listeners_kept_alive_only_by_the_emitter)
{
    cr_assert_eq(lg_evidence_open(db), 0, "%s", lg_error());
    lg_object *em = lg_emitter();
    int line = 0;
    for (int i = 0; i < 50; i++) {
        lg_object *state = lg_buffer(1000);
        lg_object *l = lg_closure(listener_fn, 1, state);
        line = __LINE__ + 1;
        lg_emitter_on(em, l);
        lg_release(l);
        lg_release(state);
    }
    cr_assert_eq(lg_evidence_flush(), 0);
    cr_expect_eq(q("SELECT count FROM evidence WHERE kind = 'kept_alive' AND site_line = %d", line), 50);
    cr_expect_geq(q("SELECT bytes FROM evidence WHERE kind = 'kept_alive' AND site_line = %d", line), 50 * 1000);
    cr_expect_eq(q("SELECT count(*) FROM evidence WHERE site_path = '%s'", __FILE__) > 0, 1);
    lg_release(em);
}

Test(evidence, a_listener_also_held_elsewhere_is_not_kept_alive_only_by_the_list)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *list = lg_list(), *held = lg_str("mine");
    int line = __LINE__ + 1;
    lg_list_append(list, held);
    lg_evidence_flush();
    cr_expect_eq(q("SELECT count(*) FROM evidence WHERE kind = 'kept_alive' AND site_line = %d", line), 0);
    lg_release(held);
    lg_evidence_flush();
    cr_expect_eq(q("SELECT count FROM evidence WHERE kind = 'kept_alive' AND site_line = %d", line), 1);
    lg_release(list);
}

Test(evidence, growth_inserts_removals_evictions)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *cache = lg_dict(), *lru = lg_lru(10);
    int dict_line = 0, lru_line = 0;
    for (long i = 0; i < 100; i++) {
        lg_object *k = lg_int(1000 + i);
        dict_line = __LINE__ + 1;
        lg_dict_set(cache, k, k);
        lru_line = __LINE__ + 1;
        lg_lru_put(lru, k, k);
        lg_release(k);
    }
    lg_object *k = lg_int(1000);
    lg_dict_del(cache, k);
    lg_release(k);
    lg_evidence_flush();
    cr_expect_eq(q("SELECT inserts FROM evidence WHERE kind = 'growth' AND site_line = %d", dict_line), 100);
    cr_expect_eq(q("SELECT removals FROM evidence WHERE kind = 'growth' AND site_line = %d", dict_line), 1);
    cr_expect_eq(q("SELECT peak_len FROM evidence WHERE kind = 'growth' AND site_line = %d", dict_line), 100);
    cr_expect_eq(q("SELECT evictions FROM evidence WHERE kind = 'growth' AND site_line = %d", lru_line), 90);
    cr_expect_eq(q("SELECT peak_len FROM evidence WHERE kind = 'growth' AND site_line = %d", lru_line), 10);
    lg_release(cache);
    lg_release(lru);
}

static lg_object *reads_first(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}

Test(evidence, captures_never_read)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *rows = lg_int(5), *big = lg_buffer(100000);
    int line = __LINE__ + 1;
    lg_object *c = lg_closure(reads_first, 2, rows, big);
    lg_release(lg_call(c, NULL));
    lg_evidence_flush();            /* alive: counted so far */
    cr_expect_eq(q("SELECT count FROM evidence WHERE kind = 'unread_capture' AND site_line = %d AND capture_index = 1", line), 1);
    cr_expect_eq(q("SELECT count(*) FROM evidence WHERE kind = 'unread_capture' AND site_line = %d AND capture_index = 0", line), 0);
    cr_expect_geq(q("SELECT bytes FROM evidence WHERE kind = 'unread_capture' AND site_line = %d", line), 100000,
                  "alive: the bytes it keeps");
    lg_release(c);
    lg_evidence_flush();            /* dead: counted once, not twice */
    cr_expect_eq(q("SELECT count FROM evidence WHERE kind = 'unread_capture' AND site_line = %d AND capture_index = 1", line), 1);
    cr_expect_eq(q("SELECT bytes FROM evidence WHERE kind = 'unread_capture' AND site_line = %d", line), 0,
                 "dead: it keeps nothing alive any more");
    cr_expect_geq(q("SELECT total_bytes FROM evidence WHERE kind = 'unread_capture' AND site_line = %d", line), 100000,
                  "what it held while it lived");
    lg_release(rows);
    lg_release(big);
}

/* A window with its own emitter, released with it: normal teardown. */
typedef struct { lg_object *events; } window;

Test(evidence, a_per_instance_emitter_released_with_its_owner_is_not_kept_alive)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    int line = 0;
    for (int i = 0; i < 100; i++) {
        window *w = calloc(1, sizeof *w);
        w->events = lg_emitter();
        lg_object *state = lg_buffer(1000);
        lg_object *h = lg_closure(listener_fn, 1, state);
        line = __LINE__ + 1;
        lg_emitter_on(w->events, h);
        lg_release(h);
        lg_release(state);
        lg_object *arg = lg_int(i);
        lg_emitter_emit(w->events, arg);
        lg_release(arg);
        lg_release(w->events);          /* the window closes */
        free(w);
    }
    lg_evidence_flush();
    cr_expect_eq(try_q("SELECT coalesce(max(count), 0) FROM evidence WHERE kind = 'kept_alive'"), 0,
                 "handlers freed with their windows were not kept alive by anything");
    cr_expect_eq(q("SELECT count(*) FROM evidence WHERE kind = 'live_at_exit' AND site_line = %d", line), 0);
}

Test(evidence, a_global_emitter_released_at_the_end_still_counts_what_lingered)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *em = lg_emitter();
    int line = 0;
    for (int i = 0; i < 500; i++) {
        lg_object *state = lg_buffer(1000);
        lg_object *h = lg_closure(listener_fn, 1, state);
        line = __LINE__ + 1;
        lg_emitter_on(em, h);
        lg_release(h);
        lg_release(state);
    }
    lg_release(em);                     /* teardown, long after the first registrations */
    lg_evidence_flush();
    long long n = q("SELECT count FROM evidence WHERE kind = 'kept_alive' AND site_line = %d", line);
    cr_expect(n >= 250 && n < 500, "the handlers that lingered long: %lld", n);
}

Test(evidence, a_fixed_key_table_overwritten_for_ever_is_not_growth)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *config = lg_dict();
    int line = 0;
    for (int tick = 0; tick < 2000; tick++) {
        for (int k = 0; k < 12; k++) {
            lg_object *key = lg_int(k), *v = lg_int(100000 + tick);
            line = __LINE__ + 1;
            lg_dict_set(config, key, v);
            lg_release(key);
            lg_release(v);
        }
    }
    lg_evidence_flush();
    cr_expect_eq(q("SELECT inserts FROM evidence WHERE kind = 'growth' AND site_line = %d", line), 12,
                 "12 new keys");
    cr_expect_eq(q("SELECT overwrites FROM evidence WHERE kind = 'growth' AND site_line = %d", line), 2000 * 12 - 12);
    cr_expect_eq(q("SELECT peak_len FROM evidence WHERE kind = 'growth' AND site_line = %d", line), 12);
    cr_expect_eq(q("SELECT count(*) FROM evidence_leaks WHERE kind = 'growth' AND site_line = %d", line), 0,
                 "not a leak");
    lg_release(config);
}

Test(evidence, a_growing_cache_rises_to_the_end_with_its_sizes_apart)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *cache = lg_dict();
    int line = 0;
    for (int i = 0; i < 100; i++) {                 /* 100 entries of 4 kB ... */
        lg_object *key = lg_int(1000 + i), *v = lg_buffer(4000);
        line = __LINE__ + 1;
        lg_dict_set(cache, key, v);
        lg_release(key);
        lg_release(v);
    }
    for (int round = 0; round < 29; round++) {      /* ... overwritten 29 times */
        for (int i = 0; i < 100; i++) {
            lg_object *key = lg_int(1000 + i), *v = lg_buffer(4000);
            lg_dict_set_at(cache, key, v, __FILE__, line);
            lg_release(key);
            lg_release(v);
        }
    }
    lg_evidence_flush();
    long long peak = q("SELECT peak_bytes FROM evidence WHERE kind = 'growth' AND site_line = %d", line);
    long long total = q("SELECT total_bytes FROM evidence WHERE kind = 'growth' AND site_line = %d", line);
    long long now = q("SELECT bytes FROM evidence WHERE kind = 'growth' AND site_line = %d", line);
    cr_expect(peak >= 400000 && peak < 600000, "peak %lld: 100 entries of 4 kB", peak);
    cr_expect(now >= 400000 && now < 600000, "now %lld", now);
    cr_expect(total >= 30 * 400000, "total %lld: every insert ever", total);
    cr_expect_eq(q("SELECT count(*) FROM evidence_leaks WHERE kind = 'growth' AND site_line = %d", line), 0,
                 "100 keys reached early, then only overwritten: not rising");
    lg_release(cache);
    /* a cache that gets new keys to the end is a leak, with a series to plot */
    lg_object *memo = lg_dict();
    for (int i = 0; i < 3000; i++) {
        lg_object *key = lg_int(50000 + i), *v = lg_int(i);
        line = __LINE__ + 1;
        lg_dict_set(memo, key, v);
        lg_release(key);
        lg_release(v);
    }
    lg_evidence_flush();
    cr_expect_eq(q("SELECT count(*) FROM evidence_leaks WHERE kind = 'growth' AND site_line = %d", line), 1);
    long long points = q("SELECT json_array_length(series) FROM evidence WHERE kind = 'growth' AND site_line = %d", line);
    cr_expect(points >= 16 && points <= 33, "a few dozen points: %lld", points);
    cr_expect_eq(q("SELECT series->>'$[#-1][1]' FROM evidence WHERE kind = 'growth' AND site_line = %d", line), 3000,
                 "the series ends at the length now");
    lg_release(memo);
}

/* One store site (a helper's lg_list_append) filling two containers: */
static int push_line;
static void push(lg_object *list, lg_object *item)
{
    push_line = __LINE__ + 1;
    lg_list_append(list, item);
}

Test(evidence, one_store_site_filling_a_drained_queue_and_a_growing_registry)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    int queue_line = __LINE__ + 1;
    lg_object *queue = lg_list();
    int registry_line = __LINE__ + 1;
    lg_object *registry = lg_list();
    for (int i = 0; i < 200; i++) {
        lg_object *job = lg_int(1000 + i);
        push(queue, job);                       /* drained at once */
        lg_object *popped = lg_list_pop(queue, 0);
        cr_assert_eq(popped, job);
        lg_release(popped);
        push(registry, job);                    /* kept for ever */
        lg_release(job);
    }
    lg_evidence_flush();
    cr_expect_eq(q("SELECT count(*) FROM evidence WHERE kind = 'growth' AND site_line = %d", push_line), 2,
                 "one row per container allocation site");
    cr_expect_eq(q("SELECT removals FROM evidence WHERE kind = 'growth' AND site_line = %d"
                   " AND detail->>'made' LIKE '%%test_evidence.c:%d'", push_line, queue_line), 200);
    cr_expect_eq(q("SELECT removals FROM evidence WHERE kind = 'growth' AND site_line = %d"
                   " AND detail->>'made' LIKE '%%test_evidence.c:%d'", push_line, registry_line), 0);
    cr_expect_eq(q("SELECT peak_len FROM evidence WHERE kind = 'growth' AND site_line = %d"
                   " AND detail->>'made' LIKE '%%test_evidence.c:%d'", push_line, registry_line), 200);
    cr_expect_eq(q("SELECT count(*) FROM evidence_leaks WHERE kind = 'growth' AND site_line = %d"
                   " AND detail->>'made' LIKE '%%test_evidence.c:%d'", push_line, registry_line), 1,
                 "the registry only grew, whatever the queue at the same site did");
    cr_expect_eq(q("SELECT count(*) FROM evidence_leaks WHERE kind = 'growth' AND site_line = %d"
                   " AND detail->>'made' LIKE '%%test_evidence.c:%d'", push_line, queue_line), 0);
    lg_release(queue);
    lg_release(registry);
}

Test(evidence, cycles_and_garbage_by_type_and_site)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    int line = __LINE__ + 1;
    lg_object *a = new_node(&node_type, 1), *b = new_node(&node_type, 2);
    link_to(a, b);
    link_to(b, a);
    lg_release(a);
    lg_release(b);
    lg_object *x = new_node(&noclear_type, 1);
    link_to(x, x);
    lg_release(x);
    lg_gc_collect(-1);
    lg_evidence_flush();
    cr_expect_eq(q("SELECT sum(count) FROM evidence WHERE kind = 'cycle' AND type = 'node'"), 2);
    cr_expect_eq(q("SELECT count FROM evidence WHERE kind = 'garbage' AND type = 'noclear'"), 1);
    (void)line;
}

Test(evidence, live_objects_by_allocation_site)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *keep[3];
    int line = __LINE__ + 2;
    for (int i = 0; i < 3; i++)
        keep[i] = lg_buffer(500);
    lg_object *gone = lg_buffer(500);
    lg_release(gone);
    lg_evidence_flush();
    cr_expect_eq(q("SELECT count FROM evidence WHERE kind = 'live_at_exit' AND site_line = %d", line), 3);
    cr_expect_geq(q("SELECT bytes FROM evidence WHERE kind = 'live_at_exit' AND site_line = %d", line), 1500);
    for (int i = 0; i < 3; i++)
        lg_release(keep[i]);
}

/* The same workload, with and without recording: what it observes. */
static void workload(long *out)
{
    lg_object *l = lg_list(), *d = lg_dict();
    for (long i = 0; i < 300; i++) {
        lg_object *v = lg_int(i * 7);
        lg_list_append(l, v);
        lg_dict_set(d, v, l);
        lg_release(v);
    }
    lg_object *c = lg_closure(reads_first, 1, d);
    out[0] = (long)lg_live_objects();
    out[1] = (long)lg_refcount(l);
    out[2] = (long)lg_dict_len(d);
    out[3] = (long)lg_list_len(l);
    out[4] = (long)lg_refcount(d);
    lg_release(c);
    lg_release(d);
    lg_release(l);
    out[5] = (long)lg_live_objects();
}

Test(evidence, recording_changes_nothing_the_program_sees)
{
    long off[6], on[6];
    size_t cur_off, cur_on;
    lg_trace_start();
    workload(off);
    lg_trace_memory(&cur_off, NULL);
    cr_assert_eq(lg_evidence_open(db), 0);
    workload(on);
    lg_evidence_flush();
    lg_trace_memory(&cur_on, NULL);
    lg_trace_stop();
    for (int i = 0; i < 6; i++)
        cr_expect_eq(on[i], off[i], "observation %d: %ld with recording, %ld without", i, on[i], off[i]);
    cr_expect_eq(cur_on, cur_off, "tracing sees the same bytes");
    cr_expect_not(lg_trace_is_tracing());
}

Test(evidence, bad_paths)
{
    cr_expect_eq(lg_evidence_open(""), -1);
    cr_expect_eq(lg_evidence_open(NULL), -1);
    cr_expect_eq(lg_evidence_open("/proc/no/such/dir/x.db"), -1);
    cr_expect_eq(lg_evidence_flush(), 0, "nothing open: nothing to do");
}

Test(evidence, fork_child_records_its_own_run)
{
    cr_assert_eq(lg_evidence_open(db), 0);
    lg_object *parent_list = lg_list(), *item = lg_str("parent's");
    int line = __LINE__ + 1;
    lg_list_append(parent_list, item);
    lg_release(item);
    lg_evidence_flush();
    fflush(NULL);
    pid_t pid = fork();
    int child_line = __LINE__ + 5;
    if (pid == 0) {
        lg_object *mine = lg_list();
        for (int i = 0; i < 20; i++) {
            lg_object *x = lg_int(5000 + i);
            lg_list_append(mine, x);
            lg_release(x);
        }
        int rc = lg_evidence_flush();
        lg_release(mine);
        lg_release(parent_list);
        _exit(rc == 0 ? 0 : 1);
    }
    int st;
    waitpid(pid, &st, 0);
    cr_expect(WIFEXITED(st), "the child crashed");
    cr_expect_eq(q("SELECT inserts FROM evidence e JOIN runs r ON r.id = e.run_id"
                   " WHERE r.pid = %d AND e.kind = 'growth' AND e.site_line = %d", (int)pid, child_line),
                 20, "the child's own evidence");
    cr_expect_eq(q("SELECT count(*) FROM runs WHERE kind = 'runtime'"), 2, "the child has its own run");
    cr_expect_eq(q("SELECT count(DISTINCT pid) FROM runs"), 2);
    cr_expect_eq(q("SELECT count(*) FROM evidence e JOIN runs r ON r.id = e.run_id"
                   " WHERE r.pid = %d AND e.kind = 'growth' AND e.site_line = %d", (int)pid, line), 0,
                 "the parent's counters are not the child's");
    lg_list_clear(parent_list);
    lg_release(parent_list);
}

Test(evidence, killed_after_a_flush_keeps_that_flush)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);    /* never outlives the test */
        if (lg_evidence_open(db) < 0)
            _exit(3);
        lg_object *reg = lg_list();
        for (int i = 0; i < 40; i++) {
            lg_object *x = lg_str("item");
            lg_list_append(reg, x);
            lg_release(x);
        }
        lg_evidence_flush();
        for (;;) {                  /* keeps storing until killed */
            lg_object *x = lg_str("more");
            lg_list_append(reg, x);
            lg_release(x);
        }
    }
    for (int i = 0; i < 250 && try_q("SELECT count(*) FROM evidence") <= 0; i++)
        usleep(20000);              /* until the first flush is in */
    usleep(300000);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    cr_expect(WIFSIGNALED(st));
    cr_expect_geq(q("SELECT inserts FROM evidence WHERE kind = 'growth'"), 40);
    sqlite3 *h;
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    cr_expect_str_eq((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    sqlite3_close(h);
}
