/*
 * cache_unbounded.c — BAD: an unbounded memo table.  A global dict caches the
 * rendering of every key ever asked for and never evicts, so it grows with the
 * number of distinct requests.  Compare cache_bounded.c.
 */
#include "example.h"

static lg_object *render_cache;   /* key -> rendered buffer, never evicted */

static lg_object *render(long id)
{
    lg_object *key = lg_int(id);
    lg_object *hit = lg_dict_get(render_cache, key);
    if (hit == NULL) {
        lg_object *page = lg_buffer(2048);        /* expensive to compute */
        lg_dict_set(render_cache, key, page);     /* stored for ever */
        lg_release(page);
        hit = lg_dict_get(render_cache, key);
    }
    lg_release(key);
    return lg_retain(hit);
}

int main(void)
{
    lg_trace_start();
    render_cache = lg_dict();
    for (long i = 0; i < 2000; i++)                 /* every request distinct */
        lg_release(render(i));
    printf("%-22s cache entries: %zu\n", "cache_unbounded", lg_dict_len(render_cache));
    example_report("cache_unbounded", "2000 distinct requests");
    lg_release(render_cache);
    lg_trace_stop();
    return 0;
}
