/* leak.c — the editor tests' file: one strong registration, after
 * multi-byte characters on the same line (UTF-16 columns differ from bytes). */
#include <linger/linger.h>

static struct app { lg_object *events; } app;

void attach(lg_object *listener)
{
    /* é€😀 */ lg_emitter_on(app.events, listener);
}
