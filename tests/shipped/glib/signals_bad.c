/* signals_bad.c — signal handlers connected on long-lived objects (a
 * monitor singleton kept in a static, a global application's fields) and
 * never disconnected anywhere in the file: each keeps its handler and data
 * for as long as the object lives. */
#include <glib-object.h>

typedef struct {
    GObject *settings;   /* lives as long as the application */
    GObject *session;
    GObject *volume;
} App;

static App app;
static GObject *trash_monitor;     /* the process's one trash monitor */

static void on_changed(GObject *o, gpointer data) { g_print("%p %p\n", (void *)o, data); }
static void on_notify(GObject *o, GParamSpec *p, gpointer data) { g_print("%p %p %p\n", (void *)o, (void *)p, data); }

void view_init(gpointer view)
{
    g_signal_connect(trash_monitor, "state-changed", G_CALLBACK(on_changed), view); /* expect: listener-strong-ref @g_signal_connect */
    g_signal_connect_after(app.settings, "notify::theme", G_CALLBACK(on_notify), view); /* expect: listener-strong-ref @g_signal_connect_after */
    g_signal_connect_swapped(app.session, "logout", G_CALLBACK(on_changed), view); /* expect: listener-strong-ref @g_signal_connect_swapped */
    g_signal_connect_data(app.session, "login", G_CALLBACK(on_changed), view, NULL, 0); /* expect: listener-strong-ref @g_signal_connect_data */
}

void view_watch(gpointer view, GClosure *closure)
{
    g_signal_connect_closure(app.volume, "changed", closure, FALSE); /* expect: listener-strong-ref @g_signal_connect_closure */
    guint id = g_signal_lookup("changed", G_OBJECT_TYPE(app.volume));
    g_signal_connect_closure_by_id(app.volume, id, 0, closure, TRUE); /* expect: listener-strong-ref @g_signal_connect_closure_by_id */
    (void)view;
}

/* a toggle reference is a strong one */
static void on_toggle(gpointer data, GObject *o, gboolean last) { g_print("%p %p %d\n", data, (void *)o, last); }

void keep_toggled(gpointer owner)
{
    g_object_add_toggle_ref(trash_monitor, on_toggle, owner); /* expect: listener-strong-ref @g_object_add_toggle_ref */
}

/* a view that points at the monitor singleton and connects to it: the field
 * is only a pointer to someone else's object, not a part of the view */
typedef struct { GObject parent; GObject *monitor; } View;

void view_construct(View *self)
{
    self->monitor = trash_monitor;
    g_signal_connect(self->monitor, "changed", G_CALLBACK(on_changed), self); /* expect: listener-strong-ref @g_signal_connect */
}

/* through GObject's checked casts: G_OBJECT(x) is x */
void view_cast(gpointer view)
{
    g_signal_connect(G_OBJECT(trash_monitor), "notify", G_CALLBACK(on_changed), view); /* expect: listener-strong-ref @g_signal_connect */
    g_signal_connect((GObject *)g_type_check_instance_cast((GTypeInstance *)app.volume, G_TYPE_OBJECT), "x", G_CALLBACK(on_changed), view); /* expect: listener-strong-ref @g_signal_connect */
}

/* made once elsewhere, connected again and again with each caller's data */
static GObject *shared_dialog;

void dialog_init(void)
{
    shared_dialog = g_object_new(G_TYPE_OBJECT, NULL);
}

void dialog_attach(gpointer data)
{
    g_signal_connect(shared_dialog, "response", G_CALLBACK(on_changed), data); /* expect: listener-strong-ref @g_signal_connect */
}

/* a menu kept in a field, never disconnected, through the field or otherwise */
typedef struct { GObject *menu; } MenuButton;
static GObject *file_menu;

void menu_button_set_menu(MenuButton *b, GObject *menu)
{
    g_signal_connect(menu, "add", G_CALLBACK(on_changed), b); /* expect: listener-strong-ref @g_signal_connect */
    b->menu = menu;
}

void toolbar_init(MenuButton *b)
{
    menu_button_set_menu(b, file_menu);
}
