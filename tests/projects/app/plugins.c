/* plugins.c — every plugin is kept, through util.c's helper. */
#include "app.h"

lg_object *g_plugins;

void plugin_loaded(lg_object *plugin)
{
    util_store(g_plugins, plugin);
}
