/*
 * store_int.h — internal to plugin/store/: what store.c shares with the
 * project index (index.c).
 */
#ifndef LINGER_STORE_INT_H
#define LINGER_STORE_INT_H

#include "store.h"
#include <limits.h>

/* realpath of path, or path itself when it cannot be resolved. */
void lg__store_real_path(const char *path, char out[PATH_MAX]);
/* The file's modification time (the version analysed), 0 unknown. */
int64_t lg__store_mtime(const char *abs);
/* Replaces the findings of the unit at abs with fs, as run. */
int lg__store_unit(lg_db *db, int64_t run, const char *abs, const lg_findings *fs, int64_t mtime);
/* A static run of tool (the rules' evidence declared first); its id or -1. */
int64_t lg__store_begin_run(lg_db *db, const char *tool, int argc, char **argv);
/* Marks the units' findings with the evidence the database holds. */
int lg__store_mark_all(lg_db *db, lg_store_unit *units, size_t n);

#endif /* LINGER_STORE_INT_H */
