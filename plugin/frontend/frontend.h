/*
 * frontend.h — the libclang front end: parses one translation unit once and
 * turns its AST, in one walk, into facts (rules/facts.h).  It also hands back
 * the main file's text (for source lines and suppression comments) and the
 * parse's error diagnostics.
 */
#ifndef LINGER_FRONTEND_H
#define LINGER_FRONTEND_H

#include "facts.h"
#include <stddef.h>

typedef struct {
    char *source;        /* the main file's bytes (malloc'd), NUL-terminated */
    size_t source_len;
    int has_errors;      /* the parse reported errors */
    char *diagnostics;   /* error diagnostics, one per line (malloc'd), or NULL */
    char *failure;       /* why there is no translation unit at all (malloc'd), or NULL */
    char *flag_error;    /* the first error with no place in any file — the command
                            line's ("unknown argument: '-fbogus'") — (malloc'd), or NULL */
} lg_parse_result;

typedef struct lg_frontend lg_frontend;

/* One front end per thread (it owns a libclang index).  models says what
 * calls do and must outlive the front end; NULL: the shipped `linger'
 * model alone, owned by the front end. */
lg_frontend *lg_frontend_new(const lgm_set *models);
void lg_frontend_free(lg_frontend *fe);
/* Uses models (borrowed, outliving the front end) from now on. */
void lg_frontend_set_models(lg_frontend *fe, const lgm_set *models);

/* Parses path with args (compiler flags only: no compiler, no source, no -o)
 * and fills facts.  Returns 0 when a translation unit was produced (it may
 * still have errors), -1 when not (res->failure says why). */
int lg_frontend_run(lg_frontend *fe, const char *path, const char *const *args, int nargs,
                    lgf_facts *facts, lg_parse_result *res);
void lg_parse_result_free(lg_parse_result *res);

/* For front ends that keep their own translation unit (the editor server):
 * the libclang index (a CXIndex), and the walk of a parsed CXTranslationUnit
 * (diagnostics, the main file's text as libclang sees it, facts). */
void *lg_frontend_index(lg_frontend *fe);
int lg_frontend_walk(lg_frontend *fe, void *tu, const char *path, lgf_facts *facts,
                     lg_parse_result *res);

/* Walks again reusing what the last walk of the same file found for every
 * function definition whose text did not change (when nothing outside
 * function definitions changed either).  The facts belong to the cache and
 * live until its next walk; NULL on failure. */
typedef struct lg_frontend_cache lg_frontend_cache;
lg_frontend_cache *lg_frontend_cache_new(void);
void lg_frontend_cache_free(lg_frontend_cache *cache);
const lgf_facts *lg_frontend_walk_cached(lg_frontend *fe, void *tu, const char *path,
                                         lg_frontend_cache *cache, lg_parse_result *res);

#endif /* LINGER_FRONTEND_H */
