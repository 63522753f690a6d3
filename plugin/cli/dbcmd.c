/*
 * dbcmd.c — the findings database from the command line: what the database
 * commands share (options, opening for reading, paths), and the query
 * commands `linger findings` and `linger evidence` (`linger sql` is
 * sqlcmd.c, merging mergecmd.c, storing store.c).  Nothing reaches stdout
 * before the command knows it succeeded.
 */
#include "baseline.h"
#include "lgdb.h"
#include "linger_cli.h"
#include "output.h"
#include "story.h"
#include <errno.h>
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
    lg_workdir_absolute(path, abs, sizeof abs);
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

json_t *lg_cli_read_stories(const char *given, char *path, size_t sz)
{
    lg_db *db = lg_cli_open_reading(given);
    if (db == NULL)
        return NULL;
    snprintf(path, sz, "%s", lg_db_path(db));
    json_t *all = lg_story_all(db);
    if (all == NULL) {
        const char *why = lg_db_errmsg(db);
        fprintf(stderr, "linger: error: %s\n", why != NULL && *why ? why : "out of memory reading the findings");
    }
    lg_db_close(db);
    return all;
}

/* Parses a query command's options (getopt_long over argv, whose element
 * -1 is the command's name); 0, 1 after --help, or an exit status. */
typedef struct {
    const char *db;        /* --db */
    const char *rule;      /* --rule */
    int confirmed;         /* -1 all, 1 --confirmed, 0 --unconfirmed */
    const char *format;    /* --format */
    int runtime_only;      /* --runtime-only */
    const char *fail_on;   /* --fail-on confirmed|any, or NULL */
    const char *baseline;  /* --baseline FILE, or NULL */
} query_opts;

static int parse_query(const char *cmd, const char *usage, int argc, char **argv, query_opts *o)
{
    int findings = strcmp(cmd, "findings") == 0;
    static const struct option all[] = {
        { "db", required_argument, NULL, 'd' }, { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' }, { "rule", required_argument, NULL, 'r' },
        { "confirmed", no_argument, NULL, 'c' }, { "unconfirmed", no_argument, NULL, 'u' },
        { "runtime-only", no_argument, NULL, 'R' }, { "fail-on", required_argument, NULL, 'F' },
        { "baseline", required_argument, NULL, 'B' }, { NULL, 0, NULL, 0 } };
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
        case 'R': o->runtime_only = 1; break;
        case 'F':
            if (strcmp(optarg, "confirmed") != 0 && strcmp(optarg, "any") != 0)
                return lg_cli_usage(cmd, "--fail-on needs confirmed or any, got: ", optarg);
            o->fail_on = optarg;
            break;
        case 'B':
            if (!*(o->baseline = optarg))
                return lg_cli_usage(cmd, "--baseline needs a file", "");
            break;
        default: return lg_cli_bad_option(cmd, argv - 1);
        }
    }
    if (both == 3)
        return lg_cli_usage(cmd, "--confirmed and --unconfirmed exclude each other", "");
    if (o->runtime_only && both)
        return lg_cli_usage(cmd, "--runtime-only findings are all confirmed: drop --confirmed/--unconfirmed", "");
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
    /* a runtime-only row of a database no static door wrote yet: the
     * registry's rule for the kind */
    const char *rule = r->rule != NULL ? r->rule : lg_store_rule_of_kind(r->ev_kind);
    c.rule = strdup0(rule != NULL ? rule : "?");
    c.path = strdup0(r->path);
    c.function = strdup0(r->function);
    c.place = strdup0(r->place);
    c.message = strdup0(r->message);
    c.severity = strdup0(r->severity);
    c.fingerprint = strdup0(r->fingerprint);
    c.ev_kind = strdup0(r->ev_kind);
    c.ev_made = strdup0(r->ev_made);
    c.ev_type = strdup0(r->ev_type);
    rows->v[rows->n++] = c;
    return 0;
}

static void rows_strings_free(rows_t *rows)
{
    for (size_t i = 0; i < rows->n; i++) {
        lg_db_finding_row *r = &rows->v[i];
        free((char *)r->rule); free((char *)r->path); free((char *)r->function);
        free((char *)r->place); free((char *)r->message); free((char *)r->severity);
        free((char *)r->fingerprint); free((char *)r->ev_kind);
        free((char *)r->ev_made); free((char *)r->ev_type);
    }
}

static void rows_free(rows_t *rows)
{
    rows_strings_free(rows);
    free(rows->v);
}

/* The fingerprints of the baseline file at path (lg_baseline_set); NULL with
 * the message printed. */
static json_t *load_baseline(const char *path)
{
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_DECODE_ANY, &je);
    if (doc == NULL) {
        fprintf(stderr, "linger: error: %s:%d:%d: cannot read the baseline: %s\n", path, je.line,
                je.column, je.text);
        return NULL;
    }
    const char *bad = NULL;
    json_t *set = lg_baseline_set(doc, &bad);
    json_decref(doc);
    if (set == NULL)
        fprintf(stderr, "linger: error: %s: not a baseline: %s\n", path, bad);
    return set;
}

/* Drops the rows whose fingerprint the baseline holds. */
static void apply_baseline(rows_t *rows, json_t *set)
{
    size_t w = 0;
    for (size_t i = 0; i < rows->n; i++) {
        if (json_object_get(set, rows->v[i].fingerprint) != NULL) {
            rows_t one = { &rows->v[i], 1, 1 };
            rows_strings_free(&one);
        } else {
            rows->v[w++] = rows->v[i];
        }
    }
    rows->n = w;
}

static const char findings_usage[] =
    "usage: linger findings [--db PATH] [--rule R] [--confirmed | --unconfirmed | --runtime-only]\n"
    "                       [--format table|json|sarif|clang] [--fail-on confirmed|any]\n"
    "                       [--baseline FILE]\n"
    "\n"
    "Lists the static findings stored in the findings database with their run-time\n"
    "confirmation; the table ends with a count of the leaks seen only at run time.\n"
    "The database is --db, else $LINGER_DB, else ./linger.db (relative paths are\n"
    "this directory's); it is opened read-only.\n"
    "\n"
    "  --runtime-only        the leaks the runtime saw at sites with no static finding\n"
    "                        (rule inferred from the evidence; column unknown)\n"
    "  --fail-on confirmed|any\n"
    "                        exit 1 when the listing has a confirmed / any finding\n"
    "  --baseline FILE       hide the findings whose fingerprint FILE holds (an earlier\n"
    "                        --format json or --format sarif output): what is new\n"
    "\n"
    "exit status: 0 listed (or nothing to fail on), 1 --fail-on matched,\n"
    "2 an error (usage, a database or baseline that cannot be read)\n";

/* Keeps the rows of one rule. */
static void keep_rule(rows_t *rows, const char *rule)
{
    size_t w = 0;
    for (size_t i = 0; i < rows->n; i++) {
        if (strcmp(rows->v[i].rule, rule) != 0) {
            rows_t one = { &rows->v[i], 1, 1 };
            rows_strings_free(&one);
        } else {
            rows->v[w++] = rows->v[i];
        }
    }
    rows->n = w;
}

/* --fail-on: 1 when the listing has a confirmed (or any) finding. */
static int fails(const rows_t *rows, const char *fail_on)
{
    for (size_t i = 0; fail_on != NULL && i < rows->n; i++)
        if (strcmp(fail_on, "any") == 0 || rows->v[i].confirmed)
            return 1;
    return 0;
}

int lg_findings_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table", 0, NULL, NULL };
    int rc = parse_query("findings", findings_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    lg_format fmt;
    if (lg_format_parse(o.format, LG_FMTS_ROWS, &fmt) < 0)
        return lg_cli_usage("findings", "--format needs table, json, sarif or clang, got: ", o.format);
    json_t *baseline = NULL;
    if (o.baseline != NULL && (baseline = load_baseline(o.baseline)) == NULL)
        return LG_EXIT_ERROR;
    lg_db *db = lg_cli_open_reading(o.db);
    if (db == NULL) {
        json_decref(baseline);
        return LG_EXIT_ERROR;
    }
    rows_t rows = { 0 }, rt = { 0 };
    if ((!o.runtime_only && lg_db_each_finding(db, o.rule, o.confirmed, collect_row, &rows) < 0)
        || (o.confirmed != 0 && lg_db_each_runtime_only(db, collect_row, &rt) < 0)) {
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
        lg_db_close(db);
        rows_free(&rows);
        rows_free(&rt);
        json_decref(baseline);
        return LG_EXIT_ERROR;
    }
    lg_db_close(db);
    if (o.rule != NULL)
        keep_rule(&rt, o.rule);
    if (baseline != NULL) {
        apply_baseline(&rows, baseline);
        apply_baseline(&rt, baseline);
        json_decref(baseline);
    }
    const rows_t *listing = o.runtime_only ? &rt : &rows;
    lg_output_rows(stdout, fmt, listing->v, listing->n, o.runtime_only);
    if (!o.runtime_only && rt.n > 0 && fmt == LG_FMT_TABLE)
        printf("%zu more seen only at run time, with no static finding: 'linger findings --runtime-only'\n",
               rt.n);
    else if (!o.runtime_only && rt.n > 0 && fmt == LG_FMT_CLANG)
        fprintf(stderr, "linger: note: %zu more seen only at run time, with no static finding: "
                "'linger findings --runtime-only'\n", rt.n);
    fflush(stdout);
    int status = fails(listing, o.fail_on) ? LG_EXIT_FINDINGS : LG_EXIT_OK;
    rows_free(&rows);
    rows_free(&rt);
    return status;
}

/* ---- linger evidence */

static const char evidence_usage[] =
    "usage: linger evidence [--db PATH] [--format table|json]\n"
    "\n"
    "Lists the run-time evidence programs linked with liblinger-rt recorded.  The\n"
    "database is --db, else $LINGER_DB, else ./linger.db; it is opened read-only.\n"
    "\n"
    "exit status: 0 listed, 2 an error (usage, a database that cannot be read)\n";

int lg_evidence_main(int argc, char **argv)
{
    query_opts o = { NULL, NULL, -1, "table", 0, NULL, NULL };
    int rc = parse_query("evidence", evidence_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    lg_format fmt;
    if (lg_format_parse(o.format, LG_FMTS_EVIDENCE, &fmt) < 0)
        return lg_cli_usage("evidence", "--format needs table or json, got: ", o.format);
    lg_db *db = lg_cli_open_reading(o.db);
    if (db == NULL)
        return LG_EXIT_ERROR;
    lg_evidence_out *out = lg_output_evidence_new(fmt);
    if (out == NULL) {
        fprintf(stderr, "linger: error: out of memory\n");
        lg_db_close(db);
        return LG_EXIT_ERROR;
    }
    rc = lg_db_each_evidence(db, lg_output_evidence_row, out);
    if (rc < 0)
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
    lg_output_evidence_end(out, rc < 0 ? NULL : stdout);
    lg_db_close(db);
    return rc < 0 ? LG_EXIT_ERROR : LG_EXIT_OK;
}

char *lg_cli_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b != NULL && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            char *nb = realloc(b, cap *= 2);
            if (nb == NULL)
                free(b);
            b = nb;
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (b == NULL || bad) {
        free(b);
        errno = bad ? EIO : ENOMEM;
        return NULL;
    }
    b[n] = 0;
    if (len != NULL)
        *len = n;
    return b;
}
