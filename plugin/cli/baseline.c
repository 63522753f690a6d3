/*
 * baseline.c — reads the fingerprints out of a baseline document
 * (baseline.h): one place for `linger findings --baseline` and its fuzz
 * harness.  Anything that is neither shape, or a findings array with an
 * entry lacking a string fingerprint, is refused as a whole.
 */
#include "baseline.h"
#include <assert.h>

/* The results of every run of a SARIF log. */
static void sarif_fingerprints(const json_t *runs, json_t *set)
{
    size_t i, j;
    json_t *run, *res;
    json_array_foreach(runs, i, run)
        json_array_foreach(json_object_get(run, "results"), j, res) {
            const char *fp = json_string_value(json_object_get(
                json_object_get(res, "partialFingerprints"), "lingerFingerprint/v1"));
            if (fp != NULL)
                json_object_set_new(set, fp, json_true());
        }
}

json_t *lg_baseline_set(const json_t *doc, const char **why)
{
    assert(doc != NULL && why != NULL);
    json_t *set = json_object();
    if (set == NULL) {
        *why = "out of memory";
        return NULL;
    }
    *why = NULL;
    if (json_is_array(doc)) {
        size_t i;
        json_t *v;
        json_array_foreach(doc, i, v) {
            const char *fp = json_string_value(json_object_get(v, "fingerprint"));
            if (fp == NULL) {
                *why = "an entry without a \"fingerprint\" (is it 'linger findings --format json' output?)";
                break;
            }
            json_object_set_new(set, fp, json_true());
        }
    } else if (json_is_array(json_object_get(doc, "runs"))) {
        sarif_fingerprints(json_object_get(doc, "runs"), set);
    } else {
        *why = "neither a JSON array of findings nor a SARIF log";
    }
    if (*why != NULL) {
        json_decref(set);
        return NULL;
    }
    return set;
}
