/* gtk_builder.c — a one-shot dialog built from a GtkBuilder file keeps its
 * widgets in file-static handles and connects handlers on them with the
 * dialog's data: each widget is a part of the dialog this function built,
 * and its handlers go with it.  A handle looked up in the application's
 * long-lived main window, or in a window the caller passes, may be anyone's
 * object: a handler connected there with the caller's data lingers. */
#include <gtk/gtk.h>

static GtkWidget *calendar;
static GtkWidget *status_label;
static GtkWidget *toolbar_button;
GtkBuilder *app_builder;              /* the application's, for its whole life */

static void on_day(GtkCalendar *c, gpointer data) { g_print("%p %p\n", (void *)c, data); }
static void on_click(GtkButton *b, gpointer data) { g_print("%p %p\n", (void *)b, data); }

static GtkBuilder *load_ui(const gchar *name)
{
    GtkBuilder *builder = gtk_builder_new();
    gtk_builder_add_from_file(builder, name, NULL);
    return builder;
}

void show_calendar(gpointer dialog_data)
{
    GtkBuilder *builder = load_ui("calendar.ui");
    calendar = GTK_WIDGET(gtk_builder_get_object(builder, "calendar"));
    g_signal_connect(calendar, "day-selected", G_CALLBACK(on_day), dialog_data);
    status_label = GTK_WIDGET(gtk_builder_get_object(builder, "status"));
    g_signal_connect(G_OBJECT(status_label), "destroy", G_CALLBACK(on_click), dialog_data);
    g_object_unref(builder);
}

void add_tool(gpointer view)
{
    toolbar_button = GTK_WIDGET(gtk_builder_get_object(app_builder, "tool"));
    g_signal_connect(toolbar_button, "clicked", G_CALLBACK(on_click), view); /* expect: listener-strong-ref @g_signal_connect */
}

void add_tool_in(GtkBuilder *main_ui, gpointer view)
{
    GtkBuilder *ui = main_ui;      /* the caller's: may be the application's own */
    toolbar_button = GTK_WIDGET(gtk_builder_get_object(ui, "tool"));
    g_signal_connect(toolbar_button, "clicked", G_CALLBACK(on_click), view); /* expect: listener-strong-ref @g_signal_connect */
}
