/*
 * analyze.h — one translation unit from path and flags to findings: input
 * checks, the libclang front end, the rules, suppression comments.  Shared by
 * `linger check` and `linger-cc`.
 */
#ifndef LINGER_ANALYZE_H
#define LINGER_ANALYZE_H

#include "frontend.h"
#include "rules.h"

typedef struct {
    char *path;             /* the file as the user named it */
    lg_parse_result parse;  /* source text and diagnostics */
    lg_findings findings;   /* sorted, fingerprinted, suppressions applied */
    int failed;             /* 1: could not be analysed (bad input, parse errors) */
    char *error;            /* what went wrong, for the user; NULL when fine */
} lg_analysis;

/* Analyses path with compiler flags (libclang-ready).  enabled: per rule, or
 * NULL for all.  Always fills out; returns 0, or -1 when out->failed. */
int lg_analyze(lg_frontend *fe, const char *path, const char *const *flags, int nflags,
               const int *enabled, lg_analysis *out);
void lg_analysis_free(lg_analysis *a);

/* Directories holding <linger/linger.h> to fall back on (-idirafter), NULL-ended. */
const char *const *lg_fallback_includes(void);

#endif /* LINGER_ANALYZE_H */
