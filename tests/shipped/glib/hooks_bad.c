/* hooks_bad.c — lists of closures supplied from outside whose items are
 * invoked: listener lists that keep every hook alive, since nothing ever
 * removes one.  The items are reached through each of GLib's ways of
 * reading one: g_list_nth_data, g_slist_nth_data, g_ptr_array_index (a
 * macro), g_queue_peek_*, g_hash_table_lookup. */
#include <glib-object.h>

static GList *on_save;
static GSList *on_load;
static GPtrArray *on_quit;
static GQueue *on_idle_head, *on_idle_tail, *on_idle_nth;

void add_hooks(GClosure *hook)
{
    on_save = g_list_append(on_save, hook); /* expect: listener-strong-ref @g_list_append */
    on_load = g_slist_prepend(on_load, hook); /* expect: listener-strong-ref @g_slist_prepend */
    g_ptr_array_add(on_quit, g_closure_ref(hook)); /* expect: listener-strong-ref @g_ptr_array_add */
    g_queue_push_tail(on_idle_head, hook); /* expect: listener-strong-ref @g_queue_push_tail */
    g_queue_push_head(on_idle_tail, hook); /* expect: listener-strong-ref @g_queue_push_head */
    g_queue_push_nth(on_idle_nth, hook, 0); /* expect: listener-strong-ref @g_queue_push_nth */
}

void run_hooks(void)
{
    GValue ret = G_VALUE_INIT;
    g_closure_invoke(g_list_nth_data(on_save, 0), &ret, 0, NULL, NULL);
    g_closure_invoke(g_slist_nth_data(on_load, 0), &ret, 0, NULL, NULL);
    for (guint i = 0; i < on_quit->len; i++)
        g_closure_invoke(g_ptr_array_index(on_quit, i), &ret, 0, NULL, NULL);
    g_closure_invoke(g_queue_peek_head(on_idle_head), &ret, 0, NULL, NULL);
    GClosure *last = g_queue_peek_tail(on_idle_tail);
    g_closure_invoke(last, &ret, 0, NULL, NULL);
    g_closure_invoke(g_queue_peek_nth(on_idle_nth, 0), &ret, 0, NULL, NULL);
}

/* a table of named handlers: a cache that only grows (its values are
 * looked up and invoked, but a keyed table is the cache rule's) */
static GHashTable *handlers;

void add_handler(const char *name, GClosure *hook)
{
    g_hash_table_insert(handlers, g_strdup(name), hook); /* expect: unbounded-cache @g_hash_table_insert */
}

void run_handler(const char *name)
{
    g_closure_invoke(g_hash_table_lookup(handlers, name), NULL, 0, NULL, NULL);
}
