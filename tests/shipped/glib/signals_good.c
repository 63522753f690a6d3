/* signals_good.c — the same connections, each ended: by handler id, by
 * function, by data, with g_clear_signal_handler, all at once, tied to the
 * listener's lifetime (g_signal_connect_object), weakly, or on the
 * object's own instance.  Nothing here is flagged. */
#include <glib-object.h>

typedef struct {
    GObject *settings;
    GObject *session;
    GObject *volume;
    GObject *power;
    GObject *clock;
    GObject *network;
    GObject *display;
    gulong settings_id;
    gulong clock_id;
} App;

static App app;
static GObject *trash_monitor;

static void on_changed(GObject *o, gpointer data) { g_print("%p %p\n", (void *)o, data); }
static void on_toggle(gpointer data, GObject *o, gboolean last) { g_print("%p %p %d\n", data, (void *)o, last); }
static void on_gone(gpointer data, GObject *where) { g_print("%p %p\n", data, (void *)where); }

void view_init(GObject *view)
{
    app.settings_id = g_signal_connect(app.settings, "changed", G_CALLBACK(on_changed), view);
    g_signal_connect(trash_monitor, "state-changed", G_CALLBACK(on_changed), view);
    g_signal_connect(app.session, "logout", G_CALLBACK(on_changed), view);
    g_signal_connect(app.volume, "changed", G_CALLBACK(on_changed), view);
    app.clock_id = g_signal_connect(app.clock, "tick", G_CALLBACK(on_changed), view);
    g_signal_connect(app.network, "changed", G_CALLBACK(on_changed), view);
    /* tied to the view: GLib disconnects it when the view is finalized */
    g_signal_connect_object(app.power, "changed", G_CALLBACK(on_changed), view, 0);
    /* weak: nothing strong is held */
    g_object_weak_ref(app.display, on_gone, view);
    g_object_add_weak_pointer(app.display, (gpointer *)&app.display);
    g_object_add_toggle_ref(app.display, on_toggle, view);
}

void view_dispose(GObject *view)
{
    g_signal_handler_disconnect(app.settings, app.settings_id);
    g_signal_handlers_disconnect_by_func(trash_monitor, G_CALLBACK(on_changed), view);
    g_signal_handlers_disconnect_by_data(app.session, view);
    g_signal_handlers_disconnect_matched(app.volume, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, view);
    g_clear_signal_handler(&app.clock_id, app.clock);
    g_signal_handlers_destroy(app.network);
    g_object_weak_unref(app.display, on_gone, view);
    g_object_remove_weak_pointer(app.display, (gpointer *)&app.display);
    g_object_remove_toggle_ref(app.display, on_toggle, view);
}

/* the function behind the g_clear_signal_handler macro, called as one */
void view_forget(GObject *view, gulong *id)
{
    g_signal_connect(app.power, "changed", G_CALLBACK(on_changed), view);
    (g_clear_signal_handler)(id, app.power);
}

/* an object's handlers on its own signals go when it goes */
typedef struct { GObject parent; int count; } Counter;

static void counter_on_notify(GObject *self, GParamSpec *pspec, gpointer data)
{
    ((Counter *)data)->count += pspec != NULL && self != NULL;
}

void counter_init(Counter *self)
{
    g_signal_connect(self, "notify", G_CALLBACK(counter_on_notify), self);
}

/* a widget made here, connected here: a local, not a long-lived object */
void make_button(gpointer owner)
{
    GObject *button = g_object_new(G_TYPE_OBJECT, NULL);
    g_signal_connect(button, "notify", G_CALLBACK(on_changed), owner);
    g_object_unref(button);
}

/* weak references: storing one holds nothing */
static GWeakRef last_view;

void remember(GObject *view)
{
    g_weak_ref_init(&last_view, NULL);
    g_weak_ref_set(&last_view, view);
    GObject *v = g_weak_ref_get(&last_view);
    if (v != NULL)
        g_object_unref(g_object_ref_sink(g_object_ref(v)));
}

/* handlers that keep nothing of anyone's: NULL, a constant or the address
 * of a static as their data */
static int counter;

void connect_plain(void)
{
    g_signal_connect(trash_monitor, "changed", G_CALLBACK(on_changed), NULL);
    g_signal_connect(app.settings, "changed", G_CALLBACK(on_changed), GINT_TO_POINTER(3));
    g_signal_connect(app.session, "changed", G_CALLBACK(on_changed), &counter);
}

/* handlers on a part of their own object: a dialog's widgets, a widget kept
 * in the object's field, a field of a struct made here */
typedef struct { GObject *entry; GObject *button; GObject *rows[4]; } Dialog;

GObject *g_entry_new(void);   /* a constructor by GObject's naming (the model's *_new) */

void dialog_setup(Dialog *dlg, GObject *made)
{
    dlg->entry = g_entry_new();
    g_signal_connect(dlg->entry, "changed", G_CALLBACK(on_changed), dlg);
    dlg->rows[2] = g_object_new(G_TYPE_OBJECT, NULL);
    g_signal_connect(dlg->rows[2], "changed", G_CALLBACK(on_changed), dlg);
    GObject *b = made;
    dlg->button = b;
    g_signal_connect(b, "clicked", G_CALLBACK(on_changed), dlg);
    Dialog *mine = g_new0(Dialog, 1);
    mine->entry = made;
    g_signal_connect(mine->entry, "changed", G_CALLBACK(on_changed), dlg);
}

/* a caller's object and a caller's data: nothing here says which outlives
 * the other */
void connect_for(GObject *object, gpointer user_data)
{
    g_signal_connect(object, "changed", G_CALLBACK(on_changed), user_data);
}

/* a destroyed widget drops its handlers (GTK 3's gtk_widget_destroy) */
static GObject *menu_item;
void gtk_widget_destroy(void *widget);   /* as gtk/gtk.h declares it */

void plugin_init(gpointer plugin)
{
    g_signal_connect(menu_item, "activate", G_CALLBACK(on_changed), plugin);
}

void plugin_cleanup(void)
{
    gtk_widget_destroy(menu_item);
}

/* connected and disconnected through checked casts */
static GObject *clock_source;

void tick_watch(gpointer view)
{
    g_signal_connect(G_OBJECT(clock_source), "tick", G_CALLBACK(on_changed), view);
}

void tick_unwatch(gpointer view)
{
    g_signal_handlers_disconnect_by_data(G_OBJECT(clock_source), view);
}

/* an integer smuggled in the data pointer holds nothing */
void set_tooltip_column(gint column)
{
    g_signal_connect(app.display, "query-tooltip", G_CALLBACK(on_changed), GINT_TO_POINTER(column));
}

/* a handler on what this function made: it goes with that object */
static GObject *about_dialog;

void show_about(gpointer data)
{
    about_dialog = g_object_new(G_TYPE_OBJECT, NULL);
    g_signal_connect(G_OBJECT(about_dialog), "response", G_CALLBACK(on_changed), data);
}

/* a menu kept in a field: its handlers are disconnected through the field
 * when the menu is replaced (geany's menu button action) */
typedef struct { GObject *menu; } MenuButton;
static GObject *tool_menu;

void menu_button_set_menu(MenuButton *b, GObject *menu)
{
    if (b->menu != NULL)
        g_signal_handlers_disconnect_by_func(b->menu, G_CALLBACK(on_changed), b);
    g_signal_connect(menu, "add", G_CALLBACK(on_changed), b);
    b->menu = menu;
}

void toolbar_init(MenuButton *b)
{
    menu_button_set_menu(b, tool_menu);
}
