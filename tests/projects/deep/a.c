/* a.c — the first link, and one side of the cycle. */
#include "deep.h"

void reg_add(lg_object *r, lg_object *x)
{
    reg_put(r, x);
}

void ping(lg_object *t, lg_object *x, int n)
{
    if (n > 0)
        pong(t, x, n - 1);
}
