/*
 * mergecmd.c — the database's upkeep from the command line: a team's
 * databases brought together (`linger merge OUT IN...`, `linger export` /
 * `linger import` of the portable JSON form for machines that cannot share a
 * file) and `linger prune`.  The work itself is db/merge.c and db/prune.c;
 * this is options, messages and files.  Each input is merged in
 * its own transaction: a bad input is reported and the others still merged.
 */
#include "linger_cli.h"
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char merge_usage[] =
    "usage: linger merge [--quiet] OUT.db IN.db...\n"
    "\n"
    "Merges findings databases (from other machines, CI jobs, users) into OUT.db,\n"
    "created when absent.  The inputs are only read.  Runs keep their identity,\n"
    "so merging the same input twice changes nothing; a unit's findings are\n"
    "those of the latest run that analysed it; first-seen times are the earliest.\n"
    "\n"
    "exit status: 0 every input merged, 2 an error (the other inputs are still merged)\n";

static const char export_usage[] =
    "usage: linger export [--db PATH] [-o FILE]\n"
    "\n"
    "Writes the whole findings database as one JSON object (format\n"
    "\"linger-export\", version 1) to FILE or stdout, for 'linger import' on a\n"
    "machine that cannot share the file.\n";

static const char import_usage[] =
    "usage: linger import [--db PATH] [--quiet] FILE...\n"
    "\n"
    "Merges 'linger export' files into the findings database (--db, else\n"
    "$LINGER_DB, else ./linger.db; created when absent), as 'linger merge' does.\n"
    "\n"
    "exit status: 0 every file imported, 2 an error (the other files are still imported)\n";

typedef struct {
    const char *db;   /* --db */
    const char *out;  /* -o */
    int quiet;        /* --quiet */
    int first;        /* index in argv of the first operand */
} merge_opts;

/* 0, 1 after --help, or an exit status. */
static int parse(const char *cmd, const char *usage, int argc, char **argv, merge_opts *o)
{
    static const struct option longs[] = {
        { "db", required_argument, NULL, 'd' }, { "output", required_argument, NULL, 'o' },
        { "quiet", no_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 } };
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "ho:q", longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(usage, stdout);
            return 1;
        } else if (c == 'd' && strcmp(cmd, "merge") != 0 && *optarg) {
            o->db = optarg;
        } else if (c == 'o' && strcmp(cmd, "export") == 0 && *optarg) {
            o->out = optarg;
        } else if (c == 'q' && strcmp(cmd, "export") != 0) {
            o->quiet = 1;
        } else if (c == '?') {
            return lg_cli_bad_option(cmd, argv - 1);
        } else {
            return lg_cli_usage(cmd, "an option that does not apply here, or an empty value", "");
        }
    }
    o->first = optind - 1;
    return 0;
}

static lg_db *open_writing(const char *path)
{
    char abs[PATH_MAX], err[PATH_MAX + 1100];
    lg_db *db;
    lg_workdir_absolute(path, abs, sizeof abs);
    if (lg_db_open(abs, 0, &db, err, sizeof err) < 0) {
        fprintf(stderr, "linger: error: %s\n", err);
        return NULL;
    }
    if (lg_store_declare_rules(db) < 0) {   /* what it gains is matched by them */
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
        lg_db_close(db);
        return NULL;
    }
    return db;
}

static void report(int quiet, const char *verb, const char *in, const lg_db_merge_stats *s)
{
    if (!quiet)
        fprintf(stderr, "linger: %s %s: %lld run%s added, %lld unit%s taken, %lld evidence row%s\n",
                verb, in, (long long)s->runs, s->runs == 1 ? "" : "s", (long long)s->units,
                s->units == 1 ? "" : "s", (long long)s->evidence, s->evidence == 1 ? "" : "s");
}

int lg_merge_main(int argc, char **argv)
{
    merge_opts o = { 0 };
    int rc = parse("merge", merge_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    if (argc - o.first < 2)
        return lg_cli_usage("merge", "needs OUT.db and at least one IN.db", "");
    lg_db *db = open_writing(argv[o.first]);
    if (db == NULL)
        return LG_EXIT_ERROR;
    int status = LG_EXIT_OK;
    for (int i = o.first + 1; i < argc; i++) {
        char abs[PATH_MAX];
        lg_db_merge_stats s;
        lg_workdir_absolute(argv[i], abs, sizeof abs);
        if (lg_db_merge(db, abs, &s) < 0) {
            fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
            status = LG_EXIT_ERROR;
        } else {
            report(o.quiet, "merged", argv[i], &s);
        }
    }
    lg_db_close(db);
    return status;
}

int lg_export_main(int argc, char **argv)
{
    merge_opts o = { 0 };
    int rc = parse("export", export_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    if (o.first < argc)
        return lg_cli_usage("export", "unexpected argument ", argv[o.first]);
    lg_db *db = lg_cli_open_reading(o.db);
    if (db == NULL)
        return LG_EXIT_ERROR;
    /* to a file: written beside it and renamed, so an error leaves no half file */
    char tmp[PATH_MAX + 16] = "";
    FILE *out = stdout;
    if (o.out != NULL) {
        snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", o.out);
        int fd = mkstemp(tmp);
        out = fd < 0 ? NULL : fdopen(fd, "w");
        if (out == NULL) {
            fprintf(stderr, "linger: error: %s: cannot write (%s)\n", o.out, strerror(errno));
            lg_db_close(db);
            return LG_EXIT_ERROR;
        }
    }
    rc = lg_db_export(db, out);
    if (rc < 0)
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
    if (o.out != NULL) {
        if (fclose(out) != 0 && rc == 0) {
            fprintf(stderr, "linger: error: %s: cannot write (%s)\n", o.out, strerror(errno));
            rc = -1;
        }
        if (rc == 0 && rename(tmp, o.out) != 0) {
            fprintf(stderr, "linger: error: %s: cannot write (%s)\n", o.out, strerror(errno));
            rc = -1;
        }
        if (rc < 0)
            unlink(tmp);
    }
    lg_db_close(db);
    return rc < 0 ? LG_EXIT_ERROR : LG_EXIT_OK;
}

int lg_import_main(int argc, char **argv)
{
    merge_opts o = { 0 };
    int rc = parse("import", import_usage, argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? LG_EXIT_OK : rc;
    if (o.first >= argc)
        return lg_cli_usage("import", "needs at least one exported FILE", "");
    lg_db *db = open_writing(lg_cli_default_db(o.db));
    if (db == NULL)
        return LG_EXIT_ERROR;
    int status = LG_EXIT_OK;
    for (int i = o.first; i < argc; i++) {
        char *text = lg_cli_read_file(argv[i], NULL);
        lg_db_merge_stats s;
        if (text == NULL) {
            fprintf(stderr, "linger: error: %s: cannot read (%s)\n", argv[i], strerror(errno));
            status = LG_EXIT_ERROR;
        } else if (lg_db_import(db, text, argv[i], &s) < 0) {
            fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
            status = LG_EXIT_ERROR;
        } else {
            report(o.quiet, "imported", argv[i], &s);
        }
        free(text);
    }
    lg_db_close(db);
    return status;
}

static const char prune_usage[] =
    "usage: linger prune [--db PATH] [--older-than DAYS] [--missing-files]\n"
    "\n"
    "Removes from the findings database the runtime runs started more than DAYS\n"
    "ago (a number, fractions allowed) with their evidence, and static runs as old\n"
    "that nothing refers to any more; with --missing-files, the findings of files\n"
    "that no longer exist.  The latest findings of every existing file and every\n"
    "first-seen time are kept.  One of the two options is needed.\n"
    "\n"
    "exit status: 0 pruned, 2 an error\n";

int lg_prune_main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "db", required_argument, NULL, 'd' }, { "older-than", required_argument, NULL, 'o' },
        { "missing-files", no_argument, NULL, 'm' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 } };
    const char *dbpath = NULL;
    double days = -1;
    int missing = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "h", longs, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'h': fputs(prune_usage, stdout); return LG_EXIT_OK;
        case 'd':
            if (!*(dbpath = optarg))
                return lg_cli_usage("prune", "--db needs a path", "");
            break;
        case 'o':
            days = strtod(optarg, &end);
            if (end == optarg || *end || !(days >= 0) || days > 1e7)
                return lg_cli_usage("prune", "--older-than needs a number of days >= 0, got: ", optarg);
            break;
        case 'm': missing = 1; break;
        default: return lg_cli_bad_option("prune", argv - 1);
        }
    }
    if (optind < argc + 1)
        return lg_cli_usage("prune", "unexpected argument ", argv[optind - 1]);
    if (days < 0 && !missing)
        return lg_cli_usage("prune", "say what to prune: --older-than DAYS and/or --missing-files", "");
    char abs[PATH_MAX];
    lg_workdir_absolute(lg_cli_default_db(dbpath), abs, sizeof abs);
    if (access(abs, F_OK) != 0) {
        fprintf(stderr, "linger: error: %s: no findings database to prune\n", abs);
        return LG_EXIT_ERROR;
    }
    lg_db *db = open_writing(abs);
    if (db == NULL)
        return LG_EXIT_ERROR;
    lg_db_prune_stats st;
    int rc = lg_db_prune(db, days, missing, &st);
    if (rc < 0)
        fprintf(stderr, "linger: error: %s\n", lg_db_errmsg(db));
    else
        fprintf(stderr, "linger: pruned %lld run%s, %lld evidence row%s, %lld finding%s, %lld unit%s,"
                " %lld summar%s\n", (long long)st.runs, st.runs == 1 ? "" : "s",
                (long long)st.evidence, st.evidence == 1 ? "" : "s", (long long)st.findings,
                st.findings == 1 ? "" : "s", (long long)st.units, st.units == 1 ? "" : "s",
                (long long)st.summaries, st.summaries == 1 ? "y" : "ies");
    lg_db_close(db);
    return rc < 0 ? LG_EXIT_ERROR : LG_EXIT_OK;
}
