/* dispatch.c — calls every hook hooks.c keeps. */
#include "app.h"

void dispatch(lg_object *event)
{
    for (size_t i = 0; i < lg_list_len(g_hooks); i++)
        lg_release(lg_call(lg_list_get(g_hooks, i), event));
}
