/*
 * fuzz_sidecar.c — libFuzzer harness for the sidecars compiles run
 * elsewhere carry back (plugin/cli/sidecar.c; `linger ingest` reads them
 * from other machines): the input is a sidecar's bytes, read by the real
 * reader against the shipped models.  A sidecar it accepts must be safe to
 * judge as one compile (its units together, their suppression comments
 * applied) and must survive being written and read again with the same
 * units; a rejected one must come with a message.
 */
#include "rules.h"
#include "sidecar.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static lgm_set *models(void)
{
    static lgm_set *set;
    char err[512];
    if (set == NULL) {
        set = lgm_set_standard(0, NULL, 0, NULL, err, sizeof err);
        if (set == NULL || lgm_set_add_spec(set, "glib", err, sizeof err) < 0
            || lgm_set_add_spec(set, "cpython", err, sizeof err) < 0)
            abort();
    }
    return set;
}

/* The sidecar's units judged as one compile seen alone. */
static void judge(lg_sidecar *s)
{
    lg_findings *out = calloc(s->n + 1, sizeof *out);
    if (out == NULL)
        abort();
    lg_index_judge_compile(s->u, s->n, NULL, out);
    for (size_t i = 0; i < s->n; i++)
        lg_findings_free(&out[i]);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[1024];
    err[0] = 0;
    lg_sidecar s;
    if (lg_sidecar_parse((const char *)data, size, "fuzz", models(), &s, err, sizeof err) < 0) {
        if (err[0] == 0)
            abort();                     /* a refusal says why */
        return 0;
    }
    judge(&s);
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz-sidecar-%ld.linger", (long)getpid());
    if (lg_sidecar_write(path, s.u, s.n, err, sizeof err) < 0)
        abort();                         /* what it reads, it writes */
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        abort();
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    int c;
    while (mem != NULL && (c = fgetc(f)) != EOF)
        fputc(c, mem);
    fclose(f);
    if (mem == NULL)
        abort();
    fclose(mem);
    unlink(path);
    lg_sidecar twin;
    if (lg_sidecar_parse(text, len, "again", models(), &twin, err, sizeof err) < 0)
        abort();                         /* and reads again */
    if (twin.n != s.n)
        abort();
    for (size_t i = 0; i < s.n; i++)
        if (strcmp(twin.u[i].path, s.u[i].path) != 0 || twin.facts[i].ncalls != s.facts[i].ncalls
            || twin.facts[i].nfunctions != s.facts[i].nfunctions)
            abort();
    lg_sidecar_free(&twin);
    free(text);
    lg_sidecar_free(&s);
    return 0;
}
