/* leaky.c — a user's file with one finding, checked in the consumer's build
 * by the clang plugin (linger_enable_plugin) or through linger-cc. */
#include <linger/linger.h>

static lg_object *bus;

void subscribe(lg_object *listener)
{
    lg_emitter_on(bus, listener);
}
