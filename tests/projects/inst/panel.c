#include "inst.h"
#include <stdlib.h>

struct panel *panel_new(void)
{
    struct panel *p = malloc(sizeof *p);
    p->events = lg_emitter();
    lg_object *h = lg_closure(on_event, 0);
    lg_emitter_on(p->events, h); /* expect: listener-strong-ref @lg_emitter_on */ /* expect-per-file: listener-strong-ref @lg_emitter_on */
    lg_release(h);
    return p;
}
