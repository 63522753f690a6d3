/* refresh.c — the idle function: it ignores its data. */
#include "gui.h"

gboolean refresh(gpointer data)
{
    g_print("refresh\n");
    return G_SOURCE_REMOVE;
}
