/* teardown.c — trims the cache cache.c fills. */
#include "app.h"

void cache_trim(lg_object *key)
{
    lg_dict_del(g_cache, key);
}
