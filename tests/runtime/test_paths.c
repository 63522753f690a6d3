/*
 * test_paths.c — retention paths: lg_why_alive's shortest path from a root,
 * each edge's label (list, dict, lru, emitter, closure, a user type's field
 * with and without names), the root named after the global holding it, and
 * the paths the evidence recorder stores (lingering sites only; steered by a
 * static finding; off with LINGER_PATHS=0).  JSON is read back with
 * SQLite's JSON functions.
 */
#include "helpers.h"
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], db[128];
static char got[4096];
lg_object *g_registry;   /* a root the tests name (not static: the symbol must be there) */

static void setup(void)
{
    strcpy(dir, "/tmp/linger-paths-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/ev.db", dir);
    lg_gc_disable();
}

static void teardown(void)
{
    lg_evidence_close();
    unsetenv("LINGER_PATHS");
    lg_release(g_registry);
    g_registry = NULL;
    leak_gate();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(paths, .init = setup, .fini = teardown, .timeout = 60);

/* json_extract(json, path) as text into got ("" for NULL). */
static const char *jx(const char *json, const char *path)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open(":memory:", &h), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, "SELECT json_valid(?1), json_extract(?1, ?2)", -1, &st, NULL),
                 SQLITE_OK);
    sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    cr_assert_eq(sqlite3_column_int(st, 0), 1, "not JSON: %s", json);
    const unsigned char *t = sqlite3_column_text(st, 1);
    snprintf(got, sizeof got, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return got;
}

/* The path to o, as JSON text (static buffer). */
static const char *why(lg_object *o)
{
    static char text[8192];
    lg_object *s = lg_why_alive(o);
    cr_assert_not_null(s, "%s", lg_error());
    snprintf(text, sizeof text, "%s", lg_str_cstr(s));
    lg_release(s);
    return text;
}

static lg_object *noop(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

Test(paths, every_edge_of_a_chain_is_labelled_from_a_named_global)
{
    g_registry = lg_list();
    lg_object *filler = lg_int(7), *users = lg_dict(), *key = lg_str("user:42");
    lg_object *em = lg_emitter(), *other = lg_closure(noop, 0);
    lg_object *pixels = lg_buffer(4096), *handler = lg_closure(noop, 2, filler, pixels);
    lg_list_append(g_registry, filler);
    lg_list_append(g_registry, users);
    lg_dict_set(users, key, em);
    lg_emitter_on(em, other);
    lg_emitter_on(em, handler);
    lg_object *objs[] = { filler, users, key, em, other, pixels, handler };
    for (size_t i = 0; i < sizeof objs / sizeof *objs; i++)
        lg_release(objs[i]);

    const char *p = why(pixels);
    cr_expect_str_eq(jx(p, "$.root"), "global 'g_registry'");
    cr_expect_str_eq(jx(p, "$.truncated"), "0");
    cr_expect_str_eq(jx(p, "$.nodes[0].type"), "list");
    cr_expect_str_eq(jx(p, "$.nodes[0].edge"), "");
    cr_expect_str_eq(jx(p, "$.nodes[1].edge"), "list[1]");
    cr_expect_str_eq(jx(p, "$.nodes[1].type"), "dict");
    cr_expect_str_eq(jx(p, "$.nodes[2].edge"), "dict['user:42']");
    cr_expect_str_eq(jx(p, "$.nodes[3].edge"), "emitter listener #1");
    cr_expect_str_eq(jx(p, "$.nodes[3].type"), "closure");
    cr_expect_str_eq(jx(p, "$.nodes[4].edge"), "closure capture 1");
    cr_expect_str_eq(jx(p, "$.nodes[4].type"), "buffer");
    cr_expect_str_eq(jx(p, "$.nodes[4].file"), __FILE__);
    cr_expect_eq(atoi(jx(p, "$.nodes[4].size")) >= 4096, 1);
    cr_expect_str_eq(jx(p, "$.nodes[5]"), "");
    /* a key is held too, and says so */
    cr_expect_str_eq(jx(why(key), "$.nodes[2].edge"), "dict key 'user:42'");
}

Test(paths, the_shortest_path_wins)
{
    g_registry = lg_list();
    lg_object *a = lg_list(), *b = lg_list(), *target = lg_str("t");
    lg_list_append(g_registry, a);
    lg_list_append(a, b);
    lg_list_append(b, target);          /* registry -> a -> b -> target */
    lg_list_append(g_registry, target); /* registry -> target */
    lg_release(a);
    lg_release(b);
    lg_release(target);
    const char *p = why(target);
    cr_expect_str_eq(jx(p, "$.nodes[1].edge"), "list[1]");
    cr_expect_str_eq(jx(p, "$.nodes[2]"), "");
}

static const char *node_field(const lg_object *self, size_t i)
{
    (void)self;
    return i == 0 ? "ref" : NULL;
}

Test(paths, a_user_types_field_by_place_then_by_name)
{
    g_registry = lg_list();
    lg_object *n = new_node(&node_type, 1), *leaf = lg_str("leaf");
    link_to(n, leaf);
    lg_list_append(g_registry, n);
    lg_release(n);
    lg_release(leaf);
    cr_expect_str_eq(jx(why(leaf), "$.nodes[2].edge"), "node field #0");
    cr_assert_eq(lg_type_field_names(&node_type, node_field), 0);
    cr_expect_str_eq(jx(why(leaf), "$.nodes[2].edge"), "node.ref");
    cr_assert_eq(lg_type_field_names(&node_type, NULL), 0);
    cr_expect_str_eq(jx(why(leaf), "$.nodes[2].edge"), "node field #0");
    cr_expect_eq(lg_type_field_names(NULL, node_field), -1);
}

Test(paths, a_root_held_by_a_local_is_unnamed_and_garbage_has_no_path)
{
    lg_object *local = lg_lru(4), *k = lg_int(3), *v = lg_str("v");
    lg_lru_put(local, k, v);
    lg_release(k);
    lg_release(v);
    const char *p = why(v);
    cr_expect_str_eq(jx(p, "$.root"), "");
    cr_expect_str_eq(jx(p, "$.nodes[0].type"), "lru");
    cr_expect_str_eq(jx(p, "$.nodes[1].edge"), "lru[3]");

    lg_object *x = new_node(&node_type, 1), *y = new_node(&node_type, 2);
    link_to(x, y);
    link_to(y, x);
    lg_release(x);
    lg_release(y);                         /* an unreachable cycle */
    cr_expect_str_eq(why(x), "null");
    lg_release(local);
    lg_gc_collect(-1);
    cr_expect_null(lg_why_alive(NULL));
}

/* One text from the database ("" for NULL or no row). */
static const char *qt(const char *fmt, ...)
{
    char sql[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    sqlite3 *h;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    const unsigned char *t = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    snprintf(got, sizeof got, "%s", t ? (const char *)t : "");
    sqlite3_finalize(st);
    sqlite3_close(h);
    return got;
}

static void exec_sql(const char *sql)
{
    sqlite3 *h;
    char *err = NULL;
    cr_assert_eq(sqlite3_open(db, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, &err), SQLITE_OK, "%s", err ? err : "");
    sqlite3_close(h);
}

Test(paths, the_recorder_stores_paths_where_something_lingers)
{
    cr_assert_eq(lg_evidence_open(db), 0, "%s", lg_error());
    g_registry = lg_emitter();
    int line = 0;
    for (int i = 0; i < 3; i++) {
        lg_object *l = lg_closure(noop, 0);
        line = __LINE__ + 1;
        lg_emitter_on(g_registry, l);
        lg_release(l);
    }
    lg_object *fixed = lg_dict();          /* grows to 2 and stays: no leak, no paths */
    for (int i = 0; i < 100; i++) {
        lg_object *k = lg_int(i % 2);
        lg_dict_set(fixed, k, k);
        lg_release(k);
    }
    cr_assert_eq(lg_evidence_flush(), 0);
    char paths[4096];
    snprintf(paths, sizeof paths, "%s",
             qt("SELECT paths FROM evidence WHERE kind = 'kept_alive' AND site_line = %d", line));
    cr_expect_str_eq(jx(paths, "$[0].root"), "global 'g_registry'");
    cr_expect_str_eq(jx(paths, "$[0].nodes[0].type"), "emitter");
    cr_expect_eq(strncmp(jx(paths, "$[0].nodes[1].edge"), "emitter listener #", 18), 0, "%s", got);
    cr_expect_str_eq(jx(paths, "$[1]"), "", "one shape: one path");
    cr_expect_str_eq(qt("SELECT count(*) FROM evidence WHERE kind = 'growth' AND paths IS NOT NULL"), "0");
    lg_release(fixed);
}

Test(paths, LINGER_PATHS_0_records_none)
{
    setenv("LINGER_PATHS", "0", 1);
    cr_assert_eq(lg_evidence_open(db), 0);
    g_registry = lg_list();
    lg_object *s = lg_str("x");
    lg_list_append(g_registry, s);
    lg_release(s);
    cr_assert_eq(lg_evidence_flush(), 0);
    cr_expect_str_eq(qt("SELECT count(*) FROM evidence WHERE kind = 'kept_alive'"), "1");
    cr_expect_str_eq(qt("SELECT count(*) FROM evidence WHERE paths IS NOT NULL"), "0");
}

/* A growing cache a static finding flags: its paths are taken while it is
 * alive (a checkpoint after the second store there: the first insert stores
 * a key and a value), though the program empties it before any flush. */
Test(paths, a_static_finding_steers_a_checkpoint)
{
    cr_assert_eq(lg_evidence_open(db), 0);   /* creates the schema */
    lg_evidence_close();
    int line = __LINE__ + 12;
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO runs (kind, tool, version, started) VALUES ('static', 't', '0', 0);"
             "INSERT INTO findings (run_id, unit, rule, path, line, column, message, severity,"
             " fingerprint, first_seen, last_seen, base) VALUES (1, '/u.c', 'unbounded-cache',"
             " '/x/test_paths.c', %d, 1, 'm', 'warning', 'f', 0, 0, 'test_paths.c')", line);
    exec_sql(sql);
    cr_assert_eq(lg_evidence_open(db), 0);
    g_registry = lg_dict();
    for (int i = 0; i < 5; i++) {
        lg_object *k = lg_int(100 + i), *v = lg_buffer(64);
        lg_dict_set(g_registry, k, v);
        lg_release(k);
        lg_release(v);
        lg_release(lg_str("an allocation: the checkpoint's safe point"));
    }
    lg_dict_clear(g_registry);
    cr_assert_eq(lg_evidence_flush(), 0);
    char paths[4096];
    snprintf(paths, sizeof paths, "%s",
             qt("SELECT paths FROM evidence WHERE kind = 'growth' AND site_line = %d", line));
    cr_expect_str_eq(jx(paths, "$[0].root"), "global 'g_registry'");
    cr_expect_str_eq(jx(paths, "$[0].nodes[0].type"), "dict");
    cr_expect_str_eq(jx(paths, "$[0].nodes[1].edge"), "dict[100]", "the newest entry then");
    cr_expect_str_eq(jx(paths, "$[0].nodes[1].type"), "buffer");
}

/* A program that ends with a table of cached small ints alive: the last
 * flush (after main returns) walks them before the runtime frees its
 * small-int cache — the program exits cleanly and the table's paths are in. */
Test(paths, objects_alive_at_exit_are_walked_before_the_runtime_ends)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("LINGER_DB", db, 1);
        setenv("MALLOC_PERTURB_", "165", 1);   /* freed blocks filled: a late read shows */
        execl(EXIT_HOLDER, EXIT_HOLDER, (char *)NULL);
        _exit(127);
    }
    int st;
    cr_assert_eq(waitpid(pid, &st, 0), pid);
    cr_assert(WIFEXITED(st), "the program died of signal %d at exit", WTERMSIG(st));
    cr_assert_eq(WEXITSTATUS(st), 0);
    cr_expect_str_eq(qt("SELECT max(peak_len) FROM evidence WHERE kind = 'growth'"
                        " AND site_base = 'exit_holder.c'"), "50");
    cr_expect_str_eq(jx(qt("SELECT paths FROM evidence WHERE kind = 'growth'"
                           " AND site_base = 'exit_holder.c'"), "$[0].root"),
                     "global 'g_table'");
}
