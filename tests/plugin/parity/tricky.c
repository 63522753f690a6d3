/* Constructs where two front ends could read the same code differently:
 * macros around calls and containers, casts, anonymous and typedef'd
 * structs, locals that alias globals and fields, parameters traced through
 * callers, closures spelled with and without _at, comments inside calls. */
#include <stddef.h>
#include <linger/linger.h>

#define REGISTER(em, fn) lg_emitter_on((em), (fn))
#define CACHE_OF(m) ((m)->cache)
#define KB(n) ((n) * 1024)
#define DEFINE_ADDER(name, list) \
    static void name(lg_object *x) { lg_list_append(list, x); }

typedef struct {
    lg_object *events;
    lg_object *cache;
    union {
        lg_object *table;
        long raw;
    };
} module_t;

struct holder {
    struct {
        lg_object *items;
    } inner;
    lg_object *slots[4];
};

static module_t mod;
static struct holder holder;
lg_object *registry;
static lg_object *hooks;

DEFINE_ADDER(add_hook, hooks)

static lg_object *big_reader(lg_object *self, lg_object *arg)
{
    (void)arg;
    lg_object *kept = lg_closure_capture(self, 1);
    return lg_retain(kept);
}

static lg_object *escaper(lg_object *self, lg_object *arg)
{
    (void)arg;
    lg_object *copy = self;
    return lg_retain(copy);
}

void on_event(lg_object *listener)
{
    REGISTER(mod.events, listener);
    lg_emitter_on(/* the bus */ mod.events,
                  (lg_object *)listener);
}

void remember(module_t *m, lg_object *key, lg_object *value)
{
    lg_dict_set(CACHE_OF(m), key, value);
    lg_dict_set(m->table, key, lg_retain(value));
}

void store_inner(lg_object *x)
{
    lg_list_append(holder.inner.items, x);
    lg_list_append(holder.slots[2], x);
}

static void put_into(lg_object *list, lg_object *x)
{
    lg_list_append(list, x);
}

void through_param(lg_object *x)
{
    put_into(registry, x);
    lg_object *alias = registry;
    lg_list_append(alias, lg_int(7));
    lg_object *local = lg_list();
    registry = local;
    lg_list_append(local, x);
}

void closures(void)
{
    lg_object *big = lg_buffer(KB(64));
    lg_object *small = lg_buffer(16);
    lg_object *c1 = lg_closure(big_reader, 2, big, small);
    lg_object *c2 = lg_closure_at(__FILE__, __LINE__, escaper, 1, lg_buffer(1 << 20));
    lg_object *c3 = lg_closure(big_reader, 2, (lg_object *)NULL, big);
    lg_emitter_on(mod.events, c1);
    lg_list_append(hooks, c2);
    lg_list_append(hooks, c3);
    lg_release(big);
    lg_release(small);
}

void weak_ones(lg_object *target)
{
    lg_object *w = lg_weakref(target, NULL, NULL);
    lg_list_append(hooks, w);
    lg_emitter_on_weak(mod.events, target);
    lg_list_append(hooks, 0);
}

void invoke_all(lg_object *arg)
{
    for (size_t i = 0; i < lg_list_len(hooks); i++) {
        lg_object *h = lg_list_get(hooks, i);
        lg_object *r = lg_call(h, arg);
        lg_release(r);
    }
    lg_object *first = lg_weakref_get(lg_list_get(holder.inner.items, 0));
    lg_release(lg_call(first, arg));
}

void chained(lg_object *root)
{
    lg_object *cur = root;
    while (cur != NULL) {
        lg_dict_set(mod.cache, lg_str("k"), cur);
        cur = lg_dict_get(mod.cache, cur);
        cur = cur + 0;
    }
    lg_object *arr[3] = { NULL, NULL, NULL };
    lg_list_append(arr[1], root);
    add_hook(root);
}

int suppressed(lg_object *x)
{
    /* linger-ignore: unbounded-cache */
    lg_dict_set(mod.cache, x, x);
    return lg_list_append(registry, x); // linger-ignore: listener-strong-ref, unbounded-cache
}
