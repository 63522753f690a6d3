/*
 * index.h — the project index: a compile judged as part of the whole
 * program.  Each compile that stores into a findings database (linger-cc,
 * the clang plugin, `linger cc`) leaves its unit's summary there; the next
 * compile reads every other unit's summary back and judges its own unit
 * with all of them, as `linger check` judges a set of files.  Units whose
 * findings the compile may change (they share a place, a function or a
 * callback table with its unit, now or in the summary it replaces) are
 * judged again and their findings replaced in the same transaction, so that
 * `linger findings` after a build gives the project-wide answer and a
 * rebuild of one file prints no warning the full project would not.
 */
#ifndef LINGER_INDEX_H
#define LINGER_INDEX_H

#include "model.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The unit a compile analysed. */
typedef struct {
    const char *path;       /* the source as the compile named it */
    lgf_facts *facts;       /* its facts (judged here: facts->project is set, then reset) */
    const char *src;        /* its text, for suppression comments (len bytes) */
    size_t len;
} lg_index_unit;

/* What happened to the rest of the project. */
typedef struct {
    size_t units;           /* other units in the index */
    size_t skipped;         /* of them, summaries that could not be read (newer, damaged) */
    size_t rejudged;        /* units judged again and their findings replaced */
    char *notes;            /* one line per skipped summary, or NULL (malloc'd) */
} lg_index_report;

/* Judges the compile's units u[0, nu) — its translation unit, then the
 * project's headers it walked (frontend.h) — against the index in the
 * database at db_path (relative to the start directory) with the enabled
 * rules (NULL: all): fills out[i] with u[i]'s findings, sorted,
 * suppressions applied, marked with their run-time evidence; stores each
 * one's summary and findings and every re-judged unit's findings as one run
 * of tool (argv the command recorded) in one transaction.  A summary that
 * cannot be read is skipped (said in report) and the rest judged.  0, or
 * -1 with err (out is then each unit judged alone). */
int lg_index_compile(const char *db_path, const char *tool, int argc, char **argv,
                     const lg_index_unit *u, size_t nu, const lgm_set *models,
                     const int *enabled, lg_findings *out, lg_index_report *report, char *err,
                     size_t errsz);

void lg_index_report_free(lg_index_report *r);

/* A compile seen alone — its translation unit and the project's headers it
 * walked, u[0, n) — judged as one program with no index (linger-cc and the
 * plugin without a database, --per-file): out[i] gets u[i]'s findings,
 * sorted, its suppression comments applied. */
void lg_index_judge_compile(const lg_index_unit *u, size_t n, const int *enabled,
                            lg_findings *out);

/* ---- the index kept in memory (the editor server's) */
typedef struct lg_index lg_index;

/* Reads every summary of the database at db_path (an absolute path; opened
 * read-only, never written) against models, which must outlive the index.
 * Summaries that cannot be read are skipped (report).  NULL with err. */
lg_index *lg_index_load(const char *db_path, const lgm_set *models, lg_index_report *report,
                        char *err, size_t errsz);
void lg_index_free(lg_index *ix);
/* Judges facts (the unit at path, perhaps an unsaved buffer: its own facts
 * replace its summary in the index) with the index's other units (ix may
 * be NULL: alone), the enabled rules, then src's suppression comments. */
void lg_index_judge(const lg_index *ix, const char *path, lgf_facts *facts, const char *src,
                    size_t len, const int *enabled, lg_findings *out);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_INDEX_H */
