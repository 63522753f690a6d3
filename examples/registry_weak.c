/*
 * registry_weak.c — GOOD twin of registry_self.c: the class-wide registry is
 * a WeakSet, so it lists the live connections without keeping any alive.
 */
#include "example.h"

static lg_object *all_connections;   /* WeakSet of live connections */

typedef struct {
    LG_OBJECT_HEAD;
    lg_object *buffer;    /* receive buffer */
} connection;

static void conn_traverse(lg_object *self, lg_visit_fn visit, void *arg)
{
    visit(((connection *)self)->buffer, arg);
}

static void conn_clear(lg_object *self)
{
    connection *c = (connection *)self;
    lg_object *b = c->buffer;
    c->buffer = NULL;
    lg_release(b);
}

static const lg_type conn_type = { "connection", sizeof(connection), conn_traverse, conn_clear,
                                   NULL, NULL };

static lg_object *connection_new(void)
{
    lg_object *self = lg_new(&conn_type);
    ((connection *)self)->buffer = lg_buffer(16384);
    lg_weakset_add(all_connections, self);
    return self;
}

int main(void)
{
    lg_trace_start();
    all_connections = lg_weakset();
    for (int i = 0; i < 300; i++)
        lg_release(connection_new());
    printf("%-22s connections registered: %zu\n", "registry_weak", lg_weakset_len(all_connections));
    example_report("registry_weak", "300 connections opened and closed");
    lg_release(all_connections);
    lg_trace_stop();
    return 0;
}
