/*
 * resolve.c — shared by the rules: tracing a parameter back to the places its
 * callers pass (in the same translation unit, or in any unit of the
 * project, through callers of callers up to MAX_DEPTH links) (so a helper that stores into its
 * `cache` argument is judged by the global its callers hand it), and asking
 * whether some call targets a place — in this unit, or, when it is judged
 * as part of a project (facts.project), in any unit for the places the whole
 * program shares (globals, fields by record).
 */
#include "rules.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 4

static void add_unique(const lgf_place **out, size_t *n, size_t max, const lgf_place *p)
{
    for (size_t i = 0; i < *n; i++)
        if (lgf_place_same(out[i], p))
            return;
    if (*n < max)
        out[(*n)++] = p;
}

static int callers_in(const lgf_facts *u, const lgf_project *proj, const lgf_facts *f,
                      const char *name, int param, const lgf_place **out, size_t *n, size_t max,
                      int depth);
static int function_in(const lgf_facts *f, const lgf_project *proj, const char *name,
                       const lgf_facts **where);

/* The next call in unit u, from *i on, of the function name of f with an
 * argument at param (in another unit only when u does not define a
 * function of that name itself: its own static one); NULL when none. */
static const lgf_callsite *next_caller(const lgf_facts *u, const lgf_facts *f, const char *name,
                                       int param, size_t *i)
{
    if (u != f && lgf_function_index(u, name) >= 0)
        return NULL;
    for (; *i < u->ncallsites; (*i)++) {
        const lgf_callsite *cs = &u->callsites[*i];
        if (strcmp(cs->callee, name) == 0 && (size_t)param < cs->nargs) {
            (*i)++;
            return cs;
        }
    }
    return NULL;
}

/* Resolves p, a place of unit f, into out.  proj is the project of the unit
 * being judged (NULL: f alone): a unit reached on the way (a caller in
 * another file) is searched with it too, so that a parameter is followed
 * through callers of callers across files. */
/* Callers of name in other units than f, through the project's name index
 * (built once per judgement in the memo); -1 when there is no index. */
static int callers_elsewhere(const lgf_facts *f, const lgf_project *proj, const char *name,
                             int param, const lgf_place **out, size_t *n, size_t max, int depth);

static void resolve(const lgf_facts *f, const lgf_project *proj, const lgf_place *p,
                    const lgf_place **out, size_t *n, size_t max, int depth)
{
    if (p->kind == LGF_PLACE_RETURN) {   /* a getter: the place its definition returns */
        const lgf_facts *in;
        int fn = depth < MAX_DEPTH ? function_in(f, proj, p->key, &in) : -1;
        if (fn >= 0 && in->functions[fn].returns.kind != LGF_PLACE_NONE)
            resolve(in, proj, &in->functions[fn].returns, out, n, max, depth + 1);
        return;
    }
    if (p->kind != LGF_PLACE_PARAM || depth >= MAX_DEPTH || p->func < 0) {
        if (p->kind != LGF_PLACE_PARAM)
            add_unique(out, n, max, p);
        return;
    }
    const char *name = f->functions[p->func].name;
    int callers = callers_in(f, proj, f, name, p->param, out, n, max, depth);
    int elsewhere = callers_elsewhere(f, proj, name, p->param, out, n, max, depth);
    if (elsewhere >= 0)
        callers += elsewhere;
    for (size_t k = 0; elsewhere < 0 && proj != NULL && k < proj->n; k++)   /* other files' */
        if (proj->units[k] != f)
            callers += callers_in(proj->units[k], proj, f, name, p->param, out, n, max, depth);
    if (callers == 0)
        add_unique(out, n, max, p);   /* an entry point: reached from outside */
}

/* Resolves argument `param` of every call of name in unit u (a function of
 * f: in another unit only when u does not define one of that name itself).
 * The number of such calls. */
static int callers_in(const lgf_facts *u, const lgf_project *proj, const lgf_facts *f,
                      const char *name, int param, const lgf_place **out, size_t *n, size_t max,
                      int depth)
{
    int callers = 0;
    size_t i = 0;
    for (const lgf_callsite *cs; (cs = next_caller(u, f, name, param, &i)) != NULL; callers++)
        resolve(u, proj, &cs->args[param], out, n, max, depth + 1);
    return callers;
}

/* ---- the memo: place (by address) -> its resolutions */

#define MEMO_MAX 16                /* resolutions kept per place (what callers ask for) */

typedef struct {
    const lgf_place *key;          /* the place resolved; NULL: empty slot */
    uint32_t at, n;                /* its resolutions: pool[at, at + n) */
} memo_entry;

/* Where a name is defined and called, over the units of a project. */
typedef struct {
    const lgf_facts *u;            /* the unit */
    const lgf_callsite *cs;        /* a call of the name in it; NULL: u defines the name */
} name_ref;

typedef struct {
    const char *name;              /* borrowed from a unit; NULL: empty slot */
    name_ref *refs;                /* in unit order, call sites in source order */
    size_t n, cap;
} name_entry;

struct lgf_memo {
    memo_entry *v;                 /* open addressing */
    size_t mask, n;                /* slots - 1, entries */
    const lgf_place **pool;        /* every entry's resolutions, one after another */
    size_t npool, cappool;
    name_entry *names;             /* the name index (open addressing), built on first use */
    size_t nmask, nnames;
    int names_built, names_failed; /* built; memory ran out (then not used) */
};

lgf_memo *lgf_memo_new(void)
{
    return calloc(1, sizeof(lgf_memo));
}

void lgf_memo_free(lgf_memo *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; m->names != NULL && i <= m->nmask; i++)
        free(m->names[i].refs);
    free(m->names);
    free(m->pool);
    free(m->v);
    free(m);
}

static name_entry *name_slot(name_entry *v, size_t mask, const char *name)
{
    size_t i = lgf_str_hash(name) & mask;
    while (v[i].name != NULL && strcmp(v[i].name, name) != 0)
        i = (i + 1) & mask;
    return &v[i];
}

static int name_add(lgf_memo *m, const char *name, const lgf_facts *u, const lgf_callsite *cs)
{
    if (name == NULL)
        return 0;
    if ((m->nnames + 1) * 2 > (m->names ? m->nmask + 1 : 0)) {
        size_t cap = m->names ? (m->nmask + 1) * 2 : 1024, oldcap = m->names ? m->nmask + 1 : 0;
        name_entry *nv = calloc(cap, sizeof *nv), *old = m->names;
        if (nv == NULL)
            return -1;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].name != NULL)
                *name_slot(nv, cap - 1, old[i].name) = old[i];
        free(old);
        m->names = nv;
        m->nmask = cap - 1;
    }
    name_entry *e = name_slot(m->names, m->nmask, name);
    if (e->name == NULL) {
        e->name = name;
        m->nnames++;
    }
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 4;
        name_ref *r = realloc(e->refs, cap * sizeof *r);
        if (r == NULL)
            return -1;
        e->refs = r;
        e->cap = cap;
    }
    e->refs[e->n++] = (name_ref){ u, cs };
    return 0;
}

/* The index of every function defined and called in the project's units. */
static const name_entry *names_of(const lgf_project *proj, const char *name)
{
    lgf_memo *m = proj != NULL ? proj->memo : NULL;
    if (m == NULL || m->names_failed)
        return NULL;
    if (!m->names_built) {
        m->names_built = 1;
        for (size_t k = 0; k < proj->n && !m->names_failed; k++) {
            const lgf_facts *u = proj->units[k];
            for (size_t i = 0; i < u->nfunctions && !m->names_failed; i++)
                m->names_failed = name_add(m, u->functions[i].name, u, NULL) < 0;
            for (size_t i = 0; i < u->ncallsites && !m->names_failed; i++)
                m->names_failed = name_add(m, u->callsites[i].callee, u, &u->callsites[i]) < 0;
        }
        if (m->names_failed)
            return NULL;
    }
    static const name_entry none = { NULL, NULL, 0, 0 };
    if (m->names == NULL)
        return &none;
    const name_entry *e = name_slot(m->names, m->nmask, name);
    return e->name != NULL ? e : &none;
}

/* 1 when e says u defines the name itself. */
static int defines(const name_entry *e, const lgf_facts *u)
{
    for (size_t i = 0; i < e->n; i++)
        if (e->refs[i].u == u && e->refs[i].cs == NULL)
            return 1;
    return 0;
}

static int callers_elsewhere(const lgf_facts *f, const lgf_project *proj, const char *name,
                             int param, const lgf_place **out, size_t *n, size_t max, int depth)
{
    const name_entry *e = names_of(proj, name);
    if (e == NULL)
        return -1;
    int callers = 0;
    const lgf_facts *skip = NULL, *seen = NULL;
    for (size_t i = 0; i < e->n; i++) {
        const name_ref *r = &e->refs[i];
        if (r->cs == NULL || r->u == f || r->u == skip || (size_t)param >= r->cs->nargs)
            continue;
        if (r->u != seen) {             /* a unit with its own function of that name: its own */
            seen = r->u;
            if (defines(e, r->u)) {
                skip = r->u;
                continue;
            }
        }
        resolve(r->u, proj, &r->cs->args[param], out, n, max, depth + 1);
        callers++;
    }
    return callers;
}

static size_t memo_slot(const lgf_memo *m, const lgf_place *p)
{
    size_t i = (size_t)(((uintptr_t)p >> 3) * 0x9E3779B97F4A7C15ull) & m->mask;
    while (m->v[i].key != NULL && m->v[i].key != p)
        i = (i + 1) & m->mask;
    return i;
}

static const memo_entry *memo_get(const lgf_memo *m, const lgf_place *p)
{
    if (m == NULL || m->v == NULL)
        return NULL;
    const memo_entry *e = &m->v[memo_slot(m, p)];
    return e->key == p ? e : NULL;
}

static void memo_put(lgf_memo *m, const lgf_place *p, const lgf_place **res, size_t n)
{
    n = n < MEMO_MAX ? n : MEMO_MAX;
    if (m->npool + n > m->cappool) {
        size_t cap = m->cappool ? m->cappool * 2 : 4096;
        while (cap < m->npool + n)
            cap *= 2;
        const lgf_place **np = realloc(m->pool, cap * sizeof *np);
        if (np == NULL)
            return;                 /* (resolved again next time) */
        m->pool = np;
        m->cappool = cap;
    }
    if ((m->n + 1) * 2 > (m->v ? m->mask + 1 : 0)) {
        size_t cap = m->v ? (m->mask + 1) * 2 : 1024;
        memo_entry *nv = calloc(cap, sizeof *nv), *old = m->v;
        if (nv == NULL)
            return;                 /* (resolved again next time) */
        size_t oldcap = old ? m->mask + 1 : 0;
        m->v = nv;
        m->mask = cap - 1;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key != NULL)
                m->v[memo_slot(m, old[i].key)] = old[i];
        free(old);
    }
    memo_entry *e = &m->v[memo_slot(m, p)];
    e->key = p;
    e->at = (uint32_t)m->npool;
    e->n = (uint32_t)n;
    if (n > 0)                      /* (an entry point's place may resolve to nothing kept) */
        memcpy(m->pool + m->npool, res, n * sizeof *res);
    m->npool += n;
    m->n++;
}

/* lg_resolve_place for a place of unit f (perhaps another unit than the
 * one judged) within the judged unit's project proj, through its memo. */
static size_t resolve_in(const lgf_facts *f, const lgf_project *proj, const lgf_place *p,
                         const lgf_place **out, size_t max)
{
    lgf_memo *m = proj != NULL && max >= MEMO_MAX ? proj->memo : NULL;
    const memo_entry *e = memo_get(m, p);
    if (e != NULL) {
        if (e->n > 0)
            memcpy(out, m->pool + e->at, e->n * sizeof *out);
        return e->n;
    }
    size_t n = 0;
    resolve(f, proj, p, out, &n, max, 0);
    if (m != NULL)
        memo_put(m, p, out, n);
    return n;
}

size_t lg_resolve_place(const lgf_facts *f, const lgf_place *p, const lgf_place **out, size_t max)
{
    return resolve_in(f, f->project, p, out, max);
}

static int role_in(lgm_role r, const lgm_role *roles, size_t nroles)
{
    for (size_t i = 0; i < nroles; i++)
        if (roles[i] == r)
            return 1;
    return 0;
}

/* Places other units can reach: a global by name, a field by its record,
 * and a static — passed to another file's helper, resolved there to this
 * file's static (two files' statics of one name are taken as one: a missed
 * finding, never a false one).  A function's locals are its own. */
static int shared(const lgf_place *p)
{
    return p->kind == LGF_PLACE_GLOBAL || p->kind == LGF_PLACE_FIELD || p->kind == LGF_PLACE_STATIC;
}

/* A call of u (another unit) whose resolved container is the shared p. */
static int other_has_call(const lgf_facts *u, const lgf_project *proj, const lgf_place *p,
                          const lgm_role *roles, size_t nroles)
{
    for (size_t i = 0; i < u->ncalls; i++) {
        const lgf_call *c = &u->calls[i];
        if (!role_in(c->role, roles, nroles) || c->reset)
            continue;
        const lgf_place *res[16];
        size_t n = resolve_in(u, proj, &c->container, res, 16);
        for (size_t j = 0; j < n; j++)
            if (lgf_place_same(res[j], p))
                return 1;
    }
    return 0;
}

int lg_place_has_call(const lgf_facts *f, const lgf_place *p, const lgm_role *roles,
                      size_t nroles)
{
    for (size_t k = 0; f->project != NULL && shared(p) && k < f->project->n; k++) {
        const lgf_facts *u = f->project->units[k];
        if (u != f && other_has_call(u, f->project, p, roles, nroles))
            return 1;
    }
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (!role_in(c->role, roles, nroles) || c->reset)
            continue;                /* (a `= NULL` counts only where lg_place_reset says) */
        const lgf_place *res[16];
        size_t n = lg_resolve_place(f, &c->container, res, 16);
        for (size_t j = 0; j < n; j++) {
            if (lgf_place_same(res[j], p))
                return 1;
            /* parameters of entry points: any removal through a parameter counts */
            if (res[j]->kind == LGF_PLACE_PARAM && p->kind == LGF_PLACE_PARAM)
                return 1;
        }
    }
    return 0;
}

static const lgf_call *unit_invoker(const lgf_facts *f, const lgf_project *proj,
                                    const lgf_place *p)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->role != LGM_INVOKE || c->invoked.kind == LGF_PLACE_NONE)
            continue;
        const lgf_place *res[16];
        size_t n = resolve_in(f, proj, &c->invoked, res, 16);
        for (size_t j = 0; j < n; j++)
            if (lgf_place_same(res[j], p))
                return c;
    }
    return NULL;
}

const lgf_call *lg_place_invoker_in(const lgf_facts *f, const lgf_place *p,
                                    const lgf_facts **where)
{
    const lgf_call *c = unit_invoker(f, f->project, p);
    *where = f;
    for (size_t k = 0; c == NULL && f->project != NULL && shared(p) && k < f->project->n; k++)
        if (f->project->units[k] != f
            && (c = unit_invoker(f->project->units[k], f->project, p)) != NULL)
            *where = f->project->units[k];
    return c;
}

const lgf_call *lg_place_invoker(const lgf_facts *f, const lgf_place *p)
{
    const lgf_facts *where;
    return lg_place_invoker_in(f, p, &where);
}

static int unit_reset(const lgf_facts *f, const lgf_place *p)
{
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        if (c->reset && lgf_place_same(&c->container, p))
            return 1;
    }
    return 0;
}

int lg_place_reset(const lgf_facts *f, const lgf_place *p)
{
    if (unit_reset(f, p))
        return 1;
    for (size_t k = 0; f->project != NULL && shared(p) && k < f->project->n; k++)
        if (f->project->units[k] != f && unit_reset(f->project->units[k], p))
            return 1;
    return 0;
}

static int function_in(const lgf_facts *f, const lgf_project *proj, const char *name,
                       const lgf_facts **where)
{
    int i = lgf_function_index(f, name);
    *where = f;
    for (size_t k = 0; i < 0 && proj != NULL && k < proj->n; k++) {
        const lgf_facts *u = proj->units[k];
        if (u != f && (i = lgf_function_index(u, name)) >= 0)
            *where = u;
    }
    return i;
}

int lg_function_in(const lgf_facts *f, const char *name, const lgf_facts **where)
{
    return function_in(f, f->project, name, where);
}

/* A call in u of the function whose parameter p is that passes, at p's
 * position, what resolves to `to`; NULL if none. */
static const lgf_callsite *passing_in(const lgf_facts *u, const lgf_facts *f, const lgf_place *p,
                                      const lgf_place *to)
{
    const lgf_project *proj = f->project;     /* the judged unit's */
    size_t i = 0;
    for (const lgf_callsite *cs;
         (cs = next_caller(u, f, f->functions[p->func].name, p->param, &i)) != NULL;) {
        const lgf_place *res[16];
        size_t n = resolve_in(u, proj, &cs->args[p->param], res, 16);
        for (size_t j = 0; j < n; j++)
            if (lgf_place_same(res[j], to))
                return cs;
    }
    return NULL;
}

const lgf_callsite *lg_place_passed_from(const lgf_facts *f, const lgf_place *p,
                                         const lgf_place *to, const lgf_facts **where)
{
    *where = NULL;
    if (p->kind != LGF_PLACE_PARAM || p->func < 0 || (size_t)p->func >= f->nfunctions)
        return NULL;
    const lgf_callsite *cs = passing_in(f, f, p, to);
    *where = f;
    for (size_t k = 0; cs == NULL && f->project != NULL && k < f->project->n; k++)
        if (f->project->units[k] != f
            && (cs = passing_in(f->project->units[k], f, p, to)) != NULL)
            *where = f->project->units[k];
    return cs;
}

void lg_note_passed(lg_finding *x, const lgf_facts *f, const lgf_call *c, const lgf_place *to)
{
    const lgf_facts *in;
    const lgf_callsite *cs = lg_place_passed_from(f, &c->container, to, &in);
    if (cs == NULL || in == f)
        return;                       /* (the same file: its caller is in sight) */
    const lgf_function *fn = &f->functions[c->container.func];
    const char *param = fn->param_names && fn->param_names[c->container.param]
                        && *fn->param_names[c->container.param]
                        ? fn->param_names[c->container.param] : "the parameter";
    lg_finding_note(x, c->line, c->column, "'%s' is the '%s' that %s:%u passes to %s()", param,
                    to->key, lg_base_name(in->path), cs->line, cs->callee);
}

/* 1 when one of u's tables (file-scope initializers) names fn. */
static int table_names(const lgf_facts *u, const char *table, const char *fn)
{
    for (size_t i = 0; i < u->ntablerefs; i++)
        if (strcmp(u->tablerefs[i].table, table) == 0 && strcmp(u->tablerefs[i].fn, fn) == 0)
            return 1;
    return 0;
}

/* 1 when a table in f or any unit of its project names fn (a global
 * table may live in another file than the call that runs it). */
static int any_table_names(const lgf_facts *f, const char *table, const char *fn)
{
    if (table_names(f, table, fn))
        return 1;
    for (size_t k = 0; f->project != NULL && k < f->project->n; k++)
        if (f->project->units[k] != f && table_names(f->project->units[k], table, fn))
            return 1;
    return 0;
}

/* 1 when a startup call of u runs fn: names it, or a table that names it. */
static int unit_starts(const lgf_facts *f, const lgf_facts *u, const char *fn)
{
    for (size_t i = 0; i < u->ncalls; i++) {
        const lgf_call *c = &u->calls[i];
        for (size_t r = 0; c->role == LGM_STARTUP && r < c->nruns; r++)
            if (c->runs[r] != NULL
                && (strcmp(c->runs[r], fn) == 0 || any_table_names(f, c->runs[r], fn)))
                return 1;
    }
    return 0;
}

int lg_runs_at_startup(const lgf_facts *f, const char *fn)
{
    if (fn == NULL)
        return 0;
    if (unit_starts(f, f, fn))
        return 1;
    for (size_t k = 0; f->project != NULL && k < f->project->n; k++)
        if (f->project->units[k] != f && unit_starts(f, f->project->units[k], fn))
            return 1;
    return 0;
}

const char *lg_scope(const lgf_facts *f, char *buf, size_t sz)
{
    const lgf_project *p = f->project;
    if (p == NULL || p->files <= 1)
        return "this file";
    if (p->unanalysed == 0)
        snprintf(buf, sz, "the project (%zu files analysed)", p->files);
    else
        snprintf(buf, sz, "the %zu files analysed (%zu more of the project could not be)",
                 p->files - p->unanalysed, p->unanalysed);
    return buf;
}

const char *lg_base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "?";
}
