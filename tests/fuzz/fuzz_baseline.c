/*
 * fuzz_baseline.c — libFuzzer harness for the baseline reader
 * (plugin/cli/baseline.c, what `linger findings --baseline FILE` reads):
 * the bytes as the JSON document a file would hold, parsed by jansson as
 * load_baseline does (any JSON value), then lg_baseline_set.  A refused
 * document must say why; an accepted one is a set of fingerprints, each of
 * which the document names.
 */
#include "baseline.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 1 when s is a string value anywhere in j. */
static int holds(const json_t *j, const char *s, int depth)
{
    if (json_is_string(j))
        return strcmp(json_string_value(j), s) == 0;
    if (depth > 64)
        return 0;
    size_t i;
    const char *k;
    json_t *v;
    if (json_is_array(j))
        json_array_foreach(j, i, v)
            if (holds(v, s, depth + 1))
                return 1;
    if (json_is_object(j))
        json_object_foreach((json_t *)j, k, v)
            if (holds(v, s, depth + 1))
                return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
    if (doc == NULL)
        return 0;
    const char *why = NULL;
    json_t *set = lg_baseline_set(doc, &why);
    if (set == NULL && (why == NULL || *why == 0))
        abort();                              /* refused without a reason */
    if (set != NULL) {
        if (!json_is_object(set) || why != NULL)
            abort();
        const char *fp;
        json_t *v;
        json_object_foreach(set, fp, v)       /* every fingerprint is the document's */
            if (!holds(doc, fp, 0))
                abort();
        json_decref(set);
    }
    json_decref(doc);
    return 0;
}
