/* sources_good.c — the same sources and closures, each function using its
 * user data (or given none).  Nothing here is flagged. */
#include <glib-object.h>

typedef struct { char pixels[1 << 20]; int dirty; } Frame;

static gboolean redraw(gpointer data) { return ((Frame *)data)->dirty ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE; }
static gboolean tick(gpointer user_data) { g_print("tick\n"); return G_SOURCE_CONTINUE; }
static void once(gpointer data) { g_free(data); }
static void on_clicked(GObject *button, gpointer user_data) { ((Frame *)user_data)->dirty = button != NULL; }
static void on_swapped(gpointer data, GObject *button) { ((Frame *)data)->dirty = button != NULL; }

void start(void)
{
    Frame *frame = g_new0(Frame, 1);
    g_idle_add(redraw, frame);
    g_idle_add_full(G_PRIORITY_LOW, redraw, frame, NULL);
    g_idle_add_once(once, g_malloc(16));
    g_timeout_add(100, redraw, frame);
    g_timeout_add_full(G_PRIORITY_DEFAULT, 100, redraw, frame, NULL);
    g_timeout_add_seconds(5, tick, NULL);
    g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, 5, redraw, frame, NULL);
    g_timeout_add_once(50, once, g_malloc(16));
    GClosure *c = g_cclosure_new(G_CALLBACK(on_clicked), frame, NULL);
    GClosure *s = g_cclosure_new_swap(G_CALLBACK(on_swapped), frame, NULL);
    g_closure_sink(c);
    g_closure_sink(s);
}

/* a helper that schedules for its callers, each function using its data */
static guint schedule(GSourceFunc fn, gpointer data)
{
    return g_idle_add(fn, data);
}

void start_scheduled(Frame *frame)
{
    schedule(redraw, frame);
    schedule(tick, NULL);
}
