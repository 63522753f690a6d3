/*
 * store.c — `--db`: writing static findings to the findings database.  The
 * database arrives with the db/ component; until then asking for it is an
 * error rather than a silent no-op.
 */
#include "linger_cli.h"
#include <stdio.h>

int lg_cli_store(const char *path, const lg_analysis *a, size_t n)
{
    (void)a;
    (void)n;
    fprintf(stderr, "linger: error: %s: the findings database is not part of this build yet\n", path);
    return -1;
}
