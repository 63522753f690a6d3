#include <linger/linger.h>

struct bus { lg_object *events; };
static struct bus bus;

void listen_forever(lg_object *listener)
{
    lg_emitter_on(bus.events, listener);
}
