/* main.c — leaks through the ev API, in its own argument orders. */
#include "ev.h"
#include <stddef.h>

static ev_thing *g_source;          /* a process-wide event source */
static ev_thing *g_handlers;        /* a hand-written listener list */
static ev_thing *g_log;             /* a registry only appended to */
static ev_thing *g_jobs;            /* drained below */

void subscribe(ev_thing *listener)
{
    ev_listen(listener, g_source);                  /* expect: listener-strong-ref @ev_listen */
}

void add_handler(ev_thing *h)
{
    vec_push(h, g_handlers);                        /* expect: listener-strong-ref @vec_push */
}

void fire_all(void)
{
    for (unsigned i = 0; i < vec_len(g_handlers); i++)
        ev_fire(vec_at(g_handlers, i), 1);
}

void log_thing(ev_thing *t)
{
    VEC_ADD(g_log, t);                              /* expect: unbounded-cache @VEC_ADD */
}

void queue_job(ev_thing *j)
{
    vec_push(j, g_jobs);                            /* drained in run_jobs: no finding */
}

void run_jobs(void)
{
    while (vec_len(g_jobs) > 0)
        vec_drop(g_jobs, 0);
}

static void ignores_data(void *user_data)
{
    (void)0;
}

static void uses_data(void *user_data)
{
    ev_fire((ev_thing *)user_data, 0);
}

void schedule(void)
{
    ev_thing *big = ev_buf(4096);
    ev_task_add(ignores_data, big, NULL);           /* expect: closure-captured-buffer @ev_task_add */
    ev_task_add(uses_data, big, NULL);              /* the task reads its data: no finding */
}
