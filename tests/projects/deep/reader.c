/* reader.c — reads capture 0 of its closure. */
#include "deep.h"

lg_object *reader_fn(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}
