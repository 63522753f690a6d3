/*
 * fuzz_db.c — libFuzzer harness for findings databases written by other
 * machines (db/: lgdb.c, dbfile.c, merge.c).  An input starting with '{' is
 * a `linger export` text, imported (lg_db_import) into a fresh database;
 * any other input is the bytes of a database file: opened read-only and
 * read through every reader (findings with their summaries, runtime-only
 * leaks, evidence), then merged (lg_db_merge) into a fresh database.  Every
 * call returns 0, or -1 with a message; and whatever an import or a merge
 * did, the database it wrote to must still open and read.
 */
#include "lgdb.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];           /* scratch: in.db (the input), out.db (the target) */
static char in_path[96], out_path[96];
static unsigned char *fresh;   /* a fresh database's bytes: each run's target starts as it */
static size_t nfresh;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    setenv("LINGER_DB_NO_SETTLE", "1", 1);   /* nobody checkpoints these files */
    snprintf(dir, sizeof dir, "%s/linger-fuzz-db-XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");   /* memory: no disk syncs */
    if (mkdtemp(dir) == NULL)
        abort();
    snprintf(in_path, sizeof in_path, "%s/in.db", dir);
    snprintf(out_path, sizeof out_path, "%s/out.db", dir);
    lg_db *db;                            /* made once: creating the schema is most of a run */
    char err[512];
    if (lg_db_open(out_path, 0, &db, err, sizeof err) != 0)
        abort();                          /* a fresh database always opens */
    lg_db_close(db);
    FILE *f = fopen(out_path, "rb");
    if (f == NULL)
        abort();
    fresh = malloc(1 << 20);
    nfresh = fresh ? fread(fresh, 1, 1 << 20, f) : 0;
    fclose(f);
    if (nfresh == 0)
        abort();
    return 0;
}

static void remove_db(const char *path)
{
    char p[128];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-journal", path);
    unlink(p);
}

static int on_finding(const lg_db_finding_row *row, void *arg)
{
    char buf[256];
    (void)arg;
    lg_db_summary(row, buf, sizeof buf);
    if (row->ev_bytes != 0)
        lg_db_bytes(row->ev_bytes, buf, sizeof buf);
    return 0;
}

static int on_evidence(const lg_db_evidence_row *row, void *arg)
{
    char buf[64];
    (void)arg;
    lg_db_bytes(row->bytes, buf, sizeof buf);
    return 0;
}

/* -1 and a message, or 0: nothing else is an answer. */
static void answered(lg_db *db, int rc)
{
    if (rc != 0 && (rc != -1 || lg_db_errmsg(db) == NULL || *lg_db_errmsg(db) == 0))
        abort();
}

static void read_all(lg_db *db)
{
    answered(db, lg_db_each_finding(db, NULL, -1, on_finding, NULL));
    answered(db, lg_db_each_runtime_only(db, on_finding, NULL));
    answered(db, lg_db_each_evidence(db, on_evidence, NULL));
}

/* The target of an import or a merge still opens and reads. */
static void target_intact(void)
{
    lg_db *db;
    char err[512];
    if (lg_db_open(out_path, LG_DB_READONLY, &db, err, sizeof err) != 0)
        abort();
    if (lg_db_each_finding(db, NULL, -1, on_finding, NULL) != 0
        || lg_db_each_evidence(db, on_evidence, NULL) != 0)
        abort();
    lg_db_close(db);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[512];
    lg_db *db, *out;
    remove_db(in_path);
    remove_db(out_path);
    FILE *t = fopen(out_path, "wb");
    if (t == NULL || fwrite(fresh, 1, nfresh, t) != nfresh)
        abort();
    fclose(t);
    if (lg_db_open(out_path, 0, &out, err, sizeof err) != 0)
        abort();                          /* a fresh database always opens */
    if (size > 0 && data[0] == '{') {
        char *text = malloc(size + 1);
        if (text == NULL)
            abort();
        memcpy(text, data, size);
        text[size] = 0;
        lg_db_merge_stats st;
        answered(out, lg_db_import(out, text, "fuzz.json", &st));
        free(text);
    } else {
        FILE *f = fopen(in_path, "wb");
        if (f == NULL || (size > 0 && fwrite(data, 1, size, f) != size))
            abort();
        fclose(f);
        if (lg_db_open(in_path, LG_DB_READONLY, &db, err, sizeof err) == 0) {
            read_all(db);
            lg_db_close(db);
        } else if (err[0] == 0) {
            abort();                      /* refused without a reason */
        }
        lg_db_merge_stats st;
        answered(out, lg_db_merge(out, in_path, &st));
    }
    lg_db_close(out);
    target_intact();
    return 0;
}
