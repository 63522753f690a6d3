/*
 * sidecar.h — a compile's summaries carried beside its output, for builds
 * whose compiles run where the findings database is not (Bazel remote
 * execution, any sandbox): with LINGER_SIDECAR set, `linger cc` (linger-cc)
 * writes the summaries of the units it analysed — the translation unit and
 * the project's headers it walked — into a small JSON file next to the
 * object (docs/distributed.md), and `linger ingest` on the user's machine
 * stores them in the findings database, judged with the project index as
 * the compile would have been.
 */
#ifndef LINGER_SIDECAR_H
#define LINGER_SIDECAR_H

#include "index.h"
#include <stddef.h>

#define LG_SIDECAR_VERSION 1   /* the newest sidecar format this linger writes and reads */

/* Where the sidecar of a compile goes, from LINGER_SIDECAR's value spec:
 * "1" — beside the compile's -o output (argv, argc: the compile),
 * OUTPUT.linger; else a directory — DIR/NAME.HASH.linger after the source
 * src.  0, or -1 with err (no -o to put it beside). */
int lg_sidecar_path(const char *spec, char *const *argv, int argc, const char *src, char *out,
                    size_t size, char *err, size_t errsz);

/* Writes the units' summaries to path (a temporary file renamed: never a
 * half-written sidecar).  0, or -1 with err. */
int lg_sidecar_write(const char *path, const lg_index_unit *u, size_t n, char *err,
                     size_t errsz);

/* A sidecar read back: its units (the translation unit first) with their
 * facts and each one's suppression comments as text. */
typedef struct {
    lg_index_unit *u;      /* n units, pointing into facts and supp */
    lgf_facts *facts;      /* each unit's facts (their paths are the units') */
    char **supp;           /* each unit's suppression comments (lgf_summary_suppressions) */
    size_t n;
} lg_sidecar;

/* Reads the sidecar text[0, len) (name: for messages) against models,
 * which must outlive s.  0, or -1 with err naming what is wrong (not JSON,
 * not a sidecar, a newer version, a unit without path or summary, a
 * summary that cannot be read); s needs lg_sidecar_free only on 0. */
int lg_sidecar_parse(const char *text, size_t len, const char *name, const lgm_set *models,
                     lg_sidecar *s, char *err, size_t errsz);
void lg_sidecar_free(lg_sidecar *s);

#endif /* LINGER_SIDECAR_H */
