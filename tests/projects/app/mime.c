/* mime.c — a table behind a getter: every caller of mime_table() fills the
 * one static; nothing in the program deletes from it. */
#include "app.h"

static lg_object *table;

lg_object *mime_table(void)
{
    if (table == NULL)
        table = lg_dict();
    return table;
}
