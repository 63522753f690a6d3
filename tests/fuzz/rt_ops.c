/*
 * rt_ops.c — the operation-sequence interpreter (rt_ops.h).  Every
 * operation keeps the program itself correct (it retains what it keeps and
 * releases what it drops, checks types before it calls a type's function),
 * so whatever goes wrong is the runtime's.
 *
 * Operations (op % 15; with `extended`, op % 27), on slots S[0..7] and
 * weak slots W[0..7]; a = a % 8, b = b % 8, k = c % 16:
 *   0 list a        S[a] = []               1 dict a       S[a] = {}
 *   2 append a b    S[a].append(S[b])       3 set a k b    S[a][k] = S[b]
 *   4 del a k       del S[a][k]             5 pop a        S[a].pop()
 *   6 clear a       S[a].clear()            7 drop a       S[a] = None
 *   8 copy a b      S[b] = S[a]             9 weak a b     W[b] = ref(S[a], cb b)
 *  10 peek b        is W[b] alive?         11 collect      gc.collect()
 *  12 len a                                13 fin a b      finalize(S[a], fin b)
 *  14 get a b k     S[b] = S[a][k % len] (list) or S[a][k] (dict)
 * and, extended only: 15 emitter a, 16 on a b, 17 on-weak a b, 18 off a b,
 * 19 emit a b, 20 closure a b (S[a] = closure over S[a], S[b]), 21 call a b,
 * 22 lru a (c % 4 + 1 entries), 23 lru-put a k b, 24 weakset a,
 * 25 weakset-add a b, 26 weakdict a (flags c % 2).
 *
 * Transcript lines: "len A N" (or "len A -"), "weak J alive|dead|none",
 * "collect N", "cb J" and "fin J" when a weakref callback or a finalizer
 * runs; "gc" as a full collection starts (what runs inside it, up to its
 * "collect N", runs in the collector's own order: rt_twin.py compares those
 * lines as a set); at the end every slot is emptied (S then W, in order)
 * and "gc", "end N" give a last full collection.
 */
#include "rt_ops.h"
#include <linger/linger.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NSLOT 8

static FILE *out;                 /* the transcript, or NULL */
static lg_object *S[NSLOT];       /* strong slots */
static lg_object *W[NSLOT];       /* weakref objects */
static const intptr_t ids[NSLOT] = { 0, 1, 2, 3, 4, 5, 6, 7 };

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One transcript line. */
static void say(const char *fmt, ...)
{
    if (out == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
}

static void on_weak(lg_object *ref, void *arg)
{
    (void)ref;
    say("cb %d", (int)*(const intptr_t *)arg);
}

static void on_fin(void *arg)
{
    say("fin %d", (int)*(const intptr_t *)arg);
}

static lg_object *echo(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

static int is(const lg_object *o, const char *type)
{
    return o != NULL && strcmp(lg_type_name(o), type) == 0;
}

/* slot = o (a new reference), then the old value released: the order
 * CPython's STORE does, so callbacks see the slot already changed. */
static void put(lg_object **slot, lg_object *o)
{
    lg_object *old = *slot;
    *slot = o;
    lg_release(old);
}

static void op_set(lg_object *d, long k, lg_object *v)
{
    lg_object *key = lg_int(k);
    if (key != NULL && v != NULL)
        lg_dict_set(d, key, v);
    lg_release(key);
}

static void op_del(lg_object *d, long k)
{
    lg_object *key = lg_int(k);
    if (key != NULL && lg_dict_get(d, key) != NULL)
        lg_dict_del(d, key);
    lg_release(key);
}

static void op_get(int a, int b, long k)
{
    lg_object *item = NULL;
    if (is(S[a], "list") && lg_list_len(S[a]) > 0) {
        item = lg_list_get(S[a], (size_t)k % lg_list_len(S[a]));
    } else if (is(S[a], "dict")) {
        lg_object *key = lg_int(k);
        item = key ? lg_dict_get(S[a], key) : NULL;
        lg_release(key);
    }
    if (item != NULL)
        put(&S[b], lg_retain(item));
}

static void op_len(int a)
{
    if (is(S[a], "list"))
        say("len %d %ld", a, (long)lg_list_len(S[a]));
    else if (is(S[a], "dict"))
        say("len %d %ld", a, (long)lg_dict_len(S[a]));
    else
        say("len %d -", a);
}

static void op_peek(int j)
{
    if (W[j] == NULL) {
        say("weak %d none", j);
        return;
    }
    lg_object *o = lg_weakref_get(W[j]);
    say("weak %d %s", j, o != NULL ? "alive" : "dead");
    lg_release(o);
}

/* The operations CPython has no twin for (the fuzzer's). */
static void extended_op(int op, int a, int b, int c)
{
    long k = c % 16;
    switch (op) {
    case 15: put(&S[a], lg_emitter()); break;
    case 16: if (is(S[a], "emitter") && S[b] != NULL) lg_emitter_on(S[a], S[b]); break;
    case 17: if (is(S[a], "emitter") && S[b] != NULL) lg_emitter_on_weak(S[a], S[b]); break;
    case 18: if (is(S[a], "emitter") && S[b] != NULL) lg_emitter_off(S[a], S[b]); break;
    case 19: if (is(S[a], "emitter") && S[b] != NULL) lg_emitter_emit(S[a], S[b]); break;
    case 20: put(&S[a], lg_closure(echo, 2, S[a], S[b])); break;
    case 21:
        if (is(S[a], "closure") && S[b] != NULL)
            lg_release(lg_call(S[a], S[b]));
        break;
    case 22: put(&S[a], lg_lru((size_t)(c % 4) + 1)); break;
    case 23:
        if (is(S[a], "lru") && S[b] != NULL) {
            lg_object *key = lg_int(k);
            if (key != NULL)
                lg_lru_put(S[a], key, S[b]);
            lg_release(key);
        }
        break;
    case 24: put(&S[a], lg_weakset()); break;
    case 25: if (is(S[a], "weakset") && S[b] != NULL) lg_weakset_add(S[a], S[b]); break;
    case 26: put(&S[a], lg_weakdict((unsigned)(c % 2))); break;
    default: break;
    }
}

static void step(int op, int a, int b, int c)
{
    long k = c % 16;
    switch (op) {
    case 0: put(&S[a], lg_list()); break;
    case 1: put(&S[a], lg_dict()); break;
    case 2: if (is(S[a], "list") && S[b] != NULL) lg_list_append(S[a], S[b]); break;
    case 3: if (is(S[a], "dict") && S[b] != NULL) op_set(S[a], k, S[b]); break;
    case 4: if (is(S[a], "dict")) op_del(S[a], k); break;
    case 5:
        if (is(S[a], "list") && lg_list_len(S[a]) > 0)
            lg_release(lg_list_pop(S[a], lg_list_len(S[a]) - 1));
        break;
    case 6:
        if (is(S[a], "list"))
            lg_list_clear(S[a]);
        else if (is(S[a], "dict"))
            lg_dict_clear(S[a]);
        break;
    case 7: put(&S[a], NULL); break;
    case 8: put(&S[b], lg_retain(S[a])); break;
    case 9:
        if (is(S[a], "list") || is(S[a], "dict"))
            put(&W[b], lg_weakref(S[a], on_weak, (void *)&ids[b]));
        break;
    case 10: op_peek(b); break;
    case 11:
        say("gc");
        say("collect %d", (int)lg_gc_collect(-1));
        break;
    case 12: op_len(a); break;
    case 13:
        if (is(S[a], "list") || is(S[a], "dict"))
            lg_finalize(S[a], on_fin, (void *)&ids[b]);
        break;
    case 14: op_get(a, b, k); break;
    default: extended_op(op, a, b, c); break;
    }
}

void rt_run(const uint8_t *data, size_t size, FILE *transcript, int extended)
{
    out = transcript;
    lg_gc_disable();                       /* collections only when the sequence asks */
    for (size_t i = 0; i + 4 <= size; i += 4)
        step(data[i] % (extended ? 27 : 15), data[i + 1] % NSLOT, data[i + 2] % NSLOT,
             data[i + 3]);
    for (int i = 0; i < NSLOT; i++)
        put(&S[i], NULL);
    for (int i = 0; i < NSLOT; i++)
        put(&W[i], NULL);
    say("gc");
    say("end %d", (int)lg_gc_collect(-1));
    out = NULL;
}
