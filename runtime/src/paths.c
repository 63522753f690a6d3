/*
 * paths.c — retention paths: why an object is still alive.  A root is a
 * tracked object referenced from outside the object graph: its reference
 * count exceeds the references other tracked objects hold on it (CPython's
 * collector's test) — a C global, a local, a struct that is not an object.
 * One breadth-first walk from every root at once gives each reached object
 * its parent, so following parents back from a lingering object yields a
 * shortest path from some root to it; edges are labelled from the parent's
 * layout (list[3], dict['user:42'], emitter listener #2, closure capture 1,
 * a user type's field).  A root is named, when the program's writable data
 * holds a pointer to it, after the global variable that holds it.
 *
 * Invariant: a walk runs between collections only — it keeps each object's
 * parent in the collector's scratch field gc_refs (0: not reached, -1: a
 * root) — and creates, retains and releases no object.
 */
#define _GNU_SOURCE
#include "builtins.h"
#include "paths.h"
#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROOT ((intptr_t)-1)
#define MAX_NODES 32         /* a longer path keeps its last MAX_NODES nodes */

/* ---- user types' field names */

typedef struct {
    const lg_type *type;      /* the type */
    lg_field_name_fn fn;      /* its names */
} field_names;

static field_names *names;
static size_t nnames;

int lg_type_field_names(const lg_type *type, lg_field_name_fn fn)
{
    if (type == NULL) {
        lg__set_error("lg_type_field_names: type is NULL");
        return -1;
    }
    for (size_t i = 0; i < nnames; i++)
        if (names[i].type == type) {
            names[i].fn = fn;
            return 0;
        }
    field_names *n = realloc(names, (nnames + 1) * sizeof *n);
    if (n == NULL) {
        lg__set_error("out of memory");
        return -1;
    }
    names = n;
    names[nnames++] = (field_names){ type, fn };
    return 0;
}

static lg_field_name_fn names_of(const lg_type *type)
{
    for (size_t i = 0; i < nnames; i++)
        if (names[i].type == type)
            return names[i].fn;
    return NULL;
}

/* ---- the walk */

typedef struct {
    lg__vec queue;        /* tracked objects reached, in breadth-first order */
    lg_object *parent;    /* the object whose children are being visited */
    int failed;           /* memory ran out */
} walk;

static void start_count(lg_object *o, void *arg)
{
    (void)arg;
    lg__head *h = lg__head_of(o);
    h->gc_refs = (h->flags & LG__F_TRACKED) ? (intptr_t)o->refcnt : 0;
}

static void subtract_one(lg_object *child, void *arg)
{
    (void)arg;
    lg__head *h = lg__head_of(child);
    if (child != NULL && (h->flags & LG__F_TRACKED) && h->gc_refs > 0)
        h->gc_refs--;
}

static void subtract_internal(lg_object *o, void *arg)
{
    o->type->traverse(o, subtract_one, arg);
}

static void mark_root(lg_object *o, void *arg)
{
    walk *w = arg;
    lg__head *h = lg__head_of(o);
    if (h->gc_refs > 0) {
        h->gc_refs = ROOT;
        if (lg__vec_push(&w->queue, o) < 0)
            w->failed = 1;
    } else {
        h->gc_refs = 0;
    }
}

static void reach(lg_object *child, void *arg)
{
    walk *w = arg;
    if (child == NULL)
        return;
    lg__head *h = lg__head_of(child);
    if (h->gc_refs != 0)
        return;
    h->gc_refs = (intptr_t)w->parent;
    if ((h->flags & LG__F_TRACKED) && lg__vec_push(&w->queue, child) < 0)
        w->failed = 1;
}

int lg__paths_walk(void)
{
    if (lg__busy())
        return -1;
    walk w = { { NULL, 0, 0 }, NULL, 0 };
    lg__each_object(start_count, NULL);
    lg__gc_each_tracked(subtract_internal, NULL);
    lg__gc_each_tracked(mark_root, &w);
    for (size_t i = 0; i < w.queue.n && !w.failed; i++) {
        w.parent = w.queue.v[i];
        w.parent->type->traverse(w.parent, reach, &w);
    }
    lg__vec_free(&w.queue);
    return w.failed ? -1 : 0;
}

/* ---- a growable string */

void lg__sb_add(lg__sbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            b->failed = 1;
            return;
        }
        if (b->s != NULL && b->n + (size_t)n < b->cap) {
            b->n += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->n + (size_t)n + 1)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (s == NULL) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
}

void lg__sb_json(lg__sbuf *b, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '"' || *p == '\\')
            lg__sb_add(b, "\\%c", *p);
        else if (*p < 0x20)
            lg__sb_add(b, "\\u%04x", *p);
        else
            lg__sb_add(b, "%c", *p);
    }
}

/* ---- edge labels */

/* A key as a label shows it: 42, 'user:42' (cut at 40 bytes), <type>. */
static void key_text(const lg_object *k, char *buf, size_t sz)
{
    if (k->type == LG__TYPE(LG__T_INT)) {
        snprintf(buf, sz, "%ld", ((const lg__int *)k)->value);
    } else if (k->type == LG__TYPE(LG__T_STR)) {
        const lg__str *s = (const lg__str *)k;
        snprintf(buf, sz, "'%.*s%s'", s->len > 40 ? 40 : (int)s->len, s->data,
                 s->len > 40 ? "..." : "");
    } else {
        snprintf(buf, sz, "<%s>", k->type->name);
    }
}

static int table_label(const char *what, const lg__table *t, const lg_object *child, char *buf,
                       size_t sz)
{
    char key[64];
    for (size_t i = 0; i < t->used; i++) {
        const lg__entry *e = &t->entries[i];
        if (e->key == NULL || (e->value != child && e->key != child))
            continue;
        key_text(e->key, key, sizeof key);
        snprintf(buf, sz, e->value == child ? "%s[%s]" : "%s key %s", what, key);
        return 1;
    }
    return 0;
}

typedef struct {
    const lg_object *child;   /* the reference looked for */
    size_t i;                 /* references visited before it */
    int found;
} find_ref;

static void count_to(lg_object *c, void *arg)
{
    find_ref *f = arg;
    if (f->found || c == NULL)
        return;
    if (c == f->child)
        f->found = 1;
    else
        f->i++;
}

/* A user type's reference: its field's name, or its place in traverse's order. */
static void field_label(lg_object *p, const lg_object *child, char *buf, size_t sz)
{
    find_ref f = { child, 0, 0 };
    p->type->traverse(p, count_to, &f);
    lg_field_name_fn fn = names_of(p->type);
    const char *name = fn != NULL ? fn(p, f.i) : NULL;
    if (name != NULL)
        snprintf(buf, sz, "%s.%s", p->type->name, name);
    else
        snprintf(buf, sz, "%s field #%zu", p->type->name, f.i);
}

/* The label of the reference parent p holds on child. */
static void edge_label(lg_object *p, const lg_object *child, char *buf, size_t sz)
{
    const lg_type *t = p->type;
    if (t == LG__TYPE(LG__T_LIST)) {
        const lg__list *l = (const lg__list *)p;
        for (size_t i = 0; i < l->len; i++)
            if (l->items[i] == child) {
                snprintf(buf, sz, "list[%zu]", i);
                return;
            }
    } else if (t == LG__TYPE(LG__T_DICT)) {
        if (table_label("dict", &((const lg__dict *)p)->t, child, buf, sz))
            return;
    } else if (t == LG__TYPE(LG__T_LRU)) {
        if (table_label("lru", &((const lg__lru *)p)->t, child, buf, sz))
            return;
    } else if (t == LG__TYPE(LG__T_WEAKDICT)) {
        if (table_label("weakdict", &((const lg__weakdict *)p)->t, child, buf, sz))
            return;
    } else if (t == LG__TYPE(LG__T_EMITTER)) {
        const lg__emitter *e = (const lg__emitter *)p;
        for (size_t i = 0; i < e->len; i++)
            if (e->slots[i].obj == child) {
                snprintf(buf, sz, "emitter listener #%zu", i);
                return;
            }
    } else if (t == LG__TYPE(LG__T_CLOSURE)) {
        const lg__closure *c = (const lg__closure *)p;
        for (size_t i = 0; i < c->n; i++)
            if (c->caps[i] == child) {
                snprintf(buf, sz, "closure capture %zu", i);
                return;
            }
    } else if (lg__builtin(t) == NULL && t->traverse != NULL) {
        field_label(p, child, buf, sz);
        return;
    }
    snprintf(buf, sz, "%s reference", t->name);
}

/* The label's shape: what it says without indices and keys. */
static void edge_shape(const char *label, lg__sbuf *b)
{
    size_t n = strcspn(label, "[#0123456789'");
    lg__sb_add(b, "%.*s|", (int)n, label);
}

/* ---- naming a root after the global that holds it */

typedef struct {
    uintptr_t target;      /* the root's address */
    uintptr_t hit;         /* the address of a word holding it, or 0 */
    const char *file;      /* the loaded object's file ("" for the program) */
    uintptr_t base;        /* its load address */
} scan;

/* Reads raw words of another module's data: an ASan redzone is no error here. */
__attribute__((no_sanitize("address")))
static uintptr_t find_word(uintptr_t from, uintptr_t to, uintptr_t value)
{
    for (uintptr_t a = (from + sizeof(void *) - 1) & ~(uintptr_t)(sizeof(void *) - 1);
         a + sizeof(void *) <= to; a += sizeof(void *))
        if (*(const volatile uintptr_t *)a == value)
            return a;
    return 0;
}

static int scan_module(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    scan *s = arg;
    for (int i = 0; i < info->dlpi_phnum && s->hit == 0; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
            continue;
        uintptr_t from = info->dlpi_addr + ph->p_vaddr;
        s->hit = find_word(from, from + ph->p_memsz, s->target);
        if (s->hit != 0) {
            s->file = info->dlpi_name;
            s->base = info->dlpi_addr;
        }
    }
    return s->hit != 0;
}

/* The symbol of the ELF file at path holding the address off (relative to
 * its load address): its name and the offset into it, or 0. */
static int elf_symbol(const char *path, uintptr_t off, char *name, size_t sz, size_t *into)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return 0;
    if (fstat(fd, &st) < 0 || (size_t)st.st_size < sizeof(ElfW(Ehdr))) {
        close(fd);
        return 0;
    }
    size_t len = (size_t)st.st_size;
    const unsigned char *m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED)
        return 0;
    int found = 0;
    const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)m;
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_shoff == 0
        || eh->e_shoff + (size_t)eh->e_shnum * sizeof(ElfW(Shdr)) > len)
        goto out;
    const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(m + eh->e_shoff);
    for (int pass = 0; pass < 2 && !found; pass++) {   /* .symtab, then .dynsym */
        for (size_t i = 0; i < eh->e_shnum && !found; i++) {
            if (sh[i].sh_type != (pass == 0 ? SHT_SYMTAB : SHT_DYNSYM) || sh[i].sh_link >= eh->e_shnum)
                continue;
            const ElfW(Shdr) *strs = &sh[sh[i].sh_link];
            if (sh[i].sh_offset + sh[i].sh_size > len || strs->sh_offset + strs->sh_size > len)
                continue;
            const ElfW(Sym) *sym = (const ElfW(Sym) *)(m + sh[i].sh_offset);
            size_t n = sh[i].sh_size / sizeof *sym;
            for (size_t k = 0; k < n; k++) {
                if (ELF64_ST_TYPE(sym[k].st_info) != STT_OBJECT || off < sym[k].st_value
                    || off >= sym[k].st_value + (sym[k].st_size ? sym[k].st_size : 1)
                    || sym[k].st_name >= strs->sh_size)
                    continue;
                const char *s = (const char *)m + strs->sh_offset + sym[k].st_name;
                snprintf(name, sz, "%.*s", (int)strnlen(s, strs->sh_size - sym[k].st_name), s);
                *into = off - sym[k].st_value;
                found = 1;
                break;
            }
        }
    }
out:
    munmap((void *)m, len);
    return found;
}

/* "global 'g_cache'" (or 'g_app'+16: inside it) when the program's or a
 * library's writable data holds a pointer to root; 0 when nothing does. */
static int root_name(const lg_object *root, char *buf, size_t sz)
{
    scan s = { (uintptr_t)root, 0, NULL, 0 };
    dl_iterate_phdr(scan_module, &s);
    if (s.hit == 0)
        return 0;
    char name[128];
    size_t into = 0;
    const char *file = s.file != NULL && s.file[0] ? s.file : "/proc/self/exe";
    if (!elf_symbol(file, s.hit - s.base, name, sizeof name, &into)) {
        Dl_info di;
        if (dladdr((void *)s.hit, &di) == 0 || di.dli_sname == NULL)
            return 0;
        snprintf(name, sizeof name, "%s", di.dli_sname);
        into = s.hit - (uintptr_t)di.dli_saddr;
    }
    if (into != 0)
        snprintf(buf, sz, "global '%s'+%zu", name, into);
    else
        snprintf(buf, sz, "global '%s'", name);
    return 1;
}

/* ---- a path as JSON */

static void node_json(lg__sbuf *b, lg_object *o, const char *edge)
{
    lg__head *h = lg__head_of(o);
    lg__sb_add(b, "{\"type\":\"");
    lg__sb_json(b, o->type->name);
    lg__sb_add(b, "\",\"file\":");
    if (h->file != NULL) {
        lg__sb_add(b, "\"");
        lg__sb_json(b, h->file);
        lg__sb_add(b, "\"");
    } else {
        lg__sb_add(b, "null");
    }
    lg__sb_add(b, ",\"line\":%u,\"size\":%zu", h->line, lg_sizeof(o));
    if (edge != NULL) {
        lg__sb_add(b, ",\"edge\":\"");
        lg__sb_json(b, edge);
        lg__sb_add(b, "\"");
    }
    lg__sb_add(b, "}");
}

int lg__path_json(lg_object *target, lg_object *last, lg__sbuf *b, lg__sbuf *shape)
{
    lg_object *chain[MAX_NODES];
    size_t n = 0;
    int truncated = 0;
    if (lg__head_of(target)->gc_refs == 0)
        return 0;                              /* not reached from a root */
    for (lg_object *o = target;; o = (lg_object *)lg__head_of(o)->gc_refs) {
        if (n == MAX_NODES) {                  /* keep the nearest MAX_NODES */
            memmove(chain, chain + 1, (MAX_NODES - 1) * sizeof *chain);
            n--;
            truncated = 1;
        }
        chain[n++] = o;
        if (lg__head_of(o)->gc_refs == ROOT)
            break;
    }
    char root[192], label[128];
    lg__sb_add(b, "{\"root\":");
    if (!truncated && root_name(chain[n - 1], root, sizeof root)) {
        lg__sb_add(b, "\"");
        lg__sb_json(b, root);
        lg__sb_add(b, "\"");
    } else {
        lg__sb_add(b, "null");
    }
    lg__sb_add(b, ",\"truncated\":%s,\"nodes\":[", truncated ? "true" : "false");
    for (size_t i = n; i-- > 0;) {
        const char *edge = NULL;
        if (i + 1 < n) {
            edge_label(chain[i + 1], chain[i], label, sizeof label);
            edge = label;
            edge_shape(label, shape);
        }
        lg__sb_add(shape, "%s|", chain[i]->type->name);
        node_json(b, chain[i], edge);
        if (i > 0)
            lg__sb_add(b, ",");
    }
    if (last != NULL) {
        edge_label(target, last, label, sizeof label);
        edge_shape(label, shape);
        lg__sb_add(b, ",");
        node_json(b, last, label);
    }
    lg__sb_add(b, "]}");
    return 1;
}

lg_object *lg_why_alive(lg_object *o)
{
    if (lg__check_arg(o, "lg_why_alive", "object") < 0)
        return NULL;
    if (lg__paths_walk() < 0) {
        lg__set_error("lg_why_alive: a collection or deallocation is under way, or memory ran out");
        return NULL;
    }
    lg__sbuf b = { 0 }, shape = { 0 };
    int found = lg__path_json(o, NULL, &b, &shape);
    free(shape.s);
    if (b.failed) {
        free(b.s);
        lg__set_error("out of memory");
        return NULL;
    }
    lg_object *r = lg_str_at(found ? b.s : "null", NULL, 0);
    free(b.s);
    return r;
}
