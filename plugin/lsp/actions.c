/*
 * actions.c — code actions for the findings on the asked lines: the
 * finding's fix-it (the model's weak twin) as the preferred quick fix, and a
 * suppression comment above the line, with its indentation.
 */
#include "lsp_int.h"
#include <stdio.h>

static json_t *text_edit(const server *s, doc *d, unsigned line, unsigned col, unsigned len,
                         const char *text)
{
    return json_pack("{s:o, s:s}", "range", lg__lsp_range(s, d, line, col, len), "newText", text);
}

void lg__lsp_code_action(server *s, json_t *id, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    doc *d = uri ? lg__lsp_find_doc(s, uri) : NULL;
    json_t *actions = json_array();
    json_t *r = json_object_get(params, "range");
    long l0 = json_integer_value(json_object_get(json_object_get(r, "start"), "line"));
    long l1 = json_integer_value(json_object_get(json_object_get(r, "end"), "line"));
    for (size_t i = 0; d != NULL && i < d->findings.n; i++) {
        const lg_finding *f = &d->findings.v[i];
        long line = (long)f->line - 1;
        if (line < l0 || line > l1)
            continue;
        json_t *diag = json_pack("{s:o, s:i, s:s, s:s, s:s}", "range", lg__lsp_range(s, d, f->line, f->column, f->length),
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
        size_t pos = lg__lsp_offset_of(s, d->text, d->len, line, 0), ind = 0;
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
    lg__lsp_respond(id, actions);
}
