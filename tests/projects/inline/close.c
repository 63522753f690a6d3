/* close.c — the tab's watch ends here (through the header's tabs_unwatch). */
#include "inline.h"

void close_tab(lg_object *tab)
{
    tabs_unwatch(tab);
}
