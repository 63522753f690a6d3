/* gui.h — what the files of this small GLib program share. */
#ifndef GUI_H
#define GUI_H
#include <glib-object.h>

typedef struct {
    GObject *monitor;        /* the volume monitor: lives as long as the program */
    GObject *settings;
    GHashTable *thumbnails;  /* path -> pixbuf: thumbs.c fills it, prune.c trims it */
    GPtrArray *recent;       /* recent.c adds, nothing removes */
    GSList *folders;         /* --folder options (args.c), parsed in options.c */
} Shell;

extern Shell shell;
extern GOptionEntry shell_entries[];   /* args.c: the command line's options */
gboolean refresh(gpointer data);
#endif
