/* sources_bad.c — sources and closures whose user data is never used: the
 * main loop (or the closure) keeps the datum alive as long as the source
 * runs, and the function never looks at it. */
#include <glib-object.h>

typedef struct { char pixels[1 << 20]; } Frame;

static gboolean redraw(gpointer data) { g_print("redraw\n"); return G_SOURCE_CONTINUE; }
static gboolean poll_status(gpointer user_data) { g_print("poll\n"); return G_SOURCE_CONTINUE; }
static void once(gpointer data) { g_print("once\n"); }
static void on_clicked(GObject *button, gpointer user_data) { g_print("%p\n", (void *)button); }
static void on_swapped(gpointer data, GObject *button) { g_print("%p\n", (void *)button); }

void start(GObject *owner)
{
    Frame *frame = g_new0(Frame, 1);
    char *log = g_malloc(1 << 16);
    g_idle_add(redraw, frame); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add_full(G_PRIORITY_LOW, redraw, frame, g_free); /* expect: closure-captured-buffer @g_idle_add_full */
    g_idle_add_once(once, log); /* expect: closure-captured-buffer @g_idle_add_once */
    g_timeout_add(100, poll_status, frame); /* expect: closure-captured-buffer @g_timeout_add */
    g_timeout_add_full(G_PRIORITY_DEFAULT, 100, poll_status, log, g_free); /* expect: closure-captured-buffer @g_timeout_add_full */
    g_timeout_add_seconds(5, poll_status, frame); /* expect: closure-captured-buffer @g_timeout_add_seconds */
    g_timeout_add_seconds_full(G_PRIORITY_DEFAULT, 5, poll_status, log, NULL); /* expect: closure-captured-buffer @g_timeout_add_seconds_full */
    g_timeout_add_once(50, once, frame); /* expect: closure-captured-buffer @g_timeout_add_once */
    GClosure *c = g_cclosure_new(G_CALLBACK(on_clicked), frame, NULL); /* expect: closure-captured-buffer @g_cclosure_new */
    GClosure *s = g_cclosure_new_swap(G_CALLBACK(on_swapped), log, NULL); /* expect: closure-captured-buffer @g_cclosure_new_swap */
    g_closure_sink(c);
    g_closure_sink(s);
    (void)owner;
}

/* GLib's allocators make what they capture (its size named when constant) */
void start_more(void)
{
    g_idle_add(redraw, g_malloc0(4096)); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add(redraw, g_malloc_n(16, 256)); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add(redraw, g_malloc0_n(16, 256)); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add(redraw, g_try_malloc(4096)); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add(redraw, g_try_malloc0(4096)); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add(redraw, g_slice_alloc(4096)); /* expect: closure-captured-buffer @g_idle_add */
    g_idle_add(redraw, g_slice_alloc0(4096)); /* expect: closure-captured-buffer @g_idle_add */
}

/* a helper that schedules for its callers: the function is the caller's */
static guint schedule(GSourceFunc fn, gpointer data)
{
    return g_idle_add(fn, data); /* expect: closure-captured-buffer @g_idle_add */
}

void start_scheduled(void)
{
    schedule(redraw, g_malloc(1 << 20));
}
