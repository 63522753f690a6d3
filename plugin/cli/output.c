/*
 * output.c — every command's output formats (see output.h).  JSON and SARIF are
 * built with jansson; the clang format mimics clang's own diagnostics so that
 * build logs, editors' quickfix lists and grep all read it.
 */
#include "output.h"
#include "linger_cli.h"
#include <assert.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int lg_format_parse(const char *s, unsigned allowed, lg_format *out)
{
    static const char *const names[] = { "clang", "json", "sarif", "table" };
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(s, names[i]) == 0 && (allowed & (1u << i))) {
            *out = (lg_format)i;
            return 0;
        }
    return -1;
}

/* ---- shared by every format */

/* The index of rule name in the registry (SARIF's ruleIndex); 0 when unknown. */
static size_t rule_index(const char *name)
{
    for (size_t i = 0; i < lg_rule_count(); i++)
        if (strcmp(lg_rule_at(i)->name, name) == 0)
            return i;
    return 0;
}

/* json on out, indented, in insertion order, then a newline; takes json. */
static int dump_json(FILE *out, json_t *json)
{
    if (json == NULL)
        return -1;
    int rc = json_dumpf(json, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(json);
    return rc;
}

/* "path:line:col: " (col 0: "path:line: ", a site the runtime named). */
static void clang_where(FILE *out, const char *path, unsigned line, unsigned col)
{
    if (col > 0)
        fprintf(out, "%s:%u:%u: ", path, line, col);
    else
        fprintf(out, "%s:%u: ", path, line);
}

/* A path relative to the start directory when it lies below it. */
const char *lg_output_display_path(const char *p)
{
    const char *cwd = lg_workdir();
    if (p == NULL)
        return "(unknown)";
    size_t n = cwd ? strlen(cwd) : 0;
    if (cwd != NULL && strncmp(p, cwd, n) == 0 && p[n] == '/')
        return p + n + 1;
    return p;
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
        clang_where(out, a->path, f->line, f->column);
        fprintf(out, "warning: %s [%s]\n", f->message, f->rule);
        show_source(out, a, f->line, f->column, f->length,
                    f->fixit ? f->fixit->replacement : NULL);
        for (size_t j = 0; j < f->nnotes; j++) {
            const lg_note *nt = &f->notes[j];
            clang_where(out, a->path, nt->line, nt->column);
            fprintf(out, "note: %s\n", nt->message);
            if (nt->line != f->line || nt->column != f->column)
                show_source(out, a, nt->line, nt->column, 1, NULL);
        }
        if (f->runtime != NULL) {
            clang_where(out, a->path, f->line, f->column);
            fprintf(out, "note: %s\n", f->runtime);
        }
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
    return dump_json(out, arr);
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

void lg_output_file_uri(const char *abs, char *out, size_t sz)
{
    char enc[3 * PATH_MAX + 8];
    uri_encode(abs, enc, sizeof enc);
    snprintf(out, sz, "file://%s", enc);
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
    lg_output_file_uri(path, uri, sizeof uri);
    return json_pack("{s:s}", "uri", uri);
}

static json_t *location(const lg_analysis *a, unsigned line, unsigned col, unsigned len)
{
    return json_pack("{s:{s:o, s:o}}", "physicalLocation", "artifactLocation",
                     lg_sarif_artifact(a->path), "region", region(a, line, col, len));
}

static json_t *sarif_result(const lg_analysis *a, const lg_finding *f)
{
    size_t ri = rule_index(f->rule);
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
    return dump_json(out, lg_sarif_log(results, version));
}

/* ---- stored findings (linger findings) */

static json_t *evidence_json(const lg_db_finding_row *r)
{
    if (r->ev_kind == NULL)
        return json_null();
    char summary[256];
    lg_db_summary(r, summary, sizeof summary);
    json_t *e = json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s}", "kind", r->ev_kind,
        "count", (json_int_t)r->ev_count, "bytes", (json_int_t)r->ev_bytes,
        "inserts", (json_int_t)r->ev_inserts, "removals", (json_int_t)r->ev_removals,
        "evictions", (json_int_t)r->ev_evictions, "peak_len", (json_int_t)r->ev_peak_len,
        "runs", (json_int_t)r->ev_runs, "summary", summary);
    if (e != NULL && r->ev_capture >= 0)
        json_object_set_new(e, "capture", json_integer(r->ev_capture));
    if (e != NULL && strcmp(r->ev_kind, "growth") == 0) {
        json_object_set_new(e, "overwrites", json_integer((json_int_t)r->ev_overwrites));
        json_object_set_new(e, "peak_bytes", json_integer((json_int_t)r->ev_peak_bytes));
        if (r->ev_made != NULL)
            json_object_set_new(e, "made", json_string(r->ev_made));
    }
    if (e != NULL && r->ev_total_bytes > 0)
        json_object_set_new(e, "total_bytes", json_integer((json_int_t)r->ev_total_bytes));
    return e;
}

json_t *lg_output_row_json(const lg_db_finding_row *r)
{
    json_t *o = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:s?, s:s?, s:b, s:o}",
        "rule", r->rule, "path", r->path, "line", r->line, "column", r->column,
        "message", r->message, "severity", r->severity, "fingerprint", r->fingerprint,
        "function", r->function, "place", r->place, "confirmed", r->confirmed,
        "evidence", evidence_json(r));
    if (o != NULL && r->runtime_only)
        json_object_set_new(o, "runtime_only", json_true());
    else if (o != NULL) {
        json_object_set_new(o, "first_seen", json_real(r->first_seen));
        json_object_set_new(o, "last_seen", json_real(r->last_seen));
    }
    return o;
}

static json_t *row_sarif(const lg_db_finding_row *r)
{
    json_t *props = json_pack("{s:b, s:o, s:b}", "confirmed", r->confirmed, "evidence",
                              evidence_json(r), "runtimeOnly", r->runtime_only);
    json_t *region = r->column > 0 ? json_pack("{s:i, s:i}", "startLine", r->line, "startColumn", r->column)
                                   : json_pack("{s:i}", "startLine", r->line > 0 ? r->line : 1);
    return json_pack("{s:s, s:i, s:s, s:{s:s}, s:[{s:{s:o, s:o}}], s:{s:s}, s:o}",
        "ruleId", r->rule, "ruleIndex", (int)rule_index(r->rule), "level", "warning",
        "message", "text", r->message, "locations", "physicalLocation", "artifactLocation",
        lg_sarif_artifact(r->path), "region", region,
        "partialFingerprints", "lingerFingerprint/v1", r->fingerprint, "properties", props);
}

/* "path:line:column", or "path:line" for a site the runtime named (no column). */
static void row_location(const lg_db_finding_row *r, const char *path, char *out, size_t sz)
{
    if (r->column > 0)
        snprintf(out, sz, "%s:%d:%d", path, r->line, r->column);
    else
        snprintf(out, sz, "%s:%d", path, r->line);
}

static void rows_table(FILE *out, const lg_db_finding_row *rows, size_t n, int runtime_only)
{
    size_t wrule = 4, wloc = 8;
    char loc[PATH_MAX + 32];
    for (size_t i = 0; i < n; i++) {
        row_location(&rows[i], lg_output_display_path(rows[i].path), loc, sizeof loc);
        if (strlen(loc) > wloc)
            wloc = strlen(loc);
        if (strlen(rows[i].rule) > wrule)
            wrule = strlen(rows[i].rule);
    }
    fprintf(out, "%-9s  %-*s  %-*s  %s\n", "CONFIRMED", (int)wrule, "RULE", (int)wloc, "LOCATION",
            "EVIDENCE");
    size_t confirmed = 0;
    for (size_t i = 0; i < n; i++) {
        const lg_db_finding_row *r = &rows[i];
        char summary[256];
        lg_db_summary(r, summary, sizeof summary);
        const char *ev = summary;
        if (strncmp(ev, "confirmed: ", 11) == 0)
            ev += 11;
        row_location(r, lg_output_display_path(r->path), loc, sizeof loc);
        fprintf(out, "%-9s  %-*s  %-*s  %s\n", r->confirmed ? "yes" : "no", (int)wrule, r->rule,
                (int)wloc, loc, *ev ? ev : "-");
        confirmed += r->confirmed != 0;
    }
    if (runtime_only)
        fprintf(out, "%zu leak%s seen only at run time\n", n, n == 1 ? "" : "s");
    else
        fprintf(out, "%zu finding%s, %zu confirmed at run time\n", n, n == 1 ? "" : "s", confirmed);
}

static void rows_clang(FILE *out, const lg_db_finding_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const lg_db_finding_row *r = &rows[i];
        char summary[256];
        lg_db_summary(r, summary, sizeof summary);
        clang_where(out, r->path, (unsigned)r->line, (unsigned)r->column);
        fprintf(out, "warning: %s [%s]\n", r->message, r->rule);
        if (summary[0]) {
            clang_where(out, r->path, (unsigned)r->line, (unsigned)r->column);
            fprintf(out, "note: %s\n", summary);
        }
    }
}

int lg_output_rows(FILE *out, lg_format fmt, const lg_db_finding_row *rows, size_t n,
                   int runtime_only)
{
    if (fmt == LG_FMT_TABLE) {
        rows_table(out, rows, n, runtime_only);
        return 0;
    }
    if (fmt == LG_FMT_CLANG) {
        rows_clang(out, rows, n);
        return 0;
    }
    json_t *arr = json_array();
    if (arr == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, fmt == LG_FMT_JSON ? lg_output_row_json(&rows[i]) : row_sarif(&rows[i]));
    return dump_json(out, fmt == LG_FMT_JSON ? arr : lg_sarif_log(arr, LINGER_VERSION_STRING));
}

/* ---- evidence rows (linger evidence) */

struct lg_evidence_out {
    json_t *arr;        /* json: the rows */
    FILE *table;        /* table: the lines, printed once all are read */
    char *text;         /* table's memory stream */
    size_t len;
};

lg_evidence_out *lg_output_evidence_new(lg_format fmt)
{
    assert(fmt == LG_FMT_JSON || fmt == LG_FMT_TABLE);
    lg_evidence_out *o = calloc(1, sizeof *o);
    if (o == NULL)
        return NULL;
    if (fmt == LG_FMT_JSON)
        o->arr = json_array();
    else
        o->table = open_memstream(&o->text, &o->len);
    if (o->arr == NULL && o->table == NULL) {
        free(o);
        return NULL;
    }
    return o;
}

int lg_output_evidence_row(const lg_db_evidence_row *r, void *arg)
{
    lg_evidence_out *out = arg;
    if (out->arr != NULL) {
        json_t *o = json_pack("{s:I, s:s, s:s?, s:s?, s:i, s:s?, s:I, s:I, s:I, s:I, s:I, s:I}",
            "run", (json_int_t)r->run, "kind", r->kind, "site_path", r->site_path,
            "site_abs", r->site_abs, "site_line", r->site_line, "type", r->type,
            "count", (json_int_t)r->count, "bytes", (json_int_t)r->bytes,
            "inserts", (json_int_t)r->inserts, "removals", (json_int_t)r->removals,
            "evictions", (json_int_t)r->evictions, "peak_len", (json_int_t)r->peak_len);
        if (o != NULL && r->capture_index >= 0)
            json_object_set_new(o, "capture", json_integer(r->capture_index));
        json_array_append_new(out->arr, o);
        return 0;
    }
    char site[PATH_MAX + 16], bytes[32], detail[160] = "";
    snprintf(site, sizeof site, "%s:%d", lg_output_display_path(r->site_abs ? r->site_abs : r->site_path),
             r->site_line);
    lg_db_bytes(r->bytes, bytes, sizeof bytes);
    if (r->kind != NULL && strcmp(r->kind, "growth") == 0)
        snprintf(detail, sizeof detail, "%lld inserts, %lld removals, %lld evictions, peak %lld",
                 (long long)r->inserts, (long long)r->removals, (long long)r->evictions,
                 (long long)r->peak_len);
    else if (r->capture_index >= 0)
        snprintf(detail, sizeof detail, "capture %d", r->capture_index);
    fprintf(out->table, "%-5lld  %-14s  %-40s  %-10s  %8lld  %10s  %s\n", (long long)r->run,
            r->kind ? r->kind : "-", site, r->type ? r->type : "-", (long long)r->count, bytes, detail);
    return 0;
}

void lg_output_evidence_end(lg_evidence_out *o, FILE *f)
{
    if (o->table != NULL)
        fclose(o->table);
    if (f != NULL && o->arr != NULL) {
        dump_json(f, o->arr);
        o->arr = NULL;
    } else if (f != NULL) {
        fprintf(f, "%-5s  %-14s  %-40s  %-10s  %8s  %10s  %s\n", "RUN", "KIND", "SITE", "TYPE",
                "COUNT", "BYTES", "DETAIL");
        fwrite(o->text, 1, o->len, f);
    }
    json_decref(o->arr);
    free(o->text);
    free(o);
}
