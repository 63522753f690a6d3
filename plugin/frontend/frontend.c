/*
 * frontend.c — libclang → facts, a thin adapter over the analysis core
 * (analysis/analysis.h).  One visitor with a typed context (`walk`) goes once
 * over the main file's declarations, handing the core each function, local,
 * call, pointer assignment and name; declarations from headers are skipped
 * at the top level, but for the function definitions of the project's own
 * headers (analysis/headers.h), each header walked by a walk of its own
 * into a unit of its own.  The core asks back through the adapter table below (a
 * node is a CXCursor).  Every CXString is disposed in one helper (cx_take).
 * An editor's walk can reuse the facts of functions an edit left alone.
 */
#include "frontend.h"
#include "analysis.h"
#include "headers.h"
#include <clang-c/Index.h>
#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lg_frontend {
    CXIndex index;          /* one per front end (libclang indices are per thread) */
    CXIndex kept_index;     /* for kept units: walks skip the preamble's declarations
                               (excludeDeclarationsFromPCH); made on first use */
    const lgm_set *models;  /* what calls do (borrowed, or owned below) */
    lgm_set *own_models;    /* the default set when none was given */
    lg_header_claim claim;  /* who walks a header several parses meet, or NULL */
    void *claim_arg;
};

struct headers;

typedef struct {
    CXTranslationUnit tu;
    lgf_facts *facts;
    CXFile main;              /* the main file */
    const char *src;          /* main file text */
    size_t srclen;
    lga_walk *core;           /* the analysis core */
    int in_function;          /* inside a function definition of the main file */
    struct lg_frontend_cache *cache; /* reusable facts of the last walk, or NULL */
    struct headers *headers;  /* the main walk's: the project's headers met, or NULL
                                 (a header's own walk, a kept unit's) */
} walk;

/* ---- small helpers */

static const char *cx_take(walk *w, CXString s)
{
    const char *c = clang_getCString(s);
    const char *r = lgf_strdup(w->facts, c ? c : "");
    clang_disposeString(s);
    return r ? r : "";
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

/* ---- the adapter (analysis/adapter.h): a node is a CXCursor */

_Static_assert(sizeof(CXCursor) <= sizeof(lga_node), "a cursor fits in a node");

static lga_node node_of(CXCursor c)
{
    lga_node n;
    memset(&n, 0, sizeof n);
    if (!clang_Cursor_isNull(c))
        memcpy(&n, &c, sizeof c);
    return n;
}

static CXCursor cursor_of(lga_node n)
{
    if (lga_node_none(n))
        return clang_getNullCursor();
    CXCursor c;
    memcpy(&c, &n, sizeof c);
    return c;
}

/* A constant integer value of an expression. */
static int ad_int_value(void *ctx, lga_node n, long long *v)
{
    (void)ctx;
    CXEvalResult r = clang_Cursor_Evaluate(cursor_of(n));
    int ok = 0;
    if (r != NULL) {
        if (clang_EvalResult_getKind(r) == CXEval_Int) {
            *v = clang_EvalResult_getAsLongLong(r);
            ok = 1;
        }
        clang_EvalResult_dispose(r);
    }
    return ok;
}

static lga_expr ad_expr_kind(void *ctx, lga_node n)
{
    CXCursor e = cursor_of(n);
    long long v;
    switch (clang_getCursorKind(e)) {
    case CXCursor_UnexposedExpr: case CXCursor_ParenExpr: case CXCursor_CStyleCastExpr:
        return LGA_EXPR_WRAP;
    case CXCursor_BinaryOperator:   /* `(void)..., x` is x: only a comma takes a void operand */
        return clang_getCursorType(first_expr(e)).kind == CXType_Void ? LGA_EXPR_WRAP
                                                                      : LGA_EXPR_OTHER;
    case CXCursor_CallExpr: return LGA_EXPR_CALL;
    case CXCursor_MemberRefExpr: return LGA_EXPR_MEMBER;
    case CXCursor_DeclRefExpr: return LGA_EXPR_REF;
    case CXCursor_ArraySubscriptExpr: return LGA_EXPR_SUBSCRIPT;
    case CXCursor_GNUNullExpr: return LGA_EXPR_NULL;
    case CXCursor_IntegerLiteral:
        return ad_int_value(ctx, n, &v) && v == 0 ? LGA_EXPR_NULL : LGA_EXPR_OTHER;
    default: return LGA_EXPR_OTHER;
    }
}

static lga_node ad_inner(void *ctx, lga_node n)
{
    (void)ctx;
    CXCursor e = cursor_of(n), inner;
    if (ad_expr_kind(ctx, n) == LGA_EXPR_WRAP)
        return last_expr(e, &inner) > 0 ? node_of(inner) : node_of(clang_getNullCursor());
    return node_of(first_expr(e));
}

static const char *ad_callee(void *ctx, lga_node call)
{
    const char *name = cx_take(ctx, clang_getCursorSpelling(cursor_of(call)));
    if (name != NULL && *name)
        return name;
    /* `(f)(x)`: libclang spells no name through the parentheses; the
     * callee expression, its parentheses and conversions gone, still names f */
    CXCursor c = first_expr(cursor_of(call));
    while (clang_getCursorKind(c) == CXCursor_ParenExpr
           || clang_getCursorKind(c) == CXCursor_UnexposedExpr)
        c = first_expr(c);
    CXCursor d = clang_getCursorKind(c) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(c)
                                                                 : clang_getNullCursor();
    if (clang_Cursor_isNull(d) || clang_getCursorKind(d) != CXCursor_FunctionDecl)
        return name;
    return cx_take(ctx, clang_getCursorSpelling(d));
}

static int ad_nargs(void *ctx, lga_node call)
{
    (void)ctx;
    int n = clang_Cursor_getNumArguments(cursor_of(call));
    return n < 0 ? 0 : n;
}

static lga_node ad_arg(void *ctx, lga_node call, int i)
{
    (void)ctx;
    return node_of(clang_Cursor_getArgument(cursor_of(call), (unsigned)i));
}

static lga_node ad_referenced(void *ctx, lga_node e)
{
    (void)ctx;
    return node_of(clang_getCursorReferenced(cursor_of(e)));
}

static lga_decl ad_decl_kind(void *ctx, lga_node n)
{
    (void)ctx;
    CXCursor d = cursor_of(n);
    switch (clang_getCursorKind(d)) {
    case CXCursor_ParmDecl: return LGA_DECL_PARAM;
    case CXCursor_FunctionDecl: return LGA_DECL_FUNCTION;
    case CXCursor_VarDecl: {
        int is_static = clang_Cursor_getStorageClass(d) == CX_SC_Static;
        if (clang_getCursorKind(clang_getCursorSemanticParent(d)) == CXCursor_FunctionDecl)
            return is_static ? LGA_DECL_LOCAL_STATIC : LGA_DECL_LOCAL;
        return is_static ? LGA_DECL_FILE_STATIC : LGA_DECL_GLOBAL;
    }
    default: return LGA_DECL_OTHER;
    }
}

static const char *ad_name(void *ctx, lga_node d)
{
    return cx_take(ctx, clang_getCursorSpelling(cursor_of(d)));
}

static int ad_same(void *ctx, lga_node a, lga_node b)
{
    (void)ctx;
    return clang_equalCursors(cursor_of(a), cursor_of(b));
}

static const char *ad_record(void *ctx, lga_node field)
{
    CXCursor rec = clang_getCursorSemanticParent(cursor_of(field));
    return cx_take(ctx, clang_getTypeSpelling(clang_getCursorType(rec)));
}

static void ad_extent(void *ctx, lga_node e, long *start, long *end)
{
    CXSourceRange r = clang_getCursorExtent(cursor_of(e));
    *start = file_offset(ctx, clang_getRangeStart(r));
    *end = file_offset(ctx, clang_getRangeEnd(r));
}

static void ad_location(void *ctx, lga_node n, unsigned *line, unsigned *col, long *off)
{
    walk *w = ctx;
    CXFile f;
    unsigned o;
    clang_getExpansionLocation(clang_getCursorLocation(cursor_of(n)), &f, line, col, &o);
    *off = f != NULL && clang_File_isEqual(f, w->main) && o <= w->srclen ? (long)o : -1;
}

static const char *ad_pointee(void *ctx, lga_node d, int canonical)
{
    CXType t = clang_getCursorType(cursor_of(d));
    if (clang_getCanonicalType(t).kind != CXType_Pointer)
        return "";
    CXType p = canonical ? clang_getCanonicalType(clang_getPointeeType(clang_getCanonicalType(t)))
                         : clang_getPointeeType(t);
    return cx_take(ctx, clang_getTypeSpelling(p));
}

static lga_adapter adapter_for(walk *w)
{
    lga_adapter a = { w, ad_expr_kind, ad_inner, ad_callee, ad_nargs, ad_arg, ad_referenced,
                      ad_decl_kind, ad_name, ad_same, ad_record, ad_int_value, ad_extent,
                      ad_location, ad_pointee };
    return a;
}

/* ---- the walk: what the core needs to see, in libclang's pre-order */

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data);

static void on_var(walk *w, CXCursor c)
{
    CXCursor init;
    if (last_expr(c, &init) == 0)
        init = clang_getNullCursor();
    lga_var(w->core, node_of(c), node_of(init));
}

/* `lhs = rhs` (and other binary operators) whose value is a pointer. */
static void on_binary(walk *w, CXCursor c)
{
    CXType t = clang_getCanonicalType(clang_getCursorType(c));
    CXCursor rhs;
    if (t.kind != CXType_Pointer || last_expr(c, &rhs) < 2)
        return;
    lga_assign(w->core, node_of(first_expr(c)), node_of(rhs));
}

static void on_function(walk *w, CXCursor c)
{
    int n = clang_Cursor_getNumArguments(c);
    n = n < 0 ? 0 : n;
    lga_node *params = n ? calloc((size_t)n, sizeof *params) : NULL;
    if (n && params == NULL)
        n = 0;
    for (int i = 0; i < n; i++)
        params[i] = node_of(clang_Cursor_getArgument(c, (unsigned)i));
    lga_function(w->core, node_of(c), n, params);
    free(params);
    w->in_function = 1;
    clang_visitChildren(c, visit, w);
    w->in_function = 0;
    lga_function_end(w->core);
}

static enum CXChildVisitResult visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    walk *w = data;
    switch (clang_getCursorKind(c)) {
    case CXCursor_FunctionDecl:
        if (!w->in_function && clang_isCursorDefinition(c))
            on_function(w, c);
        return CXChildVisit_Continue;
    case CXCursor_VarDecl:
        on_var(w, c);
        return CXChildVisit_Recurse;
    case CXCursor_CallExpr:
        lga_call(w->core, node_of(c));
        return CXChildVisit_Recurse;
    case CXCursor_BinaryOperator:
        on_binary(w, c);
        return CXChildVisit_Recurse;
    case CXCursor_DeclRefExpr:
        lga_ref(w->core, node_of(c));
        return CXChildVisit_Recurse;
    case CXCursor_ReturnStmt:
        lga_return(w->core, node_of(first_expr(c)));
        return CXChildVisit_Recurse;
    default:
        return CXChildVisit_Recurse;
    }
}

static int reuse_function(walk *w, CXCursor c);
static void header_definition(walk *w, CXCursor c, CXCursor parent);

/* A function definition a macro expanded in the main file made
 * (`DEFINE_ADDER(add_hook, hooks)`): the main file's code. */
static int made_in_main_file(walk *w, CXCursor c)
{
    if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c))
        return 0;
    CXFile f;
    clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
    return f != NULL && clang_File_isEqual(f, w->main);
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
    walk *w = data;
    if (!clang_Location_isFromMainFile(clang_getCursorLocation(c))
        && !made_in_main_file(w, c)) {
        if (w->headers != NULL && clang_getCursorKind(c) == CXCursor_FunctionDecl
            && clang_isCursorDefinition(c))
            header_definition(w, c, parent);   /* the project's own headers' functions */
        return CXChildVisit_Continue;
    }
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

typedef struct lg_frontend_cache lg_frontend_cache;

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
            lgf_copy_function(w->facts, &k->facts, o->func, (int)line - (int)o->line);
            o->func = -1;                 /* used: identical twins get their own */
            return 1;
        }
    }
    return 0;
}

static lg_frontend_cache *cache_new(void)
{
    return calloc(1, sizeof(lg_frontend_cache));
}

static void cache_free(lg_frontend_cache *k)
{
    if (k == NULL)
        return;
    lgf_free(&k->facts);
    free(k->keys);
    free(k->next);
    free(k);
}

/* ---- the project's own headers (analysis/headers.h): each function
 * definition of one is walked into that header's facts, by a walk whose
 * main file is the header.  A header not the project's, or claimed by
 * another parse, is remembered as skipped. */

typedef struct {
    walk w;               /* the header's walk (w.facts = &unit.facts) */
    lga_adapter ad;       /* the core's adapter over w */
    CXFile file;          /* the header */
    int ours;             /* 0: skipped */
    lga_header unit;      /* what the walk makes */
} header_walk;

struct headers {
    lg_frontend *fe;
    const char *main_path;    /* the main file as the parse named it */
    header_walk **v;          /* every header met */
    size_t n, cap;
};

static void header_walk_free(header_walk *h)
{
    if (h == NULL)
        return;
    lga_end(h->w.core);
    lga_header_free(&h->unit);
    free(h);
}

/* The real path of f (what the compile opened), or "" (in buf). */
static const char *real_path_of(CXFile f, char *buf, size_t size)
{
    CXString r = clang_File_tryGetRealPathName(f);
    const char *s = clang_getCString(r);
    buf[0] = 0;
    if (s != NULL && s[0] == '/' && realpath(s, buf) == NULL)
        snprintf(buf, size, "%s", s);
    clang_disposeString(r);
    if (buf[0] == 0) {
        CXString n = clang_getFileName(f);
        const char *name = clang_getCString(n);
        if (name == NULL || realpath(name, buf) == NULL)
            buf[0] = 0;
        clang_disposeString(n);
    }
    return buf;
}

/* Starts h's walk of its header (1), or says it cannot (0). */
static int header_start(walk *w, header_walk *h, const char *real)
{
    size_t n = 0;
    const char *text = clang_getFileContents(w->tu, h->file, &n);
    if (text == NULL || lga_header_init(&h->unit, real, text, n) < 0)
        return 0;
    h->w.tu = w->tu;
    h->w.facts = &h->unit.facts;
    h->w.main = h->file;
    h->w.src = h->unit.source;
    h->w.srclen = n;
    h->ad = adapter_for(&h->w);
    h->w.core = lga_begin(&h->ad, w->headers->fe->models, &h->unit.facts, h->w.src, n);
    return h->w.core != NULL;
}

/* The walk of the header f is in, made on first meeting; NULL when none
 * (memory ran out). */
static header_walk *header_of(walk *w, CXFile f, CXSourceLocation loc)
{
    struct headers *hs = w->headers;
    for (size_t i = 0; i < hs->n; i++)
        if (clang_File_isEqual(hs->v[i]->file, f))
            return hs->v[i];
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? hs->cap * 2 : 8;
        header_walk **v = realloc(hs->v, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        hs->v = v;
        hs->cap = cap;
    }
    header_walk *h = calloc(1, sizeof *h);
    if (h == NULL)
        return NULL;
    h->file = f;
    hs->v[hs->n++] = h;
    char real[PATH_MAX];
    real_path_of(f, real, sizeof real);
    h->ours = real[0] != 0
              && lga_header_own(hs->main_path, real, clang_Location_isInSystemHeader(loc))
              && (hs->fe->claim == NULL || hs->fe->claim(real, hs->fe->claim_arg));
    if (h->ours && !header_start(w, h, real))
        h->ours = 0;
    return h;
}

static void header_definition(walk *w, CXCursor c, CXCursor parent)
{
    CXFile f;
    clang_getExpansionLocation(clang_getCursorLocation(c), &f, NULL, NULL, NULL);
    if (f == NULL)
        return;
    header_walk *h = header_of(w, f, clang_getCursorLocation(c));
    if (h != NULL && h->ours)
        visit(c, parent, &h->w);
}

/* Hands the headers walked (those that define functions) to res; frees the
 * rest. */
/* Every header the unit includes that is the project's own — also those
 * that define no function (a header whose last inline function was deleted:
 * its empty unit replaces what the index held of it) — is met here, after
 * the walk.  System headers and those under the system's roots are passed
 * over before any path is resolved. */
static void inclusion_visit(CXFile f, CXSourceLocation *stack, unsigned depth, CXClientData d)
{
    walk *w = d;
    if (depth == 0 || f == NULL || clang_File_isEqual(f, w->main))
        return;                              /* the main file */
    CXSourceLocation at = clang_getLocationForOffset(w->tu, f, 0);
    if (clang_Location_isInSystemHeader(at))
        return;
    CXString n = clang_getFileName(f);
    const char *name = clang_getCString(n);
    int foreign = name == NULL || lga_header_foreign(name);
    clang_disposeString(n);
    (void)stack;
    if (!foreign)
        header_of(w, f, at);
}

static int by_real(const void *a, const void *b)
{
    const header_walk *x = *(header_walk *const *)a, *y = *(header_walk *const *)b;
    return strcmp(x->unit.real ? x->unit.real : "", y->unit.real ? y->unit.real : "");
}

/* Hands the headers walked to res — those that define functions in the
 * order the walk met them, then the others by path; frees the rest. */
static void headers_finish(struct headers *hs, lg_parse_result *res)
{
    header_walk **order = calloc(hs->n + 1, sizeof *order);
    size_t k = 0;
    for (size_t i = 0; order != NULL && i < hs->n; i++)
        if (hs->v[i]->ours && hs->v[i]->unit.facts.nfunctions > 0)
            order[k++] = hs->v[i];
    size_t defining = k;
    for (size_t i = 0; order != NULL && i < hs->n; i++)
        if (hs->v[i]->ours && hs->v[i]->unit.facts.nfunctions == 0)
            order[k++] = hs->v[i];
    if (k > defining)
        qsort(order + defining, k - defining, sizeof *order, by_real);
    res->headers = k ? calloc(k, sizeof *res->headers) : NULL;
    for (size_t j = 0; res->headers != NULL && j < k; j++) {
        lga_end(order[j]->w.core);
        order[j]->w.core = NULL;
        res->headers[res->nheaders++] = order[j]->unit;   /* moved: nothing points at it now */
        memset(&order[j]->unit, 0, sizeof order[j]->unit);
    }
    for (size_t i = 0; i < hs->n; i++)
        header_walk_free(hs->v[i]);
    free(order);
    free(hs->v);
    hs->v = NULL;
}

void lg_frontend_set_header_claim(lg_frontend *fe, lg_header_claim claim, void *arg)
{
    fe->claim = claim;
    fe->claim_arg = arg;
}

/* ---- parsing */

lg_frontend *lg_frontend_new(const lgm_set *models)
{
    lg_frontend *fe = calloc(1, sizeof *fe);
    if (fe == NULL)
        return NULL;
    if (models == NULL) {
        char err[512];
        fe->own_models = lgm_set_standard(0, NULL, 0, NULL, err, sizeof err);
        models = fe->own_models;
    }
    fe->models = models;
    if (models == NULL || (fe->index = clang_createIndex(0, 0)) == NULL) {
        lgm_set_free(fe->own_models);
        free(fe);
        return NULL;
    }
    return fe;
}

void lg_frontend_free(lg_frontend *fe)
{
    if (fe != NULL) {
        if (fe->kept_index != NULL)
            clang_disposeIndex(fe->kept_index);
        clang_disposeIndex(fe->index);
        lgm_set_free(fe->own_models);
        free(fe);
    }
}

void lg_frontend_set_models(lg_frontend *fe, const lgm_set *models)
{
    fe->models = models;
}


void lg_parse_result_free(lg_parse_result *res)
{
    for (size_t i = 0; i < res->nheaders; i++)
        lga_header_free(&res->headers[i]);
    free(res->headers);
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

static int frontend_walk(lg_frontend *fe, void *tu_, const char *path, lgf_facts *facts,
                         lg_parse_result *res);

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
    int rc = frontend_walk(fe, tu, path, facts, res);
    clang_disposeTranslationUnit(tu);
    return rc;
}

static int walk_into(lg_frontend *fe, void *tu_, const char *path, lgf_facts *facts,
                     lg_parse_result *res, lg_frontend_cache *cache);

static int frontend_walk(lg_frontend *fe, void *tu_, const char *path, lgf_facts *facts,
                         lg_parse_result *res)
{
    return walk_into(fe, tu_, path, facts, res, NULL);
}

/* Walks tu reusing what the cache's last walk found (see frontend.h); the
 * facts belong to the cache. */
static const lgf_facts *walk_cached(lg_frontend *fe, void *tu, const char *path,
                                    lg_frontend_cache *cache, lg_parse_result *res)
{
    lgf_facts facts;
    memset(&facts, 0, sizeof facts);
    if (walk_into(fe, tu, path, &facts, res, cache) < 0) {
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

static int walk_into(lg_frontend *fe, void *tu_, const char *path, lgf_facts *facts,
                     lg_parse_result *res, lg_frontend_cache *cache)
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
    w.cache = cache;
    lgf_init(facts, path);
    lga_adapter ad = adapter_for(&w);
    w.core = lga_begin(&ad, fe->models, facts, w.src, w.srclen);
    if (w.core == NULL || facts->path == NULL) {
        lga_end(w.core);
        res->failure = strdup("out of memory");
        return -1;
    }
    if (cache != NULL) {
        cache->nnext = 0;
        cache->cur_skeleton = skeleton_hash(&w);
    }
    struct headers hs = { fe, path, NULL, 0, 0 };
    w.headers = cache == NULL ? &hs : NULL;     /* a kept unit's preamble is not walked */
    clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, &w);
    if (w.headers != NULL)
        clang_getInclusions(tu, inclusion_visit, &w);
    lga_end(w.core);
    headers_finish(&hs, res);
    return 0;
}

/* ---- kept units (the editor server) */

struct lg_frontend_unit {
    char *path;                 /* the main file */
    char **args;                /* the parse's arguments (owned copies) */
    int nargs;
    CXTranslationUnit tu;       /* NULL until parsed, or after a failed reparse */
    lg_frontend_cache *cache;   /* the last walk's facts, per function */
};

lg_frontend_unit *lg_frontend_unit_new(const char *path, const char *const *args, int nargs)
{
    assert(path != NULL && nargs >= 0 && (args != NULL || nargs == 0));
    lg_frontend_unit *u = calloc(1, sizeof *u);
    if (u == NULL)
        return NULL;
    u->path = strdup(path);
    u->args = calloc((size_t)nargs + 1, sizeof *u->args);
    u->cache = cache_new();
    int ok = u->path != NULL && u->args != NULL && u->cache != NULL;
    for (int i = 0; ok && i < nargs; i++)
        ok = (u->args[u->nargs++] = strdup(args[i])) != NULL;
    if (!ok) {
        lg_frontend_unit_free(u);
        return NULL;
    }
    return u;
}

void lg_frontend_unit_free(lg_frontend_unit *u)
{
    if (u == NULL)
        return;
    if (u->tu != NULL)
        clang_disposeTranslationUnit(u->tu);
    cache_free(u->cache);
    for (int i = 0; i < u->nargs; i++)
        free(u->args[i]);
    free(u->args);
    free(u->path);
    free(u);
}

/* u->tu holding text: a reparse, else a parse with a precompiled preamble. */
static enum CXErrorCode unit_parse(lg_frontend *fe, lg_frontend_unit *u, const char *text,
                                   size_t len)
{
    struct CXUnsavedFile unsaved = { u->path, text, (unsigned long)len };
    if (u->tu != NULL && clang_reparseTranslationUnit(u->tu, 1, &unsaved,
                                                      clang_defaultReparseOptions(u->tu)) != 0) {
        clang_disposeTranslationUnit(u->tu);   /* a failed reparse leaves it unusable */
        u->tu = NULL;
    }
    if (u->tu != NULL)
        return CXError_Success;
    if (fe->kept_index == NULL && (fe->kept_index = clang_createIndex(1, 0)) == NULL)
        return CXError_Failure;
    unsigned opts = CXTranslationUnit_PrecompiledPreamble | CXTranslationUnit_KeepGoing
                    | CXTranslationUnit_CreatePreambleOnFirstParse;
    enum CXErrorCode err = clang_parseTranslationUnit2(fe->kept_index, u->path,
        (const char *const *)u->args, u->nargs, &unsaved, 1, opts, &u->tu);
    if (err != CXError_Success)
        u->tu = NULL;
    return u->tu != NULL ? CXError_Success : err != CXError_Success ? err : CXError_Failure;
}

const lgf_facts *lg_frontend_unit_update(lg_frontend *fe, lg_frontend_unit *u, const char *text,
                                         size_t len, lg_parse_result *res)
{
    assert(fe != NULL && u != NULL && (text != NULL || len == 0) && res != NULL);
    memset(res, 0, sizeof *res);
    enum CXErrorCode err = unit_parse(fe, u, text, len);
    if (err != CXError_Success) {
        res->failure = strdup(parse_error_text(err));
        return NULL;
    }
    const lgf_facts *facts = walk_cached(fe, u->tu, u->path, u->cache, res);
    if (facts == NULL && res->failure == NULL)
        res->failure = strdup("out of memory");
    return facts;
}
