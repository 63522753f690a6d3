/*
 * bigstack.c — parses on threads with a large stack (see bigstack.h).
 */
#include "bigstack.h"
#include <signal.h>

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

/* Runs fn(arg) and then puts back the thread's alternate signal stack:
 * LLVM installs one of its own (heap memory) on a thread that parses, and
 * AddressSanitizer's thread teardown would unmap that as if it were its own
 * and abort the process. */
void lg_keeping_sigaltstack(void (*fn)(void *arg), void *arg)
{
    stack_t orig;
    int saved = sigaltstack(NULL, &orig) == 0;
    fn(arg);
    if (saved)
        sigaltstack(&orig, NULL);
}

static void *trampoline(void *p)
{
    job *j = p;
    lg_keeping_sigaltstack(j->fn, j->arg);
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
