/*
 * workdir.c — see workdir.h.  One static buffer, filled once.
 */
#include "workdir.h"
#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

static char start_cwd[PATH_MAX];   /* "" until read (or when unreadable) */

void lg_workdir_remember(void)
{
    if (start_cwd[0] == 0 && getcwd(start_cwd, sizeof start_cwd) == NULL)
        start_cwd[0] = 0;
}

const char *lg_workdir(void)
{
    lg_workdir_remember();
    return start_cwd[0] ? start_cwd : NULL;
}

void lg_workdir_absolute(const char *path, char *out, size_t sz)
{
    assert(path != NULL && out != NULL && sz > 0);
    const char *cwd = lg_workdir();
    if (path[0] == '/' || cwd == NULL)
        snprintf(out, sz, "%s", path);
    else
        snprintf(out, sz, "%s/%s", cwd, path);
}
