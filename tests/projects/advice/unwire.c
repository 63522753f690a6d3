/* unwire.c — tools are unregistered here. */
#include "advice.h"

extern lg_object *g_tools;

void unwire_tool(lg_object *tool)
{
    lg_emitter_off(g_tools, tool);
}
