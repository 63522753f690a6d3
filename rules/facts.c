/*
 * facts.c — building and querying facts (facts.h): a bump arena for strings
 * and small arrays, growable record arrays, and copying a function's facts.
 * Pointers returned by lgf_add_* are valid until the next lgf_add_* of the
 * same kind (the arrays grow by realloc); front ends keep indices.
 */
#include "facts.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lgf_arena {
    struct lgf_arena *next;   /* older chunks */
    size_t used;              /* bytes used in data */
    size_t cap;               /* bytes in data */
    char data[];              /* the chunk */
};

void lgf_init(lgf_facts *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->path = lgf_strdup(f, path);
}

void lgf_free(lgf_facts *f)
{
    for (lgf_arena *a = f->arena, *next; a != NULL; a = next) {
        next = a->next;
        free(a);
    }
    free(f->functions);
    free(f->calls);
    free(f->callsites);
    free(f->tablerefs);
    free(f->fieldsets);
    memset(f, 0, sizeof *f);
}

void *lgf_alloc(lgf_facts *f, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    lgf_arena *a = f->arena;
    if (a == NULL || a->cap - a->used < n) {
        size_t cap = n > 16384 ? n : 16384;
        lgf_arena *c = malloc(sizeof *c + cap);
        if (c == NULL)
            return NULL;
        c->next = a;
        c->used = 0;
        c->cap = cap;
        f->arena = a = c;
    }
    void *p = a->data + a->used;
    a->used += n;
    memset(p, 0, n);
    return p;
}

const char *lgf_strndup(lgf_facts *f, const char *s, size_t n)
{
    if (s == NULL)
        return NULL;
    char *d = lgf_alloc(f, n + 1);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}

const char *lgf_strdup(lgf_facts *f, const char *s)
{
    return s ? lgf_strndup(f, s, strlen(s)) : NULL;
}

static int word(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

const lgm_op lgf_reset_op = { .role = LGM_CLEAR, .function = "= NULL", .container = 0 };

int lgf_word_char(char c)
{
    return word(c);
}

const char *lgf_source_word(lgf_facts *f, const char *src, size_t len, size_t off)
{
    if (off >= len || !word(src[off]))
        return NULL;
    size_t n = 0;
    while (off + n < len && word(src[off + n]))
        n++;
    return lgf_strndup(f, src + off, n);
}

/* The end of the expression written at s: a name, then balanced parentheses. */
static long written_end(const char *src, size_t len, long s)
{
    long i = s;
    while ((size_t)i < len && word(src[i]))
        i++;
    long j = i;
    while ((size_t)j < len && (src[j] == ' ' || src[j] == '\t'))
        j++;
    if ((size_t)j >= len || src[j] != '(')
        return i;
    int depth = 0;
    for (; (size_t)j < len; j++) {
        char c = src[j];
        if (c == '"' || c == '\'') {
            for (j++; (size_t)j < len && src[j] != c; j++)
                if (src[j] == '\\')
                    j++;
        } else if (c == '(') {
            depth++;
        } else if (c == ')' && --depth == 0) {
            return j + 1;
        }
    }
    return i;
}

const char *lgf_source_text(lgf_facts *f, const char *src, size_t len, long s, long e)
{
    if (s < 0 || (size_t)s > len)
        return "?";
    if (e <= s)
        e = written_end(src, len, s);
    if ((size_t)e > len)
        e = (long)len;
    if (e - s > 4096)
        e = s + 4096;
    char *out = lgf_alloc(f, (size_t)(e - s) + 1);
    if (out == NULL)
        return "?";
    size_t n = 0;
    int pending_space = 0;
    for (long i = s; i < e; i++) {
        char ch = src[i];
        if (ch == '"' || ch == '\'') {            /* literals verbatim */
            char q = ch;
            out[n++] = ch;
            for (i++; i < e && src[i] != q; i++) {
                out[n++] = src[i];
                if (src[i] == '\\' && i + 1 < e)
                    out[n++] = src[++i];
            }
            if (i < e)
                out[n++] = q;
            pending_space = 0;
            continue;
        }
        if (ch == '/' && i + 1 < e && src[i + 1] == '*') {
            for (i += 2; i + 1 < e && !(src[i] == '*' && src[i + 1] == '/'); i++)
                ;
            i++;
            pending_space = 1;
            continue;
        }
        if (ch == '/' && i + 1 < e && src[i + 1] == '/') {
            while (i < e && src[i] != '\n')
                i++;
            pending_space = 1;
            continue;
        }
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\\') {
            pending_space = 1;
            continue;
        }
        if (pending_space && n > 0 && word(out[n - 1]) && word(ch))
            out[n++] = ' ';
        pending_space = 0;
        out[n++] = ch;
    }
    out[n] = 0;
    return out;
}

static void *grow(void *arr, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return arr;
    size_t n = *cap ? *cap * 2 : 64;
    void *p = realloc(arr, n * size);
    if (p != NULL)
        *cap = n;
    return p;
}

#define ADD(f, arr, count, cap, type)                                   \
    do {                                                                \
        type *p_ = grow((f)->arr, &(f)->cap, (f)->count, sizeof(type)); \
        if (p_ == NULL)                                                 \
            return NULL;                                                \
        (f)->arr = p_;                                                  \
        memset(&p_[(f)->count], 0, sizeof(type));                       \
        return &p_[(f)->count++];                                       \
    } while (0)

lgf_function *lgf_add_function(lgf_facts *f) { ADD(f, functions, nfunctions, cap_functions, lgf_function); }
lgf_call *lgf_add_call(lgf_facts *f) { ADD(f, calls, ncalls, cap_calls, lgf_call); }
lgf_callsite *lgf_add_callsite(lgf_facts *f) { ADD(f, callsites, ncallsites, cap_callsites, lgf_callsite); }
lgf_tableref *lgf_add_tableref(lgf_facts *f) { ADD(f, tablerefs, ntablerefs, cap_tablerefs, lgf_tableref); }
lgf_fieldset *lgf_add_fieldset(lgf_facts *f) { ADD(f, fieldsets, nfieldsets, cap_fieldsets, lgf_fieldset); }

int lgf_place_long_lived(const lgf_place *p)
{
    return p->kind == LGF_PLACE_FIELD || p->kind == LGF_PLACE_GLOBAL || p->kind == LGF_PLACE_STATIC;
}

int lgf_place_same(const lgf_place *a, const lgf_place *b)
{
    if (a->kind != b->kind || a->kind == LGF_PLACE_NONE)
        return 0;
    if (a->kind == LGF_PLACE_PARAM)
        return a->func == b->func && a->param == b->param;
    return a->key != NULL && b->key != NULL && strcmp(a->key, b->key) == 0;
}

size_t lgf_str_hash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int lgf_function_index(const lgf_facts *f, const char *name)
{
    for (size_t i = 0; i < f->nfunctions; i++)
        if (strcmp(f->functions[i].name, name) == 0)
            return (int)i;
    return -1;
}

static const char *cp(lgf_facts *f, const char *s)
{
    return s ? lgf_strdup(f, s) : NULL;
}

static lgf_place cp_place(lgf_facts *f, lgf_place p, int newfn)
{
    p.key = cp(f, p.key);
    if (p.kind == LGF_PLACE_PARAM || p.kind == LGF_PLACE_LOCAL)
        p.func = newfn;
    return p;
}

static int copy_calls(lgf_facts *f, const lgf_facts *old, int of, int nf, int dl)
{
    for (size_t i = 0; i < old->ncalls; i++) {
        if (old->calls[i].func != of)
            continue;
        lgf_call *c = lgf_add_call(f);
        if (c == NULL)
            return -1;
        *c = old->calls[i];
        c->func = nf;
        c->line = (unsigned)((int)c->line + dl);
        c->callee = cp(f, c->callee);
        c->text = cp(f, c->text);
        c->fn = cp(f, c->fn);
        c->container = cp_place(f, c->container, nf);
        c->invoked = cp_place(f, c->invoked, nf);
        c->fn_from = cp_place(f, c->fn_from, nf);
        c->item.text = cp(f, c->item.text);
        if (c->ncaptures > 0) {
            lgf_value *v = lgf_alloc(f, c->ncaptures * sizeof *v);
            for (size_t k = 0; v && k < c->ncaptures; k++) {
                v[k] = old->calls[i].captures[k];
                v[k].text = cp(f, v[k].text);
            }
            c->captures = v;
            if (v == NULL)
                c->ncaptures = 0;
        }
        if (c->nruns > 0) {
            const char **r = lgf_alloc(f, c->nruns * sizeof *r);
            for (size_t k = 0; r && k < c->nruns; k++)
                r[k] = cp(f, old->calls[i].runs[k]);
            c->runs = r;
            if (r == NULL)
                c->nruns = 0;
        }
    }
    return 0;
}

static int copy_callsites(lgf_facts *f, const lgf_facts *old, int of, int nf, int dl)
{
    for (size_t i = 0; i < old->ncallsites; i++) {
        if (old->callsites[i].func != of)
            continue;
        lgf_callsite *cs = lgf_add_callsite(f);
        if (cs == NULL)
            return -1;
        *cs = old->callsites[i];
        cs->func = nf;
        cs->line = (unsigned)((int)cs->line + dl);
        cs->callee = cp(f, cs->callee);
        cs->args = cs->nargs ? lgf_alloc(f, cs->nargs * sizeof *cs->args) : NULL;
        for (size_t k = 0; cs->args && k < cs->nargs; k++)
            cs->args[k] = cp_place(f, old->callsites[i].args[k], nf);
        if (cs->args == NULL)
            cs->nargs = 0;
        const char **fns = cs->fns && cs->nargs ? lgf_alloc(f, cs->nargs * sizeof *fns) : NULL;
        for (size_t k = 0; fns && k < cs->nargs; k++)
            fns[k] = cp(f, old->callsites[i].fns[k]);
        cs->fns = fns;
    }
    return 0;
}

static int copy_fieldsets(lgf_facts *f, const lgf_facts *old, int of, int nf, int dl)
{
    for (size_t i = 0; i < old->nfieldsets; i++) {
        if (old->fieldsets[i].func != of)
            continue;
        lgf_fieldset *s = lgf_add_fieldset(f);
        if (s == NULL)
            return -1;
        *s = old->fieldsets[i];
        s->func = nf;
        s->line = (unsigned)((int)s->line + dl);
        s->field = cp(f, s->field);
    }
    return 0;
}

int lgf_copy_function(lgf_facts *f, const lgf_facts *old, int of, int dl)
{
    int nf = (int)f->nfunctions;
    lgf_function *fn = lgf_add_function(f);
    if (fn == NULL)
        return -1;
    *fn = old->functions[of];
    fn->name = cp(f, fn->name);
    fn->returns.key = cp(f, fn->returns.key);
    fn->line = (unsigned)((int)fn->line + dl);
    if (fn->nparams > 0 && old->functions[of].param_names != NULL) {
        const char **names = lgf_alloc(f, (size_t)fn->nparams * sizeof *names);
        for (int k = 0; names && k < fn->nparams; k++)
            names[k] = cp(f, old->functions[of].param_names[k]);
        fn->param_names = names;
    }
    if (copy_calls(f, old, of, nf, dl) < 0 || copy_fieldsets(f, old, of, nf, dl) < 0)
        return -1;
    return copy_callsites(f, old, of, nf, dl);
}

/* ---- dumping: one canonical line per record */

static const char *str(const char *s)
{
    return s ? s : "-";
}

static void dump_place(FILE *out, const lgf_place *p)
{
    fprintf(out, " [%d %s %d %d %d]", (int)p->kind, str(p->key),
            p->kind == LGF_PLACE_PARAM || p->kind == LGF_PLACE_LOCAL ? p->func : -1,
            p->kind == LGF_PLACE_PARAM || p->kind == LGF_PLACE_LOCAL ? p->param : -1,
            p->owner_fresh);
}

static void dump_value(FILE *out, const lgf_value *v)
{
    fprintf(out, " {%s %d %lld %d}", str(v->text), (int)v->origin, v->size, v->static_root);
}

void lgf_dump(const lgf_facts *f, FILE *out)
{
    fprintf(out, "P %s%s\n", str(f->path), f->header ? " header" : "");
    for (size_t i = 0; i < f->nfunctions; i++) {
        const lgf_function *fn = &f->functions[i];
        fprintf(out, "F %s %u:%u %d %d %llx", str(fn->name), fn->line, fn->column, fn->nparams,
                fn->self_escapes, fn->used_params);
        for (int k = 0; fn->param_names && k < fn->nparams; k++)
            fprintf(out, " %s", str(fn->param_names[k]));
        dump_place(out, &fn->returns);
        fputc('\n', out);
    }
    for (size_t i = 0; i < f->ncalls; i++) {
        const lgf_call *c = &f->calls[i];
        fprintf(out, "C %s %s %s %u:%u %d %s", lgm_role_name(c->role),
                c->op ? c->op->function : "-", str(c->callee), c->line, c->column, c->func,
                str(c->text));
        dump_place(out, &c->container);
        dump_value(out, &c->item);
        fprintf(out, " %d %d %d %d %d %d %d %d %s %lld", c->weak_only, c->self_listener,
            c->target_made, c->listener_kept, c->owner_listener, c->reset, c->table_key,
            c->in_macro, str(c->fn), c->index);
        dump_place(out, &c->invoked);
        if (c->fn_from.kind != LGF_PLACE_NONE)
            dump_place(out, &c->fn_from);
        for (size_t k = 0; k < c->ncaptures; k++)
            dump_value(out, &c->captures[k]);
        for (size_t k = 0; k < c->nruns; k++)
            fprintf(out, " run:%s", str(c->runs[k]));
        fputc('\n', out);
    }
    for (size_t i = 0; i < f->ncallsites; i++) {
        const lgf_callsite *cs = &f->callsites[i];
        fprintf(out, "S %s %d %u", str(cs->callee), cs->func, cs->line);
        for (size_t k = 0; k < cs->nargs; k++)
            dump_place(out, &cs->args[k]);
        for (size_t k = 0; cs->fns && k < cs->nargs; k++)
            if (cs->fns[k] != NULL)
                fprintf(out, " fn%zu:%s", k, cs->fns[k]);
        if (cs->nulls != 0)
            fprintf(out, " nulls:%llx", cs->nulls);
        fputc('\n', out);
    }
    for (size_t i = 0; i < f->ntablerefs; i++)
        fprintf(out, "T %s %s\n", str(f->tablerefs[i].table), str(f->tablerefs[i].fn));
    for (size_t i = 0; i < f->nfieldsets; i++)
        fprintf(out, "A %s %d %u %d %d\n", str(f->fieldsets[i].field), f->fieldsets[i].func,
                f->fieldsets[i].line, f->fieldsets[i].made, f->fieldsets[i].param);
}

void lgf_dump_if_asked(const lgf_facts *f)
{
    const char *path = getenv("LINGER_DUMP_FACTS");
    if (path == NULL || *path == 0)
        return;
    FILE *out = fopen(path, "a");
    if (out == NULL)
        return;
    lgf_dump(f, out);
    fclose(out);
}
