/*
 * lsp.c — `linger lsp`, a Language Server Protocol server on stdio.
 *
 * One thread, one loop: read a message (Content-Length framing, JSON body via
 * jansson), handle it, and when no more input is waiting, analyse the
 * documents whose text changed — so a burst of edits costs one analysis of
 * the newest text.  Each open document keeps its libclang translation unit
 * (parsed from the unsaved buffer with a precompiled preamble; edits reparse
 * it), and its last findings for code actions.  Findings become diagnostics;
 * when the findings database holds evidence that confirms one, its message
 * says so, and the diagnostics are republished when the database changes.
 * Positions are UTF-16 code units unless the client offers UTF-8.
 */
#define _GNU_SOURCE 1
#include "analyze.h"
#include "compdb.h"
#include "lgdb.h"
#include "bigstack.h"
#include "linger_cli.h"
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    char *uri;               /* as the client names it */
    char *path;              /* the file path */
    char *text;              /* current contents */
    size_t len;
    int dirty;               /* text changed since the last analysis */
    lg_frontend_unit *unit;  /* the front end's kept unit (cheap reparses, facts of
                                unchanged functions reused); NULL until analysed */
    lg_strv flags;           /* compile flags */
    int have_flags;          /* flags looked up */
    lg_findings findings;    /* the last published ones (for code actions) */
    size_t *lines;           /* byte offset of each line's start (index 0: line 1) */
    size_t nlines;           /* lines indexed; 0: index out of date */
    json_t *version;         /* the client's version of the text (an integer), or NULL */
    int abandoned;           /* its parse outlived the timeout: the stuck thread owns it,
                                nothing is published for it any more (under out_lock) */
} doc;

typedef struct {
    doc **docs;              /* the open documents (stable addresses: a parse thread
                                may still hold one after it was set aside) */
    size_t ndocs;
    int initialized, shutdown;
    int utf8;                /* positions in UTF-8 bytes, else UTF-16 units */
    lg_frontend *fe;         /* the front end; its models set at initialize */
    lgm_set *models;         /* what calls do: linger's, the client's, the project's */
    char root[PATH_MAX];     /* workspace root, or "" */
    char dbpath[PATH_MAX];   /* the findings database, or "" */
    long long db_stamp;      /* its (and its WAL's) last seen change */
    char in[1 << 16];        /* input buffer */
    size_t inlen;
} server;

/* ---- output */

/* One message at a time on stdout: a parse set aside after a timeout may
 * still wake up and write. */
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void send(json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (body == NULL)
        return;
    pthread_mutex_lock(&out_lock);
    printf("Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
    free(body);
}

static void respond(json_t *id, json_t *result)
{
    send(json_pack("{s:O, s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

static void respond_error(json_t *id, int code, const char *message)
{
    send(json_pack("{s:O, s:{s:i, s:s}}", "id", id ? id : json_null(), "error", "code", code,
                   "message", message));
}

static void log_message(int type, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    send(json_pack("{s:s, s:{s:i, s:s}}", "method", "window/logMessage", "params", "type", type,
                   "message", buf));
}

/* ---- positions */

/* Byte offset of (line, character) in text, clamped to the line's end. */
static size_t offset_of(const server *s, const char *text, size_t len, long line, long ch)
{
    size_t pos = 0;
    for (long l = 0; l < line && pos < len; pos++)
        if (text[pos] == '\n')
            l++;
    long units = 0;
    while (pos < len && text[pos] != '\n' && units < ch) {
        unsigned char c = (unsigned char)text[pos];
        size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        units += s->utf8 ? (long)n : (n == 4 ? 2 : 1);
        pos += n;
    }
    return pos > len ? len : pos;
}

/* Offset of 1-based line in d's text, through its line index. */
static size_t line_offset(doc *d, unsigned line)
{
    if (d->nlines == 0) {
        size_t n = 1;
        for (size_t i = 0; i < d->len; i++)
            n += d->text[i] == '\n';
        free(d->lines);
        d->lines = malloc(n * sizeof *d->lines);
        if (d->lines == NULL)
            return 0;
        d->lines[0] = 0;
        for (size_t i = 0, k = 1; i < d->len; i++)
            if (d->text[i] == '\n')
                d->lines[k++] = i + 1;
        d->nlines = n;
    }
    return line >= 1 && line <= d->nlines ? d->lines[line - 1] : d->len;
}

/* The LSP character of 1-based byte column col on 1-based line of d. */
static long character_of(const server *s, doc *d, unsigned line, unsigned col)
{
    const char *text = d->text;
    size_t len = d->len;
    size_t pos = line_offset(d, line);
    if (s->utf8)
        return (long)col - 1;
    long units = 0;
    for (size_t i = 0; i + 1 < col && pos + i < len && text[pos + i] != '\n'; i++) {
        unsigned char c = (unsigned char)text[pos + i];
        if ((c & 0xC0) != 0x80)
            units += c >= 0xF0 ? 2 : 1;
    }
    return units;
}

static json_t *range(const server *s, doc *d, unsigned line, unsigned col, unsigned n)
{
    return json_pack("{s:{s:i, s:i}, s:{s:i, s:i}}",
        "start", "line", (int)line - 1, "character", (int)character_of(s, d, line, col),
        "end", "line", (int)line - 1, "character", (int)character_of(s, d, line, col + (n ? n : 1)));
}

/* ---- documents */

/* The open document uri names; NULL for none (a missing or non-string uri
 * in a client's message included). */
static doc *find_doc(server *s, const char *uri)
{
    if (uri == NULL)
        return NULL;
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return s->docs[i];
    return NULL;
}

/* Takes d out of the open documents (it is not freed). */
static void forget_doc(server *s, doc *d)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] == d) {
            s->docs[i] = s->docs[--s->ndocs];
            return;
        }
}

/* file:///a%20b/c.c -> /a b/c.c */
static char *uri_to_path(const char *uri)
{
    const char *p = strncmp(uri, "file://", 7) == 0 ? uri + 7 : uri;
    char *out = malloc(strlen(p) + 1);
    size_t n = 0;
    for (; *p; p++) {
        if (*p == '%' && p[1] && p[2]) {
            char hex[3] = { p[1], p[2], 0 };
            out[n++] = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = 0;
    return out;
}

static void doc_free(doc *d)
{
    free(d->uri);
    free(d->path);
    free(d->text);
    free(d->lines);
    lg_frontend_unit_free(d->unit);
    json_decref(d->version);
    lg_strv_free(&d->flags);
    lg_findings_free(&d->findings);
}

/* Flags from the nearest compile_commands.json (walking up, also build/). */
static void lookup_flags(doc *d)
{
    d->have_flags = 1;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", d->path);
    char *slash = strrchr(dir, '/');
    while (slash != NULL) {
        *slash = 0;
        const char *cands[2] = { "", "/build" };
        for (int k = 0; k < 2; k++) {
            char bdir[PATH_MAX + 8], db[PATH_MAX + 40];
            snprintf(bdir, sizeof bdir, "%s%s", dir[0] ? dir : "/", cands[k]);
            snprintf(db, sizeof db, "%s/compile_commands.json", bdir);
            if (access(db, R_OK) != 0)
                continue;
            lg_compdb_entry *e;
            size_t n;
            char err[256];
            if (lg_compdb_load(bdir, &e, &n, err, sizeof err) < 0)
                continue;
            char want[PATH_MAX], have[PATH_MAX];
            int found = 0;
            for (size_t i = 0; i < n && !found; i++) {
                if (realpath(e[i].file, have) == NULL || realpath(d->path, want) == NULL
                    || strcmp(have, want) != 0)
                    continue;
                lg_compile_args ca;
                if (lg_compile_args_parse(e[i].argv.v, e[i].argv.n, &ca) == 0) {
                    for (size_t j = 0; j < ca.flags.n; j++)
                        lg_strv_push(&d->flags, ca.flags.v[j]);
                    lg_strv_push(&d->flags, "-working-directory");
                    lg_strv_push(&d->flags, e[i].directory);
                    found = 1;
                }
                lg_compile_args_free(&ca);
            }
            lg_compdb_free(e, n);
            if (found)
                return;
        }
        slash = strrchr(dir, '/');
    }
    /* fallback: the file's directory, the linger headers */
    snprintf(dir, sizeof dir, "%s", d->path);
    if ((slash = strrchr(dir, '/')) != NULL)
        *slash = 0;
    char inc[PATH_MAX + 4];
    snprintf(inc, sizeof inc, "-I%s", dir);
    lg_strv_push(&d->flags, "-std=gnu11");
    lg_strv_push(&d->flags, inc);
    log_message(3, "linger: no compile_commands.json entry for %s; using fallback flags "
                "(-std=gnu11 -I<its directory>)", d->path);
}

/* ---- the findings database */

static void find_db(server *s)
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

static long long db_stamp(const server *s)
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

typedef struct {
    doc *d;                  /* the document */
    char abs[PATH_MAX];      /* its absolute path */
} confirm_ctx;

static int confirm_row(const lg_db_finding_row *r, void *arg)
{
    confirm_ctx *c = arg;
    if (r->confirmed && strcmp(r->path, c->abs) == 0)
        lg_store_mark(&c->d->findings, r, 1);
    return 0;
}

static void annotate(server *s, doc *d)
{
    if (!s->dbpath[0] || access(s->dbpath, R_OK) != 0)
        return;
    lg_db *db;
    char err[600];
    if (lg_db_open(s->dbpath, LG_DB_READONLY, &db, err, sizeof err) < 0)
        return;
    confirm_ctx c;
    c.d = d;
    if (realpath(d->path, c.abs) == NULL)
        snprintf(c.abs, sizeof c.abs, "%s", d->path);
    lg_db_each_finding(db, NULL, 1, confirm_row, &c);
    lg_db_close(db);
}

/* ---- analysis and diagnostics */

static void publish(server *s, doc *d)
{
    pthread_mutex_lock(&out_lock);
    int gone = d->abandoned;
    pthread_mutex_unlock(&out_lock);
    if (gone)
        return;
    json_t *diags = json_array();
    for (size_t i = 0; i < d->findings.n; i++) {
        const lg_finding *f = &d->findings.v[i];
        char msg[1024];
        if (f->runtime != NULL)
            snprintf(msg, sizeof msg, "%s (confirmed at run time: %s)", f->message, f->runtime);
        else
            snprintf(msg, sizeof msg, "%s", f->message);
        json_t *related = json_array();
        for (size_t j = 0; j < f->nnotes; j++)
            json_array_append_new(related, json_pack("{s:{s:s, s:o}, s:s}", "location", "uri", d->uri,
                "range", range(s, d, f->notes[j].line, f->notes[j].column, 1),
                "message", f->notes[j].message));
        json_array_append_new(diags, json_pack("{s:o, s:i, s:s, s:s, s:s, s:o}",
            "range", range(s, d, f->line, f->column, f->length), "severity", 2, "code", f->rule,
            "source", "linger", "message", msg, "relatedInformation", related));
    }
    json_t *msg = json_pack("{s:s, s:{s:s, s:o}}", "method", "textDocument/publishDiagnostics",
                            "params", "uri", d->uri, "diagnostics", diags);
    if (msg != NULL && d->version != NULL)   /* which text these diagnostics are for */
        json_object_set(json_object_get(msg, "params"), "version", d->version);
    send(msg);
}

static void analyse_now(server *s, doc *d)
{
    d->dirty = 0;
    if (!d->have_flags)
        lookup_flags(d);
    if (d->unit == NULL)
        d->unit = lg_analysis_unit_new(d->path, (const char *const *)d->flags.v, (int)d->flags.n);
    lg_findings_free(&d->findings);
    lg_parse_result res;
    memset(&res, 0, sizeof res);
    if (d->unit == NULL)
        log_message(1, "linger: cannot analyse %s: out of memory", d->path);
    else if (lg_analyze_unit(s->fe, d->unit, d->text, d->len, NULL, &d->findings, &res) < 0)
        log_message(1, "linger: cannot parse %s: %s", d->path,
                    res.failure ? res.failure : "unknown error");
    else if (res.has_errors)
        log_message(3, "linger: %s has errors; findings may be incomplete", d->path);
    lg_parse_result_free(&res);
    annotate(s, d);
    publish(s, d);
}

typedef struct {
    server *s;   /* the server */
    doc *d;      /* the document to analyse */
} analysis_job;

static void analyse_job(void *arg)
{
    analysis_job *j = arg;
    analyse_now(j->s, j->d);
}

/* Seconds a document's parse may take (LINGER_PARSE_TIMEOUT, default 120). */
static long parse_timeout(void)
{
    const char *v = getenv("LINGER_PARSE_TIMEOUT");
    long t = v != NULL ? strtol(v, NULL, 10) : 0;
    return t > 0 ? t : 120;
}

static void *analyse_thread(void *arg)
{
    lg_keeping_sigaltstack(analyse_job, arg);
    free(arg);
    return NULL;
}

/* Parses and walks d on a thread with a big stack (bigstack.h): deeply
 * nested code must not take the editor's server down.  A parse that
 * outlives the timeout (an #include of a FIFO blocks libclang for ever)
 * cannot be cancelled: the document is set aside — taken out of the open
 * ones, left to that thread, never published again — and the server goes on. */
static void analyse(server *s, doc *d)
{
    analysis_job *j = malloc(sizeof *j);
    pthread_attr_t attr;
    pthread_t t;
    if (j == NULL)
        return;
    *j = (analysis_job){ s, d };
    lg_big_stack_attr(&attr);
    int made = pthread_create(&t, &attr, analyse_thread, j) == 0;
    pthread_attr_destroy(&attr);
    if (!made) {
        analyse_thread(j);
        return;
    }
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += parse_timeout();
    if (pthread_timedjoin_np(t, NULL, &deadline) == 0)
        return;
    pthread_mutex_lock(&out_lock);
    d->abandoned = 1;
    pthread_mutex_unlock(&out_lock);
    pthread_detach(t);
    forget_doc(s, d);
    log_message(1, "linger: %s: still parsing after %ld s: does it include a FIFO or a device "
                "(which libclang reads for ever)? It is set aside; reopen it to try again "
                "(LINGER_PARSE_TIMEOUT)", d->path, parse_timeout());
}

/* ---- text sync */

static void apply_change(server *s, doc *d, json_t *change)
{
    json_t *text = json_object_get(change, "text"), *r = json_object_get(change, "range");
    if (!json_is_string(text))
        return;
    const char *t = json_string_value(text);
    size_t tl = json_string_length(text);
    if (!json_is_object(r)) {                    /* full sync */
        free(d->text);
        d->text = malloc(tl + 1);
        memcpy(d->text, t, tl + 1);
        d->len = tl;
        d->nlines = 0;
        return;
    }
    json_t *st = json_object_get(r, "start"), *en = json_object_get(r, "end");
    size_t a = offset_of(s, d->text, d->len, json_integer_value(json_object_get(st, "line")),
                         json_integer_value(json_object_get(st, "character")));
    size_t b = offset_of(s, d->text, d->len, json_integer_value(json_object_get(en, "line")),
                         json_integer_value(json_object_get(en, "character")));
    if (b < a)
        b = a;
    char *n = malloc(d->len - (b - a) + tl + 1);
    memcpy(n, d->text, a);
    memcpy(n + a, t, tl);
    memcpy(n + a + tl, d->text + b, d->len - b);
    d->len = d->len - (b - a) + tl;
    n[d->len] = 0;
    free(d->text);
    d->text = n;
    d->nlines = 0;
}

/* ---- methods */

static json_t *capabilities(server *s)
{
    return json_pack("{s:{s:{s:b, s:i, s:{s:b}}, s:{s:[s]}, s:s}, s:{s:s, s:s}}",
        "capabilities", "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
        "codeActionProvider", "codeActionKinds", "quickfix",
        "positionEncoding", s->utf8 ? "utf-8" : "utf-16",
        "serverInfo", "name", "linger", "version", LINGER_VERSION_STRING);
}

/* The models: `linger`, the initialization option `models` (names or
 * paths), LINGER_MODELS, the workspace's .linger/models; and the front end
 * that uses them.  -1 with err when one is bad. */
static int load_models(server *s, json_t *list, char *err, size_t errsz)
{
    lg_strv specs = { 0 };
    size_t i;
    json_t *v;
    if (list != NULL && !json_is_array(list)) {
        snprintf(err, errsz, "initializationOptions.models must be a list of model names or paths");
        return -1;
    }
    json_array_foreach(list, i, v) {
        if (!json_is_string(v)) {
            snprintf(err, errsz, "initializationOptions.models[%zu] is not a string", i);
            lg_strv_free(&specs);
            return -1;
        }
        lg_strv_push(&specs, json_string_value(v));
    }
    lgm_set *models = lgm_set_standard(0, (const char *const *)specs.v, specs.n,
                                       s->root[0] ? s->root : NULL, err, errsz);
    lg_strv_free(&specs);
    if (models == NULL)
        return -1;
    lg_frontend_set_models(s->fe, models);     /* the index stays: only what calls do changes */
    lgm_set_free(s->models);
    s->models = models;
    return 0;
}

static void on_initialize(server *s, json_t *id, json_t *params)
{
    json_t *enc = json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"),
                                  "positionEncodings");
    size_t i;
    json_t *v;
    json_array_foreach(enc, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), "utf-8") == 0)
            s->utf8 = 1;
    json_t *root = json_object_get(params, "rootUri");
    if (json_is_string(root)) {
        char *p = uri_to_path(json_string_value(root));
        snprintf(s->root, sizeof s->root, "%s", p);
        free(p);
    } else if (json_is_string(json_object_get(params, "rootPath"))) {
        snprintf(s->root, sizeof s->root, "%s", json_string_value(json_object_get(params, "rootPath")));
    }
    char err[1024];
    if (load_models(s, json_object_get(json_object_get(params, "initializationOptions"), "models"),
                    err, sizeof err) < 0) {
        log_message(1, "linger: %s", err);
        respond_error(id, -32602, err);
        return;
    }
    find_db(s);
    s->db_stamp = db_stamp(s);
    s->initialized = 1;
    respond(id, capabilities(s));
}

/* The document's version as the client numbers it (an integer, else none). */
static void set_version(doc *d, json_t *v)
{
    json_decref(d->version);
    d->version = json_is_integer(v) ? json_incref(v) : NULL;
}

static void on_open(server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    if (uri == NULL || !json_is_string(text))
        return;
    doc *d = find_doc(s, uri);
    if (d == NULL) {
        doc **v = realloc(s->docs, (s->ndocs + 1) * sizeof *v);
        if (v == NULL)
            return;
        s->docs = v;
        if ((d = calloc(1, sizeof *d)) == NULL)
            return;
        s->docs[s->ndocs++] = d;
        d->uri = strdup(uri);
        d->path = uri_to_path(uri);
    }
    free(d->text);
    d->len = json_string_length(text);
    d->text = malloc(d->len + 1);
    memcpy(d->text, json_string_value(text), d->len + 1);
    d->nlines = 0;
    set_version(d, json_object_get(td, "version"));
    d->dirty = 1;
}

static void on_change(server *s, json_t *params)
{
    doc *d = find_doc(s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
    if (d == NULL)
        return;
    set_version(d, json_object_get(json_object_get(params, "textDocument"), "version"));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(params, "contentChanges"), i, c)
        apply_change(s, d, c);
    d->dirty = 1;
}

static void on_close(server *s, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    doc *d = uri ? find_doc(s, uri) : NULL;
    if (d == NULL)
        return;
    send(json_pack("{s:s, s:{s:s, s:[]}}", "method", "textDocument/publishDiagnostics", "params",
                   "uri", d->uri, "diagnostics"));
    forget_doc(s, d);
    doc_free(d);
    free(d);
}

static json_t *text_edit(const server *s, doc *d, unsigned line, unsigned col, unsigned len,
                         const char *text)
{
    return json_pack("{s:o, s:s}", "range", range(s, d, line, col, len), "newText", text);
}

static void on_code_action(server *s, json_t *id, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    doc *d = uri ? find_doc(s, uri) : NULL;
    json_t *actions = json_array();
    json_t *r = json_object_get(params, "range");
    long l0 = json_integer_value(json_object_get(json_object_get(r, "start"), "line"));
    long l1 = json_integer_value(json_object_get(json_object_get(r, "end"), "line"));
    for (size_t i = 0; d != NULL && i < d->findings.n; i++) {
        const lg_finding *f = &d->findings.v[i];
        long line = (long)f->line - 1;
        if (line < l0 || line > l1)
            continue;
        json_t *diag = json_pack("{s:o, s:i, s:s, s:s, s:s}", "range", range(s, d, f->line, f->column, f->length),
                                 "severity", 2, "code", f->rule, "source", "linger", "message", f->message);
        if (f->fixit != NULL) {
            char title[256];
            snprintf(title, sizeof title, "Use %s", f->fixit->replacement);
            json_t *edit = text_edit(s, d, f->fixit->line, f->fixit->column, f->fixit->length,
                                     f->fixit->replacement);
            json_array_append_new(actions, json_pack("{s:s, s:s, s:b, s:[O], s:{s:{s:[o]}}}",
                "title", title, "kind", "quickfix", "isPreferred", 1, "diagnostics", diag,
                "edit", "changes", d->uri, edit));
        }
        /* suppress: a comment line above, with the line's indentation */
        size_t pos = offset_of(s, d->text, d->len, line, 0), ind = 0;
        while (pos + ind < d->len && (d->text[pos + ind] == ' ' || d->text[pos + ind] == '\t'))
            ind++;
        char comment[512], title[128];
        snprintf(comment, sizeof comment, "%.*s// linger-ignore: %s\n", (int)ind, d->text + pos, f->rule);
        snprintf(title, sizeof title, "Suppress %s here", f->rule);
        json_t *edit = json_pack("{s:{s:{s:i, s:i}, s:{s:i, s:i}}, s:s}", "range", "start", "line",
                                 (int)line, "character", 0, "end", "line", (int)line, "character", 0,
                                 "newText", comment);
        json_array_append_new(actions, json_pack("{s:s, s:s, s:[o], s:{s:{s:[o]}}}", "title", title,
            "kind", "quickfix", "diagnostics", diag, "edit", "changes", d->uri, edit));
    }
    respond(id, actions);
}

/* Handles one message; returns 1 when the server must exit (status in *code). */
static int handle(server *s, json_t *msg, int *code)
{
    if (!json_is_object(msg)) {
        respond_error(NULL, -32600, "Invalid Request: not a JSON object");
        return 0;
    }
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    if (method == NULL) {
        if (id == NULL || json_object_get(msg, "result") == NULL)
            respond_error(id, -32600, "Invalid Request: no method");
        return 0;                                  /* a response to us: ignored */
    }
    if (strcmp(method, "exit") == 0) {
        *code = s->shutdown ? 0 : 1;
        return 1;
    }
    if (!s->initialized && strcmp(method, "initialize") != 0) {
        if (id != NULL)
            respond_error(id, -32002, "Server not initialized");
        return 0;
    }
    if (s->shutdown && id != NULL) {
        respond_error(id, -32600, "Invalid Request: the server is shutting down");
        return 0;
    }
    if (strcmp(method, "initialize") == 0) {
        if (s->initialized)
            respond_error(id, -32600, "Invalid Request: already initialized");
        else
            on_initialize(s, id, params);
    } else if (strcmp(method, "initialized") == 0) {
    } else if (strcmp(method, "shutdown") == 0) {
        s->shutdown = 1;
        respond(id, NULL);
    } else if (strcmp(method, "textDocument/didOpen") == 0) {
        on_open(s, params);
    } else if (strcmp(method, "textDocument/didChange") == 0) {
        on_change(s, params);
    } else if (strcmp(method, "textDocument/didSave") == 0) {
        doc *d = find_doc(s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
        if (d != NULL)
            d->dirty = 1;
    } else if (strcmp(method, "textDocument/didClose") == 0) {
        on_close(s, params);
    } else if (strcmp(method, "textDocument/codeAction") == 0) {
        on_code_action(s, id, params);
    } else if (id != NULL) {
        respond_error(id, -32601, "Method not found");
    }
    return 0;
}

/* ---- framing */

/* Reads more input; 0 on end of input. */
static int fill(server *s)
{
    if (s->inlen == sizeof s->in)
        return 1;
    ssize_t n = read(0, s->in + s->inlen, sizeof s->in - s->inlen);
    if (n <= 0)
        return n < 0 && errno == EINTR;
    s->inlen += (size_t)n;
    return 1;
}

static int input_waiting(void)
{
    struct pollfd p = { 0, POLLIN, 0 };
    return poll(&p, 1, 0) > 0;
}

/* Reads one message body (malloc'd) into *body; 0 at end of input. */
static int read_message(server *s, char **body, size_t *blen)
{
    for (;;) {
        char *end = memmem(s->in, s->inlen, "\r\n\r\n", 4);
        if (end == NULL) {
            if (s->inlen == sizeof s->in)
                s->inlen = 0;                     /* garbage without headers: dropped */
            if (!fill(s))
                return 0;
            continue;
        }
        size_t hlen = (size_t)(end - s->in) + 4;
        /* the last Content-Length in the header block; bytes left over from a
         * message whose length was wrong may precede it on the same line */
        long length = -1;
        for (char *p = s->in; p + 15 <= end; p++)
            if (strncasecmp(p, "Content-Length:", 15) == 0)
                length = strtol(p + 15, NULL, 10);
        if (length < 0 || length > (64L << 20)) {
            memmove(s->in, s->in + hlen, s->inlen - hlen);
            s->inlen -= hlen;
            respond_error(NULL, -32700, "Parse error: a message without a valid Content-Length");
            continue;
        }
        char *b = malloc((size_t)length + 1);
        size_t have = s->inlen - hlen < (size_t)length ? s->inlen - hlen : (size_t)length;
        memcpy(b, s->in + hlen, have);
        memmove(s->in, s->in + hlen + have, s->inlen - hlen - have);
        s->inlen -= hlen + have;
        while (have < (size_t)length) {
            ssize_t n = read(0, b + have, (size_t)length - have);
            if (n <= 0 && !(n < 0 && errno == EINTR)) {
                free(b);
                return 0;
            }
            if (n > 0)
                have += (size_t)n;
        }
        b[length] = 0;
        *body = b;
        *blen = (size_t)length;
        return 1;
    }
}

static const char lsp_usage[] =
    "usage: linger lsp\n"
    "\n"
    "A Language Server Protocol server on stdin/stdout: linger's findings as\n"
    "diagnostics, quick fixes and suppressions as code actions, run-time\n"
    "confirmation from the findings database ($LINGER_DB, or linger.db or\n"
    "build/linger.db in the workspace) in the messages.  See docs/editors.md.\n";

int lg_lsp_main(int argc, char **argv)
{
    if (argc > 0 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        fputs(lsp_usage, stdout);
        return 0;
    }
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--stdio") != 0) {
            fprintf(stderr, "linger: error: lsp: unknown option %s\n", argv[i]);
            return LG_EXIT_ERROR;
        }
    static server s;
    s.fe = lg_frontend_new(NULL);              /* linger's model until initialize says more */
    if (s.fe == NULL) {
        fprintf(stderr, "linger: error: cannot create a libclang index\n");
        return LG_EXIT_ERROR;
    }
    lg_fallback_includes();
    int code = 1;
    for (;;) {
        /* analyse when no input waits: the newest text only */
        if (s.inlen == 0 && !input_waiting()) {
            for (size_t i = 0; i < s.ndocs;) {
                size_t before = s.ndocs;
                if (s.docs[i]->dirty)
                    analyse(&s, s.docs[i]);   /* may set it aside: another takes slot i */
                if (s.ndocs == before)
                    i++;
            }
            struct pollfd p = { 0, POLLIN, 0 };
            while (s.inlen == 0 && poll(&p, 1, 1000) == 0) {
                long long stamp = db_stamp(&s);   /* the database changed: republish */
                if (s.initialized && stamp != s.db_stamp) {
                    s.db_stamp = stamp;
                    for (size_t i = 0; i < s.ndocs; i++)
                        s.docs[i]->dirty = 1;
                    break;
                }
            }
            if (s.inlen == 0 && !input_waiting())
                continue;
        }
        char *body;
        size_t blen;
        if (!read_message(&s, &body, &blen))
            break;                                /* the client went away */
        json_error_t je;
        json_t *msg = json_loadb(body, blen, 0, &je);
        free(body);
        if (msg == NULL) {
            respond_error(NULL, -32700, "Parse error: malformed JSON");
            continue;
        }
        int stop = handle(&s, msg, &code);
        json_decref(msg);
        if (stop)
            break;
    }
    for (size_t i = 0; i < s.ndocs; i++) {
        doc_free(s.docs[i]);
        free(s.docs[i]);
    }
    free(s.docs);
    lg_frontend_free(s.fe);
    lgm_set_free(s.models);
    return code;
}
