/* make.c — the pane makes its widgets. */
#include "parts.h"

void pane_make(Pane *p)
{
    p->entry = gtk_entry_new();
    GtkWidget *list = gtk_list_box_new();
    p->list = list;
}
