/*
 * core.h — the plugin's C side: everything after the walk that `linger
 * check` also does, from the same code — the rules, suppression comments,
 * storing in the findings database and reading back run-time evidence.
 * The C++ side (plugin.cpp) only walks and reports.
 */
#ifndef LINGER_CLANG_CORE_H
#define LINGER_CLANG_CORE_H

#include "facts.h"
#include "index.h"
#include "rules.h"
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs the enabled rules (NULL: all) over the compile's units u[0, n) —
 * its translation unit, then the project's headers it walked — judged as
 * one program seen alone, into out[i], and drops the findings each
 * source's suppression comments name.  Free each out[i] with
 * lg_findings_free. */
void lg_plugin_analyze(const lg_index_unit *u, size_t n, const int *enabled, lg_findings *out);

/* The compile's units — its translation unit, then the project's headers
 * it walked — judged with the project index in the database at db
 * (index.h): their summaries and findings stored, with the other units' the
 * compile may change, as one run of the clang plugin; out[i] gets u[i]'s
 * findings, marked with their run-time evidence.  *notes: the summaries
 * skipped, one per line (malloc'd, or NULL).  0, or -1 with err (out then
 * holds each unit judged alone). */
int lg_plugin_judge_indexed(const char *db, const lg_index_unit *u, size_t n,
                            const lgm_set *models, const int *enabled, lg_findings *out,
                            char **notes, char *err, size_t errsz);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_CLANG_CORE_H */
