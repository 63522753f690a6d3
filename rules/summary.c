/*
 * summary.c — see summary.h.  Written and read with jansson; every field is
 * checked on the way in (type, range, and the indices it holds), so that a
 * corrupted or hostile summary is an error message, never a crash in a rule.
 */
#include "summary.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUPPRESS_LINE_MAX 512    /* bytes of a suppression comment's line kept */
#define MAX_LINE 10000000u       /* lines beyond this are not a source file's */

static const char *const place_kinds[] = { "none", "local", "param", "field", "global", "static",
                                           "return" };
static const char *const origins[] = { "unknown", "fresh", "weakref", "param", "outside", "null" };

/* ---- writing */

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
               : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
    if (len == 0 || len > n || (len == 2 && s[0] < 0xc2))
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xc0) != 0x80)
            return 0;
    return len;
}

/* A JSON string of s's n bytes; bytes that are not UTF-8 (a source file in
 * Latin-1) become '?', so that the summary stays valid JSON. */
static json_t *jstrn(const char *s, size_t n)
{
    json_t *j = json_stringn(s, n);
    if (j != NULL)
        return j;
    char *t = malloc(n + 1);
    if (t == NULL)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq((const unsigned char *)s + i, n - i);
        if (k == 0 || (k == 1 && s[i] == 0)) {
            t[i++] = '?';
            continue;
        }
        memcpy(t + i, s + i, k);
        i += k;
    }
    j = json_stringn(t, n);
    free(t);
    return j;
}

static json_t *str_or_null(const char *s)
{
    return s ? jstrn(s, strlen(s)) : json_null();
}

static json_t *place_json(const lgf_place *p)
{
    if (p->kind == LGF_PLACE_NONE)
        return json_null();
    json_t *o = json_pack("{s:s, s:o}", "kind", place_kinds[p->kind], "key", str_or_null(p->key));
    if (o != NULL && (p->kind == LGF_PLACE_PARAM || p->kind == LGF_PLACE_LOCAL)) {
        json_object_set_new(o, "func", json_integer(p->func));
        json_object_set_new(o, "param", json_integer(p->param));
    }
    if (o != NULL && p->owner_fresh)
        json_object_set_new(o, "owner_fresh", json_true());
    return o;
}

static json_t *value_json(const lgf_value *v)
{
    return json_pack("{s:o, s:s, s:I, s:b}", "text", str_or_null(v->text), "origin",
                     origins[v->origin], "size", (json_int_t)v->size, "static_root",
                     v->static_root != 0);
}

static json_t *strings_json(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < n; i++)
        json_array_append_new(a, str_or_null(v[i]));
    return a;
}

static json_t *function_json(const lgf_function *fn)
{
    char used[24];
    snprintf(used, sizeof used, "%llx", fn->used_params);
    return json_pack("{s:o, s:i, s:i, s:i, s:b, s:s, s:o, s:o}", "name", str_or_null(fn->name),
                     "line", (int)fn->line, "column", (int)fn->column, "nparams", fn->nparams,
                     "self_escapes", fn->self_escapes != 0, "used_params", used, "params",
                     fn->param_names ? strings_json(fn->param_names, (size_t)fn->nparams)
                                     : json_null(),
                     "returns", place_json(&fn->returns));
}

/* The operation as the reader finds it again: the model's function, which of
 * its operations, and whether it is matched as written. */
static json_t *op_json(const lgm_op *op)
{
    if (op == NULL)
        return json_null();
    if (op == &lgf_reset_op)
        return json_string("reset");
    int index = 0;
    if (op->model != NULL) {
        for (size_t i = 0; i < op->model->nfunctions; i++) {
            const lgm_function *f = &op->model->functions[i];
            if (op >= f->ops && op < f->ops + f->nops)
                index = (int)(op - f->ops);
        }
    }
    return json_pack("{s:s, s:i, s:b}", "function", op->function, "index", index, "written",
                     op->match_written != 0);
}

static json_t *call_json(const lgf_call *c)
{
    json_t *o = json_pack("{s:s, s:o, s:o, s:i, s:i, s:i, s:o, s:o, s:o}", "role",
                          lgm_role_name(c->role), "op", op_json(c->op), "callee",
                          str_or_null(c->callee), "func", c->func, "line", (int)c->line, "column",
                          (int)c->column, "text", str_or_null(c->text), "container",
                          place_json(&c->container), "item", value_json(&c->item));
    if (o == NULL)
        return NULL;
    const struct { const char *name; int v; } flags[] = {
        { "weak_only", c->weak_only }, { "self_listener", c->self_listener },
        { "target_made", c->target_made }, { "listener_kept", c->listener_kept },
        { "table_key", c->table_key }, { "reset", c->reset }, { "in_macro", c->in_macro },
        { "owner_listener", c->owner_listener },
    };
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (flags[i].v)
            json_object_set_new(o, flags[i].name, json_true());
    if (c->fn != NULL)
        json_object_set_new(o, "fn", json_string(c->fn));
    if (c->ncaptures > 0) {
        json_t *caps = json_array();
        for (size_t i = 0; i < c->ncaptures; i++)
            json_array_append_new(caps, value_json(&c->captures[i]));
        json_object_set_new(o, "captures", caps);
    }
    json_object_set_new(o, "index", json_integer(c->index));
    if (c->invoked.kind != LGF_PLACE_NONE)
        json_object_set_new(o, "invoked", place_json(&c->invoked));
    if (c->fn_from.kind != LGF_PLACE_NONE)
        json_object_set_new(o, "fn_from", place_json(&c->fn_from));
    if (c->nruns > 0)
        json_object_set_new(o, "runs", strings_json(c->runs, c->nruns));
    return o;
}

static json_t *callsite_json(const lgf_callsite *cs)
{
    json_t *args = json_array();
    for (size_t i = 0; args != NULL && i < cs->nargs; i++)
        json_array_append_new(args, place_json(&cs->args[i]));
    json_t *o = json_pack("{s:o, s:i, s:i, s:o}", "callee", str_or_null(cs->callee), "func",
                          cs->func, "line", (int)cs->line, "args", args);
    if (o != NULL && cs->fns != NULL) {            /* (absent: no argument names a function) */
        json_t *fns = json_array();
        for (size_t i = 0; fns != NULL && i < cs->nargs; i++)
            json_array_append_new(fns, str_or_null(cs->fns[i]));
        json_object_set_new(o, "fns", fns);
    }
    if (o != NULL && cs->nulls != 0) {             /* (absent: no argument is NULL) */
        char hex[24];
        snprintf(hex, sizeof hex, "%llx", cs->nulls);
        json_object_set_new(o, "nulls", json_string(hex));
    }
    return o;
}

/* Appends [line, text] for each line of src that carries a suppression comment. */
static void suppressions_from_source(json_t *a, const char *src, size_t len)
{
    unsigned line = 1;
    for (size_t s = 0; s < len; line++) {
        const char *nl = memchr(src + s, '\n', len - s);
        size_t e = nl ? (size_t)(nl - src) : len;
        const char *hit = NULL;
        for (size_t i = s; i + 13 <= e && hit == NULL; i++)
            if (memcmp(src + i, "linger-ignore", 13) == 0)
                hit = src + i;
        if (hit != NULL) {
            size_t n = e - s < SUPPRESS_LINE_MAX ? e - s : SUPPRESS_LINE_MAX;
            json_array_append_new(a, json_pack("[i, o]", (int)line, jstrn(src + s, n)));
        }
        s = e + 1;
    }
}

char *lgf_summary_write(const lgf_facts *f, const char *src, size_t len)
{
    json_t *fns = json_array(), *calls = json_array(), *sites = json_array(),
           *tables = json_array(), *supp = json_array();
    for (size_t i = 0; fns && i < f->nfunctions; i++)
        json_array_append_new(fns, function_json(&f->functions[i]));
    for (size_t i = 0; calls && i < f->ncalls; i++)
        json_array_append_new(calls, call_json(&f->calls[i]));
    for (size_t i = 0; sites && i < f->ncallsites; i++)
        json_array_append_new(sites, callsite_json(&f->callsites[i]));
    for (size_t i = 0; tables && i < f->ntablerefs; i++)
        json_array_append_new(tables, json_pack("{s:o, s:o}", "table",
                                                str_or_null(f->tablerefs[i].table), "fn",
                                                str_or_null(f->tablerefs[i].fn)));
    if (supp != NULL && src != NULL)
        suppressions_from_source(supp, src, len);
    for (size_t i = 0; supp && src == NULL && i < f->nsuppress; i++)
        json_array_append_new(supp, json_pack("[i, o]", (int)f->suppress_lines[i],
                                              str_or_null(f->suppress_texts[i])));
    json_t *root = json_pack("{s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o}", "format", "linger-summary",
                             "version", LGF_SUMMARY_VERSION, "path", str_or_null(f->path),
                             "functions", fns, "calls", calls, "callsites", sites, "tablerefs",
                             tables, "suppress", supp);
    json_t *sets = f->nfieldsets > 0 ? json_array() : NULL;  /* (absent: none) */
    for (size_t i = 0; sets && i < f->nfieldsets; i++)
        json_array_append_new(sets, json_pack("{s:o, s:i, s:i, s:b, s:i}", "field",
                                              str_or_null(f->fieldsets[i].field), "func",
                                              f->fieldsets[i].func, "line",
                                              (int)f->fieldsets[i].line, "made",
                                              f->fieldsets[i].made, "param",
                                              f->fieldsets[i].param));
    if (root != NULL && sets != NULL)
        json_object_set_new(root, "fieldsets", sets);
    else
        json_decref(sets);
    if (root != NULL && f->header)          /* (absent: a translation unit) */
        json_object_set_new(root, "header", json_true());
    char *text = root ? json_dumps(root, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(root);
    return text;
}

/* ---- reading */

typedef struct {
    lgf_facts *f;          /* being filled */
    const lgm_set *models; /* where operations are found again */
    char *err;             /* the one error */
    size_t errsz;
    int failed;            /* an error was written */
} reader;

static int bad(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int bad(reader *r, const char *fmt, ...)
{
    if (!r->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(r->err, r->errsz, fmt, ap);
        va_end(ap);
        r->failed = 1;
    }
    return -1;
}

/* An optional string member (absent or null: NULL) copied into the arena. */
static int get_str(reader *r, json_t *o, const char *key, const char *where, const char **out)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return bad(r, "%s.%s: expected a string", where, key);
    *out = lgf_strndup(r->f, json_string_value(v), json_string_length(v));
    return *out ? 0 : bad(r, "out of memory");
}

/* An integer member in [lo, hi]; absent: dflt. */
static int get_int(reader *r, json_t *o, const char *key, const char *where, long long lo,
                   long long hi, long long dflt, long long *out)
{
    json_t *v = json_object_get(o, key);
    *out = dflt;
    if (v == NULL)
        return 0;
    if (!json_is_integer(v))
        return bad(r, "%s.%s: expected an integer", where, key);
    long long x = json_integer_value(v);
    if (x < lo || x > hi)
        return bad(r, "%s.%s: %lld is out of range [%lld, %lld]", where, key, x, lo, hi);
    *out = x;
    return 0;
}

static int get_bool(reader *r, json_t *o, const char *key, const char *where, int *out)
{
    json_t *v = json_object_get(o, key);
    *out = 0;
    if (v == NULL)
        return 0;
    if (!json_is_boolean(v))
        return bad(r, "%s.%s: expected true or false", where, key);
    *out = json_is_true(v);
    return 0;
}

static int name_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s != NULL && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

/* The array member key in *out (absent: NULL, which jansson reads as empty). */
static int get_array(reader *r, json_t *o, const char *key, const char *where, json_t **out)
{
    json_t *v = json_object_get(o, key);
    *out = v;
    if (v != NULL && !json_is_array(v))
        return bad(r, "%s.%s: expected an array", where, key);
    return 0;
}

/* An optional bit set written as hexadecimal digits ("1f"); 0 when absent. */
static int get_hex(reader *r, json_t *o, const char *key, const char *where,
                   unsigned long long *out)
{
    const char *s = NULL;
    *out = 0;
    if (get_str(r, o, key, where, &s) < 0)
        return -1;
    if (s == NULL)
        return 0;
    char *end = NULL;
    *out = strtoull(s, &end, 16);
    if (*s == 0 || *end != 0)
        return bad(r, "%s.%s: expected hexadecimal digits", where, key);
    return 0;
}

/* A place; func/param indices are checked once every function is read. */
static int read_place(reader *r, json_t *v, const char *where, lgf_place *p)
{
    memset(p, 0, sizeof *p);
    p->func = -1;
    if (v == NULL || json_is_null(v))
        return 0;
    if (!json_is_object(v))
        return bad(r, "%s: expected a place (an object or null)", where);
    json_t *k = json_object_get(v, "kind");
    int kind = json_is_string(k) ? name_index(place_kinds, 7, json_string_value(k)) : -1;
    if (kind < 0)
        return bad(r, "%s.kind: expected one of none, local, param, field, global, static, return",
                   where);
    long long func, param;
    if (get_str(r, v, "key", where, &p->key) < 0 || get_int(r, v, "func", where, -1, 1 << 24, -1, &func) < 0
        || get_int(r, v, "param", where, 0, 1 << 16, 0, &param) < 0
        || get_bool(r, v, "owner_fresh", where, &p->owner_fresh) < 0)
        return -1;
    p->kind = (lgf_place_kind)kind;
    p->func = (int)func;
    p->param = (int)param;
    if (p->kind != LGF_PLACE_NONE && p->key == NULL)
        return bad(r, "%s.key: a place needs a key", where);
    return 0;
}

/* func is -1 or a function of the unit; a parameter place names one of its
 * parameters, a local place its function. */
static int check_place(reader *r, const lgf_place *p, const char *where)
{
    if (p->kind != LGF_PLACE_PARAM && p->kind != LGF_PLACE_LOCAL)
        return 0;
    if (p->func < 0 || (size_t)p->func >= r->f->nfunctions)
        return bad(r, "%s.func: %d names no function of the unit", where, p->func);
    if (p->kind == LGF_PLACE_PARAM && p->param >= r->f->functions[p->func].nparams)
        return bad(r, "%s.param: %d is not a parameter of '%s'", where, p->param,
                   r->f->functions[p->func].name);
    return 0;
}

static int read_value(reader *r, json_t *v, const char *where, lgf_value *out)
{
    memset(out, 0, sizeof *out);
    out->size = -1;
    if (!json_is_object(v))
        return bad(r, "%s: expected a value (an object)", where);
    json_t *o = json_object_get(v, "origin");
    int origin = o == NULL ? 0 : json_is_string(o) ? name_index(origins, 6, json_string_value(o)) : -1;
    if (origin < 0)
        return bad(r, "%s.origin: expected one of unknown, fresh, weakref, param, outside, null",
                   where);
    out->origin = (lgf_origin)origin;
    return get_str(r, v, "text", where, &out->text) < 0
        || get_int(r, v, "size", where, -1, (long long)1 << 62, -1, &out->size) < 0
        || get_bool(r, v, "static_root", where, &out->static_root) < 0 ? -1 : 0;
}

/* An array of strings into *out (NULL when empty); nulls too when nulls. */
static int read_strings_or(reader *r, json_t *a, const char *where, int nulls, const char ***out,
                           size_t *n)
{
    *out = NULL;
    *n = json_array_size(a);
    if (*n == 0)
        return 0;
    const char **v = lgf_alloc(r->f, *n * sizeof *v);
    if (v == NULL)
        return bad(r, "out of memory");
    for (size_t i = 0; i < *n; i++) {
        json_t *s = json_array_get(a, i);
        if (nulls && json_is_null(s))
            continue;                   /* (the arena's memory is zeroed) */
        if (!json_is_string(s))
            return bad(r, "%s[%zu]: expected a string%s", where, i, nulls ? " or null" : "");
        v[i] = lgf_strndup(r->f, json_string_value(s), json_string_length(s));
        if (v[i] == NULL)
            return bad(r, "out of memory");
    }
    *out = v;
    return 0;
}

static int read_strings(reader *r, json_t *a, const char *where, const char ***out, size_t *n)
{
    return read_strings_or(r, a, where, 0, out, n);
}

/* Names record i of part in where ("calls[3]"); -1 unless it is an object. */
static int record(reader *r, json_t *o, const char *part, size_t i, char *where, size_t size)
{
    snprintf(where, size, "%s[%zu]", part, i);
    return json_is_object(o) ? 0 : bad(r, "%s: expected an object", where);
}

static int read_function(reader *r, json_t *o, size_t i)
{
    char where[48];
    if (record(r, o, "functions", i, where, sizeof where) < 0)
        return -1;
    lgf_function *fn = lgf_add_function(r->f);
    if (fn == NULL)
        return bad(r, "out of memory");
    long long line, col, np;
    if (get_str(r, o, "name", where, &fn->name) < 0
        || get_int(r, o, "line", where, 0, MAX_LINE, 0, &line) < 0
        || get_int(r, o, "column", where, 0, MAX_LINE, 0, &col) < 0
        || get_int(r, o, "nparams", where, 0, 4096, 0, &np) < 0
        || get_bool(r, o, "self_escapes", where, &fn->self_escapes) < 0
        || get_hex(r, o, "used_params", where, &fn->used_params) < 0)
        return -1;
    if (fn->name == NULL)
        return bad(r, "%s.name: a function needs a name", where);
    fn->line = (unsigned)line;
    fn->column = (unsigned)col;
    fn->nparams = (int)np;
    json_t *params = json_object_get(o, "params");
    if (params != NULL && !json_is_null(params)) {
        size_t n;
        if (!json_is_array(params))
            return bad(r, "%s.params: expected an array", where);
        if (read_strings(r, params, where, &fn->param_names, &n) < 0)
            return -1;
        if (n != (size_t)fn->nparams)
            return bad(r, "%s.params: %zu names for %d parameters", where, n, fn->nparams);
        if (n == 0)
            fn->param_names = lgf_alloc(r->f, sizeof *fn->param_names);
    }
    return read_place(r, json_object_get(o, "returns"), where, &fn->returns);
}

/* The model's operation named by the summary, or NULL when the models no
 * longer describe it (the call is then left out). */
static const lgm_op *find_op(reader *r, json_t *op, lgm_role role, const char *callee,
                             const char *where, int *failed)
{
    *failed = 0;
    if (json_is_string(op) && strcmp(json_string_value(op), "reset") == 0 && role == LGM_CLEAR)
        return &lgf_reset_op;
    if (!json_is_object(op)) {
        *failed = 1;
        bad(r, "%s.op: expected an operation (an object, or \"reset\" for a clear)", where);
        return NULL;
    }
    json_t *fn = json_object_get(op, "function");
    long long index;
    int written;
    if (!json_is_string(fn) || get_int(r, op, "index", where, 0, 1 << 16, 0, &index) < 0
        || get_bool(r, op, "written", where, &written) < 0) {
        *failed = 1;
        bad(r, "%s.op.function: expected a string", where);
        return NULL;
    }
    const char *name = json_string_value(fn);
    if (r->models == NULL)
        return NULL;
    const lgm_function *f = strcmp(name, "(constructor)") == 0
                                ? (callee ? lgm_set_called(r->models, callee) : NULL)
                            : written ? lgm_set_written(r->models, name)
                                      : lgm_set_called(r->models, name);
    if (f == NULL)
        return NULL;
    if ((size_t)index < f->nops && f->ops[index].role == role)
        return &f->ops[index];
    return lgm_function_op(f, role);
}

static int read_call(reader *r, json_t *o, size_t i)
{
    char where[48];
    if (record(r, o, "calls", i, where, sizeof where) < 0)
        return -1;
    json_t *rn = json_object_get(o, "role");
    int role = -1;
    for (int k = 0; json_is_string(rn) && k < LGM_ROLE_COUNT; k++)
        if (strcmp(lgm_role_name((lgm_role)k), json_string_value(rn)) == 0)
            role = k;
    if (role < 0)
        return bad(r, "%s.role: expected a model role (insert, register, ...)", where);
    const char *callee;
    if (get_str(r, o, "callee", where, &callee) < 0)
        return -1;
    if (callee == NULL)
        return bad(r, "%s.callee: a call needs its callee's name", where);
    int failed;
    const lgm_op *op = find_op(r, json_object_get(o, "op"), (lgm_role)role, callee, where, &failed);
    if (failed)
        return -1;
    lgf_call c;
    memset(&c, 0, sizeof c);
    c.role = (lgm_role)role;
    c.op = op;
    c.callee = callee;
    long long func, line, col, index;
    json_t *caps, *runs;
    if (get_int(r, o, "func", where, -1, 1 << 24, -1, &func) < 0
        || get_int(r, o, "line", where, 0, MAX_LINE, 0, &line) < 0
        || get_int(r, o, "column", where, 0, MAX_LINE, 0, &col) < 0
        || get_str(r, o, "text", where, &c.text) < 0
        || read_place(r, json_object_get(o, "container"), where, &c.container) < 0
        || read_value(r, json_object_get(o, "item"), where, &c.item) < 0
        || get_bool(r, o, "weak_only", where, &c.weak_only) < 0
        || get_bool(r, o, "self_listener", where, &c.self_listener) < 0
        || get_bool(r, o, "target_made", where, &c.target_made) < 0
        || get_bool(r, o, "listener_kept", where, &c.listener_kept) < 0
        || get_bool(r, o, "table_key", where, &c.table_key) < 0
        || get_bool(r, o, "reset", where, &c.reset) < 0
        || get_bool(r, o, "in_macro", where, &c.in_macro) < 0
        || get_bool(r, o, "owner_listener", where, &c.owner_listener) < 0
        || get_str(r, o, "fn", where, &c.fn) < 0
        || get_int(r, o, "index", where, -1, (long long)1 << 40, -1, &index) < 0
        || read_place(r, json_object_get(o, "invoked"), where, &c.invoked) < 0
        || read_place(r, json_object_get(o, "fn_from"), where, &c.fn_from) < 0
        || get_array(r, o, "captures", where, &caps) < 0
        || get_array(r, o, "runs", where, &runs) < 0
        || read_strings(r, runs, where, &c.runs, &c.nruns) < 0)
        return -1;
    if (func >= (long long)r->f->nfunctions)
        return bad(r, "%s.func: %lld names no function of the unit", where, func);
    if (check_place(r, &c.container, where) < 0 || check_place(r, &c.invoked, where) < 0
        || check_place(r, &c.fn_from, where) < 0)
        return -1;
    c.func = (int)func;
    c.line = (unsigned)line;
    c.column = (unsigned)col;
    c.index = index;
    c.ncaptures = json_array_size(caps);
    if (c.ncaptures > 0 && (c.captures = lgf_alloc(r->f, c.ncaptures * sizeof *c.captures)) == NULL)
        return bad(r, "out of memory");
    for (size_t k = 0; k < c.ncaptures; k++)
        if (read_value(r, json_array_get(caps, k), where, &c.captures[k]) < 0)
            return -1;
    if (op == NULL)
        return 0;                     /* the models no longer describe it */
    lgf_call *slot = lgf_add_call(r->f);
    if (slot == NULL)
        return bad(r, "out of memory");
    *slot = c;
    return 0;
}

static int read_callsite(reader *r, json_t *o, size_t i)
{
    char where[48];
    if (record(r, o, "callsites", i, where, sizeof where) < 0)
        return -1;
    lgf_callsite cs;
    memset(&cs, 0, sizeof cs);
    long long func, line;
    json_t *args, *fns;
    size_t nfns;
    if (get_str(r, o, "callee", where, &cs.callee) < 0
        || get_int(r, o, "func", where, -1, (long long)r->f->nfunctions - 1, -1, &func) < 0
        || get_int(r, o, "line", where, 0, MAX_LINE, 0, &line) < 0
        || get_array(r, o, "args", where, &args) < 0
        || get_array(r, o, "fns", where, &fns) < 0
        || read_strings_or(r, fns, where, 1, &cs.fns, &nfns) < 0)
        return -1;
    if (fns != NULL && nfns != json_array_size(args))
        return bad(r, "%s.fns: %zu names for %zu arguments", where, nfns, json_array_size(args));
    if (get_hex(r, o, "nulls", where, &cs.nulls) < 0)
        return -1;
    if (cs.callee == NULL)
        return bad(r, "%s.callee: a call site needs a callee", where);
    cs.func = (int)func;
    cs.line = (unsigned)line;
    cs.nargs = json_array_size(args);
    if (cs.nargs > 0 && (cs.args = lgf_alloc(r->f, cs.nargs * sizeof *cs.args)) == NULL)
        return bad(r, "out of memory");
    for (size_t k = 0; k < cs.nargs; k++)
        if (read_place(r, json_array_get(args, k), where, &cs.args[k]) < 0
            || check_place(r, &cs.args[k], where) < 0)
            return -1;
    lgf_callsite *slot = lgf_add_callsite(r->f);
    if (slot == NULL)
        return bad(r, "out of memory");
    *slot = cs;
    return 0;
}

static int read_tableref(reader *r, json_t *o, size_t i)
{
    char where[48];
    if (record(r, o, "tablerefs", i, where, sizeof where) < 0)
        return -1;
    const char *table, *fn;
    if (get_str(r, o, "table", where, &table) < 0 || get_str(r, o, "fn", where, &fn) < 0)
        return -1;
    if (table == NULL || fn == NULL)
        return bad(r, "%s: needs a table and a fn", where);
    lgf_tableref *t = lgf_add_tableref(r->f);
    if (t == NULL)
        return bad(r, "out of memory");
    t->table = table;
    t->fn = fn;
    return 0;
}

static int read_fieldset(reader *r, json_t *o, size_t i)
{
    char where[48];
    if (record(r, o, "fieldsets", i, where, sizeof where) < 0)
        return -1;
    const char *field;
    long long func, line, param;
    int made;
    if (get_str(r, o, "field", where, &field) < 0
        || get_int(r, o, "func", where, -1, 1 << 24, -1, &func) < 0
        || get_int(r, o, "line", where, 0, MAX_LINE, 0, &line) < 0
        || get_int(r, o, "param", where, -1, 1 << 16, -1, &param) < 0
        || get_bool(r, o, "made", where, &made) < 0)
        return -1;
    if (field == NULL)
        return bad(r, "%s: needs a field", where);
    if (func >= (long long)r->f->nfunctions)
        return bad(r, "%s.func: %lld names no function of the unit", where, func);
    if (param >= 0 && (func < 0 || param >= r->f->functions[func].nparams))
        return bad(r, "%s.param: %lld is not a parameter of the function", where, param);
    lgf_fieldset *s = lgf_add_fieldset(r->f);
    if (s == NULL)
        return bad(r, "out of memory");
    s->field = field;
    s->func = (int)func;
    s->line = (unsigned)line;
    s->made = made;
    s->param = (int)param;
    return 0;
}

static int read_suppress(reader *r, json_t *a)
{
    size_t n = json_array_size(a);
    if (n == 0)
        return 0;
    r->f->suppress_lines = lgf_alloc(r->f, n * sizeof *r->f->suppress_lines);
    r->f->suppress_texts = lgf_alloc(r->f, n * sizeof *r->f->suppress_texts);
    if (r->f->suppress_lines == NULL || r->f->suppress_texts == NULL)
        return bad(r, "out of memory");
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(a, i), *l = json_array_get(e, 0), *t = json_array_get(e, 1);
        if (!json_is_array(e) || json_array_size(e) != 2 || !json_is_integer(l)
            || !json_is_string(t) || json_integer_value(l) < 1
            || json_integer_value(l) > (json_int_t)MAX_LINE)
            return bad(r, "suppress[%zu]: expected [line, text]", i);
        r->f->suppress_lines[i] = (unsigned)json_integer_value(l);
        r->f->suppress_texts[i] = lgf_strndup(r->f, json_string_value(t),
                                              json_string_length(t) < SUPPRESS_LINE_MAX
                                                  ? json_string_length(t) : SUPPRESS_LINE_MAX);
        if (r->f->suppress_texts[i] == NULL)
            return bad(r, "out of memory");
    }
    r->f->nsuppress = n;
    return 0;
}

/* The header: the format's name and a version this linger reads. */
static int read_header(reader *r, json_t *root)
{
    if (!json_is_object(root))
        return bad(r, "not a linger summary (expected a JSON object)");
    json_t *format = json_object_get(root, "format"), *version = json_object_get(root, "version");
    if (!json_is_string(format) || strcmp(json_string_value(format), "linger-summary") != 0)
        return bad(r, "not a linger summary (no \"format\": \"linger-summary\")");
    if (!json_is_integer(version) || json_integer_value(version) < 1)
        return bad(r, "the summary has no valid version");
    if (json_integer_value(version) > LGF_SUMMARY_VERSION)
        return bad(r, "the summary has format version %lld, newer than this linger reads (%d): "
                   "upgrade linger, or re-analyse the file", (long long)json_integer_value(version),
                   LGF_SUMMARY_VERSION);
    return 0;
}

static int read_all(reader *r, json_t *root)
{
    const char *path;
    if (read_header(r, root) < 0 || get_str(r, root, "path", "summary", &path) < 0)
        return -1;
    r->f->path = path;
    json_t *header = json_object_get(root, "header");
    if (header != NULL && !json_is_boolean(header))
        return bad(r, "summary: \"header\" is not true or false");
    r->f->header = json_is_true(header);
    json_t *a;
    const char *parts[] = { "functions", "calls", "callsites", "tablerefs", "fieldsets" };
    int (*readers[])(reader *, json_t *, size_t) = { read_function, read_call, read_callsite,
                                                     read_tableref, read_fieldset };
    for (size_t p = 0; p < sizeof parts / sizeof *parts; p++) {       /* functions first: the others name them */
        if (get_array(r, root, parts[p], "summary", &a) < 0)
            return -1;
        for (size_t i = 0; i < json_array_size(a); i++)
            if (readers[p](r, json_array_get(a, i), i) < 0)
                return -1;
    }
    for (size_t i = 0; i < r->f->nfunctions; i++) {
        char where[48];
        snprintf(where, sizeof where, "functions[%zu].returns", i);
        if (check_place(r, &r->f->functions[i].returns, where) < 0)
            return -1;
    }
    if (get_array(r, root, "suppress", "summary", &a) < 0)
        return -1;
    return read_suppress(r, a);
}

int lgf_summary_read(const char *text, size_t len, const lgm_set *models, lgf_facts *out,
                     char *err, size_t errsz)
{
    lgf_init(out, NULL);
    reader r = { out, models, err, errsz, 0 };
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        return bad(&r, "not a linger summary: %s at line %d, column %d", je.text, je.line,
                   je.column);
    int rc = read_all(&r, root);
    json_decref(root);
    return rc;
}

/* ---- using a summary */

char *lgf_summary_suppressions(const lgf_facts *f, size_t *len)
{
    *len = 0;
    if (f->nsuppress == 0)
        return NULL;
    unsigned last = 0;
    size_t n = 1;
    for (size_t i = 0; i < f->nsuppress; i++) {
        if (f->suppress_lines[i] > last)
            last = f->suppress_lines[i];
        n += strlen(f->suppress_texts[i]) + 1;
    }
    n += last;
    char *s = malloc(n);
    if (s == NULL)
        return NULL;
    size_t w = 0;
    for (unsigned line = 1; line <= last; line++) {
        for (size_t i = 0; i < f->nsuppress; i++) {
            if (f->suppress_lines[i] == line) {
                size_t t = strlen(f->suppress_texts[i]);
                memcpy(s + w, f->suppress_texts[i], t);
                w += t;
                break;
            }
        }
        s[w++] = '\n';
    }
    s[w] = 0;
    *len = w;
    return s;
}

void lgf_summary_keys(const lgf_facts *f, void (*fn)(const char *key, int function, void *arg),
                      void *arg)
{
    for (size_t i = 0; i < f->nfunctions; i++) {
        fn(f->functions[i].name, 1, arg);
        if (lgf_place_long_lived(&f->functions[i].returns))
            fn(f->functions[i].returns.key, 0, arg);
    }
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (lgf_place_long_lived(&c->container))
            fn(c->container.key, 0, arg);
        else if (c->container.kind == LGF_PLACE_RETURN)
            fn(c->container.key, 1, arg);          /* a getter: the function's name */
        if (lgf_place_long_lived(&c->invoked))
            fn(c->invoked.key, 0, arg);
        else if (c->invoked.kind == LGF_PLACE_RETURN)
            fn(c->invoked.key, 1, arg);
        if (c->fn != NULL)
            fn(c->fn, 1, arg);
        for (size_t k = 0; k < c->nruns; k++) {
            fn(c->runs[k], 1, arg);
            fn(c->runs[k], 0, arg);                /* or a table's place */
        }
    }
    for (size_t i = 0; i < f->ncallsites; i++) {
        fn(f->callsites[i].callee, 1, arg);
        for (size_t k = 0; f->callsites[i].fns && k < f->callsites[i].nargs; k++)
            if (f->callsites[i].fns[k] != NULL)
                fn(f->callsites[i].fns[k], 1, arg);
        for (size_t k = 0; k < f->callsites[i].nargs; k++)
            if (lgf_place_long_lived(&f->callsites[i].args[k]))
                fn(f->callsites[i].args[k].key, 0, arg);
    }
    for (size_t i = 0; i < f->ntablerefs; i++) {
        fn(f->tablerefs[i].table, 0, arg);
        fn(f->tablerefs[i].fn, 1, arg);
    }
    for (size_t i = 0; i < f->nfieldsets; i++)
        fn(f->fieldsets[i].field, 0, arg);
}
