/*
 * test_fixtures.c — the checker on the C fixture corpus and the examples:
 * every `expect: RULE` comment must be found on its line, at the column of
 * the line's first lg_* call (or its first word: a macro that writes a
 * function), and nothing else may be flagged.  Also checks
 * that fingerprints survive re-indentation, unrelated edits and a move.
 */
#include "analyze.h"
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef FIXTURE_DIR
#error FIXTURE_DIR must be defined
#endif

static const char *flags[] = { "-I" RUNTIME_INCLUDE_DIR };

typedef struct {
    unsigned line;
    unsigned column;     /* first "lg_" on the line */
    char rule[64];
} expectation;

static size_t expectations(const char *src, expectation *out, size_t max)
{
    size_t n = 0;
    unsigned line = 1;
    for (const char *p = src; *p && n < max; line++) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char buf[1024];
        snprintf(buf, sizeof buf, "%.*s", (int)len, p);
        char *e = strstr(buf, "expect:");
        if (e != NULL) {
            char *lg = strstr(buf, "lg_");     /* the first lg_* call, not a type */
            while (lg != NULL && strncmp(lg, "lg_object", 9) == 0)
                lg = strstr(lg + 1, "lg_");
            out[n].line = line;          /* no lg_* call: a macro's call, at its first word */
            out[n].column = lg ? (unsigned)(lg - buf) + 1 : (unsigned)strspn(buf, " \t") + 1;
            sscanf(e + 7, " %63[a-z-]", out[n].rule);
            n++;
        }
        p = end ? end + 1 : p + len;
    }
    return n;
}

static void check_file(const char *path)
{
    lg_frontend *fe = lg_frontend_new(NULL);
    cr_assert_not_null(fe);
    lg_analysis a;
    int rc = lg_analyze(fe, path, flags, 1, NULL, &a);
    cr_assert_eq(rc, 0, "%s: %s\n%s", path, a.error ? a.error : "", a.parse.diagnostics ? a.parse.diagnostics : "");
    expectation ex[64];
    size_t nex = expectations(a.parse.source, ex, 64);
    for (size_t i = 0; i < nex; i++) {
        int found = 0;
        for (size_t j = 0; j < a.findings.n; j++) {
            const lg_finding *f = &a.findings.v[j];
            if (f->line == ex[i].line && strcmp(f->rule, ex[i].rule) == 0) {
                found = 1;
                cr_expect_eq(f->column, ex[i].column, "%s:%u: column %u, expected %u", path,
                             f->line, f->column, ex[i].column);
            }
        }
        cr_expect(found, "%s:%u: expected a %s finding", path, ex[i].line, ex[i].rule);
    }
    for (size_t j = 0; j < a.findings.n; j++) {
        const lg_finding *f = &a.findings.v[j];
        int expected = 0;
        for (size_t i = 0; i < nex; i++)
            expected |= f->line == ex[i].line && strcmp(f->rule, ex[i].rule) == 0;
        cr_expect(expected, "%s:%u:%u: unexpected finding: %s [%s]", path, f->line, f->column,
                  f->message, f->rule);
        cr_expect_eq(strlen(f->fingerprint), 16);
    }
    lg_analysis_free(&a);
    lg_frontend_free(fe);
}

#define FIXTURE(name) \
    Test(fixtures, name) { check_file(FIXTURE_DIR "/" #name ".c"); }

FIXTURE(listener_bad)
FIXTURE(listener_good)
FIXTURE(cache_bad)
FIXTURE(cache_good)
FIXTURE(closure_bad)
FIXTURE(closure_good)
FIXTURE(suppress)

/* The examples: each bad program has exactly its pattern, each good twin none. */
static void check_example(const char *name, const char *rule, unsigned count)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.c", EXAMPLES_DIR, name);
    lg_frontend *fe = lg_frontend_new(NULL);
    lg_analysis a;
    cr_assert_eq(lg_analyze(fe, path, flags, 1, NULL, &a), 0, "%s", a.error ? a.error : "");
    cr_expect_eq(a.findings.n, count, "%s: %zu findings, expected %u", name, a.findings.n, count);
    for (size_t i = 0; i < a.findings.n; i++)
        cr_expect_str_eq(a.findings.v[i].rule, rule, "%s:%u", name, a.findings.v[i].line);
    lg_analysis_free(&a);
    lg_frontend_free(fe);
}

Test(examples, bad_programs_have_their_pattern)
{
    check_example("emitter_strong", "listener-strong-ref", 1);
    check_example("cache_unbounded", "unbounded-cache", 1);
    check_example("closure_big_buffer", "closure-captured-buffer", 1);
    check_example("registry_self", "unbounded-cache", 1);
}

Test(examples, good_twins_are_clean)
{
    const char *good[] = { "emitter_weak", "cache_bounded", "closure_small", "cycle_strong_parent",
                           "cycle_weak_parent", "registry_weak" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        check_example(good[i], "", 0);
}

/* ---- fingerprints */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "%s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    cr_assert_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    return s;
}

/* Findings' fingerprints of path, newline separated, in order. */
static char *fingerprints(const char *path)
{
    lg_frontend *fe = lg_frontend_new(NULL);
    lg_analysis a;
    cr_assert_eq(lg_analyze(fe, path, flags, 1, NULL, &a), 0, "%s", a.error ? a.error : "");
    char *out = calloc(a.findings.n * 17 + 1, 1);
    for (size_t i = 0; i < a.findings.n; i++) {
        strcat(out, a.findings.v[i].fingerprint);
        strcat(out, "\n");
    }
    lg_analysis_free(&a);
    lg_frontend_free(fe);
    return out;
}

Test(fingerprints, survive_reindent_edits_and_moves)
{
    char *orig = fingerprints(FIXTURE_DIR "/listener_bad.c");
    cr_assert_gt(strlen(orig), 0);
    char *src = slurp(FIXTURE_DIR "/listener_bad.c");
    /* re-indent with tabs, add lines at the top, and move it elsewhere */
    char dir[] = "/tmp/linger-fp-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/moved_here.c", dir);
    FILE *f = fopen(path, "w");
    fputs("/* a new header comment */\n\nstatic int unrelated_counter;\n\n", f);
    for (const char *p = src; *p; p++) {
        if (*p == '\n' && strncmp(p + 1, "    ", 4) == 0) {
            fputs("\n\t", f);
            p += 4;
        } else {
            fputc(*p, f);
        }
    }
    fclose(f);
    char *moved = fingerprints(path);
    cr_expect_str_eq(moved, orig);
    remove(path);
    rmdir(dir);
    free(orig);
    free(moved);
    free(src);
}

Test(fingerprints, differ_between_findings)
{
    char *fp = fingerprints(FIXTURE_DIR "/cache_bad.c");
    /* no two lines equal */
    for (char *a = fp; *a; a += 17)
        for (char *b = a + 17; *b; b += 17)
            cr_expect_neq(strncmp(a, b, 16), 0, "duplicate fingerprint %.16s", a);
    free(fp);
}

/* ---- the editor's incremental walk: same findings as a fresh analysis */

static void compare_with_fresh(const char *text, lg_frontend *fe, lg_frontend_unit *unit)
{
    lg_parse_result res;
    lg_findings got = { 0 };
    cr_assert_eq(lg_analyze_unit(fe, unit, text, strlen(text), NULL, NULL, &got, &res), 0, "%s",
                 res.failure ? res.failure : "");
    lg_parse_result_free(&res);
    /* the fresh analysis of the same text, from a file */
    char tmp[] = "/tmp/linger-reuse-XXXXXX.c";
    int fd = mkstemps(tmp, 2);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    lg_analysis a;
    cr_assert_eq(lg_analyze(fe, tmp, flags, 1, NULL, &a), 0, "%s", a.error ? a.error : "");
    cr_expect_eq(got.n, a.findings.n, "%zu findings reused, %zu fresh", got.n, a.findings.n);
    for (size_t i = 0; i < got.n && i < a.findings.n; i++) {
        cr_expect_eq(got.v[i].line, a.findings.v[i].line);
        cr_expect_eq(got.v[i].column, a.findings.v[i].column);
        cr_expect_str_eq(got.v[i].rule, a.findings.v[i].rule);
        cr_expect_str_eq(got.v[i].message, a.findings.v[i].message);
        cr_expect_str_eq(got.v[i].fingerprint, a.findings.v[i].fingerprint);
    }
    lg_analysis_free(&a);
    lg_findings_free(&got);
    unlink(tmp);
}

Test(fixtures, incremental_walk_matches_a_fresh_one)
{
    const char *path = FIXTURE_DIR "/listener_bad.c";
    char *orig = slurp(path);
    lg_frontend *fe = lg_frontend_new(NULL);
    lg_frontend_unit *unit = lg_analysis_unit_new(path, flags, 1);
    cr_assert_not_null(unit);
    compare_with_fresh(orig, fe, unit);            /* first walk: nothing to reuse */
    /* an edit inside one function that moves every later one down two lines */
    const char *needle = "    lg_emitter_on(bus, listener);";
    char *at = strstr(orig, needle);
    cr_assert_not_null(at);
    size_t pre = (size_t)(at - orig);
    char *edited = malloc(strlen(orig) + 64);
    snprintf(edited, strlen(orig) + 64, "%.*s    lg_emitter_off(bus, listener);\n\n%s", (int)pre, orig, at);
    compare_with_fresh(edited, fe, unit);
    /* and back: the removal is gone, the finding returns */
    compare_with_fresh(orig, fe, unit);
    /* an edit outside any function: everything is walked again */
    char *outside = malloc(strlen(orig) + 64);
    snprintf(outside, strlen(orig) + 64, "static int unrelated;\n%s", orig);
    compare_with_fresh(outside, fe, unit);
    lg_frontend_unit_free(unit);
    lg_frontend_free(fe);
    free(orig);
    free(edited);
    free(outside);
}
