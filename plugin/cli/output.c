/*
 * output.c — the three output formats (see output.h).  JSON and SARIF are
 * built with jansson; the clang format mimics clang's own diagnostics so that
 * build logs, editors' quickfix lists and grep all read it.
 */
#include "output.h"
#include "linger_cli.h"
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

int lg_format_parse(const char *s, lg_format *out)
{
    if (strcmp(s, "clang") == 0)
        *out = LG_FMT_CLANG;
    else if (strcmp(s, "json") == 0)
        *out = LG_FMT_JSON;
    else if (strcmp(s, "sarif") == 0)
        *out = LG_FMT_SARIF;
    else
        return -1;
    return 0;
}

/* Start and length of 1-based line n. */
static int line_of(const char *src, size_t len, unsigned n, const char **start, size_t *llen)
{
    if (src == NULL || n == 0)
        return 0;
    size_t pos = 0;
    for (unsigned l = 1; l < n; l++) {
        const char *nl = memchr(src + pos, '\n', len - pos);
        if (nl == NULL)
            return 0;
        pos = (size_t)(nl - src) + 1;
    }
    const char *nl = memchr(src + pos, '\n', len - pos);
    *start = src + pos;
    *llen = nl ? (size_t)(nl - (src + pos)) : len - pos;
    if (*llen && (*start)[*llen - 1] == '\r')
        (*llen)--;
    return 1;
}

unsigned lg_utf16_column(const char *src, size_t len, unsigned line, unsigned col)
{
    const char *s;
    size_t n;
    if (!line_of(src, len, line, &s, &n))
        return col;
    unsigned u = 1;
    for (size_t i = 0; i + 1 < col && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) == 0x80)
            continue;                     /* continuation byte */
        u += c >= 0xF0 ? 2 : 1;           /* astral characters take two units */
    }
    return u;
}

/* The source line with tabs expanded, then a caret line under [col, col+len). */
static void show_source(FILE *out, const lg_analysis *a, unsigned line, unsigned col,
                        unsigned length, const char *insert)
{
    const char *s;
    size_t n;
    if (!line_of(a->parse.source, a->parse.source_len, line, &s, &n))
        return;
    unsigned vcol = 0, vstart = 0, vend = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == col)
            vstart = vcol;
        if (i + 1 == col + (length ? length : 1))
            vend = vcol;
        if (s[i] == '\t') {
            do fputc(' ', out); while (++vcol % 8);
        } else {
            fputc(s[i], out);
            if (((unsigned char)s[i] & 0xC0) != 0x80)
                vcol++;
        }
    }
    if (col + (length ? length : 1) > n + 1)
        vend = vcol;
    if (vend <= vstart)
        vend = vstart + 1;
    fputc('\n', out);
    fprintf(out, "%*s^", (int)vstart, "");
    for (unsigned i = vstart + 1; i < vend; i++)
        fputc('~', out);
    fputc('\n', out);
    if (insert != NULL)
        fprintf(out, "%*s%s\n", (int)vstart, "", insert);
}

void lg_output_clang(FILE *out, const lg_analysis *a)
{
    for (size_t i = 0; i < a->findings.n; i++) {
        const lg_finding *f = &a->findings.v[i];
        fprintf(out, "%s:%u:%u: warning: %s [%s]\n", a->path, f->line, f->column, f->message,
                f->rule);
        show_source(out, a, f->line, f->column, f->length,
                    f->fixit ? f->fixit->replacement : NULL);
        for (size_t j = 0; j < f->nnotes; j++) {
            const lg_note *nt = &f->notes[j];
            fprintf(out, "%s:%u:%u: note: %s\n", a->path, nt->line, nt->column, nt->message);
            if (nt->line != f->line || nt->column != f->column)
                show_source(out, a, nt->line, nt->column, 1, NULL);
        }
        if (f->runtime != NULL)
            fprintf(out, "%s:%u:%u: note: %s\n", a->path, f->line, f->column, f->runtime);
    }
}

/* ---- JSON */

static json_t *finding_json(const lg_analysis *a, const lg_finding *f)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:s, s:s, s:s, s:s, s:s}",
        "rule", f->rule, "path", a->path, "line", (json_int_t)f->line,
        "column", (json_int_t)f->column, "end_line", (json_int_t)f->line,
        "end_column", (json_int_t)(f->column + f->length), "message", f->message,
        "severity", "warning", "fingerprint", f->fingerprint ? f->fingerprint : "",
        "function", f->function, "place", f->place);
    if (o == NULL)
        return NULL;
    json_t *notes = json_array();
    for (size_t j = 0; j < f->nnotes; j++)
        json_array_append_new(notes, json_pack("{s:s, s:i, s:i, s:s}", "path", a->path,
            "line", (json_int_t)f->notes[j].line, "column", (json_int_t)f->notes[j].column,
            "message", f->notes[j].message));
    json_object_set_new(o, "notes", notes);
    json_t *fixits = json_array();
    if (f->fixit != NULL)
        json_array_append_new(fixits, json_pack("{s:i, s:i, s:i, s:i, s:s}",
            "line", (json_int_t)f->fixit->line, "column", (json_int_t)f->fixit->column,
            "end_line", (json_int_t)f->fixit->line,
            "end_column", (json_int_t)(f->fixit->column + f->fixit->length),
            "replacement", f->fixit->replacement));
    json_object_set_new(o, "fixits", fixits);
    if (f->runtime != NULL) {
        json_object_set_new(o, "confirmed", json_boolean(f->confirmed));
        json_object_set_new(o, "runtime", json_string(f->runtime));
    }
    return o;
}

int lg_output_json(FILE *out, const lg_analysis *a, size_t n)
{
    json_t *arr = json_array();
    if (arr == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < a[i].findings.n; j++)
            json_array_append_new(arr, finding_json(&a[i], &a[i].findings.v[j]));
    int rc = json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(arr);
    return rc;
}

/* ---- SARIF 2.1.0 */

static json_t *region(const lg_analysis *a, unsigned line, unsigned col, unsigned len)
{
    const char *src = a->parse.source;
    size_t sl = a->parse.source_len;
    return json_pack("{s:i, s:i, s:i, s:i}", "startLine", (json_int_t)line,
        "startColumn", (json_int_t)lg_utf16_column(src, sl, line, col),
        "endLine", (json_int_t)line,
        "endColumn", (json_int_t)lg_utf16_column(src, sl, line, col + (len ? len : 1)));
}

/* path percent-encoded for a URI (unreserved characters and '/' kept). */
static void uri_encode(const char *path, char *out, size_t sz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)path; *p && w + 4 < sz; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')
            || strchr("/-_.~", *p) != NULL) {
            out[w++] = (char)*p;
        } else {
            out[w++] = '%';
            out[w++] = hex[*p >> 4];
            out[w++] = hex[*p & 15];
        }
    }
    out[w] = 0;
}

json_t *lg_sarif_artifact(const char *path)
{
    char uri[3 * PATH_MAX + 16];
    const char *root = lg_workdir();
    size_t n = root ? strlen(root) : 0;
    if (path[0] != '/' || (root != NULL && strncmp(path, root, n) == 0 && path[n] == '/')) {
        uri_encode(path[0] == '/' ? path + n + 1 : path, uri, sizeof uri);
        return json_pack("{s:s, s:s}", "uri", uri, "uriBaseId", "%SRCROOT%");
    }
    char enc[3 * PATH_MAX + 8];
    uri_encode(path, enc, sizeof enc);
    snprintf(uri, sizeof uri, "file://%s", enc);
    return json_pack("{s:s}", "uri", uri);
}

static json_t *location(const lg_analysis *a, unsigned line, unsigned col, unsigned len)
{
    return json_pack("{s:{s:o, s:o}}", "physicalLocation", "artifactLocation",
                     lg_sarif_artifact(a->path), "region", region(a, line, col, len));
}

static json_t *sarif_result(const lg_analysis *a, const lg_finding *f)
{
    size_t ri = 0;
    for (size_t i = 0; i < lg_rule_count(); i++)
        if (strcmp(lg_rule_at(i)->name, f->rule) == 0)
            ri = i;
    json_t *r = json_pack("{s:s, s:i, s:s, s:{s:s}, s:[o], s:{s:s}}",
        "ruleId", f->rule, "ruleIndex", (json_int_t)ri, "level", "warning",
        "message", "text", f->message,
        "locations", location(a, f->line, f->column, f->length),
        "partialFingerprints", "lingerFingerprint/v1", f->fingerprint ? f->fingerprint : "");
    if (r == NULL)
        return NULL;
    json_t *related = json_array();
    for (size_t j = 0; j < f->nnotes; j++) {
        json_t *loc = location(a, f->notes[j].line, f->notes[j].column, 1);
        json_object_set_new(loc, "id", json_integer((json_int_t)j));
        json_object_set_new(loc, "message", json_pack("{s:s}", "text", f->notes[j].message));
        json_array_append_new(related, loc);
    }
    json_object_set_new(r, "relatedLocations", related);
    if (f->fixit != NULL) {
        json_t *fix = json_pack("{s:{s:s}, s:[{s:o, s:[{s:o, s:{s:s}}]}]}",
            "description", "text", "replace with the weak registration",
            "artifactChanges", "artifactLocation", lg_sarif_artifact(a->path),
            "replacements", "deletedRegion",
            region(a, f->fixit->line, f->fixit->column, f->fixit->length),
            "insertedContent", "text", f->fixit->replacement);
        json_object_set_new(r, "fixes", json_pack("[o]", fix));
    }
    json_t *props = json_pack("{s:s, s:s}", "function", f->function, "place", f->place);
    if (f->runtime != NULL) {
        json_object_set_new(props, "confirmed", json_boolean(f->confirmed));
        json_object_set_new(props, "runtime", json_string(f->runtime));
    }
    json_object_set_new(r, "properties", props);
    return r;
}

json_t *lg_sarif_log(json_t *results, const char *version)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < lg_rule_count(); i++) {
        const lg_rule *r = lg_rule_at(i);
        json_array_append_new(rules, json_pack("{s:s, s:s, s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}",
            "id", r->name, "name", r->name, "shortDescription", "text", r->summary,
            "fullDescription", "text", r->summary, "help", "text", r->help,
            "defaultConfiguration", "level", "warning"));
    }
    /* locations are relative to %SRCROOT%: the directory linger ran in */
    char root[3 * PATH_MAX + 16], enc[3 * PATH_MAX + 8];
    uri_encode(lg_workdir() ? lg_workdir() : "/", enc, sizeof enc);
    snprintf(root, sizeof root, "file://%s%s", enc, enc[strlen(enc) - 1] == '/' ? "" : "/");
    return json_pack("{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:s, s:{s:{s:s}}}]}",
        "$schema", "https://json.schemastore.org/sarif-2.1.0.json", "version", "2.1.0",
        "runs", "tool", "driver", "name", "linger", "version", version,
        "informationUri", "https://github.com/linger-dev/linger", "rules", rules,
        "results", results, "columnKind", "utf16CodeUnits",
        "originalUriBaseIds", "%SRCROOT%", "uri", root);
}

int lg_output_sarif(FILE *out, const lg_analysis *a, size_t n, const char *version)
{
    json_t *results = json_array();
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < a[i].findings.n; j++)
            json_array_append_new(results, sarif_result(&a[i], &a[i].findings.v[j]));
    json_t *log = lg_sarif_log(results, version);
    if (log == NULL)
        return -1;
    int rc = json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(log);
    return rc;
}
