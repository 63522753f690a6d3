/*
 * consumer.c — a user's program, written only against the contract, built
 * against an installed liblinger-rt through pkg-config and through CMake's
 * find_package(linger).  It exits 0 when the API behaves as the spec says.
 */
#include <linger/linger.h>
#include <stdio.h>

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "consumer: failed: %s\n", #c); return 1; } } while (0)

static lg_object *echo(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

int main(void)
{
    lg_object *em = lg_emitter(), *l = lg_closure(echo, 0), *x = lg_int(7);
    CHECK(lg_emitter_on(em, l) == 0 && lg_refcount(l) == 2);
    CHECK(lg_emitter_emit(em, x) == 1);
    CHECK(lg_emitter_off(em, l) == 0 && lg_refcount(l) == 1);
    lg_object *d = lg_dict();
    CHECK(lg_dict_set(d, x, l) == 0 && lg_dict_get(d, x) == l);
    lg_dict_set(d, l, d);                      /* a cycle through the dict */
    lg_release(d);
    CHECK(lg_gc_collect(-1) == 1);
    lg_release(l); lg_release(x); lg_release(em);
    CHECK(lg_live_objects() == 0);
    puts("consumer: ok");
    return 0;
}
