/*
 * lgdb.c — the findings database (see lgdb.h): opening, the schema and its
 * migrations, writing runs, findings and evidence, reading them back.
 *
 * Invariants: the busy timeout is set before any other statement; every write
 * is one BEGIN IMMEDIATE transaction, so a writer killed mid-way leaves the
 * database as the last commit left it; a database whose user_version is newer
 * than LG_DB_SCHEMA_VERSION is never written to.  SQLite result codes are
 * turned into messages in one place, lg__db_error().
 */
#include "lgdb.h"
#include "dbfile.h"
#include "lgdb_int.h"
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <assert.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define BUSY_TIMEOUT_MS 30000
#define GROWTH_THRESHOLD "10"   /* schema 2's criterion (kept for the record: superseded in 4) */

/* Evidence row e's site is the file at absolute path p: the same resolved
 * path, or p ends with the site's normalised relative path. */
#define SITE_IS(e, p) \
    "(" e ".site_abs = " p " OR (length(" e ".site_norm) > 0 AND length(" p ") > length(" e ".site_norm)" \
    " AND substr(" p ", length(" p ") - length(" e ".site_norm)) = '/' || " e ".site_norm))"

/* What shows that a container only grew (schema 4, docs/database.md): no
 * removal or eviction ever, at least 32 distinct entries at once, and still
 * reaching new peaks in the last quarter of the span the runtime watched it
 * (runtime operations from its first insert to the last flush) — a table of
 * fixed keys overwritten for ever reaches its peak early and stays. */
#define GROWTH_CONFIRMS(e) \
    "(" e ".removals = 0 AND " e ".evictions = 0 AND " e ".peak_len >= 32 AND " e ".last_tick > 0" \
    " AND (" e ".peak_tick - " e ".first_tick) * 4 >= (" e ".last_tick - " e ".first_tick) * 3)"


/* ---- errors */

static const char *code_text(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL: return "the disk is full (or a file-size limit was reached)";
    case SQLITE_READONLY: return "the database is read-only";
    case SQLITE_NOTADB: return "the file is not a SQLite database";
    case SQLITE_CORRUPT: return "the database file is corrupt";
    case SQLITE_CANTOPEN: return "the database cannot be opened (missing directory or no permission?)";
    case SQLITE_BUSY: return "the database is locked by another process (timed out)";
    case SQLITE_PERM: return "permission denied";
    case SQLITE_IOERR: return "an I/O error occurred";
    case SQLITE_NOMEM: return "out of memory";
    default: return NULL;
    }
}

/* Records "PATH: what: reason" from the connection's last error; returns -1.
 * what says whether reading or writing failed ("cannot store findings"). */
int lg__db_error(lg_db *db, const char *what)
{
    int rc = db->h ? sqlite3_extended_errcode(db->h) : SQLITE_CANTOPEN;
    int sys = db->h ? sqlite3_system_errno(db->h) : 0;
    if ((rc & 0xff) == SQLITE_IOERR && (sys == ENOSPC || sys == EFBIG))
        rc = SQLITE_FULL;                  /* a write hit the disk's or the process's limit */
    const char *friendly = code_text(rc);
    const char *raw = db->h ? sqlite3_errmsg(db->h) : "cannot open";
    if (friendly != NULL)
        snprintf(db->err, sizeof db->err, "%s: %s: %s (%s)", db->path, what, friendly, raw);
    else
        snprintf(db->err, sizeof db->err, "%s: %s: %s", db->path, what, raw);
    return -1;
}

/* Records "PATH: text" (a refusal that is not SQLite's); returns -1. */
int lg__db_refuse(lg_db *db, const char *fmt, ...)
{
    char text[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    snprintf(db->err, sizeof db->err, "%s: %s", db->path, text);
    return -1;
}

const char *lg_db_path(const lg_db *db)
{
    return db->path;
}

const char *lg_db_errmsg(const lg_db *db)
{
    return db ? db->err : "no database";
}

void *lg_db_handle(lg_db *db)
{
    return db->h;
}

static double now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int lg__db_exec(lg_db *db, const char *sql, const char *what)
{
    return sqlite3_exec(db->h, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : lg__db_error(db, what);
}

int lg__db_begin(lg_db *db)
{
    if (db->depth++ > 0)
        return 0;                   /* joins the outer transaction */
    db->failed = 0;
    if (lg__db_exec(db, "BEGIN IMMEDIATE", "cannot start a write transaction") < 0) {
        db->depth = 0;
        return -1;
    }
    return 0;
}

/* Test aid: LINGER_DB_PAUSE_BEFORE_COMMIT=MS sleeps inside the transaction. */
static void pause_before_commit(void)
{
    const char *ms = getenv("LINGER_DB_PAUSE_BEFORE_COMMIT");
    if (ms != NULL && *ms)
        usleep((useconds_t)atoi(ms) * 1000u);
}

/* Every write transaction counts itself in meta, so the page holding the
 * database's db_id is in every -wal it writes (check_wal_belongs). */
int lg__db_commit(lg_db *db)
{
    assert(db->depth > 0);
    if (--db->depth > 0)
        return 0;                   /* the outer transaction commits */
    if (db->failed) {
        db->failed = 0;
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    pause_before_commit();
    if (sqlite3_exec(db->h, "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
                     " WHERE key = 'writes'", NULL, NULL, NULL) == SQLITE_OK
        && sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    lg__db_error(db, "cannot commit");
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int lg__db_rollback(lg_db *db)
{
    assert(db->depth > 0);
    if (--db->depth > 0) {
        db->failed = 1;             /* the outer transaction rolls back */
        return -1;
    }
    db->failed = 0;
    char keep[sizeof db->err];
    memcpy(keep, db->err, sizeof keep);
    sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    memcpy(db->err, keep, sizeof keep);
    return -1;
}

/* ---- schema */

/* Version 1: the tables. */
static const char schema_v1[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('static', 'runtime')),"
    "  tool TEXT NOT NULL, version TEXT NOT NULL, started REAL NOT NULL,"
    "  argv TEXT, cwd TEXT, pid INTEGER) STRICT;"
    "CREATE TABLE findings ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  unit TEXT NOT NULL,"
    "  rule TEXT NOT NULL, path TEXT NOT NULL, line INTEGER NOT NULL, column INTEGER NOT NULL,"
    "  function TEXT, place TEXT, message TEXT NOT NULL, severity TEXT NOT NULL,"
    "  fingerprint TEXT NOT NULL, capture INTEGER NOT NULL DEFAULT -1,"
    "  first_seen REAL NOT NULL, last_seen REAL NOT NULL) STRICT;"
    "CREATE INDEX findings_unit ON findings(unit);"
    "CREATE TABLE finding_history (fingerprint TEXT PRIMARY KEY, first_seen REAL NOT NULL) STRICT;"
    "CREATE TABLE evidence ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  kind TEXT NOT NULL, site_path TEXT NOT NULL, site_abs TEXT, site_norm TEXT NOT NULL,"
    "  site_line INTEGER NOT NULL, site_function TEXT, type TEXT,"
    "  count INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0,"
    "  inserts INTEGER NOT NULL DEFAULT 0, removals INTEGER NOT NULL DEFAULT 0,"
    "  evictions INTEGER NOT NULL DEFAULT 0, peak_len INTEGER NOT NULL DEFAULT 0,"
    "  capture_index INTEGER NOT NULL DEFAULT -1, detail TEXT) STRICT;"
    "CREATE INDEX evidence_run ON evidence(run_id);";

/* Version 2: matching evidence to findings by line and file name (indexed),
 * and the views for common questions. */
static const char schema_v2[] =
    "ALTER TABLE evidence ADD COLUMN site_base TEXT NOT NULL DEFAULT '';"
    "UPDATE evidence SET site_base = replace(site_norm, rtrim(site_norm, replace(site_norm, '/', '')), '');"
    "ALTER TABLE findings ADD COLUMN base TEXT NOT NULL DEFAULT '';"
    "UPDATE findings SET base = replace(path, rtrim(path, replace(path, '/', '')), '');"
    "CREATE INDEX evidence_site ON evidence(site_line, site_base);"
    "CREATE INDEX findings_site ON findings(line, base);"
    "CREATE VIEW evidence_matches AS"
    " SELECT f.id AS finding_id, f.rule AS rule, e.*,"
    "  CASE"
    "   WHEN f.rule = 'listener-strong-ref' THEN e.kind = 'kept_alive' AND e.count > 0"
    "   WHEN f.rule = 'unbounded-cache' THEN e.kind = 'growth' AND e.removals = 0"
    "        AND e.evictions = 0 AND e.peak_len >= " GROWTH_THRESHOLD
    "   WHEN f.rule = 'closure-captured-buffer' THEN e.count > 0"
    "   ELSE 0 END AS confirms"
    " FROM findings f JOIN evidence e"
    "  ON e.site_line = f.line AND e.site_base = f.base"
    "  AND (e.site_abs = f.path OR (length(e.site_norm) > 0"
    "       AND length(f.path) > length(e.site_norm)"
    "       AND substr(f.path, length(f.path) - length(e.site_norm)) = '/' || e.site_norm))"
    "  AND ((f.rule = 'listener-strong-ref' AND e.kind = 'kept_alive')"
    "    OR (f.rule = 'unbounded-cache' AND e.kind = 'growth')"
    "    OR (f.rule = 'closure-captured-buffer' AND e.kind = 'unread_capture'"
    "        AND e.capture_index = f.capture));"
    "CREATE VIEW finding_status AS"
    " SELECT f.*, EXISTS (SELECT 1 FROM evidence_matches m"
    "   WHERE m.finding_id = f.id AND m.confirms) AS confirmed"
    " FROM findings f;"
    "CREATE VIEW confirmed_findings AS SELECT * FROM finding_status WHERE confirmed;"
    "CREATE VIEW unconfirmed_findings AS SELECT * FROM finding_status WHERE NOT confirmed;";

/* Version 3: the file's identity (application_id is set beside it), the
 * units each static run analysed (a unit found clean is a fact too), and
 * runs that keep their identity across machines (for merging). */
static const char schema_v3[] =
    "CREATE TABLE units (unit TEXT PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id),"
    "  checked REAL NOT NULL) STRICT;"
    "INSERT INTO units SELECT unit, max(run_id), max(last_seen) FROM findings GROUP BY unit;"
    "ALTER TABLE runs ADD COLUMN uuid TEXT;"
    "ALTER TABLE runs ADD COLUMN host TEXT;"
    /* runs made before: an identity from what they are, so two copies of
     * one old file merge as one */
    "UPDATE runs SET uuid = printf('legacy-%d-%.6f-%s-%d-%s', id, started, tool, coalesce(pid, 0),"
    "  coalesce(cwd, ''));"
    "CREATE UNIQUE INDEX runs_uuid ON runs(uuid);"
    "INSERT OR REPLACE INTO meta VALUES ('application', 'linger findings database');"
    "INSERT OR REPLACE INTO meta VALUES ('db_id', lower(hex(randomblob(16))));"
    "INSERT OR REPLACE INTO meta VALUES ('writes', '0');";

/* Schemas 4 and 5 share these, written once: which evidence rows show a
 * leak by themselves (evidence_leaks' WHERE: kept alive only by lists and
 * emitters — closures keeping their captures, and maps, whose growth is its
 * own evidence, are not listeners; growth by its criterion; a capture its
 * function never read, over calls that happened, holding something worth
 * the name); every (finding, evidence) pair at the finding's line, or
 * re-attached through finding_lines when the call moved, with m.attached
 * (evidence_matches' FROM, f and e joined); and the views built on those. */
#define LEAK_CRITERIA \
    " FROM evidence e WHERE (e.kind = 'kept_alive' AND e.count > 0" \
    "   AND (coalesce(e.detail->>'holders', 0) & 5) = 0)" \
    "  OR (e.kind = 'growth' AND " GROWTH_CONFIRMS("e") ")" \
    "  OR (e.kind = 'unread_capture' AND e.count > 0 AND e.total_bytes >= 1024" \
    "   AND coalesce(e.detail->>'called', 1) > 0);"

#define MATCHED_PAIRS \
    " FROM (SELECT f.id AS fid, e.id AS eid," \
    "   CASE WHEN e.site_mtime = 0 OR f.source_mtime = 0 OR e.site_mtime = f.source_mtime" \
    "    THEN 'line' ELSE 'stale' END AS attached" \
    "   FROM findings f JOIN evidence e ON e.site_line = f.line AND e.site_base = f.base" \
    "   AND " SITE_IS("e", "f.path") \
    "   WHERE NOT (e.site_mtime <> 0 AND f.source_mtime <> 0 AND e.site_mtime <> f.source_mtime" \
    "    AND EXISTS (SELECT 1 FROM finding_lines h WHERE h.path = f.path" \
    "     AND h.line = e.site_line AND h.source_mtime = e.site_mtime))" \
    "  UNION ALL" \
    "  SELECT f.id, e.id, 'moved' FROM evidence e" \
    "   JOIN finding_lines h ON h.line = e.site_line AND h.source_mtime = e.site_mtime" \
    "    AND e.site_mtime <> 0 AND " SITE_IS("e", "h.path") \
    "   JOIN findings f ON f.fingerprint = h.fingerprint AND f.path = h.path" \
    "    AND f.capture = h.capture AND f.rule = h.rule AND f.source_mtime <> e.site_mtime) m" \
    " JOIN findings f ON f.id = m.fid JOIN evidence e ON e.id = m.eid"

#define STATUS_VIEWS \
    "CREATE VIEW finding_status AS" \
    " SELECT f.*, EXISTS (SELECT 1 FROM evidence_matches m" \
    "   WHERE m.finding_id = f.id AND m.confirms) AS confirmed" \
    " FROM findings f;" \
    "CREATE VIEW confirmed_findings AS SELECT * FROM finding_status WHERE confirmed;" \
    "CREATE VIEW unconfirmed_findings AS SELECT * FROM finding_status WHERE NOT confirmed;" \
    "CREATE VIEW runtime_only AS" \
    " SELECT l.* FROM evidence_leaks l WHERE NOT EXISTS (SELECT 1 FROM findings f" \
    "  WHERE f.line = l.site_line AND f.base = l.site_base AND " SITE_IS("l", "f.path") ")" \
    " AND NOT EXISTS (SELECT 1 FROM finding_lines h WHERE h.line = l.site_line" \
    "  AND h.source_mtime = l.site_mtime AND l.site_mtime <> 0 AND " SITE_IS("l", "h.path") ");"

/* Version 4: evidence that means what it says — growth counts distinct
 * entries and overwrites apart, watches when the peaks came (runtime
 * operations) and keeps a short series; bytes live now, at the peak and in
 * total apart.  The leak criteria are written once, in evidence_leaks, which
 * confirmation and the runtime-only listing both use. */
static const char schema_v4[] =
    "ALTER TABLE evidence ADD COLUMN overwrites INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE evidence ADD COLUMN total_bytes INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE evidence ADD COLUMN peak_bytes INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE evidence ADD COLUMN first_tick INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE evidence ADD COLUMN peak_tick INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE evidence ADD COLUMN last_tick INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE evidence ADD COLUMN series TEXT;"
    "ALTER TABLE evidence ADD COLUMN site_mtime INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE findings ADD COLUMN source_mtime INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE finding_lines (path TEXT NOT NULL, line INTEGER NOT NULL,"
    "  source_mtime INTEGER NOT NULL, fingerprint TEXT NOT NULL, rule TEXT NOT NULL,"
    "  capture INTEGER NOT NULL DEFAULT -1,"
    "  PRIMARY KEY (path, line, source_mtime, fingerprint, capture)) STRICT;"
    "CREATE INDEX finding_lines_site ON finding_lines(line, source_mtime);"
    "DROP VIEW confirmed_findings; DROP VIEW unconfirmed_findings;"
    "DROP VIEW finding_status; DROP VIEW evidence_matches;"
    "CREATE VIEW evidence_leaks AS"
    " SELECT e.*, CASE e.kind WHEN 'kept_alive' THEN 'listener-strong-ref'"
    "  WHEN 'growth' THEN 'unbounded-cache' ELSE 'closure-captured-buffer' END AS rule"
    LEAK_CRITERIA
    /* A finding and the evidence recorded for its call: at its line in the
     * build it was computed from (or when either side has no stamp), or at
     * the line it had in the older build the evidence came from (the
     * finding_lines history: the call merely moved).  Evidence of an older
     * build of the file at this line, where the history cannot say whose it
     * was, is stale: shown, never confirming. */
    "CREATE VIEW evidence_matches AS"
    " SELECT f.id AS finding_id, f.rule AS rule, e.*, m.attached,"
    "  m.attached <> 'stale' AND CASE"
    "   WHEN f.rule = 'listener-strong-ref' THEN e.count > 0"
    "   WHEN f.rule = 'unbounded-cache' THEN " GROWTH_CONFIRMS("e")
    "   WHEN f.rule = 'closure-captured-buffer' THEN e.count > 0"
    "   ELSE 0 END AS confirms"
    MATCHED_PAIRS
    " WHERE (f.rule = 'listener-strong-ref' AND e.kind = 'kept_alive')"
    "  OR (f.rule = 'unbounded-cache' AND e.kind = 'growth')"
    "  OR (f.rule = 'closure-captured-buffer' AND e.kind = 'unread_capture'"
    "      AND e.capture_index = f.capture);"
    STATUS_VIEWS;

/* Version 5: the database knows no rule.  Each rule declares the evidence
 * kind that confirms it (rule_evidence, written by the static front doors
 * from the rules' registry); matching joins through that declaration, and
 * what confirms is a property of the evidence kind alone. */
static const char schema_v5[] =
    "CREATE TABLE rule_evidence (rule TEXT PRIMARY KEY, kind TEXT NOT NULL,"
    "  per_capture INTEGER NOT NULL DEFAULT 0) STRICT;"
    "DROP VIEW runtime_only; DROP VIEW confirmed_findings; DROP VIEW unconfirmed_findings;"
    "DROP VIEW finding_status; DROP VIEW evidence_matches; DROP VIEW evidence_leaks;"
    "CREATE VIEW evidence_leaks AS"
    " SELECT e.*, (SELECT min(d.rule) FROM rule_evidence d WHERE d.kind = e.kind) AS rule"
    LEAK_CRITERIA
    /* as in version 4, the rule's declared kind in place of its name */
    "CREATE VIEW evidence_matches AS"
    " SELECT f.id AS finding_id, f.rule AS rule, e.*, m.attached,"
    "  m.attached <> 'stale' AND CASE e.kind"
    "   WHEN 'kept_alive' THEN e.count > 0"
    "   WHEN 'growth' THEN " GROWTH_CONFIRMS("e")
    "   WHEN 'unread_capture' THEN e.count > 0"
    "   ELSE 0 END AS confirms"
    MATCHED_PAIRS
    " JOIN rule_evidence d ON d.rule = f.rule AND d.kind = e.kind"
    "  AND (d.per_capture = 0 OR e.capture_index = f.capture);"
    STATUS_VIEWS;

/* Version 6: the project index — each translation unit's summary (the
 * facts the rules judge the whole program by; rules/summary.h), replaced
 * when the unit is analysed again. */
static const char schema_v6[] =
    "CREATE TABLE summaries (unit TEXT PRIMARY KEY, run_id INTEGER REFERENCES runs(id),"
    "  format INTEGER NOT NULL, summary TEXT NOT NULL, source_mtime INTEGER NOT NULL DEFAULT 0,"
    "  stored REAL NOT NULL) STRICT;";

/* Version 7: retention paths recorded with the evidence (JSON). */
static const char schema_v7[] =
    "ALTER TABLE evidence ADD COLUMN paths TEXT;";

static const char *const migrations[] = { schema_v1, schema_v2, schema_v3, schema_v4, schema_v5,
                                          schema_v6, schema_v7 }; /* [v]: v to v+1 */

/* One integer from a statement; -1 (with the error set) when it fails. */
static int int_of(lg_db *db, const char *sql, int64_t *v)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot read the database");
    int rc = sqlite3_step(st);
    *v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : lg__db_error(db, "cannot read the database");
}

/* What the connection sees of the file's identity. */
typedef struct {
    int64_t app_id;       /* PRAGMA application_id */
    int64_t version;      /* PRAGMA user_version */
    int64_t objects;      /* entries of sqlite_schema */
    int64_t ours;         /* linger's own tables among them */
} identity;

static int read_identity(lg_db *db, identity *id)
{
    return int_of(db, "PRAGMA application_id", &id->app_id) < 0
        || int_of(db, "PRAGMA user_version", &id->version) < 0
        || int_of(db, "SELECT count(*) FROM sqlite_schema", &id->objects) < 0
        || int_of(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                      " ('meta', 'runs', 'findings', 'finding_history', 'evidence')", &id->ours) < 0
        ? -1 : 0;
}

/* 0 when the connection sees a linger database (or an empty file), else the
 * refusal.  Before version 3 there was no application_id: a database with
 * linger's tables is linger's. */
static int check_identity(lg_db *db, const identity *id)
{
    if (id->app_id != 0 && id->app_id != (int64_t)LG__DB_APP_ID)
        return lg__db_refuse(db, "a SQLite database of another application (application_id 0x%08llx), "
                      "not a linger findings database: refused, the file was left untouched",
                      (unsigned long long)(uint32_t)id->app_id);
    if (id->version < 0)
        return lg__db_refuse(db, "invalid schema version %lld: not a linger findings database "
                      "(the file was left untouched)", (long long)id->version);
    if (id->version > LG_DB_SCHEMA_VERSION)
        return lg__db_refuse(db, "the database has schema version %lld, newer than this linger "
                      "supports (%d): upgrade linger (the file was left untouched)",
                      (long long)id->version, LG_DB_SCHEMA_VERSION);
    if (id->app_id == 0 && id->objects > 0 && (id->ours < 5 || id->version == 0))
        return lg__db_refuse(db, "a SQLite database that is not a linger findings database "
                      "(it has tables of its own): refused, the file was left untouched");
    return 0;
}

static int migrate(lg_db *db)
{
    if (lg__db_begin(db) < 0)
        return -1;
    identity id;
    if (read_identity(db, &id) < 0 || check_identity(db, &id) < 0)
        return lg__db_rollback(db);
    for (int64_t v = id.version; v < LG_DB_SCHEMA_VERSION; v++) {
        char sql[64];
        if (lg__db_exec(db, migrations[v], "cannot create or upgrade the schema") < 0)
            return lg__db_rollback(db);
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", (int)v + 1);
        if (lg__db_exec(db, sql, "cannot record the schema version") < 0)
            return lg__db_rollback(db);
    }
    if (id.app_id == 0) {
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %u", LG__DB_APP_ID);
        if (lg__db_exec(db, sql, "cannot record the file's identity") < 0)
            return lg__db_rollback(db);
    }
    return lg__db_commit(db);
}

static int set_wal(lg_db *db)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode=WAL", -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot set the journal mode");
    int rc = sqlite3_step(st);
    const unsigned char *mode = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    int wal = mode != NULL && strcmp((const char *)mode, "wal") == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return lg__db_error(db, "cannot set the journal mode");
    if (!wal)
        return lg__db_refuse(db, "cannot write: WAL mode is not available for this database (a network "
                      "or read-only filesystem?): concurrent writers would lose data, so linger "
                      "refuses it");
    return 0;
}

/* ---- opening */

/* Inspects the file; a file that looks truncated is looked at again a few
 * times first: its size, its -wal and its header are read one after another,
 * and another process's checkpoint between the reads (page 1 written before
 * the pages that extend the file) looks like truncation for a moment. */
static int inspect(const char *path, lg__dbfile *f)
{
    int rc = lg__dbfile_inspect(path, f);
    /* Test aid: LINGER_DB_NO_SETTLE=1 looks only once (the fuzzer's truncated
     * files are not being checkpointed by anyone). */
    const char *once = getenv("LINGER_DB_NO_SETTLE");
    int retries = once != NULL && strcmp(once, "1") == 0 ? 0 : 5;
    for (int tries = 0; rc == 0 && lg__dbfile_truncated(f) && tries < retries; tries++) {
        struct timespec pause = { 0, 20 * 1000 * 1000 };
        nanosleep(&pause, NULL);
        rc = lg__dbfile_inspect(path, f);
    }
    return rc;
}

/* The decisions made from the file's bytes alone (dbfile.h): 0 to go on,
 * -1 refused.  *create is set when there is no database yet. */
static int precheck(lg_db *db, const lg__dbfile *f, int *create)
{
    const char *verb = db->readonly ? "cannot read" : "cannot write";
    *create = 0;
    if (!f->exists) {
        if (db->readonly)
            return lg__db_refuse(db, "cannot read: no such findings database");
        *create = 1;
        return 0;
    }
    if (f->dir)
        return lg__db_refuse(db, "%s: a directory, not a findings database", verb);
    if (!f->regular)
        return lg__db_refuse(db, "%s: not a regular file (a device, FIFO or socket), not a findings "
                      "database", verb);
    if (f->size == 0) {
        if (f->wal_size > 0)
            return lg__db_refuse(db, "%s: the file is empty but %s-wal holds %lld bytes: refused, both "
                          "left untouched (move the -wal away if it is stale)", verb, db->path,
                          (long long)f->wal_size);
        if (db->readonly)
            return lg__db_refuse(db, "cannot read: the file is empty (no findings database yet)");
        *create = 1;
        return 0;
    }
    if (!f->sqlite)
        return lg__db_refuse(db, "%s: the file is not a SQLite database (%s): refused, the file was "
                      "left untouched", verb, f->size < 100 ? "shorter than a header" : "no SQLite header");
    if (f->app_id != 0 && f->app_id != LG__DB_APP_ID)
        return lg__db_refuse(db, "%s: a SQLite database of another application (application_id "
                      "0x%08x), not a linger findings database: refused, the file was left "
                      "untouched", verb, (unsigned)f->app_id);
    if (f->user_version < 0)
        return lg__db_refuse(db, "%s: invalid schema version %d: not a linger findings database (the "
                      "file was left untouched)", verb, (int)f->user_version);
    if (f->user_version > LG_DB_SCHEMA_VERSION)
        return lg__db_refuse(db, "%s: the database has schema version %d, newer than this linger "
                      "supports (%d): upgrade linger (the file was left untouched)", verb,
                      (int)f->user_version, LG_DB_SCHEMA_VERSION);
    if (lg__dbfile_truncated(f))
        return lg__db_refuse(db, "%s: the file is truncated (%lld bytes, its header says %llu): refused, "
                      "the file was left untouched", verb, (long long)f->size,
                      (unsigned long long)f->header_pages * f->page_size);
    if (!db->readonly && access(db->path, W_OK) != 0)
        return lg__db_refuse(db, "cannot write: the file is read-only (%s)", strerror(errno));
    return 0;
}

/* A writer needs the directory too: WAL mode creates PATH-wal and PATH-shm. */
static int dir_writable(lg_db *db)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", db->path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = 0;
    else if (slash != NULL)
        *slash = 0;
    if (access(dir, W_OK) == 0)
        return 0;
    if (errno == ENOENT)
        return lg__db_refuse(db, "cannot write: the directory %s does not exist", dir);
    return lg__db_refuse(db, "cannot write: the directory %s is not writable (%s): the database and "
                  "its -wal are created there", dir, strerror(errno));
}

/* How a reader opens the file.  A reader never creates a file: when PATH-wal
 * and PATH-shm are not both there and the reader could not leave them
 * behind harmlessly (a read-only directory, or a file of another user,
 * whose next write would find them unwritable), it opens the file as
 * immutable: no locks, no -wal, no -shm.  No WAL means every commit is in
 * the file itself; a writer starting during the read may make it fail (a
 * clear error), never write through it. */
const char *lg__db_reader_query(const lg__dbfile *f, const char *path)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash != NULL)
        *(slash == dir ? slash + 1 : slash) = 0;
    int harmless = access(dir, W_OK) == 0 && f->uid == (unsigned)geteuid();
    if ((f->wal_size >= 0 && f->shm) || harmless)
        return "mode=ro";
    return "mode=ro&immutable=1";
}

/* Refusing after SQLite opened the file: the file must stay as it was, so
 * the connection closes without checkpointing a -wal into it, and the -shm
 * it made (when there was none) is removed. */
static void refused_close(lg_db *db, int remove_shm)
{
    char shm[PATH_MAX + 8];
    int opened = db->h != NULL;
    snprintf(shm, sizeof shm, "%s-shm", db->path);
    if (opened)
        sqlite3_db_config(db->h, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
    lg_db_close(db);
    if (opened && remove_shm)
        unlink(shm);
}

/* The file's own db_id, read from the file alone (ignoring any -wal); "" when
 * it cannot be read. */
static void file_db_id(const char *path, char *out, size_t sz)
{
    char uri[PATH_MAX * 3 + 64];
    sqlite3 *h = NULL;
    sqlite3_stmt *st = NULL;
    out[0] = 0;
    if (lg__db_uri(path, "mode=ro&immutable=1", uri, sizeof uri) == 0
        && sqlite3_open_v2(uri, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK
        && sqlite3_prepare_v2(h, "SELECT value FROM meta WHERE key = 'db_id'", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        snprintf(out, sz, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
}

/* A -wal of another database beside this one would be replayed into it:
 * the db_id the connection sees (through the -wal) must be the file's own. */
static int check_wal_belongs(lg_db *db)
{
    char own[64], seen[64] = "";
    file_db_id(db->path, own, sizeof own);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "SELECT value FROM meta WHERE key = 'db_id'", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        snprintf(seen, sizeof seen, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    /* the file's own db_id is never deleted: seen through the -wal it is
     * the same, or the -wal is another database's */
    if (own[0] == 0 || strcmp(own, seen) == 0)
        return 0;
    return lg__db_refuse(db, "%s: %s-wal belongs to another database (its identity %s is not this "
                  "file's %s): refused, both left untouched (move the -wal away)",
                  db->readonly ? "cannot read" : "cannot write", db->path, seen[0] ? seen : "none", own);
}

/* A SQLite file without linger's application_id (a database made before
 * version 3, an empty one, or another application's): its tables are read
 * through a connection that writes nothing (immutable in WAL mode, where a
 * read-only connection could still leave a -shm), so another application's
 * file is refused before anything opens it for writing. */
static int peek_identity(lg_db *db, const lg__dbfile *f)
{
    char uri[PATH_MAX * 3 + 64];
    lg_db peek;
    memset(&peek, 0, sizeof peek);
    snprintf(peek.path, sizeof peek.path, "%s", db->path);
    if (lg__db_uri(db->path, f->wal_mode ? "mode=ro&immutable=1" : "mode=ro", uri, sizeof uri) < 0)
        return lg__db_refuse(db, "the path is too long");
    identity id;
    int rc = sqlite3_open_v2(uri, &peek.h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK
             ? lg__db_error(&peek, db->readonly ? "cannot read" : "cannot write")
             : sqlite3_busy_timeout(peek.h, BUSY_TIMEOUT_MS) != SQLITE_OK || read_identity(&peek, &id) < 0
             ? -1 : check_identity(&peek, &id);
    sqlite3_close(peek.h);
    if (rc < 0)
        memcpy(db->err, peek.err, sizeof db->err);
    return rc;
}

static int open_writer(lg_db *db, const lg__dbfile *f, int create)
{
    if (dir_writable(db) < 0)
        return -1;
    int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(db->path, &db->h, oflags, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot open for writing");
    if (sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS) != SQLITE_OK)  /* before anything else */
        return lg__db_error(db, "cannot open for writing");
    if (sqlite3_db_readonly(db->h, "main") == 1)
        return lg__db_refuse(db, "cannot write: the file is read-only");
    if (!create && f->wal_size > 0 && check_wal_belongs(db) < 0)   /* before any write */
        return -1;
    /* many processes creating one database at once can see SQLITE_BUSY where
     * the busy handler does not apply (the journal-mode switch): retry.  The
     * schema is made before WAL is on, so a new file's identity is in the
     * file itself, never only in a -wal. */
    int rc = 0;
    for (int attempt = 0; attempt < 100; attempt++) {
        rc = migrate(db) < 0 || set_wal(db) < 0 || lg__db_exec(db, "PRAGMA synchronous=NORMAL", "cannot configure the connection") < 0
             || lg__db_exec(db, "PRAGMA foreign_keys=ON", "cannot configure the connection") < 0;
        int code = sqlite3_extended_errcode(db->h) & 0xff;
        if (rc == 0 || (code != SQLITE_BUSY && code != SQLITE_LOCKED))
            break;
        usleep(10000u + (unsigned)(getpid() % 7) * 3000u);
    }
    return rc ? -1 : 0;
}

static int open_reader(lg_db *db, const lg__dbfile *f)
{
    char uri[PATH_MAX * 3 + 64];
    if (lg__db_uri(db->path, lg__db_reader_query(f, db->path), uri, sizeof uri) < 0)
        return lg__db_refuse(db, "cannot read: the path is too long");
    if (sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot open for reading");
    if (sqlite3_busy_timeout(db->h, BUSY_TIMEOUT_MS) != SQLITE_OK)
        return lg__db_error(db, "cannot open for reading");
    identity id;
    if (read_identity(db, &id) < 0 || check_identity(db, &id) < 0)
        return -1;
    if (id.version == 0)
        return lg__db_refuse(db, "cannot read: the file holds no findings database yet");
    if (f->wal_size > 0 && check_wal_belongs(db) < 0)
        return -1;
    return lg__db_exec(db, "PRAGMA query_only=1", "cannot open for reading");
}

int lg_db_open(const char *path, unsigned flags, lg_db **out, char *err, size_t errsz)
{
    assert(path != NULL && out != NULL && err != NULL && errsz > 0);
    *out = NULL;
    lg_db *db = calloc(1, sizeof *db);
    if (db == NULL) {
        snprintf(err, errsz, "%s: out of memory", path);
        return -1;
    }
    db->readonly = (flags & LG_DB_READONLY) != 0;
    lg__db_absolute(path, db->path, sizeof db->path);
    lg__dbfile f;
    int create = 0, rc;
    if (db->path[0] == 0) {
        snprintf(db->path, sizeof db->path, "%.200s...", path);
        rc = lg__db_refuse(db, "the path is too long");
    } else if (inspect(db->path, &f) < 0) {
        rc = lg__db_refuse(db, "%s: %s", db->readonly ? "cannot read" : "cannot write", strerror(errno));
    } else {
        rc = precheck(db, &f, &create);
    }
    if (rc == 0 && !create && f.app_id == 0)
        rc = peek_identity(db, &f);
    if (rc == 0)
        rc = db->readonly ? open_reader(db, &f) : open_writer(db, &f, create);
    if (rc != 0) {
        snprintf(err, errsz, "%s", db->err);
        refused_close(db, !create && !f.shm);
        return -1;
    }
    *out = db;
    return 0;
}
void lg_db_close(lg_db *db)
{
    if (db != NULL) {
        sqlite3_close_v2(db->h);
        free(db);
    }
}

/* ---- writing */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
    if (s != NULL)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

/* A JSON array of strings, built with SQLite's JSON functions (sqlite3_free it). */
static int json_array_of(lg_db *db, const char *const *v, int n, char **out)
{
    sqlite3_stmt *st;
    char *acc = sqlite3_mprintf("[]");
    if (acc == NULL || sqlite3_prepare_v2(db->h, "SELECT json_insert(?, '$[#]', ?)", -1, &st, NULL)) {
        sqlite3_free(acc);
        return lg__db_error(db, "cannot encode the command line");
    }
    for (int i = 0; i < n && acc != NULL; i++) {
        sqlite3_bind_text(st, 1, acc, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, v[i], -1, SQLITE_STATIC);
        char *next = NULL;
        if (sqlite3_step(st) == SQLITE_ROW)
            next = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        sqlite3_free(acc);
        acc = next;
    }
    sqlite3_finalize(st);
    if (acc == NULL)
        return lg__db_error(db, "cannot encode the command line");
    *out = acc;
    return 0;
}

int64_t lg_db_begin_run(lg_db *db, const lg_db_run *run)
{
    assert(db != NULL && run != NULL && run->kind != NULL && run->tool != NULL);
    sqlite3_stmt *st;
    if (lg__db_begin(db) < 0)
        return -1;
    if (sqlite3_prepare_v2(db->h, "INSERT INTO runs (kind, tool, version, started, argv, cwd, pid, host, uuid)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, lower(hex(randomblob(16))))", -1, &st, NULL) != SQLITE_OK) {
        lg__db_error(db, "cannot record the run");
        return lg__db_rollback(db);
    }
    bind_text(st, 1, run->kind);
    bind_text(st, 2, run->tool);
    bind_text(st, 3, run->version);
    sqlite3_bind_double(st, 4, now());
    char *argv_json = NULL;
    if (run->argv != NULL && json_array_of(db, run->argv, run->argc, &argv_json) < 0) {
        sqlite3_finalize(st);
        return lg__db_rollback(db);
    }
    bind_text(st, 5, argv_json);
    sqlite3_free(argv_json);
    bind_text(st, 6, run->cwd);
    sqlite3_bind_int64(st, 7, run->pid);
    char host[256];
    bind_text(st, 8, gethostname(host, sizeof host) == 0 ? host : NULL);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        lg__db_error(db, "cannot record the run");
        return lg__db_rollback(db);
    }
    int64_t id = sqlite3_last_insert_rowid(db->h);
    return lg__db_commit(db) < 0 ? -1 : id;
}

/* The file name of a path (after the last '/'). */
static const char *base_name(const char *p)
{
    const char *slash = p ? strrchr(p, '/') : NULL;
    return slash ? slash + 1 : (p ? p : "");
}

static int step_done(lg_db *db, sqlite3_stmt *st, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : lg__db_error(db, what);
}

int lg_db_declare_rules(lg_db *db, const lg_db_rule_evidence *d, size_t n)
{
    assert(db != NULL && (d != NULL || n == 0));
    sqlite3_stmt *st = NULL;
    if (lg__db_begin(db) < 0)
        return -1;
    int rc = 0;
    if (sqlite3_prepare_v2(db->h, "INSERT INTO rule_evidence VALUES (?, ?, ?) ON CONFLICT(rule)"
                           " DO UPDATE SET kind = excluded.kind, per_capture = excluded.per_capture"
                           " WHERE kind <> excluded.kind OR per_capture <> excluded.per_capture",
                           -1, &st, NULL) != SQLITE_OK)
        rc = lg__db_error(db, "cannot declare the rules' evidence");
    for (size_t i = 0; i < n && rc == 0; i++) {
        assert(d[i].rule != NULL && d[i].kind != NULL);
        bind_text(st, 1, d[i].rule);
        bind_text(st, 2, d[i].kind);
        sqlite3_bind_int(st, 3, d[i].per_capture != 0);
        rc = step_done(db, st, "cannot declare the rules' evidence");
    }
    sqlite3_finalize(st);
    return rc < 0 ? lg__db_rollback(db) : lg__db_commit(db);
}

int lg_db_replace_findings(lg_db *db, int64_t run, const char *unit,
                           const lg_db_finding *f, size_t n)
{
    assert(db != NULL && run > 0 && unit != NULL && (f != NULL || n == 0));
    sqlite3_stmt *del = NULL, *hist = NULL, *ins = NULL, *un = NULL, *lines = NULL, *trim = NULL;
    int rc = lg__db_begin(db);
    if (rc < 0)
        return -1;
    double t = now();
    if (sqlite3_prepare_v2(db->h, "DELETE FROM findings WHERE unit = ?", -1, &del, NULL)
        || sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO units VALUES (?, ?, ?)", -1, &un, NULL)
        || sqlite3_prepare_v2(db->h, "INSERT OR IGNORE INTO finding_lines VALUES (?, ?, ?, ?, ?, ?)",
                              -1, &lines, NULL)
        /* the history keeps the 16 latest versions of each file */
        || sqlite3_prepare_v2(db->h, "DELETE FROM finding_lines WHERE path = ?1 AND source_mtime NOT IN"
                              " (SELECT DISTINCT source_mtime FROM finding_lines WHERE path = ?1"
                              "  ORDER BY source_mtime DESC LIMIT 16)", -1, &trim, NULL)
        || sqlite3_prepare_v2(db->h, "INSERT OR IGNORE INTO finding_history VALUES (?, ?)", -1,
                              &hist, NULL)
        || sqlite3_prepare_v2(db->h,
               "INSERT INTO findings (run_id, unit, rule, path, line, column, function, place,"
               " message, severity, fingerprint, capture, first_seen, last_seen, base, source_mtime)"
               " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
               "  (SELECT first_seen FROM finding_history WHERE fingerprint = ?11), ?13, ?14, ?15)",
               -1, &ins, NULL)) {
        rc = lg__db_error(db, "cannot store findings");
        goto out;
    }
    bind_text(del, 1, unit);
    if ((rc = step_done(db, del, "cannot replace earlier findings")) < 0)
        goto out;
    bind_text(un, 1, unit);
    sqlite3_bind_int64(un, 2, run);
    sqlite3_bind_double(un, 3, t);
    if ((rc = step_done(db, un, "cannot store findings")) < 0)
        goto out;
    for (size_t i = 0; i < n && rc == 0; i++) {
        bind_text(hist, 1, f[i].fingerprint);
        sqlite3_bind_double(hist, 2, t);
        if ((rc = step_done(db, hist, "cannot store findings")) < 0)
            break;
        sqlite3_bind_int64(ins, 1, run);
        bind_text(ins, 2, unit);
        bind_text(ins, 3, f[i].rule);
        bind_text(ins, 4, f[i].path);
        sqlite3_bind_int(ins, 5, f[i].line);
        sqlite3_bind_int(ins, 6, f[i].column);
        bind_text(ins, 7, f[i].function);
        bind_text(ins, 8, f[i].place);
        bind_text(ins, 9, f[i].message);
        bind_text(ins, 10, f[i].severity ? f[i].severity : "warning");
        bind_text(ins, 11, f[i].fingerprint);
        sqlite3_bind_int(ins, 12, f[i].capture);
        sqlite3_bind_double(ins, 13, t);
        bind_text(ins, 14, base_name(f[i].path));
        sqlite3_bind_int64(ins, 15, f[i].source_mtime);
        rc = step_done(db, ins, "cannot store findings");
        if (rc == 0 && f[i].source_mtime != 0) {
            bind_text(lines, 1, f[i].path);
            sqlite3_bind_int(lines, 2, f[i].line);
            sqlite3_bind_int64(lines, 3, f[i].source_mtime);
            bind_text(lines, 4, f[i].fingerprint);
            bind_text(lines, 5, f[i].rule);
            sqlite3_bind_int(lines, 6, f[i].capture);
            rc = step_done(db, lines, "cannot store findings");
            bind_text(trim, 1, f[i].path);
            if (rc == 0)
                rc = step_done(db, trim, "cannot store findings");
        }
    }
out:
    sqlite3_finalize(del);
    sqlite3_finalize(hist);
    sqlite3_finalize(ins);
    sqlite3_finalize(un);
    sqlite3_finalize(lines);
    sqlite3_finalize(trim);
    return rc < 0 ? lg__db_rollback(db) : lg__db_commit(db);
}

/* "a/./b/../c" -> "a/c"; leading "./" and "../" removed (for suffix matching). */
static void normalise(const char *in, char *out, size_t sz, int strip_up)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", in);
    const char *parts[512];
    size_t np = 0;
    int absolute = tmp[0] == '/';
    for (char *save = NULL, *p = strtok_r(tmp, "/", &save); p && np < 512; p = strtok_r(NULL, "/", &save)) {
        if (strcmp(p, ".") == 0)
            continue;
        if (strcmp(p, "..") == 0) {
            if (np > 0 && strcmp(parts[np - 1], "..") != 0)
                np--;
            else if (!strip_up && !absolute)
                parts[np++] = p;
            continue;
        }
        parts[np++] = p;
    }
    size_t w = 0;
    out[0] = 0;
    if (absolute && !strip_up)
        w += (size_t)snprintf(out + w, sz - w, "/");
    for (size_t i = 0; i < np && w < sz; i++)
        w += (size_t)snprintf(out + w, sz - w, "%s%s", i ? "/" : "", parts[i]);
}

int lg_db_replace_evidence(lg_db *db, int64_t run, const char *cwd,
                           const lg_db_evidence *e, size_t n)
{
    assert(db != NULL && run > 0 && (e != NULL || n == 0));
    sqlite3_stmt *del = NULL, *ins = NULL;
    int rc = lg__db_begin(db);
    if (rc < 0)
        return -1;
    if (sqlite3_prepare_v2(db->h, "DELETE FROM evidence WHERE run_id = ?", -1, &del, NULL)
        || sqlite3_prepare_v2(db->h,
               "INSERT INTO evidence (run_id, kind, site_path, site_abs, site_norm, site_line,"
               " site_function, type, count, bytes, inserts, removals, evictions, peak_len,"
               " capture_index, detail, site_base, overwrites, total_bytes, peak_bytes,"
               " first_tick, peak_tick, last_tick, series, site_mtime, paths)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               -1, &ins, NULL)) {
        rc = lg__db_error(db, "cannot store evidence");
        goto out;
    }
    sqlite3_bind_int64(del, 1, run);
    if ((rc = step_done(db, del, "cannot replace evidence")) < 0)
        goto out;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char joined[4096], abs[4096], norm[4096];
        const char *site = e[i].site_path ? e[i].site_path : "";
        if (site[0] == '/' || cwd == NULL)
            snprintf(joined, sizeof joined, "%s", site);
        else
            snprintf(joined, sizeof joined, "%s/%s", cwd, site);
        normalise(joined, abs, sizeof abs, 0);
        normalise(site, norm, sizeof norm, 1);
        sqlite3_bind_int64(ins, 1, run);
        bind_text(ins, 2, e[i].kind);
        bind_text(ins, 3, site);
        bind_text(ins, 4, abs[0] == '/' ? abs : NULL);
        bind_text(ins, 5, norm);
        sqlite3_bind_int(ins, 6, e[i].site_line);
        bind_text(ins, 7, e[i].site_function);
        bind_text(ins, 8, e[i].type);
        sqlite3_bind_int64(ins, 9, e[i].count);
        sqlite3_bind_int64(ins, 10, e[i].bytes);
        sqlite3_bind_int64(ins, 11, e[i].inserts);
        sqlite3_bind_int64(ins, 12, e[i].removals);
        sqlite3_bind_int64(ins, 13, e[i].evictions);
        sqlite3_bind_int64(ins, 14, e[i].peak_len);
        sqlite3_bind_int(ins, 15, e[i].capture_index);
        bind_text(ins, 16, e[i].detail);
        bind_text(ins, 17, base_name(norm));
        sqlite3_bind_int64(ins, 18, e[i].overwrites);
        sqlite3_bind_int64(ins, 19, e[i].total_bytes);
        sqlite3_bind_int64(ins, 20, e[i].peak_bytes);
        sqlite3_bind_int64(ins, 21, e[i].first_tick);
        sqlite3_bind_int64(ins, 22, e[i].peak_tick);
        sqlite3_bind_int64(ins, 23, e[i].last_tick);
        bind_text(ins, 24, e[i].series);
        sqlite3_bind_int64(ins, 25, e[i].site_mtime);
        bind_text(ins, 26, e[i].paths);
        rc = step_done(db, ins, "cannot store evidence");
    }
out:
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return rc < 0 ? lg__db_rollback(db) : lg__db_commit(db);
}

/* ---- reading */

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* A column the schema declares NOT NULL: a damaged file can still yield
 * NULL there, and readers must not crash on it. */
static const char *col_req(sqlite3_stmt *st, int i)
{
    const char *t = col_text(st, i);
    return t != NULL ? t : "?";
}

int lg_db_each_finding(lg_db *db, const char *rule, int confirmed, lg_db_finding_cb cb, void *arg)
{
    assert(db != NULL && cb != NULL && confirmed >= -1 && confirmed <= 1);
    static const char sql[] =
        /* the matches computed once; per finding the strongest (confirming,
         * then not stale, then the most) and how many runs saw it */
        "WITH m AS MATERIALIZED (SELECT * FROM evidence_matches),"
        " best AS (SELECT *, row_number() OVER (PARTITION BY finding_id ORDER BY confirms DESC,"
        "   attached <> 'stale' DESC, count DESC, bytes DESC, run_id DESC) AS nth FROM m),"
        " agg AS (SELECT finding_id, count(DISTINCT run_id) AS runs, max(confirms) AS confirmed"
        "   FROM m GROUP BY finding_id)"
        "SELECT s.id, s.rule, s.path, s.function, s.place, s.message, s.severity, s.fingerprint,"
        "  s.line, s.column, s.capture, s.first_seen, s.last_seen, coalesce(a.confirmed, 0),"
        "  b.kind, b.count, b.bytes, b.inserts, b.removals, b.evictions, b.peak_len,"
        "  b.capture_index, coalesce(a.runs, 0), b.overwrites, b.total_bytes, b.peak_bytes, b.attached,"
        "  CASE WHEN json_valid(b.detail) THEN b.detail->>'made' END, b.type"
        " FROM findings s LEFT JOIN agg a ON a.finding_id = s.id"
        " LEFT JOIN best b ON b.finding_id = s.id AND b.nth = 1"
        " WHERE (?1 IS NULL OR s.rule = ?1) AND (?2 < 0 OR coalesce(a.confirmed, 0) = ?2)"
        " ORDER BY s.path, s.line, s.column, s.rule";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot read findings");
    bind_text(st, 1, rule);
    sqlite3_bind_int(st, 2, confirmed);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        lg_db_finding_row r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(st, 0);
        r.rule = col_req(st, 1);
        r.path = col_req(st, 2);
        r.function = col_text(st, 3);
        r.place = col_text(st, 4);
        r.message = col_req(st, 5);
        r.severity = col_req(st, 6);
        r.fingerprint = col_req(st, 7);
        r.line = sqlite3_column_int(st, 8);
        r.column = sqlite3_column_int(st, 9);
        r.capture = sqlite3_column_int(st, 10);
        r.first_seen = sqlite3_column_double(st, 11);
        r.last_seen = sqlite3_column_double(st, 12);
        r.confirmed = sqlite3_column_int(st, 13);
        r.ev_kind = col_text(st, 14);
        r.ev_count = sqlite3_column_int64(st, 15);
        r.ev_bytes = sqlite3_column_int64(st, 16);
        r.ev_inserts = sqlite3_column_int64(st, 17);
        r.ev_removals = sqlite3_column_int64(st, 18);
        r.ev_evictions = sqlite3_column_int64(st, 19);
        r.ev_peak_len = sqlite3_column_int64(st, 20);
        r.ev_capture = sqlite3_column_int(st, 21);
        r.ev_runs = sqlite3_column_int64(st, 22);
        r.ev_overwrites = sqlite3_column_int64(st, 23);
        r.ev_total_bytes = sqlite3_column_int64(st, 24);
        r.ev_peak_bytes = sqlite3_column_int64(st, 25);
        const char *attached = col_text(st, 26);
        r.ev_stale = attached != NULL && strcmp(attached, "stale") == 0;
        r.ev_moved = attached != NULL && strcmp(attached, "moved") == 0;
        r.ev_made = col_text(st, 27);
        r.ev_type = col_text(st, 28);
        if (cb(&r, arg) != 0)
            break;
    }
    int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
    sqlite3_finalize(st);
    return bad ? lg__db_error(db, "cannot read findings") : 0;
}

/* The evidence columns every evidence reader selects, in row_of's order. */
#define EVIDENCE_READ "e.run_id, e.kind, e.site_path, e.site_abs, e.site_function, e.type," \
    " e.detail, e.site_line, e.capture_index, e.count, e.bytes, e.inserts, e.removals," \
    " e.evictions, e.peak_len, e.overwrites, e.total_bytes, e.peak_bytes, e.first_tick," \
    " e.peak_tick, e.last_tick, e.series, e.paths, e.id"

/* Calls cb for each row st yields (EVIDENCE_READ's columns); finalizes st. */
static int each_evidence_row(lg_db *db, sqlite3_stmt *st, lg_db_evidence_cb cb, void *arg)
{
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        lg_db_evidence_row r;
        r.run = sqlite3_column_int64(st, 0);
        r.kind = col_req(st, 1);
        r.site_path = col_req(st, 2);
        r.site_abs = col_text(st, 3);
        r.site_function = col_text(st, 4);
        r.type = col_text(st, 5);
        r.detail = col_text(st, 6);
        r.site_line = sqlite3_column_int(st, 7);
        r.capture_index = sqlite3_column_int(st, 8);
        r.count = sqlite3_column_int64(st, 9);
        r.bytes = sqlite3_column_int64(st, 10);
        r.inserts = sqlite3_column_int64(st, 11);
        r.removals = sqlite3_column_int64(st, 12);
        r.evictions = sqlite3_column_int64(st, 13);
        r.peak_len = sqlite3_column_int64(st, 14);
        r.overwrites = sqlite3_column_int64(st, 15);
        r.total_bytes = sqlite3_column_int64(st, 16);
        r.peak_bytes = sqlite3_column_int64(st, 17);
        r.first_tick = sqlite3_column_int64(st, 18);
        r.peak_tick = sqlite3_column_int64(st, 19);
        r.last_tick = sqlite3_column_int64(st, 20);
        r.series = col_text(st, 21);
        r.paths = col_text(st, 22);
        r.id = sqlite3_column_int64(st, 23);
        if (cb(&r, arg) != 0)
            break;
    }
    int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
    sqlite3_finalize(st);
    return bad ? lg__db_error(db, "cannot read evidence") : 0;
}

int lg_db_each_evidence(lg_db *db, lg_db_evidence_cb cb, void *arg)
{
    assert(db != NULL && cb != NULL);
    static const char sql[] =
        "SELECT " EVIDENCE_READ " FROM evidence e ORDER BY e.site_norm, e.site_line, e.kind, e.run_id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot read evidence");
    return each_evidence_row(db, st, cb, arg);
}

int lg_db_each_evidence_of(lg_db *db, int64_t finding_id, const char *site_base, int line,
                           int with_paths, lg_db_evidence_cb cb, void *arg)
{
    assert(db != NULL && cb != NULL && (finding_id > 0 || site_base != NULL));
    static const char of_finding[] =
        "SELECT " EVIDENCE_READ " FROM evidence_matches m JOIN evidence e ON e.id = m.id"
        " WHERE m.finding_id = ?1 AND (?2 = 0 OR e.paths IS NOT NULL)"
        " ORDER BY m.confirms DESC, e.run_id DESC, e.id";
    static const char at_site[] =
        "SELECT " EVIDENCE_READ " FROM evidence e WHERE e.site_line = ?3 AND e.site_base = ?4"
        " AND (?2 = 0 OR e.paths IS NOT NULL) ORDER BY e.run_id DESC, e.id";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, finding_id > 0 ? of_finding : at_site, -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot read evidence");
    if (finding_id > 0) {
        sqlite3_bind_int64(st, 1, finding_id);
        sqlite3_bind_int(st, 2, with_paths);
    } else {
        sqlite3_bind_int(st, 2, with_paths);
        sqlite3_bind_int(st, 3, line);
        bind_text(st, 4, site_base);
    }
    return each_evidence_row(db, st, cb, arg);
}

int lg_db_each_finding_site(lg_db *db, int (*cb)(int line, const char *base, void *arg), void *arg)
{
    assert(db != NULL && cb != NULL);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "SELECT DISTINCT line, base FROM findings", -1, &st, NULL)
        != SQLITE_OK)
        return lg__db_error(db, "cannot read findings");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        if (cb(sqlite3_column_int(st, 0), col_req(st, 1), arg) != 0)
            break;
    int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
    sqlite3_finalize(st);
    return bad ? lg__db_error(db, "cannot read findings") : 0;
}

int lg_db_each_runtime_only(lg_db *db, lg_db_finding_cb cb, void *arg)
{
    assert(db != NULL && cb != NULL);
    /* one row per site, kind and capture: the strongest evidence of any run */
    static const char sql[] =
        "SELECT rule, coalesce(site_abs, site_path), site_line, kind, capture_index,"
        "  count, bytes, inserts, removals, evictions, peak_len, overwrites, total_bytes, peak_bytes,"
        "  runs, site_norm, site_function, type FROM ("
        "  SELECT l.*, count(*) OVER w AS runs, row_number() OVER (w ORDER BY l.count DESC,"
        "   l.bytes DESC, l.peak_len DESC, l.run_id DESC) AS nth FROM runtime_only l"
        "  WINDOW w AS (PARTITION BY l.site_norm, l.site_line, l.kind, l.capture_index))"
        " WHERE nth = 1 ORDER BY site_norm, site_line, kind, capture_index";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot read runtime-only findings");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        lg_db_finding_row r;
        memset(&r, 0, sizeof r);
        char fp[96], msg[256];
        r.rule = col_text(st, 0);   /* NULL: no rule declared the kind (yet) */
        r.path = col_req(st, 1);
        r.line = sqlite3_column_int(st, 2);
        r.ev_kind = col_req(st, 3);
        r.capture = r.ev_capture = sqlite3_column_int(st, 4);
        r.ev_count = sqlite3_column_int64(st, 5);
        r.ev_bytes = sqlite3_column_int64(st, 6);
        r.ev_inserts = sqlite3_column_int64(st, 7);
        r.ev_removals = sqlite3_column_int64(st, 8);
        r.ev_evictions = sqlite3_column_int64(st, 9);
        r.ev_peak_len = sqlite3_column_int64(st, 10);
        r.ev_overwrites = sqlite3_column_int64(st, 11);
        r.ev_total_bytes = sqlite3_column_int64(st, 12);
        r.ev_peak_bytes = sqlite3_column_int64(st, 13);
        r.ev_runs = sqlite3_column_int64(st, 14);
        r.function = col_text(st, 16);
        r.place = col_text(st, 17);
        r.confirmed = 1;
        r.runtime_only = 1;
        r.severity = "warning";
        /* the site as the runtime named it, so a baseline can name it too */
        const unsigned char *norm = sqlite3_column_text(st, 15);
        uint32_t h = 2166136261u;
        for (const unsigned char *p = norm; p && *p; p++)
            h = (h ^ *p) * 16777619u;
        snprintf(fp, sizeof fp, "rt-%s-%08x-%d-%d", r.ev_kind, (unsigned)h, r.line, r.capture);
        r.fingerprint = fp;
        snprintf(msg, sizeof msg, "seen only at run time: %s", strcmp(r.ev_kind, "growth") == 0
                 ? "a container that only grew (no static finding here)"
                 : strcmp(r.ev_kind, "kept_alive") == 0
                 ? "objects kept alive only by a container (no static finding here)"
                 : "a closure capture never read (no static finding here)");
        r.message = msg;
        if (cb(&r, arg) != 0)
            break;
    }
    int bad = rc != SQLITE_ROW && rc != SQLITE_DONE;
    sqlite3_finalize(st);
    return bad ? lg__db_error(db, "cannot read runtime-only findings") : 0;
}

void lg_db_bytes(int64_t b, char *buf, size_t sz)
{
    if (b >= 1000000000)
        snprintf(buf, sz, "%.1f GB", (double)b / 1e9);
    else if (b >= 1000000)
        snprintf(buf, sz, "%.1f MB", (double)b / 1e6);
    else if (b >= 1000)
        snprintf(buf, sz, "%.1f kB", (double)b / 1e3);
    else
        snprintf(buf, sz, "%lld bytes", (long long)b);
}

void lg_db_summary(const lg_db_finding_row *r, char *buf, size_t sz)
{
    char bytes[32];
    buf[0] = 0;
    if (r->ev_kind == NULL)
        return;
    lg_db_bytes(r->ev_bytes, bytes, sizeof bytes);
    const char *head = r->confirmed ? (r->ev_moved ? "confirmed (recorded before the call moved)"
                                                   : "confirmed")
                     : r->ev_stale ? "recorded against an older build of this file, not confirmed"
                     : "seen at run time, not confirmed";
    if (strcmp(r->ev_kind, "kept_alive") == 0)
        snprintf(buf, sz, "%s: %lld object%s, %s kept alive only by this list", head,
                 (long long)r->ev_count, r->ev_count == 1 ? "" : "s", bytes);
    else if (strcmp(r->ev_kind, "growth") == 0) {
        char peak[32], total[32];
        lg_db_bytes(r->ev_peak_bytes, peak, sizeof peak);
        lg_db_bytes(r->ev_total_bytes, total, sizeof total);
        char made[160] = "";
        if (r->ev_made != NULL) {
            const char *slash = strrchr(r->ev_made, '/');
            snprintf(made, sizeof made, "the %s made at %s ", r->ev_type ? r->ev_type : "container",
                     slash ? slash + 1 : r->ev_made);
        }
        snprintf(buf, sz, "%s: %sgrew to %lld entries (%lld new keys, %lld overwrites, %lld removals, "
                 "%lld evictions), %s at its peak, %s when last seen, %s stored in all", head, made,
                 (long long)r->ev_peak_len, (long long)r->ev_inserts, (long long)r->ev_overwrites,
                 (long long)r->ev_removals, (long long)r->ev_evictions, peak, bytes, total);
    } else if (strcmp(r->ev_kind, "unread_capture") == 0 && r->ev_bytes > 0) {
        snprintf(buf, sz, "%s: capture %d never read by %lld closure%s, %s kept alive by those "
                 "still alive", head, r->ev_capture, (long long)r->ev_count,
                 r->ev_count == 1 ? "" : "s", bytes);
    } else if (strcmp(r->ev_kind, "unread_capture") == 0) {
        char total[32];
        lg_db_bytes(r->ev_total_bytes, total, sizeof total);
        snprintf(buf, sz, "%s: capture %d never read by %lld closure%s (none alive when last "
                 "seen; %s held while they lived)", head, r->ev_capture, (long long)r->ev_count,
                 r->ev_count == 1 ? "" : "s", total);
    }
    else
        snprintf(buf, sz, "%s: %s, %lld objects, %s", head, r->ev_kind, (long long)r->ev_count, bytes);
}

/* ---- transactions and the project index */

int lg_db_begin(lg_db *db)
{
    assert(db != NULL && db->depth == 0);
    return lg__db_begin(db);
}

int lg_db_end(lg_db *db, int commit)
{
    assert(db != NULL && db->depth == 1);
    return commit ? lg__db_commit(db) : lg__db_rollback(db);
}

int lg_db_put_summary(lg_db *db, int64_t run, const char *unit, int format, const char *text,
                      int64_t source_mtime)
{
    assert(db != NULL && unit != NULL && text != NULL);
    if (lg__db_begin(db) < 0)
        return -1;
    sqlite3_stmt *st = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(db->h, "INSERT OR REPLACE INTO summaries VALUES (?, ?, ?, ?, ?, ?)", -1,
                           &st, NULL) != SQLITE_OK) {
        rc = lg__db_error(db, "cannot store the unit's summary");
    } else {
        bind_text(st, 1, unit);
        if (run > 0)
            sqlite3_bind_int64(st, 2, run);
        sqlite3_bind_int(st, 3, format);
        bind_text(st, 4, text);
        sqlite3_bind_int64(st, 5, source_mtime);
        sqlite3_bind_double(st, 6, now());
        rc = step_done(db, st, "cannot store the unit's summary");
    }
    sqlite3_finalize(st);
    return rc < 0 ? lg__db_rollback(db) : lg__db_commit(db);
}

int lg_db_each_summary(lg_db *db, lg_db_summary_cb cb, void *arg)
{
    assert(db != NULL && cb != NULL);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db->h, "SELECT unit, format, summary, source_mtime FROM summaries"
                           " ORDER BY unit", -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot read the project index");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 2);
        lg_db_summary_row row = {
            (const char *)sqlite3_column_text(st, 0), sqlite3_column_int(st, 1), text ? text : "",
            text ? (size_t)sqlite3_column_bytes(st, 2) : 0, sqlite3_column_int64(st, 3),
        };
        if (row.unit == NULL)
            continue;                 /* a damaged row: nothing to judge by */
        if (cb(&row, arg) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : lg__db_error(db, "cannot read the project index");
}
