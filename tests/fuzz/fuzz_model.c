/*
 * fuzz_model.c — libFuzzer harness for API model files: the input is a
 * model file's bytes, read by the real parser (rules/model.c, libyaml); a
 * model that parses is added to a set and looked up by the names it
 * defines, as the analysis does.  Any crash, leak or undefined behaviour
 * is a bug; a rejected file must come with a positioned message.
 */
#include "model.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024];
    err[0] = 0;
    lgm_model *m = lgm_parse("fuzz.yaml", (const char *)data, size, err, sizeof err);
    if (m == NULL) {
        if (strncmp(err, "fuzz.yaml:", 10) != 0)   /* every error names the file */
            abort();
        return 0;
    }
    lgm_set *s = lgm_set_new();
    if (s == NULL) {
        lgm_model_free(m);
        return 0;
    }
    size_t nf = m->nfunctions;
    char **names = calloc(nf + 1, sizeof *names);
    for (size_t i = 0; names != NULL && i < nf; i++)
        names[i] = strdup(m->functions[i].name);
    if (lgm_set_add(s, m, err, sizeof err) < 0)
        lgm_model_free(m);
    for (size_t i = 0; names != NULL && i < nf; i++) {
        const lgm_function *f = lgm_set_called(s, names[i]);
        if (f == NULL)
            f = lgm_set_written(s, names[i]);
        for (size_t k = 0; f != NULL && k < f->nops; k++)
            (void)lgm_role_name(f->ops[k].role);
        free(names[i]);
    }
    free(names);
    (void)lgm_set_called(s, "g_object_new_with_properties");
    lgm_set_free(s);
    return 0;
}
