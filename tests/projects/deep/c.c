/* c.c — the third link stores into whatever it is given: g_registry (never
 * emptied) and g_seen (trimmed in trim.c). */
#include "deep.h"

void reg_store(lg_object *r, lg_object *x)
{
    lg_list_append(r, x); /* expect: unbounded-cache @lg_list_append */ /* expect-note: "'r' is the 'g_registry' that b.c:6 passes to reg_store()" */
}
