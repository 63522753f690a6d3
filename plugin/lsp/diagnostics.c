/*
 * diagnostics.c — analysing a document and publishing its findings as
 * diagnostics.  The analysis goes through the front end's kept unit
 * (lg_analyze_unit: reparse, cached walk, the rules over the project index)
 * on a thread with a big
 * stack, under a timeout; the database's confirmation is added to each
 * message; diagnostics carry the text version they are for.
 */
#define _GNU_SOURCE 1
#include "lsp_int.h"
#include "bigstack.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void publish(server *s, doc *d)
{
    pthread_mutex_lock(&lg__lsp_out_lock);
    int gone = d->abandoned;
    pthread_mutex_unlock(&lg__lsp_out_lock);
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
                "range", lg__lsp_range(s, d, f->notes[j].line, f->notes[j].column, 1),
                "message", f->notes[j].message));
        lg__lsp_retention_related(s, d, f, related);
        json_array_append_new(diags, json_pack("{s:o, s:i, s:s, s:s, s:s, s:o}",
            "range", lg__lsp_range(s, d, f->line, f->column, f->length), "severity", 2, "code", f->rule,
            "source", "linger", "message", msg, "relatedInformation", related));
    }
    json_t *msg = json_pack("{s:s, s:{s:s, s:o}}", "method", "textDocument/publishDiagnostics",
                            "params", "uri", d->uri, "diagnostics", diags);
    if (msg != NULL && d->version != NULL)   /* which text these diagnostics are for */
        json_object_set(json_object_get(msg, "params"), "version", d->version);
    lg__lsp_send(msg);
}

static void analyse_now(server *s, doc *d)
{
    d->dirty = 0;
    if (!d->have_flags)
        lg__lsp_lookup_flags(d);
    if (d->unit == NULL)
        d->unit = lg_analysis_unit_new(d->path, (const char *const *)d->flags.v, (int)d->flags.n);
    lg_findings_free(&d->findings);
    lg_parse_result res;
    memset(&res, 0, sizeof res);
    if (d->unit == NULL)
        lg__lsp_log(1, "linger: cannot analyse %s: out of memory", d->path);
    else if (lg_analyze_unit(s->fe, d->unit, d->text, d->len, NULL, lg__lsp_index(s), &d->findings,
                             &res) < 0)
        lg__lsp_log(1, "linger: cannot parse %s: %s", d->path,
                    res.failure ? res.failure : "unknown error");
    else if (res.has_errors)
        lg__lsp_log(3, "linger: %s has errors; findings may be incomplete", d->path);
    lg_parse_result_free(&res);
    lg__lsp_annotate(s, d);
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
void lg__lsp_analyse(server *s, doc *d)
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
    pthread_mutex_lock(&lg__lsp_out_lock);
    d->abandoned = 1;
    s->abandoned_any = 1;
    pthread_mutex_unlock(&lg__lsp_out_lock);
    pthread_detach(t);
    lg__lsp_forget_doc(s, d);
    lg__lsp_log(1, "linger: %s: still parsing after %ld s: does it include a FIFO or a device "
                "(which libclang reads for ever)? It is set aside; reopen it to try again "
                "(LINGER_PARSE_TIMEOUT)", d->path, parse_timeout());
}
