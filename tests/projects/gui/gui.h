/* gui.h — what the files of this small GLib program share. */
#ifndef GUI_H
#define GUI_H
#include <glib-object.h>

typedef struct {
    GObject *monitor;        /* the volume monitor: lives as long as the program */
    GObject *settings;
    GHashTable *thumbnails;  /* path -> pixbuf: thumbs.c fills it, prune.c trims it */
    GPtrArray *recent;       /* recent.c adds, nothing removes */
} Shell;

extern Shell shell;
gboolean refresh(gpointer data);
#endif
