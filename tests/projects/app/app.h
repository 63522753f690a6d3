/* app.h — what the files of this small program share. */
#ifndef APP_H
#define APP_H
#include <linger/linger.h>

extern lg_object *g_cache;      /* cache.c fills it, teardown.c trims it */
extern lg_object *g_bus;        /* events.c subscribes, unsub.c unsubscribes */
extern lg_object *g_hooks;      /* hooks.c appends, dispatch.c calls the items */
extern lg_object *g_plugins;    /* plugins.c fills it through util.c's helper */

void util_store(lg_object *list, lg_object *item);
lg_object *task_run(lg_object *self, lg_object *arg);
#endif
