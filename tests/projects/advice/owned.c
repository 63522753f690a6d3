/* owned.c — the ui keeps the listener too: a weak registration is the fix. */
#include "advice.h"

void wire_owned(void)
{
    lg_object *h = lg_closure(on_click, 0);
    g_ui.owned = h;
    lg_emitter_on(g_ui.clicks, h); /* expect: listener-strong-ref @lg_emitter_on */ /* expect-per-file: listener-strong-ref @lg_emitter_on */ /* expect-note: "register with lg_emitter_on_weak" */
}
