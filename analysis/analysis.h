/*
 * analysis.h — the analysis core: everything that turns a translation unit's
 * AST into facts (rules/facts.h), written once for both front ends.  A
 * front end walks its AST in source order (pre-order, as libclang visits
 * cursors) and reports, through these calls, each function definition of
 * the main file, and inside it each local variable, call, pointer
 * assignment and name reference; the core asks back through the adapter
 * (adapter.h) and consults the API models (rules/model.h) for what each
 * call does.  Places, origins, local aliasing, captures and invocations are
 * decided here and nowhere else.
 */
#ifndef LINGER_ANALYSIS_H
#define LINGER_ANALYSIS_H

#include "adapter.h"
#include "facts.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lga_walk lga_walk;

/* Starts a walk filling facts (already lgf_init'ed) for the main file whose
 * text is src[0, len).  models must outlive the facts.  NULL when memory
 * runs out. */
lga_walk *lga_begin(const lga_adapter *a, const lgm_set *models, lgf_facts *facts,
                    const char *src, size_t len);
/* Ends it (the facts stay). */
void lga_end(lga_walk *w);

/* A function definition begins: fn is its declaration, params its
 * parameters.  Everything reported until lga_function_end is inside it. */
void lga_function(lga_walk *w, lga_node fn, int nparams, const lga_node *params);
void lga_function_end(lga_walk *w);
/* A variable and its initial value (a zero node when none): a function's
 * local, or at file scope a variable whose initializer's references are
 * reported next (lga_ref), before any other variable or function. */
void lga_var(lga_walk *w, lga_node var, lga_node init);
/* A call expression. */
void lga_call(lga_walk *w, lga_node call);
/* `lhs = rhs` where the value is a pointer. */
void lga_assign(lga_walk *w, lga_node lhs, lga_node rhs);
/* A name (a reference expression): marks the parameters a function uses;
 * at file scope, a function named in a variable's initializer (a table). */
void lga_ref(lga_walk *w, lga_node ref);
/* `return value;` in the current function. */
void lga_return(lga_walk *w, lga_node value);

/* 1 when the node is all zero (none). */
int lga_node_none(lga_node n);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_ANALYSIS_H */
