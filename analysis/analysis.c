/*
 * analysis.c — the analysis core (analysis.h).  Locals of the function being walked
 * are tracked in a small table: where their value comes from, which
 * long-lived place they alias, which container's item they hold; at the
 * end of each function, calls that named a local container are re-pointed
 * at the place the local turned out to alias.  What a call does comes only
 * from the model set: a call no model describes is a call site (what lets a
 * parameter be traced back to its callers' arguments).
 *
 * Invariant: every fact is built from adapter answers and model entries
 * alone, so two front ends that answer alike produce identical facts.
 */
#include <assert.h>
#include "analysis.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    lga_node decl;        /* the variable */
    lgf_origin origin;    /* where its value comes from */
    lgf_place alias;      /* the long-lived place it stands for, kind NONE if none */
    lgf_place invoked;    /* the container whose item it holds (a `get`), kind NONE if none */
    lga_node stored_in;   /* the last place expression it was stored into (`o->f = local`) */
    lga_node part_of;     /* the variable whose part it holds (`priv = x_get_instance_private(o)`:
                             o), or none */
    long long size;       /* bytes when it holds a sized `new`; -1 */
} local_var;

struct lga_walk {
    const lga_adapter *a;     /* the front end */
    const lgm_set *models;    /* what calls do */
    int written_entries;      /* some model matches names as written */
    lgf_place made[16];       /* fields assigned a new object in this function (its parts) */
    size_t nmade;
    lgf_facts *facts;         /* what we fill */
    const char *src;          /* main file text */
    size_t srclen;
    int func;                 /* current function, -1 outside */
    int fn_in_macro;          /* ... which a macro expanded in the file wrote (its name is
                                 not what is written where it is) */
    lga_node self;            /* its first parameter when an object pointer, else none */
    int has_self;
    lga_node *params;         /* its parameters */
    int nparams;
    local_var *locals;        /* its locals */
    size_t nlocals, caplocals;
    size_t first_call, first_site; /* facts added since it began */
    const char *table;        /* at file scope: the variable whose initializer is being
                                 walked (the functions it names are a table's), or NULL */
};

#define A(w) ((w)->a)
#define CTX(w) ((w)->a->ctx)

int lga_node_none(lga_node n)
{
    return (n.w[0] | n.w[1] | n.w[2] | n.w[3]) == 0;
}

/* ---- small helpers */

static lga_expr kind(lga_walk *w, lga_node e)
{
    return lga_node_none(e) ? LGA_EXPR_OTHER : A(w)->expr_kind(CTX(w), e);
}

/* Strips parentheses, implicit conversions and casts. */
static lga_node unwrap(lga_walk *w, lga_node e)
{
    for (int guard = 0; guard < 32 && kind(w, e) == LGA_EXPR_WRAP; guard++) {
        lga_node inner = A(w)->inner(CTX(w), e);
        if (lga_node_none(inner))
            return e;
        e = inner;
    }
    return e;
}

static int nargs(lga_walk *w, lga_node call)
{
    int n = A(w)->nargs(CTX(w), call);
    return n < 0 ? 0 : n;
}

/* Argument i of call, or none when the model's index is past the call's arguments. */
static lga_node arg(lga_walk *w, lga_node call, int i)
{
    lga_node none = { { 0, 0, 0, 0 } };
    if (i < 0 || i >= nargs(w, call))
        return none;
    return A(w)->arg(CTX(w), call, i);
}

static long long const_int(lga_walk *w, lga_node e)
{
    long long v;
    return !lga_node_none(e) && A(w)->int_value(CTX(w), e, &v) ? v : -1;
}

/* 1 when text holds name as a whole word. */
static int has_word(const char *text, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p != NULL; p = strstr(p + 1, name))
        if ((p == text || !lgf_word_char(p[-1])) && !lgf_word_char(p[n]))
            return 1;
    return 0;
}

/* The source text of an expression (lgf_source_text) — for a name a macro
 * wrote (`x` in the body of `DEFINE_ADDER(add_hook, hooks)`), whose text in
 * the file is the macro's call, the name itself. */
static const char *norm_text(lga_walk *w, lga_node e)
{
    long s = -1, end = -1;
    A(w)->extent(CTX(w), e, &s, &end);
    const char *text = lgf_source_text(w->facts, w->src, w->srclen, s, end);
    lga_node r = e;
    for (int guard = 0; !lga_node_none(r) && A(w)->expr_kind(CTX(w), r) == LGA_EXPR_WRAP
                        && guard < 16; guard++)
        r = A(w)->inner(CTX(w), r);
    if (text == NULL || lga_node_none(r) || A(w)->expr_kind(CTX(w), r) != LGA_EXPR_REF)
        return text;
    const char *name = A(w)->name(CTX(w), A(w)->referenced(CTX(w), r));
    return name != NULL && *name && !has_word(text, name) ? name : text;
}

/* The model's description of what call does, or NULL.  *name gets the callee. */
static const lgm_function *lookup(lga_walk *w, lga_node call, const char **name)
{
    *name = A(w)->callee(CTX(w), call);
    const lgm_function *f = lgm_set_called(w->models, *name);
    if (f != NULL || !w->written_entries)
        return f;
    unsigned line, col;
    long off;
    A(w)->location(CTX(w), call, &line, &col, &off);
    const char *written = off >= 0 ? lgf_source_word(w->facts, w->src, w->srclen, (size_t)off)
                                   : NULL;
    return written ? lgm_set_written(w->models, written) : NULL;
}

/* The first of f's operations that says where a call's result comes from. */
static const lgm_op *result_op(const lgm_function *f)
{
    static const lgm_role order[] = { LGM_CAST, LGM_WEAK_REF, LGM_RETAIN, LGM_DEREF, LGM_NEW, LGM_CLOSURE,
                                      LGM_GET, LGM_INSERT };
    for (size_t i = 0; f && i < sizeof order / sizeof *order; i++) {
        const lgm_op *op = lgm_function_op(f, order[i]);
        if (op != NULL && (order[i] != LGM_INSERT || op->returns_container))
            return op;
    }
    return NULL;
}

/* ---- places and origins */

static int param_index(lga_walk *w, lga_node decl)
{
    for (int i = 0; i < w->nparams; i++)
        if (A(w)->same(CTX(w), w->params[i], decl))
            return i;
    return -1;
}

static local_var *find_local(lga_walk *w, lga_node decl)
{
    for (size_t i = w->nlocals; i-- > 0;)
        if (A(w)->same(CTX(w), w->locals[i].decl, decl))
            return &w->locals[i];
    return NULL;
}

static const char *joined(lga_walk *w, const char *a, const char *sep, const char *b)
{
    size_t n = strlen(a) + strlen(sep) + strlen(b) + 1;
    char *k = lgf_alloc(w->facts, n);
    if (k != NULL)
        snprintf(k, n, "%s%s%s", a, sep, b);
    return k;
}

static const char *scoped_key(lga_walk *w, const char *name)
{
    const char *fn = w->func >= 0 ? w->facts->functions[w->func].name : "";
    const char *k = joined(w, fn, "::", name);
    return k ? k : name;
}

static lgf_place field_place(lga_walk *w, lga_node e, lgf_place p)
{
    lga_node field = A(w)->referenced(CTX(w), e);
    const char *key = joined(w, A(w)->record(CTX(w), field), ".", A(w)->name(CTX(w), field));
    if (key == NULL)
        return p;
    p.kind = LGF_PLACE_FIELD;
    p.key = key;
    lga_node base = unwrap(w, A(w)->inner(CTX(w), e));
    if (kind(w, base) == LGA_EXPR_REF) {
        local_var *lv = find_local(w, A(w)->referenced(CTX(w), base));
        p.owner_fresh = lv != NULL && lv->origin == LGF_ORIGIN_FRESH;
    }
    return p;
}

static lgf_place place_of(lga_walk *w, lga_node e)
{
    lgf_place p = { LGF_PLACE_NONE, NULL, w->func, -1, 0 };
    e = unwrap(w, e);
    lga_expr k = kind(w, e);
    if (k == LGA_EXPR_CALL) {             /* a checked cast (G_OBJECT(x)) is x */
        const char *name;
        const lgm_function *f = lookup(w, e, &name);
        const lgm_op *op = lgm_function_op(f, LGM_CAST);
        if (op != NULL)
            return op->of < nargs(w, e) ? place_of(w, arg(w, e, op->of)) : p;
        if (f == NULL && name != NULL && *name && nargs(w, e) == 0) {
            p.kind = LGF_PLACE_RETURN;    /* a getter's result: what it returns, resolved by */
            p.key = name;                 /* the rules wherever it is defined */
            p.func = -1;
        }
        return p;
    }
    if (k == LGA_EXPR_SUBSCRIPT)
        return place_of(w, A(w)->inner(CTX(w), e));
    if (k == LGA_EXPR_MEMBER)
        return field_place(w, e, p);
    if (k != LGA_EXPR_REF)
        return p;
    lga_node d = A(w)->referenced(CTX(w), e);
    lga_decl dk = A(w)->decl_kind(CTX(w), d);
    const char *name = A(w)->name(CTX(w), d);
    switch (dk) {
    case LGA_DECL_PARAM:
        p.param = param_index(w, d);
        if (p.param >= 0) {
            p.kind = LGF_PLACE_PARAM;
            p.key = scoped_key(w, name);
        }
        return p;
    case LGA_DECL_LOCAL_STATIC:
        p.kind = LGF_PLACE_STATIC;
        p.key = scoped_key(w, name);
        return p;
    case LGA_DECL_LOCAL: {
        local_var *lv = find_local(w, d);
        if (lv != NULL && lv->alias.kind != LGF_PLACE_NONE)
            return lv->alias;
        p.kind = LGF_PLACE_LOCAL;
        p.key = scoped_key(w, name);
        p.param = lv ? (int)(lv - w->locals) : -1;
        return p;
    }
    case LGA_DECL_GLOBAL:
    case LGA_DECL_FILE_STATIC:
        p.kind = dk == LGA_DECL_GLOBAL ? LGF_PLACE_GLOBAL : LGF_PLACE_STATIC;
        p.key = name;
        p.func = -1;
        return p;
    default:
        return p;
    }
}

/* The operation a `match: written` entry gives an expression that is no
 * call — a macro expanding to an item access (PyList_GET_ITEM) — or NULL. */
static const lgm_op *written_op(lga_walk *w, lga_node e)
{
    if (!w->written_entries)
        return NULL;
    unsigned line, col;
    long off;
    A(w)->location(CTX(w), e, &line, &col, &off);
    const char *word = off >= 0 ? lgf_source_word(w->facts, w->src, w->srclen, (size_t)off) : NULL;
    const lgm_op *op = word != NULL ? result_op(lgm_set_written(w->models, word)) : NULL;
    if (op != NULL)
        return op;
    /* inside another macro's argument (Py_XDECREF(f(PyList_GET_ITEM(l, i))))
     * the expansion is located at the outer macro; the start of its extent is
     * where the inner one was written */
    long start = -1, end = -1;
    A(w)->extent(CTX(w), e, &start, &end);
    word = start >= 0 ? lgf_source_word(w->facts, w->src, w->srclen, (size_t)start) : NULL;
    op = word != NULL ? result_op(lgm_set_written(w->models, word)) : NULL;
    return op != NULL && op->role == LGM_GET ? op : NULL;
}

/* The container an item-access expansion reads from: `((T *)(c))->items[i]`
 * and `(c)->items[i]` read c — one subscript, one member, casts and
 * parentheses stripped. */
static lga_node accessed_container(lga_walk *w, lga_node e)
{
    e = unwrap(w, e);
    if (kind(w, e) == LGA_EXPR_SUBSCRIPT)
        e = unwrap(w, A(w)->inner(CTX(w), e));
    if (kind(w, e) == LGA_EXPR_MEMBER)
        e = unwrap(w, A(w)->inner(CTX(w), e));
    return e;
}

/* The container whose item e holds: a `get` of it, through retains and derefs, or a local. */
static lgf_place invoked_of(lga_walk *w, lga_node e)
{
    lgf_place none = { LGF_PLACE_NONE, NULL, -1, -1, 0 };
    e = unwrap(w, e);
    lga_expr k = kind(w, e);
    if (k != LGA_EXPR_CALL && k != LGA_EXPR_REF && k != LGA_EXPR_NULL) {
        const lgm_op *op = written_op(w, e);   /* a get macro that expands to no call */
        if (op != NULL && op->role == LGM_GET)
            return place_of(w, accessed_container(w, e));
    }
    if (k == LGA_EXPR_CALL) {
        const char *name;
        const lgm_op *op = result_op(lookup(w, e, &name));
        if (op == NULL)
            return none;
        if (op->role == LGM_GET && op->container < nargs(w, e))
            return place_of(w, arg(w, e, op->container));
        if ((op->role == LGM_RETAIN || op->role == LGM_DEREF || op->role == LGM_CAST)
            && op->of < nargs(w, e))
            return invoked_of(w, arg(w, e, op->of));
        return none;
    }
    if (k == LGA_EXPR_REF) {
        local_var *lv = find_local(w, A(w)->referenced(CTX(w), e));
        if (lv != NULL)
            return lv->invoked;
    }
    return none;
}

static lgf_origin origin_of(lga_walk *w, lga_node e, long long *size);

static lgf_origin call_origin(lga_walk *w, lga_node e, long long *size)
{
    const char *name;
    const lgm_op *op = result_op(lookup(w, e, &name));
    if (op == NULL)
        return LGF_ORIGIN_OUTSIDE;
    switch (op->role) {
    case LGM_WEAK_REF:
        return LGF_ORIGIN_WEAKREF;
    case LGM_RETAIN:
    case LGM_CAST:
        return op->of < nargs(w, e) ? origin_of(w, arg(w, e, op->of), size) : LGF_ORIGIN_OUTSIDE;
    case LGM_INSERT:    /* returns: container */
        return op->container < nargs(w, e) ? origin_of(w, arg(w, e, op->container), size)
                                           : LGF_ORIGIN_OUTSIDE;
    case LGM_NEW:
        if (size && op->size != LGM_NONE)
            *size = const_int(w, arg(w, e, op->size));
        return LGF_ORIGIN_FRESH;
    case LGM_CLOSURE:
        return LGF_ORIGIN_FRESH;
    default:
        return LGF_ORIGIN_OUTSIDE;
    }
}

static lgf_origin origin_of(lga_walk *w, lga_node e, long long *size)
{
    if (size)
        *size = -1;
    e = unwrap(w, e);
    switch (kind(w, e)) {
    case LGA_EXPR_NULL:
        return LGF_ORIGIN_NULL;
    case LGA_EXPR_CALL:
        return call_origin(w, e, size);
    case LGA_EXPR_MEMBER:
        return LGF_ORIGIN_OUTSIDE;
    case LGA_EXPR_REF: {
        lga_node d = A(w)->referenced(CTX(w), e);
        lga_decl dk = A(w)->decl_kind(CTX(w), d);
        const char *pointee = A(w)->pointee(CTX(w), d, 1);
        if (dk == LGA_DECL_PARAM && pointee != NULL && *pointee == 0)
            return LGF_ORIGIN_NULL;       /* an integer (GINT_TO_POINTER(n)): no object */
        if (dk == LGA_DECL_PARAM)
            return LGF_ORIGIN_PARAM;
        if (dk == LGA_DECL_GLOBAL || dk == LGA_DECL_FILE_STATIC)
            return LGF_ORIGIN_OUTSIDE;
        if (dk != LGA_DECL_LOCAL && dk != LGA_DECL_LOCAL_STATIC)
            return LGF_ORIGIN_UNKNOWN;
        local_var *lv = find_local(w, d);
        if (lv == NULL)
            return LGF_ORIGIN_UNKNOWN;
        if (size)
            *size = lv->size;
        return lv->origin;
    }
    default:
        return LGF_ORIGIN_UNKNOWN;
    }
}

/* 1 when e is a global or static variable, or reached from one through
 * members and subscripts. */
static int static_rooted(lga_walk *w, lga_node e)
{
    for (e = unwrap(w, e); !lga_node_none(e); e = unwrap(w, A(w)->inner(CTX(w), e))) {
        lga_expr k = kind(w, e);
        if (k == LGA_EXPR_REF) {
            lga_decl dk = A(w)->decl_kind(CTX(w), A(w)->referenced(CTX(w), e));
            return dk == LGA_DECL_GLOBAL || dk == LGA_DECL_FILE_STATIC || dk == LGA_DECL_LOCAL_STATIC;
        }
        if (k != LGA_EXPR_MEMBER && k != LGA_EXPR_SUBSCRIPT)
            return 0;
    }
    return 0;
}

static lgf_value value_of(lga_walk *w, lga_node e)
{
    lgf_value v;
    v.text = norm_text(w, unwrap(w, e));
    v.origin = origin_of(w, e, &v.size);
    v.static_root = static_rooted(w, e);
    return v;
}

/* ---- self escapes: parameter 0 used other than as a capture-read's self */

static int is_self(lga_walk *w, lga_node e)
{
    if (!w->has_self)
        return 0;
    e = unwrap(w, e);
    return kind(w, e) == LGA_EXPR_REF && A(w)->same(CTX(w), A(w)->referenced(CTX(w), e), w->self);
}

static void self_escapes(lga_walk *w)
{
    if (w->func >= 0)
        w->facts->functions[w->func].self_escapes = 1;
}

static void note_self_args(lga_walk *w, lga_node call, const lgm_function *f)
{
    if (w->func < 0 || !w->has_self)
        return;
    const lgm_op *read = lgm_function_op(f, LGM_CAPTURE_READ);
    int n = nargs(w, call);
    for (int i = 0; i < n; i++)
        if (!(read != NULL && i == read->self) && is_self(w, A(w)->arg(CTX(w), call, i)))
            self_escapes(w);
}

/* ---- locals */

static local_var *add_local(lga_walk *w, lga_node decl)
{
    if (w->nlocals == w->caplocals) {
        size_t cap = w->caplocals ? w->caplocals * 2 : 16;
        local_var *v = realloc(w->locals, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        w->locals = v;
        w->caplocals = cap;
    }
    local_var *lv = &w->locals[w->nlocals++];
    memset(lv, 0, sizeof *lv);
    lv->decl = decl;
    lv->size = -1;
    return lv;
}

static lgf_call *add_fact(lga_walk *w, lga_node call, const lgm_op *op, const char *written,
                         const char *name);

/* p is assigned the result of e: a `new` of a bounded or weak container is
 * remembered as a fact (role new) on p — such a container never grows
 * without limit. */
static void note_construct(lga_walk *w, lgf_place p, lga_node e)
{
    e = unwrap(w, e);
    if (p.kind == LGF_PLACE_NONE || kind(w, e) != LGA_EXPR_CALL)
        return;
    const char *name;
    const lgm_op *op = lgm_function_op(lookup(w, e, &name), LGM_NEW);
    if (op == NULL || (op->kind != LGM_KIND_BOUNDED && op->kind != LGM_KIND_WEAK))
        return;
    lgf_call *c = add_fact(w, e, op, NULL, name);
    if (c != NULL)
        c->container = p;
}

/* e through checked casts: GTK_WIDGET(o) is o. */
static lga_node through_casts(lga_walk *w, lga_node e)
{
    const char *name;
    e = unwrap(w, e);
    for (int guard = 0; guard < 8 && kind(w, e) == LGA_EXPR_CALL; guard++) {
        const lgm_function *f = lookup(w, e, &name);
        const lgm_op *op = f != NULL ? result_op(f) : NULL;
        if (op == NULL || op->role != LGM_CAST || op->of >= nargs(w, e))
            break;
        e = unwrap(w, arg(w, e, op->of));
    }
    return e;
}

/* 1 when e is a call of a model's `parts` function (through checked casts):
 * `x_get_instance_private(o)`, o's private data. */
static int part_call(lga_walk *w, lga_node e)
{
    const char *name;
    e = through_casts(w, e);
    return kind(w, e) == LGA_EXPR_CALL && lookup(w, e, &name) == NULL
           && lgm_set_is_part(w->models, name) && nargs(w, e) >= 1;
}

/* The variable e is a part of: o for a field of o (`o->a.b`, `o->rows[i]`,
 * `X(o)->priv->entry`) or a `parts` call of o (`x_get_instance_private(o)`,
 * also inside a field's base), through checked casts; none otherwise. */
static lga_node part_owner(lga_walk *w, lga_node e)
{
    lga_node none = { { 0, 0, 0, 0 } };
    e = through_casts(w, e);
    if (kind(w, e) != LGA_EXPR_MEMBER && kind(w, e) != LGA_EXPR_SUBSCRIPT && !part_call(w, e))
        return none;
    for (int guard = 0; guard < 32; guard++) {
        if (kind(w, e) == LGA_EXPR_MEMBER || kind(w, e) == LGA_EXPR_SUBSCRIPT)
            e = through_casts(w, A(w)->inner(CTX(w), e));
        else if (part_call(w, e))
            e = through_casts(w, arg(w, e, 0));
        else
            break;
    }
    return kind(w, e) == LGA_EXPR_REF ? A(w)->referenced(CTX(w), e) : none;
}

/* The local now holds the value of e. */
static void assign_local(lga_walk *w, local_var *lv, lga_node e)
{
    lv->part_of = part_owner(w, e);
    lv->origin = origin_of(w, e, &lv->size);
    lgf_place p = place_of(w, e);
    if (lgf_place_long_lived(&p) || p.kind == LGF_PLACE_PARAM)
        lv->alias = p;
    lgf_place inv = invoked_of(w, e);
    if (inv.kind != LGF_PLACE_NONE)
        lv->invoked = inv;
    if (is_self(w, e))
        self_escapes(w);
}

void lga_var(lga_walk *w, lga_node var, lga_node init)
{
    assert(w != NULL && !lga_node_none(var));
    if (w->func < 0) {          /* a file-scope variable: its initializer's refs follow */
        lga_decl dk = A(w)->decl_kind(CTX(w), var);
        w->table = (dk == LGA_DECL_GLOBAL || dk == LGA_DECL_FILE_STATIC) && !lga_node_none(init)
                   ? A(w)->name(CTX(w), var) : NULL;
        return;
    }
    if (A(w)->decl_kind(CTX(w), var) != LGA_DECL_LOCAL)
        return;
    size_t idx = w->nlocals;
    if (add_local(w, var) == NULL || lga_node_none(init))
        return;
    assign_local(w, &w->locals[idx], init);
    lgf_place self = { LGF_PLACE_LOCAL, scoped_key(w, A(w)->name(CTX(w), var)), w->func,
                       (int)idx, 0 };
    note_construct(w, self, init);
}

/* 1 when e is `find(local, ...)`: a call no model describes that looks
 * something up in an object this function holds in a plain local of its own
 * (`gtk_builder_get_object(builder, "ok")`, the builder it just loaded).
 * What it finds is a part of that object.  A local that stands for a
 * parameter, a global or a getter's object (alias) may hold anyone's
 * long-lived object, and what is found in it is no part of this function's. */
static int found_in_local(lga_walk *w, lga_node e)
{
    const char *name;
    e = through_casts(w, e);                /* a checked cast: GTK_WIDGET(find(...)) */
    if (kind(w, e) != LGA_EXPR_CALL || lookup(w, e, &name) != NULL || nargs(w, e) < 1)
        return 0;                           /* (a call with a model entry finds nothing) */
    lga_node a0 = unwrap(w, arg(w, e, 0));
    if (kind(w, a0) != LGA_EXPR_REF)
        return 0;
    lga_node d = A(w)->referenced(CTX(w), a0);
    if (A(w)->decl_kind(CTX(w), d) != LGA_DECL_LOCAL)
        return 0;
    local_var *lv = find_local(w, d);
    return lv != NULL && lv->alias.kind == LGF_PLACE_NONE
           && (lv->origin == LGF_ORIGIN_FRESH || lv->origin == LGF_ORIGIN_OUTSIDE);
}

/* `o->f = new_thing()`: o made that part of itself here (owns).  So is a
 * global or static handle set here to a part of a local object
 * (found_in_local): `calendar = lookup(builder, "calendar")`. */
static void note_made(lga_walk *w, lga_node lhs, lga_node rhs)
{
    lga_expr k = kind(w, unwrap(w, lhs));
    if (w->nmade == sizeof w->made / sizeof *w->made
        || (k != LGA_EXPR_MEMBER && k != LGA_EXPR_SUBSCRIPT && k != LGA_EXPR_REF)
        || (origin_of(w, rhs, NULL) != LGF_ORIGIN_FRESH
            && !(k == LGA_EXPR_REF && found_in_local(w, rhs))))
        return;
    lgf_place p = place_of(w, lhs);
    if (p.kind != LGF_PLACE_NONE && p.kind != LGF_PLACE_LOCAL)
        w->made[w->nmade++] = p;
}

/* The line and column of e's first token, unchanged when the front end
 * cannot say (front ends put a member's location at its name or its base:
 * its extent is the same in both). */
static void first_token(lga_walk *w, lga_node e, unsigned *line, unsigned *column)
{
    long start = -1, end = -1;
    A(w)->extent(CTX(w), e, &start, &end);
    if (start < 0 || (size_t)start > w->srclen)
        return;
    *line = 1;
    *column = 1;
    for (long i = 0; i < start; i++) {
        *column = w->src[i] == '\n' ? 1 : *column + 1;
        *line += w->src[i] == '\n';
    }
}

/* `o->f = v`: a fact of what the project sets the field to — an object made
 * here (a `new`, or found in a local object of this function: a builder's),
 * or anything else; `o->f = NULL` is neither. */
static void note_fieldset(lga_walk *w, lga_node lhs, lga_node rhs)
{
    lgf_place p = place_of(w, lhs);
    if (p.kind != LGF_PLACE_FIELD || kind(w, unwrap(w, rhs)) == LGA_EXPR_NULL)
        return;
    lgf_fieldset *s = lgf_add_fieldset(w->facts);
    if (s == NULL)
        return;
    s->field = p.key;
    s->func = w->func;
    unsigned col;
    first_token(w, lhs, &s->line, &col);
    s->made = origin_of(w, rhs, NULL) == LGF_ORIGIN_FRESH || found_in_local(w, rhs)
              || part_call(w, rhs);           /* `self->priv = x_get_instance_private(self)` */
    lgf_place from = place_of(w, rhs);
    s->param = from.kind == LGF_PLACE_PARAM ? from.param : -1;
}

/* `place = NULL` on a long-lived place: a fact (role clear, reset) — a
 * GList-style list whose head the place held is dropped.  The rules decide
 * for which containers that bounds them. */
static void note_reset(lga_walk *w, lga_node lhs)
{
    lgf_place p = place_of(w, lhs);
    if (!lgf_place_long_lived(&p))
        return;
    lgf_call *c = add_fact(w, lhs, &lgf_reset_op, "= NULL", "= NULL");
    if (c == NULL)
        return;
    c->container = p;
    c->reset = 1;
    first_token(w, lhs, &c->line, &c->column);
}

void lga_assign(lga_walk *w, lga_node lhs, lga_node rhs)
{
    assert(w != NULL);
    if (w->func < 0)
        return;
    lga_node l = unwrap(w, lhs), r = unwrap(w, rhs);
    if (kind(w, l) == LGA_EXPR_REF) {
        local_var *lv = find_local(w, A(w)->referenced(CTX(w), l));
        if (lv != NULL) {
            assign_local(w, lv, rhs);
            if (lv->alias.kind == LGF_PLACE_NONE) {
                lgf_place self = { LGF_PLACE_LOCAL,
                                   scoped_key(w, A(w)->name(CTX(w), lv->decl)), w->func,
                                   (int)(lv - w->locals), 0 };
                note_construct(w, self, rhs);
            }
            return;
        }
    }
    note_construct(w, place_of(w, lhs), rhs);
    if (kind(w, r) == LGA_EXPR_NULL)
        note_reset(w, lhs);
    note_made(w, lhs, rhs);
    note_fieldset(w, lhs, rhs);
    if (kind(w, r) == LGA_EXPR_REF) {
        local_var *lv = find_local(w, A(w)->referenced(CTX(w), r));
        lgf_place p = place_of(w, lhs);
        if (lv != NULL && lgf_place_long_lived(&p))
            lv->alias = p;           /* the local container escapes into p */
        if (lv != NULL)
            lv->stored_in = lhs;
    }
    if (is_self(w, rhs))
        self_escapes(w);
}

void lga_return(lga_walk *w, lga_node value)
{
    assert(w != NULL);
    if (w->func < 0 || lga_node_none(value))
        return;
    lgf_function *fn = &w->facts->functions[w->func];
    lgf_place p = place_of(w, value);
    if (fn->returns.kind == LGF_PLACE_NONE && lgf_place_long_lived(&p))
        fn->returns = p;         /* a getter of a long-lived place: the first one it returns */
}

/* A function named in a file-scope variable's initializer: a table entry. */
static void note_table_ref(lga_walk *w, lga_node ref)
{
    lga_node d = A(w)->referenced(CTX(w), ref);
    if (w->table == NULL || A(w)->decl_kind(CTX(w), d) != LGA_DECL_FUNCTION)
        return;
    lgf_tableref *t = lgf_add_tableref(w->facts);
    if (t != NULL) {
        t->table = w->table;
        t->fn = A(w)->name(CTX(w), d);
    }
}

void lga_ref(lga_walk *w, lga_node ref)
{
    assert(w != NULL);
    if (w->func < 0) {
        note_table_ref(w, ref);
        return;
    }
    if (w->nparams == 0)
        return;
    lga_node d = A(w)->referenced(CTX(w), ref);
    if (A(w)->decl_kind(CTX(w), d) != LGA_DECL_PARAM)
        return;
    int i = param_index(w, d);
    if (i >= 0 && i < 64)
        w->facts->functions[w->func].used_params |= 1ull << i;
}

/* ---- calls */

/* The function e names (`on_draw`, `(lg_fn)on_draw`), or NULL. */
static const char *function_named(lga_walk *w, lga_node e)
{
    e = unwrap(w, e);
    if (kind(w, e) != LGA_EXPR_REF)
        return NULL;
    lga_node d = A(w)->referenced(CTX(w), e);
    return A(w)->decl_kind(CTX(w), d) == LGA_DECL_FUNCTION ? A(w)->name(CTX(w), d) : NULL;
}

static void on_other_call(lga_walk *w, lga_node call, const char *name)
{
    if (name == NULL || name[0] == 0)
        return;
    int n = nargs(w, call);
    size_t idx = w->facts->ncallsites;
    if (lgf_add_callsite(w->facts) == NULL)
        return;
    lgf_place *args = n > 0 ? lgf_alloc(w->facts, (size_t)n * sizeof *args) : NULL;
    const char **fns = NULL;
    unsigned long long nulls = 0;
    for (int i = 0; i < n && args != NULL; i++) {
        lga_node a = A(w)->arg(CTX(w), call, i);
        args[i] = place_of(w, a);
        const char *named = function_named(w, a);
        if (named != NULL && fns == NULL)
            fns = lgf_alloc(w->facts, (size_t)n * sizeof *fns);
        if (fns != NULL)
            fns[i] = named;
        if (i < 64 && kind(w, unwrap(w, a)) == LGA_EXPR_NULL)
            nulls |= 1ull << i;
    }
    lgf_callsite *cs = &w->facts->callsites[idx];
    cs->fns = args != NULL ? fns : NULL;
    cs->nulls = nulls;
    unsigned col;
    long off;
    A(w)->location(CTX(w), call, &cs->line, &col, &off);
    cs->callee = name;
    cs->func = w->func;
    cs->nargs = args ? (size_t)n : 0;
    cs->args = args;
}

/* The first argument of a closure's variadic captures: after argument N of
 * {from: N}, or right after the count when the count is N or just before it. */
static int captures_start(const lgm_op *op)
{
    if (op->count != LGM_NONE && (op->count == op->captures_from || op->count + 1 == op->captures_from))
        return op->count + 1;
    return op->captures_from + 1;
}

static void on_closure(lga_walk *w, lgf_call *c, lga_node call, const lgm_op *op)
{
    int n = nargs(w, call);
    if (op->fn >= n)
        return;
    lga_node fn = arg(w, call, op->fn);
    c->fn = function_named(w, fn);
    if (c->fn == NULL && place_of(w, fn).kind == LGF_PLACE_PARAM)
        c->fn_from = place_of(w, fn);        /* a factory's: its callers name the function */
    int idx[LGM_MAX_ARG];
    size_t count = 0;
    if (op->captures_from != LGM_NONE) {
        for (int i = captures_start(op); i < n && count < LGM_MAX_ARG; i++)
            idx[count++] = i;
    } else {
        for (int i = 0; i < op->ncaptures && op->captures[i] < n; i++)
            idx[count++] = op->captures[i];
    }
    c->captures = count ? lgf_alloc(w->facts, count * sizeof *c->captures) : NULL;
    c->ncaptures = c->captures ? count : 0;
    for (size_t i = 0; i < c->ncaptures; i++)
        c->captures[i] = value_of(w, arg(w, call, idx[i]));
}

/* 1 when e reads an entry of a static array — `table[i].name`, `names[i]` —
 * so the keys it gives are at most that many. */
static int from_static_table(lga_walk *w, lga_node e)
{
    e = unwrap(w, e);
    if (kind(w, e) == LGA_EXPR_MEMBER)
        e = unwrap(w, A(w)->inner(CTX(w), e));
    if (kind(w, e) != LGA_EXPR_SUBSCRIPT)
        return 0;
    e = unwrap(w, A(w)->inner(CTX(w), e));
    if (kind(w, e) != LGA_EXPR_REF)
        return 0;
    lga_node d = A(w)->referenced(CTX(w), e);
    lga_decl dk = A(w)->decl_kind(CTX(w), d);
    const char *pointee = A(w)->pointee(CTX(w), d, 1);
    return (dk == LGA_DECL_GLOBAL || dk == LGA_DECL_FILE_STATIC || dk == LGA_DECL_LOCAL_STATIC)
           && pointee != NULL && *pointee == 0;      /* an array, not a pointer to a heap */
}

static void on_insert(lga_walk *w, lgf_call *c, lga_node call, const lgm_op *op)
{
    c->container = place_of(w, arg(w, call, op->container));
    int last = op->nstored > 0 ? op->stored[op->nstored - 1] : LGM_NONE;
    if (last == LGM_NONE || last >= nargs(w, call))
        return;
    c->item = value_of(w, arg(w, call, last));
    /* a list of weak references (or NULLs) holds nothing it keeps alive;
     * a map's keys are stored strongly whatever its values are */
    c->weak_only = op->nstored == 1
                   && (c->item.origin == LGF_ORIGIN_WEAKREF || c->item.origin == LGF_ORIGIN_NULL);
    if (op->nstored > 1 && op->stored[0] < nargs(w, call))
        c->table_key = from_static_table(w, arg(w, call, op->stored[0]));
}
/* What a startup call runs: each `run` argument naming a function, or a
 * global or static table of them, by name (table entries: lgf_tableref). */
static void on_startup(lga_walk *w, lgf_call *c, lga_node call, const lgm_op *op)
{
    c->runs = lgf_alloc(w->facts, (size_t)op->nrun * sizeof *c->runs);
    for (int i = 0; c->runs != NULL && i < op->nrun; i++) {
        lga_node a = unwrap(w, arg(w, call, op->run[i]));
        if (kind(w, a) != LGA_EXPR_REF)
            continue;
        lga_node d = A(w)->referenced(CTX(w), a);
        lga_decl dk = A(w)->decl_kind(CTX(w), d);
        if (dk == LGA_DECL_FUNCTION || dk == LGA_DECL_GLOBAL || dk == LGA_DECL_FILE_STATIC
            || dk == LGA_DECL_LOCAL_STATIC)
            c->runs[c->nruns++] = A(w)->name(CTX(w), d);
    }
}

/* 1 when target is a part of owner made here: a field assigned a new object
 * in this function (`owner->button = gtk_button_new(); connect(owner->button,
 * ..., owner)`), or a local owner keeps in a field of its own (`tmp = make();
 * owner->item = tmp; connect(tmp, ..., owner)`).  An object's handler on a
 * part of itself goes with it; a field only read (`owner->monitor`) may hold
 * anyone's object — a singleton the owner only points at — and is no part. */
static int owns(lga_walk *w, lga_node owner, lga_node target)
{
    owner = unwrap(w, owner);
    if (kind(w, owner) != LGA_EXPR_REF)
        return 0;
    lga_node d = A(w)->referenced(CTX(w), owner);
    target = unwrap(w, target);
    if (kind(w, target) == LGA_EXPR_MEMBER     /* `o->button`, made here: `o->button = x_new()` */
        || kind(w, target) == LGA_EXPR_SUBSCRIPT) {
        lgf_place tp = place_of(w, target);
        int made = 0;
        for (size_t i = 0; i < w->nmade && !made; i++)
            made = lgf_place_same(&w->made[i], &tp);
        if (!made)
            return 0;            /* `self->monitor` may hold anyone's object: not a part */
    } else if (kind(w, target) == LGA_EXPR_REF) {
        local_var *lv = find_local(w, A(w)->referenced(CTX(w), target));
        if (lv == NULL || lga_node_none(lv->stored_in))
            return 0;
        target = unwrap(w, lv->stored_in); /* a local it keeps in its own field: `o->item = t` */
    } else {
        return 0;
    }
    lga_node o = part_owner(w, target);
    return !lga_node_none(o) && A(w)->same(CTX(w), o, d);
}

/* 1 when the listener l is the object the target t is a field of: `o->f`,
 * `o->a.b`, `o->rows[i]`, `X(o)->priv->entry` with l `o` (through checked
 * casts: GTK_WIDGET(o)), or a field of o's private part: `priv->entry` with
 * priv a local holding `x_get_instance_private(o)` or `X(o)->priv`, or that
 * call written in place. */
static int owner_listener(lga_walk *w, lga_node l, lga_node t)
{
    l = through_casts(w, l);
    if (kind(w, l) != LGA_EXPR_REF)
        return 0;
    lga_node d = A(w)->referenced(CTX(w), l);
    t = unwrap(w, t);
    if (kind(w, t) != LGA_EXPR_MEMBER && kind(w, t) != LGA_EXPR_SUBSCRIPT)
        return 0;
    lga_node o = part_owner(w, t);
    if (lga_node_none(o))
        return 0;
    if (A(w)->same(CTX(w), o, d))
        return 1;
    local_var *lv = find_local(w, o);          /* priv, holding a part of o */
    return lv != NULL && !lga_node_none(lv->part_of) && A(w)->same(CTX(w), lv->part_of, d);
}

static void on_op(lga_walk *w, lgf_call *c, lga_node call, const lgm_op *op)
{
    switch (op->role) {
    case LGM_CLOSURE:
        on_closure(w, c, call, op);
        return;
    case LGM_INVOKE:
        c->invoked = invoked_of(w, arg(w, call, op->callable));
        return;
    case LGM_CAPTURE_READ:
        c->container = place_of(w, arg(w, call, op->self));
        c->index = op->index < nargs(w, call) ? const_int(w, arg(w, call, op->index)) : -1;
        return;
    case LGM_INSERT:
        on_insert(w, c, call, op);
        return;
    case LGM_REGISTER:
    case LGM_REGISTER_WEAK:
    case LGM_UNREGISTER:
        c->container = place_of(w, arg(w, call, op->target));
        if (op->nlistener > 0 && op->listener[op->nlistener - 1] < nargs(w, call)) {
            lga_node l = arg(w, call, op->listener[op->nlistener - 1]);
            lgf_place lp = place_of(w, l);
            c->item = value_of(w, l);
            c->self_listener = (lp.kind != LGF_PLACE_NONE && lgf_place_same(&lp, &c->container))
                               || owns(w, l, arg(w, call, op->target));
            c->owner_listener = !c->self_listener && c->container.kind == LGF_PLACE_FIELD
                                && owner_listener(w, l, arg(w, call, op->target));
            for (size_t i = 0; i < w->nmade && !c->target_made; i++)
                c->target_made = lgf_place_same(&w->made[i], &c->container);
            lga_node lu = unwrap(w, l);
            local_var *lv = kind(w, lu) == LGA_EXPR_REF
                            ? find_local(w, A(w)->referenced(CTX(w), lu)) : NULL;
            c->listener_kept = lv != NULL && !lga_node_none(lv->stored_in);
        }
        return;
    case LGM_RELEASE:
        c->container = place_of(w, arg(w, call, op->of));
        return;
    case LGM_REMOVE:
    case LGM_CLEAR:
        c->container = place_of(w, arg(w, call, op->container));
        return;
    case LGM_STARTUP:
        on_startup(w, c, call, op);
        return;
    default:
        return;
    }
}

/* 1 for the roles a rule reads as a call (the others only shape origins). */
static int recorded(lgm_role r)
{
    return r != LGM_NEW && r != LGM_RETAIN && r != LGM_WEAK_REF && r != LGM_DEREF && r != LGM_GET
           && r != LGM_CAST;
}

/* Appends the fact of one operation of call, positioned at the call. */
static lgf_call *add_fact(lga_walk *w, lga_node call, const lgm_op *op, const char *written,
                         const char *name)
{
    unsigned line, col;
    long off;
    A(w)->location(CTX(w), call, &line, &col, &off);
    if (written == NULL && off >= 0)
        written = lgf_source_word(w->facts, w->src, w->srclen, (size_t)off);
    /* in a function a macro wrote, every call is located at the macro's
     * call: the name written there is the macro's, not the call's */
    int in_macro = w->func >= 0 && w->fn_in_macro;
    if (in_macro)
        written = NULL;
    const char *text = norm_text(w, call);
    lgf_call *c = lgf_add_call(w->facts);
    if (c == NULL)
        return NULL;
    c->role = op->role;
    c->op = op;
    c->func = w->func;
    c->index = -1;
    c->line = line;
    c->column = col;
    c->callee = written ? written : name;
    c->in_macro = in_macro;
    c->text = text;
    c->item.size = -1;
    return c;
}

void lga_call(lga_walk *w, lga_node call)
{
    assert(w != NULL && !lga_node_none(call));
    const char *name;
    const lgm_function *f = lookup(w, call, &name);
    note_self_args(w, call, f);
    if (f == NULL) {
        on_other_call(w, call, name);
        return;
    }
    for (size_t i = 0; i < f->nops; i++) {
        const lgm_op *op = &f->ops[i];
        if (!recorded(op->role))
            continue;
        size_t idx = w->facts->ncalls;
        if (add_fact(w, call, op, NULL, name) == NULL)
            return;
        lgf_call tmp = w->facts->calls[idx];   /* on_op may add facts: fill a copy */
        on_op(w, &tmp, call, op);
        w->facts->calls[idx] = tmp;
    }
}

/* ---- functions */

/* Re-points a place that named a local container at its alias. */
static lgf_place patched(lga_walk *w, lgf_place p)
{
    if (p.kind == LGF_PLACE_LOCAL && p.func == w->func && p.param >= 0
        && (size_t)p.param < w->nlocals && w->locals[p.param].alias.kind != LGF_PLACE_NONE)
        return w->locals[p.param].alias;
    return p;
}

void lga_function(lga_walk *w, lga_node fn, int nparams, const lga_node *params)
{
    assert(w != NULL && w->func < 0 && "lga_function inside a function: lga_function_end first");
    assert(nparams >= 0 && (params != NULL || nparams == 0));
    w->table = NULL;
    size_t idx = w->facts->nfunctions;
    if (lgf_add_function(w->facts) == NULL)
        return;
    const char *name = A(w)->name(CTX(w), fn);
    unsigned line, col;
    long off;
    A(w)->location(CTX(w), fn, &line, &col, &off);
    const char **names = nparams > 0 ? lgf_alloc(w->facts, (size_t)nparams * sizeof *names) : NULL;
    free(w->params);
    w->params = nparams > 0 ? calloc((size_t)nparams, sizeof *w->params) : NULL;
    w->nparams = w->params ? nparams : 0;
    for (int i = 0; i < w->nparams; i++) {
        w->params[i] = params[i];
        if (names != NULL)
            names[i] = A(w)->name(CTX(w), params[i]);
    }
    lgf_function *f = &w->facts->functions[idx];
    f->name = name;
    f->line = line;
    f->column = col;
    const char *at = off >= 0 ? lgf_source_word(w->facts, w->src, w->srclen, (size_t)off) : NULL;
    w->fn_in_macro = at != NULL && name != NULL && strcmp(at, name) != 0;   /* DEFINE_ADDER(...) */
    f->nparams = w->nparams;
    f->param_names = names;
    w->func = (int)idx;
    w->has_self = w->nparams > 0
                  && (lgm_set_is_object(w->models, A(w)->pointee(CTX(w), w->params[0], 1))
                      || lgm_set_is_object(w->models, A(w)->pointee(CTX(w), w->params[0], 0)));
    if (w->has_self)
        w->self = w->params[0];
    w->first_call = w->facts->ncalls;
    w->first_site = w->facts->ncallsites;
}

void lga_function_end(lga_walk *w)
{
    assert(w != NULL && w->func >= 0 && "lga_function_end outside a function");
    for (size_t i = w->first_call; i < w->facts->ncalls; i++) {
        w->facts->calls[i].container = patched(w, w->facts->calls[i].container);
        w->facts->calls[i].invoked = patched(w, w->facts->calls[i].invoked);
    }
    for (size_t i = w->first_site; i < w->facts->ncallsites; i++)
        for (size_t j = 0; j < w->facts->callsites[i].nargs; j++)
            w->facts->callsites[i].args[j] = patched(w, w->facts->callsites[i].args[j]);
    w->nlocals = 0;
    w->nmade = 0;
    w->func = -1;
    w->has_self = 0;
    free(w->params);
    w->params = NULL;
    w->nparams = 0;
}

lga_walk *lga_begin(const lga_adapter *a, const lgm_set *models, lgf_facts *facts,
                    const char *src, size_t len)
{
    assert(a != NULL && models != NULL && facts != NULL && (src != NULL || len == 0));
    lga_walk *w = calloc(1, sizeof *w);
    if (w == NULL)
        return NULL;
    w->a = a;
    w->models = models;
    w->written_entries = lgm_set_has_written(models);
    w->facts = facts;
    w->src = src;
    w->srclen = len;
    w->func = -1;
    return w;
}

void lga_end(lga_walk *w)
{
    if (w == NULL)
        return;
    free(w->locals);
    free(w->params);
    free(w);
}
