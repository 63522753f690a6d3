/* tick.c — closures over the header's on_tick: one captures a big buffer
 * on_tick never reads (capture 1), the other only what it reads. */
#include "inline.h"

lg_object *make_ticker(lg_object *state)
{
    lg_object *big = lg_buffer(1 << 20);
    lg_object *c = lg_closure(on_tick, 2, state, big);   /* expect: closure-captured-buffer @lg_closure expect-per-file: closure-captured-buffer @lg_closure */
    lg_release(big);
    return c;
}

lg_object *make_small_ticker(lg_object *state)
{
    return lg_closure(on_tick, 1, state);
}
