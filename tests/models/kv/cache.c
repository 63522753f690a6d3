/* cache.c — kv caches: an unbounded one, a bounded and a weak one made in
 * the same file, one cleared elsewhere, and a NULL-terminated closure. */
#include "kv.h"
#include <stddef.h>

static kv_val *g_plain;
static kv_val *g_bounded;
static kv_val *g_weak;
static kv_val *g_cleared;

void init(void)
{
    g_plain = kv_map();
    g_bounded = kv_lru(100);
    kv_val *w = kv_weak_map();
    g_weak = w;
    g_cleared = kv_map();
}

void remember(const char *k, kv_val *v)
{
    kv_set(g_plain, k, v);                          /* expect: unbounded-cache @kv_set */
    kv_set(g_bounded, k, v);                        /* bounded: no finding */
    kv_set(g_weak, k, v);                           /* weak: no finding */
    kv_set(g_cleared, k, v);                        /* cleared in reset: no finding */
}

void reset(void)
{
    kv_clear(g_cleared);
}

static kv_val *second_only(kv_val *self)
{
    return kv_bound(self, 1);
}

kv_val *bind_two(kv_val *small)
{
    kv_val *blob = kv_blob(1000000);
    return kv_bind(second_only, blob, small, NULL); /* expect: closure-captured-buffer @kv_bind */
}
