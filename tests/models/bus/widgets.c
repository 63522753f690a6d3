/* widgets.c — a signal left connected, one disconnected, pools. */
#include "bus.h"

struct window {
    bus_obj *button;
    bus_obj *entry;
    bus_obj *recent;     /* only grows */
    bus_obj *scratch;    /* reset below */
};

static void on_click(bus_obj *sender, void *data) { (void)sender; (void)data; }

void window_init(struct window *w, bus_obj *controller)
{
    bus_connect(w->button, "clicked", on_click, controller);  /* expect: listener-strong-ref @bus_connect */
    bus_connect(w->entry, "changed", on_click, controller);   /* disconnected in window_done */
}

void window_done(struct window *w)
{
    bus_disconnect_all(w->entry);
}

bus_obj *window_remember(struct window *w, bus_obj *doc)
{
    bus_obj *kept = pool_add(w->recent, doc);                  /* expect: unbounded-cache @pool_add */
    pool_add(w->scratch, doc);
    return kept;
}

void window_flush(struct window *w)
{
    pool_reset(w->scratch);
}
