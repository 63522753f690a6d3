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

/* The first retention path in story's evidence (borrowed), or NULL. */
json_t *lg_story_first_path(json_t *story);

#endif /* LINGER_STORY_H */
