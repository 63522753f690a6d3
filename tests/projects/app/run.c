/* run.c — the task function: it reads capture 1 only. */
#include "app.h"

lg_object *task_run(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 1));
}
