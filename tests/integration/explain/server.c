/* server.c — a server lives in a heap struct for the whole run; handlers
 * are registered on its emitter and never removed. */
#include "shop.h"
#include <stdlib.h>

struct server *g_server;

struct server *server_new(int port)
{
    struct server *s = calloc(1, sizeof *s);
    s->on_close = lg_emitter();
    s->port = port;
    g_server = s;
    return s;
}

void server_on_connect(struct server *s, lg_object *handler)
{
    lg_emitter_on(s->on_close, handler); /* expect: listener-strong-ref */
}
