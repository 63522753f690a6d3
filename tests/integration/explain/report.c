/* report.c — the progress callback: it reads capture 0 (the counter) only. */
#include "shop.h"

lg_object *report_progress(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}
