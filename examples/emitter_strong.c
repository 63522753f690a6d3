/*
 * emitter_strong.c — BAD: strong-reference listener list.  Every widget
 * registers a handler on the application-wide emitter and never unregisters;
 * the emitter keeps each handler, and the widget state it captures, alive for
 * ever.  Compare emitter_weak.c.
 */
#include "example.h"

static struct app {
    lg_object *events;   /* application-wide "resize" emitter */
} app;

static lg_object *on_resize(lg_object *self, lg_object *arg)
{
    lg_object *state = lg_closure_capture(self, 0);
    (void)state;
    return lg_retain(arg);
}

static void open_widget(void)
{
    lg_object *state = lg_buffer(4096);              /* the widget's pixels */
    lg_object *handler = lg_closure(on_resize, 1, state);
    lg_emitter_on(app.events, handler);              /* strong, never undone */
    lg_release(handler);
    lg_release(state);
}

int main(void)
{
    lg_trace_start();
    app.events = lg_emitter();
    for (int i = 0; i < 500; i++)
        open_widget();                               /* and "close" it: nothing */
    lg_emitter_emit(app.events, NULL);
    lg_gc_collect(-1);
    printf("%-22s listeners still registered: %zu\n", "emitter_strong", lg_emitter_count(app.events));
    example_report("emitter_strong", "500 widgets opened and closed");
    lg_release(app.events);
    lg_trace_stop();
    return 0;
}
