/*
 * store.h — storing what a static front door found (`linger check`,
 * `linger-cc`, the clang plugin) in the findings database, and marking each
 * finding with the run-time evidence the database holds for it.  Knows the
 * rules' findings and the database's API, nothing of any front end; prints
 * nothing: errors come back as text.
 */
#ifndef LINGER_STORE_H
#define LINGER_STORE_H

#include "lgdb.h"
#include "rules.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One analysed translation unit. */
typedef struct {
    const char *path;       /* the file as the user named it (resolved here) */
    lg_findings *findings;  /* its findings: stored, then marked in place */
    const lgf_facts *facts; /* its facts, stored as its summary in the project
                               index (index.h); NULL: the index is left as it is */
    const char *src;        /* its text (suppression comments), len bytes */
    size_t len;
} lg_store_unit;

/* Stores the units' findings in the database at db_path (relative to the
 * start directory) as one run of tool, argv being the command recorded;
 * each unit's findings replace that file's earlier ones, and its summary
 * (when it has facts) its earlier one in the project index.  Then marks
 * every finding with its evidence.  0, or -1 with the reason in err. */
int lg_store_findings(const char *db_path, const char *tool, int argc, char **argv,
                      lg_store_unit *units, size_t n, char *err, size_t errsz);

/* Declares to db, from the rules' registry, the evidence kind that
 * confirms each rule (every door that writes findings calls it).  0 or -1. */
int lg_store_declare_rules(lg_db *db);

/* The rule whose declared evidence kind is kind (the first), or NULL. */
const char *lg_store_rule_of_kind(const char *kind);

/* Gives the findings in fs that database row r describes (same fingerprint,
 * rule and capture — wherever the call now is) r's evidence summary and
 * confirmed flag; strip_head drops the leading "confirmed: ". */
void lg_store_mark(lg_findings *fs, const lg_db_finding_row *r, int strip_head);

/* The first retention path the database holds for finding row r (its
 * strongest evidence's), as JSON (malloc'd), or NULL when there is none. */
char *lg_store_first_path(lg_db *db, const lg_db_finding_row *r);
/* Gives the findings in fs that r describes the retention path path (JSON;
 * NULL: nothing changes). */
void lg_store_mark_path(lg_findings *fs, const lg_db_finding_row *r, const char *path);

#ifdef __cplusplus
}
#endif

#endif /* LINGER_STORE_H */
