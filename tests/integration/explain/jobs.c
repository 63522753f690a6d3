/* jobs.c — each job keeps a progress callback; the callback's closure also
 * captures the job's raw data, which report_progress never reads. */
#include "shop.h"

static lg_object *g_progress;   /* the current job's callback */

void jobs_start(long n)
{
    lg_object *count = lg_int(n);
    lg_object *data = lg_buffer(65536);
    lg_object *cb = lg_closure(report_progress, 2, count, data); /* expect: closure-captured-buffer */
    lg_release(count);
    lg_release(data);
    lg_release(g_progress);
    g_progress = cb;
}
