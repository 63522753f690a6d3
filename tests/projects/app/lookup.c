/* lookup.c — fills mime.c's table through its getter (nothing deletes from
 * it); and a cache behind a getter of its own, trimmed through that getter. */
#include "app.h"

lg_object *mime_table(void);
lg_object *icon_table(void);

void mime_learn(lg_object *ext, lg_object *type)
{
    lg_dict_set(mime_table(), ext, type); /* expect: unbounded-cache @lg_dict_set */
}

static lg_object *icons;

lg_object *icon_table(void)
{
    return icons;
}

void icon_put(lg_object *name, lg_object *icon)
{
    lg_dict_set(icon_table(), name, icon);
}

void icon_drop(lg_object *name)
{
    lg_dict_del(icon_table(), name);
}
