/*
 * core.h — the plugin's C side: everything after the walk that `linger
 * check` also does, from the same code — the rules, suppression comments,
 * storing in the findings database and reading back run-time evidence.
 * The C++ side (plugin.cpp) only walks and reports.
 */
#ifndef LINGER_CLANG_CORE_H
#define LINGER_CLANG_CORE_H

#include "facts.h"
#include "rules.h"
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs the enabled rules (NULL: all) over facts into out and drops the
 * findings the source's suppression comments name (src: len bytes, no NUL
 * needed).  Free out with lg_findings_free. */
void lg_plugin_analyze(const lgf_facts *facts, const char *src, size_t len, const int *enabled,
                       lg_findings *out);

/* Stores the findings of path in the database at db as one run of the
 * clang plugin (the compiler's command line, as the kernel has it, is
 * recorded) and marks them with the database's run-time evidence.  0, or
 * -1 with err. */
int lg_plugin_store(const char *db, const char *path, lg_findings *fs, char *err, size_t errsz);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_CLANG_CORE_H */
