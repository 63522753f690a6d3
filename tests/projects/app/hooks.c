/* hooks.c — hooks appended from outside; dispatch.c calls them, nothing
 * removes one: a listener list, which only the whole program shows. */
#include "app.h"

lg_object *g_hooks;

void hook_add(lg_object *hook)
{
    lg_list_append(g_hooks, hook); /* expect: listener-strong-ref @lg_list_append */ /* expect-per-file: unbounded-cache @lg_list_append */
}
