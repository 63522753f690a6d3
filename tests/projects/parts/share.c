/* share.c — the program's one monitor, and the pane pointing at it. */
#include "parts.h"

static GObject *monitor;

GObject *the_monitor(void)
{
    if (monitor == NULL)
        monitor = g_object_new(G_TYPE_OBJECT, NULL);
    return monitor;
}

void pane_share(Pane *p)
{
    p->monitor = the_monitor();
}
