/*
 * finding.c — the findings list: adding findings with notes and fix-its,
 * fingerprints, sorting, and suppression comments.
 *
 * A fingerprint hashes rule, place, enclosing function and the normalised text
 * of the storing call (plus its rank among identical ones), never a path or a
 * line: it survives unrelated edits, re-indentation and moving the file.
 */
#include "rules.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t fnv(uint64_t h, const char *s);

__attribute__((format(printf, 1, 0))) static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *s = malloc(n < 0 ? 1 : (size_t)n + 1);
    if (s != NULL)
        vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s ? s : "");
    char *d = malloc(n + 1);
    if (d != NULL)
        memcpy(d, s ? s : "", n + 1);
    return d;
}

lg_finding *lg_findings_add(lg_findings *out, const char *rule, const lgf_call *at,
                            const lgf_facts *facts, const char *fmt, ...)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        lg_finding *v = realloc(out->v, cap * sizeof *v);
        if (v == NULL)
            return NULL;
        out->v = v;
        out->cap = cap;
    }
    lg_finding *f = &out->v[out->n++];
    memset(f, 0, sizeof *f);
    va_list ap;
    va_start(ap, fmt);
    f->message = vformat(fmt, ap);
    va_end(ap);
    f->rule = rule;
    f->capture = -1;
    f->line = at->line;
    f->column = at->column;
    f->length = at->in_macro ? 0 : (unsigned)strlen(at->callee);   /* (a macro's call: a point) */
    f->function = xstrdup(at->func >= 0 ? facts->functions[at->func].name : "");
    f->place = xstrdup(at->container.key ? at->container.key : "");
    uint64_t h = 1469598103934665603ull;
    h = fnv(h, rule);
    h = fnv(h, f->place);
    h = fnv(h, f->function);
    f->key = fnv(h, at->text ? at->text : "");
    return f;
}

void lg_finding_note(lg_finding *f, unsigned line, unsigned column, const char *fmt, ...)
{
    lg_note *v = realloc(f->notes, (f->nnotes + 1) * sizeof *v);
    if (v == NULL)
        return;
    f->notes = v;
    va_list ap;
    va_start(ap, fmt);
    v[f->nnotes].message = vformat(fmt, ap);
    va_end(ap);
    v[f->nnotes].line = line;
    v[f->nnotes].column = column;
    f->nnotes++;
}

void lg_finding_fixit(lg_finding *f, unsigned line, unsigned column, unsigned length,
                      const char *replacement)
{
    lg_fixit *x = malloc(sizeof *x);
    if (x == NULL)
        return;
    *x = (lg_fixit){ line, column, length, xstrdup(replacement) };
    free(f->fixit ? f->fixit->replacement : NULL);
    free(f->fixit);
    f->fixit = x;
}

static void finding_free(lg_finding *f)
{
    free(f->message);
    free(f->function);
    free(f->place);
    free(f->fingerprint);
    free(f->runtime);
    free(f->retention);
    for (size_t i = 0; i < f->nnotes; i++)
        free(f->notes[i].message);
    free(f->notes);
    if (f->fixit)
        free(f->fixit->replacement);
    free(f->fixit);
}

void lg_findings_free(lg_findings *out)
{
    for (size_t i = 0; i < out->n; i++)
        finding_free(&out->v[i]);
    free(out->v);
    memset(out, 0, sizeof *out);
}

/* ---- fingerprints */

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    h ^= 0xff;                    /* field separator */
    return h * 1099511628211ull;
}

static int by_position(const void *a, const void *b)
{
    const lg_finding *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

void lg_findings_finish(lg_findings *out)
{
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, by_position);
    for (size_t i = 0; i < out->n; i++) {
        unsigned rank = 0;                /* identical keys earlier in the file */
        for (size_t j = 0; j < i; j++)
            rank += out->v[j].key == out->v[i].key;
        char r[16], buf[17];
        snprintf(r, sizeof r, "%u", rank);
        snprintf(buf, sizeof buf, "%016llx", (unsigned long long)fnv(out->v[i].key, r));
        free(out->v[i].fingerprint);
        out->v[i].fingerprint = xstrdup(buf);
    }
}

/* ---- suppressions */

static int word_char(int c)
{
    return isalnum(c) || c == '-' || c == '_';
}

int lg_suppression_matches(const char *line, size_t len, const char *rule)
{
    static const char tag[] = "linger-ignore";
    size_t rl = strlen(rule);
    for (size_t i = 0; i + sizeof tag - 1 <= len; i++) {
        if (memcmp(line + i, tag, sizeof tag - 1) != 0)
            continue;
        size_t p = i + sizeof tag - 1;
        while (p < len && (line[p] == ':' || line[p] == ' ' || line[p] == '\t'))
            p++;
        while (p < len) {                 /* a comma list of rule names */
            size_t s = p;
            while (p < len && word_char((unsigned char)line[p]))
                p++;
            if (p - s == rl && memcmp(line + s, rule, rl) == 0)
                return 1;
            while (p < len && (line[p] == ' ' || line[p] == '\t'))
                p++;
            if (p >= len || line[p] != ',')
                break;
            p++;
            while (p < len && (line[p] == ' ' || line[p] == '\t'))
                p++;
        }
    }
    return 0;
}

void lg_findings_suppress(lg_findings *out, const char *src, size_t len)
{
    if (out->n == 0 || src == NULL)
        return;                               /* (no text: no comment suppresses) */
    size_t nlines = 1;                        /* one pass: where each line starts */
    for (size_t i = 0; i < len; i++)
        nlines += src[i] == '\n';
    size_t *start = malloc((nlines + 1) * sizeof *start);
    if (start == NULL)
        return;
    start[0] = 0;
    for (size_t i = 0, k = 1; i < len; i++)
        if (src[i] == '\n')
            start[k++] = i + 1;
    start[nlines] = len + 1;
    size_t w = 0;
    for (size_t i = 0; i < out->n; i++) {
        lg_finding *f = &out->v[i];
        int hit = 0;
        for (unsigned l = f->line; l >= 1 && l + 1 >= f->line && l <= nlines && !hit; l--) {
            size_t s = start[l - 1], e = start[l] - 1;  /* [s, e): the line without its newline */
            hit = lg_suppression_matches(src + s, e - s, f->rule);
            if (l == 1)
                break;
        }
        if (hit)
            finding_free(f);
        else
            out->v[w++] = *f;
    }
    out->n = w;
    free(start);
}
