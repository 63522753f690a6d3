/* state.c — the program's state: the ui, and a registry behind a getter. */
#include "advice.h"

struct ui g_ui;
static lg_object *s_handlers;

lg_object *handlers(void)
{
    return s_handlers;
}

lg_object *on_click(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}
