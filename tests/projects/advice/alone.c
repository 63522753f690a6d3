/* alone.c — a listener made here and held by nothing else: registered
 * weakly it would go at once, so no weak fix-it is offered. */
#include "advice.h"

void wire_alone(void)
{
    lg_object *h = lg_closure(on_click, 0);
    lg_emitter_on(g_ui.clicks, h); /* expect: listener-strong-ref @lg_emitter_on */ /* expect-per-file: listener-strong-ref @lg_emitter_on */ /* expect-note: "registered weakly (lg_emitter_on_weak) it would go at once" */
    lg_release(h);
}
