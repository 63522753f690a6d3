/*
 * sources.c — the source files a program's calls come from, with their
 * modification times as compiled.  The public macros pass __FILE__ through
 * lg__stamped (object.h), which calls lg__note_source once per file a
 * translation unit calls from, with __TIMESTAMP__ ("Wed Dec  2 05:27:16
 * 2026", local time).  The evidence recorder stamps each site's rows with
 * its file's time, so a finding is confirmed only by evidence recorded for
 * the version of the file it was computed from (docs/database.md).
 *
 * Invariant: entries are never removed (sites point at their file names for
 * the life of the process); the table is guarded by its own lock, as calls
 * come from any thread, before and after recording starts.
 */
#define _XOPEN_SOURCE 700   /* strptime */
#include "lg_int.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *file;     /* the __FILE__ literal (its content is the key) */
    int64_t mtime;        /* seconds since the epoch; 0 when the stamp was unreadable */
} source;

static source *table;     /* open addressing by the name's hash */
static size_t cap, used;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static size_t name_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)h;
}

/* "Wed Dec  2 05:27:16 2026" (local time) as seconds since the epoch; 0 when
 * it is not a time (a compiler without the file's time prints "??? ...").*/
static int64_t parse_stamp(const char *ts)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = ts ? strptime(ts, "%a %b %d %H:%M:%S %Y", &tm) : NULL;
    if (end == NULL || *end)
        return 0;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    return t == (time_t)-1 ? 0 : (int64_t)t;
}

static int grow(void)
{
    size_t n = cap ? cap * 2 : 64;
    source *t = calloc(n, sizeof *t);
    if (t == NULL)
        return -1;
    for (size_t i = 0; i < cap; i++) {
        if (table[i].file == NULL)
            continue;
        size_t j = name_hash(table[i].file) & (n - 1);
        while (t[j].file != NULL)
            j = (j + 1) & (n - 1);
        t[j] = table[i];
    }
    free(table);
    table = t;
    cap = n;
    return 0;
}

/* The slot of file's name (NULL file: not there). */
static source *find(const char *file)
{
    if (cap == 0)
        return NULL;
    size_t j = name_hash(file) & (cap - 1);
    while (table[j].file != NULL && table[j].file != file && strcmp(table[j].file, file) != 0)
        j = (j + 1) & (cap - 1);
    return &table[j];
}

LG_API void lg__note_source(const char *file, const char *timestamp)
{
    if (file == NULL)
        return;
    pthread_mutex_lock(&mu);
    source *s = find(file);
    if ((s == NULL || s->file == NULL) && (used + 1) * 2 > cap && grow() == 0)
        s = find(file);
    if (s != NULL && s->file == NULL) {
        s->file = file;
        s->mtime = parse_stamp(timestamp);
        used++;
    }
    pthread_mutex_unlock(&mu);
}

int64_t lg__source_mtime(const char *file)
{
    if (file == NULL)
        return 0;
    pthread_mutex_lock(&mu);
    source *s = find(file);
    int64_t t = s != NULL && s->file != NULL ? s->mtime : 0;
    pthread_mutex_unlock(&mu);
    return t;
}
