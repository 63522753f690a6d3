/*
 * store.c — see store.h.  Paths go into the database absolute (realpath of
 * what the user named), so every front door's rows for one file meet.
 */
#include "store.h"
#include "store_int.h"
#include "summary.h"
#include "workdir.h"
#include <assert.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LINGER_VERSION_STRING
#define LINGER_VERSION_STRING "0.1.0"
#endif

void lg__store_real_path(const char *path, char out[PATH_MAX])
{
    if (realpath(path, out) == NULL)
        snprintf(out, PATH_MAX, "%s", path);
}

int lg__store_unit(lg_db *db, int64_t run, const char *abs, const lg_findings *fs, int64_t mtime)
{
    lg_db_finding *rows = calloc(fs->n + 1, sizeof *rows);
    if (rows == NULL)
        return -1;
    for (size_t i = 0; i < fs->n; i++) {
        const lg_finding *f = &fs->v[i];
        rows[i] = (lg_db_finding){ f->rule, abs, f->function, f->place, f->message, "warning",
                                   f->fingerprint, (int)f->line, (int)f->column, f->capture, mtime };
    }
    int rc = lg_db_replace_findings(db, run, abs, rows, fs->n);
    free(rows);
    return rc;
}

int64_t lg__store_mtime(const char *abs)
{
    struct stat st;
    return stat(abs, &st) == 0 ? (int64_t)st.st_mtime : 0;   /* the version analysed */
}

static int store_unit(lg_db *db, int64_t run, const lg_store_unit *u)
{
    char abs[PATH_MAX];
    lg__store_real_path(u->path, abs);
    int64_t mtime = lg__store_mtime(abs);
    if (u->facts != NULL) {
        char *text = lgf_summary_write(u->facts, u->src, u->len);
        int rc = text ? lg_db_put_summary(db, run, abs, LGF_SUMMARY_VERSION, text, mtime) : -1;
        free(text);
        if (rc < 0)
            return -1;
    }
    return lg__store_unit(db, run, abs, u->findings, mtime);
}

int lg_store_declare_rules(lg_db *db)
{
    lg_db_rule_evidence d[16];
    size_t n = lg_rule_count();
    assert(n <= sizeof d / sizeof *d);
    for (size_t i = 0; i < n; i++) {
        const lg_rule *r = lg_rule_at(i);
        d[i] = (lg_db_rule_evidence){ r->name, r->evidence, r->per_capture };
    }
    return lg_db_declare_rules(db, d, n);
}

const char *lg_store_rule_of_kind(const char *kind)
{
    for (size_t i = 0; kind != NULL && i < lg_rule_count(); i++)
        if (strcmp(lg_rule_at(i)->evidence, kind) == 0)
            return lg_rule_at(i)->name;
    return NULL;
}

/* f is the finding row r describes: by fingerprint, not line — in an
 * editor's unsaved buffer the call may have moved, and another call may
 * sit on the stored line. */
static int described(const lg_finding *f, const lg_db_finding_row *r)
{
    return f->fingerprint != NULL && r->fingerprint != NULL && strcmp(f->fingerprint, r->fingerprint) == 0
           && strcmp(f->rule, r->rule) == 0 && f->capture == r->capture;
}

void lg_store_mark(lg_findings *fs, const lg_db_finding_row *r, int strip_head)
{
    assert(fs != NULL && r != NULL);
    if (r->ev_kind == NULL)
        return;
    for (size_t j = 0; j < fs->n; j++) {
        lg_finding *f = &fs->v[j];
        if (!described(f, r))
            continue;
        char buf[256];
        lg_db_summary(r, buf, sizeof buf);
        const char *text = buf;
        if (strip_head && strncmp(text, "confirmed: ", 11) == 0)
            text += 11;
        free(f->runtime);
        f->runtime = strdup(text);
        f->confirmed = r->confirmed;
    }
}

/* The first path of the first evidence row with paths (malloc'd JSON). */
static int first_path(const lg_db_evidence_row *e, void *arg)
{
    json_t *paths = json_loads(e->paths, 0, NULL), *first = json_array_get(paths, 0);
    if (json_is_object(first))
        *(char **)arg = json_dumps(first, JSON_COMPACT);
    json_decref(paths);
    return *(char **)arg != NULL;
}

char *lg_store_first_path(lg_db *db, const lg_db_finding_row *r)
{
    assert(db != NULL && r != NULL);
    char *path = NULL;
    if (r->id > 0)
        lg_db_each_evidence_of(db, r->id, NULL, 0, 1, first_path, &path);
    return path;
}

void lg_store_mark_path(lg_findings *fs, const lg_db_finding_row *r, const char *path)
{
    assert(fs != NULL && r != NULL);
    for (size_t j = 0; path != NULL && j < fs->n; j++) {
        lg_finding *f = &fs->v[j];
        if (described(f, r)) {
            free(f->retention);
            f->retention = strdup(path);
        }
    }
}

typedef struct {
    lg_store_unit *units;   /* the units being marked */
    size_t n;
    char (*abs)[PATH_MAX];  /* their absolute paths */
} mark_ctx;

static int mark_row(const lg_db_finding_row *r, void *arg)
{
    mark_ctx *c = arg;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->abs[i], r->path) == 0)
            lg_store_mark(c->units[i].findings, r, 0);
    return 0;
}

int lg__store_mark_all(lg_db *db, lg_store_unit *units, size_t n)
{
    mark_ctx c = { units, n, calloc(n + 1, PATH_MAX) };
    if (c.abs == NULL)
        return 0;                           /* unmarked, not lost */
    for (size_t i = 0; i < n; i++)
        lg__store_real_path(units[i].path, c.abs[i]);
    int rc = lg_db_each_finding(db, NULL, -1, mark_row, &c);
    free(c.abs);
    return rc;
}

int64_t lg__store_begin_run(lg_db *db, const char *tool, int argc, char **argv)
{
    lg_db_run run = { "static", tool, LINGER_VERSION_STRING, (const char *const *)argv, argc,
                      lg_workdir(), (long)getpid() };
    return lg_store_declare_rules(db) < 0 ? -1 : lg_db_begin_run(db, &run);
}

int lg_store_findings(const char *db_path, const char *tool, int argc, char **argv,
                      lg_store_unit *units, size_t n, char *err, size_t errsz)
{
    assert(db_path != NULL && tool != NULL && argv != NULL && (units != NULL || n == 0));
    lg_db *db;
    char abs[PATH_MAX];
    lg_workdir_absolute(db_path, abs, sizeof abs);
    if (lg_db_open(abs, 0, &db, err, errsz) < 0)
        return -1;
    int rc = lg_db_begin(db), begun = rc == 0;     /* the whole set as one transaction */
    int64_t id = begun ? lg__store_begin_run(db, tool, argc, argv) : -1;
    if (id < 0)
        rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = store_unit(db, id, &units[i]);
    if (begun && lg_db_end(db, rc == 0) < 0)
        rc = -1;
    if (rc == 0)
        rc = lg__store_mark_all(db, units, n);
    if (rc < 0)
        snprintf(err, errsz, "%s", lg_db_errmsg(db));
    lg_db_close(db);
    return rc;
}
