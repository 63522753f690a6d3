/*
 * rt_replay.c — replays operation sequences (rt_ops.h) and prints their
 * transcripts, for rt_twin.py to compare with CPython's.  Input: the files
 * named, or standard input, each a stream of records — a 4-byte
 * little-endian length, then that many bytes of sequence.  Output: for each
 * record "=== N" and its transcript.  After each one the runtime must have
 * no object left alive: exit 1 when it has.
 */
#include "rt_ops.h"
#include <linger/linger.h>
#include <stdio.h>
#include <stdlib.h>

static int replay(FILE *in, size_t *n)
{
    unsigned char hdr[4];
    size_t base = lg_live_objects();
    while (fread(hdr, 1, 4, in) == 4) {
        size_t len = (size_t)hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16
                     | (size_t)hdr[3] << 24;
        if (len > (1u << 20)) {
            fprintf(stderr, "rt_replay: record %zu: length %zu is too long\n", *n, len);
            return 2;
        }
        unsigned char *buf = malloc(len ? len : 1);
        if (buf == NULL || fread(buf, 1, len, in) != len) {
            fprintf(stderr, "rt_replay: record %zu: truncated\n", *n);
            free(buf);
            return 2;
        }
        printf("=== %zu\n", (*n)++);
        rt_run(buf, len, stdout, 0);
        free(buf);
        if (lg_live_objects() != base) {
            fprintf(stderr, "rt_replay: record %zu left %zu objects alive\n", *n - 1,
                    lg_live_objects() - base);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    size_t n = 0;
    if (argc < 2)
        return replay(stdin, &n);
    for (int i = 1; i < argc; i++) {
        FILE *in = fopen(argv[i], "rb");
        if (in == NULL) {
            fprintf(stderr, "rt_replay: cannot open %s\n", argv[i]);
            return 2;
        }
        int rc = replay(in, &n);
        fclose(in);
        if (rc != 0)
            return rc;
    }
    return 0;
}
