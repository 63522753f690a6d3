/* events.c — subscribes listeners; unsub.c unsubscribes them. */
#include "app.h"

lg_object *g_bus;

void subscribe(lg_object *listener)
{
    lg_emitter_on(g_bus, listener); /* expect-per-file: listener-strong-ref @lg_emitter_on */
}
