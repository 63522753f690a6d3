#include <linger/linger.h>

static lg_object *table;

void remember(lg_object *key, lg_object *value)
{
    lg_dict_set(table, key, value);
}
