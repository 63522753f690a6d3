/*
 * fuzz_summary.c — libFuzzer harness for translation-unit summaries (the
 * project index's records, which come from other compiles and other
 * machines): the input is a summary's bytes, read by the real reader
 * (rules/summary.c) against the shipped models.  A summary it accepts must
 * be safe to judge — every rule runs over it, alone and as the second unit
 * of a project with itself, with its suppression comments applied — and
 * must survive being written and read again unchanged.  A rejected one
 * must come with a message.
 */
#include "rules.h"
#include "summary.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static char *dump_of(const lgf_facts *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    if (out == NULL)
        abort();
    lgf_dump(f, out);
    fclose(out);
    return buf;
}

static void count_key(const char *key, int function, void *arg)
{
    (void)function;
    *(size_t *)arg += key != NULL;
}

static void judge(lgf_facts *f, const lgf_project *p)
{
    lg_findings out = { 0 };
    f->project = p;
    lg_rules_run(f, NULL, &out);
    f->project = NULL;
    size_t len;
    char *supp = lgf_summary_suppressions(f, &len);
    lg_findings_suppress(&out, supp ? supp : "", len);
    free(supp);
    lg_findings_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    err[0] = 0;
    lgf_facts f;
    if (lgf_summary_read((const char *)data, size, models(), &f, err, sizeof err) < 0) {
        if (err[0] == 0)
            abort();                     /* a refusal says why */
        lgf_free(&f);
        return 0;
    }
    size_t keys = 0;
    lgf_summary_keys(&f, count_key, &keys);
    judge(&f, NULL);
    lgf_facts twin;
    char *text = lgf_summary_write(&f, NULL, 0);
    if (text == NULL)
        abort();
    if (lgf_summary_read(text, strlen(text), models(), &twin, err, sizeof err) < 0)
        abort();                         /* what it writes, it reads */
    const lgf_facts *units[2] = { &f, &twin };
    lgf_project p = { units, 2, 2, 0, lgf_memo_new() };
    judge(&f, &p);
    judge(&twin, &p);
    lgf_memo_free(p.memo);
    char *a = dump_of(&f), *b = dump_of(&twin);
    if (strcmp(a, b) != 0)
        abort();                         /* unchanged through a second summary */
    free(a);
    free(b);
    free(text);
    lgf_free(&twin);
    lgf_free(&f);
    return 0;
}
