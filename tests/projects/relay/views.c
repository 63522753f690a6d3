/* views.c — a view opened per document: a render listener whose closure
 * holds pixels it never reads (on_render is in handlers.c), registered for
 * good; a save listener that maint.c unsubscribes through a helper and a
 * getter; listeners made by factory.c's make_listener (a preview whose
 * function reads nothing, a saver whose does), registered weakly; an icon
 * cache maint.c clears; a history nothing trims. */
#include "app.h"

static lg_object *save_cb;

lg_object *views_save_cb(void) { return save_cb; }

void views_open(void)
{
    lg_object *pixels = lg_buffer(1 << 20);
    lg_object *render = lg_closure(on_render, 1, pixels); /* expect: closure-captured-buffer @lg_closure */
    lg_release(pixels);
    lg_emitter_on(g_app.redraw, render); /* expect: listener-strong-ref @lg_emitter_on */ /* expect-per-file: listener-strong-ref @lg_emitter_on */
    lg_release(render);

    if (save_cb == NULL) {
        lg_object *doc = lg_buffer(1 << 16);
        save_cb = lg_closure(on_save, 1, doc);
        lg_release(doc);
    }
    lg_emitter_on(g_app.bus, save_cb); /* expect-per-file: listener-strong-ref @lg_emitter_on */

    lg_object *k = lg_str("folder");
    lg_object *v = lg_buffer(4096);
    lg_dict_set(g_app.icons, k, v); /* expect-per-file: unbounded-cache @lg_dict_set */
    lg_release(k);
    lg_release(v);

    lg_object *thumb = lg_buffer(1 << 18);
    lg_object *preview = make_listener(on_thumb, thumb);
    lg_release(thumb);
    lg_emitter_on_weak(g_app.redraw, preview);
    lg_release(preview);
    lg_object *text = lg_buffer(64);
    lg_object *saver = make_listener(on_save, text);
    lg_release(text);
    lg_emitter_on_weak(g_app.bus, saver);
    lg_release(saver);

    lg_object *h = lg_str("opened");
    lg_list_append(g_app.history, h); /* expect: unbounded-cache @lg_list_append */ /* expect-per-file: unbounded-cache @lg_list_append */
    lg_release(h);
}
