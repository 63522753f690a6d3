/* prune.c — g_seen and g_types are trimmed here. */
#include "inline.h"

void prune(lg_object *k)
{
    lg_dict_del(g_seen, k);
    lg_dict_del(g_types, k);
}
