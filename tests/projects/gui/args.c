/* args.c — the command line's options: --folder adds to shell.folders, once
 * per option given, while options.c parses argv at start. */
#include "gui.h"

static gboolean on_folder(const gchar *name, const gchar *value, gpointer data, GError **error)
{
    (void)name, (void)data, (void)error;
    shell.folders = g_slist_append(shell.folders, g_strdup(value)); /* expect-per-file: unbounded-cache @g_slist_append */
    return TRUE;
}

GOptionEntry shell_entries[] = {
    { "folder", 'f', 0, G_OPTION_ARG_CALLBACK, (gpointer)on_folder, "open a folder", "DIR" },
    { NULL, 0, 0, 0, NULL, NULL, NULL }
};
