/* cache.c — a memo table; teardown.c deletes from it. */
#include "app.h"

lg_object *g_cache;

void cache_put(lg_object *key, lg_object *value)
{
    lg_dict_set(g_cache, key, value); /* expect-per-file: unbounded-cache @lg_dict_set */
}
