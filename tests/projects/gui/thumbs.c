/* thumbs.c — fills the thumbnail cache; prune.c trims it. */
#include "gui.h"

void thumb_put(const char *path, GObject *pixbuf)
{
    g_hash_table_insert(shell.thumbnails, g_strdup(path), pixbuf); /* expect-per-file: unbounded-cache @g_hash_table_insert */
}
