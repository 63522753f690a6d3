/* sidebar.c — a sidebar's handler on the monitor singleton (monitor.c's
 * getter), never disconnected: the monitor outlives every sidebar. */
#include "gui.h"

GObject *volume_monitor_get(void);

static void on_mounts(GObject *o, gpointer sidebar) { g_print("%p %p\n", (void *)o, sidebar); }

void sidebar_init(gpointer sidebar)
{
    g_signal_connect(volume_monitor_get(), "mount-added", G_CALLBACK(on_mounts), sidebar); /* expect: listener-strong-ref @g_signal_connect */
}
