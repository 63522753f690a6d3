/*
 * baseline.h — what a baseline holds: the fingerprints of an earlier
 * `linger findings --format json` (an array of objects with "fingerprint")
 * or `--format sarif` output (each result's
 * partialFingerprints."lingerFingerprint/v1").
 */
#ifndef LINGER_BASELINE_H
#define LINGER_BASELINE_H

#include <jansson.h>

/* A new JSON object whose keys are doc's fingerprints (borrowed doc), or
 * NULL with *why set to what is wrong with it (a static string). */
json_t *lg_baseline_set(const json_t *doc, const char **why);

#endif
