/*
 * bigstack.c — parses on threads with a large stack (see bigstack.h).
 */
#include "bigstack.h"

void lg_big_stack_attr(pthread_attr_t *attr)
{
    pthread_attr_init(attr);
    if (pthread_attr_setstacksize(attr, LG_BIG_STACK) != 0)
        pthread_attr_setstacksize(attr, (size_t)64 << 20);
}

typedef struct {
    void (*fn)(void *arg);
    void *arg;
} job;

static void *trampoline(void *p)
{
    job *j = p;
    j->fn(j->arg);
    return NULL;
}

void lg_on_big_stack(void (*fn)(void *arg), void *arg)
{
    pthread_attr_t attr;
    pthread_t t;
    job j = { fn, arg };
    lg_big_stack_attr(&attr);
    int made = pthread_create(&t, &attr, trampoline, &j) == 0;
    pthread_attr_destroy(&attr);
    if (made)
        pthread_join(t, NULL);
    else
        fn(arg);
}
