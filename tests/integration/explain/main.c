/* main.c — drives the shop: 200 rounds of subscriptions, cached
 * thumbnails, jobs and connections; exits with everything alive. */
#include "shop.h"
#include <stdio.h>

static lg_object *on_price(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));   /* the widget's state */
}

static lg_object *on_connect(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

int main(void)
{
    bus_init();
    cache_init();
    struct server *srv = server_new(8080);
    for (long i = 0; i < 200; i++) {
        lg_object *state = lg_buffer(1024);
        lg_object *l = lg_closure(on_price, 1, state);
        bus_subscribe(l);
        lg_release(l);
        lg_release(state);
        lg_object *thumb = lg_buffer(2048);
        cache_put(i, thumb);
        lg_release(thumb);
        if (i % 20 == 0)
            jobs_start(i);
        lg_object *h = lg_closure(on_connect, 0);
        server_on_connect(srv, h);
        lg_release(h);
    }
    printf("shop: 200 rounds\n");
    return 0;
}
