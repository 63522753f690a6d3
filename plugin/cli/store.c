/*
 * store.c — storing what `linger check`, `linger-cc` and the clang plugin
 * found in the findings database (one run, each unit's findings replacing
 * its earlier ones), then reading back the run-time evidence the database
 * holds for each finding.  No printing: errors come back as text.
 */
#include "lgdb.h"
#include "linger_cli.h"
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The working directory the process started in: libclang's -working-directory
 * moves the process's own, so relative paths the user gave (--db, LINGER_DB)
 * are resolved against this one. */
static char start_cwd[PATH_MAX];

void lg_cli_remember_cwd(void)
{
    if (start_cwd[0] == 0 && getcwd(start_cwd, sizeof start_cwd) == NULL)
        start_cwd[0] = 0;
}

const char *lg_cli_cwd(void)
{
    lg_cli_remember_cwd();
    return start_cwd[0] ? start_cwd : NULL;
}

void lg_cli_absolute(const char *path, char *out, size_t sz)
{
    const char *cwd = lg_cli_cwd();
    if (path[0] == '/' || cwd == NULL)
        snprintf(out, sz, "%s", path);
    else
        snprintf(out, sz, "%s/%s", cwd, path);
}

static int store_unit(lg_db *db, int64_t run, const lg_analysis *a)
{
    char abs[PATH_MAX];
    if (realpath(a->path, abs) == NULL)
        snprintf(abs, sizeof abs, "%s", a->path);
    lg_db_finding *rows = calloc(a->findings.n + 1, sizeof *rows);
    if (rows == NULL)
        return -1;
    struct stat st;
    int64_t mtime = stat(abs, &st) == 0 ? (int64_t)st.st_mtime : 0;   /* the version analysed */
    for (size_t i = 0; i < a->findings.n; i++) {
        const lg_finding *f = &a->findings.v[i];
        rows[i] = (lg_db_finding){ f->rule, abs, f->function, f->place, f->message, "warning",
                                   f->fingerprint, (int)f->line, (int)f->column, f->capture, mtime };
    }
    int rc = lg_db_replace_findings(db, run, abs, rows, a->findings.n);
    free(rows);
    return rc;
}

typedef struct {
    lg_analysis *a;     /* the analyses being annotated */
    size_t n;
    char (*abs)[PATH_MAX]; /* their absolute paths */
} annotate_ctx;

void lg_cli_mark(lg_findings *fs, const lg_db_finding_row *r, int strip_head)
{
    if (r->ev_kind == NULL)
        return;
    for (size_t j = 0; j < fs->n; j++) {
        lg_finding *f = &fs->v[j];
        /* by fingerprint, not line: in an editor's unsaved buffer the call may
         * have moved, and another call may sit on the stored line */
        if (f->fingerprint == NULL || r->fingerprint == NULL
            || strcmp(f->fingerprint, r->fingerprint) != 0
            || strcmp(f->rule, r->rule) != 0 || f->capture != r->capture)
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

static int annotate(const lg_db_finding_row *r, void *arg)
{
    annotate_ctx *c = arg;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->abs[i], r->path) == 0)
            lg_cli_mark(&c->a[i].findings, r, 0);
    return 0;
}

int lg_cli_store(const char *path, const char *tool, int argc, char **argv, lg_analysis *a,
                 size_t n, char *err, size_t errsz)
{
    lg_db *db;
    char abs[PATH_MAX];
    lg_cli_absolute(path, abs, sizeof abs);
    if (lg_db_open(abs, 0, &db, err, errsz) < 0)
        return -1;
    lg_db_run run = { "static", tool, LINGER_VERSION_STRING, (const char *const *)argv, argc,
                      lg_cli_cwd(), (long)getpid() };
    int64_t id = lg_db_begin_run(db, &run);
    int rc = id < 0 ? -1 : 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (!a[i].failed)
            rc = store_unit(db, id, &a[i]);
    if (rc == 0) {
        annotate_ctx c = { a, n, calloc(n + 1, PATH_MAX) };
        for (size_t i = 0; c.abs && i < n; i++)
            if (realpath(a[i].path, c.abs[i]) == NULL)
                snprintf(c.abs[i], PATH_MAX, "%s", a[i].path);
        if (c.abs != NULL)
            rc = lg_db_each_finding(db, NULL, -1, annotate, &c);
        free(c.abs);
    }
    if (rc < 0)
        snprintf(err, errsz, "%s", lg_db_errmsg(db));
    lg_db_close(db);
    return rc;
}

