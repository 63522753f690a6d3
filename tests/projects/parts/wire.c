/* wire.c — the pane's handlers: on its own widgets they go with it; on the
 * monitor share.c points it at, they keep the pane for ever.  Alone, this
 * file cannot tell the monitor from a part. */
#include "parts.h"

static void on_changed(gpointer w, gpointer data) { g_print("%p %p\n", w, data); }

void pane_wire(Pane *p)
{
    g_signal_connect(p->entry, "changed", G_CALLBACK(on_changed), p);
    g_signal_connect(p->list, "row-activated", G_CALLBACK(on_changed), p);
    g_signal_connect(p->close, "clicked", G_CALLBACK(on_changed), p);
    g_signal_connect(p->monitor, "changed", G_CALLBACK(on_changed), p); /* expect: listener-strong-ref @g_signal_connect */ /* expect-note: "share.c:15 points it at" */
}
