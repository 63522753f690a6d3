/* fresh_good.c — lists whose items are invoked, filled only with objects
 * made right here (each constructor of the model, and references to them):
 * nobody else's object is kept alive, so nothing is flagged.  Without the
 * model knowing a constructor, its item would come "from outside" and the
 * list would be a listener list. */
#include <glib-object.h>

static GPtrArray *made;

static void fill(void)
{
    g_ptr_array_add(made, g_ptr_array_new());
    g_ptr_array_add(made, g_ptr_array_sized_new(4));
    g_ptr_array_add(made, g_ptr_array_new_full(4, g_free));
    g_ptr_array_add(made, g_ptr_array_new_with_free_func(g_free));
    g_ptr_array_add(made, g_hash_table_new(g_str_hash, g_str_equal));
    g_ptr_array_add(made, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free));
    g_ptr_array_add(made, g_queue_new());
    g_ptr_array_add(made, g_object_new(G_TYPE_OBJECT, NULL));
    g_ptr_array_add(made, g_object_new_with_properties(G_TYPE_OBJECT, 0, NULL, NULL));
    GHashTable *table = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *array = g_ptr_array_new();
    GObject *object = g_object_new(G_TYPE_OBJECT, NULL);
    g_ptr_array_add(made, g_hash_table_ref(table));
    g_ptr_array_add(made, g_ptr_array_ref(array));
    g_ptr_array_add(made, g_object_ref(object));
}

static void fire(void)
{
    for (guint i = 0; i < made->len; i++)
        g_closure_invoke(g_ptr_array_index(made, i), NULL, 0, NULL, NULL);
}

void run(void)
{
    made = g_ptr_array_new();
    fill();
    fire();
}
