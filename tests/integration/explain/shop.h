/* shop.h — a small multi-file program with four leaks for linger explain:
 * a listener on a global struct's emitter never unregistered (bus.c), a
 * cache reached through a getter that only grows (cache.c), a progress
 * closure holding a buffer its function (report.c) never reads (jobs.c),
 * and a listener on an emitter in a heap struct that lives for ever
 * (server.c).  main.c drives them and exits with everything alive. */
#ifndef SHOP_H
#define SHOP_H
#include <linger/linger.h>

struct server {
    lg_object *on_close;   /* emitter: called when a client leaves */
    int port;              /* the port it listens on */
};

void bus_init(void);
void bus_subscribe(lg_object *listener);
void cache_init(void);
void cache_put(long key, lg_object *value);
void jobs_start(long n);
lg_object *report_progress(lg_object *self, lg_object *arg);
struct server *server_new(int port);
void server_on_connect(struct server *s, lg_object *handler);

#endif
