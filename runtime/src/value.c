/*
 * value.c — the value types: int (with the cache of small ints -5..256, as
 * CPython), str (with an intern table that does not own its strings: a dying
 * interned string leaves the table), and buffer (zero-filled bytes).  Also the
 * key semantics shared by every hashed container: ints and strs by value,
 * everything else by identity.
 */
#include "builtins.h"
#include <string.h>

/* ---- int */

#define SMALL_MIN (-5)
#define SMALL_MAX 256
static lg_object *small_ints[SMALL_MAX - SMALL_MIN + 1];

static lg_object *int_alloc(long v, const char *file, int line)
{
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_INT), 0, file, line);
    if (o != NULL)
        ((lg__int *)o)->value = v;
    return o;
}

lg_object *lg_int_at(long v, const char *file, int line)
{
    if (v >= SMALL_MIN && v <= SMALL_MAX) {
        lg_object **slot = &small_ints[v - SMALL_MIN];
        if (*slot == NULL) {
            *slot = int_alloc(v, "<small int cache>", 0);
            if (*slot == NULL)
                return NULL;
            lg__mark_immortal(*slot);
        }
        return lg_retain(*slot);
    }
    return int_alloc(v, file, line);
}

lg_object *(lg_int)(long v)
{
    return lg_int_at(v, NULL, 0);
}

long lg_int_value(const lg_object *o)
{
    if (lg__check(o, LG__T_INT, "lg_int_value") < 0)
        return 0;
    return ((const lg__int *)o)->value;
}

void lg__int_dealloc(lg_object *o)
{
    (void)o;
}

/* ---- str */

static size_t str_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return (size_t)h;
}

static lg_object *str_alloc(const char *s, const char *file, int line)
{
    size_t n = strlen(s);
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_STR), n + 1, file, line);
    if (o == NULL)
        return NULL;
    lg__str *str = (lg__str *)o;
    str->len = n;
    str->hash = str_hash(s, n);
    memcpy(str->data, s, n + 1);
    return o;
}

lg_object *lg_str_at(const char *s, const char *file, int line)
{
    if (s == NULL) {
        lg__set_error("lg_str: string is NULL");
        return NULL;
    }
    return str_alloc(s, file, line);
}

lg_object *(lg_str)(const char *s)
{
    return lg_str_at(s, NULL, 0);
}

static lg__table interned;   /* str -> str; holds no references */

lg_object *lg_str_intern_at(const char *s, const char *file, int line)
{
    if (s == NULL) {
        lg__set_error("lg_str_intern: string is NULL");
        return NULL;
    }
    lg_object *o = str_alloc(s, file, line);
    if (o == NULL)
        return NULL;
    ssize_t ix = lg__table_find(&interned, o, ((lg__str *)o)->hash);
    if (ix >= 0) {
        lg_release(o);
        return lg_retain(interned.entries[ix].key);
    }
    if (lg__table_insert(&interned, o, ((lg__str *)o)->hash, o, NULL) < 0) {
        lg_release(o);
        return NULL;
    }
    ((lg__str *)o)->interned = 1;
    return o;
}

lg_object *(lg_str_intern)(const char *s)
{
    return lg_str_intern_at(s, NULL, 0);
}

const char *lg_str_cstr(const lg_object *o)
{
    if (lg__check(o, LG__T_STR, "lg_str_cstr") < 0)
        return NULL;
    return ((const lg__str *)o)->data;
}

void lg__str_dealloc(lg_object *o)
{
    lg__str *s = (lg__str *)o;
    if (s->interned) {
        ssize_t ix = lg__table_find(&interned, o, s->hash);
        if (ix >= 0 && interned.entries[ix].key == o)
            lg__table_remove(&interned, (size_t)ix);
        if (interned.len == 0)
            lg__table_free(&interned);
    }
}

size_t lg__str_owned(const lg_object *o)
{
    return ((const lg__str *)o)->len + 1;
}

/* ---- buffer */

lg_object *lg_buffer_at(size_t nbytes, const char *file, int line)
{
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_BUFFER), nbytes, file, line);
    if (o != NULL)
        ((lg__buffer *)o)->size = nbytes;
    return o;
}

lg_object *(lg_buffer)(size_t nbytes)
{
    return lg_buffer_at(nbytes, NULL, 0);
}

void *lg_buffer_data(lg_object *o)
{
    if (lg__check(o, LG__T_BUFFER, "lg_buffer_data") < 0)
        return NULL;
    lg__buffer *b = (lg__buffer *)o;
    return b->size ? b->data : NULL;
}

size_t lg_buffer_size(const lg_object *o)
{
    if (lg__check(o, LG__T_BUFFER, "lg_buffer_size") < 0)
        return 0;
    return ((const lg__buffer *)o)->size;
}

size_t lg__buffer_owned(const lg_object *o)
{
    return ((const lg__buffer *)o)->size;
}

/* ---- keys */

size_t lg__key_hash(const lg_object *k)
{
    if (k->type == LG__TYPE(LG__T_STR))
        return ((const lg__str *)k)->hash;
    if (k->type == LG__TYPE(LG__T_INT)) {
        uint64_t v = (uint64_t)((const lg__int *)k)->value;
        return (size_t)(v * 0x9E3779B97F4A7C15ull);
    }
    return (size_t)(((uintptr_t)k >> 4) * 0x9E3779B97F4A7C15ull);
}

int lg__key_eq(const lg_object *a, const lg_object *b)
{
    if (a == b)
        return 1;
    if (a->type != b->type)
        return 0;
    if (a->type == LG__TYPE(LG__T_INT))
        return ((const lg__int *)a)->value == ((const lg__int *)b)->value;
    if (a->type == LG__TYPE(LG__T_STR)) {
        const lg__str *x = (const lg__str *)a, *y = (const lg__str *)b;
        return x->len == y->len && memcmp(x->data, y->data, x->len) == 0;
    }
    return 0;
}


/* At exit the cache's blocks are given back so that leak checkers see a clean
 * process (the runtime's destructor, after the evidence's last flush);
 * nothing may use the API after this point. */
void lg__small_ints_free(void)
{
    for (size_t i = 0; i < sizeof small_ints / sizeof *small_ints; i++) {
        if (small_ints[i] != NULL) {
            lg__object_unchain(small_ints[i]);
            free(lg__head_of(small_ints[i]));
            small_ints[i] = NULL;
        }
    }
}
