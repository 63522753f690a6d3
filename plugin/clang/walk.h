/*
 * walk.h — clang's own AST → facts (rules/facts.h), inside the compiler,
 * through the analysis core.  The facts are those the libclang front end
 * (plugin/frontend) produces for the same file: the same rules then give
 * the same findings.
 */
#ifndef LINGER_CLANG_WALK_H
#define LINGER_CLANG_WALK_H

#include "facts.h"
#include "headers.h"

#include "clang/Basic/SourceLocation.h"

#include <vector>

namespace clang {
class ASTContext;
}

/* One of the project's own headers the walk met: its unit and where it is. */
struct lg_clang_header {
    lga_header unit;       /* owned: lga_header_free it */
    clang::FileID file;    /* the header in the compile's source manager */
};

/* Walks the main file of ctx's translation unit into facts (initialised here
 * with path), what calls do coming from models, and — when headers is not
 * null — each of the project's own headers that define functions into a
 * unit appended to *headers, as the libclang front end does.  Returns 0, or
 * -1 when memory ran out (facts are then partial). */
int lg_clang_walk(clang::ASTContext &ctx, const char *path, const lgm_set *models,
                  lgf_facts *facts, std::vector<lg_clang_header> *headers);

#endif /* LINGER_CLANG_WALK_H */
