/*
 * story.c — a finding's story from the database (see story.h): its row as
 * the JSON listing shows it, then the evidence rows matched to it, read
 * again with their growth series, details and retention paths.  The
 * evidence of a finding is what the database's matching view says (the
 * confirming rows first); a runtime-only leak's is the evidence of its kind
 * recorded at its site.
 */
#include "story.h"
#include "output.h"
#include "store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A JSON column's value: parsed, or null when absent or unreadable (the
 * runtime wrote it; a damaged file must not stop the story). */
static json_t *parsed(const char *text)
{
    if (text == NULL)
        return json_null();
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v != NULL ? v : json_null();
}

static json_t *array_or_empty(json_t *v)
{
    if (json_is_array(v))
        return v;
    json_decref(v);
    return json_array();
}

typedef struct {
    json_t *arr;                    /* the evidence objects */
    const lg_db_finding_row *row;   /* the finding (a runtime-only one: kind and capture to match) */
} evidence_ctx;

static int add_evidence(const lg_db_evidence_row *e, void *arg)
{
    evidence_ctx *c = arg;
    if (c->row->runtime_only && (c->row->ev_kind == NULL || strcmp(e->kind, c->row->ev_kind) != 0
                                 || e->capture_index != c->row->ev_capture))
        return 0;
    json_t *o = json_pack("{s:I, s:s, s:s?, s:i, s:s?, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
                          " s:I, s:I, s:I, s:i}",
        "run", (json_int_t)e->run, "kind", e->kind, "site", e->site_abs ? e->site_abs : e->site_path,
        "line", e->site_line, "type", e->type, "count", (json_int_t)e->count,
        "bytes", (json_int_t)e->bytes, "inserts", (json_int_t)e->inserts,
        "removals", (json_int_t)e->removals, "evictions", (json_int_t)e->evictions,
        "peak_len", (json_int_t)e->peak_len, "overwrites", (json_int_t)e->overwrites,
        "total_bytes", (json_int_t)e->total_bytes, "peak_bytes", (json_int_t)e->peak_bytes,
        "first_tick", (json_int_t)e->first_tick, "peak_tick", (json_int_t)e->peak_tick,
        "last_tick", (json_int_t)e->last_tick, "capture", e->capture_index);
    if (o == NULL)
        return 1;
    json_object_set_new(o, "detail", parsed(e->detail));
    json_object_set_new(o, "series", array_or_empty(parsed(e->series)));
    json_object_set_new(o, "paths", array_or_empty(parsed(e->paths)));
    json_array_append_new(c->arr, o);
    return 0;
}

/* The base name of path. */
static const char *base_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

json_t *lg_story_of(lg_db *db, const lg_db_finding_row *given)
{
    /* a runtime-only leak in a database no static door wrote yet has no
     * declared rule: the registry's rule for its kind */
    lg_db_finding_row named = *given;
    const lg_db_finding_row *row = &named;
    if (named.rule == NULL)
        named.rule = lg_store_rule_of_kind(named.ev_kind) ? lg_store_rule_of_kind(named.ev_kind) : "?";
    json_t *s = lg_output_row_json(row);
    evidence_ctx c = { json_array(), row };
    if (s == NULL || c.arr == NULL) {
        json_decref(s);
        json_decref(c.arr);
        return NULL;
    }
    int rc = row->runtime_only
        ? lg_db_each_evidence_of(db, 0, base_of(row->path), row->line, 0, add_evidence, &c)
        : lg_db_each_evidence_of(db, row->id, NULL, 0, 0, add_evidence, &c);
    if (rc < 0) {
        json_decref(s);
        json_decref(c.arr);
        return NULL;
    }
    char status[512];
    lg_db_summary(row, status, sizeof status);
    json_object_set_new(s, "status", json_string(status[0] ? status
                                                 : "not seen at run time (no evidence recorded here)"));
    json_object_set_new(s, "runtime_only", json_boolean(row->runtime_only));
    /* the static place of a container (kept alive by it, or growing) is what
     * holds a path's first node — a root the runtime cannot name when a
     * struct that is not an object holds it; a capture's place is not */
    int container = row->ev_kind == NULL || strcmp(row->ev_kind, "unread_capture") != 0;
    json_object_set_new(s, "holder", json_string(container && !row->runtime_only && row->place
                                                 ? row->place : ""));
    json_object_set_new(s, "evidence", c.arr);
    return s;
}

typedef struct {
    lg_db *db;       /* the database */
    json_t *arr;     /* the stories */
    int failed;      /* a story could not be read */
} all_ctx;

static int add_story(const lg_db_finding_row *r, void *arg)
{
    all_ctx *c = arg;
    json_t *s = lg_story_of(c->db, r);
    if (s == NULL) {
        c->failed = 1;
        return 1;
    }
    json_array_append_new(c->arr, s);
    return 0;
}

json_t *lg_story_all(lg_db *db)
{
    all_ctx c = { db, json_array(), 0 };
    if (c.arr == NULL)
        return NULL;
    if (lg_db_each_finding(db, NULL, -1, add_story, &c) < 0 || c.failed
        || lg_db_each_runtime_only(db, add_story, &c) < 0 || c.failed) {
        json_decref(c.arr);
        return NULL;
    }
    return c.arr;
}

const char *lg_story_str(json_t *story, const char *key)
{
    const char *s = json_string_value(json_object_get(story, key));
    return s != NULL ? s : "";
}

long long lg_story_int(json_t *story, const char *key)
{
    return (long long)json_integer_value(json_object_get(story, key));
}

int lg_story_first_seen(json_t *story, char *buf, size_t sz)
{
    json_t *first = json_object_get(story, "first_seen");
    if (!json_is_number(first))
        return 0;
    time_t t = (time_t)json_number_value(first);
    strftime(buf, sz, "%Y-%m-%d %H:%M", localtime(&t));
    return 1;
}

char *lg_story_path_text(json_t *path, const char *holder, const char *indent)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (out == NULL)
        return NULL;
    const char *root = lg_story_str(path, "root");
    fprintf(out, "%sfrom ", indent);
    if (*root)
        fputs(root, out);
    else if (*holder)
        fprintf(out, "'%s' (held outside the object graph: by a struct that is not an object, "
                "or a local)", holder);
    else
        fputs("a root held outside the object graph (a struct that is not an object, or a local)", out);
    fprintf(out, "%s:\n", json_is_true(json_object_get(path, "truncated")) ? " (its first nodes left out)" : "");
    size_t i;
    json_t *node;
    json_array_foreach(json_object_get(path, "nodes"), i, node) {
        char bytes[32];
        lg_db_bytes((int64_t)json_integer_value(json_object_get(node, "size")), bytes, sizeof bytes);
        fprintf(out, "%s  %*s", indent, (int)(i * 2), "");
        if (i > 0)
            fprintf(out, "└─ %s → ", lg_story_str(node, "edge"));
        if (*lg_story_str(node, "file"))
            fprintf(out, "%s  made at %s:%lld, %s\n", lg_story_str(node, "type"),
                    lg_output_display_path(lg_story_str(node, "file")),
                    (long long)json_integer_value(json_object_get(node, "line")), bytes);
        else
            fprintf(out, "%s  (made by the runtime), %s\n", lg_story_str(node, "type"), bytes);
    }
    if (fclose(out) != 0) {
        free(text);
        return NULL;
    }
    return text;
}
