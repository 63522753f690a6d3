/*
 * merge.c — bringing findings databases together (lgdb.h): `linger merge`
 * of database files, and the portable JSON form (`linger export`/`import`)
 * for machines that cannot share a file.  Import loads the JSON into a
 * scratch database and merges that, so there is one merge.
 *
 * What a merge keeps, in one transaction on the output:
 * - runs are identified by their uuid: a run already present is not added
 *   again, nor is its evidence (so merging the same input twice changes
 *   nothing);
 * - a unit's findings are those of the latest static run that analysed it
 *   (units.checked), as if every run had written one file in time order; a
 *   finding already present under another unit with the same fingerprint
 *   and file name (the same source checked out elsewhere) is not repeated;
 * - a fingerprint's first-seen time is the earliest either side saw.
 */
#include "lgdb_int.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The columns each table carries across (ids are the database's own). */
#define RUN_COLS "kind, tool, version, started, argv, cwd, pid, uuid, host"
#define UNIT_COLS "unit, run_id, checked"
#define HISTORY_COLS "fingerprint, first_seen"
#define FINDING_COLS "run_id, unit, rule, path, line, column, function, place, message, " \
    "severity, fingerprint, capture, first_seen, last_seen, base, source_mtime"
#define EVIDENCE_COLS "run_id, kind, site_path, site_abs, site_norm, site_line, site_function, " \
    "type, count, bytes, inserts, removals, evictions, peak_len, capture_index, detail, site_base, " \
    "overwrites, total_bytes, peak_bytes, first_tick, peak_tick, last_tick, series, site_mtime, " \
    "paths"

#define EXPORT_FORMAT "linger-export"
#define EXPORT_VERSION 1

static const char merge_sql[] =
    "CREATE TEMP TABLE runmap (src INTEGER PRIMARY KEY, dst INTEGER NOT NULL, added INTEGER NOT NULL);"
    "INSERT INTO temp.runmap SELECT s.id, m.id, 0 FROM src.runs s JOIN main.runs m ON m.uuid = s.uuid;"
    "INSERT INTO main.runs (" RUN_COLS ") SELECT " RUN_COLS " FROM src.runs"
    "  WHERE id NOT IN (SELECT src FROM temp.runmap) ORDER BY id;"
    "INSERT INTO temp.runmap SELECT s.id, m.id, 1 FROM src.runs s JOIN main.runs m ON m.uuid = s.uuid"
    "  WHERE s.id NOT IN (SELECT src FROM temp.runmap);"
    /* every copy names its columns and filters: never SQLite's verbatim b-tree
     * transfer, which would carry the input's pages (and any damage) across */
    "INSERT OR IGNORE INTO main.finding_lines (path, line, source_mtime, fingerprint, rule, capture)"
    "  SELECT path, line, source_mtime, fingerprint, rule, capture FROM src.finding_lines WHERE true;"
    "INSERT INTO main.finding_history SELECT " HISTORY_COLS " FROM src.finding_history WHERE true"
    "  ON CONFLICT (fingerprint) DO UPDATE SET first_seen = min(first_seen, excluded.first_seen);"
    "CREATE TEMP TABLE newer AS SELECT u.unit, r.dst AS run_id, u.checked FROM src.units u"
    "  JOIN temp.runmap r ON r.src = u.run_id LEFT JOIN main.units m ON m.unit = u.unit"
    "  WHERE m.unit IS NULL OR m.checked < u.checked;"
    "DELETE FROM main.findings WHERE unit IN (SELECT unit FROM temp.newer);"
    "INSERT OR REPLACE INTO main.units SELECT " UNIT_COLS " FROM temp.newer;"
    "INSERT INTO main.findings (" FINDING_COLS ") SELECT r.dst, f.unit, f.rule, f.path, f.line,"
    "  f.column, f.function, f.place, f.message, f.severity, f.fingerprint, f.capture,"
    "  f.first_seen, f.last_seen, f.base, f.source_mtime FROM src.findings f"
    "  JOIN temp.runmap r ON r.src = f.run_id"
    "  WHERE f.unit IN (SELECT unit FROM temp.newer) AND NOT EXISTS (SELECT 1 FROM main.findings o"
    "   WHERE o.fingerprint = f.fingerprint AND o.base = f.base AND o.unit <> f.unit);"
    "UPDATE main.findings SET first_seen = (SELECT h.first_seen FROM main.finding_history h"
    "  WHERE h.fingerprint = findings.fingerprint)"
    "  WHERE fingerprint IN (SELECT fingerprint FROM src.finding_history);"
    "INSERT INTO main.evidence (" EVIDENCE_COLS ") SELECT r.dst, e.kind, e.site_path, e.site_abs,"
    "  e.site_norm, e.site_line, e.site_function, e.type, e.count, e.bytes, e.inserts, e.removals,"
    "  e.evictions, e.peak_len, e.capture_index, e.detail, e.site_base, e.overwrites, e.total_bytes,"
    "  e.peak_bytes, e.first_tick, e.peak_tick, e.last_tick, e.series, e.site_mtime, e.paths FROM src.evidence e"
    "  JOIN temp.runmap r ON r.src = e.run_id WHERE r.added ORDER BY e.id;";

static int count_of(lg_db *db, const char *sql, int64_t *n)
{
    sqlite3_stmt *st;
    *n = 0;
    if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(db, "cannot merge");
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return 0;
}

/* Merges the database attached as src (at the current schema version). */
static int merge_attached(lg_db *db, lg_db_merge_stats *stats)
{
    if (lg__db_begin(db) < 0)
        return -1;
    int rc = lg__db_exec(db, merge_sql, "cannot merge");
    if (rc == 0)
        rc = count_of(db, "SELECT count(*) FROM temp.runmap WHERE added", &stats->runs)
          | count_of(db, "SELECT count(*) FROM temp.newer", &stats->units)
          | count_of(db, "SELECT count(*) FROM src.evidence e JOIN temp.runmap r ON r.src = e.run_id"
                         " WHERE r.added", &stats->evidence);
    sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.runmap; DROP TABLE IF EXISTS temp.newer",
                 NULL, NULL, NULL);
    return rc < 0 ? lg__db_rollback(db) : lg__db_commit(db);
}

/* An empty scratch file in $TMPDIR (else /tmp), its path in tmp. */
static int scratch_file(lg_db *db, const char *what, char *tmp, size_t sz)
{
    const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(tmp, sz, "%s/linger-%s-XXXXXX", dir, what);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return lg__db_refuse(db, "cannot %s: cannot make a scratch file in %s (%s)", what, dir,
                             strerror(errno));
    close(fd);
    return 0;
}

/* A copy of an older database, upgraded, in a scratch file (the input is
 * never written); the scratch path in tmp. */
static int upgraded_copy(lg_db *db, lg_db *in, char *tmp, size_t sz)
{
    if (scratch_file(db, "merge", tmp, sz) < 0)
        return -1;
    sqlite3 *h = NULL;
    int rc = sqlite3_open_v2(tmp, &h, SQLITE_OPEN_READWRITE, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(h, "main", in->h, "main") : NULL;
    if (b != NULL) {
        sqlite3_backup_step(b, -1);
        rc = sqlite3_backup_finish(b);
    } else {
        rc = SQLITE_ERROR;
    }
    sqlite3_close(h);
    if (rc != SQLITE_OK) {
        unlink(tmp);
        return lg__db_refuse(db, "cannot merge: cannot copy %s to upgrade it", in->path);
    }
    char err[PATH_MAX + 1100];
    lg_db *up;
    if (lg_db_open(tmp, 0, &up, err, sizeof err) < 0) {
        unlink(tmp);
        return lg__db_refuse(db, "cannot merge: %s", err);
    }
    lg_db_close(up);
    return 0;
}

static void remove_scratch(const char *tmp)
{
    char p[PATH_MAX + 8];
    unlink(tmp);
    snprintf(p, sizeof p, "%s-wal", tmp);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", tmp);
    unlink(p);
}

int lg_db_merge(lg_db *db, const char *in_path, lg_db_merge_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    char err[PATH_MAX + 1100], tmp[PATH_MAX] = "";
    lg_db *in;
    if (lg_db_open(in_path, LG_DB_READONLY, &in, err, sizeof err) < 0)
        return lg__db_refuse(db, "cannot merge: %s", err);
    if (strcmp(in->path, db->path) == 0) {
        lg_db_close(in);
        return lg__db_refuse(db, "cannot merge a database into itself");
    }
    int64_t version = 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(in->h, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    /* a damaged input is never merged: its garbage could reach the output
     * (quick_check does not compare indexes with their tables: the full check) */
    char check[256] = "";
    if (sqlite3_prepare_v2(in->h, "PRAGMA integrity_check(1)", -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
        snprintf(check, sizeof check, "%s", (const char *)sqlite3_column_text(st, 0));
    else
        snprintf(check, sizeof check, "%s", sqlite3_errmsg(in->h));
    sqlite3_finalize(st);
    if (strcmp(check, "ok") != 0) {
        int rc = lg__db_refuse(db, "cannot merge %s: the input is damaged (%s): refused", in->path, check);
        lg_db_close(in);
        return rc;
    }
    lg__dbfile f;
    if (lg__dbfile_inspect(in->path, &f) < 0)
        f.wal_size = -1;
    char uri[PATH_MAX * 3 + 64];
    const char *query = lg__db_reader_query(&f, in->path);
    int rc = version < LG_DB_SCHEMA_VERSION ? upgraded_copy(db, in, tmp, sizeof tmp) : 0;
    if (rc == 0 && lg__db_uri(tmp[0] ? tmp : in->path, tmp[0] ? "mode=ro" : query, uri, sizeof uri) < 0)
        rc = lg__db_refuse(db, "cannot merge: the path is too long");
    lg_db_close(in);
    sqlite3_stmt *at = NULL;
    if (rc == 0 && (sqlite3_prepare_v2(db->h, "ATTACH ? AS src", -1, &at, NULL) != SQLITE_OK
                    || sqlite3_bind_text(at, 1, uri, -1, SQLITE_STATIC) != SQLITE_OK
                    || sqlite3_step(at) != SQLITE_DONE))
        rc = lg__db_error(db, "cannot merge: cannot attach the input");
    sqlite3_finalize(at);
    if (rc == 0) {
        rc = merge_attached(db, stats);
        sqlite3_exec(db->h, "DETACH src", NULL, NULL, NULL);
    }
    if (tmp[0])
        remove_scratch(tmp);
    return rc;
}

/* ---- the portable JSON form */

/* Each exported table: its key column and the columns carried with it. */
static const struct { const char *table, *key, *cols; } tables[] = {
    { "runs", "id", RUN_COLS }, { "units", "unit", "run_id, checked" },
    { "finding_history", "fingerprint", "first_seen" }, { "findings", "id", FINDING_COLS },
    { "finding_lines", "path", "line, source_mtime, fingerprint, rule, capture" },
    { "evidence", "id", EVIDENCE_COLS } };
#define NTABLES (sizeof tables / sizeof *tables)

/* "json_object('k', k, 'a', a, 'b', b)" for key k and columns "a, b". */
static char *json_object_of(const char *key, const char *cols)
{
    size_t cap = strlen(cols) * 3 + 64;
    char *out = malloc(cap), *w = out;
    if (out == NULL)
        return NULL;
    w += sprintf(w, "json_object('%s', %s", key, key);
    for (const char *p = cols; *p;) {
        size_t n = strcspn(p, ",");
        w += sprintf(w, ", '%.*s', %.*s", (int)n, p, (int)n, p);
        p += n;
        p += strspn(p, ", ");
    }
    strcpy(w, ")");
    return out;
}

static int export_table(lg_db *db, FILE *out, size_t t)
{
    const char *table = tables[t].table;
    char *obj = json_object_of(tables[t].key, tables[t].cols);
    char *sql = obj ? sqlite3_mprintf("SELECT %s FROM %s ORDER BY rowid", obj, table) : NULL;
    free(obj);
    sqlite3_stmt *st = NULL;
    if (sql == NULL || sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
        sqlite3_free(sql);
        return lg__db_error(db, "cannot export");
    }
    sqlite3_free(sql);
    fprintf(out, "  \"%s\": [", table);
    int rc, n = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        fprintf(out, "%s\n    %s", n++ ? "," : "", (const char *)sqlite3_column_text(st, 0));
    fprintf(out, "%s]%s\n", n ? "\n  " : "", t + 1 == NTABLES ? "" : ",");
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : lg__db_error(db, "cannot export");
}

int lg_db_export(lg_db *db, FILE *out)
{
    fprintf(out, "{\n  \"format\": \"%s\",\n  \"version\": %d,\n  \"schema\": %d,\n",
            EXPORT_FORMAT, EXPORT_VERSION, LG_DB_SCHEMA_VERSION);
    int rc = 0;
    for (size_t t = 0; t < NTABLES && rc == 0; t++)
        rc = export_table(db, out, t);
    fputs("}\n", out);
    return fflush(out) != 0 && rc == 0 ? lg__db_refuse(db, "cannot export: %s", strerror(errno)) : rc;
}

/* "INSERT INTO t (id, a, b) SELECT value->>'id', value->>'a', value->>'b'
 *  FROM json_each(?1, '$.t')" */
static char *import_sql(size_t t)
{
    const char *table = tables[t].table, *cols = tables[t].cols, *key = tables[t].key;
    size_t cap = strlen(cols) * 3 + 256;
    char *out = malloc(cap), *w = out;
    if (out == NULL)
        return NULL;
    w += sprintf(w, "INSERT INTO %s (%s, %s) SELECT value->>'%s'", table, key, cols, key);
    for (const char *p = cols; *p;) {
        size_t n = strcspn(p, ",");
        w += sprintf(w, ", value->>'%.*s'", (int)n, p);
        p += n;
        p += strspn(p, ", ");
    }
    sprintf(w, " FROM json_each(?1, '$.%s')", table);
    return out;
}

/* The JSON text into the fresh scratch database scratch. */
static int load_json(lg_db *scratch, const char *text, const char *name)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(scratch->h, "SELECT json_valid(?1), ?1->>'$.format', ?1->>'$.version'",
                           -1, &st, NULL) != SQLITE_OK)
        return lg__db_error(scratch, "cannot import");
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    int valid = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
    const char *format = valid ? (const char *)sqlite3_column_text(st, 1) : NULL;
    int version = valid ? sqlite3_column_int(st, 2) : 0;
    int ok = valid && format != NULL && strcmp(format, EXPORT_FORMAT) == 0;
    sqlite3_finalize(st);
    if (!valid)
        return lg__db_refuse(scratch, "cannot import %s: not valid JSON", name);
    if (!ok)
        return lg__db_refuse(scratch, "cannot import %s: not a linger export (\"format\" is not "
                             "\"" EXPORT_FORMAT "\")", name);
    if (version > EXPORT_VERSION || version < 1)
        return lg__db_refuse(scratch, "cannot import %s: export version %d, this linger reads "
                             "version %d: upgrade linger", name, version, EXPORT_VERSION);
    if (lg__db_begin(scratch) < 0)
        return -1;
    for (size_t i = 0; i < NTABLES; i++) {
        char *sql = import_sql(i);
        int rc = sql ? sqlite3_prepare_v2(scratch->h, sql, -1, &st, NULL) : SQLITE_NOMEM;
        free(sql);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            sqlite3_finalize(st);
        }
        if (rc != SQLITE_DONE && rc != SQLITE_OK) {
            char what[PATH_MAX + 64];
            snprintf(what, sizeof what, "cannot import %s (its %s)", name, tables[i].table);
            lg__db_error(scratch, what);
            return lg__db_rollback(scratch);
        }
    }
    return lg__db_commit(scratch);
}

int lg_db_import(lg_db *db, const char *json_text, const char *name, lg_db_merge_stats *stats)
{
    memset(stats, 0, sizeof *stats);
    char tmp[PATH_MAX], err[PATH_MAX + 1100];
    if (scratch_file(db, "import", tmp, sizeof tmp) < 0)
        return -1;
    lg_db *scratch;
    int rc;
    if (lg_db_open(tmp, 0, &scratch, err, sizeof err) < 0) {
        rc = lg__db_refuse(db, "cannot import: %s", err);
    } else {
        rc = load_json(scratch, json_text, name);
        size_t skip = strlen(scratch->path);
        if (rc < 0)   /* the scratch file's name is of no use to the reader */
            lg__db_refuse(db, "%s", strncmp(scratch->err, scratch->path, skip) == 0
                                    ? scratch->err + skip + 2 : scratch->err);
        lg_db_close(scratch);
        if (rc == 0)
            rc = lg_db_merge(db, tmp, stats);
    }
    remove_scratch(tmp);
    return rc;
}
