/*
 * fuzz_runtime.c — libFuzzer harness for the runtime: the input is an
 * operation sequence (rt_ops.h, the extended set: containers, weak
 * references and finalizers, emitters, closures, LRU caches, weak sets and
 * dicts, collections), run under AddressSanitizer + UBSan.  Whatever it
 * made is released and collected at its end, after which no object may be
 * left alive and nothing may sit in the collector's garbage list.
 */
#include "rt_ops.h"
#include <linger/linger.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t base = lg_live_objects();
    rt_run(data, size, NULL, 1);
    if (lg_live_objects() != base)
        abort();                        /* a leak, or an object freed twice over */
    if (lg_list_len(lg_gc_garbage()) != 0)
        abort();                        /* every built-in type can be cleared */
    return 0;
}
