/*
 * evidence_bench.c — the evidence recorder's costs.
 *   evidence_bench workload        a store-heavy workload (objects created,
 *                                  appended, cached, registered, captured,
 *                                  removed); prints its seconds.  Run it with
 *                                  and without LINGER_DB (run_evidence_bench.sh).
 *   evidence_bench rows DB N       writes N evidence rows and N/100 findings in
 *                                  one transaction, then runs the confirmation
 *                                  query over them; prints both times.
 */
#include "lgdb.h"
#include <linger/linger.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static lg_object *echo(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

static double workload(void)
{
    double t0 = now();
    lg_object *list = lg_list(), *dict = lg_dict(), *lru = lg_lru(1000), *em = lg_emitter();
    for (long round = 0; round < 20; round++) {
        for (long i = 0; i < 50000; i++) {
            lg_object *k = lg_int(1000 + i);
            lg_object *v = lg_str("value");
            lg_list_append(list, v);
            lg_dict_set(dict, k, v);
            lg_lru_put(lru, k, v);
            if (i % 100 == 0) {
                lg_object *c = lg_closure(echo, 1, v);
                lg_emitter_on(em, c);
                lg_emitter_off(em, c);
                lg_release(c);
            }
            lg_release(k);
            lg_release(v);
        }
        lg_list_clear(list);
        lg_dict_clear(dict);
    }
    lg_release(list);
    lg_release(dict);
    lg_release(lru);
    lg_release(em);
    return now() - t0;
}

static int count(const lg_db_finding_row *r, void *arg)
{
    (void)r;
    (*(long *)arg)++;
    return 0;
}

static int rows(const char *path, long n)
{
    char err[600];
    lg_db *db;
    if (lg_db_open(path, 0, &db, err, sizeof err) < 0) {
        fprintf(stderr, "evidence_bench: %s\n", err);
        return 2;
    }
    lg_db_run run = { "runtime", "evidence_bench", "0", NULL, 0, "/bench", 1 };
    int64_t id = lg_db_begin_run(db, &run);
    lg_db_evidence *e = calloc((size_t)n, sizeof *e);
    char (*paths)[32] = calloc(1000, sizeof *paths);
    for (int i = 0; i < 1000; i++)
        snprintf(paths[i], sizeof paths[i], "src/file%03d.c", i);
    for (long i = 0; i < n; i++) {
        e[i].kind = i % 3 == 0 ? "kept_alive" : i % 3 == 1 ? "growth" : "live_at_exit";
        e[i].site_path = paths[i % 1000];
        e[i].site_line = (int)(i / 1000) + 1;
        e[i].count = i % 50 + 1;
        e[i].bytes = (i % 50 + 1) * 100;
        e[i].inserts = e[i].peak_len = i % 100;
        e[i].capture_index = -1;
    }
    double t0 = now();
    int rc = lg_db_replace_evidence(db, id, "/bench", e, (size_t)n);
    double t_write = now() - t0;
    long nf = n / 100;
    lg_db_finding *f = calloc((size_t)nf, sizeof *f);
    char (*fps)[24] = calloc((size_t)nf, sizeof *fps);
    for (long i = 0; i < nf && rc == 0; i++) {
        snprintf(fps[i], sizeof fps[i], "fp%ld", i);
        f[i] = (lg_db_finding){ i % 2 ? "listener-strong-ref" : "unbounded-cache",
                                "/proj/src/file000.c", "fn", "place", "message", "warning",
                                fps[i], (int)(i % (n / 1000)) + 1, 5, -1, 0 };
    }
    int64_t st = lg_db_begin_run(db, &(lg_db_run){ "static", "bench", "0", NULL, 0, "/", 1 });
    if (rc == 0)
        rc = lg_db_replace_findings(db, st, "/proj/src/file000.c", f, (size_t)nf);
    t0 = now();
    long confirmed = 0;
    if (rc == 0)
        rc = lg_db_each_finding(db, NULL, 1, count, &confirmed);
    double t_query = now() - t0;
    if (rc < 0)
        fprintf(stderr, "evidence_bench: %s\n", lg_db_errmsg(db));
    printf("write %ld evidence rows: %.3f s (%.0f rows/s)\n", n, t_write, (double)n / t_write);
    printf("confirm %ld findings against them: %.3f s (%ld confirmed)\n", nf, t_query, confirmed);
    free(e);
    free(paths);
    free(f);
    free(fps);
    lg_db_close(db);
    return rc < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "workload") == 0) {
        double best = 1e9;
        for (int i = 0; i < 3; i++) {
            double t = workload();
            if (t < best)
                best = t;
        }
        printf("%.4f\n", best);
        return 0;
    }
    if (argc >= 4 && strcmp(argv[1], "rows") == 0)
        return rows(argv[2], atol(argv[3]));
    fprintf(stderr, "usage: evidence_bench workload | evidence_bench rows DB N\n");
    return 2;
}
