/*
 * sqlcmd.c — `linger sql`: one read-only statement on the findings
 * database, its rows streamed as an aligned table, CSV (RFC 4180) or JSON.
 *
 * Rows are never all held: CSV and JSON print each row as it comes; the
 * table aligns its columns on the first TABLE_WINDOW rows and prints the rest
 * with those widths.  Values print as SQLite holds them: NULL is an empty
 * table cell, an empty CSV field and JSON null; numbers are JSON numbers;
 * blobs are hexadecimal digits everywhere.
 */
#include "linger_cli.h"
#include <getopt.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TABLE_WINDOW 1000   /* rows the table reads ahead to size its columns */

typedef enum { SQL_TABLE, SQL_CSV, SQL_JSON } sql_format;

static const char sql_usage[] =
    "usage: linger sql [--db PATH] [--format table|csv|json] \"SELECT ...\"\n"
    "\n"
    "Runs one read-only statement on the findings database and prints its rows:\n"
    "an aligned table (default), CSV (RFC 4180, CRLF line ends) or a JSON array\n"
    "of objects.  NULL is an empty cell or field and JSON null; blobs print as\n"
    "hexadecimal.  Several statements, or none, is a usage error.  The schema\n"
    "(tables meta, runs, units, findings, finding_history, evidence; views\n"
    "finding_status, confirmed_findings, unconfirmed_findings, evidence_matches)\n"
    "is in docs/database.md.  The database is --db, else $LINGER_DB, else\n"
    "./linger.db.\n"
    "\n"
    "exit status: 0 the statement ran, 2 an error (usage, database, statement)\n";

/* A cell's text: NULL for SQL NULL; blobs as hex (in buf when they fit,
 * else malloc'd into *owned). */
static const char *cell_text(sqlite3_stmt *st, int c, char *buf, size_t sz, char **owned)
{
    static const char hex[] = "0123456789abcdef";
    *owned = NULL;
    int type = sqlite3_column_type(st, c);
    if (type == SQLITE_NULL)
        return NULL;
    if (type != SQLITE_BLOB)
        return (const char *)sqlite3_column_text(st, c);
    const unsigned char *b = sqlite3_column_blob(st, c);
    size_t n = (size_t)sqlite3_column_bytes(st, c);
    char *out = n * 2 + 1 <= sz ? buf : (*owned = malloc(n * 2 + 1));
    if (out == NULL)
        return "";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[b[i] >> 4];
        out[2 * i + 1] = hex[b[i] & 15];
    }
    out[2 * n] = 0;
    return out;
}

/* ---- table */

typedef struct {
    int ncol;
    size_t *w;          /* column widths */
    char **ahead;       /* up to TABLE_WINDOW rows * ncol cells (NULL cells as "") */
    size_t nahead;      /* rows held */
    int printed_head;   /* the header line is out */
} table;

static void table_line(const table *t, char *const *cells)
{
    for (int c = 0; c < t->ncol; c++)
        printf("%-*s%s", c + 1 < t->ncol ? (int)t->w[c] : 0, cells[c], c + 1 < t->ncol ? "  " : "\n");
}

static void table_flush(table *t, sqlite3_stmt *st)
{
    char **head = calloc((size_t)t->ncol, sizeof *head);
    for (int c = 0; head && c < t->ncol; c++)
        head[c] = (char *)sqlite3_column_name(st, c);
    if (head)
        table_line(t, head);
    free(head);
    for (size_t r = 0; r < t->nahead; r++)
        table_line(t, t->ahead + r * (size_t)t->ncol);
    for (size_t i = 0; i < t->nahead * (size_t)t->ncol; i++)
        free(t->ahead[i]);
    t->nahead = 0;
    t->printed_head = 1;
}

static int table_row(table *t, sqlite3_stmt *st)
{
    char **row = t->printed_head ? calloc((size_t)t->ncol, sizeof *row)
                                 : t->ahead + t->nahead * (size_t)t->ncol;
    if (row == NULL)
        return -1;
    for (int c = 0; c < t->ncol; c++) {
        char buf[256], *owned;
        const char *v = cell_text(st, c, buf, sizeof buf, &owned);
        row[c] = owned ? owned : strdup(v ? v : "");
        if (row[c] != NULL && strlen(row[c]) > t->w[c] && !t->printed_head)
            t->w[c] = strlen(row[c]);
    }
    if (t->printed_head) {
        table_line(t, row);
        for (int c = 0; c < t->ncol; c++)
            free(row[c]);
        free(row);
    } else if (++t->nahead == TABLE_WINDOW) {
        table_flush(t, st);
    }
    return 0;
}

/* ---- CSV (RFC 4180) */

static void csv_field(const char *v, int quote_empty)
{
    if (v == NULL)
        return;
    if (!*v) {
        if (quote_empty)
            fputs("\"\"", stdout);
        return;
    }
    if (strpbrk(v, ",\"\r\n") == NULL) {
        fputs(v, stdout);
        return;
    }
    putchar('"');
    for (const char *p = v; *p; p++) {
        if (*p == '"')
            putchar('"');
        putchar(*p);
    }
    putchar('"');
}

static void csv_row(sqlite3_stmt *st, int ncol, int head)
{
    for (int c = 0; c < ncol; c++) {
        if (c)
            putchar(',');
        if (head) {
            csv_field(sqlite3_column_name(st, c), 1);
            continue;
        }
        char buf[256], *owned;
        csv_field(cell_text(st, c, buf, sizeof buf, &owned), 1);
        free(owned);
    }
    fputs("\r\n", stdout);
}

/* ---- JSON */

static json_t *json_cell(sqlite3_stmt *st, int c)
{
    switch (sqlite3_column_type(st, c)) {
    case SQLITE_NULL: return json_null();
    case SQLITE_INTEGER: return json_integer((json_int_t)sqlite3_column_int64(st, c));
    case SQLITE_FLOAT: return json_real(sqlite3_column_double(st, c));
    default: {
        char buf[256], *owned;
        const char *v = cell_text(st, c, buf, sizeof buf, &owned);
        json_t *s = json_stringn(v ? v : "", v ? strlen(v) : 0);
        free(owned);
        return s ? s : json_string("");    /* text that is not UTF-8 */
    }
    }
}

static int json_row(sqlite3_stmt *st, int ncol, size_t nth)
{
    json_t *o = json_object();
    for (int c = 0; o && c < ncol; c++)
        json_object_set_new(o, sqlite3_column_name(st, c), json_cell(st, c));
    char *text = o ? json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT) : NULL;
    json_decref(o);
    if (text == NULL)
        return -1;
    printf("%s  %s", nth ? ",\n" : "[\n", text);
    free(text);
    return 0;
}

/* ---- the command */

/* The one statement of text: 0 and *st, or a usage error (exit status). */
static int prepare_one(sqlite3 *h, const char *text, sqlite3_stmt **st)
{
    const char *tail = NULL;
    *st = NULL;
    if (sqlite3_prepare_v2(h, text, -1, st, &tail) != SQLITE_OK) {
        fprintf(stderr, "linger: error: the statement: %s\n", sqlite3_errmsg(h));
        return LG_EXIT_ERROR;
    }
    if (*st == NULL)
        return lg_cli_usage("sql", "the statement is empty: give one SELECT", "");
    sqlite3_stmt *next = NULL;
    int rc = sqlite3_prepare_v2(h, tail, -1, &next, NULL);
    sqlite3_finalize(next);
    if (rc != SQLITE_OK || next != NULL) {
        sqlite3_finalize(*st);
        *st = NULL;
        return lg_cli_usage("sql", "several statements given: linger sql runs exactly one", "");
    }
    if (!sqlite3_stmt_readonly(*st)) {
        sqlite3_finalize(*st);
        *st = NULL;
        fprintf(stderr, "linger: error: linger sql runs read-only statements only "
                "(the database is opened read-only)\n");
        return LG_EXIT_ERROR;
    }
    return 0;
}

static int run_statement(sqlite3 *h, sqlite3_stmt *st, sql_format fmt)
{
    int ncol = sqlite3_column_count(st);
    table t = { ncol, calloc((size_t)ncol + 1, sizeof(size_t)),
                calloc((size_t)TABLE_WINDOW * (size_t)(ncol ? ncol : 1), sizeof(char *)), 0, 0 };
    if (t.w == NULL || t.ahead == NULL) {
        free(t.w);
        free(t.ahead);
        fprintf(stderr, "linger: error: out of memory\n");
        return LG_EXIT_ERROR;
    }
    for (int c = 0; c < ncol; c++)
        t.w[c] = strlen(sqlite3_column_name(st, c));
    size_t n = 0;
    int step, bad = 0;
    while (!bad && (step = sqlite3_step(st)) == SQLITE_ROW) {
        if (fmt == SQL_CSV && n == 0)
            csv_row(st, ncol, 1);
        if (fmt == SQL_TABLE)
            bad = table_row(&t, st) < 0;
        else if (fmt == SQL_CSV)
            csv_row(st, ncol, 0);
        else
            bad = json_row(st, ncol, n) < 0;
        n++;
    }
    int ok = !bad && step == SQLITE_DONE;
    if (ok && fmt == SQL_TABLE && !t.printed_head && ncol > 0)
        table_flush(&t, st);
    if (ok && fmt == SQL_CSV && n == 0 && ncol > 0)
        csv_row(st, ncol, 1);
    if (ok && fmt == SQL_JSON)
        fputs(n ? "\n]\n" : "[]\n", stdout);
    for (size_t i = 0; i < t.nahead * (size_t)ncol; i++)
        free(t.ahead[i]);
    free(t.ahead);
    free(t.w);
    fflush(stdout);
    if (!ok) {
        fprintf(stderr, "linger: error: after %zu row%s: %s\n", n, n == 1 ? "" : "s",
                bad ? "out of memory" : sqlite3_errmsg(h));
        return LG_EXIT_ERROR;
    }
    return LG_EXIT_OK;
}

int lg_sql_main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "db", required_argument, NULL, 'd' }, { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    const char *dbpath = NULL, *format = "table";
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'd': dbpath = optarg; break;
        case 'f': format = optarg; break;
        case 'h': fputs(sql_usage, stdout); return LG_EXIT_OK;
        default: return lg_cli_bad_option("sql", argv - 1);
        }
    }
    sql_format fmt = strcmp(format, "table") == 0 ? SQL_TABLE
                   : strcmp(format, "csv") == 0 ? SQL_CSV
                   : strcmp(format, "json") == 0 ? SQL_JSON : (sql_format)-1;
    if ((int)fmt < 0)
        return lg_cli_usage("sql", "--format needs table, csv or json, got: ", format);
    int rest = argc + 1 - optind;
    if (rest == 0)
        return lg_cli_usage("sql", "a statement is needed", "");
    if (rest > 1)
        return lg_cli_usage("sql", "one statement, as one argument (quote it), got also: ",
                            argv[optind]);
    const char *text = argv[optind - 1];
    if (dbpath != NULL && !*dbpath)
        return lg_cli_usage("sql", "--db needs a path", "");
    lg_db *db = lg_cli_open_reading(dbpath);
    if (db == NULL)
        return LG_EXIT_ERROR;
    sqlite3 *h = lg_db_handle(db);
    sqlite3_stmt *st;
    int rc = prepare_one(h, text, &st);
    if (rc == 0)
        rc = run_statement(h, st, fmt);
    sqlite3_finalize(st);
    lg_db_close(db);
    return rc;
}
