/*
 * compdb.h — compile_commands.json: each entry's directory, absolute source
 * path and full argv (from "arguments", or "command" split like a shell, with
 * @response files expanded relative to the entry's directory).
 */
#ifndef LINGER_COMPDB_H
#define LINGER_COMPDB_H

#include "args.h"

typedef struct {
    char *directory;   /* absolute working directory of the compile */
    char *file;        /* absolute source path */
    lg_strv argv;      /* the compile command, compiler first */
} lg_compdb_entry;

/* Loads BUILD-DIR/compile_commands.json.  0, or -1 with a message in err. */
int lg_compdb_load(const char *build_dir, lg_compdb_entry **out, size_t *n, char *err, size_t errsz);
void lg_compdb_free(lg_compdb_entry *e, size_t n);

#endif /* LINGER_COMPDB_H */
