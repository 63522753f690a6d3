#include <linger/linger.h>

int sum(lg_object *list)
{
    long total = 0;
    for (size_t i = 0; i < lg_list_len(list); i++)
        total += lg_int_value(lg_list_get(list, i));
    return (int)total;
}
