/*
 * documents.c — the open documents and text sync: didOpen, didChange (full
 * or incremental edits, applied to the unsaved text), didClose; each
 * document's text, version and dirty mark.  Analysis reads what is here.
 */
#include "lsp_int.h"
#include <stdlib.h>
#include <string.h>

/* The open document uri names; NULL for none (a missing or non-string uri
 * in a client's message included). */
doc *lg__lsp_find_doc(server *s, const char *uri)
{
    if (uri == NULL)
        return NULL;
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0)
            return s->docs[i];
    return NULL;
}

/* Takes d out of the open documents (it is not freed). */
void lg__lsp_forget_doc(server *s, doc *d)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i] == d) {
            s->docs[i] = s->docs[--s->ndocs];
            return;
        }
}

/* file:///a%20b/c.c -> /a b/c.c */
char *lg__lsp_uri_to_path(const char *uri)
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

void lg__lsp_doc_free(doc *d)
{
    free(d->uri);
    free(d->path);
    free(d->text);
    free(d->lines);
    lg_frontend_unit_free(d->unit);
    json_decref(d->version);
    lg_strv_free(&d->flags);
    lg_findings_free(&d->findings);
    lg__lsp_marks_free(d->marks);
}

/* The document's version as the client numbers it (an integer, else none). */
static void set_version(doc *d, json_t *v)
{
    json_decref(d->version);
    d->version = json_is_integer(v) ? json_incref(v) : NULL;
}

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
    size_t a = lg__lsp_offset_of(s, d->text, d->len, json_integer_value(json_object_get(st, "line")),
                         json_integer_value(json_object_get(st, "character")));
    size_t b = lg__lsp_offset_of(s, d->text, d->len, json_integer_value(json_object_get(en, "line")),
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

void lg__lsp_did_open(server *s, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = json_string_value(json_object_get(td, "uri"));
    json_t *text = json_object_get(td, "text");
    if (uri == NULL || !json_is_string(text))
        return;
    doc *d = lg__lsp_find_doc(s, uri);
    if (d == NULL) {
        doc **v = realloc(s->docs, (s->ndocs + 1) * sizeof *v);
        if (v == NULL)
            return;
        s->docs = v;
        if ((d = calloc(1, sizeof *d)) == NULL)
            return;
        s->docs[s->ndocs++] = d;
        d->uri = strdup(uri);
        d->path = lg__lsp_uri_to_path(uri);
    }
    free(d->text);
    d->len = json_string_length(text);
    d->text = malloc(d->len + 1);
    memcpy(d->text, json_string_value(text), d->len + 1);
    d->nlines = 0;
    set_version(d, json_object_get(td, "version"));
    d->dirty = 1;
}

void lg__lsp_did_change(server *s, json_t *params)
{
    doc *d = lg__lsp_find_doc(s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
    if (d == NULL)
        return;
    set_version(d, json_object_get(json_object_get(params, "textDocument"), "version"));
    size_t i;
    json_t *c;
    json_array_foreach(json_object_get(params, "contentChanges"), i, c)
        apply_change(s, d, c);
    d->dirty = 1;
}

void lg__lsp_did_close(server *s, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    doc *d = uri ? lg__lsp_find_doc(s, uri) : NULL;
    if (d == NULL)
        return;
    lg__lsp_send(json_pack("{s:s, s:{s:s, s:[]}}", "method", "textDocument/publishDiagnostics", "params",
                   "uri", d->uri, "diagnostics"));
    lg__lsp_forget_doc(s, d);
    lg__lsp_doc_free(d);
    free(d);
}
