/* registry.c — helpers every file uses: one append for a registry that
 * only grows (plugins.c's) and for a queue that is drained (jobs.c's). */
#include "app.h"

void registry_push(lg_object *list, lg_object *item)
{
    lg_list_append(list, item); /* expect: unbounded-cache @lg_list_append */ /* expect-note: "'g_plugins' that plugins.c:7 passes" */
}

void bus_unsubscribe(lg_object *em, lg_object *l)
{
    lg_emitter_off(em, l);
}
