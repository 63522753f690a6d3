/*
 * dbfile.c — a database file inspected from its stat and its 100-byte header
 * (see dbfile.h).  The header layout is SQLite's file format: the magic
 * string at 0, the page size at 16, the read/write versions at 18-19 (2 is
 * WAL), the change counter at 24, the page count at 28 (valid when the
 * version-valid-for number at 92 equals the change counter), user_version
 * at 60 and application_id at 68, all big-endian.
 */
#include "dbfile.h"
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t size_of(const char *path, const char *suffix, int *exists)
{
    char p[PATH_MAX + 8];
    struct stat st;
    snprintf(p, sizeof p, "%s%s", path, suffix);
    *exists = stat(p, &st) == 0;
    return *exists ? (int64_t)st.st_size : -1;
}

static void parse_header(const unsigned char *h, lg__dbfile *f)
{
    f->sqlite = memcmp(h, "SQLite format 3", 16) == 0;
    if (!f->sqlite)
        return;
    uint32_t ps = (uint32_t)h[16] << 8 | h[17];
    f->page_size = ps == 1 ? 65536u : ps;
    f->wal_mode = h[18] == 2 || h[19] == 2;
    f->user_version = (int32_t)be32(h + 60);
    f->app_id = be32(h + 68);
    if (be32(h + 24) == be32(h + 92))
        f->header_pages = be32(h + 28);
}

int lg__dbfile_inspect(const char *path, lg__dbfile *f)
{
    struct stat st;
    memset(f, 0, sizeof *f);
    f->wal_size = -1;
    if (stat(path, &st) != 0)
        return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
    f->exists = 1;
    f->dir = S_ISDIR(st.st_mode);
    f->regular = S_ISREG(st.st_mode);
    f->size = (int64_t)st.st_size;
    f->uid = (unsigned)st.st_uid;
    int have;
    f->wal_size = size_of(path, "-wal", &have);
    size_of(path, "-shm", &f->shm);
    if (!f->regular || f->size < 100)
        return 0;
    /* a regular file: opening it cannot block (no FIFO, no device) */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    unsigned char h[100];
    ssize_t n = pread(fd, h, sizeof h, 0);
    int saved = errno;
    close(fd);
    if (n < 0) {
        errno = saved;
        return -1;
    }
    if (n == (ssize_t)sizeof h)
        parse_header(h, f);
    return 0;
}

int lg__dbfile_truncated(const lg__dbfile *f)
{
    if (!f->sqlite || f->page_size < 512 || f->wal_size > 0)
        return 0;
    if (f->size % f->page_size != 0)
        return 1;
    return f->header_pages > 0 && (uint64_t)f->size < (uint64_t)f->header_pages * f->page_size;
}

void lg__db_absolute(const char *path, char *out, size_t sz)
{
    char cwd[PATH_MAX];
    int n;
    if (path[0] == '/' || getcwd(cwd, sizeof cwd) == NULL)
        n = snprintf(out, sz, "%s", path);
    else
        n = snprintf(out, sz, "%s/%s", cwd, path);
    if (n < 0 || (size_t)n >= sz)
        out[0] = 0;
}

int lg__db_uri(const char *path, const char *query, char *out, size_t sz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t w = 0;
    int n = snprintf(out, sz, "file:");
    w = (size_t)n;
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
                    || (*p >= '0' && *p <= '9') || strchr("/-_.~", *p) != NULL;
        if (w + 4 >= sz)
            return -1;
        if (plain) {
            out[w++] = (char)*p;
        } else {
            out[w++] = '%';
            out[w++] = hex[*p >> 4];
            out[w++] = hex[*p & 15];
        }
    }
    n = snprintf(out + w, sz - w, "%s%s", query && *query ? "?" : "", query ? query : "");
    return n < 0 || (size_t)n >= sz - w ? -1 : 0;
}
