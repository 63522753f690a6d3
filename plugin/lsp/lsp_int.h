/*
 * lsp_int.h — what the editor server's files share: an open document, the
 * server, and the functions each file offers the others (lg__lsp_*).  The
 * server is single-threaded but for analyses, which run one at a time on a
 * thread of their own; a document set aside after a parse timeout belongs to
 * that thread (doc.abandoned, under lg__lsp_out_lock).
 */
#ifndef LINGER_LSP_INT_H
#define LINGER_LSP_INT_H

#include "analyze.h"
#include "args.h"
#include "linger_cli.h"
#include <jansson.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct lg__lsp_marks lg__lsp_marks;  /* database.c */

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
    lg__lsp_marks *marks;    /* the database's confirmations of it, kept between edits
                                (read again when the database changes), or NULL */
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
    lg_index *index;         /* the project index read from it (other units' summaries), or
                                NULL; read again when the database changes (index_lock) */
    long long index_stamp;   /* the database's stamp when the index was read */
    lg_index **retired;      /* indexes replaced while a set-aside parse may still hold one */
    size_t nretired;
    int abandoned_any;       /* a document was set aside: its thread may still run */
    pid_t indexer;           /* the background index build's process id, or 0 (background.c) */
    char in[1 << 16];        /* input buffer */
    size_t inlen;
} server;

/* ---- transport.c: the wire */
/* Guards stdout (whole messages) and doc.abandoned. */
extern pthread_mutex_t lg__lsp_out_lock;
/* Sends msg (takes the reference; "jsonrpc" added). */
void lg__lsp_send(json_t *msg);
/* A response to id (borrowed; NULL: null) with result (taken; NULL: null). */
void lg__lsp_respond(json_t *id, json_t *result);
void lg__lsp_respond_error(json_t *id, int code, const char *message);
/* window/logMessage of the given type (1 error .. 4 log), printf-style. */
void lg__lsp_log(int type, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* 1 when stdin has bytes ready within timeout_ms (0: now). */
int lg__lsp_input_waiting(int timeout_ms);
/* Reads one message body (malloc'd, NUL-ended) into *body; 0 at end of input.
 * A header block without a valid Content-Length is answered and skipped. */
int lg__lsp_read_message(server *s, char **body, size_t *blen);

/* ---- positions.c */
/* Byte offset of LSP (line, character) in text, clamped to the line's end. */
size_t lg__lsp_offset_of(const server *s, const char *text, size_t len, long line, long ch);
/* The LSP range of n bytes from 1-based (line, col) of d (new reference). */
json_t *lg__lsp_range(const server *s, doc *d, unsigned line, unsigned col, unsigned n);

/* ---- documents.c: open documents, text sync */
/* The open document uri names; NULL for none (or a NULL uri). */
doc *lg__lsp_find_doc(server *s, const char *uri);
/* Takes d out of the open documents (not freed). */
void lg__lsp_forget_doc(server *s, doc *d);
/* file:///a%20b/c.c -> /a b/c.c (malloc'd). */
char *lg__lsp_uri_to_path(const char *uri);
/* Frees what d owns (not d). */
void lg__lsp_doc_free(doc *d);
void lg__lsp_did_open(server *s, json_t *params);
void lg__lsp_did_change(server *s, json_t *params);
void lg__lsp_did_close(server *s, json_t *params);

/* ---- flags.c */
/* Fills d->flags (from compile_commands.json, else the fallback). */
void lg__lsp_lookup_flags(doc *d);

/* ---- database.c */
/* Sets s->dbpath from LINGER_DB or the workspace ("" when none). */
void lg__lsp_find_db(server *s);
/* A number that changes whenever the database (or its WAL) does; 0 none. */
long long lg__lsp_db_stamp(const server *s);
/* Marks d's findings with the confirmation and retention path the database
 * holds (read once per change of the database, kept in d->marks). */
void lg__lsp_annotate(server *s, doc *d);
void lg__lsp_marks_free(lg__lsp_marks *m);
/* The project index (other units' summaries) as the database holds it now,
 * read again when the database changed since; NULL when there is none.
 * Called on the analysis thread; the index stays valid while it runs. */
const lg_index *lg__lsp_index(server *s);
/* Frees the indexes (at exit; kept when a set-aside thread may use one). */
void lg__lsp_index_free(server *s);

/* ---- background.c: the project index built in the background */
/* Starts `linger check -p DIR --db DIR/linger.db` when the workspace has a
 * compile_commands.json and no database (options: initializationOptions). */
void lg__lsp_background_index(server *s, json_t *options);
/* Reaps the build when it ended (wait: stops it and waits, at exit). */
void lg__lsp_background_reap(server *s, int wait);

/* ---- diagnostics.c */
/* Analyses d's current text and publishes its diagnostics (a parse that
 * outlives LINGER_PARSE_TIMEOUT sets d aside: see the top). */
void lg__lsp_analyse(server *s, doc *d);

/* ---- retention.c: why it is still alive */
/* Appends to related (a diagnostic's relatedInformation) a location per node
 * of f's retention path, the root first (nodes whose file is not found are
 * left out); nothing when f has none. */
void lg__lsp_retention_related(const server *s, doc *d, const lg_finding *f, json_t *related);
/* Answers textDocument/hover id: the findings on the line, their run-time
 * confirmation and retention path (markdown); null when none is there. */
void lg__lsp_hover(server *s, json_t *id, json_t *params);

/* ---- actions.c */
/* Answers textDocument/codeAction id. */
void lg__lsp_code_action(server *s, json_t *id, json_t *params);

#endif /* LINGER_LSP_INT_H */
