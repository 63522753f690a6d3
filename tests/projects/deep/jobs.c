/* jobs.c — two closures over a big buffer: reader_fn (reader.c) reads it,
 * idle_fn (idle.c) never does. */
#include "deep.h"

lg_object *make_reader(void)
{
    lg_object *buf = lg_buffer(1 << 20);
    lg_object *c = lg_closure(reader_fn, 1, buf);
    lg_release(buf);
    return c;
}

lg_object *make_idle(void)
{
    lg_object *buf = lg_buffer(1 << 20);
    lg_object *c = lg_closure(idle_fn, 1, buf); /* expect: closure-captured-buffer @lg_closure */
    lg_release(buf);
    return c;
}
