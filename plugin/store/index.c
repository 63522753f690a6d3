/*
 * index.c — see index.h.  One transaction from reading the index to writing
 * the findings (BEGIN IMMEDIATE): concurrent compiles of one build take
 * turns, and the last one to finish judges with every summary in place.
 *
 * Which other units to judge again: those tied to this unit by a key
 * (lgf_summary_keys) — a long-lived place both touch, or a function of the
 * project one defines and the other calls, makes a closure of, or names in
 * a table — through at most RELATED_DEPTH links (a parameter resolved
 * through callers of callers).  A function name counts only when some unit
 * defines it: every unit calling printf is not thereby tied to every other.
 */
#include "index.h"
#include "keyset.h"
#include "store_int.h"
#include "summary.h"
#include "workdir.h"
#include <assert.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RELATED_DEPTH 3   /* links followed from the compiled unit */

/* ---- the units of the index */

typedef struct {
    char *unit;           /* the index's key: the unit's absolute path */
    lgf_facts facts;      /* read from its summary */
    int64_t mtime;        /* its source's modification time when analysed */
    int related;          /* tied to the compiled unit: judged again */
    lg_findings findings; /* ... its findings */
} other;

typedef struct {
    char (*self)[PATH_MAX]; /* the compiled units' keys (their summaries are read apart) */
    size_t nself;
    const lgm_set *models;
    other *v;             /* the other units read */
    size_t n, cap;
    lgf_facts *old;       /* per compiled unit: its previous summary (for its keys) */
    int *have_old;        /* ... when there was one, and it differs from: */
    char **text;          /* ... its new summary (written before loading) */
    int *same;            /* ... 1: the stored summary is the new one, byte for byte
                             (a header every compile walks, a file rebuilt unchanged):
                             it ties nothing new and is not written again */
    size_t skipped;       /* summaries that could not be read */
    char *notes;          /* one line each */
    size_t notes_len;
    int failed;           /* memory ran out */
} loader;

static void note(loader *l, const char *unit, const char *why)
{
    size_t add = strlen(unit) + strlen(why) + 64;
    char *n = realloc(l->notes, l->notes_len + add);
    if (n == NULL)
        return;
    l->notes = n;
    l->notes_len += (size_t)snprintf(n + l->notes_len, add,
                                     "summary of %s skipped: %s\n", unit, why);
}

static int load_row(const lg_db_summary_row *row, void *arg)
{
    loader *l = arg;
    char err[512];
    for (size_t i = 0; i < l->nself; i++) {
        if (strcmp(row->unit, l->self[i]) != 0)
            continue;
        l->same[i] = row->len == strlen(l->text[i]) && memcmp(row->text, l->text[i], row->len) == 0;
        if (l->same[i])
            return 0;
        if (lgf_summary_read(row->text, row->len, l->models, &l->old[i], err, sizeof err) == 0)
            l->have_old[i] = 1;
        else
            lgf_free(&l->old[i]);   /* the new summary replaces it either way */
        return 0;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        other *v = realloc(l->v, cap * sizeof *v);
        if (v == NULL) {
            l->failed = 1;
            return 1;
        }
        l->v = v;
        l->cap = cap;
    }
    other *o = &l->v[l->n];
    memset(o, 0, sizeof *o);
    if (lgf_summary_read(row->text, row->len, l->models, &o->facts, err, sizeof err) < 0) {
        lgf_free(&o->facts);
        l->skipped++;
        note(l, row->unit, err);
        return 0;
    }
    if ((o->unit = strdup(row->unit)) == NULL) {
        lgf_free(&o->facts);
        l->failed = 1;
        return 1;
    }
    o->mtime = row->source_mtime;
    l->n++;
    return 0;
}

static void loader_free(loader *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].unit);
        lgf_free(&l->v[i].facts);
        lg_findings_free(&l->v[i].findings);
    }
    free(l->v);
    for (size_t i = 0; i < l->nself; i++) {
        if (l->have_old != NULL && l->have_old[i])
            lgf_free(&l->old[i]);
        if (l->text != NULL)
            free(l->text[i]);
    }
    free(l->old);
    free(l->have_old);
    free(l->text);
    free(l->same);
    free(l->self);
    free(l->notes);
}

/* ---- which units the compile may change */

typedef struct {
    const lg_keyset *defined;  /* functions some unit defines */
    lg_keyset *into;           /* where keys are added, or NULL */
    const lg_keyset *probe;    /* keys looked for, or NULL */
    int hit;                /* a key of probe was met */
} keyctx;

static void on_key(const char *key, int function, void *arg)
{
    keyctx *c = arg;
    if (function && !lg_keyset_has(c->defined, key))
        return;                         /* a library's function ties nothing */
    if (c->into != NULL)
        lg_keyset_add(c->into, key);
    if (c->probe != NULL && lg_keyset_has(c->probe, key))
        c->hit = 1;
}

static void add_defined(lg_keyset *d, const lgf_facts *f)
{
    for (size_t i = 0; i < f->nfunctions; i++)
        lg_keyset_add(d, f->functions[i].name);
}

/* Marks the units tied to the compiled ones u (or to the summaries they
 * replace) within RELATED_DEPTH links.  Memory running out marks every unit
 * (judging more is only slower, never wrong). */
static void mark_related(loader *l, const lg_index_unit *u, size_t nu)
{
    lg_keyset defined = { 0 }, keys = { 0 };
    for (size_t i = 0; i < nu; i++)
        add_defined(&defined, u[i].facts);
    for (size_t i = 0; i < l->n; i++)
        add_defined(&defined, &l->v[i].facts);
    keyctx c = { &defined, &keys, NULL, 0 };
    /* a compiled unit whose summary did not change ties nothing by itself,
     * but is a link on the way from one that did (a header's getter
     * between the file that trims a table and the one that fills it) */
    int *linked = calloc(nu, sizeof *linked);
    for (size_t i = 0; i < nu; i++) {
        if (l->same[i] && linked != NULL)
            continue;
        lgf_summary_keys(u[i].facts, on_key, &c);
        if (l->have_old[i])
            lgf_summary_keys(&l->old[i], on_key, &c);
    }
    for (int depth = 0; depth < RELATED_DEPTH; depth++) {
        lg_keyset next = { 0 };
        int grew = 0;
        for (size_t i = 0; linked != NULL && i < nu; i++) {
            if (!l->same[i] || linked[i])
                continue;
            keyctx probe = { &defined, NULL, &keys, 0 };
            lgf_summary_keys(u[i].facts, on_key, &probe);
            if (probe.hit || keys.failed || defined.failed) {
                linked[i] = 1;
                keyctx add = { &defined, &next, NULL, 0 };
                lgf_summary_keys(u[i].facts, on_key, &add);
                grew = 1;
            }
        }
        for (size_t i = 0; i < l->n; i++) {
            if (l->v[i].related)
                continue;
            keyctx probe = { &defined, NULL, &keys, 0 };
            lgf_summary_keys(&l->v[i].facts, on_key, &probe);
            if (probe.hit || keys.failed || defined.failed) {
                l->v[i].related = 1;
                keyctx add = { &defined, &next, NULL, 0 };
                lgf_summary_keys(&l->v[i].facts, on_key, &add);
                grew = 1;
            }
        }
        for (size_t i = 0; next.v != NULL && i <= next.mask; i++)
            if (next.v[i] != NULL)
                lg_keyset_add(&keys, next.v[i]);
        lg_keyset_free(&next);
        if (!grew)
            break;
    }
    free(linked);
    lg_keyset_free(&keys);
    lg_keyset_free(&defined);
}

/* ---- judging */

static void judge(lgf_facts *f, const lgf_project *p, const char *src, size_t len,
                  const int *enabled, lg_findings *out)
{
    f->project = p;
    lg_rules_run(f, enabled, out);
    lg_findings_suppress(out, src, len);
    f->project = NULL;
}

/* The files of a project of these units, n of them, and skipped more
 * that could not be read: translation units, not headers. */
static size_t files_of(const lgf_facts *const *units, size_t n, size_t skipped)
{
    size_t files = skipped;
    for (size_t i = 0; i < n; i++)
        files += !units[i]->header;
    return files;
}

/* Judges the compiled units and the related ones over the whole index. */
static int judge_all(loader *l, const lg_index_unit *u, size_t nu, const int *enabled,
                     lg_findings *out)
{
    const lgf_facts **units = malloc((l->n + nu) * sizeof *units);
    if (units == NULL)
        return -1;
    for (size_t i = 0; i < nu; i++)
        units[i] = u[i].facts;
    for (size_t i = 0; i < l->n; i++)
        units[nu + i] = &l->v[i].facts;
    lgf_project p = { units, l->n + nu, files_of(units, l->n + nu, l->skipped), l->skipped,
                      lgf_memo_new() };
    for (size_t i = 0; i < nu; i++)
        judge(u[i].facts, &p, u[i].src, u[i].len, enabled, &out[i]);
    for (size_t i = 0; i < l->n; i++) {
        if (!l->v[i].related)
            continue;
        size_t slen;
        char *supp = lgf_summary_suppressions(&l->v[i].facts, &slen);
        judge(&l->v[i].facts, &p, supp ? supp : "", slen, enabled, &l->v[i].findings);
        free(supp);
    }
    lgf_memo_free(p.memo);
    free(units);
    return 0;
}

/* Writes the compiled units' summaries and findings and the re-judged
 * units' findings as one run. */
static int write_all(lg_db *db, const char *tool, int argc, char **argv, size_t nu,
                     const lg_findings *out, loader *l, size_t *rejudged)
{
    int64_t run = lg__store_begin_run(db, tool, argc, argv);
    if (run < 0)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nu; i++) {
        const char *abs = l->self[i];
        int64_t mtime = lg__store_mtime(abs);
        if (!l->same[i])
            rc = lg_db_put_summary(db, run, abs, LGF_SUMMARY_VERSION, l->text[i], mtime);
        if (rc == 0)
            rc = lg__store_unit(db, run, abs, &out[i], mtime);
    }
    for (size_t i = 0; rc == 0 && i < l->n; i++) {
        if (!l->v[i].related)
            continue;
        rc = lg__store_unit(db, run, l->v[i].unit, &l->v[i].findings, l->v[i].mtime);
        (*rejudged)++;
    }
    return rc;
}

void lg_index_judge_compile(const lg_index_unit *u, size_t n, const int *enabled,
                            lg_findings *out)
{
    lgf_facts **units = calloc(n ? n : 1, sizeof *units);
    if (units == NULL) {                /* memory out: each alone */
        for (size_t i = 0; i < n; i++)
            judge(u[i].facts, NULL, u[i].src, u[i].len, enabled, &out[i]);
        return;
    }
    for (size_t i = 0; i < n; i++)
        units[i] = u[i].facts;
    lg_rules_run_units(units, n, enabled, out);
    for (size_t i = 0; i < n; i++)
        lg_findings_suppress(&out[i], u[i].src, u[i].len);
    free(units);
}

/* The compiled units judged as one program alone (no index to judge
 * with), unless they were judged with it before it failed. */
static void judge_alone(const lg_index_unit *u, size_t nu, const int *enabled, lg_findings *out)
{
    for (size_t i = 0; i < nu; i++)
        if (out[i].n > 0)
            return;
    lg_index_judge_compile(u, nu, enabled, out);
}

int lg_index_compile(const char *db_path, const char *tool, int argc, char **argv,
                     const lg_index_unit *u, size_t nu, const lgm_set *models, const int *enabled,
                     lg_findings *out, lg_index_report *report, char *err, size_t errsz)
{
    assert(db_path != NULL && tool != NULL && u != NULL && nu > 0 && out != NULL);
    memset(out, 0, nu * sizeof *out);
    memset(report, 0, sizeof *report);
    char dbabs[PATH_MAX];
    lg_workdir_absolute(db_path, dbabs, sizeof dbabs);
    loader l = { calloc(nu, sizeof *l.self), nu, models, NULL, 0, 0, calloc(nu, sizeof *l.old),
                 calloc(nu, sizeof *l.have_old), calloc(nu, sizeof *l.text),
                 calloc(nu, sizeof *l.same), 0, NULL, 0, 0 };
    int ok = l.self != NULL && l.old != NULL && l.have_old != NULL && l.text != NULL
             && l.same != NULL;
    for (size_t i = 0; ok && i < nu; i++) {
        lg__store_real_path(u[i].path, l.self[i]);
        ok = (l.text[i] = lgf_summary_write(u[i].facts, u[i].src, u[i].len)) != NULL;
    }
    if (!ok) {
        loader_free(&l);
        snprintf(err, errsz, "out of memory");
        judge_alone(u, nu, enabled, out);
        return -1;
    }
    lg_db *db;
    if (lg_db_open(dbabs, 0, &db, err, errsz) < 0) {
        loader_free(&l);
        judge_alone(u, nu, enabled, out);
        return -1;
    }
    int rc = lg_db_begin(db), begun = rc == 0;
    if (rc == 0)
        rc = lg_db_each_summary(db, load_row, &l);
    if (rc == 0 && l.failed)
        rc = -1;
    if (rc == 0) {
        mark_related(&l, u, nu);
        rc = judge_all(&l, u, nu, enabled, out);
    }
    if (rc == 0)
        rc = write_all(db, tool, argc, argv, nu, out, &l, &report->rejudged);
    int ended = -1;
    if (rc == 0)
        ended = lg_db_end(db, 1);
    else if (begun)
        lg_db_end(db, 0);
    for (size_t i = 0; ended == 0 && i < nu; i++)
        lg__store_mark_all(db, &(lg_store_unit){ u[i].path, &out[i], NULL, NULL, 0 }, 1);
    if (ended < 0)
        snprintf(err, errsz, "%s", l.failed ? "out of memory" : lg_db_errmsg(db));
    if (ended < 0)
        judge_alone(u, nu, enabled, out);
    report->units = l.n + l.skipped;
    report->skipped = l.skipped;
    report->notes = l.notes;
    l.notes = NULL;
    loader_free(&l);
    lg_db_close(db);
    return ended;
}

void lg_index_report_free(lg_index_report *r)
{
    free(r->notes);
    memset(r, 0, sizeof *r);
}

/* ---- an index kept in memory (the editor's) */

struct lg_index {
    loader l;             /* every unit read from the database */
    lgf_names *names;     /* their name index, built once (each judgement then indexes
                             only the buffer); NULL when memory ran out */
};

lg_index *lg_index_load(const char *db_path, const lgm_set *models, lg_index_report *report,
                        char *err, size_t errsz)
{
    assert(db_path != NULL);
    memset(report, 0, sizeof *report);
    lg_db *db;
    if (lg_db_open(db_path, LG_DB_READONLY, &db, err, errsz) < 0)
        return NULL;
    lg_index *ix = calloc(1, sizeof *ix);
    if (ix == NULL) {
        lg_db_close(db);
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    ix->l.models = models;
    int rc = lg_db_each_summary(db, load_row, &ix->l);
    if (rc < 0 || ix->l.failed)
        snprintf(err, errsz, "%s", ix->l.failed ? "out of memory" : lg_db_errmsg(db));
    lg_db_close(db);
    report->units = ix->l.n + ix->l.skipped;
    report->skipped = ix->l.skipped;
    report->notes = ix->l.notes;
    ix->l.notes = NULL;
    if (rc < 0 || ix->l.failed) {
        lg_index_free(ix);
        return NULL;
    }
    const lgf_facts **units = malloc((ix->l.n ? ix->l.n : 1) * sizeof *units);
    for (size_t i = 0; units != NULL && i < ix->l.n; i++)
        units[i] = &ix->l.v[i].facts;
    ix->names = units != NULL ? lgf_names_build(units, ix->l.n) : NULL;
    free(units);
    return ix;
}

void lg_index_free(lg_index *ix)
{
    if (ix == NULL)
        return;
    loader_free(&ix->l);
    lgf_names_free(ix->names);
    free(ix);
}

void lg_index_judge(const lg_index *ix, const char *path, lgf_facts *facts, const char *src,
                    size_t len, const int *enabled, lg_findings *out)
{
    assert(facts != NULL && out != NULL);
    char abs[PATH_MAX];
    lg__store_real_path(path, abs);
    size_t n = ix ? ix->l.n : 0;
    const lgf_facts **units = malloc((n + 1) * sizeof *units);
    if (units == NULL) {
        judge(facts, NULL, src, len, enabled, out);
        return;
    }
    size_t k = 0;
    const lgf_facts *replaced = NULL;
    units[k++] = facts;
    for (size_t i = 0; i < n; i++) {      /* the buffer's own facts replace its stored summary */
        if (strcmp(ix->l.v[i].unit, abs) != 0)
            units[k++] = &ix->l.v[i].facts;
        else
            replaced = &ix->l.v[i].facts;
    }
    int was_header = facts->header;
    if (replaced != NULL && replaced->header)
        facts->header = 1;                /* a header opened itself: still not a file counted */
    lgf_project p = { units, k, files_of(units, k, ix ? ix->l.skipped : 0), ix ? ix->l.skipped : 0,
                      ix != NULL && ix->names != NULL ? lgf_memo_new_over(ix->names, replaced)
                                                      : lgf_memo_new() };
    judge(facts, k > 1 ? &p : NULL, src, len, enabled, out);
    facts->header = was_header;
    lgf_memo_free(p.memo);
    free(units);
}
