/*
 * cycle_strong_parent.c — a parent/child cycle: each child holds a strong
 * reference back to its parent.  Reference counting alone cannot free a
 * dropped tree; the cycle collector can.  Compare cycle_weak_parent.c, where a
 * weak back-reference lets reference counting do it all.
 */
#include "example.h"

typedef struct {
    LG_OBJECT_HEAD;
    lg_object *parent;     /* strong: the cycle */
    lg_object *children;   /* list of children */
    lg_object *payload;    /* some data */
} tree_node;

static void tree_traverse(lg_object *self, lg_visit_fn visit, void *arg)
{
    tree_node *n = (tree_node *)self;
    visit(n->parent, arg);
    visit(n->children, arg);
    visit(n->payload, arg);
}

static void tree_clear(lg_object *self)
{
    tree_node *n = (tree_node *)self;
    lg_object *p = n->parent, *c = n->children, *d = n->payload;
    n->parent = n->children = n->payload = NULL;
    lg_release(p);
    lg_release(c);
    lg_release(d);
}

static const lg_type tree_type = { "tree_node", sizeof(tree_node), tree_traverse, tree_clear,
                                   NULL, NULL };

static lg_object *make_tree(int nchildren)
{
    lg_object *root = lg_new(&tree_type);
    tree_node *r = (tree_node *)root;
    r->children = lg_list();
    r->payload = lg_buffer(1024);
    for (int i = 0; i < nchildren; i++) {
        lg_object *child = lg_new(&tree_type);
        ((tree_node *)child)->parent = lg_retain(root);
        ((tree_node *)child)->payload = lg_buffer(1024);
        lg_list_append(r->children, child);
        lg_release(child);
    }
    return root;
}

int main(void)
{
    lg_trace_start();
    lg_gc_disable();                    /* show what refcounting alone does */
    for (int i = 0; i < 100; i++)
        lg_release(make_tree(10));
    example_report("cycle_strong_parent", "100 trees dropped, collector off");
    size_t found = lg_gc_collect(-1);
    printf("%-22s lg_gc_collect(-1) found %zu unreachable objects\n", "cycle_strong_parent", found);
    example_report("cycle_strong_parent", "after one full collection");
    lg_trace_stop();
    return 0;
}
