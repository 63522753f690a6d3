/*
 * emitter_weak.c — GOOD twin of emitter_strong.c: the widget owns its handler
 * and registers it weakly; when the widget goes, so does the registration.
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

static lg_object *open_widget(void)
{
    lg_object *state = lg_buffer(4096);
    lg_object *handler = lg_closure(on_resize, 1, state);
    lg_emitter_on_weak(app.events, handler);         /* the widget keeps it alive */
    lg_release(state);
    return handler;
}

int main(void)
{
    lg_trace_start();
    app.events = lg_emitter();
    for (int i = 0; i < 500; i++) {
        lg_object *widget = open_widget();
        lg_emitter_emit(app.events, NULL);
        lg_release(widget);                          /* close: the handler dies */
    }
    printf("%-22s listeners still registered: %zu\n", "emitter_weak", lg_emitter_count(app.events));
    example_report("emitter_weak", "500 widgets opened and closed");
    lg_release(app.events);
    lg_trace_stop();
    return 0;
}
