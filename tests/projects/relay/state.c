/* state.c — the program's long-lived containers. */
#include "app.h"
struct app_state g_app;
lg_object *g_plugins;
lg_object *g_queue;

void app_init(void)
{
    g_app.bus = lg_emitter();
    g_app.redraw = lg_emitter();
    g_app.icons = lg_dict();
    g_app.history = lg_list();
    g_plugins = lg_list();
    g_queue = lg_list();
}
