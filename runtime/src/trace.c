/*
 * trace.c — tracemalloc for objects: while tracing, every object allocated is
 * charged to its allocation site (file, line), with the storage it owns
 * directly; resizes and frees adjust the same site.  Sites live in a chained
 * hash table keyed by the (file pointer, line) pair.  Snapshots copy the table,
 * merging sites whose file names are equal strings.
 *
 * Invariant: an object's `traced` bytes are charged to its site only when the
 * epoch stored in its flags is the current tracing epoch; stopping tracing
 * starts a new epoch, so objects traced before never touch later tables.
 */
#include "lg_int.h"
#include <string.h>

int lg__tracing;

typedef struct site {
    const char *file;    /* allocation file (pointer identity) */
    int line;            /* allocation line */
    size_t size;         /* bytes alive */
    size_t count;        /* objects alive */
    struct site *next;   /* bucket chain */
} site;

struct lg_snapshot {
    lg_stat *stats;      /* sorted by (file, line) */
    size_t n;            /* stats in use */
};

#define EPOCH_SHIFT 16
static uint32_t epoch = 1;   /* current tracing epoch (16 bits) */
static site **buckets;
static size_t nbuckets, nsites;
static size_t cur_bytes, peak_bytes;

static size_t site_hash(const char *file, int line)
{
    return (size_t)((((uintptr_t)file >> 3) ^ ((uintptr_t)line * 0x9E3779B1u)) * 0x9E3779B97F4A7C15ull);
}

static int grow_buckets(void)
{
    size_t n = nbuckets ? nbuckets * 2 : 1024;
    site **b = calloc(n, sizeof *b);
    if (b == NULL)
        return -1;
    for (size_t i = 0; i < nbuckets; i++) {
        for (site *s = buckets[i], *next; s != NULL; s = next) {
            next = s->next;
            size_t j = site_hash(s->file, s->line) & (n - 1);
            s->next = b[j];
            b[j] = s;
        }
    }
    free(buckets);
    buckets = b;
    nbuckets = n;
    return 0;
}

/* The site of (file, line); created when create is set (NULL on no memory). */
static site *site_get(const char *file, int line, int create)
{
    if (nbuckets == 0 && (!create || grow_buckets() < 0))
        return NULL;
    size_t j = site_hash(file, line) & (nbuckets - 1);
    for (site *s = buckets[j]; s != NULL; s = s->next)
        if (s->file == file && s->line == line)
            return s;
    if (!create)
        return NULL;
    if (nsites >= nbuckets * 2 && grow_buckets() == 0)
        j = site_hash(file, line) & (nbuckets - 1);
    site *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->file = file;
    s->line = line;
    s->next = buckets[j];
    buckets[j] = s;
    nsites++;
    return s;
}

static int traced_now(const lg__head *h)
{
    return h->traced != 0 && (h->flags >> EPOCH_SHIFT) == epoch;
}

static void charge(site *s, long delta)
{
    s->size = (size_t)((long)s->size + delta);
    cur_bytes = (size_t)((long)cur_bytes + delta);
    if (cur_bytes > peak_bytes)
        peak_bytes = cur_bytes;
}

void lg__trace_alloc(lg_object *o, size_t size)
{
    lg__head *h = lg__head_of(o);
    site *s = site_get(h->file, (int)h->line, 1);
    if (s == NULL)
        return;
    h->traced = size > UINT32_MAX ? UINT32_MAX : (uint32_t)size; /* the whole block; owned
                                                                   storage comes by resize */
    h->flags = (h->flags & ((1u << EPOCH_SHIFT) - 1)) | (epoch << EPOCH_SHIFT);
    s->count++;
    charge(s, (long)h->traced);
}

void lg__trace_free(lg_object *o)
{
    lg__head *h = lg__head_of(o);
    if (!lg__tracing || !traced_now(h))
        return;
    site *s = site_get(h->file, (int)h->line, 0);
    if (s != NULL) {
        s->count--;
        charge(s, -(long)h->traced);
    }
    h->traced = 0;
}

void lg__trace_resize(lg_object *o, long delta)
{
    lg__head *h = lg__head_of(o);
    if (!traced_now(h))
        return;
    site *s = site_get(h->file, (int)h->line, 0);
    if (s != NULL) {
        long now = (long)h->traced + delta;
        now = now < 0 ? 0 : now > (long)UINT32_MAX ? (long)UINT32_MAX : now;
        charge(s, now - (long)h->traced);   /* charged exactly what is recorded */
        h->traced = (uint32_t)now;
    }
}

int lg_trace_start(void)
{
    lg__tracing = 1;
    return 0;
}

void lg_trace_stop(void)
{
    for (size_t i = 0; i < nbuckets; i++) {
        for (site *s = buckets[i], *next; s != NULL; s = next) {
            next = s->next;
            free(s);
        }
    }
    free(buckets);
    buckets = NULL;
    nbuckets = nsites = 0;
    cur_bytes = peak_bytes = 0;
    lg__tracing = 0;
    epoch = (epoch + 1) & 0xffffu;
    if (epoch == 0)
        epoch = 1;
}

int lg_trace_is_tracing(void)
{
    return lg__tracing;
}

void lg_trace_memory(size_t *current, size_t *peak)
{
    if (current != NULL)
        *current = cur_bytes;
    if (peak != NULL)
        *peak = peak_bytes;
}

/* ---- snapshots */

static const char *file_name(const char *f)
{
    return f ? f : "<unknown>";
}

static int by_site(const void *a, const void *b)
{
    const lg_stat *x = a, *y = b;
    int c = strcmp(x->file, y->file);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

lg_snapshot *lg_trace_snapshot(void)
{
    if (!lg__tracing) {
        lg__set_error("lg_trace_snapshot: not tracing (call lg_trace_start)");
        return NULL;
    }
    lg_snapshot *snap = calloc(1, sizeof *snap);
    if (snap == NULL || (nsites && (snap->stats = calloc(nsites, sizeof *snap->stats)) == NULL)) {
        free(snap);
        lg__set_error("out of memory");
        return NULL;
    }
    for (size_t i = 0; i < nbuckets; i++)
        for (site *s = buckets[i]; s != NULL; s = s->next)
            if (s->count > 0)
                snap->stats[snap->n++] = (lg_stat){ file_name(s->file), s->line, s->size, s->count, 0, 0 };
    if (snap->n > 1)
        qsort(snap->stats, snap->n, sizeof *snap->stats, by_site);
    size_t w = 0;                       /* merge equal file names */
    for (size_t r = 0; r < snap->n; r++) {
        if (w > 0 && by_site(&snap->stats[w - 1], &snap->stats[r]) == 0) {
            snap->stats[w - 1].size += snap->stats[r].size;
            snap->stats[w - 1].count += snap->stats[r].count;
        } else {
            snap->stats[w++] = snap->stats[r];
        }
    }
    snap->n = w;
    return snap;
}

void lg_snapshot_free(lg_snapshot *s)
{
    if (s != NULL) {
        free(s->stats);
        free(s);
    }
}

static int by_size(const void *a, const void *b)
{
    const lg_stat *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return by_site(a, b);
}

static long labs_(long v)
{
    return v < 0 ? -v : v;
}

static int by_diff(const void *a, const void *b)
{
    const lg_stat *x = a, *y = b;
    long dx = labs_(x->size_diff), dy = labs_(y->size_diff);
    if (dx != dy)
        return dx < dy ? 1 : -1;
    return by_size(a, b);
}

/* Sorts the n stats with cmp and copies up to max of them to out. */
static size_t emit(lg_stat *all, size_t n, int (*cmp)(const void *, const void *),
                   lg_stat *out, size_t max)
{
    if (n > 1)
        qsort(all, n, sizeof *all, cmp);
    size_t k = n < max ? n : max;
    if (out != NULL && k > 0)
        memcpy(out, all, k * sizeof *out);
    return out == NULL ? n : k;
}

size_t lg_snapshot_top(const lg_snapshot *s, lg_stat *out, size_t max)
{
    if (s == NULL) {
        lg__set_error("lg_snapshot_top: snapshot is NULL");
        return 0;
    }
    lg_stat *all = malloc((s->n ? s->n : 1) * sizeof *all);
    if (all == NULL) {
        lg__set_error("out of memory");
        return 0;
    }
    if (s->n)
        memcpy(all, s->stats, s->n * sizeof *all);
    size_t k = emit(all, s->n, by_size, out, max);
    free(all);
    return k;
}

size_t lg_snapshot_compare(const lg_snapshot *newer, const lg_snapshot *older,
                           lg_stat *out, size_t max)
{
    if (newer == NULL || older == NULL) {
        lg__set_error("lg_snapshot_compare: snapshot is NULL");
        return 0;
    }
    lg_stat *all = malloc((newer->n + older->n + 1) * sizeof *all);
    if (all == NULL) {
        lg__set_error("out of memory");
        return 0;
    }
    size_t i = 0, j = 0, n = 0;
    while (i < newer->n || j < older->n) {
        int c = i == newer->n ? 1 : j == older->n ? -1 : by_site(&newer->stats[i], &older->stats[j]);
        lg_stat st = c <= 0 ? newer->stats[i] : older->stats[j];
        if (c > 0)
            st.size = st.count = 0;            /* gone since the older snapshot */
        const lg_stat *old = c >= 0 ? &older->stats[j] : NULL;
        st.size_diff = (long)st.size - (old ? (long)old->size : 0);
        st.count_diff = (long)st.count - (old ? (long)old->count : 0);
        all[n++] = st;
        i += c <= 0;
        j += c >= 0;
    }
    size_t k = emit(all, n, by_diff, out, max);
    free(all);
    return k;
}
