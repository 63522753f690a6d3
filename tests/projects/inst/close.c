#include "inst.h"
#include <stdlib.h>

void win_free(struct win *w)
{
    lg_release(w->events);
    free(w);
}
