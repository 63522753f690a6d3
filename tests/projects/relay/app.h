/* app.h — relay: a program whose leaks are confirmed at run time.  Its
 * main runs the leaks long enough for the runtime to see them (a container
 * that grew past 32 entries to the end, listeners and captures kept alive
 * only by their holders); the good twins run beside them. */
#ifndef APP_H
#define APP_H
#include <linger/linger.h>

struct app_state {
    lg_object *bus;       /* emitter: the save listener, unsubscribed by maint.c */
    lg_object *redraw;    /* emitter: render listeners, never unsubscribed */
    lg_object *icons;     /* dict: icon cache, trimmed by maint.c */
    lg_object *history;   /* list: grows forever */
};
extern struct app_state g_app;
extern lg_object *g_plugins;
extern lg_object *g_queue;

void registry_push(lg_object *list, lg_object *item);
lg_object *on_render(lg_object *self, lg_object *arg);
lg_object *on_save(lg_object *self, lg_object *arg);
lg_object *on_thumb(lg_object *self, lg_object *arg);
lg_object *make_listener(lg_fn fn, lg_object *data);
void bus_unsubscribe(lg_object *em, lg_object *l);
void app_init(void);
void views_open(void);
void plugins_load(const char *name);
void maint_run(void);
void jobs_submit(lg_object *job);
void jobs_drain(void);
#endif
