/*
 * rt_ops.h — the runtime operation-sequence interpreter shared by the
 * libFuzzer harness (fuzz_runtime.c) and the differential replayer
 * (rt_replay.c, compared with CPython by rt_twin.py).
 *
 * A sequence is read 4 bytes per operation: op, a, b, c.  It works on 8
 * object slots (each a strong reference or empty) and 8 weak-reference
 * slots.  What it observes is written as transcript lines (see rt_ops.c);
 * rt_twin.py decodes the same bytes the same way, so both transcripts must
 * be equal line for line.
 */
#ifndef LINGER_RT_OPS_H
#define LINGER_RT_OPS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Runs the sequence data[0, size).  Transcript lines go to out (NULL: none);
 * extended (the fuzzer) adds operations CPython has no twin for (emitters,
 * closures, LRU caches, weak sets and dicts).  Everything it made is
 * released and collected before it returns. */
void rt_run(const uint8_t *data, size_t size, FILE *out, int extended);

#endif
