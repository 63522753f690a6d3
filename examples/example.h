/*
 * example.h — what every example prints: live objects and traced bytes, so
 * each bad/good pair shows its difference in numbers.
 */
#ifndef LINGER_EXAMPLE_H
#define LINGER_EXAMPLE_H

#include <linger/linger.h>
#include <stdio.h>

static inline void example_report(const char *name, const char *what)
{
    size_t cur, peak;
    lg_trace_memory(&cur, &peak);
    printf("%-22s %-48s live objects: %6zu   traced: %9zu bytes (peak %zu)\n",
           name, what, lg_live_objects(), cur, peak);
}

#endif
