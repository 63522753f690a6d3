/* trim.c — g_seen is emptied here. */
#include "deep.h"

void forget_visits(void)
{
    lg_list_clear(g_seen);
}
