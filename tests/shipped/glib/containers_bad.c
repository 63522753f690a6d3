/* containers_bad.c — long-lived GLib containers that are only ever added
 * to: a memo table, a registry every object adds itself to, lists and a
 * queue that only grow.  Nothing in the file ever removes from them. */
#include <glib-object.h>

typedef struct {
    GHashTable *by_name;     /* lives as long as the application */
    GSList *recent;
    GQueue *pending;
} Registry;

static Registry reg;
static GHashTable *icon_cache;      /* name -> pixbuf, for ever */
static GHashTable *seen;
static GPtrArray *all_windows;
static GList *history;

void registry_init(void)
{
    icon_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    seen = g_hash_table_new(g_str_hash, g_str_equal);
    all_windows = g_ptr_array_new_with_free_func(g_object_unref);
    reg.by_name = g_hash_table_new(g_str_hash, g_str_equal);
    reg.pending = g_queue_new();
}

GObject *lookup_icon(const char *name, GObject *(*load)(const char *))
{
    GObject *icon = g_hash_table_lookup(icon_cache, name);
    if (icon == NULL) {
        icon = load(name);
        g_hash_table_insert(icon_cache, g_strdup(name), icon); /* expect: unbounded-cache @g_hash_table_insert */
    }
    return icon;
}

void mark_seen(const char *uri)
{
    g_hash_table_add(seen, g_strdup(uri)); /* expect: unbounded-cache @g_hash_table_add */
}

void window_created(GObject *window, const char *name)
{
    g_ptr_array_add(all_windows, g_object_ref(window)); /* expect: unbounded-cache @g_ptr_array_add */
    g_hash_table_replace(reg.by_name, g_strdup(name), window); /* expect: unbounded-cache @g_hash_table_replace */
}

void visited(char *uri)
{
    history = g_list_prepend(history, uri); /* expect: unbounded-cache @g_list_prepend */
    reg.recent = g_slist_append(reg.recent, uri); /* expect: unbounded-cache @g_slist_append */
    g_queue_push_tail(reg.pending, uri); /* expect: unbounded-cache @g_queue_push_tail */
}
