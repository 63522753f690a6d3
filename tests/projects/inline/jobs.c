/* jobs.c — jobs queued through the same reg_add, and drained here. */
#include "inline.h"

lg_object *g_jobs;

void queue_job(lg_object *job)
{
    reg_add(g_jobs, job);
}

void drain_jobs(void)
{
    lg_list_clear(g_jobs);
}
