/*
 * linger/linger.h — the umbrella header of liblinger-rt, the linger object API:
 * CPython's object model (reference counting, a generational cycle collector,
 * weak references, tracemalloc-style tracing) carried over to C.  The contract
 * is ../shared/spec/object-api.md; the reference is docs/api.md.
 */
#ifndef LINGER_LINGER_H
#define LINGER_LINGER_H

#define LG_VERSION_MAJOR 0
#define LG_VERSION_MINOR 1
#define LG_VERSION_PATCH 0
#define LG_VERSION "0.1.0"

#include "object.h"
#include "containers.h"
#include "weak.h"
#include "patterns.h"
#include "gc.h"

#endif /* LINGER_LINGER_H */
