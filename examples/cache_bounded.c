/*
 * cache_bounded.c — GOOD twin of cache_unbounded.c, three ways: an LRU of 100
 * entries, a dict capped by evicting its oldest entry, and a weak-value dict
 * that keeps a rendering only while somebody still uses it.
 */
#include "example.h"

static lg_object *lru_cache;     /* bounded: at most 100 entries */
static lg_object *capped_cache;  /* dict + eviction past 100 entries */
static lg_object *order;         /* keys of capped_cache, oldest first */
static lg_object *weak_cache;    /* weak values: entries die with their pages */

static lg_object *render_lru(long id)
{
    lg_object *key = lg_int(id);
    lg_object *hit = lg_lru_get(lru_cache, key);
    if (hit == NULL) {
        lg_object *page = lg_buffer(2048);
        lg_lru_put(lru_cache, key, page);
        lg_release(page);
        hit = lg_lru_get(lru_cache, key);
    }
    lg_release(key);
    return lg_retain(hit);
}

static lg_object *render_capped(long id)
{
    lg_object *key = lg_int(id);
    lg_object *hit = lg_dict_get(capped_cache, key);
    if (hit == NULL) {
        lg_object *page = lg_buffer(2048);
        lg_dict_set(capped_cache, key, page);
        lg_list_append(order, key);
        lg_release(page);
        if (lg_list_len(order) > 100) {              /* evict the oldest */
            lg_object *oldest = lg_list_pop(order, 0);
            lg_dict_del(capped_cache, oldest);
            lg_release(oldest);
        }
        hit = lg_dict_get(capped_cache, key);
    }
    lg_release(key);
    return lg_retain(hit);
}

static lg_object *render_weak(long id)
{
    lg_object *key = lg_int(id);
    lg_object *hit = lg_weakdict_get(weak_cache, key);
    lg_object *page = hit ? lg_retain(hit) : lg_buffer(2048);
    if (hit == NULL)
        lg_weakdict_set(weak_cache, key, page);
    lg_release(key);
    return page;                                    /* the caller owns it */
}

int main(void)
{
    lg_trace_start();
    lru_cache = lg_lru(100);
    capped_cache = lg_dict();
    order = lg_list();
    weak_cache = lg_weakdict(LG_WEAK_VALUES);
    for (long i = 0; i < 2000; i++) {
        lg_release(render_lru(i));
        lg_release(render_capped(i));
        lg_release(render_weak(i));
    }
    printf("%-22s lru: %zu, capped dict: %zu, weak-value dict: %zu entries\n", "cache_bounded",
           lg_lru_len(lru_cache), lg_dict_len(capped_cache), lg_weakdict_len(weak_cache));
    example_report("cache_bounded", "2000 distinct requests, three bounded caches");
    lg_release(lru_cache);
    lg_release(capped_cache);
    lg_release(order);
    lg_release(weak_cache);
    lg_trace_stop();
    return 0;
}
