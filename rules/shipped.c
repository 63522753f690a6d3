/*
 * shipped.c — the models linger ships (rules/models/NAME.yaml), compiled in by
 * embed_models.cmake so that loading one reads no file, and installed as
 * files beside linger for people to read and copy.
 */
#include "model.h"
#include <stdio.h>
#include <string.h>
#include "shipped_models.h"

size_t lgm_shipped_count(void)
{
    return sizeof shipped / sizeof *shipped;
}

const char *lgm_shipped_name(size_t i)
{
    return i < lgm_shipped_count() ? shipped[i].name : NULL;
}

const char *lgm_shipped_path(size_t i)
{
    return i < lgm_shipped_count() ? shipped[i].path : NULL;
}

lgm_model *lgm_load_shipped(const char *name, char *err, size_t errsz)
{
    for (size_t i = 0; i < lgm_shipped_count(); i++)
        if (strcmp(shipped[i].name, name) == 0) {
            lgm_model *m = lgm_parse(lgm_shipped_path(i), shipped[i].text, shipped[i].len, err,
                                     errsz);
            if (m != NULL)
                m->shipped = 1;
            return m;
        }
    size_t k = (size_t)snprintf(err, errsz, "no shipped model called '%s' (shipped:", name);
    for (size_t i = 0; i < lgm_shipped_count() && k < errsz; i++)
        k += (size_t)snprintf(err + k, errsz - k, " %s", shipped[i].name);
    if (k < errsz)
        snprintf(err + k, errsz - k, "); a model file is named by its path");
    return NULL;
}
