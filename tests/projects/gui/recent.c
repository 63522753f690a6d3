/* recent.c — every opened file is remembered; nothing forgets one. */
#include "gui.h"

void recent_add(char *uri)
{
    g_ptr_array_add(shell.recent, uri); /* expect: unbounded-cache @g_ptr_array_add */ /* expect-per-file: unbounded-cache @g_ptr_array_add */
}
