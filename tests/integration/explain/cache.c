/* cache.c — thumbnails by product id, reached through a getter. */
#include "shop.h"

static lg_object *s_thumbs;

static lg_object *thumb_table(void)
{
    return s_thumbs;
}

void cache_init(void)
{
    s_thumbs = lg_dict();
}

void cache_put(long key, lg_object *value)
{
    lg_object *k = lg_int(key);
    lg_dict_set(thumb_table(), k, value); /* expect: unbounded-cache */
    lg_release(k);
}
