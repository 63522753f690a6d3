/* handlers.c — the listeners' functions: on_render and on_thumb read no
 * capture, on_save its document. */
#include "app.h"
#include <stdio.h>
lg_object *on_render(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}
lg_object *on_thumb(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

lg_object *on_save(lg_object *self, lg_object *arg)
{
    lg_object *doc = lg_closure_capture(self, 0);
    (void)arg;
    printf("%zu\n", lg_buffer_size(doc));
    return lg_int(0);
}
