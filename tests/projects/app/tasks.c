/* tasks.c — a closure over a buffer and a count; its function, in run.c,
 * reads only the count. */
#include "app.h"

lg_object *make_task(lg_object *buffer, lg_object *count)
{
    return lg_closure(task_run, 2, buffer, count); /* expect: closure-captured-buffer @lg_closure */
}
