/*
 * model.c — reading API model files (model.h) with libyaml's document API,
 * checking every key against its role, and looking functions up.  A file is
 * loaded whole or not at all: the first problem found stops the load and is
 * reported as "PATH:LINE:COL: what"; nothing of a bad file is ever used.
 * Lookups go through one open-addressing table per set, built as models are
 * added, so a call costs one hash of its callee's name.
 */
#include <assert.h>
#include <fnmatch.h>
#include "model.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static const char *const role_names[LGM_ROLE_COUNT] = {
    "new", "retain", "weak-ref", "deref", "register", "register-weak", "unregister",
    "insert", "remove", "clear", "get", "invoke", "closure", "capture-read", "cast",
    "startup", "release",
};

static const char *const kind_names[] = {
    "", "list", "map", "set", "emitter", "bounded", "weak", "object", "buffer",
};

const char *lgm_role_name(lgm_role r)
{
    return r < LGM_ROLE_COUNT ? role_names[r] : "?";
}

/* ---- parsing state */

typedef struct {
    const char *path;      /* names the file in errors */
    yaml_document_t *doc;  /* the parsed document */
    char *err;             /* where the one error goes */
    size_t errsz;
    int failed;            /* an error was written */
} ctx;

static int fail(ctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
    if (c->failed)
        return -1;
    c->failed = 1;
    size_t line = n ? n->start_mark.line + 1 : 1, col = n ? n->start_mark.column + 1 : 1;
    int k = snprintf(c->err, c->errsz, "%s:%zu:%zu: ", c->path, line, col);
    if (k < 0 || (size_t)k >= c->errsz)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err + k, c->errsz - (size_t)k, fmt, ap);
    va_end(ap);
    return -1;
}

static yaml_node_t *node(ctx *c, int id)
{
    return yaml_document_get_node(c->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

/* A decimal integer scalar, or -1 with an error. */
static int int_of(ctx *c, const yaml_node_t *n, const char *key, long *out)
{
    const char *s = scalar(n);
    if (s == NULL || *s == 0)
        return fail(c, n, "'%s' must be an integer", key);
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != 0 || errno != 0)
        return fail(c, n, "'%s' must be an integer, not '%s'", key, s);
    *out = v;
    return 0;
}

/* An argument index: 0..LGM_MAX_ARG-1, or `return` where allowed. */
static int arg_of(ctx *c, const yaml_node_t *n, const char *key, int allow_return, int *out)
{
    const char *s = scalar(n);
    if (s != NULL && strcmp(s, "return") == 0) {
        if (!allow_return)
            return fail(c, n, "'%s' cannot be 'return': it names an argument", key);
        *out = LGM_RETURN;
        return 0;
    }
    long v;
    if (s == NULL)
        return fail(c, n, "'%s' must be an argument index", key);
    if (int_of(c, n, key, &v) < 0)
        return -1;
    if (v < 0 || v >= LGM_MAX_ARG)
        return fail(c, n, "argument index %ld of '%s' is out of range (0 to %d)", v, key,
                    LGM_MAX_ARG - 1);
    *out = (int)v;
    return 0;
}

/* A list of argument indices (a single index is a list of one). */
static int arg_list(ctx *c, const yaml_node_t *n, const char *key, int *out, int *count)
{
    *count = 0;
    if (n->type == YAML_SCALAR_NODE) {
        *count = 1;
        return arg_of(c, n, key, 0, &out[0]);
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(c, n, "'%s' must be an argument index or a list of them", key);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        if (*count == LGM_MAX_LIST)
            return fail(c, n, "'%s' lists more than %d arguments", key, LGM_MAX_LIST);
        if (arg_of(c, node(c, *it), key, 0, &out[(*count)++]) < 0)
            return -1;
    }
    if (*count == 0)
        return fail(c, n, "'%s' is an empty list", key);
    return 0;
}

static int bool_of(ctx *c, const yaml_node_t *n, const char *key, int *out)
{
    const char *s = scalar(n);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes"))) {
        *out = 1;
        return 0;
    }
    if (s && (!strcmp(s, "false") || !strcmp(s, "no"))) {
        *out = 0;
        return 0;
    }
    return fail(c, n, "'%s' must be true or false", key);
}

static int kind_of(ctx *c, const yaml_node_t *n, const char *key, lgm_kind *out)
{
    const char *s = scalar(n);
    for (size_t i = 1; s && i < sizeof kind_names / sizeof *kind_names; i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (lgm_kind)i;
            return 0;
        }
    return fail(c, n, "'%s' must be one of list, map, set, emitter, bounded, weak, object, "
                "buffer%s%s%s", key, s ? ", not '" : "", s ? s : "", s ? "'" : "");
}

/* ---- one operation */

/* Which keys each role takes (besides role and match); 'R' marks required. */
typedef struct {
    const char *key;       /* the key */
    unsigned roles;        /* bit r: role r takes it */
    unsigned required;     /* bit r: role r needs it */
} key_rule;

#define B(r) (1u << (r))
static const key_rule key_rules[] = {
    { "kind", B(LGM_NEW), B(LGM_NEW) },
    { "size", B(LGM_NEW), 0 },
    { "bound", B(LGM_NEW), 0 },
    { "of", B(LGM_RETAIN) | B(LGM_WEAK_REF) | B(LGM_DEREF) | B(LGM_CAST) | B(LGM_RELEASE),
      B(LGM_RETAIN) | B(LGM_WEAK_REF) | B(LGM_DEREF) | B(LGM_CAST) | B(LGM_RELEASE) },
    { "target", B(LGM_REGISTER) | B(LGM_REGISTER_WEAK) | B(LGM_UNREGISTER),
      B(LGM_REGISTER) | B(LGM_REGISTER_WEAK) | B(LGM_UNREGISTER) },
    { "listener", B(LGM_REGISTER) | B(LGM_REGISTER_WEAK) | B(LGM_UNREGISTER),
      B(LGM_REGISTER) | B(LGM_REGISTER_WEAK) },
    { "handle", B(LGM_REGISTER) | B(LGM_REGISTER_WEAK) | B(LGM_UNREGISTER), 0 },
    { "tied", B(LGM_REGISTER_WEAK), 0 },
    { "all", B(LGM_UNREGISTER), 0 },
    { "weak", B(LGM_REGISTER), 0 },
    { "container", B(LGM_INSERT) | B(LGM_REMOVE) | B(LGM_CLEAR) | B(LGM_GET),
      B(LGM_INSERT) | B(LGM_REMOVE) | B(LGM_CLEAR) | B(LGM_GET) },
    { "stored", B(LGM_INSERT), B(LGM_INSERT) },
    { "returns", B(LGM_INSERT), 0 },
    { "into", B(LGM_INSERT), 0 },
    { "callable", B(LGM_INVOKE), B(LGM_INVOKE) },
    { "function", B(LGM_CLOSURE), B(LGM_CLOSURE) },
    { "captures", B(LGM_CLOSURE), B(LGM_CLOSURE) },
    { "count", B(LGM_CLOSURE), 0 },
    { "destroy", B(LGM_CLOSURE), 0 },
    { "data-param", B(LGM_CLOSURE), 0 },
    { "self", B(LGM_CAPTURE_READ), B(LGM_CAPTURE_READ) },
    { "index", B(LGM_CAPTURE_READ), B(LGM_CAPTURE_READ) },
    { "run", B(LGM_STARTUP), B(LGM_STARTUP) },
};

static const key_rule *key_rule_of(const char *key)
{
    for (size_t i = 0; i < sizeof key_rules / sizeof *key_rules; i++)
        if (strcmp(key_rules[i].key, key) == 0)
            return &key_rules[i];
    return NULL;
}

static void op_init(lgm_op *op)
{
    memset(op, 0, sizeof *op);
    op->size = op->bound = op->of = op->target = op->handle = op->tied = LGM_NONE;
    op->container = op->callable = op->fn = op->captures_from = LGM_NONE;
    op->count = op->destroy = op->data_param = op->self = op->index = LGM_NONE;
    op->listener[0] = op->listener[1] = LGM_NONE;
}

static int listener_of(ctx *c, const yaml_node_t *v, lgm_op *op)
{
    if (v->type == YAML_SEQUENCE_NODE) {
        int n = 0, a[LGM_MAX_LIST];
        if (arg_list(c, v, "listener", a, &n) < 0)
            return -1;
        if (n != 2)
            return fail(c, v, "'listener' is an argument or a list [handler, data] of two");
        op->listener[0] = a[0];
        op->listener[1] = a[1];
        op->nlistener = 2;
        return 0;
    }
    op->nlistener = 1;
    return arg_of(c, v, "listener", 0, &op->listener[0]);
}

static int captures_of(ctx *c, const yaml_node_t *v, lgm_op *op)
{
    if (v->type != YAML_MAPPING_NODE)
        return arg_list(c, v, "captures", op->captures, &op->ncaptures);
    yaml_node_pair_t *p = v->data.mapping.pairs.start;
    const char *k = p < v->data.mapping.pairs.top ? scalar(node(c, p->key)) : NULL;
    if (k == NULL || strcmp(k, "from") != 0 || p + 1 != v->data.mapping.pairs.top)
        return fail(c, v, "'captures' as a mapping is {from: N}: the variadic captures after "
                    "argument N");
    return arg_of(c, node(c, p->value), "from", 0, &op->captures_from);
}

/* Sets the value of one key (already allowed for op's role). */
static int op_key(ctx *c, lgm_op *op, const char *k, const yaml_node_t *v)
{
    if (!strcmp(k, "kind"))
        return kind_of(c, v, k, &op->kind);
    if (!strcmp(k, "into")) {
        if (kind_of(c, v, k, &op->kind) < 0)
            return -1;
        if (op->kind != LGM_KIND_BOUNDED && op->kind != LGM_KIND_WEAK)
            return fail(c, v, "'into' is bounded or weak");
        return 0;
    }
    if (!strcmp(k, "size")) return arg_of(c, v, k, 0, &op->size);
    if (!strcmp(k, "bound")) return arg_of(c, v, k, 0, &op->bound);
    if (!strcmp(k, "of")) return arg_of(c, v, k, 0, &op->of);
    if (!strcmp(k, "target")) return arg_of(c, v, k, 0, &op->target);
    if (!strcmp(k, "listener")) return listener_of(c, v, op);
    if (!strcmp(k, "handle")) {
        if (arg_of(c, v, k, op->role != LGM_UNREGISTER, &op->handle) < 0)
            return -1;
        if (op->role != LGM_UNREGISTER && op->handle != LGM_RETURN)
            return fail(c, v, "a registration's 'handle' is 'return'");
        return 0;
    }
    if (!strcmp(k, "tied")) return arg_of(c, v, k, 0, &op->tied);
    if (!strcmp(k, "all")) return bool_of(c, v, k, &op->all);
    if (!strcmp(k, "container")) return arg_of(c, v, k, 0, &op->container);
    if (!strcmp(k, "stored")) return arg_list(c, v, k, op->stored, &op->nstored);
    if (!strcmp(k, "run")) return arg_list(c, v, k, op->run, &op->nrun);
    if (!strcmp(k, "returns")) {
        const char *s = scalar(v);
        if (s == NULL || strcmp(s, "container") != 0)
            return fail(c, v, "'returns' can only be 'container'");
        op->returns_container = 1;
        return 0;
    }
    if (!strcmp(k, "callable")) return arg_of(c, v, k, 0, &op->callable);
    if (!strcmp(k, "function")) return arg_of(c, v, k, 0, &op->fn);
    if (!strcmp(k, "captures")) return captures_of(c, v, op);
    if (!strcmp(k, "count")) return arg_of(c, v, k, 0, &op->count);
    if (!strcmp(k, "destroy")) return arg_of(c, v, k, 0, &op->destroy);
    if (!strcmp(k, "data-param")) {
        const char *s = scalar(v);
        if (s != NULL && (isdigit((unsigned char)s[0])))
            return arg_of(c, v, k, 0, &op->data_param);
        if (s == NULL || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
            return fail(c, v, "'data-param' is a parameter's index or name");
        op->data_param_name = s;    /* the document's; copied by the caller */
        return 0;
    }
    if (!strcmp(k, "self")) return arg_of(c, v, k, 0, &op->self);
    if (!strcmp(k, "index")) return arg_of(c, v, k, 0, &op->index);
    if (!strcmp(k, "weak")) {
        const char *s = scalar(v);
        if (s == NULL || *s == 0)
            return fail(c, v, "'weak' names the weak twin function");
        op->weak = s;               /* copied by the caller */
        return 0;
    }
    return fail(c, v, "unknown key '%s'", k);
}

static int role_of(ctx *c, const yaml_node_t *v, lgm_role *out)
{
    const char *s = scalar(v);
    for (int r = 0; s && r < LGM_ROLE_COUNT; r++)
        if (strcmp(s, role_names[r]) == 0) {
            *out = (lgm_role)r;
            return 0;
        }
    return fail(c, v, "unknown role '%s' (one of new, retain, weak-ref, deref, register, "
                "register-weak, unregister, insert, remove, clear, get, invoke, closure, "
                "capture-read, cast, startup, release)", s ? s : "?");
}

/* Reads one operation (a mapping) of function fname into op. */
static int parse_op(ctx *c, const yaml_node_t *n, const char *fname, lgm_op *op)
{
    op_init(op);
    op->line = (unsigned)n->start_mark.line + 1;
    op->column = (unsigned)n->start_mark.column + 1;
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "function '%s': an operation is a mapping with a 'role'", fname);
    const yaml_node_t *rolev = NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = scalar(node(c, p->key));
        if (k && strcmp(k, "role") == 0)
            rolev = node(c, p->value);
    }
    if (rolev == NULL)
        return fail(c, n, "function '%s' has no 'role'", fname);
    if (role_of(c, rolev, &op->role) < 0)
        return -1;
    unsigned seen = 0;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *kn = node(c, p->key), *v = node(c, p->value);
        const char *k = scalar(kn);
        if (k == NULL)
            return fail(c, kn, "function '%s': keys are plain words", fname);
        if (!strcmp(k, "role"))
            continue;
        if (!strcmp(k, "match")) {
            const char *s = scalar(v);
            if (s == NULL || (strcmp(s, "written") && strcmp(s, "called")))
                return fail(c, v, "'match' is 'written' or 'called'");
            op->match_written = !strcmp(s, "written");
            continue;
        }
        const key_rule *kr = key_rule_of(k);
        if (kr == NULL)
            return fail(c, kn, "function '%s': unknown key '%s'", fname, k);
        if (!(kr->roles & B(op->role)))
            return fail(c, kn, "function '%s': role %s takes no '%s'", fname,
                        role_names[op->role], k);
        unsigned bit = 1u << (kr - key_rules);
        if (seen & bit)
            return fail(c, kn, "function '%s': '%s' given twice", fname, k);
        seen |= bit;
        if (op_key(c, op, k, v) < 0)
            return -1;
    }
    for (size_t i = 0; i < sizeof key_rules / sizeof *key_rules; i++)
        if ((key_rules[i].required & B(op->role)) && !(seen & (1u << i)))
            return fail(c, n, "function '%s': role %s needs '%s'", fname, role_names[op->role],
                        key_rules[i].key);
    if (op->role == LGM_UNREGISTER && op->nlistener == 0 && op->handle == LGM_NONE && !op->all)
        return fail(c, n, "function '%s': role unregister needs one of 'listener', 'handle', "
                    "'all: true'", fname);
    return 0;
}

/* ---- the file */

static int valid_name(const char *s)
{
    if (s == NULL || *s == 0)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

static int valid_ident(const char *s)
{
    if (s == NULL || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

/* Copies the strings op points into the document. */
static int own_op_strings(lgm_op *op)
{
    if (op->weak != NULL && (op->weak = dup(op->weak)) == NULL)
        return -1;
    if (op->data_param_name != NULL && (op->data_param_name = dup(op->data_param_name)) == NULL)
        return -1;
    return 0;
}

static int parse_function(ctx *c, lgm_model *m, const yaml_node_t *kn, const yaml_node_t *v)
{
    const char *name = scalar(kn);
    if (!valid_ident(name))
        return fail(c, kn, "'%s' is not a C function name", name ? name : "?");
    for (size_t i = 0; i < m->nfunctions; i++)
        if (strcmp(m->functions[i].name, name) == 0)
            return fail(c, kn, "duplicate function '%s' (first at line %u)", name,
                        m->functions[i].ops[0].line);
    size_t nops = v->type == YAML_SEQUENCE_NODE
                      ? (size_t)(v->data.sequence.items.top - v->data.sequence.items.start) : 1;
    if (nops == 0)
        return fail(c, v, "function '%s' has an empty list of operations", name);
    lgm_function *f = &m->functions[m->nfunctions];
    f->name = dup(name);
    f->ops = calloc(nops, sizeof *f->ops);
    if (f->name == NULL || f->ops == NULL) {
        free((char *)f->name);
        free(f->ops);
        return fail(c, kn, "out of memory");
    }
    m->nfunctions++;
    for (size_t i = 0; i < nops; i++) {
        const yaml_node_t *on = v->type == YAML_SEQUENCE_NODE
                                    ? node(c, v->data.sequence.items.start[i]) : v;
        lgm_op *op = &f->ops[i];
        if (parse_op(c, on, name, op) < 0)
            return -1;
        f->nops++;
        op->function = f->name;
        op->model = m;
        if (own_op_strings(op) < 0)
            return fail(c, on, "out of memory");
        if (i > 0 && op->match_written != f->ops[0].match_written)
            return fail(c, on, "function '%s': every operation matches the same way", name);
    }
    return 0;
}

static int parse_functions(ctx *c, lgm_model *m, const yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "'functions' maps function names to operations");
    size_t count = (size_t)(n->data.mapping.pairs.top - n->data.mapping.pairs.start);
    m->functions = calloc(count ? count : 1, sizeof *m->functions);
    if (m->functions == NULL)
        return fail(c, n, "out of memory");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++)
        if (parse_function(c, m, node(c, p->key), node(c, p->value)) < 0)
            return -1;
    return 0;
}

static int parse_objects(ctx *c, lgm_model *m, const yaml_node_t *n)
{
    if (n->type == YAML_SCALAR_NODE) {
        m->objects = calloc(1, sizeof *m->objects);
        if (m->objects == NULL || !valid_ident(scalar(n)))
            return fail(c, n, "'objects' lists struct or typedef names");
        m->objects[m->nobjects++] = dup(scalar(n));
        return 0;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(c, n, "'objects' lists struct or typedef names");
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    m->objects = calloc(count ? count : 1, sizeof *m->objects);
    if (m->objects == NULL)
        return fail(c, n, "out of memory");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const yaml_node_t *e = node(c, *it);
        const char *s = scalar(e);
        if (s != NULL && strncmp(s, "struct ", 7) == 0)
            s += 7;
        if (!valid_ident(s))
            return fail(c, e, "'%s' is not a struct or typedef name", s ? s : "?");
        if ((m->objects[m->nobjects++] = dup(s)) == NULL)
            return fail(c, e, "out of memory");
    }
    return 0;
}

/* KEY: [glob, ...] — a list of function name patterns, into *out. */
static int parse_globs(ctx *c, const yaml_node_t *n, const char *key, char ***out, size_t *nout)
{
    if (n->type != YAML_SEQUENCE_NODE)
        return fail(c, n, "'%s' lists name patterns (\"*_new\", \"*_get_instance_private\")",
                    key);
    size_t count = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    *out = calloc(count ? count : 1, sizeof **out);
    if (*out == NULL)
        return fail(c, n, "out of memory");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
        const yaml_node_t *e = node(c, *it);
        const char *s = scalar(e);
        if (s == NULL || *s == 0 || strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789_*?") != strlen(s))
            return fail(c, e, "'%s' is not a name pattern (letters, digits, '_', '*', '?')",
                        s ? s : "?");
        if (((*out)[(*nout)++] = dup(s)) == NULL)
            return fail(c, e, "out of memory");
    }
    return 0;
}

/* constructors: [glob, ...] — names of functions that make a new object. */
static int parse_constructors(ctx *c, lgm_model *m, const yaml_node_t *n)
{
    if (parse_globs(c, n, "constructors", &m->constructors, &m->nconstructors) < 0)
        return -1;
    m->constructor_op = (lgm_op){ .role = LGM_NEW, .function = "(constructor)", .model = m,
                                  .kind = LGM_KIND_OBJECT };
    m->constructor_fn = (lgm_function){ "(constructor)", &m->constructor_op, 1 };
    return 0;
}

static int parse_root(ctx *c, lgm_model *m, const yaml_node_t *root)
{
    if (root == NULL)
        return fail(c, NULL, "empty model file (it needs 'model', 'version' and 'functions')");
    if (root->type != YAML_MAPPING_NODE)
        return fail(c, root, "a model file is a mapping with 'model', 'version' and 'functions'");
    const yaml_node_t *name = NULL, *version = NULL, *objects = NULL, *functions = NULL;
    const yaml_node_t *constructors = NULL, *parts = NULL;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        const yaml_node_t *kn = node(c, p->key), *v = node(c, p->value);
        const char *k = scalar(kn);
        const yaml_node_t **slot = NULL;
        if (k == NULL)
            return fail(c, kn, "keys are plain words");
        if (!strcmp(k, "model")) slot = &name;
        else if (!strcmp(k, "version")) slot = &version;
        else if (!strcmp(k, "objects")) slot = &objects;
        else if (!strcmp(k, "functions")) slot = &functions;
        else if (!strcmp(k, "constructors")) slot = &constructors;
        else if (!strcmp(k, "parts")) slot = &parts;
        else if (!strcmp(k, "description") || !strncmp(k, "x-", 2)) continue;
        else return fail(c, kn, "unknown key '%s' (model, version, objects, constructors, "
                         "parts, functions)", k);
        if (*slot != NULL)
            return fail(c, kn, "'%s' given twice", k);
        *slot = v;
    }
    if (version == NULL)
        return fail(c, root, "missing key 'version'");
    long ver;
    if (int_of(c, version, "version", &ver) < 0)
        return -1;
    if (ver > LGM_VERSION)
        return fail(c, version, "model format version %ld is newer than this linger reads "
                    "(version %d): upgrade linger", ver, LGM_VERSION);
    if (ver < 1)
        return fail(c, version, "model format version %ld does not exist (versions start at 1)",
                    ver);
    m->version = (int)ver;
    if (name == NULL)
        return fail(c, root, "missing key 'model'");
    if (!valid_name(scalar(name)))
        return fail(c, name, "a model's name is made of a-z, 0-9 and '-'");
    if ((m->name = dup(scalar(name))) == NULL)
        return fail(c, name, "out of memory");
    if (functions == NULL)
        return fail(c, root, "missing key 'functions'");
    if (objects != NULL && parse_objects(c, m, objects) < 0)
        return -1;
    if (constructors != NULL && parse_constructors(c, m, constructors) < 0)
        return -1;
    if (parts != NULL && parse_globs(c, parts, "parts", &m->parts, &m->nparts) < 0)
        return -1;
    return parse_functions(c, m, functions);
}

static const char *parser_problem(const yaml_parser_t *p)
{
    switch (p->error) {
    case YAML_MEMORY_ERROR: return "out of memory";
    case YAML_READER_ERROR: return "not valid UTF-8 text";
    default: return p->problem ? p->problem : "not valid YAML";
    }
}

lgm_model *lgm_parse(const char *path, const char *text, size_t len, char *err, size_t errsz)
{
    ctx c = { path, NULL, err, errsz, 0 };
    lgm_model *m = calloc(1, sizeof *m);
    if (m == NULL || (m->path = dup(path)) == NULL) {
        free(m);
        snprintf(err, errsz, "%s: out of memory", path);
        return NULL;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        lgm_model_free(m);
        snprintf(err, errsz, "%s: out of memory", path);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        const yaml_mark_t *mk = parser.problem_mark.line || parser.problem_mark.column
                                    ? &parser.problem_mark : &parser.context_mark;
        snprintf(err, errsz, "%s:%zu:%zu: bad YAML: %s%s%s", path, mk->line + 1, mk->column + 1,
                 parser_problem(&parser), parser.context ? " " : "",
                 parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        lgm_model_free(m);
        return NULL;
    }
    c.doc = &doc;
    int rc = parse_root(&c, m, yaml_document_get_root_node(&doc));
    /* one model per file: a second document is an error */
    yaml_document_t more;
    if (rc == 0 && yaml_parser_load(&parser, &more)) {
        if (yaml_document_get_root_node(&more) != NULL)
            rc = fail(&c, yaml_document_get_root_node(&more), "one model per file: a second "
                      "document follows");
        yaml_document_delete(&more);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    if (rc < 0) {
        lgm_model_free(m);
        return NULL;
    }
    return m;
}

lgm_model *lgm_load_file(const char *path, char *err, size_t errsz)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        snprintf(err, errsz, "%s: cannot read model file: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            if (cap >= (size_t)16 << 20) {        /* 16 MiB: not a model */
                fclose(f);
                free(buf);
                snprintf(err, errsz, "%s: a model file is not that big (over 16 MiB)", path);
                return NULL;
            }
            char *nb = realloc(buf, cap *= 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
            } else {
                buf = nb;
            }
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (buf == NULL || bad) {
        free(buf);
        snprintf(err, errsz, "%s: cannot read model file%s", path, bad ? "" : ": out of memory");
        return NULL;
    }
    if (memchr(buf, 0, n) != NULL) {
        free(buf);
        snprintf(err, errsz, "%s:1:1: not a model file (it holds NUL bytes)", path);
        return NULL;
    }
    lgm_model *m = lgm_parse(path, buf, n, err, errsz);
    free(buf);
    return m;
}

void lgm_model_free(lgm_model *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->nfunctions; i++) {
        for (size_t j = 0; j < m->functions[i].nops; j++) {
            free((char *)m->functions[i].ops[j].weak);
            free((char *)m->functions[i].ops[j].data_param_name);
        }
        free(m->functions[i].ops);
        free((char *)m->functions[i].name);
    }
    free(m->functions);
    for (size_t i = 0; i < m->nobjects; i++)
        free(m->objects[i]);
    free(m->objects);
    for (size_t i = 0; i < m->nconstructors; i++)
        free(m->constructors[i]);
    free(m->constructors);
    for (size_t i = 0; i < m->nparts; i++)
        free(m->parts[i]);
    free(m->parts);
    free(m->name);
    free(m->path);
    free(m);
}

/* ---- sets */

typedef struct {
    const char *name;            /* the key (owned by a model), NULL when empty */
    const lgm_function *fn;      /* the function */
} slot;

struct lgm_set {
    lgm_model **models;          /* owned */
    size_t n, cap;
    slot *table;                 /* open addressing, a power of two */
    size_t tcap, tused;
    size_t nwritten;             /* functions matched as written */
};

static uint64_t hash(const char *s, int written)
{
    uint64_t h = 1469598103934665603ull ^ (uint64_t)written;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* The slot for name (written or called), empty when absent. */
static slot *find_slot(const lgm_set *s, const char *name, int written)
{
    if (s->tcap == 0)
        return NULL;
    for (size_t i = hash(name, written) & (s->tcap - 1);; i = (i + 1) & (s->tcap - 1)) {
        slot *e = &s->table[i];
        if (e->name == NULL)
            return e;
        if (e->fn->ops[0].match_written == written && strcmp(e->name, name) == 0)
            return e;
    }
}

static int grow_table(lgm_set *s)
{
    size_t ncap = s->tcap ? s->tcap * 2 : 64;
    slot *old = s->table;
    size_t ocap = s->tcap;
    s->table = calloc(ncap, sizeof *s->table);
    if (s->table == NULL) {
        s->table = old;
        return -1;
    }
    s->tcap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].name != NULL)
            *find_slot(s, old[i].name, old[i].fn->ops[0].match_written) = old[i];
    free(old);
    return 0;
}

lgm_set *lgm_set_new(void)
{
    return calloc(1, sizeof(lgm_set));
}

void lgm_set_free(lgm_set *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        lgm_model_free(s->models[i]);
    free(s->models);
    free(s->table);
    free(s);
}

int lgm_set_add(lgm_set *s, lgm_model *m, char *err, size_t errsz)
{
    assert(s != NULL && m != NULL && err != NULL);
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->models[i]->name, m->name) == 0) {
            lgm_model_free(m);           /* asked for twice: once is enough */
            return 0;
        }
    for (size_t i = 0; i < m->nfunctions; i++) {
        const lgm_function *f = &m->functions[i];
        slot *e = find_slot(s, f->name, f->ops[0].match_written);
        if (e != NULL && e->name != NULL) {
            snprintf(err, errsz, "%s:%u:%u: function '%s' is already described by model '%s' "
                     "(%s:%u)", m->path, f->ops[0].line, f->ops[0].column, f->name,
                     e->fn->ops[0].model->name, e->fn->ops[0].model->path, e->fn->ops[0].line);
            lgm_model_free(m);
            return -1;
        }
    }
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 4;
        lgm_model **v = realloc(s->models, nc * sizeof *v);
        if (v == NULL)
            goto oom;
        s->models = v;
        s->cap = nc;
    }
    for (size_t i = 0; i < m->nfunctions; i++) {
        const lgm_function *f = &m->functions[i];
        if ((s->tused + 1) * 2 > s->tcap && grow_table(s) < 0)
            goto oom;
        slot *e = find_slot(s, f->name, f->ops[0].match_written);
        e->name = f->name;
        e->fn = f;
        s->tused++;
        s->nwritten += f->ops[0].match_written != 0;
    }
    s->models[s->n++] = m;
    return 0;
oom:
    snprintf(err, errsz, "%s: out of memory", m->path);
    lgm_model_free(m);
    return -1;
}

lgm_model *lgm_load_spec(const char *spec, char *err, size_t errsz)
{
    assert(spec != NULL && err != NULL);
    if (*spec == 0) {
        snprintf(err, errsz, "an empty model name");
        return NULL;
    }
    if (valid_name(spec))                /* [a-z0-9-]+: a shipped model's name */
        return lgm_load_shipped(spec, err, errsz);
    return lgm_load_file(spec, err, errsz);
}

int lgm_set_add_spec(lgm_set *s, const char *spec, char *err, size_t errsz)
{
    assert(s != NULL && spec != NULL && err != NULL);
    lgm_model *m = lgm_load_spec(spec, err, errsz);
    return m ? lgm_set_add(s, m, err, errsz) : -1;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lgm_set_add_dir(lgm_set *s, const char *dir, char *err, size_t errsz)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return errno == ENOENT || errno == ENOTDIR ? 0
               : (snprintf(err, errsz, "%s: cannot read the models folder: %s", dir,
                           strerror(errno)), -1);
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len < 6 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".yaml") != 0)
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 8;
            char **v = realloc(names, nc * sizeof *v);
            if (v == NULL) {
                rc = -1;
                break;
            }
            names = v;
            cap = nc;
        }
        if ((names[n] = malloc(strlen(dir) + len + 2)) == NULL) {
            rc = -1;
            break;
        }
        sprintf(names[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (rc < 0)
        snprintf(err, errsz, "%s: out of memory", dir);
    if (n > 1)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) {
            lgm_model *m = lgm_load_file(names[i], err, errsz);
            rc = m ? lgm_set_add(s, m, err, errsz) : -1;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Adds the models of the first .linger/models found from dir upward. */
static int add_project(lgm_set *s, const char *dir, char *err, size_t errsz)
{
    size_t n = strlen(dir) + 32;
    char *d = malloc(n);
    if (d == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    snprintf(d, n, "%s", dir);
    int rc = 0;
    for (;;) {
        size_t len = strlen(d);
        snprintf(d + len, n - len, "/.linger/models");
        DIR *probe = opendir(d);
        if (probe != NULL) {
            closedir(probe);
            rc = lgm_set_add_dir(s, d, err, errsz);
            break;
        }
        d[len] = 0;
        char *slash = strrchr(d, '/');
        if (slash == NULL || slash == d)
            break;
        *slash = 0;
    }
    free(d);
    return rc;
}

lgm_set *lgm_set_standard(int no_default, const char *const *specs, size_t nspecs,
                          const char *project_dir, char *err, size_t errsz)
{
    lgm_set *s = lgm_set_new();
    if (s == NULL) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    if (!no_default && lgm_set_add_spec(s, "linger", err, errsz) < 0)
        goto fail;
    for (size_t i = 0; i < nspecs; i++)
        if (lgm_set_add_spec(s, specs[i], err, errsz) < 0)
            goto fail;
    const char *env = getenv("LINGER_MODELS");
    if (env != NULL && *env != 0) {
        char *copy = dup(env);
        if (copy == NULL)
            goto fail;
        int rc = 0;
        for (char *save = NULL, *t = strtok_r(copy, ":", &save); t && rc == 0;
             t = strtok_r(NULL, ":", &save))
            rc = lgm_set_add_spec(s, t, err, errsz);
        free(copy);
        if (rc < 0)
            goto fail;
    }
    if (project_dir != NULL && *project_dir != 0 && add_project(s, project_dir, err, errsz) < 0)
        goto fail;
    return s;
fail:
    lgm_set_free(s);
    return NULL;
}

size_t lgm_set_count(const lgm_set *s)
{
    return s->n;
}

const lgm_function *lgm_set_called(const lgm_set *s, const char *name)
{
    assert(s != NULL);
    const slot *e = name && *name ? find_slot(s, name, 0) : NULL;
    if (e && e->name)
        return e->fn;
    for (size_t i = 0; name && *name && i < s->n; i++)      /* a constructor by its name */
        for (size_t j = 0; j < s->models[i]->nconstructors; j++)
            if (fnmatch(s->models[i]->constructors[j], name, 0) == 0)
                return &s->models[i]->constructor_fn;
    return NULL;
}

int lgm_set_is_part(const lgm_set *s, const char *name)
{
    assert(s != NULL);
    for (size_t i = 0; name && *name && i < s->n; i++)
        for (size_t j = 0; j < s->models[i]->nparts; j++)
            if (fnmatch(s->models[i]->parts[j], name, 0) == 0)
                return 1;
    return 0;
}

const lgm_function *lgm_set_written(const lgm_set *s, const char *name)
{
    assert(s != NULL);
    const slot *e = name && *name ? find_slot(s, name, 1) : NULL;
    return e && e->name ? e->fn : NULL;
}

int lgm_set_has_written(const lgm_set *s)
{
    return s->nwritten > 0;
}

const lgm_op *lgm_function_op(const lgm_function *f, lgm_role r)
{
    for (size_t i = 0; f && i < f->nops; i++)
        if (f->ops[i].role == r)
            return &f->ops[i];
    return NULL;
}

int lgm_set_is_object(const lgm_set *s, const char *type)
{
    if (type == NULL)
        return 0;
    const char *bare = strncmp(type, "struct ", 7) == 0 ? type + 7 : type;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->models[i]->nobjects; j++)
            if (strcmp(s->models[i]->objects[j], bare) == 0
                || strcmp(s->models[i]->objects[j], type) == 0)
                return 1;
    return 0;
}
