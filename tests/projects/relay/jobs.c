/* jobs.c — a queue filled through registry.c's helper and drained here. */
#include "app.h"
void jobs_submit(lg_object *job)
{
    registry_push(g_queue, job);
}
void jobs_drain(void)
{
    while (lg_list_len(g_queue) > 0) {
        lg_object *j = lg_list_pop(g_queue, 0);
        lg_release(j);
    }
}
