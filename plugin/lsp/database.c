/*
 * database.c — the findings database the editor reads: where it is
 * ($LINGER_DB, else linger.db or build/linger.db in the workspace), when it
 * changed (its and its WAL's stamp, polled while idle), and the run-time
 * confirmation and retention path it holds for a document's findings
 * (matched by fingerprint, as every front door does: lg_store_mark), and the
 * project index it holds
 * (the other units' summaries: a buffer is judged with the whole program).
 */
#include "lsp_int.h"
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void lg__lsp_find_db(server *s)
{
    const char *env = getenv("LINGER_DB");
    s->dbpath[0] = 0;
    if (env != NULL && *env) {
        lg_workdir_absolute(env, s->dbpath, sizeof s->dbpath);
        return;
    }
    const char *cands[] = { "linger.db", "build/linger.db" };
    for (int i = 0; i < 2 && s->root[0]; i++) {
        char p[PATH_MAX];
        if (snprintf(p, sizeof p, "%s/%s", s->root, cands[i]) >= (int)sizeof p)
            continue;
        if (access(p, R_OK) == 0) {
            snprintf(s->dbpath, sizeof s->dbpath, "%s", p);
            return;
        }
    }
}

long long lg__lsp_db_stamp(const server *s)
{
    if (!s->dbpath[0])
        return 0;
    long long stamp = 0;
    const char *suffix[] = { "", "-wal" };
    for (int i = 0; i < 2; i++) {
        char p[PATH_MAX + 8];
        struct stat st;
        snprintf(p, sizeof p, "%s%s", s->dbpath, suffix[i]);
        if (stat(p, &st) == 0)
            stamp += (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec + st.st_size;
    }
    return stamp;
}

/* The database's confirmed findings of one document, kept between edits:
 * an edit changes the buffer, not the database, so only a change of the
 * database (its stamp) reads them again. */
struct lg__lsp_marks {
    lg_db_finding_row *rows;  /* copies: rule, fingerprint and ev_kind duplicated */
    char **paths;             /* each row's first retention path (JSON), or NULL */
    size_t n, cap;
    long long stamp;          /* the database's stamp when read */
    char abs[PATH_MAX];       /* the document's absolute path */
    lg_db *db;                /* while reading */
};

static void marks_clear(lg__lsp_marks *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free((char *)m->rows[i].rule);
        free((char *)m->rows[i].fingerprint);
        free((char *)m->rows[i].ev_kind);
        free(m->paths[i]);
    }
    m->n = 0;
}

void lg__lsp_marks_free(lg__lsp_marks *m)
{
    if (m == NULL)
        return;
    marks_clear(m);
    free(m->rows);
    free(m->paths);
    free(m);
}

static int keep_row(const lg_db_finding_row *r, void *arg)
{
    lg__lsp_marks *m = arg;
    if (!r->confirmed || strcmp(r->path, m->abs) != 0)
        return 0;
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 8;
        lg_db_finding_row *rows = realloc(m->rows, cap * sizeof *rows);
        char **paths = rows ? realloc(m->paths, cap * sizeof *paths) : NULL;
        if (rows != NULL)
            m->rows = rows;
        if (paths == NULL)
            return 1;                 /* out of memory: what was read is kept */
        m->paths = paths;
        m->cap = cap;
    }
    lg_db_finding_row c = *r;
    c.path = c.function = c.place = c.message = c.severity = NULL;
    c.ev_made = c.ev_type = NULL;
    c.rule = strdup(r->rule);
    c.fingerprint = strdup(r->fingerprint);
    c.ev_kind = r->ev_kind ? strdup(r->ev_kind) : NULL;
    m->rows[m->n] = c;
    m->paths[m->n] = lg_store_first_path(m->db, r);
    m->n++;
    return 0;
}

/* Reads the document's confirmed findings (and their paths) into m. */
static void marks_read(server *s, lg__lsp_marks *m)
{
    lg_db *db;
    char err[600];
    marks_clear(m);
    if (!s->dbpath[0] || access(s->dbpath, R_OK) != 0
        || lg_db_open(s->dbpath, LG_DB_READONLY, &db, err, sizeof err) < 0)
        return;
    m->db = db;
    lg_db_each_finding(db, NULL, 1, keep_row, m);
    m->db = NULL;
    lg_db_close(db);
}

void lg__lsp_annotate(server *s, doc *d)
{
    if (d->marks == NULL && (d->marks = calloc(1, sizeof *d->marks)) == NULL)
        return;
    lg__lsp_marks *m = d->marks;
    char abs[PATH_MAX];
    if (realpath(d->path, abs) == NULL)
        snprintf(abs, sizeof abs, "%s", d->path);
    long long stamp = lg__lsp_db_stamp(s);
    if (stamp == 0) {
        marks_clear(m);
    } else if (stamp != m->stamp || strcmp(abs, m->abs) != 0) {
        snprintf(m->abs, sizeof m->abs, "%s", abs);
        marks_read(s, m);
    }
    m->stamp = stamp;
    for (size_t i = 0; i < m->n; i++) {
        lg_store_mark(&d->findings, &m->rows[i], 1);
        lg_store_mark_path(&d->findings, &m->rows[i], m->paths[i]);
    }
}

static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;

/* An index no analysis uses any more: freed, unless a set-aside thread may
 * still hold it (then kept until exit). */
static void retire(server *s, lg_index *ix)
{
    if (ix == NULL)
        return;
    pthread_mutex_lock(&lg__lsp_out_lock);
    int keep = s->abandoned_any;
    pthread_mutex_unlock(&lg__lsp_out_lock);
    lg_index **v = keep ? realloc(s->retired, (s->nretired + 1) * sizeof *v) : NULL;
    if (v == NULL) {
        if (!keep)
            lg_index_free(ix);
        return;                   /* (out of memory: left for the process's end) */
    }
    s->retired = v;
    s->retired[s->nretired++] = ix;
}

const lg_index *lg__lsp_index(server *s)
{
    if (!s->dbpath[0] || access(s->dbpath, R_OK) != 0)
        return NULL;
    pthread_mutex_lock(&index_lock);
    long long stamp = lg__lsp_db_stamp(s);
    if (s->index == NULL || stamp != s->index_stamp) {
        lg_index_report rep;
        char err[700];
        lg_index *ix = lg_index_load(s->dbpath, s->models, &rep, err, sizeof err);
        if (ix == NULL) {
            lg__lsp_log(2, "linger: the project index in %s cannot be read: %s", s->dbpath, err);
        } else {
            if (rep.notes != NULL)
                lg__lsp_log(2, "linger: %s", rep.notes);
            retire(s, s->index);
            s->index = ix;
            s->index_stamp = stamp;
        }
        lg_index_report_free(&rep);
    }
    const lg_index *ix = s->index;
    pthread_mutex_unlock(&index_lock);
    return ix;
}

void lg__lsp_index_free(server *s)
{
    pthread_mutex_lock(&index_lock);
    if (!s->abandoned_any) {
        lg_index_free(s->index);
        for (size_t i = 0; i < s->nretired; i++)
            lg_index_free(s->retired[i]);
        free(s->retired);
        s->index = NULL;
        s->retired = NULL;
        s->nretired = 0;
    }
    pthread_mutex_unlock(&index_lock);
}
