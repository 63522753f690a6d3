/* other.c — an ev registration that is undone by handle: nothing to find. */
#include "ev.h"

static ev_thing *g_bus;
static unsigned long g_id;

void attach(ev_thing *listener)
{
    g_id = ev_listen(listener, g_bus);
}

void detach(void)
{
    ev_unlisten(g_bus, g_id);
}
