/* idle.c — a refresh scheduled with a big buffer; refresh() in refresh.c
 * never looks at its data. */
#include "gui.h"

void schedule(void)
{
    g_idle_add(refresh, g_malloc(1 << 20)); /* expect: closure-captured-buffer @g_idle_add */
}
