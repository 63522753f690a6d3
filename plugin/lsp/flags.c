/*
 * flags.c — a document's compile flags: its entry in the nearest
 * compile_commands.json (walking up from its directory, each directory and
 * its build/), else fallback flags, said in the log.
 */
#include "lsp_int.h"
#include "compdb.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Flags from the nearest compile_commands.json (walking up, also build/). */
void lg__lsp_lookup_flags(doc *d)
{
    d->have_flags = 1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", d->path);
    char *slash = strrchr(dir, '/');
    while (slash != NULL) {
        *slash = 0;
        const char *cands[2] = { "", "/build" };
        for (int k = 0; k < 2; k++) {
            char bdir[PATH_MAX + 8], db[PATH_MAX + 40];
            snprintf(bdir, sizeof bdir, "%s%s", dir[0] ? dir : "/", cands[k]);
            snprintf(db, sizeof db, "%s/compile_commands.json", bdir);
            if (access(db, R_OK) != 0)
                continue;
            lg_compdb_entry *e;
            size_t n;
            char err[256];
            if (lg_compdb_load(bdir, &e, &n, err, sizeof err) < 0)
                continue;
            char want[PATH_MAX], have[PATH_MAX];
            int found = 0;
            for (size_t i = 0; i < n && !found; i++) {
                if (realpath(e[i].file, have) == NULL || realpath(d->path, want) == NULL
                    || strcmp(have, want) != 0)
                    continue;
                lg_compile_args ca;
                if (lg_compile_args_parse(e[i].argv.v, e[i].argv.n, &ca) == 0) {
                    for (size_t j = 0; j < ca.flags.n; j++)
                        lg_strv_push(&d->flags, ca.flags.v[j]);
                    lg_strv_push(&d->flags, "-working-directory");
                    lg_strv_push(&d->flags, e[i].directory);
                    found = 1;
                }
                lg_compile_args_free(&ca);
            }
            lg_compdb_free(e, n);
            if (found)
                return;
        }
        slash = strrchr(dir, '/');
    }
    /* fallback: the file's directory, the linger headers */
    snprintf(dir, sizeof dir, "%s", d->path);
    if ((slash = strrchr(dir, '/')) != NULL)
        *slash = 0;
    char inc[PATH_MAX + 4];
    snprintf(inc, sizeof inc, "-I%s", dir);
    lg_strv_push(&d->flags, "-std=gnu11");
    lg_strv_push(&d->flags, inc);
    lg__lsp_log(3, "linger: no compile_commands.json entry for %s; using fallback flags "
                "(-std=gnu11 -I<its directory>)", d->path);
}
