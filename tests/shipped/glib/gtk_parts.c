/* gtk_parts.c — an object's handlers on its own parts: widgets kept in its
 * fields (set only to widgets it makes, or bound from a template and never
 * set in C) and in its private data (G_DEFINE_TYPE_WITH_PRIVATE's
 * *_get_instance_private, GTK 2's G_TYPE_INSTANCE_GET_PRIVATE) go with the
 * object — connected in another function than the one that made them, or
 * through a checked cast of the object.  A field set to someone else's
 * object (the one monitor every view points at) is only a pointer to it:
 * a handler there with the view's data lingers. */
#include <gtk/gtk.h>

typedef struct {
    GtkBox parent;
    GtkWidget *entry;       /* made in find_bar_init */
    GtkWidget *close;       /* a template child: GTK sets it, C never does */
    GObject *monitor;       /* the process's one monitor: not a part */
} FindBar;
typedef struct { GtkBoxClass parent_class; } FindBarClass;

typedef struct {
    GtkWidget *label;       /* made in find_bar_init */
    GtkWidget *spinner;     /* made in find_bar_init */
} FindBarPrivate;

G_DEFINE_TYPE_WITH_PRIVATE(FindBar, find_bar, GTK_TYPE_BOX)

static GObject *the_monitor;

static void on_changed(GtkWidget *w, gpointer data) { g_print("%p %p\n", (void *)w, data); }

static void find_bar_class_init(FindBarClass *klass)
{
    gtk_widget_class_bind_template_child(GTK_WIDGET_CLASS(klass), FindBar, close);
}

static void find_bar_init(FindBar *self)
{
    FindBarPrivate *priv = find_bar_get_instance_private(self);
    self->entry = gtk_entry_new();
    priv->label = gtk_label_new("");
    priv->spinner = gtk_spinner_new();
    self->monitor = the_monitor;
}

/* wired after the parts were made, in a function of its own */
void find_bar_wire(FindBar *self)
{
    FindBarPrivate *priv = find_bar_get_instance_private(self);
    g_signal_connect(self->entry, "changed", G_CALLBACK(on_changed), self);
    g_signal_connect(self->close, "clicked", G_CALLBACK(on_changed), self);
    g_signal_connect(priv->label, "notify", G_CALLBACK(on_changed), self);
    g_signal_connect(((FindBarPrivate *)find_bar_get_instance_private(self))->spinner, "notify", G_CALLBACK(on_changed), GTK_WIDGET(self));
    g_signal_connect(self->monitor, "changed", G_CALLBACK(on_changed), self); /* expect: listener-strong-ref @g_signal_connect */
}

/* GTK 2's private data, as geany's actions read it */
#define FIND_BAR_GET_PRIVATE(obj) (G_TYPE_INSTANCE_GET_PRIVATE((obj), find_bar_get_type(), FindBarPrivate))
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
void find_bar_wire_old(GtkWidget *bar)
{
    FindBarPrivate *priv = FIND_BAR_GET_PRIVATE(bar);
    g_signal_connect(priv->label, "notify", G_CALLBACK(on_changed), bar);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* geany's actions: the instance keeps a pointer to its private data in a
 * field, set from G_TYPE_INSTANCE_GET_PRIVATE, and reads it through a
 * checked cast: X(o)->priv */
typedef struct { GObject parent; FindBarPrivate *priv; } OldBar;
#define OLD_BAR(obj) (G_TYPE_CHECK_INSTANCE_CAST((obj), G_TYPE_OBJECT, OldBar))
#define OLD_BAR_GET_PRIVATE(obj) (OLD_BAR(obj)->priv)
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
void old_bar_init(OldBar *self)
{
    self->priv = G_TYPE_INSTANCE_GET_PRIVATE(self, G_TYPE_OBJECT, FindBarPrivate);
}
G_GNUC_END_IGNORE_DEPRECATIONS

void old_bar_wire(GObject *bar)
{
    FindBarPrivate *priv = OLD_BAR_GET_PRIVATE(bar);
    g_signal_connect(priv->label, "notify", G_CALLBACK(on_changed), bar);
    g_signal_connect(OLD_BAR(bar)->priv->spinner, "notify", G_CALLBACK(on_changed), bar);
}

/* the same handler with someone else's data: the part's owner is not it */
void find_bar_watch(FindBar *self, gpointer view)
{
    g_signal_connect(self->entry, "changed", G_CALLBACK(on_changed), view); /* expect: listener-strong-ref @g_signal_connect */
}
