/*
 * helpers.c — the shared fixtures declared in helpers.h.
 */
#include "helpers.h"
#include <string.h>

int finalized;
int calls;
lg_object *resurrect_slot;
int resurrect;
char order_log[256];

void log_event(const char *s)
{
    strncat(order_log, s, sizeof order_log - strlen(order_log) - 1);
}

static void node_traverse(lg_object *self, lg_visit_fn visit, void *arg)
{
    visit(((node *)self)->ref, arg);
}

static void node_clear(lg_object *self)
{
    node *n = (node *)self;
    lg_object *r = n->ref;
    n->ref = NULL;
    lg_release(r);
}

static void fin_finalize(lg_object *self)
{
    finalized++;
    log_event("F");
    if (resurrect && resurrect_slot == NULL)
        resurrect_slot = lg_retain(self);
}

static lg_object *callable_call(lg_object *self, lg_object *arg)
{
    (void)self;
    calls++;
    return lg_retain(arg);
}

const lg_type node_type = { "node", sizeof(node), node_traverse, node_clear, NULL, NULL };
const lg_type noclear_type = { "noclear", sizeof(node), node_traverse, NULL, NULL, NULL };
const lg_type fin_type = { "fin", sizeof(node), node_traverse, node_clear, fin_finalize, NULL };
const lg_type plain_type = { "plain", sizeof(node), NULL, node_clear, NULL, NULL };
const lg_type callable_type = { "callable", sizeof(node), node_traverse, node_clear, NULL,
                                callable_call };

lg_object *new_node(const lg_type *t, int id)
{
    lg_object *o = lg_new(t);
    cr_assert_not_null(o, "lg_new(%s): %s", t->name, lg_error());
    ((node *)o)->id = id;
    return o;
}

void link_to(lg_object *n, lg_object *target)
{
    node *x = (node *)n;
    lg_object *old = x->ref;
    x->ref = lg_retain(target);
    lg_release(old);
}

void leak_gate(void)
{
    lg_object *g = lg_gc_garbage();
    /* break garbage cycles by hand so their memory can go */
    for (size_t i = 0; i < lg_list_len(g); i++) {
        lg_object *o = lg_list_get(g, i);
        if (lg_type_name(o) && strcmp(lg_type_name(o), "noclear") == 0) {
            lg_object *r = ((node *)o)->ref;
            ((node *)o)->ref = NULL;
            lg_release(r);
        }
    }
    lg_list_clear(g);
    lg_release(resurrect_slot);
    resurrect_slot = NULL;
    lg_gc_collect(-1);
    cr_assert_eq(lg_live_objects(), 0, "leak: %zu objects still alive", lg_live_objects());
}
