/*
 * exit_holder.c — a program that ends with objects alive: a global table
 * whose keys and values are cached small ints (lg_int(0..255)).  Run with
 * LINGER_DB, the recorder's last flush walks them after main returns — it
 * must run before the runtime gives its own blocks (the small-int cache)
 * back.  Linked against the shared library, as users link it.
 */
#include <linger/linger.h>

lg_object *g_table;   /* the root the retention paths are named after */

int main(void)
{
    g_table = lg_dict();
    for (int i = 0; i < 50; i++) {
        lg_object *k = lg_int(i), *v = lg_int(i + 100);
        lg_dict_set(g_table, k, v);
        lg_release(k);
        lg_release(v);
    }
    return 0;
}
