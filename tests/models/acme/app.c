/* app.c — the three leaks through the acme API, and their fixed forms. */
#include "acme.h"

struct app {
    acme_obj *bus;        /* lives as long as the app */
    acme_obj *memo;       /* a memo table */
    acme_obj *seen;       /* a table trimmed below */
};

static acme_obj *expensive(acme_obj *key) { return acme_ref(key); }

void app_watch(struct app *a, acme_obj *listener)
{
    acme_bus_on(a->bus, listener);                   /* expect: listener-strong-ref @acme_bus_on */
}

void app_watch_weakly(struct app *a, acme_obj *listener)
{
    acme_bus_on_weak(a->bus, listener);              /* weak: no finding */
}

acme_obj *app_lookup(struct app *a, acme_obj *key)
{
    acme_obj *v = expensive(key);
    acme_table_put(a->memo, key, v);                 /* expect: unbounded-cache @acme_table_put */
    return v;
}

void app_note(struct app *a, acme_obj *key)
{
    acme_table_put(a->seen, key, key);               /* trimmed in app_forget: no finding */
}

void app_forget(struct app *a, acme_obj *key)
{
    acme_table_del(a->seen, key);
}

static acme_obj *on_tick(acme_obj *self, acme_obj *arg)
{
    (void)arg;
    return acme_ref(acme_closure_get(self, 0));      /* reads capture 0 only */
}

acme_obj *app_timer(acme_obj *name)
{
    acme_obj *big = acme_blob(1 << 20);
    return acme_closure_new(on_tick, 2, name, big);  /* expect: closure-captured-buffer @acme_closure_new */
}

acme_obj *app_timer_fixed(acme_obj *name)
{
    return acme_closure_new(on_tick, 1, name);       /* reads what it captures: no finding */
}

void app_local(acme_obj *listener)
{
    acme_obj *bus = acme_bus_new();                  /* a local bus dies with the call */
    acme_bus_on(bus, listener);
    acme_unref(bus);
}
