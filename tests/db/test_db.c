/*
 * test_db.c — the findings database API: schema and migrations, replacing a
 * unit's findings with first-seen kept, matching evidence to findings
 * (relative sites, either order, the confirmation criteria), and every bad
 * input: not SQLite, a newer schema, a read-only location, a full disk, a
 * writer killed mid-transaction — each a clear error, the file as it was.
 */
#include "lgdb.h"
#include <criterion/criterion.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], path[128];

static void setup(void)
{
    strcpy(dir, "/tmp/linger-db-XXXXXX");
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/f.db", dir);
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    cr_assert_eq(system(cmd), 0);
}

TestSuite(db, .init = setup, .fini = teardown, .timeout = 120);

/* What the rules declare, as the front doors declare it (plugin/store). */
static const lg_db_rule_evidence declared[] = {
    { "listener-strong-ref", "kept_alive", 0 },
    { "unbounded-cache", "growth", 0 },
    { "closure-captured-buffer", "unread_capture", 1 },
};

static lg_db *open_undeclared(const char *p)
{
    char err[600];
    lg_db *db;
    cr_assert_eq(lg_db_open(p, 0, &db, err, sizeof err), 0, "%s", err);
    return db;
}

static lg_db *open_ok(const char *p)
{
    lg_db *db = open_undeclared(p);
    cr_assert_eq(lg_db_declare_rules(db, declared, 3), 0, "%s", lg_db_errmsg(db));
    return db;
}

static long long scalar(const char *p, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open_v2(p, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql, sqlite3_errmsg(h));
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    long long v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static char *text_of(const char *p, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_open_v2(p, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    char *v = strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    return v;
}

static int64_t run(lg_db *db, const char *kind)
{
    const char *argv[] = { "test", "--flag" };
    lg_db_run r = { kind, "test", "0", argv, 2, "/somewhere", 42 };
    int64_t id = lg_db_begin_run(db, &r);
    cr_assert_geq(id, 1, "%s", lg_db_errmsg(db));
    return id;
}

static lg_db_finding finding(const char *rule, const char *p, int line, const char *fp, int capture)
{
    return (lg_db_finding){ rule, p, "fn", "place", "message", "warning", fp, line, 5, capture, 0 };
}

static lg_db_evidence ev(const char *kind, const char *site, int line, int64_t count)
{
    lg_db_evidence e;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.site_path = site;
    e.site_line = line;
    e.count = count;
    e.bytes = 1000 * count;
    e.capture_index = -1;
    return e;
}

/* Bytes of a file, for "left as it was" checks. */
static char *slurp(const char *p, size_t *n)
{
    FILE *f = fopen(p, "rb");
    cr_assert_not_null(f, "%s", p);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc(*n + 1);
    cr_assert_eq(fread(s, 1, *n, f), *n);
    fclose(f);
    return s;
}

Test(db, creates_the_current_schema_in_wal_mode)
{
    lg_db *db = open_ok(path);
    lg_db_close(db);
    cr_expect_eq(scalar(path, "PRAGMA user_version"), LG_DB_SCHEMA_VERSION);
    char *mode = text_of(path, "PRAGMA journal_mode");
    cr_expect_str_eq(mode, "wal");
    free(mode);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                              "('runs','findings','evidence','finding_status','confirmed_findings')"), 5);
}

Test(db, run_records_argv_as_json)
{
    lg_db *db = open_ok(path);
    run(db, "static");
    lg_db_close(db);
    char *argv = text_of(path, "SELECT argv FROM runs");
    cr_expect_str_eq(argv, "[\"test\",\"--flag\"]");
    free(argv);
    cr_expect_eq(scalar(path, "SELECT pid FROM runs"), 42);
}

Test(db, replacing_a_unit_keeps_first_seen)
{
    lg_db *db = open_ok(path);
    int64_t r1 = run(db, "static");
    lg_db_finding f[2] = { finding("unbounded-cache", "/src/a.c", 3, "aaaa", -1),
                           finding("listener-strong-ref", "/src/a.c", 9, "bbbb", -1) };
    cr_assert_eq(lg_db_replace_findings(db, r1, "/src/a.c", f, 2), 0);
    lg_db_finding other = finding("unbounded-cache", "/src/b.c", 1, "cccc", -1);
    cr_assert_eq(lg_db_replace_findings(db, r1, "/src/b.c", &other, 1), 0);
    double first = (double)scalar(path, "SELECT CAST(first_seen * 1000 AS INTEGER) FROM findings WHERE fingerprint = 'aaaa'");
    usleep(20000);
    int64_t r2 = run(db, "static");
    f[0].line = 4;                       /* an unrelated edit moved it */
    cr_assert_eq(lg_db_replace_findings(db, r2, "/src/a.c", f, 1), 0);
    lg_db_close(db);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM findings WHERE unit = '/src/a.c'"), 1, "replaced, not piled up");
    cr_expect_eq(scalar(path, "SELECT count(*) FROM findings WHERE unit = '/src/b.c'"), 1, "other units untouched");
    cr_expect_eq(scalar(path, "SELECT line FROM findings WHERE fingerprint = 'aaaa'"), 4);
    cr_expect_eq((double)scalar(path, "SELECT CAST(first_seen * 1000 AS INTEGER) FROM findings WHERE fingerprint = 'aaaa'"), first);
    cr_expect_gt(scalar(path, "SELECT CAST(last_seen * 1000 AS INTEGER) - CAST(first_seen * 1000 AS INTEGER) FROM findings WHERE fingerprint = 'aaaa'"), 10);
}

typedef struct { int n, confirmed; char summary[256]; } seen;

static int count_cb(const lg_db_finding_row *r, void *arg)
{
    seen *s = arg;
    s->n++;
    s->confirmed += r->confirmed;
    lg_db_summary(r, s->summary, sizeof s->summary);
    return 0;
}

static seen query(lg_db *db, const char *rule, int confirmed)
{
    seen s = { 0, 0, "" };
    cr_assert_eq(lg_db_each_finding(db, rule, confirmed, count_cb, &s), 0, "%s", lg_db_errmsg(db));
    return s;
}

Test(db, relative_sites_match_in_either_order)
{
    lg_db *db = open_ok(path);
    int64_t rt = run(db, "runtime");
    lg_db_evidence e[2] = { ev("kept_alive", "src/app.c", 12, 500), ev("kept_alive", "../lib/util.c", 7, 3) };
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/home/u/run", e, 2), 0, "%s", lg_db_errmsg(db));
    int64_t st = run(db, "static");
    lg_db_finding f[3] = { finding("listener-strong-ref", "/proj/src/app.c", 12, "f1", -1),
                           finding("listener-strong-ref", "/proj/lib/util.c", 7, "f2", -1),
                           finding("listener-strong-ref", "/proj/src/other.c", 12, "f3", -1) };
    cr_assert_eq(lg_db_replace_findings(db, st, "/proj/src/app.c", f, 1), 0);
    cr_assert_eq(lg_db_replace_findings(db, st, "/proj/lib/util.c", f + 1, 1), 0);
    cr_assert_eq(lg_db_replace_findings(db, st, "/proj/src/other.c", f + 2, 1), 0);
    seen s = query(db, NULL, 1);
    cr_expect_eq(s.n, 2, "app.c (relative) and util.c (../) confirmed, other.c not");
    s = query(db, NULL, 0);
    cr_expect_eq(s.n, 1);
    s = query(db, "listener-strong-ref", -1);
    cr_expect_eq(s.n, 3);
    lg_db_close(db);
}

/* The database knows no rule: a finding is confirmed through its rule's
 * declared evidence kind, whatever the rule is called. */
Test(db, confirmation_follows_the_rules_declarations)
{
    lg_db *db = open_undeclared(path);
    int64_t rt = run(db, "runtime");
    lg_db_evidence e = ev("kept_alive", "src/app.c", 12, 500);
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/home/u/run", &e, 1), 0, "%s", lg_db_errmsg(db));
    int64_t st = run(db, "static");
    lg_db_finding f = finding("house-listeners", "/proj/src/app.c", 12, "h1", -1);
    cr_assert_eq(lg_db_replace_findings(db, st, "/proj/src/app.c", &f, 1), 0);
    cr_expect_eq(query(db, NULL, 1).n, 0, "no rule declared the kind: nothing confirms");
    cr_expect_eq(scalar(path, "SELECT count(*) FROM evidence_leaks WHERE rule IS NULL"), 1);
    lg_db_rule_evidence d = { "house-listeners", "growth", 0 };
    cr_assert_eq(lg_db_declare_rules(db, &d, 1), 0);
    cr_expect_eq(query(db, NULL, 1).n, 0, "declared with another kind: still not");
    d.kind = "kept_alive";
    cr_assert_eq(lg_db_declare_rules(db, &d, 1), 0, "a declaration is replaced");
    seen s = query(db, NULL, 1);
    cr_expect_eq(s.n, 1);
    cr_expect(strstr(s.summary, "500 objects") != NULL, "%s", s.summary);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM rule_evidence"), 1);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM evidence_leaks WHERE rule = 'house-listeners'"), 1);
    lg_db_close(db);
}

Test(db, check_before_run_confirms_too)
{
    lg_db *db = open_ok(path);
    int64_t st = run(db, "static");
    lg_db_finding f = finding("closure-captured-buffer", "/p/app.c", 30, "c1", 1);
    cr_assert_eq(lg_db_replace_findings(db, st, "/p/app.c", &f, 1), 0);
    cr_expect_eq(query(db, NULL, 1).n, 0);
    int64_t rt = run(db, "runtime");
    lg_db_evidence e[2] = { ev("unread_capture", "app.c", 30, 4), ev("unread_capture", "app.c", 30, 4) };
    e[0].capture_index = 0;              /* another capture: does not confirm */
    e[1].capture_index = 1;
    e[1].bytes = 32000000;
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/p", e, 2), 0);
    seen s = query(db, NULL, 1);
    cr_expect_eq(s.n, 1);
    cr_expect_str_eq(s.summary, "confirmed: capture 1 never read by 4 closures, 32.0 MB kept alive by those still alive");
    lg_db_close(db);
}

Test(db, growth_confirms_only_a_container_still_rising)
{
    lg_db *db = open_ok(path);
    int64_t st = run(db, "static");
    lg_db_finding f[5];
    char fp[5][8];
    for (int i = 0; i < 5; i++) {
        snprintf(fp[i], sizeof fp[i], "g%d", i);
        f[i] = finding("unbounded-cache", "/p/a.c", 10 * (i + 1), fp[i], -1);
    }
    cr_assert_eq(lg_db_replace_findings(db, st, "/p/a.c", f, 5), 0);
    int64_t rt = run(db, "runtime");
    lg_db_evidence e[5];
    for (int i = 0; i < 5; i++) {
        e[i] = ev("growth", "/p/a.c", 10 * (i + 1), 1);
        e[i].first_tick = 1;
        e[i].last_tick = 100000;
    }
    e[0].inserts = e[0].peak_len = 2000;                     /* confirmed: new peaks to the end */
    e[0].peak_tick = 99000;
    e[0].peak_bytes = e[0].total_bytes = 420000;
    e[1].inserts = e[1].peak_len = 12;                       /* 12 fixed keys overwritten for ever */
    e[1].overwrites = 50000;
    e[1].peak_tick = 12;
    e[2].inserts = e[2].peak_len = 500;                      /* it does shrink */
    e[2].peak_tick = 99000;
    e[2].removals = 1;
    e[3].inserts = e[3].peak_len = 5000;                     /* peaked early, then only read */
    e[3].peak_tick = 20000;
    e[4].inserts = e[4].peak_len = 31;                       /* too few distinct entries */
    e[4].peak_tick = 99999;
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/", e, 5), 0);
    seen s = query(db, NULL, 1);
    cr_expect_eq(s.n, 1);
    cr_expect(strstr(s.summary, "grew to 2000 entries (2000 new keys, 0 overwrites") != NULL, "%s", s.summary);
    cr_expect(strstr(s.summary, "420.0 kB at its peak") != NULL, "%s", s.summary);
    lg_db_close(db);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM runtime_only"), 0, "every row has its finding");
}

Test(db, leaks_without_a_finding_are_runtime_only)
{
    lg_db *db = open_ok(path);
    int64_t st = run(db, "static");
    lg_db_finding f = finding("listener-strong-ref", "/p/a.c", 10, "k", -1);
    cr_assert_eq(lg_db_replace_findings(db, st, "/p/a.c", &f, 1), 0);
    int64_t rt = run(db, "runtime");
    lg_db_evidence e[4] = { ev("kept_alive", "a.c", 10, 5), ev("unread_capture", "src/b.c", 7, 3),
                            ev("growth", "src/b.c", 9, 1), ev("live_at_exit", "src/b.c", 11, 9) };
    e[1].capture_index = 1;
    e[1].total_bytes = 3 * 100000;               /* a big capture never read */
    e[2].inserts = e[2].peak_len = 40;           /* rising: a leak with no finding */
    e[2].first_tick = 1;
    e[2].peak_tick = e[2].last_tick = 90;
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/p", e, 4), 0);
    int64_t rt2 = run(db, "runtime");            /* the same site in another run: one row */
    e[1].count = 8;
    cr_assert_eq(lg_db_replace_evidence(db, rt2, "/p", &e[1], 1), 0);
    seen s = { 0 };
    cr_assert_eq(lg_db_each_runtime_only(db, count_cb, &s), 0, "%s", lg_db_errmsg(db));
    cr_expect_eq(s.n, 2, "the unread capture and the growth; the kept_alive has its finding, "
                         "live_at_exit is not a leak kind");
    lg_db_close(db);
}

Test(db, replacing_evidence_of_a_run)
{
    lg_db *db = open_ok(path);
    int64_t rt = run(db, "runtime");
    lg_db_evidence e = ev("kept_alive", "a.c", 1, 1);
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/", &e, 1), 0);
    e.count = 7;
    cr_assert_eq(lg_db_replace_evidence(db, rt, "/", &e, 1), 0);
    lg_db_close(db);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM evidence"), 1);
    cr_expect_eq(scalar(path, "SELECT count FROM evidence"), 7);
}

/* ---- migrations */

Test(db, older_database_is_upgraded_in_place)
{
    sqlite3 *h;
    cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
    /* what version 1 created */
    const char *v1 =
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('static', 'runtime')),"
        " tool TEXT NOT NULL, version TEXT NOT NULL, started REAL NOT NULL, argv TEXT, cwd TEXT, pid INTEGER) STRICT;"
        "CREATE TABLE findings (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),"
        " unit TEXT NOT NULL, rule TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL, column INTEGER NOT NULL,"
        " function TEXT, place TEXT, message TEXT NOT NULL, severity TEXT NOT NULL, fingerprint TEXT NOT NULL,"
        " capture INTEGER NOT NULL DEFAULT -1, first_seen REAL NOT NULL, last_seen REAL NOT NULL) STRICT;"
        "CREATE INDEX findings_unit ON findings(unit);"
        "CREATE TABLE finding_history (fingerprint TEXT PRIMARY KEY, first_seen REAL NOT NULL) STRICT;"
        "CREATE TABLE evidence (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),"
        " kind TEXT NOT NULL, site_path TEXT NOT NULL, site_abs TEXT, site_norm TEXT NOT NULL,"
        " site_line INTEGER NOT NULL, site_function TEXT, type TEXT, count INTEGER NOT NULL DEFAULT 0,"
        " bytes INTEGER NOT NULL DEFAULT 0, inserts INTEGER NOT NULL DEFAULT 0, removals INTEGER NOT NULL DEFAULT 0,"
        " evictions INTEGER NOT NULL DEFAULT 0, peak_len INTEGER NOT NULL DEFAULT 0,"
        " capture_index INTEGER NOT NULL DEFAULT -1, detail TEXT) STRICT;"
        "CREATE INDEX evidence_run ON evidence(run_id);"
        "INSERT INTO runs VALUES (1, 'static', 'linger check', '0.0.9', 1.0, NULL, NULL, 1);"
        "INSERT INTO findings VALUES (1, 1, '/p/a.c', 'listener-strong-ref', '/p/a.c', 5, 5, 'f', 'p',"
        " 'old finding', 'warning', 'fp1', -1, 1.0, 1.0);"
        "INSERT INTO evidence VALUES (1, 1, 'kept_alive', 'a.c', '/p/a.c', 'a.c', 5, NULL, 'closure', 3, 300,"
        " 0, 0, 0, 0, -1, NULL);"
        "PRAGMA user_version = 1;";
    cr_assert_eq(sqlite3_exec(h, v1, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
    lg_db *db = open_ok(path);
    seen s = query(db, NULL, 1);
    cr_expect_eq(s.n, 1, "the old rows, seen through the new views");
    lg_db_close(db);
    cr_expect_eq(scalar(path, "PRAGMA user_version"), LG_DB_SCHEMA_VERSION);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM findings"), 1);
}

/* ---- bad input */

Test(db, newer_schema_is_refused_and_untouched)
{
    sqlite3 *h;
    cr_assert_eq(sqlite3_open(path, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    size_t n1, n2;
    char *before = slurp(path, &n1);
    char err[600];
    lg_db *db;
    cr_expect_eq(lg_db_open(path, 0, &db, err, sizeof err), -1);
    cr_expect_null(db);
    cr_expect(strstr(err, "schema version 99") != NULL && strstr(err, "newer") != NULL, "%s", err);
    char *after = slurp(path, &n2);
    cr_expect(n1 == n2 && memcmp(before, after, n1) == 0, "the file changed");
    free(before);
    free(after);
}

Test(db, not_sqlite_is_refused_and_untouched)
{
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 5000; i++)
        fputs("this is not a database ", f);
    fclose(f);
    size_t n1, n2;
    char *before = slurp(path, &n1);
    char err[600];
    lg_db *db;
    cr_expect_eq(lg_db_open(path, 0, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "not a SQLite database") != NULL, "%s", err);
    cr_expect_eq(lg_db_open(path, LG_DB_READONLY, &db, err, sizeof err), -1);
    char *after = slurp(path, &n2);
    cr_expect(n1 == n2 && memcmp(before, after, n1) == 0, "the file changed");
    free(before);
    free(after);
}

Test(db, readonly_location_is_a_clear_error)
{
    char err[600];
    lg_db *db;
    cr_expect_eq(lg_db_open("/proc/linger-cannot-be-here.db", 0, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "cannot be opened") != NULL || strstr(err, "read-only") != NULL, "%s", err);
    cr_expect_eq(lg_db_open("/nonexistent-dir/x.db", LG_DB_READONLY, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "no such findings database") != NULL, "%s", err);
}

Test(db, full_disk_fails_cleanly_and_keeps_the_file_valid)
{
    lg_db *db = open_ok(path);
    int64_t r = run(db, "static");
    lg_db_finding keep = finding("unbounded-cache", "/p/keep.c", 1, "keep", -1);
    cr_assert_eq(lg_db_replace_findings(db, r, "/p/keep.c", &keep, 1), 0);
    lg_db_close(db);
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit rl = { 256 * 1024, 256 * 1024 };
        setrlimit(RLIMIT_FSIZE, &rl);
        char err[600];
        lg_db *d;
        if (lg_db_open(path, 0, &d, err, sizeof err) < 0)
            _exit(3);
        static char msg[4000];
        memset(msg, 'x', sizeof msg - 1);
        lg_db_finding *many = calloc(2000, sizeof *many);
        for (int i = 0; i < 2000; i++)
            many[i] = (lg_db_finding){ "unbounded-cache", "/p/big.c", "fn", "place", msg, "warning", "fp", i + 1, 1, -1, 0 };
        int rc = lg_db_replace_findings(d, r, "/p/big.c", many, 2000);
        int full = rc < 0 && strstr(lg_db_errmsg(d), "disk is full") != NULL;
        lg_db_close(d);
        free(many);
        /* the verdict goes through a pipe: under valgrind the exit status is valgrind's */
        char verdict = full ? 'F' : rc < 0 ? 'E' : 'W';
        if (write(fds[1], &verdict, 1) != 1)
            _exit(5);
        _exit(0);
    }
    close(fds[1]);
    char verdict = 0;
    cr_expect_eq(read(fds[0], &verdict, 1), 1);
    close(fds[0]);
    int st;
    waitpid(pid, &st, 0);
    cr_expect_eq(verdict, 'F', "the writer did not report a full disk (%c)", verdict);
    char *ok = text_of(path, "PRAGMA integrity_check");
    cr_expect_str_eq(ok, "ok");
    free(ok);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM findings"), 1, "the failed transaction left nothing");
}

Test(db, writer_killed_mid_transaction_leaves_the_last_commit)
{
    lg_db *db = open_ok(path);
    int64_t r = run(db, "static");
    lg_db_finding five[5];
    for (int i = 0; i < 5; i++)
        five[i] = finding("unbounded-cache", "/p/u.c", i + 1, "fp", -1);
    cr_assert_eq(lg_db_replace_findings(db, r, "/p/u.c", five, 5), 0);
    lg_db_close(db);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("LINGER_DB_PAUSE_BEFORE_COMMIT", "5000", 1);
        char err[600];
        lg_db *d;
        if (lg_db_open(path, 0, &d, err, sizeof err) < 0)
            _exit(3);
        lg_db_finding one = finding("unbounded-cache", "/p/u.c", 99, "new", -1);
        lg_db_replace_findings(d, r, "/p/u.c", &one, 1);     /* killed before its commit */
        _exit(0);
    }
    usleep(700000);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    cr_expect(WIFSIGNALED(st), "the writer finished before it was killed");
    char *ok = text_of(path, "PRAGMA integrity_check");
    cr_expect_str_eq(ok, "ok");
    free(ok);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM findings"), 5);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM findings WHERE line = 99"), 0);
    db = open_ok(path);           /* and it is writable again */
    lg_db_close(db);
}

/* ---- the file's identity: what is not linger's is refused, byte for byte untouched */

static void sql_file(const char *p, const char *sql)
{
    sqlite3 *h;
    cr_assert_eq(sqlite3_open(p, &h), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK, "%s", sqlite3_errmsg(h));
    sqlite3_close(h);
}

static int exists(const char *p)
{
    return access(p, F_OK) == 0;
}

/* Both opens (writer, reader) fail with a message holding want and the
 * path; the file and its -wal are byte-identical afterwards, and no -wal,
 * -shm or -journal appeared. */
static void refused_untouched(const char *want)
{
    char wal[160], shm[160], jnl[160];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    snprintf(jnl, sizeof jnl, "%s-journal", path);
    int had_wal = exists(wal), had_shm = exists(shm);
    size_t n1 = 0, n2 = 0, w1 = 0, w2 = 0;
    char *before = slurp(path, &n1), *wbefore = had_wal ? slurp(wal, &w1) : NULL;
    for (int ro = 0; ro < 2; ro++) {
        char err[4096];
        lg_db *db = (lg_db *)1;
        cr_expect_eq(lg_db_open(path, ro ? LG_DB_READONLY : 0, &db, err, sizeof err), -1,
                     "opened (%s)", ro ? "reader" : "writer");
        cr_expect_null(db);
        cr_expect(strstr(err, want) != NULL, "wanted '%s' in: %s", want, err);
        cr_expect(strstr(err, path) != NULL, "the message names the file: %s", err);
        cr_expect(strstr(err, ro ? "cannot read" : "cannot write") != NULL || strstr(err, "refused"),
                  "the message says what failed: %s", err);
    }
    char *after = slurp(path, &n2);
    cr_expect(n1 == n2 && memcmp(before, after, n1) == 0, "the file changed");
    if (had_wal) {
        char *wafter = slurp(wal, &w2);
        cr_expect(w1 == w2 && memcmp(wbefore, wafter, w1) == 0, "the -wal changed");
        free(wafter);
    }
    cr_expect_eq(exists(wal), had_wal, "a -wal appeared or vanished");
    cr_expect_eq(exists(shm), had_shm, "a -shm appeared or vanished");
    cr_expect(!exists(jnl), "a journal was left");
    free(before);
    free(after);
    free(wbefore);
}

Test(db, another_applications_sqlite_file_is_refused)
{
    sql_file(path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('ada');");
    refused_untouched("not a linger findings database");
}

Test(db, another_applications_wal_file_is_refused)
{
    sql_file(path, "PRAGMA journal_mode=WAL; CREATE TABLE contacts (name TEXT);"
                   "INSERT INTO contacts VALUES ('ada');");
    refused_untouched("not a linger findings database");
}

Test(db, a_foreign_application_id_is_refused)
{
    sql_file(path, "PRAGMA application_id = 1234; CREATE TABLE t (x);");
    refused_untouched("another application (application_id 0x000004d2)");
}

Test(db, a_negative_schema_version_is_refused)
{
    lg_db_close(open_ok(path));
    sql_file(path, "PRAGMA user_version = -7;");
    refused_untouched("invalid schema version -7");
}

Test(db, a_one_byte_file_is_refused_not_replaced)
{
    FILE *f = fopen(path, "wb");
    fputc('x', f);
    fclose(f);
    refused_untouched("not a SQLite database");
}

Test(db, a_one_byte_file_beside_a_wal_leaves_both)
{
    FILE *f = fopen(path, "wb");
    fputc('x', f);
    fclose(f);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", path);
    f = fopen(wal, "wb");
    for (int i = 0; i < 300; i++)
        fputs("frames of committed data ", f);
    fclose(f);
    refused_untouched("not a SQLite database");
}

Test(db, a_directory_in_its_place_is_refused)
{
    cr_assert_eq(mkdir(path, 0755), 0);
    char err[4096];
    lg_db *db;
    cr_expect_eq(lg_db_open(path, 0, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "a directory") != NULL, "%s", err);
    cr_expect_eq(lg_db_open(path, LG_DB_READONLY, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "a directory") != NULL, "%s", err);
}

Test(db, a_fifo_is_refused_without_blocking)
{
    cr_assert_eq(mkfifo(path, 0600), 0);
    char err[4096];
    lg_db *db;
    cr_expect_eq(lg_db_open(path, 0, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "not a regular file") != NULL, "%s", err);
    cr_expect_eq(lg_db_open(path, LG_DB_READONLY, &db, err, sizeof err), -1);
}

Test(db, a_truncated_file_is_refused)
{
    lg_db *db = open_ok(path);
    int64_t r = run(db, "static");
    lg_db_finding many[400];
    char fp[400][16];
    for (int i = 0; i < 400; i++) {
        snprintf(fp[i], sizeof fp[i], "fp%d", i);
        many[i] = finding("unbounded-cache", "/p/big.c", i + 1, fp[i], -1);
    }
    cr_assert_eq(lg_db_replace_findings(db, r, "/p/big.c", many, 400), 0);
    lg_db_close(db);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_gt(st.st_size, 8192);
    cr_assert_eq(truncate(path, st.st_size / 2), 0);
    refused_untouched("truncated");
}

Test(db, an_empty_file_is_created_but_not_beside_a_wal_with_data)
{
    FILE *f = fopen(path, "wb");
    fclose(f);
    lg_db_close(open_ok(path));           /* empty: a new database */
    cr_expect_eq(scalar(path, "PRAGMA application_id"), 0x4c474442);
    cr_expect_eq(scalar(path, "PRAGMA user_version"), LG_DB_SCHEMA_VERSION);
    /* an empty file whose -wal holds committed data: reading or writing
     * would delete that data */
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", path);
    cr_assert_eq(unlink(path), 0);
    f = fopen(path, "wb");
    fclose(f);
    f = fopen(wal, "wb");
    for (int i = 0; i < 100; i++)
        fputs("committed frames ", f);
    fclose(f);
    refused_untouched("holds");
}

Test(db, a_damaged_header_beside_a_valid_wal_is_refused)
{
    /* a database whose last commit is still only in its -wal (copied while
     * the connection is open, before the checkpoint at close) */
    lg_db *db = open_ok(path);
    int64_t r = run(db, "static");
    lg_db_finding one = finding("unbounded-cache", "/p/u.c", 3, "fp", -1);
    cr_assert_eq(lg_db_replace_findings(db, r, "/p/u.c", &one, 1), 0);
    char wal[160];
    snprintf(wal, sizeof wal, "%s-wal", path);
    size_t wn, mn;
    char *w = slurp(wal, &wn);
    char *m = slurp(path, &mn);
    cr_assert_gt(wn, 0);
    cr_assert_gt(mn, 100);
    lg_db_close(db);
    memcpy(m, "SQLite format 9", 15);       /* the header damaged */
    FILE *f = fopen(path, "wb");
    fwrite(m, 1, mn, f);
    fclose(f);
    f = fopen(wal, "wb");
    fwrite(w, 1, wn, f);
    fclose(f);
    free(w);
    free(m);
    refused_untouched("not a SQLite database");
}

Test(db, a_wal_of_another_database_is_refused)
{
    /* b's uncommitted-to-file frames next to a: SQLite would replay them
     * into a.  A child holds b open inside a transaction, so b's -wal is
     * not checkpointed away when we copy it. */
    char b[128], bwal[160], wal[160];
    snprintf(b, sizeof b, "%s/b.db", dir);
    snprintf(bwal, sizeof bwal, "%s-wal", b);
    snprintf(wal, sizeof wal, "%s-wal", path);
    lg_db_close(open_ok(path));
    lg_db *db = open_ok(b);
    int64_t r = run(db, "static");
    lg_db_finding one = finding("unbounded-cache", "/p/other.c", 3, "fp", -1);
    cr_assert_eq(lg_db_replace_findings(db, r, "/p/other.c", &one, 1), 0);
    size_t n;
    char *frames = slurp(bwal, &n);
    cr_assert_gt(n, 0);
    lg_db_close(db);
    FILE *f = fopen(wal, "wb");
    fwrite(frames, 1, n, f);
    fclose(f);
    free(frames);
    refused_untouched("belongs to another database");
}

Test(db, a_readonly_file_is_a_clear_write_error_and_still_readable)
{
    lg_db_close(open_ok(path));
    cr_assert_eq(chmod(path, 0444), 0);
    if (geteuid() == 0)                  /* root writes anyway */
        cr_skip_test("running as root: a read-only mode does not stop root");
    char err[4096];
    lg_db *db;
    cr_expect_eq(lg_db_open(path, 0, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "cannot write") && strstr(err, "read-only"), "%s", err);
    cr_expect_eq(lg_db_open(path, LG_DB_READONLY, &db, err, sizeof err), 0, "%s", err);
    lg_db_close(db);
}

Test(db, errors_name_the_file_and_the_operation)
{
    char err[4096];
    lg_db *db;
    cr_expect_eq(lg_db_open(path, LG_DB_READONLY, &db, err, sizeof err), -1);
    cr_expect(strncmp(err, path, strlen(path)) == 0 && strstr(err, "cannot read"), "%s", err);
    cr_expect_eq(lg_db_open("/nonexistent-dir/x.db", 0, &db, err, sizeof err), -1);
    cr_expect(strstr(err, "/nonexistent-dir/x.db: cannot write") != NULL, "%s", err);
    cr_expect(strstr(err, "does not exist") != NULL, "%s", err);
}

Test(db, a_relative_path_is_the_working_directorys)
{
    char old[4096];
    cr_assert_not_null(getcwd(old, sizeof old));
    cr_assert_eq(chdir(dir), 0);
    lg_db *db = open_ok("rel.db");
    cr_assert_eq(chdir("/"), 0);       /* a later chdir changes nothing */
    char want[256];
    snprintf(want, sizeof want, "%s/rel.db", dir);
    cr_expect_str_eq(lg_db_path(db), want);
    cr_expect_geq(run(db, "static"), 1);
    lg_db_close(db);
    cr_assert_eq(chdir(old), 0);
    cr_expect(exists(want));
}

Test(db, new_runs_carry_an_identity_and_units_are_recorded)
{
    lg_db *db = open_ok(path);
    int64_t r = run(db, "static");
    cr_assert_eq(lg_db_replace_findings(db, r, "/p/clean.c", NULL, 0), 0);
    lg_db_close(db);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM units WHERE unit = '/p/clean.c'"), 1,
                 "a unit found clean is recorded");
    cr_expect_eq(scalar(path, "SELECT length(uuid) FROM runs"), 32);
    cr_expect_eq(scalar(path, "SELECT count(*) FROM meta WHERE key = 'db_id' AND length(value) = 32"), 1);
}
