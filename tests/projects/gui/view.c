/* view.c — a view's handlers on the shell's monitor and settings; close.c
 * disconnects the monitor's, nothing disconnects the settings'. */
#include "gui.h"

Shell shell;

static void on_changed(GObject *o, gpointer view) { g_print("%p %p\n", (void *)o, view); }

void view_open(gpointer view)
{
    g_signal_connect(shell.monitor, "changed", G_CALLBACK(on_changed), view); /* expect-per-file: listener-strong-ref @g_signal_connect */
    g_signal_connect(shell.settings, "changed", G_CALLBACK(on_changed), view); /* expect: listener-strong-ref @g_signal_connect */ /* expect-per-file: listener-strong-ref @g_signal_connect */
}
