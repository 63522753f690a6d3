/* gtk_window.c — a GTK 3 window (compiled against gtk+-3.0): handlers on the
 * window's own widgets come and go with it; a handler on the application's
 * long-lived settings object, never disconnected, outlives every window —
 * and a window that does disconnect in its destroy handler is fine. */
#include <gtk/gtk.h>

static GtkSettings *settings;     /* the default screen's: lives for ever */
static GtkSettings *theme_settings;

static void on_theme(GObject *o, GParamSpec *p, gpointer window) { gtk_widget_queue_draw(window); (void)o; (void)p; }
static void on_clicked(GtkButton *b, gpointer window) { gtk_widget_destroy(window); (void)b; }
static void on_destroy(GtkWidget *window, gpointer data)
{
    g_signal_handlers_disconnect_by_data(theme_settings, window);
    (void)data;
}

GtkWidget *window_new(void)
{
    if (settings == NULL)
        settings = gtk_settings_get_default();
    GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    GtkWidget *button = gtk_button_new_with_label("Close");
    g_signal_connect(button, "clicked", G_CALLBACK(on_clicked), window);
    gtk_container_add(GTK_CONTAINER(window), button);
    g_signal_connect(settings, "notify::gtk-theme-name", G_CALLBACK(on_theme), window); /* expect: listener-strong-ref @g_signal_connect */
    return window;
}

GtkWidget *themed_window_new(void)
{
    GtkWidget *window = gtk_window_new(GTK_WINDOW_TOPLEVEL);
    g_signal_connect(theme_settings, "notify::gtk-theme-name", G_CALLBACK(on_theme), window);
    g_signal_connect(window, "destroy", G_CALLBACK(on_destroy), NULL);
    return window;
}
