/*
 * walk.h — clang's own AST → facts (rules/facts.h), inside the compiler,
 * through the analysis core.  The facts are those the libclang front end
 * (plugin/frontend) produces for the same file: the same rules then give
 * the same findings.
 */
#ifndef LINGER_CLANG_WALK_H
#define LINGER_CLANG_WALK_H

#include "facts.h"

namespace clang {
class ASTContext;
}

/* Walks the main file of ctx's translation unit into facts (initialised here
 * with path), what calls do coming from models.  Returns 0, or -1 when memory ran out (facts are then partial). */
int lg_clang_walk(clang::ASTContext &ctx, const char *path, const lgm_set *models,
                  lgf_facts *facts);

#endif /* LINGER_CLANG_WALK_H */
