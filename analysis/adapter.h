/*
 * adapter.h — what the analysis core (analysis/analysis.h) asks of a front end.
 * A front end walks its own AST in source order and hands the core the
 * nodes that matter (function definitions, local variables, calls,
 * assignments, references); the core asks back through this table — the
 * kind of an expression, a call's callee and arguments, what a name refers
 * to, where a declaration lives, constant values, source positions — and
 * turns the answers into facts.  The libclang front end (plugin/frontend)
 * and the clang plugin (plugin/clang) each implement it; neither holds any
 * reasoning of its own, so both produce the same facts by construction.
 *
 * A node is a small value the front end fills and reads back (a libclang
 * cursor, or a clang AST pointer); the core only copies and compares it
 * through the table.  Strings the table returns live in the facts' arena.
 */
#ifndef LINGER_ADAPTER_H
#define LINGER_ADAPTER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An AST node: an expression, a declaration or a call.  All zero is none. */
typedef struct {
    uintptr_t w[4];     /* the front end's, opaque here */
} lga_node;

/* Expressions, as far as the core tells them apart. */
typedef enum {
    LGA_EXPR_OTHER = 0,  /* anything else: arithmetic, literals, ... */
    LGA_EXPR_WRAP,       /* parentheses, a cast, an implicit conversion: see inner */
    LGA_EXPR_CALL,       /* a function call */
    LGA_EXPR_MEMBER,     /* a.f or p->f: inner is the base, referenced the field */
    LGA_EXPR_REF,        /* a name: referenced is its declaration */
    LGA_EXPR_SUBSCRIPT,  /* a[i]: inner is a */
    LGA_EXPR_NULL        /* the null pointer constant (NULL, 0) */
} lga_expr;

/* Declarations, as far as the core tells them apart. */
typedef enum {
    LGA_DECL_OTHER = 0,  /* a type, an enumerator, ... */
    LGA_DECL_PARAM,      /* a parameter */
    LGA_DECL_LOCAL,      /* a variable of function scope, not static */
    LGA_DECL_LOCAL_STATIC, /* a static variable of function scope */
    LGA_DECL_GLOBAL,     /* a variable of file scope with external linkage */
    LGA_DECL_FILE_STATIC,/* a static variable of file scope */
    LGA_DECL_FUNCTION    /* a function */
} lga_decl;

typedef struct lga_adapter {
    void *ctx;                                            /* the front end's state */
    lga_expr (*expr_kind)(void *ctx, lga_node e);
    /* WRAP: what it wraps; MEMBER, SUBSCRIPT: the base; none otherwise */
    lga_node (*inner)(void *ctx, lga_node e);
    /* The called function's name (after macro expansion), "" when none. */
    const char *(*callee)(void *ctx, lga_node call);
    int (*nargs)(void *ctx, lga_node call);               /* a call's arguments */
    lga_node (*arg)(void *ctx, lga_node call, int i);     /* argument i */
    lga_node (*referenced)(void *ctx, lga_node e);        /* REF, MEMBER: the declaration */
    lga_decl (*decl_kind)(void *ctx, lga_node d);
    const char *(*name)(void *ctx, lga_node d);           /* a declaration's name */
    int (*same)(void *ctx, lga_node a, lga_node b);       /* the same declaration */
    const char *(*record)(void *ctx, lga_node field);     /* a field's record: "struct app" */
    int (*int_value)(void *ctx, lga_node e, long long *v); /* 1 and *v when constant */
    /* The expression's source range as byte offsets in the main file (-1: elsewhere). */
    void (*extent)(void *ctx, lga_node e, long *start, long *end);
    /* Where a node is (its expansion location), 1-based; off in the main file or -1. */
    void (*location)(void *ctx, lga_node n, unsigned *line, unsigned *col, long *off);
    /* A declaration's pointee type when it is a pointer, "" otherwise;
     * canonical or as written. */
    const char *(*pointee)(void *ctx, lga_node d, int canonical);
} lga_adapter;

#ifdef __cplusplus
}
#endif

#endif /* LINGER_ADAPTER_H */
