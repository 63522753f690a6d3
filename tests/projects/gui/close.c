/* close.c — disconnects what view.c connected on the monitor. */
#include "gui.h"

void view_close(gpointer view)
{
    g_signal_handlers_disconnect_by_data(shell.monitor, view);
}
