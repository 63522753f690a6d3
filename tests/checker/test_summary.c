/*
 * test_summary.c — translation-unit summaries (rules/summary.h): the facts of
 * every fixture, example and multi-file project file survive a summary
 * unchanged (compared as lgf_dump's canonical text); the rules find the same
 * findings in facts read back; suppression comments travel; and every bad
 * summary — a newer format, bytes that are not JSON, a field of the wrong
 * type, an index that names nothing — is refused with a message naming it.
 */
#include "analyze.h"
#include "summary.h"
#include <criterion/criterion.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *flags[] = { "-I" RUNTIME_INCLUDE_DIR, "-I" PROJECTS_DIR "/app" };

static char *dump_of(const lgf_facts *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    cr_assert_not_null(out);
    lgf_dump(f, out);
    fclose(out);
    return buf;
}

/* Findings as "rule line:column fingerprint" lines. */
static char *findings_text(const lg_findings *fs)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    for (size_t i = 0; i < fs->n; i++)
        fprintf(out, "%s %u:%u %s\n", fs->v[i].rule, fs->v[i].line, fs->v[i].column,
                fs->v[i].fingerprint);
    fclose(out);
    return buf;
}

static size_t round_trip(const char *path, lgm_set *models)
{
    lg_frontend *fe = lg_frontend_new(models);
    lg_analysis a;
    lg_analyze_facts(fe, path, flags, 2, &a);
    cr_assert(a.have_facts, "%s: %s", path, a.error ? a.error : "");
    char *text = lgf_summary_write(&a.facts, a.parse.source, a.parse.source_len);
    cr_assert_not_null(text);
    cr_assert_null(strchr(text, '\n'), "one line");
    lgf_facts back;
    char err[256];
    int rc = lgf_summary_read(text, strlen(text), models, &back, err, sizeof err);
    cr_assert_eq(rc, 0, "%s: %s", path, err);
    char *want = dump_of(&a.facts), *got = dump_of(&back);
    cr_assert_str_eq(got, want, "%s: facts changed on the way through a summary", path);
    /* the same findings, suppressions applied from the summary alone */
    lg_findings fa = { 0 }, fb = { 0 };
    lg_rules_run(&a.facts, NULL, &fa);
    lg_findings_suppress(&fa, a.parse.source, a.parse.source_len);
    size_t slen;
    char *supp = lgf_summary_suppressions(&back, &slen);
    lg_rules_run(&back, NULL, &fb);
    lg_findings_suppress(&fb, supp ? supp : "", slen);
    char *ta = findings_text(&fa), *tb = findings_text(&fb);
    cr_assert_str_eq(tb, ta, "%s: other findings from the summary", path);
    size_t n = a.facts.ncalls;
    free(supp);
    free(ta);
    free(tb);
    lg_findings_free(&fa);
    lg_findings_free(&fb);
    free(want);
    free(got);
    free(text);
    lgf_free(&back);
    lg_analysis_free(&a);
    lg_frontend_free(fe);
    return n;
}

static size_t round_trip_glob(const char *pattern, lgm_set *models)
{
    glob_t g;
    cr_assert_eq(glob(pattern, 0, NULL, &g), 0, "%s", pattern);
    size_t calls = 0;
    for (size_t i = 0; i < g.gl_pathc; i++)
        calls += round_trip(g.gl_pathv[i], models);
    size_t files = g.gl_pathc;
    globfree(&g);
    cr_assert_gt(files, 0);
    return calls;
}

Test(summary, facts_survive_a_summary)
{
    char err[256];
    lgm_set *models = lgm_set_standard(0, NULL, 0, NULL, err, sizeof err);
    cr_assert_not_null(models, "%s", err);
    size_t calls = round_trip_glob(FIXTURE_DIR "/*.c", models)
                 + round_trip_glob(EXAMPLES_DIR "/*.c", models)
                 + round_trip_glob(PROJECTS_DIR "/app/*.c", models);
    cr_assert_gt(calls, 100, "the corpus has object-API calls (%zu)", calls);
    lgm_set_free(models);
}

Test(summary, suppressions_travel)
{
    lgf_facts f;
    lgf_init(&f, "s.c");
    const char src[] = "int a;\n/* linger-ignore: unbounded-cache */\nint b;\n";
    char *text = lgf_summary_write(&f, src, sizeof src - 1);
    lgf_facts back;
    char err[256];
    cr_assert_eq(lgf_summary_read(text, strlen(text), NULL, &back, err, sizeof err), 0, "%s", err);
    cr_assert_eq(back.nsuppress, 1);
    cr_assert_eq(back.suppress_lines[0], 2);
    size_t len;
    char *s = lgf_summary_suppressions(&back, &len);
    cr_assert_str_eq(s, "\n/* linger-ignore: unbounded-cache */\n");
    cr_assert_eq(len, strlen(s));
    free(s);
    free(text);
    lgf_free(&back);
    lgf_free(&f);
}

/* A header's unit says so, and reads back as one. */
Test(summary, a_header_stays_a_header)
{
    lgf_facts f;
    lgf_init(&f, "include/bus.h");
    f.header = 1;
    char *text = lgf_summary_write(&f, NULL, 0);
    cr_assert(strstr(text, "\"header\":true") != NULL, "%s", text);
    lgf_facts back;
    char err[256];
    cr_assert_eq(lgf_summary_read(text, strlen(text), NULL, &back, err, sizeof err), 0, "%s", err);
    cr_assert_eq(back.header, 1);
    free(text);
    lgf_free(&back);
    f.header = 0;
    text = lgf_summary_write(&f, NULL, 0);
    cr_assert(strstr(text, "header") == NULL, "a translation unit says nothing: %s", text);
    cr_assert_eq(lgf_summary_read(text, strlen(text), NULL, &back, err, sizeof err), 0, "%s", err);
    cr_assert_eq(back.header, 0);
    free(text);
    lgf_free(&back);
    lgf_free(&f);
}

/* Latin-1 bytes in a call's text still make valid JSON. */
Test(summary, bytes_that_are_not_utf8)
{
    lgf_facts f;
    lgf_init(&f, "caf\xe9.c");
    char *text = lgf_summary_write(&f, "/* linger-ignore: x \xff */\n", 24);
    cr_assert_not_null(text);
    lgf_facts back;
    char err[256];
    cr_assert_eq(lgf_summary_read(text, strlen(text), NULL, &back, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(back.path, "caf?.c");
    free(text);
    lgf_free(&back);
    lgf_free(&f);
}

static void refused(const char *text, const char *says)
{
    char err[256] = "";
    lgf_facts back;
    int rc = lgf_summary_read(text, strlen(text), NULL, &back, err, sizeof err);
    lgf_free(&back);
    cr_assert_eq(rc, -1, "accepted: %s", text);
    cr_assert(strstr(err, says) != NULL, "message '%s' does not say '%s'", err, says);
}

#define HEAD "{\"format\": \"linger-summary\", \"version\": 1, \"path\": \"a.c\", "

Test(summary, bad_summaries_are_refused_with_a_reason)
{
    refused("", "not a linger summary");
    refused("{\"format\": \"linger-summary\", \"version\": 1", "not a linger summary");
    refused("[1, 2]", "expected a JSON object");
    refused("{\"format\": \"other\", \"version\": 1}", "no \"format\"");
    refused("{\"format\": \"linger-summary\", \"version\": 2}", "newer than this linger reads (1)");
    refused("{\"format\": \"linger-summary\", \"version\": \"1\"}", "no valid version");
    refused(HEAD "\"functions\": 3}", "summary.functions: expected an array");
    refused(HEAD "\"functions\": [{\"line\": 1}]}", "functions[0].name: a function needs a name");
    refused(HEAD "\"functions\": [{\"name\": \"f\", \"nparams\": -1}]}", "out of range");
    refused(HEAD "\"functions\": [{\"name\": \"f\", \"nparams\": 1, \"params\": []}]}",
            "0 names for 1 parameters");
    refused(HEAD "\"functions\": [{\"name\": \"f\", \"used_params\": \"zz\"}]}", "hexadecimal");
    refused(HEAD "\"calls\": [{\"role\": \"fly\"}]}", "calls[0].role");
    refused(HEAD "\"calls\": [{\"role\": \"insert\", \"callee\": \"f\", \"op\": 7}]}", "calls[0].op");
    refused(HEAD "\"calls\": [{\"role\": \"insert\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {}}]}", "calls[0].op");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"func\": 0, \"item\": {}}]}",
            "calls[0].func: 0 names no function");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {},"
            " \"container\": {\"kind\": \"param\", \"key\": \"p\", \"func\": 0}}]}",
            "names no function");
    refused(HEAD "\"functions\": [{\"name\": \"f\", \"nparams\": 1, \"params\": [\"p\"]}], "
            "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {}, \"func\": 0,"
            " \"container\": {\"kind\": \"param\", \"key\": \"p\", \"func\": 0, \"param\": 3}}]}",
            "is not a parameter of 'f'");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {},"
            " \"container\": {\"kind\": \"global\"}}]}", "a place needs a key");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {\"origin\": 3}}]}",
            "calls[0].origin");
    refused(HEAD "\"callsites\": [{\"callee\": \"g\", \"func\": 4}]}", "callsites[0].func");
    refused(HEAD "\"callsites\": [{\"callee\": \"g\", \"args\": [{\"kind\": \"local\", \"key\": \"x\","
            " \"func\": 2}]}]}", "names no function");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"op\": \"reset\", \"item\": {}}]}",
            "calls[0].callee: a call needs its callee's name");
    refused(HEAD "\"tablerefs\": [{\"table\": \"t\"}]}", "needs a table and a fn");
    refused(HEAD "\"callsites\": [{\"callee\": \"g\", \"args\": [null], \"fns\": [null, \"f\"]}]}",
            "callsites[0].fns: 2 names for 1 arguments");
    refused(HEAD "\"callsites\": [{\"callee\": \"g\", \"args\": [null], \"fns\": [3]}]}",
            "expected a string or null");
    refused(HEAD "\"callsites\": [{\"callee\": \"g\", \"args\": [null], \"nulls\": \"x1\"}]}",
            "callsites[0].nulls: expected hexadecimal digits");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {},"
            " \"fn_from\": {\"kind\": \"param\", \"key\": \"fn\", \"func\": 3}}]}", "names no function");
    refused(HEAD "\"fieldsets\": [{\"func\": -1}]}", "fieldsets[0]: needs a field");
    refused(HEAD "\"fieldsets\": [{\"field\": \"V.b\", \"func\": 2}]}",
            "fieldsets[0].func: 2 names no function");
    refused(HEAD "\"fieldsets\": [{\"field\": \"V.b\", \"made\": 1}]}", "fieldsets[0].made");
    refused(HEAD "\"fieldsets\": {}}", "summary.fieldsets: expected an array");
    refused(HEAD "\"functions\": [{\"name\": \"f\", \"nparams\": 1, \"params\": [\"p\"]}], "
            "\"fieldsets\": [{\"field\": \"V.b\", \"func\": 0, \"param\": 1}]}",
            "fieldsets[0].param: 1 is not a parameter");
    refused(HEAD "\"calls\": [{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {},"
            " \"owner_listener\": 2}]}", "owner_listener");
    refused(HEAD "\"suppress\": [[0, \"x\"]]}", "suppress[0]");
    refused(HEAD "\"suppress\": [\"x\"]}", "suppress[0]");
    refused("{\"format\": \"linger-summary\", \"version\": 1, \"path\": 5}",
            "summary.path: expected a string");
    refused("{\"format\": \"linger-summary\", \"version\": 1, \"version\": 1}", "duplicate");
    refused(HEAD "\"header\": 1}", "\"header\" is not true or false");
}

/* A call whose function the models no longer describe is left out; the rest stays. */
Test(summary, calls_the_models_no_longer_describe_are_left_out)
{
    const char *text = HEAD "\"calls\": ["
        "{\"role\": \"insert\", \"callee\": \"f\", \"op\": {\"function\": \"no_such_fn\", \"index\": 0}, \"item\": {}},"
        "{\"role\": \"clear\", \"callee\": \"f\", \"op\": \"reset\", \"item\": {}, \"container\": {\"kind\": \"global\","
        " \"key\": \"g\"}}]}";
    char err[256];
    lgm_set *models = lgm_set_standard(0, NULL, 0, NULL, err, sizeof err);
    lgf_facts back;
    cr_assert_eq(lgf_summary_read(text, strlen(text), models, &back, err, sizeof err), 0, "%s", err);
    cr_assert_eq(back.ncalls, 1);
    cr_assert_str_eq(back.calls[0].container.key, "g");
    lgf_free(&back);
    lgm_set_free(models);
}
