/*
 * dbfile.h — internal to db/: what a database file is, read from its bytes
 * before SQLite touches it.  SQLite, given a file that is not a database it
 * can use, either replaces it (a file shorter than a header is "empty"),
 * writes its journal or WAL beside it, or replays a stray -wal into it; so
 * every decision that must leave a file untouched is made here, from a stat
 * and the 100-byte header, without opening the file through SQLite.
 */
#ifndef LINGER_DBFILE_H
#define LINGER_DBFILE_H

#include <stddef.h>
#include <stdint.h>

/* PRAGMA application_id of a linger database: "LGDB". */
#define LG__DB_APP_ID 0x4c474442u

typedef struct {
    int exists;            /* the path names something */
    int regular;           /* ... and it is a regular file (after symlinks) */
    int dir;               /* ... or a directory */
    int64_t size;          /* bytes */
    int64_t wal_size;      /* bytes of PATH-wal, -1 when there is none */
    int shm;               /* PATH-shm exists */
    unsigned uid;          /* owner of the file */
    int sqlite;            /* the header starts with "SQLite format 3\0" */
    int wal_mode;          /* the header's read/write versions say WAL */
    uint32_t app_id;       /* PRAGMA application_id as the header holds it */
    int32_t user_version;  /* PRAGMA user_version as the header holds it */
    uint32_t page_size;    /* bytes per page */
    uint32_t header_pages; /* the header's page count when valid, else 0 */
} lg__dbfile;

/* Fills f from a stat of path, path-wal, path-shm and the header; 0, or -1
 * when the file exists but cannot be read (errno set). */
int lg__dbfile_inspect(const char *path, lg__dbfile *f);

/* 1 when the file is shorter than its header says (and no WAL could hold
 * the rest): part of it was cut off. */
int lg__dbfile_truncated(const lg__dbfile *f);

/* path made absolute against the current working directory (not resolving
 * symlinks: the file may not exist yet); "" on overflow. */
void lg__db_absolute(const char *path, char *out, size_t sz);

/* "file:/a%20b/x.db?mode=ro&immutable=1": a SQLite URI for path with query. */
int lg__db_uri(const char *path, const char *query, char *out, size_t sz);

#endif /* LINGER_DBFILE_H */
