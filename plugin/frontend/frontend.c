/*
 * frontend.c — libclang → facts.  One visitor with a typed context (`walk`)
 * goes once over the main file's declarations; declarations from headers are
 * skipped at the top level.  Every CXString is disposed in one helper
 * (cx_take).  Locals of the function being walked are tracked in a small
 * table: where their value comes from, which long-lived place they alias,
 * which list's item they hold; at the end of each function, calls that named
 * a local container are re-pointed at the place the local turned out to alias.
 */
#include "frontend.h"
#include <clang-c/Index.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lg_frontend {
    CXIndex index;   /* one per front end (libclang indices are per thread) */
};

typedef struct {
    CXCursor decl;        /* the VarDecl */
    const char *name;     /* its name */
    lgf_origin origin;    /* where its value comes from */
    lgf_place alias;      /* the long-lived place it stands for, kind NONE if none */
    lgf_place invoked;    /* the list whose item it holds (lg_list_get), kind NONE if none */
    long long size;       /* bytes when it holds lg_buffer(N); -1 */
} local_var;

typedef struct {
    CXTranslationUnit tu;
    lgf_facts *facts;
    CXFile main;              /* the main file */
    const char *src;          /* main file text */
    size_t srclen;
    int func;                 /* current function, -1 outside */
    CXCursor self;            /* current function's first parameter (null cursor if none) */
    CXCursor *params;         /* current function's parameters */
    int nparams;
    local_var *locals;        /* current function's locals */
    size_t nlocals, caplocals;
    size_t first_call, first_site; /* facts added since the function began */
    struct lg_frontend_cache *cache; /* reusable facts of the last walk, or NULL */
} walk;

/* ---- small helpers */

static const char *cx_take(walk *w, CXString s)
{
    const char *c = clang_getCString(s);
    const char *r = lgf_strdup(w->facts, c ? c : "");
    clang_disposeString(s);
    return r;
}

typedef struct {
    CXCursor found;   /* last expression child seen */
    int n;            /* expression children seen */
} child_ctx;

static enum CXChildVisitResult last_expr_child(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    child_ctx *ctx = d;
    if (clang_isExpression(clang_getCursorKind(c))) {
        ctx->found = c;
        ctx->n++;
    }
    return CXChildVisit_Continue;
}

static int last_expr(CXCursor c, CXCursor *out)
{
    child_ctx ctx = { clang_getNullCursor(), 0 };
    clang_visitChildren(c, last_expr_child, &ctx);
    *out = ctx.found;
    return ctx.n;
}

static enum CXChildVisitResult first_expr_child(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    if (clang_isExpression(clang_getCursorKind(c))) {
        ((child_ctx *)d)->found = c;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

static CXCursor first_expr(CXCursor c)
{
    child_ctx ctx = { clang_getNullCursor(), 0 };
    clang_visitChildren(c, first_expr_child, &ctx);
    return ctx.found;
}

/* Strips parentheses, implicit conversions and casts. */
static CXCursor unwrap(CXCursor e)
{
    for (int guard = 0; guard < 32; guard++) {
        enum CXCursorKind k = clang_getCursorKind(e);
        if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr)
            return e;
        CXCursor inner;
        if (last_expr(e, &inner) == 0)
            return e;
        e = inner;
    }
    return e;
}

/* Byte offset in the main file of a location, or -1 when elsewhere. */
static long file_offset(walk *w, CXSourceLocation loc)
{
    CXFile f;
    unsigned off;
    clang_getFileLocation(loc, &f, NULL, NULL, &off);
    if (f == NULL || !clang_File_isEqual(f, w->main) || off > w->srclen)
        return -1;
    return (long)off;
}

/* The source text of a cursor's extent (lgf_source_text). */
static const char *norm_text(walk *w, CXCursor c)
{
    CXSourceRange r = clang_getCursorExtent(c);
    long s = file_offset(w, clang_getRangeStart(r)), e = file_offset(w, clang_getRangeEnd(r));
    return lgf_source_text(w->facts, w->src, w->srclen, s, e);
}

static const char *callee_name(walk *w, CXCursor call)
{
    return cx_take(w, clang_getCursorSpelling(call));
}

static int arg_count(CXCursor call)
{
    int n = clang_Cursor_getNumArguments(call);
    return n < 0 ? 0 : n;
}

static CXCursor arg(CXCursor call, int i)
{
    return clang_Cursor_getArgument(call, (unsigned)i);
}

/* A constant integer value of an expression, or -1. */
static long long const_int(CXCursor e)
{
    CXEvalResult r = clang_Cursor_Evaluate(e);
    long long v = -1;
    if (r != NULL) {
        if (clang_EvalResult_getKind(r) == CXEval_Int)
            v = clang_EvalResult_getAsLongLong(r);
        clang_EvalResult_dispose(r);
    }
    return v;
}

/* ---- places and origins */

static int param_index(walk *w, CXCursor decl)
{
    for (int i = 0; i < w->nparams; i++)
        if (clang_equalCursors(w->params[i], decl))
            return i;
    return -1;
}

static local_var *find_local(walk *w, CXCursor decl)
{
    for (size_t i = w->nlocals; i-- > 0;)
        if (clang_equalCursors(w->locals[i].decl, decl))
            return &w->locals[i];
    return NULL;
}

static int is_function_scope(CXCursor decl)
{
    enum CXCursorKind k = clang_getCursorKind(clang_getCursorSemanticParent(decl));
    return k == CXCursor_FunctionDecl;
}

static const char *scoped_key(walk *w, const char *name)
{
    const char *fn = w->func >= 0 ? w->facts->functions[w->func].name : "";
    size_t n = strlen(fn) + strlen(name) + 3;
    char *k = lgf_alloc(w->facts, n);
    if (k != NULL)
        snprintf(k, n, "%s::%s", fn, name);
    return k ? k : name;
}

static lgf_origin origin_of(walk *w, CXCursor e, long long *size);

static lgf_place place_of(walk *w, CXCursor e)
{
    lgf_place p = { LGF_PLACE_NONE, NULL, w->func, -1, 0 };
    e = unwrap(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_ArraySubscriptExpr)
        return place_of(w, first_expr(e));
    if (k == CXCursor_MemberRefExpr) {
        CXCursor field = clang_getCursorReferenced(e);
        CXCursor rec = clang_getCursorSemanticParent(field);
        const char *type = cx_take(w, clang_getTypeSpelling(clang_getCursorType(rec)));
        const char *name = cx_take(w, clang_getCursorSpelling(field));
        size_t n = strlen(type) + strlen(name) + 2;
        char *key = lgf_alloc(w->facts, n);
        if (key == NULL)
            return p;
        snprintf(key, n, "%s.%s", type, name);
        p.kind = LGF_PLACE_FIELD;
        p.key = key;
        CXCursor base = unwrap(first_expr(e));
        if (clang_getCursorKind(base) == CXCursor_DeclRefExpr) {
            local_var *lv = find_local(w, clang_getCursorReferenced(base));
            p.owner_fresh = lv != NULL && lv->origin == LGF_ORIGIN_FRESH;
        }
        return p;
    }
    if (k != CXCursor_DeclRefExpr)
        return p;
    CXCursor d = clang_getCursorReferenced(e);
    enum CXCursorKind dk = clang_getCursorKind(d);
    const char *name = cx_take(w, clang_getCursorSpelling(d));
    if (dk == CXCursor_ParmDecl) {
        p.kind = LGF_PLACE_PARAM;
        p.param = param_index(w, d);
        p.key = scoped_key(w, name);
        if (p.param < 0)
            p.kind = LGF_PLACE_NONE;
        return p;
    }
    if (dk != CXCursor_VarDecl)
        return p;
    int is_static = clang_Cursor_getStorageClass(d) == CX_SC_Static;
    if (is_function_scope(d)) {
        if (is_static) {
            p.kind = LGF_PLACE_STATIC;
            p.key = scoped_key(w, name);
            return p;
        }
        local_var *lv = find_local(w, d);
        if (lv != NULL && lv->alias.kind != LGF_PLACE_NONE)
            return lv->alias;
        p.kind = LGF_PLACE_LOCAL;
        p.key = scoped_key(w, name);
        p.param = lv ? (int)(lv - w->locals) : -1;
        return p;
    }
    p.kind = is_static ? LGF_PLACE_STATIC : LGF_PLACE_GLOBAL;
    p.key = name;
    p.func = -1;
    return p;
}

/* The list whose item e holds: lg_list_get(P, i), through lg_weakref_get or a local. */
static lgf_place invoked_of(walk *w, CXCursor e)
{
    lgf_place none = { LGF_PLACE_NONE, NULL, -1, -1, 0 };
    e = unwrap(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_CallExpr && arg_count(e) >= 1) {
        const char *name = callee_name(w, e);
        if (lgf_api_of(name) == LGF_LIST_GET)
            return place_of(w, arg(e, 0));
        if (strncmp(name, "lg_weakref_get", 14) == 0 || strncmp(name, "lg_retain", 9) == 0)
            return invoked_of(w, arg(e, 0));
        return none;
    }
    if (k == CXCursor_DeclRefExpr) {
        local_var *lv = find_local(w, clang_getCursorReferenced(e));
        if (lv != NULL)
            return lv->invoked;
    }
    return none;
}

static lgf_origin origin_of(walk *w, CXCursor e, long long *size)
{
    if (size)
        *size = -1;
    e = unwrap(e);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_GNUNullExpr || (k == CXCursor_IntegerLiteral && const_int(e) == 0))
        return LGF_ORIGIN_NULL;
    if (k == CXCursor_CallExpr) {
        const char *name = callee_name(w, e);
        if (strncmp(name, "lg_weakref", 10) == 0 && (name[10] == 0 || strcmp(name + 10, "_at") == 0))
            return LGF_ORIGIN_WEAKREF;
        if (strcmp(name, "lg_retain") == 0 && arg_count(e) >= 1)
            return origin_of(w, arg(e, 0), size);
        if (lgf_is_constructor(name)) {
            if (size && strncmp(name, "lg_buffer", 9) == 0 && arg_count(e) >= 1)
                *size = const_int(arg(e, 0));
            return LGF_ORIGIN_FRESH;
        }
        return LGF_ORIGIN_OUTSIDE;
    }
    if (k == CXCursor_MemberRefExpr)
        return LGF_ORIGIN_OUTSIDE;
    if (k == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(e);
        enum CXCursorKind dk = clang_getCursorKind(d);
        if (dk == CXCursor_ParmDecl)
            return LGF_ORIGIN_PARAM;
        if (dk != CXCursor_VarDecl)
            return LGF_ORIGIN_UNKNOWN;
        local_var *lv = find_local(w, d);
        if (lv != NULL) {
            if (size)
                *size = lv->size;
            return lv->origin;
        }
        return is_function_scope(d) ? LGF_ORIGIN_UNKNOWN : LGF_ORIGIN_OUTSIDE;
    }
    return LGF_ORIGIN_UNKNOWN;
}

static lgf_value value_of(walk *w, CXCursor e)
{
    lgf_value v;
    v.text = norm_text(w, unwrap(e));
    v.origin = origin_of(w, e, &v.size);
    return v;
}

/* ---- self escapes: parameter 0 used other than as lg_closure_capture's first argument */

static int is_self(walk *w, CXCursor e)
{
    e = unwrap(e);
    return !clang_Cursor_isNull(w->self) && clang_getCursorKind(e) == CXCursor_DeclRefExpr
           && clang_equalCursors(clang_getCursorReferenced(e), w->self);
}

static void note_self_args(walk *w, CXCursor call, lgf_api api)
{
    if (w->func < 0)
        return;
    int n = arg_count(call);
    for (int i = 0; i < n; i++)
        if (is_self(w, arg(call, i)) && !(api == LGF_CLOSURE_CAPTURE && i == 0))
            w->facts->functions[w->func].self_escapes = 1;
}

/* ---- locals */

static local_var *add_local(walk *w, CXCursor decl)
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
    lv->name = cx_take(w, clang_getCursorSpelling(decl));
    lv->size = -1;
    return lv;
}

/* The local now holds the value of e. */
static void assign_local(walk *w, local_var *lv, CXCursor e)
{
    lv->origin = origin_of(w, e, &lv->size);
    lgf_place p = place_of(w, e);
    if (lgf_place_long_lived(&p) || p.kind == LGF_PLACE_PARAM)
        lv->alias = p;
    lgf_place inv = invoked_of(w, e);
    if (inv.kind != LGF_PLACE_NONE)
        lv->invoked = inv;
    if (is_self(w, e) && w->func >= 0)
        w->facts->functions[w->func].self_escapes = 1;
}

static void on_var(walk *w, CXCursor c)
{
    if (w->func < 0 || !is_function_scope(c) || clang_Cursor_getStorageClass(c) == CX_SC_Static)
        return;
    local_var *lv = add_local(w, c);
    CXCursor init;
    if (lv != NULL && last_expr(c, &init) > 0)
        assign_local(w, lv, init);
}

/* `lhs = rhs` on object pointers: track locals in both directions. */
static void on_assign(walk *w, CXCursor c)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(c));
    if (t.kind != CXType_Pointer || w->func < 0)
        return;
    CXCursor lhs = first_expr(c), rhs;
    if (last_expr(c, &rhs) < 2)
        return;
    CXCursor l = unwrap(lhs), r = unwrap(rhs);
    if (clang_getCursorKind(l) == CXCursor_DeclRefExpr) {
        local_var *lv = find_local(w, clang_getCursorReferenced(l));
        if (lv != NULL) {
            assign_local(w, lv, rhs);
            return;
        }
    }
    if (clang_getCursorKind(r) == CXCursor_DeclRefExpr) {
        local_var *lv = find_local(w, clang_getCursorReferenced(r));
        lgf_place p = place_of(w, lhs);
        if (lv != NULL && lgf_place_long_lived(&p))
            lv->alias = p;           /* the local container escapes into p */
    }
    if (is_self(w, rhs))
        w->facts->functions[w->func].self_escapes = 1;
}

/* ---- calls */

static void position(walk *w, CXCursor call, unsigned *line, unsigned *col)
{
    CXFile f;
    clang_getExpansionLocation(clang_getCursorLocation(call), &f, line, col, NULL);
    (void)w;
}

/* The callee as written at the call (the macro's name when expanded from one). */
static const char *written_name(walk *w, CXCursor call, const char *fallback)
{
    CXFile f;
    unsigned off;
    clang_getExpansionLocation(clang_getCursorLocation(call), &f, NULL, NULL, &off);
    const char *name = f ? lgf_source_word(w->facts, w->src, w->srclen, off) : NULL;
    return name ? name : fallback;
}

static void on_other_call(walk *w, CXCursor call, const char *name)
{
    if (name[0] == 0 || strncmp(name, "lg_", 3) == 0)
        return;
    int n = arg_count(call);
    size_t idx = w->facts->ncallsites;
    if (lgf_add_callsite(w->facts) == NULL)
        return;
    lgf_place *args = n > 0 ? lgf_alloc(w->facts, (size_t)n * sizeof *args) : NULL;
    for (int i = 0; i < n && args != NULL; i++)
        args[i] = place_of(w, arg(call, i));
    lgf_callsite *cs = &w->facts->callsites[idx];
    cs->callee = name;
    cs->func = w->func;
    cs->nargs = args ? (size_t)n : 0;
    cs->args = args;
}

static void on_closure(walk *w, lgf_call *c, CXCursor call, int off)
{
    int n = arg_count(call);
    if (n < off + 2)
        return;
    CXCursor fn = unwrap(arg(call, off));
    if (clang_getCursorKind(fn) == CXCursor_DeclRefExpr) {
        CXCursor d = clang_getCursorReferenced(fn);
        if (clang_getCursorKind(d) == CXCursor_FunctionDecl)
            c->fn = cx_take(w, clang_getCursorSpelling(d));
    }
    c->ncaptures = (size_t)(n - off - 2);
    c->captures = c->ncaptures ? lgf_alloc(w->facts, c->ncaptures * sizeof *c->captures) : NULL;
    if (c->captures == NULL)
        c->ncaptures = 0;
    for (size_t i = 0; i < c->ncaptures; i++)
        c->captures[i] = value_of(w, arg(call, off + 2 + (int)i));
}

static void on_call(walk *w, CXCursor call)
{
    const char *name = callee_name(w, call);
    lgf_api api = lgf_api_of(name);
    note_self_args(w, call, api);
    if (api == LGF_OTHER) {
        on_other_call(w, call, name);
        return;
    }
    size_t len = strlen(name);
    int at = len > 3 && strcmp(name + len - 3, "_at") == 0;
    int off = api == LGF_CLOSURE && at ? 2 : 0;
    int n = arg_count(call);
    size_t idx = w->facts->ncalls;
    if (lgf_add_call(w->facts) == NULL)
        return;
    lgf_call *c = &w->facts->calls[idx];
    c->api = api;
    c->func = w->func;
    c->index = -1;
    position(w, call, &c->line, &c->column);
    c->callee = written_name(w, call, name);
    c->text = norm_text(w, call);
    c->item.size = -1;
    if (api == LGF_CLOSURE) {
        on_closure(w, c, call, off);
        return;
    }
    if (api == LGF_CALL) {
        if (n >= 1)
            c->invoked = invoked_of(w, arg(call, 0));
        return;
    }
    if (n >= 1)
        c->container = place_of(w, arg(call, 0));
    if (api == LGF_CLOSURE_CAPTURE) {
        if (n >= 2)
            c->index = const_int(arg(call, 1));
        return;
    }
    int item = api == LGF_DICT_SET ? 2 : 1;
    if (n > item)
        c->item = value_of(w, arg(call, item));
}

/* ---- functions */

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data);

/* Re-points calls and callsites that named a local container at its alias. */
static lgf_place patched(walk *w, lgf_place p)
{
    if (p.kind == LGF_PLACE_LOCAL && p.func == w->func && p.param >= 0
        && (size_t)p.param < w->nlocals && w->locals[p.param].alias.kind != LGF_PLACE_NONE)
        return w->locals[p.param].alias;
    return p;
}

static void end_function(walk *w)
{
    for (size_t i = w->first_call; i < w->facts->ncalls; i++) {
        w->facts->calls[i].container = patched(w, w->facts->calls[i].container);
        w->facts->calls[i].invoked = patched(w, w->facts->calls[i].invoked);
    }
    for (size_t i = w->first_site; i < w->facts->ncallsites; i++)
        for (size_t j = 0; j < w->facts->callsites[i].nargs; j++)
            w->facts->callsites[i].args[j] = patched(w, w->facts->callsites[i].args[j]);
    w->nlocals = 0;
    w->func = -1;
    w->self = clang_getNullCursor();
    free(w->params);
    w->params = NULL;
    w->nparams = 0;
}

/* 1 when decl's type is lg_object * (a closure's self can only be that). */
static int is_object_pointer(CXCursor decl)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(decl));
    if (t.kind != CXType_Pointer)
        return 0;
    CXString s = clang_getTypeSpelling(clang_getCanonicalType(clang_getPointeeType(t)));
    const char *c = clang_getCString(s);
    int yes = c != NULL && strcmp(c, "struct lg_object") == 0;
    clang_disposeString(s);
    return yes;
}

static void on_function(walk *w, CXCursor c)
{
    size_t idx = w->facts->nfunctions;
    if (lgf_add_function(w->facts) == NULL)
        return;
    lgf_function *fn = &w->facts->functions[idx];
    fn->name = cx_take(w, clang_getCursorSpelling(c));
    position(w, c, &fn->line, &fn->column);
    int n = clang_Cursor_getNumArguments(c);
    fn->nparams = n < 0 ? 0 : n;
    w->func = (int)idx;
    w->nparams = fn->nparams;
    w->params = w->nparams ? calloc((size_t)w->nparams, sizeof *w->params) : NULL;
    for (int i = 0; i < w->nparams && w->params; i++)
        w->params[i] = clang_Cursor_getArgument(c, (unsigned)i);
    w->self = w->nparams && w->params && is_object_pointer(w->params[0]) ? w->params[0]
                                                                       : clang_getNullCursor();
    w->first_call = w->facts->ncalls;
    w->first_site = w->facts->ncallsites;
    clang_visitChildren(c, visit, w);
    end_function(w);
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    walk *w = data;
    switch (clang_getCursorKind(c)) {
    case CXCursor_FunctionDecl:
        if (w->func < 0 && clang_isCursorDefinition(c))
            on_function(w, c);
        return CXChildVisit_Continue;
    case CXCursor_VarDecl:
        on_var(w, c);
        return CXChildVisit_Recurse;
    case CXCursor_CallExpr:
        on_call(w, c);
        return CXChildVisit_Recurse;
    case CXCursor_BinaryOperator:
        on_assign(w, c);
        return CXChildVisit_Recurse;
    default:
        return CXChildVisit_Recurse;
    }
}

static int reuse_function(walk *w, CXCursor c);

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
    walk *w = data;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;          /* headers: nothing of ours */
    if (w->cache != NULL && clang_getCursorKind(c) == CXCursor_FunctionDecl
        && clang_isCursorDefinition(c) && reuse_function(w, c))
        return CXChildVisit_Continue;          /* unchanged since the last walk */
    return visit(c, parent, data);
}

/* ---- reuse: an editor's walk re-visits only the functions an edit touched.
 * A function definition whose text (and column) is unchanged, in a file whose
 * text outside function definitions is unchanged, has the same facts as last
 * time, moved by as many lines as it moved. */

typedef struct {
    uint64_t hash;        /* of the definition's text */
    unsigned line, col;   /* where it starts */
    int func;             /* its index in the cached facts */
} fn_key;

struct lg_frontend_cache {
    lgf_facts facts;      /* the last walk's facts (owned) */
    int valid;            /* facts hold a walk */
    uint64_t skeleton;    /* hash of the text outside function definitions */
    fn_key *keys;         /* the last walk's functions */
    size_t nkeys;
    size_t capkeys;       /* keys allocated */
    fn_key *next;         /* this walk's functions, becoming keys */
    size_t nnext, capnext;
    uint64_t cur_skeleton;   /* this walk's skeleton hash */
};

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

typedef struct {
    walk *w;
    uint64_t h;           /* running skeleton hash */
    long pos;             /* end of the last function seen */
} skel_ctx;

static enum CXChildVisitResult skeleton_visit(CXCursor c, CXCursor parent, CXClientData d)
{
    (void)parent;
    skel_ctx *k = d;
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c)
        || !clang_Location_isFromMainFile(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    CXSourceRange r = clang_getCursorExtent(c);
    long s = file_offset(k->w, clang_getRangeStart(r)), e = file_offset(k->w, clang_getRangeEnd(r));
    if (s < k->pos || e < s)
        return CXChildVisit_Continue;
    k->h = fnv(k->h, k->w->src + k->pos, (size_t)(s - k->pos));
    k->h = fnv(k->h, "\x01", 1);
    k->pos = e;
    return CXChildVisit_Continue;
}

static uint64_t skeleton_hash(walk *w)
{
    skel_ctx k = { w, 1469598103934665603ull, 0 };
    clang_visitChildren(clang_getTranslationUnitCursor(w->tu), skeleton_visit, &k);
    return fnv(k.h, w->src + k.pos, w->srclen - (size_t)k.pos);
}

static const char *cp(walk *w, const char *s)
{
    return s ? lgf_strdup(w->facts, s) : NULL;
}

static lgf_place cp_place(walk *w, lgf_place p, int newfn)
{
    p.key = cp(w, p.key);
    if (p.kind == LGF_PLACE_PARAM || p.kind == LGF_PLACE_LOCAL)
        p.func = newfn;
    return p;
}

/* Copies function old (with its calls and call sites) from the cache, moved by dl lines. */
static void copy_function(walk *w, const lgf_facts *old, int of, int dl)
{
    int nf = (int)w->facts->nfunctions;
    lgf_function *f = lgf_add_function(w->facts);
    if (f == NULL)
        return;
    *f = old->functions[of];
    f->name = cp(w, f->name);
    f->line = (unsigned)((int)f->line + dl);
    for (size_t i = 0; i < old->ncalls; i++) {
        if (old->calls[i].func != of)
            continue;
        size_t idx = w->facts->ncalls;
        if (lgf_add_call(w->facts) == NULL)
            return;
        lgf_call *c = &w->facts->calls[idx];
        *c = old->calls[i];
        c->func = nf;
        c->line = (unsigned)((int)c->line + dl);
        c->callee = cp(w, c->callee);
        c->text = cp(w, c->text);
        c->fn = cp(w, c->fn);
        c->container = cp_place(w, c->container, nf);
        c->invoked = cp_place(w, c->invoked, nf);
        c->item.text = cp(w, c->item.text);
        if (c->ncaptures > 0) {
            lgf_value *v = lgf_alloc(w->facts, c->ncaptures * sizeof *v);
            for (size_t k = 0; v && k < c->ncaptures; k++) {
                v[k] = old->calls[i].captures[k];
                v[k].text = cp(w, v[k].text);
            }
            c->captures = v;
            if (v == NULL)
                c->ncaptures = 0;
        }
    }
    for (size_t i = 0; i < old->ncallsites; i++) {
        if (old->callsites[i].func != of)
            continue;
        size_t idx = w->facts->ncallsites;
        if (lgf_add_callsite(w->facts) == NULL)
            return;
        lgf_callsite *cs = &w->facts->callsites[idx];
        *cs = old->callsites[i];
        cs->func = nf;
        cs->callee = cp(w, cs->callee);
        cs->args = cs->nargs ? lgf_alloc(w->facts, cs->nargs * sizeof *cs->args) : NULL;
        for (size_t k = 0; cs->args && k < cs->nargs; k++)
            cs->args[k] = cp_place(w, old->callsites[i].args[k], nf);
        if (cs->args == NULL)
            cs->nargs = 0;
    }
}

/* Remembers (and, when possible, reuses) the function definition c. */
static int reuse_function(walk *w, CXCursor c)
{
    struct lg_frontend_cache *k = w->cache;
    CXSourceRange r = clang_getCursorExtent(c);
    long s = file_offset(w, clang_getRangeStart(r)), e = file_offset(w, clang_getRangeEnd(r));
    if (s < 0 || e < s)
        return 0;
    unsigned line, col;
    CXFile f;
    clang_getFileLocation(clang_getRangeStart(r), &f, &line, &col, NULL);
    uint64_t h = fnv(1469598103934665603ull, w->src + s, (size_t)(e - s));
    if (k->nnext == k->capnext) {
        size_t cap = k->capnext ? k->capnext * 2 : 64;
        fn_key *v = realloc(k->next, cap * sizeof *v);
        if (v == NULL)
            return 0;
        k->next = v;
        k->capnext = cap;
    }
    fn_key *mine = &k->next[k->nnext++];
    *mine = (fn_key){ h, line, col, (int)w->facts->nfunctions };
    if (!k->valid || k->skeleton != k->cur_skeleton)
        return 0;
    for (size_t i = 0; i < k->nkeys; i++) {
        fn_key *o = &k->keys[i];
        if (o->hash == h && o->col == col && o->func >= 0) {
            copy_function(w, &k->facts, o->func, (int)line - (int)o->line);
            o->func = -1;                 /* used: identical twins get their own */
            return 1;
        }
    }
    return 0;
}

lg_frontend_cache *lg_frontend_cache_new(void)
{
    return calloc(1, sizeof(lg_frontend_cache));
}

void lg_frontend_cache_free(lg_frontend_cache *k)
{
    if (k == NULL)
        return;
    lgf_free(&k->facts);
    free(k->keys);
    free(k->next);
    free(k);
}

/* ---- parsing */

lg_frontend *lg_frontend_new(void)
{
    lg_frontend *fe = calloc(1, sizeof *fe);
    if (fe != NULL && (fe->index = clang_createIndex(0, 0)) == NULL) {
        free(fe);
        return NULL;
    }
    return fe;
}

void lg_frontend_free(lg_frontend *fe)
{
    if (fe != NULL) {
        clang_disposeIndex(fe->index);
        free(fe);
    }
}

void lg_parse_result_free(lg_parse_result *res)
{
    free(res->source);
    free(res->diagnostics);
    free(res->failure);
    free(res->flag_error);
    memset(res, 0, sizeof *res);
}

static void collect_diagnostics(CXTranslationUnit tu, lg_parse_result *res)
{
    unsigned n = clang_getNumDiagnostics(tu);
    size_t len = 0, cap = 0;
    for (unsigned i = 0; i < n; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        enum CXDiagnosticSeverity sev = clang_getDiagnosticSeverity(d);
        if (sev >= CXDiagnostic_Error) {
            res->has_errors = 1;
            CXFile where = NULL;
            clang_getSpellingLocation(clang_getDiagnosticLocation(d), &where, NULL, NULL, NULL);
            if (where == NULL && res->flag_error == NULL) {   /* the command line's */
                CXString m = clang_getDiagnosticSpelling(d);
                res->flag_error = strdup(clang_getCString(m) ? clang_getCString(m) : "");
                clang_disposeString(m);
            }
            CXString s = clang_formatDiagnostic(d, clang_defaultDiagnosticDisplayOptions());
            const char *t = clang_getCString(s);
            size_t tl = strlen(t ? t : "");
            if (len + tl + 2 > cap) {
                size_t nc = (len + tl + 2) * 2;
                char *p = realloc(res->diagnostics, nc);
                if (p != NULL) {
                    res->diagnostics = p;
                    cap = nc;
                }
            }
            if (len + tl + 2 <= cap) {
                memcpy(res->diagnostics + len, t ? t : "", tl);
                len += tl;
                res->diagnostics[len++] = '\n';
                res->diagnostics[len] = 0;
            }
            clang_disposeString(s);
        }
        clang_disposeDiagnostic(d);
    }
}

static int copy_source(CXTranslationUnit tu, const char *path, lg_parse_result *res)
{
    CXFile f = clang_getFile(tu, path);
    size_t n = 0;
    const char *text = f ? clang_getFileContents(tu, f, &n) : NULL;
    res->source = malloc(n + 1);
    if (res->source == NULL)
        return -1;
    if (text != NULL)
        memcpy(res->source, text, n);
    res->source[n] = 0;
    res->source_len = n;
    return 0;
}

static const char *parse_error_text(enum CXErrorCode e)
{
    switch (e) {
    case CXError_Crashed: return "libclang crashed while parsing";
    case CXError_InvalidArguments: return "invalid arguments for the parser";
    case CXError_ASTReadError: return "the translation unit could not be read";
    default: return "the translation unit could not be parsed";
    }
}

int lg_frontend_run(lg_frontend *fe, const char *path, const char *const *args, int nargs,
                    lgf_facts *facts, lg_parse_result *res)
{
    memset(res, 0, sizeof *res);
    CXTranslationUnit tu = NULL;
    unsigned opts = CXTranslationUnit_None;
#if CINDEX_VERSION_MINOR >= 59
    opts |= CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
#endif
    enum CXErrorCode err = clang_parseTranslationUnit2(fe->index, path, args, nargs, NULL, 0,
                                                       opts, &tu);
    if (err != CXError_Success || tu == NULL) {
        res->failure = strdup(parse_error_text(err));
        return -1;
    }
    int rc = lg_frontend_walk(tu, path, facts, res);
    clang_disposeTranslationUnit(tu);
    return rc;
}

void *lg_frontend_index(lg_frontend *fe)
{
    return fe->index;
}

static int walk_into(void *tu_, const char *path, lgf_facts *facts, lg_parse_result *res,
                     lg_frontend_cache *cache);

int lg_frontend_walk(void *tu_, const char *path, lgf_facts *facts, lg_parse_result *res)
{
    return walk_into(tu_, path, facts, res, NULL);
}

const lgf_facts *lg_frontend_walk_cached(void *tu, const char *path, lg_frontend_cache *cache,
                                         lg_parse_result *res)
{
    lgf_facts facts;
    memset(&facts, 0, sizeof facts);
    if (walk_into(tu, path, &facts, res, cache) < 0) {
        lgf_free(&facts);
        cache->valid = 0;
        return NULL;
    }
    lgf_free(&cache->facts);            /* the new facts replace the old */
    cache->facts = facts;
    cache->valid = 1;
    cache->skeleton = cache->cur_skeleton;
    fn_key *t = cache->keys;             /* swap: this walk's keys are the next walk's cache */
    size_t tc = cache->capkeys;
    cache->keys = cache->next;
    cache->capkeys = cache->capnext;
    cache->nkeys = cache->nnext;
    cache->next = t;
    cache->capnext = tc;
    cache->nnext = 0;
    return &cache->facts;
}

static int walk_into(void *tu_, const char *path, lgf_facts *facts, lg_parse_result *res,
                     lg_frontend_cache *cache)
{
    CXTranslationUnit tu = tu_;
    memset(res, 0, sizeof *res);
    collect_diagnostics(tu, res);
    if (copy_source(tu, path, res) < 0) {
        res->failure = strdup("out of memory");
        return -1;
    }
    walk w;
    memset(&w, 0, sizeof w);
    w.tu = tu;
    w.main = clang_getFile(tu, path);
    w.facts = facts;
    w.src = res->source;
    w.srclen = res->source_len;
    w.func = -1;
    w.self = clang_getNullCursor();
    w.cache = cache;
    lgf_init(facts, path);
    if (cache != NULL) {
        cache->nnext = 0;
        cache->cur_skeleton = skeleton_hash(&w);
    }
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &w);
    free(w.locals);
    free(w.params);
    return 0;
}
