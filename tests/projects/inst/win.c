#include "inst.h"
#include <stdlib.h>

struct win *win_new(void)
{
    struct win *w = calloc(1, sizeof *w);
    w->events = lg_emitter();
    lg_object *h = lg_closure(on_event, 0);
    lg_emitter_on(w->events, h); /* expect-per-file: listener-strong-ref @lg_emitter_on */
    lg_release(h);
    return w;
}

lg_object *on_event(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}
