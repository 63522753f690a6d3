/* main.c — what the program keeps, through the helpers of a.c, b.c, c.c. */
#include "deep.h"

lg_object *g_registry;
lg_object *g_seen;
lg_object *g_pending;

void on_plugin(lg_object *plugin)
{
    reg_add(g_registry, plugin);
}

void on_visit(lg_object *page)
{
    reg_add(g_seen, page);
}

void on_job(lg_object *job)
{
    ping(g_pending, job, 3);
}
