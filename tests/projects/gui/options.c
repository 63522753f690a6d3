/* options.c — parses the command line with args.c's options table. */
#include "gui.h"

gboolean shell_parse_args(int *argc, char ***argv)
{
    GOptionContext *ctx = g_option_context_new(NULL);
    g_option_context_add_main_entries(ctx, shell_entries, NULL);
    gboolean ok = g_option_context_parse(ctx, argc, argv, NULL);
    g_option_context_free(ctx);
    return ok;
}
