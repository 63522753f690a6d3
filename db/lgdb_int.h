/*
 * lgdb_int.h — internal to db/: the connection and the helpers lgdb.c
 * shares with its siblings (merge.c).  Every helper that fails records
 * "PATH: what: reason" in db->err and returns -1.
 */
#ifndef LINGER_LGDB_INT_H
#define LINGER_LGDB_INT_H

#include "dbfile.h"
#include "lgdb.h"
#include <limits.h>
#include <sqlite3.h>

struct lg_db {
    sqlite3 *h;           /* the connection */
    char err[PATH_MAX + 1024]; /* last error, starting with the path */
    char path[PATH_MAX];  /* the file, absolute */
    int readonly;         /* opened with LG_DB_READONLY */
    int depth;            /* write transactions begun and not ended: the outermost one
                             (lg_db_begin) holds the BEGIN IMMEDIATE, inner ones join it */
    int failed;           /* an inner transaction failed: the outermost one rolls back */
};

/* The connection's last error as "PATH: what: reason". */
int lg__db_error(lg_db *db, const char *what);
/* "PATH: text", for refusals that are not SQLite's. */
int lg__db_refuse(lg_db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lg__db_exec(lg_db *db, const char *sql, const char *what);
/* BEGIN IMMEDIATE / COMMIT (counting the write in meta) / ROLLBACK keeping
 * the error that caused it (returns -1).  Inside an outer transaction
 * (lg_db_begin) they join it: begin and commit do nothing, rollback marks it
 * failed, and the outer end rolls the whole back. */
int lg__db_begin(lg_db *db);
int lg__db_commit(lg_db *db);
int lg__db_rollback(lg_db *db);
/* The URI query a reader opens f with ("mode=ro", or immutable). */
const char *lg__db_reader_query(const lg__dbfile *f, const char *path);

#endif /* LINGER_LGDB_INT_H */
