/*
 * analyze.c — see analyze.h.  A file that cannot be read, is not a regular
 * file, or whose parse reports errors is a failed analysis with a message;
 * nothing here exits or prints.
 */
#include "analyze.h"
#include <errno.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LINGER_SOURCE_INCLUDE_DIR
#define LINGER_SOURCE_INCLUDE_DIR ""
#endif

static char *fmt(const char *a, const char *b, const char *c)
{
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

static int fail(lg_analysis *out, char *msg)
{
    out->failed = 1;
    out->error = msg ? msg : strdup("out of memory");
    return -1;
}

const char *const *lg_fallback_includes(void)
{
    static char installed[PATH_MAX + 16];
    static const char *dirs[3];
    static int done;        /* first called before any worker thread starts */
    if (done)
        return dirs;
    done = 1;
    size_t n = 0;
    char exe[PATH_MAX - 16];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = 0;
        char *slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = 0;
            snprintf(installed, sizeof installed, "%s/../include", exe);
            char probe[PATH_MAX + 32];
            snprintf(probe, sizeof probe, "%s/linger/linger.h", installed);
            if (access(probe, R_OK) == 0)
                dirs[n++] = installed;
        }
    }
    if (LINGER_SOURCE_INCLUDE_DIR[0])
        dirs[n++] = LINGER_SOURCE_INCLUDE_DIR;
    dirs[n] = NULL;
    return dirs;
}

/* flags, then -idirafter for each fallback include directory (malloc'd;
 * the strings borrowed), *n of them; NULL when memory ran out. */
static const char **with_fallbacks(const char *const *flags, int nflags, int *n)
{
    const char *const *inc = lg_fallback_includes();
    size_t ninc = 0;
    while (inc[ninc])
        ninc++;
    const char **args = malloc(((size_t)nflags + 2 * ninc + 2) * sizeof *args);
    if (args == NULL)
        return NULL;
    *n = 0;
    for (int i = 0; i < nflags; i++)
        args[(*n)++] = flags[i];
    for (size_t i = 0; i < ninc; i++) {
        args[(*n)++] = "-idirafter";
        args[(*n)++] = inc[i];
    }
    return args;
}

/* The findings of facts over the source src: the enabled rules, then the
 * source's suppression comments. */
static void findings_of(const lgf_facts *facts, const char *src, size_t len, const int *enabled,
                        lg_findings *out)
{
    lgf_dump_if_asked(facts);
    lg_rules_run(facts, enabled, out);
    lg_findings_suppress(out, src, len);
}

int lg_analyze_facts(lg_frontend *fe, const char *path, const char *const *flags, int nflags,
                     lg_analysis *out)
{
    memset(out, 0, sizeof *out);
    out->path = strdup(path);
    struct stat st;
    if (stat(path, &st) != 0)
        return fail(out, fmt(path, ": ", errno == ENOENT ? "no such file" : strerror(errno)));
    if (S_ISDIR(st.st_mode))
        return fail(out, fmt(path, ": ", "is a directory, not a C source file"));
    if (!S_ISREG(st.st_mode))
        return fail(out, fmt(path, ": ", "not a regular file"));
    if (access(path, R_OK) != 0)
        return fail(out, fmt(path, ": ", strerror(errno)));
    int n;
    const char **args = with_fallbacks(flags, nflags, &n);
    if (args == NULL)
        return fail(out, NULL);
    int rc = lg_frontend_run(fe, path, args, n, &out->facts, &out->parse);
    free(args);
    if (rc < 0) {
        lgf_free(&out->facts);
        return fail(out, fmt(path, ": ", out->parse.failure ? out->parse.failure : "parse failed"));
    }
    out->have_facts = 1;
    if (out->parse.flag_error != NULL)
        return fail(out, fmt(path, ": bad compiler flags: ", out->parse.flag_error));
    if (out->parse.has_errors)
        return fail(out, fmt(path, ": ", "the file has errors; findings may be incomplete"));
    return 0;
}

void lg_analysis_judge(lg_analysis *a, const int *enabled, const lgf_project *project)
{
    if (!a->have_facts)
        return;
    a->facts.project = project;
    findings_of(&a->facts, a->parse.source, a->parse.source_len, enabled, &a->findings);
    a->facts.project = NULL;
}

/* Moves a header's unit out of the parse into a (zeroed). */
static void adopt(lg_analysis *a, lga_header *h)
{
    memset(a, 0, sizeof *a);
    a->path = h->path;
    a->parse.source = h->source;
    a->parse.source_len = h->source_len;
    a->facts = h->facts;
    a->have_facts = 1;
    free(h->real);
}

static void drop_headers(lg_parse_result *pr)
{
    lg_parse_result moved = { 0 };
    moved.headers = pr->headers;
    moved.nheaders = pr->nheaders;
    pr->headers = NULL;
    pr->nheaders = 0;
    lg_parse_result_free(&moved);
}

int lg_analysis_adopt_headers(lg_analysis **r, size_t *n)
{
    size_t more = 0;
    for (size_t i = 0; i < *n; i++)
        more += (*r)[i].parse.nheaders;
    lg_analysis *v = more ? realloc(*r, (*n + more) * sizeof *v) : *r;
    if (v == NULL) {
        for (size_t i = 0; i < *n; i++)
            drop_headers(&(*r)[i].parse);
        return -1;
    }
    *r = v;
    size_t k = *n;
    for (size_t i = 0; i < *n; i++) {
        lg_parse_result *pr = &v[i].parse;
        for (size_t j = 0; j < pr->nheaders; j++)
            adopt(&v[k++], &pr->headers[j]);
        free(pr->headers);
        pr->headers = NULL;
        pr->nheaders = 0;
    }
    *n = k;
    return 0;
}

void lg_analysis_judge_compile(lg_analysis *const *r, size_t n, const int *enabled)
{
    lg_index_unit *u = calloc(n ? n : 1, sizeof *u);
    lg_findings *out = calloc(n ? n : 1, sizeof *out);
    if (u == NULL || out == NULL) {          /* memory out: each alone */
        for (size_t i = 0; i < n; i++)
            lg_analysis_judge(r[i], enabled, NULL);
    } else {
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (r[i]->have_facts) {
                lgf_dump_if_asked(&r[i]->facts);
                u[k++] = (lg_index_unit){ r[i]->path, &r[i]->facts, r[i]->parse.source,
                                          r[i]->parse.source_len };
            }
        lg_index_judge_compile(u, k, enabled, out);
        for (size_t i = 0, j = 0; i < n; i++)
            if (r[i]->have_facts)
                r[i]->findings = out[j++];          /* moved */
    }
    free(u);
    free(out);
}

int lg_analyze(lg_frontend *fe, const char *path, const char *const *flags, int nflags,
               const int *enabled, lg_analysis *out)
{
    int rc = lg_analyze_facts(fe, path, flags, nflags, out);
    lg_analysis_judge(out, enabled, NULL);
    if (out->have_facts) {
        lgf_free(&out->facts);
        out->have_facts = 0;
    }
    return rc;
}

void lg_analysis_free(lg_analysis *a)
{
    free(a->path);
    free(a->error);
    lg_parse_result_free(&a->parse);
    lg_findings_free(&a->findings);
    if (a->have_facts)
        lgf_free(&a->facts);
    memset(a, 0, sizeof *a);
}

lg_frontend_unit *lg_analysis_unit_new(const char *path, const char *const *flags, int nflags)
{
    int n;
    const char **args = with_fallbacks(flags, nflags, &n);
    if (args == NULL)
        return NULL;
    lg_frontend_unit *u = lg_frontend_unit_new(path, args, n);
    free(args);
    return u;
}

int lg_analyze_unit(lg_frontend *fe, lg_frontend_unit *u, const char *text, size_t len,
                    const int *enabled, const lg_index *index, lg_findings *out,
                    lg_parse_result *res)
{
    memset(out, 0, sizeof *out);
    const lgf_facts *facts = lg_frontend_unit_update(fe, u, text, len, res);
    if (facts == NULL)
        return -1;
    if (index == NULL) {
        findings_of(facts, text, len, enabled, out);   /* the buffer's comments, not the file's */
        return 0;
    }
    lgf_dump_if_asked(facts);
    /* the unit's facts are judged in place: only their project link is set, then reset */
    lg_index_judge(index, facts->path, (lgf_facts *)(uintptr_t)facts, text, len, enabled, out);
    return 0;
}
