/*
 * app.c — a program for the gating test (check_gating.py): one real leak of
 * each kind the runtime can prove, and three look-alikes it must not confirm.
 *   - a global emitter that keeps 300 handlers registered (a leak);
 *   - per-window emitters released with their windows (teardown, no leak);
 *   - a config table of 12 fixed keys overwritten every tick (no leak);
 *   - closures made through a function-pointer variable, whose big capture
 *     is never read when they run: the checker cannot see the function, the
 *     runtime can (while handlers that are never called prove nothing).
 */
#include <linger/linger.h>
#include <stdio.h>
#include <stdlib.h>

static struct app {
    lg_object *events;      /* application-wide emitter */
    lg_object *config;      /* 12 settings, rewritten every tick */
} app;

typedef struct {
    lg_object *events;      /* this window's own emitter */
} window;

static lg_object *on_event(lg_object *self, lg_object *arg)
{
    lg_object *state = lg_closure_capture(self, 0);
    (void)state;
    return lg_retain(arg);
}

static lg_object *on_close(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

static lg_object *ignores_its_capture(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

static void subscribe(void)
{
    lg_object *state = lg_buffer(2048);
    lg_object *h = lg_closure(on_event, 1, state);
    lg_emitter_on(app.events, h);
    lg_release(h);
    lg_release(state);
}

static void open_and_close_window(void)
{
    window *w = calloc(1, sizeof *w);
    w->events = lg_emitter();
    lg_object *h = lg_closure(on_close, 0);
    lg_emitter_on(w->events, h);
    lg_release(h);
    lg_emitter_emit(w->events, NULL);
    lg_release(w->events);
    free(w);
}

static void tick(int t)
{
    for (int k = 0; k < 12; k++) {
        lg_object *key = lg_int(k), *value = lg_int(100000 + t);
        lg_dict_set(app.config, key, value);
        lg_release(key);
        lg_release(value);
    }
}

static lg_object *kept[4];

int main(void)
{
    app.events = lg_emitter();
    app.config = lg_dict();
    for (int i = 0; i < 100; i++)
        open_and_close_window();
    for (int i = 0; i < 300; i++)
        subscribe();
    for (int t = 0; t < 500; t++)
        tick(t);
    lg_fn pick = ignores_its_capture;
    for (int i = 0; i < 4; i++) {
        lg_object *big = lg_buffer(1 << 20);
        kept[i] = lg_closure(pick, 1, big);
        lg_release(big);
        lg_release(lg_call(kept[i], NULL));
    }
    printf("%zu handlers\n", lg_emitter_count(app.events));
    return 0;
}
