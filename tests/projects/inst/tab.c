#include "inst.h"

struct tab {
    LG_OBJECT_HEAD;
    lg_object *events;   /* the tab's own emitter, released by its clear */
};

static void tab_traverse(lg_object *self, lg_visit_fn visit, void *arg)
{
    visit(((struct tab *)self)->events, arg);
}

static void tab_clear(lg_object *self)
{
    struct tab *t = (struct tab *)self;
    lg_object *e = t->events;
    t->events = NULL;
    lg_release(e);
}

static const lg_type tab_type = { "tab", sizeof(struct tab), tab_traverse, tab_clear, NULL, NULL };

lg_object *tab_new(void)
{
    struct tab *t = (struct tab *)lg_new(&tab_type);
    t->events = lg_emitter();
    lg_object *h = lg_closure(on_event, 0);
    lg_emitter_on(t->events, h);
    lg_release(h);
    return &t->base;
}
