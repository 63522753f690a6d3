/* containers_good.c — the same kinds of containers, each bounded by a
 * removal somewhere in the file: remove, steal, remove_all, a pop with a
 * length check, delete_link, free.  Nothing here is flagged. */
#include <glib-object.h>

#define MAX_RECENT 32

static GHashTable *t_remove, *t_steal, *t_steal_ext, *t_foreach_remove, *t_foreach_steal;
static GHashTable *t_remove_all, *t_steal_all, *t_destroy;
static GPtrArray *a_remove, *a_remove_fast, *a_index, *a_index_fast, *a_range, *a_steal;
static GPtrArray *a_steal_fast, *a_size, *a_free;
static GList *l_remove, *l_remove_all, *l_remove_link, *l_delete_link, *l_free, *l_free_full;
static GSList *s_remove, *s_remove_all, *s_remove_link, *s_delete_link, *s_free, *s_free_full;
static GQueue *q_head, *q_tail, *q_nth, *q_remove, *q_remove_all, *q_delete_link;
static GQueue *q_clear, *q_clear_full, *q_free, *q_free_full;
static GSList *s_reset;     /* dropped by resetting its head */
static GList *l_reset;

static gboolean always(gpointer k, gpointer v, gpointer data) { return k != v || data; }

void fill(char *k, gpointer v)
{
    g_hash_table_insert(t_remove, k, v);
    g_hash_table_insert(t_steal, k, v);
    g_hash_table_insert(t_steal_ext, k, v);
    g_hash_table_insert(t_foreach_remove, k, v);
    g_hash_table_insert(t_foreach_steal, k, v);
    g_hash_table_insert(t_remove_all, k, v);
    g_hash_table_insert(t_steal_all, k, v);
    g_hash_table_insert(t_destroy, k, v);
    g_ptr_array_add(a_remove, v);
    g_ptr_array_add(a_remove_fast, v);
    g_ptr_array_insert(a_index, 0, v);
    g_ptr_array_add(a_index_fast, v);
    g_ptr_array_add(a_range, v);
    g_ptr_array_add(a_steal, v);
    g_ptr_array_add(a_steal_fast, v);
    g_ptr_array_add(a_size, v);
    g_ptr_array_add(a_free, v);
    l_remove = g_list_append(l_remove, v);
    l_remove_all = g_list_prepend(l_remove_all, v);
    l_remove_link = g_list_insert(l_remove_link, v, 0);
    l_delete_link = g_list_insert_sorted(l_delete_link, v, (GCompareFunc)g_strcmp0);
    l_free = g_list_insert_before(l_free, NULL, v);
    l_free_full = g_list_append(l_free_full, v);
    s_remove = g_slist_append(s_remove, v);
    s_remove_all = g_slist_prepend(s_remove_all, v);
    s_remove_link = g_slist_insert(s_remove_link, v, 0);
    s_delete_link = g_slist_insert_sorted(s_delete_link, v, (GCompareFunc)g_strcmp0);
    s_free = g_slist_append(s_free, v);
    s_free_full = g_slist_append(s_free_full, v);
    g_queue_push_head(q_head, v);
    g_queue_push_tail(q_tail, v);
    g_queue_push_nth(q_nth, v, 0);
    g_queue_insert_sorted(q_remove, v, (GCompareDataFunc)g_strcmp0, NULL);
    g_queue_push_tail(q_remove_all, v);
    g_queue_push_tail(q_delete_link, v);
    g_queue_push_tail(q_clear, v);
    g_queue_push_tail(q_clear_full, v);
    g_queue_push_tail(q_free, v);
    g_queue_push_tail(q_free_full, v);
    s_reset = g_slist_prepend(s_reset, k);
    l_reset = g_list_append(l_reset, k);
}

void trim(char *k, gpointer v)
{
    g_hash_table_remove(t_remove, k);
    g_hash_table_steal(t_steal, k);
    g_hash_table_steal_extended(t_steal_ext, k, NULL, NULL);
    g_hash_table_foreach_remove(t_foreach_remove, always, NULL);
    g_hash_table_foreach_steal(t_foreach_steal, always, NULL);
    g_hash_table_remove_all(t_remove_all);
    g_hash_table_steal_all(t_steal_all);
    g_hash_table_destroy(t_destroy);
    g_ptr_array_remove(a_remove, v);
    g_ptr_array_remove_fast(a_remove_fast, v);
    g_ptr_array_remove_index(a_index, 0);
    g_ptr_array_remove_index_fast(a_index_fast, 0);
    g_ptr_array_remove_range(a_range, 0, 1);
    g_ptr_array_steal_index(a_steal, 0);
    g_ptr_array_steal_index_fast(a_steal_fast, 0);
    g_ptr_array_set_size(a_size, 0);
    g_ptr_array_free(a_free, TRUE);
    l_remove = g_list_remove(l_remove, v);
    l_remove_all = g_list_remove_all(l_remove_all, v);
    l_remove_link = g_list_remove_link(l_remove_link, l_remove_link);
    l_delete_link = g_list_delete_link(l_delete_link, l_delete_link);
    g_list_free(l_free);
    g_list_free_full(l_free_full, g_free);
    s_remove = g_slist_remove(s_remove, v);
    s_remove_all = g_slist_remove_all(s_remove_all, v);
    s_remove_link = g_slist_remove_link(s_remove_link, s_remove_link);
    s_delete_link = g_slist_delete_link(s_delete_link, s_delete_link);
    g_slist_free(s_free);
    g_slist_free_full(s_free_full, g_free);
    /* a pop with a length check: the queue keeps at most MAX_RECENT */
    while (g_queue_get_length(q_head) > MAX_RECENT)
        g_free(g_queue_pop_head(q_head));
    if (g_queue_get_length(q_tail) > MAX_RECENT)
        g_free(g_queue_pop_tail(q_tail));
    g_queue_pop_nth(q_nth, MAX_RECENT);
    g_queue_remove(q_remove, v);
    g_queue_remove_all(q_remove_all, v);
    g_queue_delete_link(q_delete_link, g_queue_peek_head_link(q_delete_link));
    g_queue_clear(q_clear);
    g_queue_clear_full(q_clear_full, g_free);
    g_queue_free(q_free);
    g_queue_free_full(q_free_full, g_free);
    g_slist_foreach(s_reset, (GFunc)g_free, NULL);
    s_reset = NULL;
    l_reset = NULL;
}
