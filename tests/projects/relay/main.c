/* main.c — opens 50 views, loads 50 plugins, runs 50 jobs, maintains after each. */
#include "app.h"
int main(void)
{
    app_init();
    for (int i = 0; i < 50; i++) {
        views_open();
        plugins_load("plugin");
        lg_object *j = lg_int(1000 + i);
        jobs_submit(j);
        lg_release(j);
        jobs_drain();
        maint_run();
    }
    lg_object *frame = lg_int(1);
    lg_emitter_emit(g_app.redraw, frame);
    lg_release(frame);
    return 0;
}
