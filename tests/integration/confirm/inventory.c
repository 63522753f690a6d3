/*
 * inventory.c — a program written only against the object API, with one of
 * each leak pattern (and some code that must not be flagged).  Used by
 * check_confirm.sh: compiled with a relative __FILE__, run from elsewhere.
 */
#include <linger/linger.h>
#include <stdio.h>

struct service {
    lg_object *on_update;    /* emitter: listeners are never removed */
    lg_object *price_cache;  /* dict: never evicted */
    lg_object *recent;       /* lru: bounded, fine */
};

static struct service svc;
static lg_object *report_cb;

static lg_object *notify(lg_object *self, lg_object *arg)
{
    lg_object *state = lg_closure_capture(self, 0);
    (void)state;
    return lg_retain(arg);
}

static lg_object *summarise(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}

void subscribe(lg_object *listener)
{
    lg_emitter_on(svc.on_update, listener);
}

lg_object *price_of(long sku)
{
    lg_object *key = lg_int(sku);
    lg_object *hit = lg_dict_get(svc.price_cache, key);
    if (hit == NULL) {
        lg_object *quote = lg_buffer(512);
        lg_dict_set(svc.price_cache, key, quote);
        lg_release(quote);
        hit = lg_dict_get(svc.price_cache, key);
    }
    lg_lru_put(svc.recent, key, hit);
    lg_release(key);
    return hit;
}

void make_report(void)
{
    lg_object *raw = lg_buffer(1000000);
    lg_object *total = lg_int(4242);
    lg_release(report_cb);
    report_cb = lg_closure(summarise, 2, total, raw);
    lg_release(total);
    lg_release(raw);
}

static long count_skus(void)
{
    lg_object *seen = lg_list();
    for (long i = 0; i < 10; i++) {
        lg_object *x = lg_int(i);
        lg_list_append(seen, x);
        lg_release(x);
    }
    long n = (long)lg_list_len(seen);
    lg_release(seen);
    return n;
}

int main(void)
{
    svc.on_update = lg_emitter();
    svc.price_cache = lg_dict();
    svc.recent = lg_lru(16);
    for (int c = 0; c < 200; c++) {
        lg_object *state = lg_buffer(2048);
        lg_object *client = lg_closure(notify, 1, state);
        subscribe(client);
        lg_release(client);
        lg_release(state);
    }
    for (long sku = 0; sku < 500; sku++)
        price_of(1000 + sku);
    for (int r = 0; r < 3; r++)
        make_report();
    lg_object *ev = lg_str("update");
    int called = lg_emitter_emit(svc.on_update, ev);
    lg_release(ev);
    printf("inventory: %d listeners called, %zu prices cached, %ld skus counted\n", called,
           lg_dict_len(svc.price_cache), count_skus());
    return 0;
}
