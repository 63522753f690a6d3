/* plugins.c — loads plugins into g_plugins through registry.c's helper;
 * nothing ever unloads one. */
#include "app.h"
void plugins_load(const char *name)
{
    lg_object *p = lg_str(name);
    registry_push(g_plugins, p);
    lg_release(p);
}
