/*
 * fault_writer.c — a writer for the fault tests (tests/integration/check_faults.py).
 *
 *   fault_writer DB LOG ID   writes units "/w/ID/N" (N = 0, 1, ...) with
 *                            N % 5 + 1 findings each, and evidence, for ever;
 *                            after each commit appends "/w/ID/N K" to LOG
 *   fault_writer --fill DB   writes until the database refuses; prints the
 *                            error; exit 3 when it says the disk is full
 *
 * It is killed at random points: what it logged must be in the database.
 */
#include "lgdb.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_unit(lg_db *db, int64_t run, const char *id, long n, int k)
{
    char unit[128], fps[5][64];
    lg_db_finding f[5];
    snprintf(unit, sizeof unit, "/w/%s/%ld.c", id, n);
    for (int i = 0; i < k; i++) {
        snprintf(fps[i], sizeof fps[i], "%s-%ld-%d", id, n, i);
        f[i] = (lg_db_finding){ "unbounded-cache", unit, "fill", "static cache",
                                "'v' is inserted into the static 'cache' and never removed",
                                "warning", fps[i], i + 1, 5, -1, 0 };
    }
    return lg_db_replace_findings(db, run, unit, f, (size_t)k);
}

static int fill(const char *path)
{
    char err[8192];
    lg_db *db;
    if (lg_db_open(path, 0, &db, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        return strstr(err, "disk is full") ? 3 : 4;
    }
    lg_db_run r = { "static", "fault_writer", "0", NULL, 0, NULL, (long)getpid() };
    int64_t run = lg_db_begin_run(db, &r);
    for (long n = 0; run >= 0; n++) {
        if (write_unit(db, run, "fill", n, 5) < 0)
            break;
    }
    fprintf(stderr, "%s\n", lg_db_errmsg(db));
    int rc = strstr(lg_db_errmsg(db), "disk is full") ? 3 : 4;
    lg_db_close(db);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--fill") == 0)
        return fill(argv[2]);
    if (argc != 4) {
        fprintf(stderr, "usage: fault_writer DB LOG ID | fault_writer --fill DB\n");
        return 2;
    }
    char err[8192];
    lg_db *db;
    if (lg_db_open(argv[1], 0, &db, err, sizeof err) < 0) {
        fprintf(stderr, "fault_writer: %s\n", err);
        return 1;
    }
    int log = open(argv[2], O_WRONLY | O_APPEND | O_CREAT, 0644);
    lg_db_run r = { "runtime", "fault_writer", "0", NULL, 0, "/w", (long)getpid() };
    int64_t run = lg_db_begin_run(db, &r);
    if (log < 0 || run < 0) {
        fprintf(stderr, "fault_writer: %s\n", lg_db_errmsg(db));
        return 1;
    }
    for (long n = 0;; n++) {
        int k = (int)(n % 5) + 1;
        lg_db_evidence e = { .kind = "growth", .site_path = "src/w.c", .site_line = (int)n + 1,
                             .site_function = "fill", .type = "dict", .count = n, .bytes = n * 10,
                             .inserts = n, .peak_len = n, .capture_index = -1 };
        if (write_unit(db, run, argv[3], n, k) < 0 || lg_db_replace_evidence(db, run, "/w", &e, 1) < 0) {
            fprintf(stderr, "fault_writer: %s\n", lg_db_errmsg(db));
            return 1;
        }
        char line[160];
        int len = snprintf(line, sizeof line, "/w/%s/%ld.c %d\n", argv[3], n, k);
        if (write(log, line, (size_t)len) != len)
            return 1;
    }
}
