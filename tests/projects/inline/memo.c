/* memo.c — the header's caches filled; mime types through a getter the
 * header defines. */
#include "inline.h"

lg_object *g_memo;
lg_object *g_seen;
lg_object *g_mime;
lg_object *g_types;

void remember(lg_object *k, lg_object *v)
{
    memo_put(k, v);
    seen_put(k, v);
}

void add_mime(lg_object *ext, lg_object *type)
{
    lg_dict_set(mime_table(), ext, type);   /* expect: unbounded-cache @lg_dict_set expect-per-file: unbounded-cache @lg_dict_set */
}

void add_type(lg_object *ext, lg_object *type)
{
    lg_dict_set(types_table(), ext, type);  /* trimmed in prune.c expect-per-file: unbounded-cache @lg_dict_set */
}
