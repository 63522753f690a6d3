/*
 * prune.c — taking old runs and gone files out of the findings database
 * (lgdb.h), in one transaction.
 *
 * What goes, and what stays:
 * - older_than_days >= 0: runtime runs that started before the cutoff, with
 *   their evidence; static runs before it once nothing refers to them (a
 *   unit's findings are kept until a newer check replaces them: they are the
 *   latest word on that unit, however old);
 * - missing_files: the findings, units and summaries (the project index) of
 *   translation units and files that no longer exist on this machine, then
 *   the static runs nothing refers to any more.
 * First-seen times (finding_history) are kept: a finding that comes back is
 * still as old as it was.
 */
#include "lgdb_int.h"
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static int changes(lg_db *db, const char *sql, const char *what, int64_t *n)
{
    if (lg__db_exec(db, sql, what) < 0)
        return -1;
    *n += sqlite3_changes64(db->h);
    return 0;
}

/* Collects the units and paths that no longer exist into temp.gone. */
static int find_gone(lg_db *db)
{
    sqlite3_stmt *list = NULL, *add = NULL;
    if (lg__db_exec(db, "CREATE TEMP TABLE gone (unit TEXT PRIMARY KEY)", "cannot prune") < 0)
        return -1;
    int rc = sqlite3_prepare_v2(db->h, "SELECT unit FROM units UNION SELECT unit FROM findings"
                                " UNION SELECT path FROM findings UNION SELECT unit FROM summaries",
                                -1, &list, NULL) != SQLITE_OK
             || sqlite3_prepare_v2(db->h, "INSERT OR IGNORE INTO temp.gone VALUES (?)", -1, &add,
                                   NULL) != SQLITE_OK ? -1 : 0;
    while (rc == 0 && sqlite3_step(list) == SQLITE_ROW) {
        const char *p = (const char *)sqlite3_column_text(list, 0);
        if (p == NULL || access(p, F_OK) == 0)
            continue;
        sqlite3_bind_text(add, 1, p, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(add) != SQLITE_DONE)
            rc = -1;
        sqlite3_reset(add);
    }
    sqlite3_finalize(list);
    sqlite3_finalize(add);
    return rc < 0 ? lg__db_error(db, "cannot prune") : 0;
}

int lg_db_prune(lg_db *db, double older_than_days, int missing_files, lg_db_prune_stats *st)
{
    memset(st, 0, sizeof *st);
    if (lg__db_begin(db) < 0)
        return -1;
    int rc = 0;
    if (older_than_days >= 0) {
        struct timeval tv;
        gettimeofday(&tv, NULL);
        char sql[512];
        double cutoff = (double)tv.tv_sec - older_than_days * 86400.0;
        snprintf(sql, sizeof sql, "CREATE TEMP TABLE old AS SELECT id FROM runs WHERE kind = 'runtime'"
                 " AND started < %.6f", cutoff);
        rc = lg__db_exec(db, sql, "cannot prune")
          || changes(db, "DELETE FROM evidence WHERE run_id IN (SELECT id FROM temp.old)",
                     "cannot prune", &st->evidence)
          || changes(db, "DELETE FROM runs WHERE id IN (SELECT id FROM temp.old)", "cannot prune",
                     &st->runs) ? -1 : 0;
        snprintf(sql, sizeof sql, "DELETE FROM runs WHERE kind = 'static' AND started < %.6f"
                 " AND id NOT IN (SELECT run_id FROM findings) AND id NOT IN (SELECT run_id FROM units)"
                 " AND id NOT IN (SELECT run_id FROM summaries WHERE run_id IS NOT NULL)", cutoff);
        if (rc == 0)
            rc = changes(db, sql, "cannot prune", &st->runs);
    }
    if (rc == 0 && missing_files)
        rc = find_gone(db) || changes(db, "DELETE FROM findings WHERE unit IN (SELECT unit FROM temp.gone)"
                                      " OR path IN (SELECT unit FROM temp.gone)", "cannot prune",
                                      &st->findings)
          || changes(db, "DELETE FROM units WHERE unit IN (SELECT unit FROM temp.gone)", "cannot prune",
                     &st->units)
          || changes(db, "DELETE FROM summaries WHERE unit IN (SELECT unit FROM temp.gone)",
                     "cannot prune", &st->summaries)
          || changes(db, "DELETE FROM runs WHERE kind = 'static' AND id NOT IN (SELECT run_id FROM findings)"
                     " AND id NOT IN (SELECT run_id FROM units)"
                     " AND id NOT IN (SELECT run_id FROM summaries WHERE run_id IS NOT NULL)",
                     "cannot prune", &st->runs) ? -1 : 0;
    sqlite3_exec(db->h, "DROP TABLE IF EXISTS temp.old; DROP TABLE IF EXISTS temp.gone", NULL, NULL, NULL);
    return rc < 0 ? lg__db_rollback(db) : lg__db_commit(db);
}
