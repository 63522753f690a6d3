/*
 * closure_small.c — GOOD twin of closure_big_buffer.c: the closure captures
 * only the row count it reads, so the dataset is freed when loading is done.
 */
#include "example.h"

static lg_object *progress_cb;   /* the current job's progress callback */

static lg_object *report_progress(lg_object *self, lg_object *arg)
{
    lg_object *rows = lg_closure_capture(self, 0);
    (void)arg;
    return lg_retain(rows);
}

static void load_dataset(void)
{
    lg_object *data = lg_buffer(8000000);
    lg_object *rows = lg_int((long)lg_buffer_size(data) / 80);
    lg_object *cb = lg_closure(report_progress, 1, rows);   /* only what it needs */
    lg_release(progress_cb);                        /* replaces the previous job's */
    progress_cb = cb;
    lg_release(rows);
    lg_release(data);                                       /* freed here */
}

int main(void)
{
    lg_trace_start();
    for (int i = 0; i < 4; i++)
        load_dataset();
    lg_release(lg_call(progress_cb, NULL));
    example_report("closure_small", "4 datasets loaded, last callback kept");
    lg_release(progress_cb);
    lg_trace_stop();
    return 0;
}
