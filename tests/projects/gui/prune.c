/* prune.c — trims the thumbnail cache. */
#include "gui.h"

void thumb_forget(const char *path)
{
    g_hash_table_remove(shell.thumbnails, path);
}
