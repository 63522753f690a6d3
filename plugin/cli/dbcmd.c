/*
 * dbcmd.c — the findings database from the command line: the query commands
 * `linger findings`, `linger evidence` and `linger sql` (storing is store.c).
 */
#include "lgdb.h"
#include "linger_cli.h"
#include "output.h"
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- common to the query commands */

typedef struct {
    const char *db;        /* --db */
    const char *rule;      /* --rule */
    int confirmed;         /* -1 all, 1 --confirmed, 0 --unconfirmed */
    const char *format;    /* --format */
    const char *sql;       /* linger sql's statement */
} query_opts;

static int query_usage(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "linger: error: %s%s\n(see 'linger %s --help')\n", msg, arg, cmd);
    return LG_EXIT_ERROR;
}

static const char *default_db(const char *given)
{
    if (given != NULL)
        return given;
    const char *env = getenv("LINGER_DB");
    if (env != NULL && *env)
        return env;
    return "linger.db";
}

/* Parses the shared options; returns 0, 1 after --help, or an exit status. */
static int parse_query(const char *cmd, const char *usage, int argc, char **argv, query_opts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
#define OPT(name) (strncmp(a, name, n) == 0 && strlen(name) == n)
#define VAL() (eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL))
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (OPT("--db")) {
            if ((o->db = VAL()) == NULL || !*o->db)
                return query_usage(cmd, "--db needs a path", "");
        } else if (OPT("--format")) {
            if ((o->format = VAL()) == NULL)
                return query_usage(cmd, "--format needs a value", "");
        } else if (OPT("--rule") && strcmp(cmd, "findings") == 0) {
            if ((o->rule = VAL()) == NULL)
                return query_usage(cmd, "--rule needs a rule name", "");
            if (lg_rule_find(o->rule) == NULL)
                return query_usage(cmd, "unknown rule ", o->rule);
        } else if (strcmp(a, "--confirmed") == 0 && strcmp(cmd, "findings") == 0) {
            o->confirmed = 1;
        } else if (strcmp(a, "--unconfirmed") == 0 && strcmp(cmd, "findings") == 0) {
            o->confirmed = 0;
        } else if (a[0] == '-' && a[1] != 0) {
            return query_usage(cmd, "unknown option ", a);
        } else if (strcmp(cmd, "sql") == 0 && o->sql == NULL) {
            o->sql = a;
        } else {
            return query_usage(cmd, "unexpected argument ", a);
        }
#undef OPT
#undef VAL
    }
    return 0;
}

static lg_db *open_for_reading(const char *path)
{
    char err[600];
    lg_db *db;
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "linger: error: %s: no findings database (run 'linger check --db %s' "
                "or a program with LINGER_DB=%s; or name one with --db)\n", path, path, path);
        return NULL;
    }
    if (lg_db_open(path, LG_DB_READONLY, &db, err, sizeof err) < 0) {
        fprintf(stderr, "linger: error: %s\n", err);
        return NULL;
    }
    return db;
}

/* A path relative to the working directory when it lies below it. */
static const char *display_path(const char *p)
{
    static char cwd[PATH_MAX];
    if (cwd[0] == 0 && getcwd(cwd, sizeof cwd) == NULL)
        return p;
    size_t n = strlen(cwd);
    if (strncmp(p, cwd, n) == 0 && p[n] == '/')
        return p + n + 1;
    return p;
}

/* ---- linger findings */

typedef struct {
    lg_db_finding_row *v;  /* copies (strings duplicated) */
    size_t n, cap;
} rows_t;

static char *strdup0(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int collect_row(const lg_db_finding_row *r, void *arg)
{
    rows_t *rows = arg;
    if (rows->n == rows->cap) {
        size_t cap = rows->cap ? rows->cap * 2 : 64;
        lg_db_finding_row *v = realloc(rows->v, cap * sizeof *v);
        if (v == NULL)
            return 1;
        rows->v = v;
        rows->cap = cap;
    }
    lg_db_finding_row c = *r;
    c.rule = strdup0(r->rule);
    c.path = strdup0(r->path);
    c.function = strdup0(r->function);
    c.place = strdup0(r->place);
    c.message = strdup0(r->message);
    c.severity = strdup0(r->severity);
    c.fingerprint = strdup0(r->fingerprint);
    c.ev_kind = strdup0(r->ev_kind);
    rows->v[rows->n++] = c;
    return 0;
}

static void rows_free(rows_t *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        lg_db_finding_row *r = &rows->v[i];
        free((char *)r->rule); free((char *)r->path); free((char *)r->function);
        free((char *)r->place); free((char *)r->message); free((char *)r->severity);
        free((char *)r->fingerprint); free((char *)r->ev_kind);
    }
    free(rows->v);
}

static json_t *evidence_json(const lg_db_finding_row *r)
{
    if (r->ev_kind == NULL)
        return json_null();
    char summary[256];
    lg_db_summary(r, summary, sizeof summary);
    json_t *e = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s}", "kind", r->ev_kind,
        "count", (json_int_t)r->ev_count, "bytes", (json_int_t)r->ev_bytes,
        "inserts", (json_int_t)r->ev_inserts, "removals", (json_int_t)r->ev_removals,
        "evictions", (json_int_t)r->ev_evictions, "peak_len", (json_int_t)r->ev_peak_len,
        "runs", (json_int_t)r->ev_runs, "summary", summary);
    if (e != NULL && r->ev_capture >= 0)
        json_object_set_new(e, "capture", json_integer(r->ev_capture));
    return e;
}

static json_t *finding_json(const lg_db_finding_row *r)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:s?, s:s?, s:b, s:o, s:f, s:f}",
        "rule", r->rule, "path", r->path, "line", r->line, "column", r->column,
        "message", r->message, "severity", r->severity, "fingerprint", r->fingerprint,
        "function", r->function, "place", r->place, "confirmed", r->confirmed,
        "evidence", evidence_json(r), "first_seen", r->first_seen, "last_seen", r->last_seen);
    return o;
}

static json_t *sarif_result(const lg_db_finding_row *r)
{
    size_t ri = 0;
    for (size_t i = 0; i < lg_rule_count(); i++)
        if (strcmp(lg_rule_at(i)->name, r->rule) == 0)
            ri = i;
    char summary[256];
    lg_db_summary(r, summary, sizeof summary);
    json_t *props = json_pack("{s:b, s:o}", "confirmed", r->confirmed, "evidence", evidence_json(r));
    return json_pack("{s:s, s:i, s:s, s:{s:s}, s:[{s:{s:{s:s}, s:{s:i, s:i}}}], s:{s:s}, s:o}",
        "ruleId", r->rule, "ruleIndex", (int)ri, "level", "warning",
        "message", "text", r->message, "locations", "physicalLocation", "artifactLocation", "uri",
        r->path, "region", "startLine", r->line, "startColumn", r->column,
        "partialFingerprints", "lingerFingerprint/v1", r->fingerprint, "properties", props);
}

static void print_table(const rows_t *rows)
{
    size_t wrule = 4, wloc = 8;
    char loc[PATH_MAX + 32];
    for (size_t i = 0; i < rows->n; i++) {
        const lg_db_finding_row *r = &rows->v[i];
        int n = snprintf(loc, sizeof loc, "%s:%d:%d", display_path(r->path), r->line, r->column);
        if ((size_t)n > wloc)
            wloc = (size_t)n;
        if (strlen(r->rule) > wrule)
            wrule = strlen(r->rule);
    }
    printf("%-9s  %-*s  %-*s  %s\n", "CONFIRMED", (int)wrule, "RULE", (int)wloc, "LOCATION", "EVIDENCE");
    size_t confirmed = 0;
    for (size_t i = 0; i < rows->n; i++) {
        const lg_db_finding_row *r = &rows->v[i];
        char summary[256];
        lg_db_summary(r, summary, sizeof summary);
        const char *ev = summary;
        if (strncmp(ev, "confirmed: ", 11) == 0)
            ev += 11;
        snprintf(loc, sizeof loc, "%s:%d:%d", display_path(r->path), r->line, r->column);
        printf("%-9s  %-*s  %-*s  %s\n", r->confirmed ? "yes" : "no", (int)wrule, r->rule,
               (int)wloc, loc, *ev ? ev : "-");
        confirmed += r->confirmed != 0;
    }
    printf("%zu finding%s, %zu confirmed at run time\n", rows->n, rows->n == 1 ? "" : "s", confirmed);
}

static const char findings_usage[] =
    "usage: linger findings [--db PATH] [--rule R] [--confirmed | --unconfirmed]\n"
    "                       [--format table|json|sarif|clang]\n"
    "\n"
    "Lists the static findings stored in the findings database with their run-time\n"
    "confirmation.  The database is --db, else $LINGER_DB, else ./linger.db.\n";

int lg_findings_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table", NULL };
    int rc = parse_query("findings", findings_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    if (strcmp(o.format, "table") && strcmp(o.format, "json") && strcmp(o.format, "sarif")
        && strcmp(o.format, "clang"))
        return query_usage("findings", "--format needs table, json, sarif or clang, got: ", o.format);
    lg_db *db = open_for_reading(default_db(o.db));
    if (db == NULL)
        return LG_EXIT_ERROR;
    rows_t rows = { 0 };
    if (lg_db_each_finding(db, o.rule, o.confirmed, collect_row, &rows) < 0) {
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
        lg_db_close(db);
        rows_free(&rows);
        return LG_EXIT_ERROR;
    }
    if (strcmp(o.format, "table") == 0) {
        print_table(&rows);
    } else if (strcmp(o.format, "clang") == 0) {
        for (size_t i = 0; i < rows.n; i++) {
            const lg_db_finding_row *r = &rows.v[i];
            char summary[256];
            lg_db_summary(r, summary, sizeof summary);
            printf("%s:%d:%d: warning: %s [%s]\n", r->path, r->line, r->column, r->message, r->rule);
            if (summary[0])
                printf("%s:%d:%d: note: %s\n", r->path, r->line, r->column, summary);
        }
    } else {
        json_t *arr = json_array();
        for (size_t i = 0; i < rows.n; i++)
            json_array_append_new(arr, strcmp(o.format, "json") == 0 ? finding_json(&rows.v[i])
                                                                      : sarif_result(&rows.v[i]));
        json_t *out = strcmp(o.format, "json") == 0 ? arr : lg_sarif_log(arr, LINGER_VERSION_STRING);
        json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(out);
    }
    rows_free(&rows);
    lg_db_close(db);
    return LG_EXIT_OK;
}

/* ---- linger evidence */

static int print_evidence(const lg_db_evidence_row *r, void *arg)
{
    json_t *arr = arg;
    if (arr != NULL) {
        json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:i, s:s?, s:I, s:I, s:I, s:I, s:I, s:I}",
            "run", (json_int_t)r->run, "kind", r->kind, "site_path", r->site_path,
            "site_abs", r->site_abs, "site_line", r->site_line, "type", r->type,
            "count", (json_int_t)r->count, "bytes", (json_int_t)r->bytes,
            "inserts", (json_int_t)r->inserts, "removals", (json_int_t)r->removals,
            "evictions", (json_int_t)r->evictions, "peak_len", (json_int_t)r->peak_len);
        if (o != NULL && r->capture_index >= 0)
            json_object_set_new(o, "capture", json_integer(r->capture_index));
        json_array_append_new(arr, o);
        return 0;
    }
    char site[PATH_MAX + 16], bytes[32], detail[160] = "";
    snprintf(site, sizeof site, "%s:%d", display_path(r->site_abs ? r->site_abs : r->site_path),
             r->site_line);
    lg_db_bytes(r->bytes, bytes, sizeof bytes);
    if (strcmp(r->kind, "growth") == 0)
        snprintf(detail, sizeof detail, "%lld inserts, %lld removals, %lld evictions, peak %lld",
                 (long long)r->inserts, (long long)r->removals, (long long)r->evictions,
                 (long long)r->peak_len);
    else if (r->capture_index >= 0)
        snprintf(detail, sizeof detail, "capture %d", r->capture_index);
    printf("%-5lld  %-14s  %-40s  %-10s  %8lld  %10s  %s\n", (long long)r->run, r->kind, site,
           r->type ? r->type : "-", (long long)r->count, bytes, detail);
    return 0;
}

static const char evidence_usage[] =
    "usage: linger evidence [--db PATH] [--format table|json]\n"
    "\n"
    "Lists the run-time evidence programs linked with liblinger-rt recorded.\n";

int lg_evidence_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table", NULL };
    int rc = parse_query("evidence", evidence_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    int json = strcmp(o.format, "json") == 0;
    if (!json && strcmp(o.format, "table") != 0)
        return query_usage("evidence", "--format needs table or json, got: ", o.format);
    lg_db *db = open_for_reading(default_db(o.db));
    if (db == NULL)
        return LG_EXIT_ERROR;
    json_t *arr = json ? json_array() : NULL;
    if (!json)
        printf("%-5s  %-14s  %-40s  %-10s  %8s  %10s  %s\n", "RUN", "KIND", "SITE", "TYPE",
               "COUNT", "BYTES", "DETAIL");
    rc = lg_db_each_evidence(db, print_evidence, arr);
    if (rc < 0)
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
    if (json) {
        json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(arr);
    }
    lg_db_close(db);
    return rc < 0 ? LG_EXIT_ERROR : LG_EXIT_OK;
}

/* ---- linger sql */

static const char sql_usage[] =
    "usage: linger sql [--db PATH] \"SELECT ...\"\n"
    "\n"
    "Runs a read-only query on the findings database and prints the rows as an\n"
    "aligned table.  The schema (tables runs, findings, evidence; views\n"
    "finding_status, confirmed_findings, evidence_matches) is in docs/database.md.\n";

int lg_sql_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table", NULL };
    int rc = parse_query("sql", sql_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    if (o.sql == NULL)
        return query_usage("sql", "a query is needed", "");
    lg_db *db = open_for_reading(default_db(o.db));
    if (db == NULL)
        return LG_EXIT_ERROR;
    sqlite3 *h = lg_db_handle(db);
    sqlite3_stmt *st;
    const char *tail;
    if (sqlite3_prepare_v2(h, o.sql, -1, &st, &tail) != SQLITE_OK) {
        fprintf(stderr, "linger: error: %s\n", sqlite3_errmsg(h));
        lg_db_close(db);
        return LG_EXIT_ERROR;
    }
    if (!sqlite3_stmt_readonly(st)) {
        fprintf(stderr, "linger: error: linger sql runs read-only queries only\n");
        sqlite3_finalize(st);
        lg_db_close(db);
        return LG_EXIT_ERROR;
    }
    int ncol = sqlite3_column_count(st);
    /* buffer the rows to align the columns */
    size_t nrows = 0, cap = 0;
    char **cells = NULL;
    size_t *w = calloc((size_t)ncol + 1, sizeof *w);
    for (int c = 0; c < ncol; c++)
        w[c] = strlen(sqlite3_column_name(st, c));
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if ((nrows + 1) * (size_t)ncol > cap) {
            cap = cap ? cap * 2 : (size_t)ncol * 64;
            cells = realloc(cells, cap * sizeof *cells);
        }
        for (int c = 0; c < ncol; c++) {
            const unsigned char *t = sqlite3_column_text(st, c);
            char *v = strdup(t ? (const char *)t : "NULL");
            cells[nrows * (size_t)ncol + (size_t)c] = v;
            if (strlen(v) > w[c])
                w[c] = strlen(v);
        }
        nrows++;
    }
    if (step != SQLITE_DONE) {
        fprintf(stderr, "linger: error: %s\n", sqlite3_errmsg(h));
        rc = LG_EXIT_ERROR;
    } else {
        for (int c = 0; c < ncol; c++)
            printf("%-*s%s", c + 1 < ncol ? (int)w[c] : 0, sqlite3_column_name(st, c),
                   c + 1 < ncol ? "  " : "\n");
        for (size_t r = 0; r < nrows; r++)
            for (int c = 0; c < ncol; c++)
                printf("%-*s%s", c + 1 < ncol ? (int)w[c] : 0, cells[r * (size_t)ncol + (size_t)c],
                       c + 1 < ncol ? "  " : "\n");
    }
    for (size_t i = 0; i < nrows * (size_t)ncol; i++)
        free(cells[i]);
    free(cells);
    free(w);
    sqlite3_finalize(st);
    lg_db_close(db);
    return rc;
}
