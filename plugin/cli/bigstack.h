/*
 * bigstack.h — running a parse on a thread with a large stack.  libclang
 * and the walk over its AST recurse once per nesting level: 10,000 unary
 * minuses, a 100,000-term sum or 3,000 nested calls overflow the 8 MB a
 * thread usually has (and libclang's crash recovery cannot catch a stack
 * overflow).  linger-analyze tells libclang to parse on the calling thread
 * (LIBCLANG_NOTHREADS) and calls it from threads with LG_BIG_STACK bytes.
 */
#ifndef LINGER_BIGSTACK_H
#define LINGER_BIGSTACK_H

#include <pthread.h>
#include <stddef.h>

#define LG_BIG_STACK ((size_t)1 << 30)   /* virtual: pages are touched only as used */

/* Thread attributes with the big stack (a default stack when it cannot be had). */
void lg_big_stack_attr(pthread_attr_t *attr);
/* Runs fn(arg) on a thread with the big stack and waits for it (inline when
 * no thread can be made). */
void lg_on_big_stack(void (*fn)(void *arg), void *arg);

/* Runs fn(arg) on the calling thread and restores its alternate signal
 * stack afterwards (libclang's may replace it; see bigstack.c). */
void lg_keeping_sigaltstack(void (*fn)(void *arg), void *arg);

#endif /* LINGER_BIGSTACK_H */
