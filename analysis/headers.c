/*
 * headers.c — see headers.h.  Paths are compared after realpath(3), so a
 * header reached through `src/../include` or a symbolic link is one header.
 */
#include "headers.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Roots whose subtrees hold installed software, never a project's tree. */
static const char *const foreign_roots[] = {
    "/usr/include", "/usr/local/include", "/usr/lib", "/usr/share", "/opt/homebrew",
    "/nix/store", "/gnu/store",
};

static int under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == 0);
}

/* Length of the longest directory both a and b lie in ("/x/y" of
 * "/x/y/a.h" and "/x/y/z/b.c"), 0 for the root alone. */
static size_t common_dir(const char *a, const char *b)
{
    size_t last = 0;
    for (size_t i = 0; a[i] != 0 && a[i] == b[i]; i++)
        if (a[i] == '/')
            last = i;
    return last;
}

/* 1 when path names a directory entry. */
static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* The object API's own headers (<linger/...>): a directory named linger
 * that holds linger.h.  Their inline helpers are the runtime's. */
static int linger_header(const char *real)
{
    const char *slash = strrchr(real, '/');
    if (slash == NULL || slash - real < 7 || strncmp(slash - 7, "/linger", 7) != 0)
        return 0;
    char probe[PATH_MAX];
    snprintf(probe, sizeof probe, "%.*s/linger.h", (int)(slash - real), real);
    return exists(probe);
}

/* The root of the version-controlled tree dir lies in (a directory holding
 * .git, .hg or .svn), in root; 0 when there is none. */
static int vcs_root(const char *dir, char root[PATH_MAX])
{
    snprintf(root, PATH_MAX, "%s", dir);
    for (;;) {
        static const char *const marks[] = { ".git", ".hg", ".svn" };
        for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
            char probe[PATH_MAX + 8];
            snprintf(probe, sizeof probe, "%s/%s", root, marks[i]);
            if (exists(probe))
                return 1;
        }
        char *slash = strrchr(root, '/');
        if (slash == NULL || slash == root)
            return 0;
        *slash = 0;
    }
}

int lga_header_foreign(const char *path)
{
    for (size_t i = 0; i < sizeof foreign_roots / sizeof *foreign_roots; i++)
        if (under(path, foreign_roots[i]))
            return 1;
    return 0;
}

int lga_header_own(const char *main_path, const char *header_real, int system)
{
    if (system || main_path == NULL || header_real == NULL || header_real[0] != '/'
        || lga_header_foreign(header_real))
        return 0;
    if (linger_header(header_real))
        return 0;
    char main_real[PATH_MAX], root[PATH_MAX];
    if (realpath(main_path, main_real) == NULL)
        return 0;
    char *slash = strrchr(main_real, '/');
    if (slash != NULL && slash != main_real)
        *slash = 0;
    if (vcs_root(main_real, root))
        return under(header_real, root);
    return common_dir(main_real, header_real) > 0;
}

void lga_header_name(const char *header_real, char *out, size_t size)
{
    char cwd[PATH_MAX];
    const char *name = header_real;
    if (getcwd(cwd, sizeof cwd) != NULL && strcmp(cwd, "/") != 0 && under(header_real, cwd)
        && header_real[strlen(cwd)] == '/')
        name = header_real + strlen(cwd) + 1;
    snprintf(out, size, "%s", name);
}

int lga_header_init(lga_header *h, const char *real, const char *text, size_t len)
{
    char name[PATH_MAX];
    memset(h, 0, sizeof *h);
    lga_header_name(real, name, sizeof name);
    h->real = strdup(real);
    h->path = strdup(name);
    h->source = malloc(len + 1);
    if (h->real == NULL || h->path == NULL || h->source == NULL)
        return -1;
    if (len > 0)
        memcpy(h->source, text, len);
    h->source[len] = 0;
    h->source_len = len;
    lgf_init(&h->facts, h->path);
    h->facts.header = 1;
    return h->facts.path != NULL ? 0 : -1;
}

void lga_header_free(lga_header *h)
{
    if (h == NULL)
        return;
    if (h->facts.arena != NULL || h->facts.path != NULL)
        lgf_free(&h->facts);
    free(h->path);
    free(h->real);
    free(h->source);
    memset(h, 0, sizeof *h);
}
