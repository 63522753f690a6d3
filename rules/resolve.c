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
#include <assert.h>
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

/* A shared place a call of the roles reaches, and in how many units. */
typedef struct {
    const char *key;               /* the place's key; NULL: empty slot */
    lgf_place_kind kind;           /* ... and kind */
    const lgf_facts *unit;         /* the last unit found with such a call */
    size_t nunits;                 /* distinct units with one */
    const lgf_facts *first_unit;   /* the first such unit in the project's order ... */
    const lgf_call *first_call;    /* ... and its first such call */
} reach_entry;

/* The places reached by calls of one set of roles, over every unit. */
typedef struct reach_set {
    const lgm_role *roles;         /* the question: these roles (by address) */
    size_t nroles;
    reach_entry *v;                /* open addressing */
    size_t mask, n;
    int failed;                    /* memory ran out: not used */
} reach_set;

/* A name index: name -> its refs (open addressing), and the units in it. */
struct lgf_names {
    name_entry *v;                 /* slots; NULL until the first name */
    size_t mask, n;                /* slots - 1, names */
    const lgf_facts **units;       /* the units indexed, sorted by address */
    size_t nunits;
};

struct lgf_memo {
    memo_entry *v;                 /* open addressing */
    size_t mask, n;                /* slots - 1, entries */
    const lgf_place **pool;        /* every entry's resolutions, one after another */
    size_t npool, cappool;
    lgf_names names;               /* the project's units not in base, indexed on first use */
    const lgf_names *base;         /* a prebuilt index of the other units, or NULL */
    const lgf_facts *skip;         /* a unit of base the judgement leaves out, or NULL */
    int names_built, names_failed; /* built; memory ran out (then not used) */
    struct reach_set *reach;       /* the places each set of roles reaches (lg_place_has_call) */
    size_t nreach, capreach;
};

lgf_memo *lgf_memo_new(void)
{
    return calloc(1, sizeof(lgf_memo));
}

lgf_memo *lgf_memo_new_over(const lgf_names *base, const lgf_facts *skip)
{
    lgf_memo *m = calloc(1, sizeof(lgf_memo));
    if (m != NULL) {
        m->base = base;
        m->skip = skip;
    }
    return m;
}

static void names_clear(lgf_names *x)
{
    for (size_t i = 0; x->v != NULL && i <= x->mask; i++)
        free(x->v[i].refs);
    free(x->v);
    free(x->units);
}

void lgf_memo_free(lgf_memo *m)
{
    if (m == NULL)
        return;
    names_clear(&m->names);
    for (size_t i = 0; i < m->nreach; i++)
        free(m->reach[i].v);
    free(m->reach);
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

static int name_add(lgf_names *x, const char *name, const lgf_facts *u, const lgf_callsite *cs)
{
    if (name == NULL)
        return 0;
    if ((x->n + 1) * 2 > (x->v ? x->mask + 1 : 0)) {
        size_t cap = x->v ? (x->mask + 1) * 2 : 1024, oldcap = x->v ? x->mask + 1 : 0;
        name_entry *nv = calloc(cap, sizeof *nv), *old = x->v;
        if (nv == NULL)
            return -1;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].name != NULL)
                *name_slot(nv, cap - 1, old[i].name) = old[i];
        free(old);
        x->v = nv;
        x->mask = cap - 1;
    }
    name_entry *e = name_slot(x->v, x->mask, name);
    if (e->name == NULL) {
        e->name = name;
        x->n++;
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

/* Indexes unit u's functions and call sites into x. */
static int names_add_unit(lgf_names *x, const lgf_facts *u)
{
    for (size_t i = 0; i < u->nfunctions; i++)
        if (name_add(x, u->functions[i].name, u, NULL) < 0)
            return -1;
    for (size_t i = 0; i < u->ncallsites; i++)
        if (name_add(x, u->callsites[i].callee, u, &u->callsites[i]) < 0)
            return -1;
    return 0;
}

static int by_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const lgf_facts *const *)a, y = (uintptr_t)*(const lgf_facts *const *)b;
    return x < y ? -1 : x > y;
}

static int names_has_unit(const lgf_names *x, const lgf_facts *u)
{
    return x != NULL && x->nunits > 0
           && bsearch(&u, x->units, x->nunits, sizeof *x->units, by_address) != NULL;
}

lgf_names *lgf_names_build(const lgf_facts *const *units, size_t n)
{
    lgf_names *x = calloc(1, sizeof *x);
    if (x == NULL || (x->units = malloc((n ? n : 1) * sizeof *x->units)) == NULL) {
        free(x);
        return NULL;
    }
    if (n > 0)
        memcpy(x->units, units, n * sizeof *units);
    x->nunits = n;
    qsort(x->units, n, sizeof *x->units, by_address);
    for (size_t k = 0; k < n; k++)
        if (names_add_unit(x, units[k]) < 0) {
            lgf_names_free(x);
            return NULL;
        }
    return x;
}

void lgf_names_free(lgf_names *x)
{
    if (x == NULL)
        return;
    names_clear(x);
    free(x);
}

static const name_entry none_entry = { NULL, NULL, 0, 0 };

static const name_entry *entry_of(const lgf_names *x, const char *name)
{
    if (x == NULL || x->v == NULL)
        return &none_entry;
    const name_entry *e = name_slot(x->v, x->mask, name);
    return e->name != NULL ? e : &none_entry;
}

/* The project's index of name: in *own the entry of the units indexed for
 * this judgement (every unit not in the memo's base), in *base the base's;
 * 0, or -1 when there is no index. */
static int names_of(const lgf_project *proj, const char *name, const name_entry **own,
                    const name_entry **base)
{
    lgf_memo *m = proj != NULL ? proj->memo : NULL;
    if (m == NULL || m->names_failed)
        return -1;
    if (!m->names_built) {
        m->names_built = 1;
        for (size_t k = 0; k < proj->n && !m->names_failed; k++)
            if (!names_has_unit(m->base, proj->units[k]))
                m->names_failed = names_add_unit(&m->names, proj->units[k]) < 0;
        if (m->names_failed)
            return -1;
    }
    *own = entry_of(&m->names, name);
    *base = entry_of(m->base, name);
    return 0;
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
    const name_entry *es[2];
    if (names_of(proj, name, &es[0], &es[1]) < 0)
        return -1;
    int callers = 0;
    for (int k = 0; k < 2; k++) {           /* the units indexed for this judgement first */
        const name_entry *e = es[k];
        const lgf_facts *skip = NULL, *seen = NULL;
        for (size_t i = 0; i < e->n; i++) {
            const name_ref *r = &e->refs[i];
            if (r->cs == NULL || r->u == f || r->u == skip || (size_t)param >= r->cs->nargs
                || (k == 1 && r->u == proj->memo->skip))
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

/* ---- which shared places some unit calls a role on (per judgement) */

static reach_entry *reach_slot(reach_entry *v, size_t mask, lgf_place_kind kind, const char *key)
{
    size_t i = (lgf_str_hash(key) ^ (size_t)kind) & mask;
    while (v[i].key != NULL && (v[i].kind != kind || strcmp(v[i].key, key) != 0))
        i = (i + 1) & mask;
    return &v[i];
}

static int reach_add(reach_set *s, const lgf_place *p, const lgf_facts *u, const lgf_call *c)
{
    if ((s->n + 1) * 2 > (s->v ? s->mask + 1 : 0)) {
        size_t cap = s->v ? (s->mask + 1) * 2 : 256, oldcap = s->v ? s->mask + 1 : 0;
        reach_entry *nv = calloc(cap, sizeof *nv), *old = s->v;
        if (nv == NULL)
            return -1;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].key != NULL)
                *reach_slot(nv, cap - 1, old[i].kind, old[i].key) = old[i];
        free(old);
        s->v = nv;
        s->mask = cap - 1;
    }
    reach_entry *e = reach_slot(s->v, s->mask, p->kind, p->key);
    if (e->key == NULL) {
        *e = (reach_entry){ p->key, p->kind, u, 1, u, c };
        s->n++;
    } else if (e->unit != u) {
        e->unit = u;
        e->nunits++;
    }
    return 0;
}

/* The questions the memo answers besides the roles' (by these addresses). */
static const lgm_role invoked_q[1] = { LGM_INVOKE };   /* places whose items are invoked */
static const lgm_role startup_q[1] = { LGM_STARTUP };  /* functions run at startup */

/* The functions run at startup anywhere in the project: named by a startup
 * call, or by a table such a call names (in any unit). */
static void startup_build(reach_set *s, const lgf_project *proj)
{
    for (size_t k = 0; k < proj->n && !s->failed; k++)
        for (size_t i = 0; i < proj->units[k]->ncalls && !s->failed; i++) {
            const lgf_call *c = &proj->units[k]->calls[i];
            for (size_t r = 0; c->role == LGM_STARTUP && r < c->nruns && !s->failed; r++)
                if (c->runs[r] != NULL)
                    s->failed = reach_add(s, &(lgf_place){ .kind = LGF_PLACE_NONE, .key = c->runs[r] },
                                          proj->units[k], c) < 0;
        }
    size_t named = s->n;
    for (size_t k = 0; named > 0 && k < proj->n && !s->failed; k++)
        for (size_t i = 0; i < proj->units[k]->ntablerefs && !s->failed; i++) {
            const lgf_tableref *t = &proj->units[k]->tablerefs[i];
            if (reach_slot(s->v, s->mask, LGF_PLACE_NONE, t->table)->key != NULL)
                s->failed = reach_add(s, &(lgf_place){ .kind = LGF_PLACE_NONE, .key = t->fn },
                                      proj->units[k], NULL) < 0;
        }
}

static void reach_build(reach_set *s, const lgf_project *proj)
{
    if (s->roles == startup_q) {
        startup_build(s, proj);
        return;
    }
    for (size_t k = 0; k < proj->n && !s->failed; k++) {
        const lgf_facts *u = proj->units[k];
        for (size_t i = 0; i < u->ncalls && !s->failed; i++) {
            const lgf_call *c = &u->calls[i];
            int invoked = s->roles == invoked_q;
            if (invoked ? c->role != LGM_INVOKE || c->invoked.kind == LGF_PLACE_NONE
                        : !role_in(c->role, s->roles, s->nroles) || c->reset)
                continue;
            const lgf_place *res[16];
            size_t n = resolve_in(u, proj, invoked ? &c->invoked : &c->container, res, 16);
            for (size_t j = 0; j < n && !s->failed; j++)
                if (shared(res[j]) && res[j]->key != NULL)
                    s->failed = reach_add(s, res[j], u, c) < 0;
        }
    }
}

/* The memo's entry for (kind, key) under the question roles (built on
 * first use); *none set to 1 when there is none; NULL when the memo cannot
 * tell (no memo, or no memory). */
static const reach_entry *reach_find(const lgf_project *proj, lgf_place_kind kind, const char *key,
                                     const lgm_role *roles, size_t nroles, int *none)
{
    static const reach_entry empty;
    lgf_memo *m = proj != NULL ? proj->memo : NULL;
    *none = 0;
    if (m == NULL || key == NULL)
        return NULL;
    reach_set *s = NULL;
    for (size_t i = 0; i < m->nreach && s == NULL; i++)
        if (m->reach[i].roles == roles && m->reach[i].nroles == nroles)
            s = &m->reach[i];
    if (s == NULL) {
        if (m->nreach == m->capreach) {
            size_t cap = m->capreach ? m->capreach * 2 : 4;
            reach_set *v = realloc(m->reach, cap * sizeof *v);
            if (v == NULL)
                return NULL;
            m->reach = v;
            m->capreach = cap;
        }
        s = &m->reach[m->nreach++];
        *s = (reach_set){ roles, nroles, NULL, 0, 0, 0 };
        reach_build(s, proj);
    }
    if (s->failed)
        return NULL;
    const reach_entry *e = s->v != NULL ? reach_slot(s->v, s->mask, kind, key) : &empty;
    *none = e->key == NULL;
    return e;
}

/* 1 when a unit of proj other than f has a call of the roles on shared p, 0
 * when none has, -1 when the memo cannot tell. */
static int reach_other(const lgf_facts *f, const lgf_project *proj, const lgf_place *p,
                       const lgm_role *roles, size_t nroles)
{
    int none;
    const reach_entry *e = reach_find(proj, p->kind, p->key, roles, nroles, &none);
    if (e == NULL)
        return -1;
    return !none && (e->nunits > 1 || e->unit != f);
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

static const lgf_fieldset *unit_sets_field(const lgf_facts *u, const char *key)
{
    for (size_t i = 0; i < u->nfieldsets; i++)
        if (!u->fieldsets[i].made && strcmp(u->fieldsets[i].field, key) == 0)
            return &u->fieldsets[i];
    return NULL;
}

const lgf_fieldset *lg_field_set_elsewhere(const lgf_facts *f, const lgf_place *p,
                                           const lgf_facts **where)
{
    assert(p->kind == LGF_PLACE_FIELD && p->key != NULL);
    const lgf_fieldset *s = unit_sets_field(f, p->key);
    *where = f;
    for (size_t k = 0; s == NULL && f->project != NULL && k < f->project->n; k++)
        if (f->project->units[k] != f && (s = unit_sets_field(f->project->units[k], p->key)))
            *where = f->project->units[k];
    return s;
}

int lg_place_has_call(const lgf_facts *f, const lgf_place *p, const lgm_role *roles,
                      size_t nroles)
{
    int other = f->project != NULL && shared(p) ? reach_other(f, f->project, p, roles, nroles) : 0;
    if (other > 0)
        return 1;
    for (size_t k = 0; other < 0 && k < f->project->n; k++) {   /* the memo cannot tell */
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
    int none;
    const reach_entry *e = c == NULL && f->project != NULL && shared(p)
        ? reach_find(f->project, p->kind, p->key, invoked_q, 1, &none) : NULL;
    if (e != NULL) {          /* f has none: the first unit's in the project's order */
        if (!none && e->first_unit != f) {
            *where = e->first_unit;
            return e->first_call;
        }
        return NULL;
    }
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
    int none;
    if (f->project != NULL && reach_find(f->project, LGF_PLACE_NONE, fn, startup_q, 1, &none) != NULL)
        return !none;
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
