/*
 * analyze.h — one translation unit from path and flags to findings: input
 * checks, the libclang front end, the rules, suppression comments.  Shared by
 * `linger check`, `linger-cc` and (for kept units) `linger lsp`.
 */
#ifndef LINGER_ANALYZE_H
#define LINGER_ANALYZE_H

#include "frontend.h"
#include "index.h"
#include "rules.h"

typedef struct {
    char *path;             /* the file as the user named it */
    lg_parse_result parse;  /* source text and diagnostics */
    lg_findings findings;   /* sorted, fingerprinted, suppressions applied */
    int failed;             /* 1: could not be analysed (bad input, parse errors) */
    char *error;            /* what went wrong, for the user; NULL when fine */
    lgf_facts facts;        /* lg_analyze_facts: what the walk found, until judged */
    int have_facts;         /* facts holds a walk (possibly of a file with errors) */
} lg_analysis;

/* Analyses path with compiler flags (libclang-ready).  enabled: per rule, or
 * NULL for all.  Always fills out; returns 0, or -1 when out->failed. */
int lg_analyze(lg_frontend *fe, const char *path, const char *const *flags, int nflags,
               const int *enabled, lg_analysis *out);
void lg_analysis_free(lg_analysis *a);

/* The project's way (`linger check` over a set): lg_analyze up to the facts
 * (out->facts, kept), then, once every unit is walked, lg_analysis_judge
 * runs the rules with facts.project set (NULL: the unit alone) and applies
 * the suppressions. */
int lg_analyze_facts(lg_frontend *fe, const char *path, const char *const *flags, int nflags,
                     lg_analysis *out);
void lg_analysis_judge(lg_analysis *a, const int *enabled, const lgf_project *project);
/* Judges r[0, n) — one compile: its translation unit and the project's
 * headers it walked — as one program seen alone (no other unit), with the
 * enabled rules, each one's suppression comments applied. */
void lg_analysis_judge_compile(lg_analysis *const *r, size_t n, const int *enabled);
/* The project's headers the parses of r[0, *n) walked (parse.headers)
 * become analyses of their own, appended to the malloc'd array *r (*n
 * grows): path, source and facts moved, nothing left in the parses.  0, or
 * -1 when memory ran out (the headers are then dropped). */
int lg_analysis_adopt_headers(lg_analysis **r, size_t *n);

/* The editor's way: a unit kept across edits (frontend.h) for path with
 * compiler flags and the fallback includes; NULL when memory ran out. */
lg_frontend_unit *lg_analysis_unit_new(const char *path, const char *const *flags, int nflags);
/* Brings u to the unsaved text and fills out with its findings (the enabled
 * rules, NULL all; suppression comments of text), judged with the project
 * index (NULL: the unit alone; the buffer's facts replace its stored
 * summary); res as the front end fills it.  0, or -1 when there is no
 * translation unit (res->failure). */
int lg_analyze_unit(lg_frontend *fe, lg_frontend_unit *u, const char *text, size_t len,
                    const int *enabled, const lg_index *index, lg_findings *out,
                    lg_parse_result *res);

/* Directories holding <linger/linger.h> to fall back on (-idirafter), NULL-ended. */
const char *const *lg_fallback_includes(void);

#endif /* LINGER_ANALYZE_H */
