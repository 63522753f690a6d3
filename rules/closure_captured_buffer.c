/*
 * closure_captured_buffer.c — the rule `closure-captured-buffer`:
 * lg_closure(fn, n, ...) where fn is defined in the TU and never reads
 * capture i (no lg_closure_capture(self, i) with that constant index).  A
 * non-constant index, or self passed to another function or copied, counts
 * as reading every capture.  NULL captures keep nothing alive.
 */
#include "rules.h"
#include <stdio.h>
#include <string.h>

#define RULE "closure-captured-buffer"
#define MAX_CAPTURES 64

/* Marks the captures fn reads in read[]; returns 0 when it may read them all. */
static int captures_read(const lgf_facts *f, int fn, unsigned char *read, size_t n)
{
    if (f->functions[fn].self_escapes)
        return 0;
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->api != LGF_CLOSURE_CAPTURE || c->func != fn)
            continue;
        if (c->container.kind != LGF_PLACE_PARAM || c->container.param != 0)
            continue;               /* another closure's captures */
        if (c->index < 0)
            return 0;
        if ((unsigned long long)c->index < n)
            read[c->index] = 1;
    }
    return 1;
}

/* "8,000,000" */
static void with_commas(long long v, char *buf, size_t sz)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", v);
    size_t w = 0;
    for (int i = 0; i < n && w + 2 < sz; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[w++] = ',';
        buf[w++] = digits[i];
    }
    buf[w] = 0;
}

static void list_reads(const unsigned char *read, size_t n, char *buf, size_t sz)
{
    size_t w = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && w + 8 < sz; i++)
        if (read[i])
            w += (size_t)snprintf(buf + w, sz - w, "%s%zu", w ? ", " : "", i);
}

static void check(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    if (c->fn == NULL || c->ncaptures == 0 || c->ncaptures > MAX_CAPTURES)
        return;
    int fn = lgf_function_index(f, c->fn);
    if (fn < 0)
        return;
    unsigned char read[MAX_CAPTURES] = { 0 };
    if (!captures_read(f, fn, read, c->ncaptures))
        return;
    char reads[256];
    list_reads(read, c->ncaptures, reads, sizeof reads);
    for (size_t i = 0; i < c->ncaptures; i++) {
        const lgf_value *v = &c->captures[i];
        if (read[i] || v->origin == LGF_ORIGIN_NULL)
            continue;
        char size[48] = "";
        if (v->size >= 0) {
            char num[32];
            with_commas(v->size, num, sizeof num);
            snprintf(size, sizeof size, ", %s bytes", num);
        }
        lg_finding *x = lg_findings_add(out, RULE, c, f,
            "closure captures '%s' (capture %zu%s) but '%s' never reads it: the closure "
            "keeps it alive as long as the closure lives", v->text, i, size, c->fn);
        if (x == NULL)
            continue;
        x->key = x->key * 1099511628211ull + i + 1;    /* one fingerprint per capture */
        x->capture = (int)i;
        const lgf_function *d = &f->functions[fn];
        lg_finding_note(x, d->line, d->column, "'%s' is defined here and reads %s%s",
                        d->name, reads[0] ? "capture " : "no capture", reads);
        lg_finding_note(x, c->line, c->column,
                        "capture only what '%s' reads, or read capture %zu in it", d->name, i);
    }
}

void lg_rule_closure_captured_buffer(const lgf_facts *f, lg_findings *out)
{
    for (size_t i = 0; i < f->ncalls; i++)
        if (f->calls[i].api == LGF_CLOSURE)
            check(f, &f->calls[i], out);
}
