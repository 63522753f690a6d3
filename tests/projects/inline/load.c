/* load.c — plugins registered through the header's reg_add, never let go;
 * views watching the bus through bus_watch. */
#include "inline.h"

lg_object *g_bus;
lg_object *g_plugins;

void load_plugin(lg_object *plugin)
{
    reg_add(g_plugins, plugin);
}

void open_view(lg_object *view)
{
    bus_watch(view);
}
