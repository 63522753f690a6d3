/*
 * dbcmd.c — the findings database from the command line: what the database
 * commands share (options, opening for reading, paths), and the query
 * commands `linger findings` and `linger evidence` (`linger sql` is
 * sqlcmd.c, merging mergecmd.c, storing store.c).  Nothing reaches stdout
 * before the command knows it succeeded.
 */
#include "lgdb.h"
#include "linger_cli.h"
#include "output.h"
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- common to the database commands */

int lg_cli_usage(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "linger: error: %s%s\n(see 'linger %s --help')\n", msg, arg, cmd);
    return LG_EXIT_ERROR;
}

int lg_cli_bad_option(const char *cmd, char **argv)
{
    const char *a = optind > 0 ? argv[optind - 1] : "?";
    if (optopt != 0 && strncmp(a, "--", 2) != 0 && a[0] == '-')
        return lg_cli_usage(cmd, "unknown option or missing value: -", (char[]){ (char)optopt, 0 });
    return lg_cli_usage(cmd, "unknown option or missing value: ", a);
}

const char *lg_cli_default_db(const char *given)
{
    if (given != NULL)
        return given;
    const char *env = getenv("LINGER_DB");
    if (env != NULL && *env)
        return env;
    return "linger.db";
}

lg_db *lg_cli_open_reading(const char *given)
{
    char err[PATH_MAX + 1100], abs[PATH_MAX];
    const char *path = lg_cli_default_db(given);
    lg_db *db;
    lg_cli_absolute(path, abs, sizeof abs);
    if (access(abs, F_OK) != 0) {
        fprintf(stderr, "linger: error: %s: no findings database (run 'linger check --db %s' "
                "or a program with LINGER_DB=%s; or name one with --db)\n", abs, path, path);
        return NULL;
    }
    if (lg_db_open(abs, LG_DB_READONLY, &db, err, sizeof err) < 0) {
        fprintf(stderr, "linger: error: %s\n", err);
        return NULL;
    }
    return db;
}

/* A path relative to the working directory when it lies below it. */
static const char *display_path(const char *p)
{
    const char *cwd = lg_cli_cwd();
    if (p == NULL)
        return "(unknown)";
    size_t n = cwd ? strlen(cwd) : 0;
    if (cwd != NULL && strncmp(p, cwd, n) == 0 && p[n] == '/')
        return p + n + 1;
    return p;
}

/* Parses a query command's options (getopt_long over argv, whose element
 * -1 is the command's name); 0, 1 after --help, or an exit status. */
typedef struct {
    const char *db;        /* --db */
    const char *rule;      /* --rule */
    int confirmed;         /* -1 all, 1 --confirmed, 0 --unconfirmed */
    const char *format;    /* --format */
} query_opts;

static int parse_query(const char *cmd, const char *usage, int argc, char **argv, query_opts *o)
{
    int findings = strcmp(cmd, "findings") == 0;
    static const struct option all[] = {
        { "db", required_argument, NULL, 'd' }, { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' }, { "rule", required_argument, NULL, 'r' },
        { "confirmed", no_argument, NULL, 'c' }, { "unconfirmed", no_argument, NULL, 'u' },
        { NULL, 0, NULL, 0 } };
    static const struct option few[] = {
        { "db", required_argument, NULL, 'd' }, { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    int c, both = 0;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "h", findings ? all : few, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage, stdout); return 1;
        case 'd':
            if (!*(o->db = optarg))
                return lg_cli_usage(cmd, "--db needs a path", "");
            break;
        case 'f': o->format = optarg; break;
        case 'r':
            if (lg_rule_find(o->rule = optarg) == NULL)
                return lg_cli_usage(cmd, "unknown rule ", o->rule);
            break;
        case 'c': both |= 1; o->confirmed = 1; break;
        case 'u': both |= 2; o->confirmed = 0; break;
        default: return lg_cli_bad_option(cmd, argv - 1);
        }
    }
    if (both == 3)
        return lg_cli_usage(cmd, "--confirmed and --unconfirmed exclude each other", "");
    if (optind < argc + 1)
        return lg_cli_usage(cmd, "unexpected argument ", argv[optind - 1]);
    return 0;
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
    "confirmation.  The database is --db, else $LINGER_DB, else ./linger.db\n"
    "(relative paths are this directory's); it is opened read-only.\n"
    "\n"
    "exit status: 0 listed, 2 an error (usage, a database that cannot be read)\n";

int lg_findings_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table" };
    int rc = parse_query("findings", findings_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    if (strcmp(o.format, "table") && strcmp(o.format, "json") && strcmp(o.format, "sarif")
        && strcmp(o.format, "clang"))
        return lg_cli_usage("findings", "--format needs table, json, sarif or clang, got: ", o.format);
    lg_db *db = lg_cli_open_reading(o.db);
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

typedef struct {
    json_t *arr;        /* --format json: the rows */
    FILE *table;        /* --format table: the lines, printed once all are read */
} evidence_out;

static int print_evidence(const lg_db_evidence_row *r, void *arg)
{
    evidence_out *out = arg;
    if (out->arr != NULL) {
        json_t *o = json_pack("{s:I, s:s, s:s?, s:s?, s:i, s:s?, s:I, s:I, s:I, s:I, s:I, s:I}",
            "run", (json_int_t)r->run, "kind", r->kind, "site_path", r->site_path,
            "site_abs", r->site_abs, "site_line", r->site_line, "type", r->type,
            "count", (json_int_t)r->count, "bytes", (json_int_t)r->bytes,
            "inserts", (json_int_t)r->inserts, "removals", (json_int_t)r->removals,
            "evictions", (json_int_t)r->evictions, "peak_len", (json_int_t)r->peak_len);
        if (o != NULL && r->capture_index >= 0)
            json_object_set_new(o, "capture", json_integer(r->capture_index));
        json_array_append_new(out->arr, o);
        return 0;
    }
    char site[PATH_MAX + 16], bytes[32], detail[160] = "";
    snprintf(site, sizeof site, "%s:%d", display_path(r->site_abs ? r->site_abs : r->site_path),
             r->site_line);
    lg_db_bytes(r->bytes, bytes, sizeof bytes);
    if (r->kind != NULL && strcmp(r->kind, "growth") == 0)
        snprintf(detail, sizeof detail, "%lld inserts, %lld removals, %lld evictions, peak %lld",
                 (long long)r->inserts, (long long)r->removals, (long long)r->evictions,
                 (long long)r->peak_len);
    else if (r->capture_index >= 0)
        snprintf(detail, sizeof detail, "capture %d", r->capture_index);
    fprintf(out->table, "%-5lld  %-14s  %-40s  %-10s  %8lld  %10s  %s\n", (long long)r->run,
            r->kind ? r->kind : "-", site, r->type ? r->type : "-", (long long)r->count, bytes, detail);
    return 0;
}

static const char evidence_usage[] =
    "usage: linger evidence [--db PATH] [--format table|json]\n"
    "\n"
    "Lists the run-time evidence programs linked with liblinger-rt recorded.  The\n"
    "database is --db, else $LINGER_DB, else ./linger.db; it is opened read-only.\n"
    "\n"
    "exit status: 0 listed, 2 an error (usage, a database that cannot be read)\n";

int lg_evidence_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table" };
    int rc = parse_query("evidence", evidence_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    int json = strcmp(o.format, "json") == 0;
    if (!json && strcmp(o.format, "table") != 0)
        return lg_cli_usage("evidence", "--format needs table or json, got: ", o.format);
    lg_db *db = lg_cli_open_reading(o.db);
    if (db == NULL)
        return LG_EXIT_ERROR;
    char *text = NULL;
    size_t len = 0;
    evidence_out out = { json ? json_array() : NULL, json ? NULL : open_memstream(&text, &len) };
    if (out.arr == NULL && out.table == NULL) {
        fprintf(stderr, "linger: error: out of memory\n");
        lg_db_close(db);
        return LG_EXIT_ERROR;
    }
    rc = lg_db_each_evidence(db, print_evidence, &out);
    if (out.table != NULL)
        fclose(out.table);
    if (rc < 0) {
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
    } else if (json) {
        json_dumpf(out.arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
    } else {
        printf("%-5s  %-14s  %-40s  %-10s  %8s  %10s  %s\n", "RUN", "KIND", "SITE", "TYPE",
               "COUNT", "BYTES", "DETAIL");
        fwrite(text, 1, len, stdout);
    }
    json_decref(out.arr);
    free(text);
    lg_db_close(db);
    return rc < 0 ? LG_EXIT_ERROR : LG_EXIT_OK;
}
