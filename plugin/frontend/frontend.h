/*
 * frontend.h — the libclang front end: parses one translation unit once and
 * turns its AST, in one walk, into facts (rules/facts.h).  It also hands back
 * the main file's text (for source lines and suppression comments) and the
 * parse's error diagnostics.
 */
#ifndef LINGER_FRONTEND_H
#define LINGER_FRONTEND_H

#include "facts.h"
#include "headers.h"
#include <stddef.h>

typedef struct {
    char *source;        /* the main file's bytes (malloc'd), NUL-terminated */
    size_t source_len;
    int has_errors;      /* the parse reported errors */
    char *diagnostics;   /* error diagnostics, one per line (malloc'd), or NULL */
    char *failure;       /* why there is no translation unit at all (malloc'd), or NULL */
    char *flag_error;    /* the first error with no place in any file — the command
                            line's ("unknown argument: '-fbogus'") — (malloc'd), or NULL */
    lga_header *headers;     /* the project's own headers that define functions, in the
                                order the parse met them (malloc'd), each walked once */
    size_t nheaders;
} lg_parse_result;

typedef struct lg_frontend lg_frontend;

/* One front end per thread (it owns a libclang index).  models says what
 * calls do and must outlive the front end; NULL: the shipped `linger'
 * model alone, owned by the front end. */
lg_frontend *lg_frontend_new(const lgm_set *models);
void lg_frontend_free(lg_frontend *fe);
/* Uses models (borrowed, outliving the front end) from now on. */
void lg_frontend_set_models(lg_frontend *fe, const lgm_set *models);
/* Who walks a header when several parses meet it (`linger check`'s units
 * share one): claim(real, arg) returns 1 for the parse that should, 0 for
 * the others; it is called once per header per parse, from the parsing
 * thread.  NULL (the default): every parse walks every header it meets. */
typedef int (*lg_header_claim)(const char *real, void *arg);
void lg_frontend_set_header_claim(lg_frontend *fe, lg_header_claim claim, void *arg);

/* Parses path with args (compiler flags only: no compiler, no source, no -o)
 * and fills facts.  Returns 0 when a translation unit was produced (it may
 * still have errors), -1 when not (res->failure says why). */
int lg_frontend_run(lg_frontend *fe, const char *path, const char *const *args, int nargs,
                    lgf_facts *facts, lg_parse_result *res);
void lg_parse_result_free(lg_parse_result *res);

/* ---- kept units (the editor server): a translation unit kept across
 * edits, parsed from unsaved text with a precompiled preamble (the walks
 * skip the preamble's declarations), reparsed on each update, and walked
 * again reusing what the last walk found for every function definition
 * whose text did not change (when nothing outside function definitions
 * changed either).  One unit is used by one thread at a time. */
typedef struct lg_frontend_unit lg_frontend_unit;
/* A unit for path parsed with args (as lg_frontend_run's; copied) on its
 * first update.  NULL when memory ran out. */
lg_frontend_unit *lg_frontend_unit_new(const char *path, const char *const *args, int nargs);
void lg_frontend_unit_free(lg_frontend_unit *u);
/* Brings u to text (len bytes, the unsaved buffer) and walks it.  The
 * facts belong to u and live until its next update; NULL when there is no
 * translation unit (res->failure says why).  res is filled either way. */
const lgf_facts *lg_frontend_unit_update(lg_frontend *fe, lg_frontend_unit *u, const char *text,
                                         size_t len, lg_parse_result *res);

#endif /* LINGER_FRONTEND_H */
