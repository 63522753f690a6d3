/* monitor.c — the process's one volume monitor, behind a getter. */
#include "gui.h"

GObject *volume_monitor_get(void)
{
    static GObject *monitor;
    if (monitor == NULL)
        monitor = g_object_new(G_TYPE_OBJECT, NULL);
    return monitor;
}
