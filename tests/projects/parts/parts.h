/* parts.h — a pane whose widgets are its parts (made in make.c, or bound
 * by GTK and never set in C), and a monitor it only points at (share.c
 * sets the field to the program's one monitor); wire.c connects the pane's
 * handlers on all of them. */
#ifndef PARTS_H
#define PARTS_H
#include <gtk/gtk.h>

typedef struct {
    GtkWidget *entry;     /* made in make.c */
    GtkWidget *list;      /* made in make.c, through a local */
    GtkWidget *close;     /* never set in C: a template child */
    GObject *monitor;     /* share.c: the program's one monitor */
} Pane;

GObject *the_monitor(void);
void pane_make(Pane *p);
void pane_share(Pane *p);
void pane_wire(Pane *p);
#endif
