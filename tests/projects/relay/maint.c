/* maint.c — periodic maintenance: clears the icon cache, unsubscribes the save listener. */
#include "app.h"
lg_object *views_save_cb(void);
void maint_run(void)
{
    lg_dict_clear(g_app.icons);
    bus_unsubscribe(g_app.bus, views_save_cb());
}
