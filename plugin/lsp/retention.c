/*
 * retention.c — why it is still alive, in the editor: a confirmed finding's
 * retention path (recorded by the runtime, read from the database with the
 * confirmation) as the diagnostic's related information, one location per
 * node from the root down, and as the hover over the finding's line.
 */
#include "lsp_int.h"
#include "output.h"
#include "story.h"
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The absolute path of a node's allocation site (its __FILE__ as compiled:
 * absolute, or relative to a directory we can only guess — the workspace,
 * the document's, the server's); 0 when no such file exists. */
static int node_file(const server *s, const doc *d, const char *file, char *abs)
{
    if (file[0] == '/')
        return realpath(file, abs) != NULL;
    char dir[PATH_MAX], cand[2 * PATH_MAX + 2];
    snprintf(dir, sizeof dir, "%s", d->path);
    const char *bases[] = { s->root, dirname(dir), lg_workdir() };
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
        if (bases[i] == NULL || !bases[i][0])
            continue;
        snprintf(cand, sizeof cand, "%s/%s", bases[i], file);
        if (realpath(cand, abs) != NULL)
            return 1;
    }
    return 0;
}

/* "still alive: global 'g_bus' holds this emitter (4.2 kB)", "emitter
 * listener #42 -> closure (128 bytes)" */
static void node_message(json_t *path, json_t *node, size_t i, char *buf, size_t sz)
{
    char bytes[32];
    const char *type = json_string_value(json_object_get(node, "type"));
    lg_db_bytes((int64_t)json_integer_value(json_object_get(node, "size")), bytes, sizeof bytes);
    if (i == 0) {
        const char *root = json_string_value(json_object_get(path, "root"));
        snprintf(buf, sz, "still alive: %s holds this %s (%s)",
                 root != NULL ? root : "a root outside the object graph", type ? type : "?", bytes);
    } else {
        const char *edge = json_string_value(json_object_get(node, "edge"));
        snprintf(buf, sz, "%s -> %s (%s)", edge ? edge : "?", type ? type : "?", bytes);
    }
}

void lg__lsp_retention_related(const server *s, doc *d, const lg_finding *f, json_t *related)
{
    if (f->retention == NULL)
        return;
    json_t *path = json_loads(f->retention, 0, NULL), *node;
    char here[PATH_MAX];
    if (path == NULL || realpath(d->path, here) == NULL)
        snprintf(here, sizeof here, "%s", d->path);
    size_t i;
    json_array_foreach(json_object_get(path, "nodes"), i, node) {
        const char *file = json_string_value(json_object_get(node, "file"));
        int line = (int)json_integer_value(json_object_get(node, "line"));
        char abs[PATH_MAX], uri[3 * PATH_MAX + 16], msg[512];
        if (file == NULL || line < 1 || !node_file(s, d, file, abs))
            continue;                    /* no place to show it at */
        node_message(path, node, i, msg, sizeof msg);
        json_t *range = strcmp(abs, here) == 0
            ? lg__lsp_range(s, d, (unsigned)line, 1, 0)
            : json_pack("{s:{s:i, s:i}, s:{s:i, s:i}}", "start", "line", line - 1, "character", 0,
                        "end", "line", line - 1, "character", 0);
        lg_output_file_uri(abs, uri, sizeof uri);
        json_array_append_new(related, json_pack("{s:{s:s, s:o}, s:s}", "location", "uri",
            strcmp(abs, here) == 0 ? d->uri : uri, "range", range, "message", msg));
    }
    json_decref(path);
}

void lg__lsp_hover(server *s, json_t *id, json_t *params)
{
    const char *uri = json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri"));
    doc *d = uri ? lg__lsp_find_doc(s, uri) : NULL;
    long line = (long)json_integer_value(json_object_get(json_object_get(params, "position"), "line"));
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    for (size_t i = 0; out != NULL && d != NULL && i < d->findings.n; i++) {
        const lg_finding *f = &d->findings.v[i];
        if ((long)f->line - 1 != line)
            continue;
        fprintf(out, "%s**linger** `%s`: %s\n", len ? "\n---\n\n" : "", f->rule, f->message);
        fflush(out);
        if (f->runtime != NULL)
            fprintf(out, "\nconfirmed at run time: %s\n", f->runtime);
        json_t *path = f->retention ? json_loads(f->retention, 0, NULL) : NULL;
        char *why = path ? lg_story_path_text(path, "", "") : NULL;
        if (why != NULL)
            fprintf(out, "\n**Why is it still alive?**\n\n```text\n%s```\n", why);
        free(why);
        json_decref(path);
        fflush(out);
    }
    if (out != NULL)
        fclose(out);
    if (text != NULL && len > 0)
        lg__lsp_respond(id, json_pack("{s:{s:s, s:s}}", "contents", "kind", "markdown", "value", text));
    else
        lg__lsp_respond(id, NULL);
    free(text);
}
