/* factory.c — listeners made for callers: the function is the caller's
 * (views.c passes on_thumb, which reads nothing, and on_save). */
#include "app.h"

lg_object *make_listener(lg_fn fn, lg_object *data)
{
    return lg_closure(fn, 1, data); /* expect: closure-captured-buffer @lg_closure */ /* expect-note: "'fn' is the 'on_thumb' that views.c" */
}
