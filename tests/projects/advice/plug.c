/* plug.c — every plugin's handler goes into the registry behind state.c's
 * getter, written with parentheses and through the _at name. */
#include "advice.h"

void plug_in(lg_object *handler)
{
    (lg_list_append)(handlers(), handler); /* expect: unbounded-cache @(lg_list_append */
    lg_list_append_at(handlers(), handler, __FILE__, __LINE__); /* expect: unbounded-cache @lg_list_append_at */
}
