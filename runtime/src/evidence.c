/*
 * evidence.c — the runtime evidence recorder.  With LINGER_DB=path set (or
 * after lg_evidence_open), the runtime counts, per call site:
 *   live      objects alive, by allocation site (written as live_at_exit);
 *   growth    containers' new keys, overwrites, removals, evictions, peak
 *             length (and when it came, on the runtime clock: allocations),
 *             bytes held now / at the peak / ever, by the site of the
 *             container's first insert and the container's own allocation
 *             site (a helper that fills both a drained queue and a registry
 *             that only grows gives two records, not one that was drained);
 *   unread    closure captures never read, by the closure's creation site
 *             (bytes only while the closures live);
 *   cycle / garbage   objects the collector found unreachable, by allocation
 *             site and type;
 * and, at each flush, walks the tracked objects to find the objects kept
 * alive only by live containers (every reference to them held by a list,
 * dict, lru, emitter or closure), by the site that stored them — plus those
 * freed with their container after long only being held by it (spans filed
 * at the container's death, judged against the run's length at each flush).
 * For the sites that show a leak, or that a static finding flags (read from
 * the database when recording begins), it records a few retention paths
 * (paths.c): shortest paths from a root to examples of what lingers —
 * computed when such a site has none yet, and again at exit.
 *
 * Invariant: the hot path only touches in-memory counters, found by hashing
 * the site's __FILE__ pointer and line; the database is written only at a
 * flush — every LINGER_FLUSH_INTERVAL seconds (default 2), on
 * lg_evidence_flush, and at exit — in one transaction that replaces this
 * run's rows, so a process killed at any moment leaves its last flush.
 * Site records are never freed while the process lives (containers point at
 * them).  Recording never changes what the program sees: no object is
 * created, retained or released by it.
 */
#include "builtins.h"
#include "lgdb.h"
#include "paths.h"
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int lg__ev_on;

/* EV_STEER: stores at a site, counted only while static findings steer
 * retention paths (never written). */
enum { EV_LIVE, EV_GROWTH, EV_UNREAD, EV_CYCLE, EV_GARBAGE, EV_KEPT, EV_STEER, EV_KINDS };
static const char *const kind_name[EV_KINDS] = {
    "live_at_exit", "growth", "unread_capture", "cycle", "garbage", "kept_alive", NULL
};

#define SERIES_MAX 32    /* growth series points kept (decimated by 2 when full) */
#define SPAN_BUCKETS 48  /* kept-alive spans, by floor(log2(span in clock ticks)) */
#define LONG_SPAN_MIN 64      /* a kept-alive span is "long" from this many ticks ... */
#define LONG_SPAN_FRACTION 8  /* ... and from 1/8 of the run so far */
#define PATH_EXAMPLES 4       /* lingering objects per site a flush finds paths for ... */
#define PATH_SHAPES 3         /* ... keeping this many paths of distinct shapes */

struct lg__evsite {
    lg__evgrow g;           /* growth: the counters every insert moves (lg_int.h); first */
    const char *file;       /* the site's __FILE__ (pointer identity) */
    int line;               /* the site's line */
    int kind;               /* EV_* */
    intptr_t extra;         /* unread: capture index; cycle/garbage: the type; kept: the
                               holders; growth: the container's allocation __FILE__ */
    int made_line;          /* growth: the container's allocation __LINE__ (else 0) */
    const char *type;       /* type name, or NULL */
    int64_t count, bytes;   /* objects (or closures, containers) and bytes; unread:
                               closures dead, the bytes they held */
    int64_t removals, evictions;  /* growth: entries removed, evicted by a bound */
    uint64_t first_tick, peak_tick; /* growth: the clock at the first insert, the last new peak */
    int64_t series[SERIES_MAX][2]; /* growth: (clock, length) samples */
    int nseries;            /* ... how many */
    uint64_t next_sample;   /* ... the next sample's clock (the period is g.stride) */
    int64_t span_count[SPAN_BUCKETS], span_bytes[SPAN_BUCKETS]; /* kept: items freed with their
                               container, by how long only containers had held them */
    int64_t called, now_called; /* unread: of those closures, the ones whose function ran
                                   (dead; alive at this flush) */
    int64_t now_count, now_bytes; /* computed at each flush: live closures' unread
                                     captures, objects kept alive (EV_KEPT); for growth
                                     sites, now_count is their live containers' length */
    char *paths;            /* retention paths (JSON array), the latest computed, or NULL */
    int nexamples;          /* lingering objects this flush offered for paths */
    unsigned char flagged;  /* a static finding is at this line of a file so named:
                               0 not looked up yet, 1 no, 2 yes */
    int64_t steer_next;     /* steer: the store count that asks for the next checkpoint
                               (0: not begun; -1: none left) */
    size_t flag_index;      /* flagged 2: its entry in flagged_sites */
    struct lg__evsite *next;   /* hash chain */
};

static lg__evsite **buckets;
static size_t nbuckets, nsites;
static lg_db *db;                 /* the connection, or NULL */
static lg_db *volatile orphan;    /* a parent's connection after fork: never used, kept reachable */
static int64_t run_id = -1;
static char db_path[PATH_MAX];   /* the database, absolute once opened */
static char run_cwd[PATH_MAX];   /* the working directory when recording began */
static int exit_hooked, fork_hooked;

static time_t last_flush;
static int flush_interval = 2;

/* ---- site table */

/* Fibonacci hashing: the product's high bits, folded down (tables are <= 2^32). */
static size_t site_hash(const char *file, int line, int kind, intptr_t extra, int made_line)
{
    uint64_t k = ((uint64_t)(uintptr_t)file >> 3) ^ ((uint64_t)(unsigned)line << 3)
                 ^ (uint64_t)kind ^ ((uint64_t)extra << 7) ^ ((uint64_t)(unsigned)made_line << 29);
    uint64_t h = k * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 32 ^ h);
}

static int grow(void)
{
    size_t n = nbuckets ? nbuckets * 2 : 1024;
    lg__evsite **b = calloc(n, sizeof *b);
    if (b == NULL)
        return -1;
    for (size_t i = 0; i < nbuckets; i++) {
        for (lg__evsite *s = buckets[i], *next; s != NULL; s = next) {
            next = s->next;
            size_t j = site_hash(s->file, s->line, s->kind, s->extra, s->made_line) & (n - 1);
            s->next = b[j];
            b[j] = s;
        }
    }
    free(buckets);
    buckets = b;
    nbuckets = n;
    return 0;
}

/* The record for (kind, file, line, extra, made_line), created on first use;
 * NULL on no memory. */
static lg__evsite *site_of(int kind, const char *file, int line, intptr_t extra, int made_line)
{
    if (nbuckets == 0 && grow() < 0)
        return NULL;
    size_t j = site_hash(file, line, kind, extra, made_line) & (nbuckets - 1);
    for (lg__evsite *s = buckets[j]; s != NULL; s = s->next)
        if (s->file == file && s->line == line && s->kind == kind && s->extra == extra
            && s->made_line == made_line)
            return s;
    if (nsites >= nbuckets && grow() == 0)
        j = site_hash(file, line, kind, extra, made_line) & (nbuckets - 1);
    lg__evsite *s = calloc(1, sizeof *s);
    if (s == NULL)
        return NULL;
    s->file = file;
    s->line = line;
    s->kind = kind;
    s->extra = extra;
    s->made_line = made_line;
    s->next = buckets[j];
    buckets[j] = s;
    nsites++;
    return s;
}

static lg__evsite *site(int kind, const char *file, int line, intptr_t extra)
{
    return site_of(kind, file, line, extra, 0);
}

/* ---- retention paths: what a flush offers, what the database flags */

typedef struct {
    lg__evsite *site;     /* the site something lingers at */
    lg_object *obj;       /* what lingers: a kept object, a growing container, a closure */
    lg_object *item;      /* a closure's unread capture, or NULL */
} example;

static example *examples;          /* this flush's, valid until it ends */
static size_t nexamples, examples_cap;
static int paths_off;              /* LINGER_PATHS=0 */
static int paths_final;            /* the exit flush: every lingering site's paths again */
static int paths_due;              /* a checkpoint at the next allocation (lg__ev_steered) */
static uint64_t growth_granted;    /* the clock when growth last got a checkpoint (0: never) */
#define PATH_SPACING 8
static void growth_wants_paths(lg__evsite *s, int64_t len, uint64_t now);
static char **flagged_sites;       /* "LINE:BASENAME" of the static findings, sorted */
static unsigned char *flagged_done; /* ... 1: a site of that entry had all its checkpoints */
static size_t nflagged, nflagged_left;

/* Offers o (and item) as an example of what lingers at s this flush. */
static void offer(lg__evsite *s, lg_object *o, lg_object *item)
{
    if (paths_off || s->nexamples >= PATH_EXAMPLES)
        return;
    if (nexamples == examples_cap) {
        size_t cap = examples_cap ? examples_cap * 2 : 64;
        example *e = realloc(examples, cap * sizeof *e);
        if (e == NULL)
            return;
        examples = e;
        examples_cap = cap;
    }
    examples[nexamples++] = (example){ s, o, item };
    s->nexamples++;
}

/* ---- hot path */

uint32_t lg__ev_epoch = 1;
unsigned lg__ev_countdown = 4096;
uint64_t lg__ev_base;

/* A (clock, length) point of a growth series, taken at new peaks (the
 * flush adds the length now); when full, every other point goes and the
 * period doubles, so the series spans the whole run. */
static void sample(lg__evsite *s, uint64_t now, int64_t len)
{
    if (now < s->next_sample)
        return;
    if (s->nseries == SERIES_MAX) {
        for (int i = 0; i < SERIES_MAX / 2; i++) {
            s->series[i][0] = s->series[2 * i][0];
            s->series[i][1] = s->series[2 * i][1];
        }
        s->nseries = SERIES_MAX / 2;
        s->g.stride *= 2;
    }
    s->series[s->nseries][0] = (int64_t)now;
    s->series[s->nseries][1] = len;
    s->nseries++;
    s->next_sample = now + s->g.stride;
}

void lg__ev_insert_slow(lg_object *c, lg__evsite **growth, const char *file, int line, size_t len,
                        size_t bytes, int added, size_t old_bytes)
{
    const lg__head *made = lg__head_of(c);
    if (*growth == NULL
        && (*growth = site_of(EV_GROWTH, file, line, (intptr_t)made->file, (int)made->line)) != NULL)
        (*growth)->type = c->type->name;
    lg__evsite *s = *growth;
    if (s == NULL)
        return;
    if (s->g.stride == 0) {          /* new, or forgotten after a fork */
        s->g.stride = 1;
        s->first_tick = lg__ev_now();
    }
    lg__ev_count_insert(&s->g, bytes, added, old_bytes);
    if (added && (int64_t)len > s->g.peak) {     /* a new peak: when, and a point of the series */
        uint64_t now = lg__ev_now();
        s->g.peak = (int64_t)len;
        s->peak_tick = now;
        sample(s, now, (int64_t)len);
        growth_wants_paths(s, (int64_t)len, now);
    }
}

void lg__ev_remove(lg__evsite *growth, size_t n, int evicted, size_t bytes)
{
    if (evicted)
        growth->evictions += (int64_t)n;
    else
        growth->removals += (int64_t)n;
    growth->g.live_bytes -= (int64_t)bytes;
    if (growth->g.live_bytes < 0)
        growth->g.live_bytes = 0;
}

/* Unread captures of one closure, added to the closure's creation site: to
 * the totals when it died (live 0), to this flush's figures when alive. */
typedef struct {
    lg__head *h;   /* the closure's header: its creation site */
    int live;      /* 1: alive at this flush */
} unread_ctx;

static void count_one_unread(size_t i, lg_object *cap, int called, void *arg)
{
    unread_ctx *u = arg;
    lg__evsite *s = site(EV_UNREAD, u->h->file, (int)u->h->line, (intptr_t)i);
    if (s == NULL)
        return;
    int64_t b = (int64_t)lg_sizeof(cap);
    if (u->live) {
        s->now_count++;
        s->now_bytes += b;
        s->now_called += called;
        offer(s, LG__OBJ(u->h), cap);
    } else {
        s->count++;
        s->bytes += b;
        s->called += called;
    }
    s->type = cap->type->name;
}

static void count_unread(lg_object *closure, int live)
{
    unread_ctx u = { lg__head_of(closure), live };
    lg__closure_each_unread(closure, count_one_unread, &u);
}

void lg__ev_closure_dead(lg_object *closure)
{
    count_unread(closure, 0);
}

void lg__ev_unreachable(lg_object *o, int garbage)
{
    lg__head *h = lg__head_of(o);
    lg__evsite *s = site(garbage ? EV_GARBAGE : EV_CYCLE, h->file, (int)h->line,
                         (intptr_t)o->type);
    if (s != NULL) {
        s->count++;
        s->bytes += (int64_t)lg_sizeof(o);
        s->type = o->type->name;
    }
}

static void checkpoint(void);
static int flagged(lg__evsite *s);

/* Every 4096 allocations (or at the next one, when a checkpoint is due): a
 * flush when the interval has passed. */
void lg__ev_tick(void)
{
    lg__ev_base += 4096;
    lg__ev_countdown = 4096;
    if (paths_due && !lg__busy()) {
        paths_due = 0;
        checkpoint();
    }
    time_t t = time(NULL);
    if (t - last_flush >= flush_interval && !lg__busy())
        lg_evidence_flush();
}

int lg__ev_steer;
uint64_t lg__ev_steer_lines[1024];

/* A checkpoint at the next allocation. */
static void checkpoint_soon(void)
{
    paths_due = 1;
    lg__ev_base -= lg__ev_countdown - 1;
    lg__ev_countdown = 1;
}

/* A growth site with no paths yet reached a new peak of len: at 32 entries
 * (where growth starts to count as evidence), 256, 2048 ... it asks for a
 * checkpoint — granted for the first, then only once the clock has grown
 * PATH_SPACING-fold since the last granted: whatever the number of such
 * sites, a run of N allocations walks the heap at most log(N)/log(8) times
 * for them, each walk no larger than the heap (docs/collector.md). */
static void grant_spaced(uint64_t now)
{
    if (growth_granted == 0 || now >= growth_granted * PATH_SPACING) {
        growth_granted = now > 0 ? now : 1;
        checkpoint_soon();
    }
}

static void growth_wants_paths(lg__evsite *s, int64_t len, uint64_t now)
{
    int64_t at = s->steer_next > 0 ? s->steer_next : 32;
    if (paths_off || s->paths != NULL || len < at)
        return;
    s->steer_next = at * 8;
    grant_spaced(now);
}

void lg__ev_registrations(size_t n)
{
    if (!paths_off && n >= 32 && (n & (n - 1)) == 0)
        grant_spaced(lg__ev_now());
}

void lg__ev_closure_made(void)
{
    static uint64_t made;
    made++;
    if (!paths_off && made >= 2 && (made & (made - 1)) == 0)
        grant_spaced(lg__ev_now());
}

/* Flagged site s had its last checkpoint: once every entry of its line has,
 * stores at the line skip the recorder again; once every entry has, stores
 * stop asking at all. */
static void steer_finished(const lg__evsite *s)
{
    if (s->flagged != 2 || flagged_done == NULL || flagged_done[s->flag_index])
        return;
    flagged_done[s->flag_index] = 1;
    if (--nflagged_left == 0) {
        lg__ev_steer = 0;
        return;
    }
    const char *key = flagged_sites[s->flag_index];
    size_t plen = (size_t)(strchr(key, ':') - key) + 1, lo = s->flag_index, hi = s->flag_index;
    while (lo > 0 && strncmp(flagged_sites[lo - 1], key, plen) == 0)
        lo--;
    while (hi + 1 < nflagged && strncmp(flagged_sites[hi + 1], key, plen) == 0)
        hi++;
    for (size_t i = lo; i <= hi; i++)
        if (!flagged_done[i])
            return;
    unsigned l = (unsigned)s->line & 0xffffu;
    lg__ev_steer_lines[l >> 6] &= ~((uint64_t)1 << (l & 63));
}

/* A store at (file, line) while static findings steer.  At a flagged site
 * the 2nd, 8th, 32nd and 128th store ask for a checkpoint at the next
 * allocation (what was stored before may linger by then; a store itself is
 * no safe point): at most four walks per site.  The clock is kept: the
 * countdown shortened, its base moved. */
void lg__ev_steered(const char *file, int line)
{
    static const char *last_file;      /* stores come in runs at one site */
    static int last_line;
    static lg__evsite *last;
    lg__evsite *s = last;
    if (file != last_file || line != last_line || s == NULL) {
        s = site(EV_STEER, file, line, 0);
        if (s == NULL)
            return;
        last_file = file;
        last_line = line;
        last = s;
    }
    if (s->steer_next < 0 || (s->steer_next == 0 && !flagged(s))) {
        s->steer_next = -1;
        return;
    }
    if (s->steer_next == 0)
        s->steer_next = 2;
    if (++s->count < s->steer_next)
        return;
    s->steer_next = s->steer_next >= 128 ? -1 : s->steer_next * 4;
    checkpoint_soon();
    if (s->steer_next < 0)
        steer_finished(s);
}

/* ---- kept alive only by containers: a walk at flush time */

typedef struct {
    lg_object **keys;     /* open addressing: objects held by containers */
    uint32_t *refs;       /* references from containers to keys[i] */
    unsigned char *holders; /* LG__HOLDS_* bits: the kinds of container holding keys[i] */
    size_t mask, n;       /* slots - 1, members */
    int failed;           /* memory ran out */
    unsigned char holder; /* while counting one container: its LG__HOLDS_* bit */
} holdmap;

/* The kind of container c is (LG__HOLDS_*, the kept-alive site's extra):
 * its type's slot; none for a type not built in. */
static unsigned char held_by(const lg_object *c)
{
    const lg__typeinfo *ti = lg__builtin(c->type);
    return ti != NULL ? (unsigned char)ti->holds : LG__HOLDS_NONE;
}

static size_t ptr_hash(const lg_object *o)
{
    return (size_t)(((uintptr_t)o >> 4) * 0x9E3779B97F4A7C15ull);
}

static int hold_grow(holdmap *m)
{
    size_t n = m->keys ? (m->mask + 1) * 2 : 1024;
    lg_object **k = calloc(n, sizeof *k);
    uint32_t *r = calloc(n, sizeof *r);
    unsigned char *hb = calloc(n, 1);
    if (k == NULL || r == NULL || hb == NULL) {
        free(k);
        free(r);
        free(hb);
        return -1;
    }
    for (size_t i = 0; m->keys && i <= m->mask; i++) {
        if (m->keys[i] == NULL)
            continue;
        size_t j = ptr_hash(m->keys[i]) & (n - 1);
        while (k[j] != NULL)
            j = (j + 1) & (n - 1);
        k[j] = m->keys[i];
        r[j] = m->refs[i];
        hb[j] = m->holders[i];
    }
    free(m->keys);
    free(m->refs);
    free(m->holders);
    m->keys = k;
    m->refs = r;
    m->holders = hb;
    m->mask = n - 1;
    return 0;
}

/* The slot of o (added when absent), or NULL. */
static uint32_t *hold_slot(holdmap *m, lg_object *o)
{
    if ((m->keys == NULL || (m->n + 1) * 2 > m->mask) && hold_grow(m) < 0) {
        m->failed = 1;
        return NULL;
    }
    size_t j = ptr_hash(o) & m->mask;
    while (m->keys[j] != NULL && m->keys[j] != o)
        j = (j + 1) & m->mask;
    if (m->keys[j] == NULL) {
        m->keys[j] = o;
        m->n++;
    }
    return &m->refs[j];
}

/* The items a built-in container stores (its type's `stored` slot). */
static void each_item(lg_object *c, lg_visit_fn fn, void *arg)
{
    const lg__typeinfo *ti = lg__builtin(c->type);
    if (ti != NULL && ti->stored != NULL)
        ti->stored(c, fn, arg);
}

/* A built-in container's growth record and length (NULL when it has none). */
static lg__evsite *growth_of(lg_object *c, int64_t *len)
{
    const lg__typeinfo *ti = lg__builtin(c->type);
    *len = 0;
    return ti != NULL && ti->growth != NULL ? ti->growth(c, len) : NULL;
}

static void count_ref(lg_object *item, void *arg)
{
    holdmap *m = arg;
    uint32_t *r = hold_slot(m, item);
    if (r != NULL) {
        (*r)++;
        m->holders[r - m->refs] |= m->holder;
    }
}

static void count_container(lg_object *c, void *arg)
{
    holdmap *m = arg;
    m->holder = held_by(c);
    each_item(c, count_ref, m);
}

static void add_size(lg_object *item, void *arg)
{
    *(int64_t *)arg += (int64_t)lg_sizeof(item);
}

/* The bytes a kept-alive object holds on to: itself, and a closure's captures. */
static int64_t held_bytes(lg_object *o)
{
    int64_t b = (int64_t)lg_sizeof(o);
    if (held_by(o) == LG__HOLDS_CLOSURE)
        each_item(o, add_size, &b);
    return b;
}

typedef struct {
    lg_db_evidence *rows;   /* the rows being built */
    size_t n, cap;
} rowbuf;

static lg_db_evidence *row_add(rowbuf *rb)
{
    if (rb->n == rb->cap) {
        size_t cap = rb->cap ? rb->cap * 2 : 64;
        lg_db_evidence *r = realloc(rb->rows, cap * sizeof *r);
        if (r == NULL)
            return NULL;
        rb->rows = r;
        rb->cap = cap;
    }
    lg_db_evidence *r = &rb->rows[rb->n++];
    memset(r, 0, sizeof *r);
    r->capture_index = -1;
    return r;
}

/* Objects kept alive only by containers, counted at their store sites (EV_KEPT). */
static void count_kept_alive(void)
{
    holdmap m = { 0 };
    lg__gc_each_tracked(count_container, &m);
    for (size_t i = 0; !m.failed && m.keys && i <= m.mask; i++) {
        lg_object *o = m.keys[i];
        if (o == NULL || o->refcnt != m.refs[i])
            continue;
        lg__head *h = lg__head_of(o);
        if (h->store_file == NULL)
            continue;
        lg__evsite *s = site(EV_KEPT, h->store_file, (int)h->store_line, m.holders[i]);
        if (s != NULL) {
            s->now_count++;
            s->now_bytes += held_bytes(o);
            s->type = o->type->name;
            offer(s, o, NULL);
        }
    }
    free(m.keys);
    free(m.refs);
    free(m.holders);
}

static void add_block(lg_object *item, void *arg)
{
    *(int64_t *)arg += (int64_t)lg__block_size(item);
}

static int log2_of(uint64_t v)
{
    int b = 0;
    while (v > 1 && b < SPAN_BUCKETS - 1) {
        v >>= 1;
        b++;
    }
    return b;
}

/* An item only the dying container holds: it is not counted now (a
 * container's death is its items' normal end) but filed by how long only
 * containers had held it; a flush counts the spans that were long (below). */
typedef struct {
    uint64_t now;        /* the clock at the container's death */
    unsigned char holder; /* its LG__HOLDS_* bit */
    int64_t bytes;       /* its items' bytes (lg__block_size), summed by the walk */
} dying;

static void file_if_only_held(lg_object *item, void *arg)
{
    dying *d = arg;
    uint64_t now = d->now;
    lg__head *h = lg__head_of(item);
    d->bytes += (int64_t)lg__block_size(item);
    if (item->refcnt != 1 || h->store_file == NULL)
        return;
    lg__evsite *s = site(EV_KEPT, h->store_file, (int)h->store_line, d->holder);
    if (s != NULL) {
        int b = log2_of((uint64_t)(uint32_t)((uint32_t)now - h->store_tick));
        s->span_count[b]++;
        s->span_bytes[b] += held_bytes(item);
        s->type = item->type->name;
    }
}

void lg__ev_container_dead(lg_object *c)
{
    int64_t len;
    lg__evsite *g = growth_of(c, &len);
    dying d = { lg__ev_now(), held_by(c), 0 };
    if (lg__gc_collecting()) {        /* cycle garbage: counted as a cycle, by type */
        if (g != NULL)
            each_item(c, add_block, &d.bytes);
    } else {
        each_item(c, file_if_only_held, &d);
    }
    if (g != NULL) {                  /* what it held is no longer held */
        g->g.live_bytes -= d.bytes;
        if (g->g.live_bytes < 0)
            g->g.live_bytes = 0;
    }
}

/* Items freed with their containers that had been held only by containers
 * for long: at least LONG_SPAN_MIN ticks and 1/LONG_SPAN_FRACTION of the run so far
 * (whole log2 buckets from the threshold's up). */
static void count_long_spans(lg__evsite *s, uint64_t now)
{
    uint64_t threshold = now / LONG_SPAN_FRACTION > LONG_SPAN_MIN ? now / LONG_SPAN_FRACTION : LONG_SPAN_MIN;
    int from = log2_of(threshold);
    for (int b = from; b < SPAN_BUCKETS; b++) {
        s->now_count += s->span_count[b];
        s->now_bytes += s->span_bytes[b];
    }
}

/* At a flush, for each live object: a closure's unread captures; a
 * container's length and bytes, added to its growth site's. */
static void live_state(lg_object *o, void *arg)
{
    (void)arg;
    int64_t len;
    lg__evsite *g;
    if (held_by(o) == LG__HOLDS_CLOSURE) {
        count_unread(o, 1);
    } else if ((g = growth_of(o, &len)) != NULL) {
        g->now_count += len;
        if (len > 0)
            offer(g, o, NULL);
    }
}

/* The live objects of each allocation site, counted by a walk at flush
 * (made while recording, the runtime's own excluded).  Objects of one site
 * tend to lie together: the last site found is tried first. */
typedef struct {
    const char *file;     /* the last site's file and line */
    uint32_t line;
    lg__evsite *site;     /* ... and its record */
} live_site_cache;

static void count_live(lg_object *o, void *arg)
{
    live_site_cache *c = arg;
    lg__head *h = lg__head_of(o);
    if (h->ev_site != lg__ev_epoch || (h->flags & LG__F_IMMORTAL))
        return;
    if (c->site == NULL || c->file != h->file || c->line != h->line) {
        c->site = site(EV_LIVE, h->file, (int)h->line, 0);
        c->file = h->file;
        c->line = h->line;
        if (c->site == NULL)
            return;
        c->site->type = o->type->name;
    }
    c->site->now_count++;
    c->site->now_bytes += (int64_t)lg__block_size(o);
}

/* A row's detail (malloc'd; rows_free frees it):
 *   kept_alive      {"holders":MASK,"held_by":"emitter+list"}, what kept them alive;
 *   unread_capture  {"called":N}, how many of the closures ever ran;
 *   growth          {"made":"FILE:LINE"}, where the containers were allocated. */
static char *detail_json(const lg__evsite *s)
{
    if (s->kind == EV_GROWTH) {
        lg__sbuf b = { 0 };
        if (s->extra == 0)
            return NULL;
        lg__sb_add(&b, "{\"made\":\"");
        lg__sb_json(&b, (const char *)s->extra);
        lg__sb_add(&b, ":%d\"}", s->made_line);
        if (b.failed) {
            free(b.s);
            return NULL;
        }
        return b.s;
    }
    static const char *const names[] = { "closure", "list", "map", "emitter" };
    char *t = malloc(96);
    if (t == NULL || s->kind == EV_UNREAD) {
        if (t != NULL)
            snprintf(t, 96, "{\"called\":%lld}", (long long)(s->called + s->now_called));
        return t;
    }
    int mask = (int)(s->extra & 15);
    size_t w = (size_t)snprintf(t, 96, "{\"holders\":%d,\"held_by\":\"", mask);
    for (int b = 0, first = 1; b < 4; b++)
        if (mask & (1 << b)) {
            w += (size_t)snprintf(t + w, 96 - w, "%s%s", first ? "" : "+", names[b]);
            first = 0;
        }
    snprintf(t + w, 96 - w, "\"}");
    return t;
}

/* The growth series as JSON, with the length now as its last point. */
static char *series_json(const lg__evsite *s, uint64_t now)
{
    size_t cap = (size_t)(s->nseries + 1) * 48 + 8, w = 0;
    char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    out[w++] = '[';
    for (int i = 0; i <= s->nseries; i++) {
        int64_t t = i < s->nseries ? s->series[i][0] : (int64_t)now;
        int64_t len = i < s->nseries ? s->series[i][1] : s->now_count;
        if (i == s->nseries && s->nseries > 0 && s->series[i - 1][0] == t)
            break;
        w += (size_t)snprintf(out + w, cap - w, "%s[%lld,%lld]", i ? "," : "", (long long)t,
                              (long long)len);
    }
    snprintf(out + w, cap - w, "]");
    return out;
}

/* A site's row at this flush:
 *   kept_alive  objects kept alive only by live containers now, and those
 *               freed with their container after long only being held by it;
 *   growth      new entries, overwrites, removals, evictions, the peak length
 *               and when it came, bytes held now / at the peak / ever stored;
 *   unread      closures whose capture was never read (dead and alive), the
 *               bytes the live ones hold now and all of them held;
 *   the rest    their totals. */
static void row_from(rowbuf *rb, lg__evsite *s, uint64_t now)
{
    int64_t count = s->count, bytes = s->bytes, total = 0;
    if (s->kind == EV_STEER)
        return;
    if (s->kind == EV_LIVE) {
        count = s->now_count;
        bytes = s->now_bytes;
    } else if (s->kind == EV_KEPT) {
        count_long_spans(s, now);
        count = s->now_count;
        bytes = s->now_bytes;
    } else if (s->kind == EV_UNREAD) {
        count += s->now_count;
        total = s->bytes + s->now_bytes;
        bytes = s->now_bytes;
    } else if (s->kind == EV_GROWTH) {
        total = s->g.stored;
        bytes = s->g.live_bytes;
    }
    if (s->file == NULL || (s->kind == EV_GROWTH ? s->g.inserts + s->g.overwrites == 0 : count == 0))
        return;
    lg_db_evidence *r = row_add(rb);
    if (r == NULL)
        return;
    r->kind = kind_name[s->kind];
    r->site_path = s->file;
    r->site_line = s->line;
    r->site_mtime = lg__source_mtime(s->file);
    r->type = s->type;
    r->count = s->kind == EV_GROWTH ? 1 : count;
    r->bytes = bytes;
    r->total_bytes = total;
    r->inserts = s->g.inserts;
    r->removals = s->removals;
    r->evictions = s->evictions;
    r->peak_len = s->g.peak;
    r->capture_index = s->kind == EV_UNREAD ? (int)s->extra : -1;
    r->paths = s->paths;
    if (s->kind == EV_KEPT || s->kind == EV_UNREAD || s->kind == EV_GROWTH)
        r->detail = detail_json(s);
    if (s->kind == EV_GROWTH) {
        r->overwrites = s->g.overwrites;
        r->peak_bytes = s->g.peak_bytes;
        r->first_tick = (int64_t)s->first_tick;
        r->peak_tick = (int64_t)s->peak_tick;
        r->last_tick = (int64_t)now;
        r->series = series_json(s, now);
    }
}

/* 1 when a static finding is at s's line in a file of s's base name (the
 * database's views then decide whether it is that finding's evidence). */
static int flagged(lg__evsite *s)
{
    if (s->flagged == 0) {
        const char *slash = strrchr(s->file, '/');
        char key[512];
        snprintf(key, sizeof key, "%d:%s", s->line, slash ? slash + 1 : s->file);
        size_t lo = 0, hi = nflagged;
        s->flagged = 1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(flagged_sites[mid], key);
            if (c == 0) {
                s->flagged = 2;
                s->flag_index = mid;
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
    }
    return s->flagged == 2;
}

/* Lingering at s, as the database's confirmation reads it (docs/database.md):
 * objects kept alive only by containers, live closures' unread captures, a
 * container that only grew and still reaches new peaks late. */
static int lingers(const lg__evsite *s, uint64_t now)
{
    switch (s->kind) {
    case EV_KEPT:
    case EV_UNREAD:
        return s->now_count > 0;
    case EV_GROWTH:
        return s->removals == 0 && s->evictions == 0 && s->g.peak >= 32 && now > s->first_tick
               && (s->peak_tick - s->first_tick) * 4 >= (now - s->first_tick) * 3;
    default:
        return 0;
    }
}

/* The paths a site wants this flush: it lingers (or a static finding flags
 * it and something lingers there) and has none yet, or this is the exit. */
static int wants_paths(lg__evsite *s, uint64_t now)
{
    if (s->nexamples == 0 || (s->paths != NULL && !paths_final))
        return 0;
    return lingers(s, now) || flagged(s);
}

static void last_item(lg_object *item, void *arg)
{
    *(lg_object **)arg = item;
}

/* The paths of site s from this flush's examples (right after a walk):
 * a JSON array of at most PATH_SHAPES paths of distinct shapes. */
static char *paths_of(const lg__evsite *s)
{
    lg__sbuf out = { 0 }, shapes[PATH_SHAPES] = { { 0 } };
    size_t nshapes = 0;
    lg__sb_add(&out, "[");
    for (size_t i = 0; i < nexamples && nshapes < PATH_SHAPES; i++) {
        const example *e = &examples[i];
        if (e->site != s)
            continue;
        lg_object *item = e->item;
        if (s->kind == EV_GROWTH)               /* a growing container: its newest entry */
            each_item(e->obj, last_item, &item);
        lg__sbuf one = { 0 }, shape = { 0 };
        int found = lg__path_json(e->obj, item, &one, &shape);
        size_t k = 0;
        while (found && k < nshapes && !shape.failed && strcmp(shapes[k].s, shape.s) != 0)
            k++;
        if (found && !one.failed && !shape.failed && k == nshapes) {
            lg__sb_add(&out, "%s%s", nshapes ? "," : "", one.s);
            shapes[nshapes++] = shape;
        } else {
            free(shape.s);
        }
        free(one.s);
    }
    lg__sb_add(&out, "]");
    for (size_t k = 0; k < nshapes; k++)
        free(shapes[k].s);
    if (out.failed || nshapes == 0) {
        free(out.s);
        return NULL;
    }
    return out.s;
}

/* Retention paths for the sites that want them: one walk, then each site's. */
static void record_paths(uint64_t now)
{
    int any = 0;
    for (size_t i = 0; i < nbuckets && !any; i++)
        for (lg__evsite *s = buckets[i]; s != NULL && !any; s = s->next)
            any = wants_paths(s, now);
    if (!any || lg__paths_walk() < 0)
        return;
    for (size_t i = 0; i < nbuckets; i++)
        for (lg__evsite *s = buckets[i]; s != NULL; s = s->next) {
            if (!wants_paths(s, now))
                continue;
            char *p = paths_of(s);
            if (p != NULL) {
                free(s->paths);
                s->paths = p;
            }
        }
}

/* What the live heap shows now: live closures' unread captures, containers'
 * lengths, objects kept alive only by containers; retention paths. */
static void measure(uint64_t now)
{
    for (size_t i = 0; i < nbuckets; i++)
        for (lg__evsite *s = buckets[i]; s != NULL; s = s->next) {
            s->now_count = s->now_bytes = s->now_called = 0;
            s->nexamples = 0;
        }
    nexamples = 0;
    lg__gc_each_tracked(live_state, NULL);
    count_kept_alive();
    record_paths(now);
}

/* Between flushes, for a site a static finding flags: its retention paths,
 * while what lingers there is still alive (nothing is written). */
static void checkpoint(void)
{
    if (lg__ev_on)
        measure(lg__ev_now());
}

/* This flush's rows: totals, plus what the live heap shows now. */
static void collect_rows(rowbuf *rb)
{
    uint64_t now = lg__ev_now();
    measure(now);
    live_site_cache cache = { NULL, 0, NULL };
    lg__each_object(count_live, &cache);
    for (size_t i = 0; i < nbuckets; i++)
        for (lg__evsite *s = buckets[i]; s != NULL; s = s->next)
            row_from(rb, s, now);
}

static void rows_free(rowbuf *rb)
{
    for (size_t i = 0; i < rb->n; i++) {
        free((char *)rb->rows[i].series);
        free((char *)rb->rows[i].detail);
    }
    free(rb->rows);
}

/* ---- opening, flushing, closing */

static void set_interval(void)
{
    const char *v = getenv("LINGER_FLUSH_INTERVAL");
    if (v != NULL && atoi(v) > 0)
        flush_interval = atoi(v);
}

static void cmdline(char *buf, size_t sz, const char **argv, int *argc)
{
    *argc = 0;
    FILE *f = fopen("/proc/self/cmdline", "rb");
    size_t n = f ? fread(buf, 1, sz - 1, f) : 0;
    if (f)
        fclose(f);
    buf[n] = 0;
    for (size_t i = 0; i < n && *argc < 64; i += strlen(buf + i) + 1)
        argv[(*argc)++] = buf + i;
}

static int add_flagged(int line, const char *base, void *arg)
{
    (void)arg;
    char **f = realloc(flagged_sites, (nflagged + 1) * sizeof *f);
    char key[512];
    snprintf(key, sizeof key, "%d:%s", line, base);
    if (f == NULL || (f[nflagged] = strdup(key)) == NULL) {
        if (f != NULL)
            flagged_sites = f;
        return 1;
    }
    flagged_sites = f;
    nflagged++;
    unsigned l = (unsigned)line & 0xffffu;
    lg__ev_steer_lines[l >> 6] |= (uint64_t)1 << (l & 63);
    return 0;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The static findings' sites, which steer retention paths (a database
 * without findings steers nothing: paths then follow the evidence alone). */
static void load_flagged(void)
{
    for (size_t i = 0; i < nflagged; i++)
        free(flagged_sites[i]);
    free(flagged_sites);
    free(flagged_done);
    flagged_sites = NULL;
    flagged_done = NULL;
    nflagged = 0;
    memset(lg__ev_steer_lines, 0, sizeof lg__ev_steer_lines);
    if (lg_db_each_finding_site(db, add_flagged, NULL) == 0 && nflagged > 1)
        qsort(flagged_sites, nflagged, sizeof *flagged_sites, by_text);
    flagged_done = nflagged > 0 ? calloc(nflagged, 1) : NULL;
    nflagged_left = nflagged;
    lg__ev_steer = flagged_done != NULL && !paths_off;
    for (size_t i = 0; i < nbuckets; i++)
        for (lg__evsite *s = buckets[i]; s != NULL; s = s->next)
            s->flagged = 0, s->steer_next = 0;
}

static int db_connect(void)
{
    char err[512];
    if (lg_db_open(db_path, 0, &db, err, sizeof err) < 0) {
        fprintf(stderr, "linger: evidence disabled: %s\n", err);
        db = NULL;
        return -1;
    }
    snprintf(db_path, sizeof db_path, "%s", lg_db_path(db));  /* a later chdir changes nothing */
    char args[4096];
    const char *argv[64];
    int argc;
    cmdline(args, sizeof args, argv, &argc);
    lg_db_run run = { "runtime", "liblinger-rt", LG_VERSION, argv, argc,
                      run_cwd[0] ? run_cwd : NULL, (long)getpid() };
    run_id = lg_db_begin_run(db, &run);
    if (run_id < 0) {
        fprintf(stderr, "linger: evidence disabled: %s\n", lg_db_errmsg(db));
        lg_db_close(db);
        db = NULL;
        return -1;
    }
    load_flagged();
    return 0;
}

void lg__evidence_at_exit(void)
{
    static int done;        /* atexit, or the runtime's destructor: whichever is first */
    if (done)
        return;
    done = 1;
    paths_final = 1;
    if (lg__ev_on)
        lg_evidence_flush();
    lg_evidence_close();
}

static void at_exit(void)
{
    lg__evidence_at_exit();
}

/* A site's counters zeroed, its identity (and hash chain) kept. */
static void forget(lg__evsite *s)
{
    lg__evsite keep = *s;
    free(keep.paths);
    memset(s, 0, sizeof *s);
    s->file = keep.file;
    s->line = keep.line;
    s->kind = keep.kind;
    s->extra = keep.extra;
    s->made_line = keep.made_line;
    s->type = keep.type;
    s->next = keep.next;
}

/* In a forked child: forget the parent's counters and connection. */
static void after_fork(void)
{
    orphan = db;            /* must not be used (or closed) in the child */
    db = NULL;
    run_id = -1;
    for (size_t i = 0; i < nbuckets; i++)
        for (lg__evsite *s = buckets[i]; s != NULL; s = s->next)
            forget(s);
    lg__ev_countdown = 4096;
    lg__ev_epoch++;         /* the parent's objects are not the child's evidence */
    if (lg__ev_epoch == 0)
        lg__ev_epoch = 1;
}

int lg_evidence_open(const char *path)
{
    if (path == NULL || *path == '\0') {
        lg__set_error("lg_evidence_open: db_path is empty");
        return -1;
    }
    char cwd[PATH_MAX], abs[PATH_MAX * 2];
    snprintf(abs, sizeof abs, "%s%s%s", path[0] == '/' ? "" : getcwd(cwd, sizeof cwd) ? cwd : "",
             path[0] == '/' ? "" : "/", path);
    if (lg__ev_on && (strcmp(path, db_path) == 0 || strcmp(abs, db_path) == 0))
        return 0;
    lg_evidence_close();
    snprintf(db_path, sizeof db_path, "%s", path);
    if (getcwd(run_cwd, sizeof run_cwd) == NULL)
        run_cwd[0] = 0;
    set_interval();
    const char *p = getenv("LINGER_PATHS");
    paths_off = p != NULL && strcmp(p, "0") == 0;
    if (db_connect() < 0) {
        lg__set_error("lg_evidence_open: cannot open the findings database");
        return -1;
    }
    if (!exit_hooked)
        exit_hooked = atexit(at_exit) == 0;
    if (!fork_hooked)
        fork_hooked = pthread_atfork(NULL, NULL, after_fork) == 0;
    last_flush = time(NULL);
    lg__ev_on = 1;
    return 0;
}

int lg_evidence_flush(void)
{
    if (!lg__ev_on)
        return 0;
    if (db == NULL && db_connect() < 0)     /* after fork: a new run of our own */
        return -1;
    last_flush = time(NULL);
    rowbuf rb = { 0 };
    collect_rows(&rb);
    int rc = lg_db_replace_evidence(db, run_id, run_cwd[0] ? run_cwd : NULL, rb.rows, rb.n);
    rows_free(&rb);
    if (rc < 0) {
        fprintf(stderr, "linger: evidence not recorded: %s\n", lg_db_errmsg(db));
        lg__set_error("lg_evidence_flush: the findings database refused the write");
    }
    return rc;
}

void lg_evidence_close(void)
{
    lg__ev_on = 0;
    lg__ev_steer = 0;
    lg_db_close(db);
    db = NULL;
    run_id = -1;
}

/* LINGER_DB=path: recording starts before main. */
__attribute__((constructor)) static void evidence_from_env(void)
{
    const char *path = getenv("LINGER_DB");
    if (path != NULL && *path)
        lg_evidence_open(path);
}
