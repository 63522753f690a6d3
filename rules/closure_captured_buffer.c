/*
 * closure_captured_buffer.c — the rule `closure-captured-buffer`: a
 * `closure` whose function is defined in the project and never reads
 * capture i (no `capture-read` of its self, parameter 0, with that constant
 * index) — also a factory's closure, `make_cb(fn, cap)`, judged with the
 * first function a caller passes that leaves a capture unread.
 * A non-constant index, or self passed to another function or copied,
 * counts as reading every capture.  With the model's `data-param`, the one
 * capture is read when the function uses that parameter at all.  NULL
 * captures keep nothing alive.
 */
#include "rules.h"
#include <stdio.h>
#include <string.h>

#define RULE "closure-captured-buffer"
#define MAX_CAPTURES 64

/* The parameter of function d that the closure's data-param names, -1 when
 * it has none, -2 when d has no such parameter. */
static int data_param(const lgm_op *op, const lgf_function *d)
{
    if (op == NULL || (op->data_param == LGM_NONE && op->data_param_name == NULL))
        return -1;
    if (op->data_param != LGM_NONE)
        return op->data_param < d->nparams ? op->data_param : -2;
    if (strcmp(op->data_param_name, "last") == 0)
        return d->nparams > 0 ? d->nparams - 1 : -2;
    for (int i = 0; d->param_names && i < d->nparams; i++)
        if (strcmp(d->param_names[i], op->data_param_name) == 0)
            return i;
    return -2;
}

/* Marks the captures fn reads in read[]; returns 0 when it may read them all. */
static int captures_read(const lgf_facts *f, const lgf_call *closure, int fn, unsigned char *read,
                         size_t n)
{
    const lgf_function *d = &f->functions[fn];
    int dp = data_param(closure->op, d);
    if (dp == -2 || (dp >= 0 && (dp >= 64 || (d->used_params >> dp) & 1)))
        return 0;
    if (dp >= 0)
        return 1;                   /* the datum's parameter is never used */
    if (d->self_escapes)
        return 0;
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->role != LGM_CAPTURE_READ || c->func != fn)
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

/* 1 when the capture v is a parameter of c's factory that the caller cs
 * passes NULL for (`schedule(tick, NULL)`): it keeps nothing alive. */
static int passed_null(const lgf_facts *f, const lgf_call *c, const lgf_value *v,
                       const lgf_callsite *cs)
{
    if (cs == NULL || v->origin != LGF_ORIGIN_PARAM || v->text == NULL)
        return 0;
    const lgf_function *factory = &f->functions[c->fn_from.func];
    for (int k = 0; factory->param_names && k < factory->nparams && k < 64; k++)
        if (factory->param_names[k] && strcmp(factory->param_names[k], v->text) == 0)
            return (cs->nulls >> k) & 1;
    return 0;
}

/* Judges closure c as made with the function called name: a finding per
 * capture it never reads.  A factory's closure (fn_from) names the caller
 * that passed the function (cs, in unit from).  Returns how many. */
static size_t judge(const lgf_facts *f, const lgf_call *c, const char *name,
                    const lgf_facts *from, const lgf_callsite *cs, lg_findings *out)
{
    const lgf_facts *in;                 /* the unit that defines the function */
    int fn = lg_function_in(f, name, &in);
    if (fn < 0)
        return 0;
    unsigned char read[MAX_CAPTURES] = { 0 };
    if (!captures_read(in, c, fn, read, c->ncaptures))
        return 0;
    char reads[256];
    size_t found = 0;
    list_reads(read, c->ncaptures, reads, sizeof reads);
    for (size_t i = 0; i < c->ncaptures; i++) {
        const lgf_value *v = &c->captures[i];
        if (read[i] || v->origin == LGF_ORIGIN_NULL || passed_null(f, c, v, cs))
            continue;
        char size[48] = "";
        if (v->size >= 0) {
            char num[32];
            with_commas(v->size, num, sizeof num);
            snprintf(size, sizeof size, ", %s bytes", num);
        }
        lg_finding *x = lg_findings_add(out, RULE, c, f,
            "closure captures '%s' (capture %zu%s) but '%s' never reads it: the closure "
            "keeps it alive as long as the closure lives", v->text, i, size, name);
        if (x == NULL)
            continue;
        found++;
        x->key = x->key * 1099511628211ull + i + 1;    /* one fingerprint per capture */
        x->capture = (int)i;
        const lgf_function *d = &in->functions[fn];
        if (cs != NULL) {
            const lgf_function *factory = &f->functions[c->fn_from.func];
            const char *param = factory->param_names && factory->param_names[c->fn_from.param]
                                && *factory->param_names[c->fn_from.param]
                                ? factory->param_names[c->fn_from.param] : "the function";
            lg_finding_note(x, c->line, c->column, "'%s' is the '%s' that %s:%u passes to %s()",
                            param, name, lg_base_name(from->path), cs->line, cs->callee);
        }
        if (in == f)
            lg_finding_note(x, d->line, d->column, "'%s' is defined here and reads %s%s",
                            d->name, reads[0] ? "capture " : "no capture", reads);
        else
            lg_finding_note(x, c->line, c->column, "'%s' is defined in %s:%u and reads %s%s",
                            d->name, lg_base_name(in->path), d->line,
                            reads[0] ? "capture " : "no capture", reads);
        lg_finding_note(x, c->line, c->column,
                        "capture only what '%s' reads, or read capture %zu in it", d->name, i);
    }
    return found;
}

/* The first call of factory (parameter p naming a function) in unit u that
 * passes a function leaving a capture of c unread: judged. */
static int judge_callers_in(const lgf_facts *f, const lgf_facts *u, const lgf_call *c,
                            lg_findings *out)
{
    const char *factory = f->functions[c->fn_from.func].name;
    if (u != f && lgf_function_index(u, factory) >= 0)
        return 0;                        /* (a function of u's own by that name) */
    for (size_t i = 0; i < u->ncallsites; i++) {
        const lgf_callsite *cs = &u->callsites[i];
        size_t p = (size_t)c->fn_from.param;
        if (cs->fns != NULL && p < cs->nargs && cs->fns[p] != NULL
            && strcmp(cs->callee, factory) == 0 && judge(f, c, cs->fns[p], u, cs, out) > 0)
            return 1;
    }
    return 0;
}

static void check(const lgf_facts *f, const lgf_call *c, lg_findings *out)
{
    if (c->ncaptures == 0 || c->ncaptures > MAX_CAPTURES)
        return;
    if (c->fn != NULL) {
        judge(f, c, c->fn, NULL, NULL, out);
        return;
    }
    if (c->fn_from.kind != LGF_PLACE_PARAM || c->fn_from.func < 0
        || (size_t)c->fn_from.func >= f->nfunctions)
        return;
    if (judge_callers_in(f, f, c, out))
        return;
    for (size_t k = 0; f->project != NULL && k < f->project->n; k++)
        if (f->project->units[k] != f && judge_callers_in(f, f->project->units[k], c, out))
            return;
}

void lg_rule_closure_captured_buffer(const lgf_facts *f, lg_findings *out)
{
    for (size_t i = 0; i < f->ncalls; i++)
        if (f->calls[i].role == LGM_CLOSURE)
            check(f, &f->calls[i], out);
}
