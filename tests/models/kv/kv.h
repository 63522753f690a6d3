/* kv.h — an in-house cache API with bounded and weak constructors, and a
 * closure whose captures follow the function and end with NULL. */
#ifndef KV_H
#define KV_H
typedef struct kv_val kv_val;
typedef kv_val *(*kv_fn)(kv_val *self);

kv_val *kv_map(void);
kv_val *kv_lru(int max);
kv_val *kv_weak_map(void);
void kv_set(kv_val *map, const char *key, kv_val *v);
void kv_clear(kv_val *map);
kv_val *kv_blob(long bytes);
kv_val *kv_bind(kv_fn fn, ...);
kv_val *kv_bound(kv_val *self, int i);
#endif
