/* quiet.c — the good twins: a registration undone in unwire.c, a getter's
 * registry for a ui struct whose clicks are emptied there. */
#include "advice.h"

lg_object *g_tools;

void wire_tool(lg_object *tool)
{
    lg_emitter_on(g_tools, tool); /* expect-per-file: listener-strong-ref @lg_emitter_on */
}
