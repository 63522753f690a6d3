/*
 * summary.h — a translation unit's summary: its facts (facts.h) as a
 * versioned JSON text that another process, or another machine, reads back
 * to judge the project as one program (docs/summaries.md).  What a unit does
 * to every place it touches (calls by role on fields, globals and statics),
 * every function it defines with what it does to its parameters (calls on
 * parameter places, the call sites passing them on), the closures it makes
 * with their functions, the tables of callbacks it names, and the lines of
 * its suppression comments.  Paths inside are as the compile named the file,
 * never resolved: nothing absolute is added.
 *
 * Invariant: a summary that lgf_summary_read accepts gives facts every rule
 * can run on — every function index, parameter index and operation it names
 * exists — whatever bytes it was given.
 */
#ifndef LINGER_SUMMARY_H
#define LINGER_SUMMARY_H

#include "facts.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LGF_SUMMARY_VERSION 1     /* the newest summary format this linger writes and reads */

/* The summary of facts as JSON text (malloc'd), with the suppression
 * comments of the unit's source src[0, len) (src may be NULL).  NULL when
 * memory runs out. */
char *lgf_summary_write(const lgf_facts *facts, const char *src, size_t len);

/* Reads a summary into out (lgf_init'ed here; lgf_free it, even on failure).
 * Each call's operation is looked up again in models by the function the
 * model names: a call whose function the models no longer describe is left
 * out.  0, or -1 with "what is wrong" in err (a newer format, bad JSON, a
 * field of the wrong type or out of range). */
int lgf_summary_read(const char *text, size_t len, const lgm_set *models, lgf_facts *out,
                     char *err, size_t errsz);

/* The unit's suppression comments as a source text to give
 * lg_findings_suppress: each recorded line at its line number, blank lines
 * between (malloc'd, *len set; NULL when there are none or memory ran out). */
char *lgf_summary_suppressions(const lgf_facts *facts, size_t *len);

/* The strings that tie a unit to others: long-lived place keys (function 0)
 * and function names defined, called, made into closures or named in tables
 * (function 1).  fn is called once for each (repeats possible). */
void lgf_summary_keys(const lgf_facts *facts, void (*fn)(const char *key, int function, void *arg),
                      void *arg);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_SUMMARY_H */
