/*
 * background.c — the project index built in the background.  A workspace
 * with a compile_commands.json (in its root, or in root/build) and no
 * findings database gets one: `linger check -p DIR --db DIR/linger.db` runs
 * as a child of the server, writing every unit's summary; the server's
 * polling sees the database change and republishes every open document,
 * judged with the whole program.  Off with the initialization option
 * "backgroundIndex": false or LINGER_LSP_BACKGROUND_INDEX=0; never when the
 * user named a database (LINGER_DB) or one is already there.
 */
#include "lsp_int.h"
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* The directory of the workspace's compile_commands.json, or 0. */
static int compdb_dir(const server *s, char *dir, size_t sz)
{
    const char *subs[] = { "", "/build" };
    for (size_t i = 0; i < 2 && s->root[0]; i++) {
        char p[PATH_MAX + 32];
        if ((size_t)snprintf(p, sizeof p, "%s%s", s->root, subs[i]) >= sz)
            continue;                     /* too long to be a path we can pass on */
        memcpy(dir, p, strlen(p) + 1);
        snprintf(p, sizeof p, "%s/compile_commands.json", dir);
        if (access(p, R_OK) == 0)
            return 1;
    }
    return 0;
}

void lg__lsp_background_index(server *s, json_t *options)
{
    const char *env = getenv("LINGER_LSP_BACKGROUND_INDEX");
    char dir[PATH_MAX - 16], db[PATH_MAX];
    if (json_is_false(json_object_get(options, "backgroundIndex")) || (env && strcmp(env, "0") == 0)
        || (getenv("LINGER_DB") && *getenv("LINGER_DB")) || s->dbpath[0] || !compdb_dir(s, dir, sizeof dir))
        return;
    snprintf(db, sizeof db, "%s/linger.db", dir);
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return;
    self[n] = 0;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    /* the child must not write into the protocol's stream */
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    char *argv[] = { self, "check", "--quiet", "-p", dir, "--db", db, NULL };
    pid_t pid;
    int rc = posix_spawn(&pid, self, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        lg__lsp_log(2, "linger: cannot build the project index in the background: %s", strerror(rc));
        return;
    }
    snprintf(s->dbpath, sizeof s->dbpath, "%s", db);   /* polled: republished when written */
    s->indexer = pid;
    lg__lsp_log(3, "linger: building the project index in the background: linger check -p %s --db %s",
                dir, db);
}

void lg__lsp_background_reap(server *s, int wait)
{
    int st;
    if (s->indexer <= 0)
        return;
    if (wait)
        kill(s->indexer, SIGTERM);
    if (waitpid(s->indexer, &st, wait ? 0 : WNOHANG) != s->indexer)
        return;
    s->indexer = 0;
    if (!wait)
        lg__lsp_log(3, "linger: the project index is built (%s)", s->dbpath);
}
