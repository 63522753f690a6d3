/*
 * closure_big_buffer.c — BAD: a closure captures a large buffer it never
 * reads.  The callback only needs the row count, but capturing the whole
 * dataset keeps 8 MB alive as long as the callback is kept.
 * Compare closure_small.c.
 */
#include "example.h"

static lg_object *progress_cb;   /* the current job's progress callback */

static lg_object *report_progress(lg_object *self, lg_object *arg)
{
    lg_object *rows = lg_closure_capture(self, 0);  /* capture 1 is never read */
    (void)arg;
    return lg_retain(rows);
}

static void load_dataset(void)
{
    lg_object *data = lg_buffer(8000000);           /* the raw dataset */
    lg_object *rows = lg_int(100000);
    lg_object *cb = lg_closure(report_progress, 2, rows, data);
    lg_release(progress_cb);                        /* replaces the previous job's */
    progress_cb = cb;
    lg_release(rows);
    lg_release(data);                               /* still alive: captured */
}

int main(void)
{
    lg_trace_start();
    for (int i = 0; i < 4; i++)
        load_dataset();
    lg_release(lg_call(progress_cb, NULL));
    example_report("closure_big_buffer", "4 datasets loaded, last callback kept");
    lg_release(progress_cb);
    lg_trace_stop();
    return 0;
}
