/* unsub.c — ends the subscriptions events.c makes. */
#include "app.h"

void unsubscribe(lg_object *listener)
{
    lg_emitter_off(g_bus, listener);
}
