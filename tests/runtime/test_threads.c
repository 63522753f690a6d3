/*
 * test_threads.c — the runtime lock: threads that hold it can share objects.
 */
#include "helpers.h"
#include <pthread.h>

TestSuite(threads, .fini = leak_gate);

static lg_object *shared;

static void *worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < 20000; i++) {
        lg_lock();
        lg_object *x = lg_int(1000 + i);
        lg_list_append(shared, x);
        lg_release(x);
        lg_object *y = lg_list_pop(shared, 0);
        lg_release(y);
        lg_retain(shared);
        lg_release(shared);
        lg_unlock();
    }
    return NULL;
}

Test(threads, lock_serialises_the_api)
{
    pthread_t t[4];
    shared = lg_list();
    for (int i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, worker, NULL);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    cr_assert_eq(lg_list_len(shared), 0);
    cr_assert_eq(lg_refcount(shared), 1);
    lg_release(shared);
}

Test(threads, lock_is_recursive)
{
    lg_lock();
    lg_lock();
    lg_object *x = lg_list();
    lg_unlock();
    lg_release(x);
    lg_unlock();
    cr_assert_eq(lg_live_objects(), 0);
}
