/* util.c — a helper that stores into the list its caller gives: filled with
 * plugins.c's g_plugins, which nothing empties. */
#include "app.h"

void util_store(lg_object *list, lg_object *item)
{
    lg_list_append(list, item); /* expect: unbounded-cache @lg_list_append */ /* expect-note: "'list' is the 'g_plugins' that plugins.c:8 passes to util_store()" */
}
