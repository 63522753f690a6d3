/*
 * explain.c — `linger explain [--db PATH] FILE:LINE | FINGERPRINT`: the
 * finding (or runtime-only leak) at a place, with its confirmation, its
 * evidence and the retention paths recorded for it — who holds what lingers,
 * from the root down, each node with its type, allocation site and size.
 * The story comes from story.c; this file only selects and prints.
 */
#include "linger_cli.h"
#include "output.h"
#include "story.h"
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char explain_usage[] =
    "usage: linger explain [--db PATH] [--format text|json] FILE:LINE | FINGERPRINT\n"
    "\n"
    "Explains the findings at FILE:LINE (FILE as given to check, or any path ending\n"
    "with it), or the finding with FINGERPRINT (or a unique prefix of at least 6\n"
    "characters): the finding, whether the runtime confirmed it, the evidence\n"
    "recorded at its site, and the retention paths — the shortest chains of\n"
    "references from a root (a global, a local, a struct that is not an object)\n"
    "to what lingers, each edge labelled (list[3], dict['k'], emitter listener #2,\n"
    "closure capture 1, a field).  Leaks seen only at run time are explained too.\n"
    "The database is --db, else $LINGER_DB, else ./linger.db; it is opened read-only.\n"
    "\n"
    "exit status: 0 explained, 1 no finding there, 2 an error (usage, a database\n"
    "that cannot be read)\n";

/* What the user named. */
typedef struct {
    char file[PATH_MAX];     /* FILE as given ("" for a fingerprint) */
    char abs[PATH_MAX];      /* ... resolved against the start directory */
    int line;                /* LINE */
    const char *fingerprint; /* or this */
} target;

static int parse_target(const char *arg, target *t)
{
    const char *colon = strrchr(arg, ':');
    char *end;
    memset(t, 0, sizeof *t);
    if (colon != NULL && colon > arg && colon[1] != 0) {
        long line = strtol(colon + 1, &end, 10);
        if (*end == 0 && line > 0 && line < INT32_MAX) {
            snprintf(t->file, sizeof t->file, "%.*s", (int)(colon - arg), arg);
            lg_workdir_absolute(t->file, t->abs, sizeof t->abs);
            t->line = (int)line;
            return 0;
        }
        return -1;
    }
    if (strlen(arg) < 6 || strchr(arg, '/') != NULL)
        return -1;
    t->fingerprint = arg;
    return 0;
}

/* path names the file the user meant: the same absolute path, or a path
 * that ends with what they typed (./ dropped). */
static int same_file(const char *path, const target *t)
{
    if (strcmp(path, t->abs) == 0)
        return 1;
    const char *f = t->file;
    while (strncmp(f, "./", 2) == 0)
        f += 2;
    size_t n = strlen(path), m = strlen(f);
    return m > 0 && n > m && path[n - m - 1] == '/' && strcmp(path + n - m, f) == 0;
}

static int matches(json_t *story, const target *t)
{
    if (t->fingerprint != NULL) {
        const char *fp = json_string_value(json_object_get(story, "fingerprint"));
        return fp != NULL && strncmp(fp, t->fingerprint, strlen(t->fingerprint)) == 0;
    }
    const char *path = json_string_value(json_object_get(story, "path"));
    return path != NULL && json_integer_value(json_object_get(story, "line")) == t->line
           && same_file(path, t);
}

/* Path k of n (story.c writes it). */
static void print_path(FILE *out, json_t *path, size_t k, size_t n, const char *holder)
{
    char *text = lg_story_path_text(path, holder, "    ");
    fprintf(out, "  path %zu of %zu:\n%s", k + 1, n, text != NULL ? text : "    (out of memory)\n");
    free(text);
}

static void print_evidence(FILE *out, json_t *e)
{
    char bytes[32];
    lg_db_bytes(lg_story_int(e, "bytes"), bytes, sizeof bytes);
    fprintf(out, "  %-11s run %lld: ", lg_story_str(e, "kind"), lg_story_int(e, "run"));
    if (strcmp(lg_story_str(e, "kind"), "growth") == 0)
        fprintf(out, "%s grew to %lld entries (%lld inserts, %lld removals, %lld evictions), "
                "%s held when last seen\n", *lg_story_str(e, "type") ? lg_story_str(e, "type") : "container",
                lg_story_int(e, "peak_len"), lg_story_int(e, "inserts"), lg_story_int(e, "removals"),
                lg_story_int(e, "evictions"), bytes);
    else
        fprintf(out, "%lld %s%s, %s\n", lg_story_int(e, "count"), *lg_story_str(e, "type") ? lg_story_str(e, "type")
                : "object", lg_story_int(e, "count") == 1 ? "" : "s", bytes);
}

static void print_story(FILE *out, json_t *s)
{
    const char *path = lg_output_display_path(lg_story_str(s, "path"));
    if (lg_story_int(s, "column") > 0)
        fprintf(out, "%s:%lld:%lld: ", path, lg_story_int(s, "line"), lg_story_int(s, "column"));
    else
        fprintf(out, "%s:%lld: ", path, lg_story_int(s, "line"));
    fprintf(out, "%s [%s]\n", lg_story_str(s, "message"), lg_story_str(s, "rule"));
    fprintf(out, "  status       %s\n", lg_story_str(s, "status"));
    if (*lg_story_str(s, "place"))
        fprintf(out, "  place        %s\n", lg_story_str(s, "place"));
    fprintf(out, "  fingerprint  %s", lg_story_str(s, "fingerprint"));
    char when[64];
    if (lg_story_first_seen(s, when, sizeof when))
        fprintf(out, " (first seen %s)", when);
    fputc('\n', out);
    json_t *ev = json_object_get(s, "evidence"), *e;
    size_t i, npaths = 0;
    if (json_array_size(ev) == 0)
        fprintf(out, "  evidence     none: run the program with LINGER_DB set to this database\n");
    else
        fprintf(out, "  evidence\n");
    json_array_foreach(ev, i, e) {
        if (i == 3) {
            fprintf(out, "  ... and %zu more rows ('linger evidence' lists them)\n", json_array_size(ev) - 3);
            break;
        }
        print_evidence(out, e);
    }
    json_array_foreach(ev, i, e) {
        json_t *paths = json_object_get(e, "paths");
        if (json_array_size(paths) == 0)
            continue;
        fprintf(out, "  why it is still alive (%s, run %lld):\n", lg_story_str(e, "kind"), lg_story_int(e, "run"));
        size_t k;
        json_t *p;
        json_array_foreach(paths, k, p)
            print_path(out, p, k, json_array_size(paths), lg_story_str(s, "holder"));
        npaths++;
        break;                  /* the strongest row's paths */
    }
    if (npaths == 0 && json_array_size(ev) > 0)
        fprintf(out, "  no retention path recorded: nothing lingered at this site while the runtime "
                "looked (paths are taken at each flush and at exit)\n");
}

int lg_explain_main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' }, { "format", required_argument, NULL, 'f' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    const char *dbpath = NULL, *format = "text";
    int c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(explain_usage, stdout); return LG_EXIT_OK;
        case 'd':
            if (!*(dbpath = optarg))
                return lg_cli_usage("explain", "--db needs a path", "");
            break;
        case 'f': format = optarg; break;
        default: return lg_cli_bad_option("explain", argv - 1);
        }
    }
    if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
        return lg_cli_usage("explain", "--format needs text or json, got: ", format);
    if (optind != argc)
        return lg_cli_usage("explain", optind > argc ? "name a place: FILE:LINE or a fingerprint"
                                                     : "one place at a time, got also: ",
                            optind > argc ? "" : argv[optind]);
    target t;
    if (parse_target(argv[optind - 1], &t) < 0)
        return lg_cli_usage("explain", "not FILE:LINE (a line from 1) nor a fingerprint: ",
                            argv[optind - 1]);
    char shown[PATH_MAX];
    json_t *all = lg_cli_read_stories(dbpath, shown, sizeof shown);
    if (all == NULL)
        return LG_EXIT_ERROR;
    json_t *chosen = json_array();
    size_t i;
    json_t *s;
    json_array_foreach(all, i, s)
        if (matches(s, &t))
            json_array_append(chosen, s);
    int status = LG_EXIT_OK;
    if (json_array_size(chosen) == 0) {
        fprintf(stderr, "linger: no finding %s %s (%zu in the database: 'linger findings' lists them)\n",
                t.fingerprint ? "with fingerprint" : "at", argv[optind - 1], json_array_size(all));
        status = LG_EXIT_FINDINGS;
    } else if (strcmp(format, "json") == 0) {
        json_dumpf(chosen, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else {
        json_array_foreach(chosen, i, s) {
            if (i > 0)
                fputc('\n', stdout);
            print_story(stdout, s);
        }
    }
    fflush(stdout);
    json_decref(chosen);
    json_decref(all);
    return status;
}
