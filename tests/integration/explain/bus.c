/* bus.c — the application's event bus: a global struct with an emitter. */
#include "shop.h"

struct app_bus {
    lg_object *events;    /* "price changed" */
} g_bus;

void bus_init(void)
{
    g_bus.events = lg_emitter();
}

void bus_subscribe(lg_object *listener)
{
    lg_emitter_on(g_bus.events, listener); /* expect: listener-strong-ref */
}
