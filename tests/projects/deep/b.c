/* b.c — the second link, and the other side of the cycle, which stores. */
#include "deep.h"

void reg_put(lg_object *r, lg_object *x)
{
    reg_store(r, x);
}

void pong(lg_object *t, lg_object *x, int n)
{
    lg_dict_set(t, x, x); /* expect: unbounded-cache @lg_dict_set */
    ping(t, x, n);
}
