/*
 * sidecar.c — see sidecar.h; and `linger ingest`.  The format:
 *
 *   {"format": "linger-sidecar", "version": 1,
 *    "units": [{"path": "src/a.c", "summary": "<the unit's summary, as text>"}, ...]}
 *
 * the translation unit first, then the headers.  Paths are as the compile
 * named its files (relative to where it ran — Bazel's execution root is the
 * workspace's layout), so `linger ingest` run from the workspace finds them.
 * A sidecar that cannot be read is reported and the others still ingested.
 */
#include "sidecar.h"
#include "linger_cli.h"
#include "output.h"
#include "summary.h"
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lg_sidecar_path(const char *spec, char *const *argv, int argc, const char *src, char *out,
                    size_t size, char *err, size_t errsz)
{
    if (strcmp(spec, "1") == 0) {
        const char *o = NULL;
        for (int i = 1; i < argc; i++) {
            if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
                o = argv[++i];
            else if (strncmp(argv[i], "-o", 2) == 0 && argv[i][2] != 0)
                o = argv[i] + 2;
        }
        if (o == NULL) {
            snprintf(err, errsz, "the compile names no -o output to put the sidecar beside");
            return -1;
        }
        snprintf(out, size, "%s.linger", o);
        return 0;
    }
    const char *base = strrchr(src, '/') ? strrchr(src, '/') + 1 : src;
    snprintf(out, size, "%s/%s.%08zx.linger", spec, base, lgf_str_hash(src) & 0xffffffffu);
    return 0;
}

int lg_sidecar_write(const char *path, const lg_index_unit *u, size_t n, char *err,
                     size_t errsz)
{
    json_t *units = json_array();
    for (size_t i = 0; units != NULL && i < n; i++) {
        char *text = lgf_summary_write(u[i].facts, u[i].src, u[i].len);
        json_t *o = text ? json_pack("{s:s, s:s}", "path", u[i].path, "summary", text) : NULL;
        free(text);
        if (o == NULL || json_array_append_new(units, o) < 0) {
            json_decref(units);
            units = NULL;
        }
    }
    json_t *root = units ? json_pack("{s:s, s:i, s:o}", "format", "linger-sidecar", "version",
                                     LG_SIDECAR_VERSION, "units", units) : NULL;
    char tmp[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int rc = root != NULL && json_dump_file(root, tmp, JSON_COMPACT) == 0 ? 0 : -1;
    json_decref(root);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc < 0) {
        snprintf(err, errsz, "cannot write the sidecar %s: %s", path,
                 root == NULL ? "out of memory" : strerror(errno));
        unlink(tmp);
    }
    return rc;
}

/* ---- linger ingest */

static const char usage[] =
    "usage: linger ingest [--db PATH] [--quiet] SIDECAR...\n"
    "\n"
    "Stores the summaries compiles wrote beside their outputs (LINGER_SIDECAR,\n"
    "docs/distributed.md: builds whose compiles run on other machines) in the\n"
    "findings database (--db, else $LINGER_DB, else ./linger.db), each compile's\n"
    "units judged with the project index as a local compile would be, and prints\n"
    "their findings.  Run it where the compiles' relative paths resolve (the\n"
    "workspace).\n"
    "\n"
    "exit status: 0 no findings, 1 findings, 2 an error (the other sidecars are\n"
    "still ingested)\n";

void lg_sidecar_free(lg_sidecar *s)
{
    for (size_t i = 0; i < s->n; i++) {
        lgf_free(&s->facts[i]);
        free(s->supp[i]);
    }
    free(s->u);
    free(s->facts);
    free(s->supp);
    memset(s, 0, sizeof *s);
}

/* The checks of the sidecar's head; 0, or -1 with err. */
static int check_head(json_t *root, const char *name, char *err, size_t errsz)
{
    json_t *fmt = json_object_get(root, "format"), *ver = json_object_get(root, "version");
    json_t *units = json_object_get(root, "units");
    if (!json_is_string(fmt) || strcmp(json_string_value(fmt), "linger-sidecar") != 0)
        snprintf(err, errsz, "%s: not a linger sidecar (no \"format\": \"linger-sidecar\")", name);
    else if (!json_is_integer(ver) || json_integer_value(ver) < 1)
        snprintf(err, errsz, "%s: no valid version", name);
    else if (json_integer_value(ver) > LG_SIDECAR_VERSION)
        snprintf(err, errsz, "%s: the sidecar has format version %lld, newer than this linger "
                 "reads (%d): upgrade linger", name, (long long)json_integer_value(ver),
                 LG_SIDECAR_VERSION);
    else if (!json_is_array(units) || json_array_size(units) == 0)
        snprintf(err, errsz, "%s: \"units\" is not a list of units", name);
    else
        return 0;
    return -1;
}

int lg_sidecar_parse(const char *text, size_t len, const char *name, const lgm_set *models,
                     lg_sidecar *s, char *err, size_t errsz)
{
    memset(s, 0, sizeof *s);
    json_error_t je;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL) {
        snprintf(err, errsz, "%s: not a linger sidecar (%s)", name, je.text);
        return -1;
    }
    int rc = check_head(root, name, err, errsz);
    json_t *units = json_object_get(root, "units");
    size_t n = rc == 0 ? json_array_size(units) : 0;
    s->u = calloc(n + 1, sizeof *s->u);
    s->facts = calloc(n + 1, sizeof *s->facts);
    s->supp = calloc(n + 1, sizeof *s->supp);
    if (rc == 0 && (s->u == NULL || s->facts == NULL || s->supp == NULL)) {
        snprintf(err, errsz, "%s: out of memory", name);
        rc = -1;
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        json_t *e = json_array_get(units, i);
        json_t *p = json_object_get(e, "path"), *sum = json_object_get(e, "summary");
        char why[512];
        if (!json_is_string(p) || !json_is_string(sum)) {
            snprintf(err, errsz, "%s: units[%zu] needs a \"path\" and a \"summary\"", name, i);
            rc = -1;
            break;
        }
        s->n++;
        if (lgf_summary_read(json_string_value(sum), json_string_length(sum), models,
                             &s->facts[i], why, sizeof why) < 0) {
            snprintf(err, errsz, "%s: the summary of %s: %s", name, json_string_value(p), why);
            rc = -1;
            break;
        }
        /* the unit's path as the compile named it (the sidecar's: a summary
         * may name none), copied where it lives as long as the facts */
        const char *unit = lgf_strdup(&s->facts[i], json_string_value(p));
        if (unit == NULL) {
            snprintf(err, errsz, "%s: out of memory", name);
            rc = -1;
            break;
        }
        if (s->facts[i].path == NULL)
            s->facts[i].path = unit;
        size_t slen = 0;
        s->supp[i] = lgf_summary_suppressions(&s->facts[i], &slen);
        s->u[i] = (lg_index_unit){ unit, &s->facts[i], s->supp[i], slen };
    }
    json_decref(root);
    if (rc < 0)
        lg_sidecar_free(s);
    return rc;
}

/* Prints u's findings as linger-cc does, with source lines when the file is here. */
static void print(const lg_index_unit *u, lg_findings *found)
{
    lg_analysis a;
    memset(&a, 0, sizeof a);
    a.path = (char *)(uintptr_t)u->path;
    a.parse.source = lg_cli_read_file(u->path, &a.parse.source_len);
    a.findings = *found;
    lg_output_clang(stdout, &a);
    free(a.parse.source);
}

static int ingest_one(const char *db, const char *path, const lgm_set *models, int argc,
                      char **argv, size_t *found)
{
    char err[1024];
    lg_sidecar s;
    size_t len = 0;
    char *text = lg_cli_read_file(path, &len);
    int rc = text != NULL ? lg_sidecar_parse(text, len, path, models, &s, err, sizeof err) : -1;
    if (text == NULL)
        snprintf(err, sizeof err, "%s: not a linger sidecar (%s)", path,
                 errno == ENOENT ? "no such file" : strerror(errno));
    free(text);
    if (rc < 0) {
        fprintf(stderr, "linger: error: %s\n", err);
        return -1;
    }
    lg_findings *out = calloc(s.n, sizeof *out);
    lg_index_report rep;
    rc = out != NULL ? lg_index_compile(db, "linger ingest", argc, argv, s.u, s.n, models,
                                            NULL, out, &rep, err, sizeof err) : -1;
    if (out == NULL)
        snprintf(err, sizeof err, "out of memory");
    if (rc < 0)
        fprintf(stderr, "linger: error: %s: not stored: %s\n", path, err);
    if (out != NULL && rep.notes != NULL)
        fprintf(stderr, "linger: note: %s", rep.notes);
    if (out != NULL)
        lg_index_report_free(&rep);
    for (size_t i = 0; out != NULL && i < s.n; i++) {
        if (rc == 0)
            print(&s.u[i], &out[i]);
        *found += out[i].n;
        lg_findings_free(&out[i]);
    }
    free(out);
    lg_sidecar_free(&s);
    return rc;
}

int lg_ingest_main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "db", required_argument, NULL, 'd' }, { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
    };
    const char *dbopt = NULL;
    int quiet = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
        switch (c) {
        case 'd': dbopt = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage, stdout); return LG_EXIT_OK;
        default: return lg_cli_bad_option("ingest", argv);
        }
    }
    if (optind >= argc)
        return lg_cli_usage("ingest", "needs at least one SIDECAR", "");
    char cwd[PATH_MAX], merr[1024];
    lgm_set *models = lgm_set_standard(0, NULL, 0, getcwd(cwd, sizeof cwd) ? cwd : NULL, merr,
                                       sizeof merr);
    if (models == NULL) {
        fprintf(stderr, "linger: error: %s\n", merr);
        return LG_EXIT_ERROR;
    }
    const char *db = lg_cli_default_db(dbopt);
    int status = LG_EXIT_OK;
    size_t found = 0, ok = 0;
    for (int i = optind; i < argc; i++) {
        if (ingest_one(db, argv[i], models, argc, argv, &found) < 0)
            status = LG_EXIT_ERROR;
        else
            ok++;
    }
    if (!quiet)
        fprintf(stderr, "linger: %zu of %d sidecars ingested into %s, %zu findings\n", ok,
                argc - optind, db, found);
    lgm_set_free(models);
    return status == LG_EXIT_ERROR ? LG_EXIT_ERROR : found ? LG_EXIT_FINDINGS : LG_EXIT_OK;
}
