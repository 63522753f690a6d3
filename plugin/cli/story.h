/*
 * story.h — a finding's whole story from the findings database: the finding
 * (or a leak seen only at run time), its confirmation, the evidence matched
 * to it (growth series and details parsed) and the retention paths the
 * runtime recorded there — one JSON object, what `linger explain`, `linger
 * report` and the editor server show.  Reads only; prints nothing.
 */
#ifndef LINGER_STORY_H
#define LINGER_STORY_H

#include "lgdb.h"
#include <jansson.h>

/* The story of row (a row lg_db_each_finding or lg_db_each_runtime_only
 * gave): the finding's fields as `linger findings --format json` has them,
 * plus "status" (one line), "runtime_only", "holder" (the static place
 * holding a retention path's first node, "" when unknown) and "evidence": the rows
 * matched to it, strongest first, each with "series" and "paths" (arrays;
 * empty when none).  New reference, or NULL with the database's error. */
json_t *lg_story_of(lg_db *db, const lg_db_finding_row *row);

/* Every stored finding, then every runtime-only leak, as stories: a new
 * array, or NULL with the database's error. */
json_t *lg_story_all(lg_db *db);

/* A story's string field (borrowed; "" when absent) and integer field (0). */
const char *lg_story_str(json_t *story, const char *key);
long long lg_story_int(json_t *story, const char *key);
/* When the finding was first seen, "YYYY-MM-DD HH:MM" local time, into buf;
 * 0 when the story has no such time (a runtime-only leak). */
int lg_story_first_seen(json_t *story, char *buf, size_t sz);

/* A retention path (one element of an evidence row's "paths") as lines of
 * text, each begun with indent: where it starts — the root's global, else
 * holder (the static place holding the first node; "" unknown) — then a
 * line per node: its edge, type, allocation site and size.  malloc'd, or
 * NULL on no memory. */
char *lg_story_path_text(json_t *path, const char *holder, const char *indent);

#endif /* LINGER_STORY_H */
