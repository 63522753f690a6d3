/* idle.c — never looks at its closure's capture. */
#include "deep.h"

lg_object *idle_fn(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}
