/* tabs.c — tabs watch g_tabs through the header's helper; close.c unwatches. */
#include "inline.h"

lg_object *g_tabs;

void open_tab(lg_object *tab)
{
    tabs_watch(tab);
}
