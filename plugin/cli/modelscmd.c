/*
 * modelscmd.c — `linger models`: lists the shipped API models (name, where
 * the file is installed, how many functions each describes) and
 * `linger models --check PATH...` validates model files, printing each
 * file's verdict: "PATH: ok (model NAME, N functions)" or the error with its
 * line and column.  Exit 0 when every file is good, 2 otherwise.
 * `linger models --show NAME|PATH...` lists what each function does.
 */
#include "linger_cli.h"
#include "model.h"
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char models_usage[] =
    "usage: linger models [--json] [--check PATH... | --show NAME|PATH...]\n"
    "\n"
    "Without options, lists the API models linger ships (on with --model NAME;\n"
    "'linger' is on by default) and where their files are installed.\n"
    "\n"
    "options:\n"
    "  --check PATH...  validate model files: exit 0 when all are good, 2 otherwise\n"
    "  --show NAME|PATH...\n"
    "                   what each function of the models does: FUNCTION ROLE[,ROLE]\n"
    "                   (\"as written\" for match: written); JSON lines with --json\n"
    "  --json           list as JSON lines {\"name\",\"path\",\"functions\",\"installed\"}\n"
    "  -h, --help       this help\n";

static size_t count_ops(const lgm_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nfunctions; i++)
        n += m->functions[i].nops;
    return n;
}

/* Where shipped model i is installed beside this linger (PREFIX/bin/linger:
 * PREFIX/share/linger/models/NAME.yaml), else where the build put it. */
static const char *installed_path(size_t i, char *buf, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    self[n > 0 ? n : 0] = 0;
    char *slash = strrchr(self, '/');
    if (slash != NULL)
        *slash = 0;
    snprintf(buf, size, "%s/%s/%s.yaml", self, LINGER_MODELS_INSTALL_REL, lgm_shipped_name(i));
    char real[PATH_MAX];
    if (access(buf, R_OK) == 0 && realpath(buf, real) != NULL) {
        snprintf(buf, size, "%s", real);
        return buf;
    }
    return lgm_shipped_path(i);
}

static int list_models(int json)
{
    int rc = LG_EXIT_OK;
    for (size_t i = 0; i < lgm_shipped_count(); i++) {
        char err[1024], where[PATH_MAX + 64];
        lgm_model *m = lgm_load_shipped(lgm_shipped_name(i), err, sizeof err);
        if (m == NULL) {                      /* a broken build: say so */
            fprintf(stderr, "linger: error: %s\n", err);
            rc = LG_EXIT_ERROR;
            continue;
        }
        const char *path = installed_path(i, where, sizeof where);
        int installed = access(path, R_OK) == 0;
        if (json)
            printf("{\"name\":\"%s\",\"path\":\"%s\",\"functions\":%zu,\"installed\":%s}\n",
                   m->name, path, m->nfunctions, installed ? "true" : "false");
        else
            printf("%-10s %3zu functions  %s%s\n", m->name, m->nfunctions, path,
                   installed ? "" : "  (not installed: built in)");
        lgm_model_free(m);
    }
    if (!json)
        printf("\n'linger' is on unless --no-default-model; add others with --model NAME|PATH,\n"
               "LINGER_MODELS=a:b, or files in .linger/models/ beside compile_commands.json.\n");
    return rc;
}

static int check_files(int argc, char **argv, int first)
{
    int rc = LG_EXIT_OK;
    for (int i = first; i < argc; i++) {
        char err[1024];
        lgm_model *m = lgm_load_file(argv[i], err, sizeof err);
        if (m == NULL) {
            fprintf(stderr, "linger: error: %s\n", err);
            rc = LG_EXIT_ERROR;
            continue;
        }
        printf("%s: ok (model %s, %zu functions, %zu operations)\n", argv[i], m->name,
               m->nfunctions, count_ops(m));
        lgm_model_free(m);
    }
    return rc;
}

static void show_function(const lgm_model *m, const lgm_function *f, int json)
{
    int written = f->nops > 0 && f->ops[0].match_written;
    if (json) {
        printf("{\"model\":\"%s\",\"function\":\"%s\",\"match\":\"%s\",\"roles\":[", m->name,
               f->name, written ? "written" : "called");
        for (size_t k = 0; k < f->nops; k++)
            printf("%s\"%s\"", k ? "," : "", lgm_role_name(f->ops[k].role));
        printf("]}\n");
        return;
    }
    printf("%-40s ", f->name);
    for (size_t k = 0; k < f->nops; k++)
        printf("%s%s", k ? "," : "", lgm_role_name(f->ops[k].role));
    printf("%s\n", written ? "  (as written)" : "");
}

static int show_models(int argc, char **argv, int first, int json)
{
    int rc = LG_EXIT_OK;
    for (int i = first; i < argc; i++) {
        char err[1024];
        lgm_model *m = lgm_load_spec(argv[i], err, sizeof err);
        if (m == NULL) {
            fprintf(stderr, "linger: error: %s\n", err);
            rc = LG_EXIT_ERROR;
            continue;
        }
        if (!json)
            printf("%s# model %s: %zu functions\n", i > first ? "\n" : "", m->name, m->nfunctions);
        for (size_t j = 0; j < m->nfunctions; j++)
            show_function(m, &m->functions[j], json);
        lgm_model_free(m);
    }
    return rc;
}

int lg_models_main(int argc, char **argv)
{
    static const struct option longs[] = {
        { "check", no_argument, NULL, 'c' }, { "json", no_argument, NULL, 'j' },
        { "show", no_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    int check = 0, show = 0, json = 0, c;
    optind = 0;
    opterr = 0;
    while ((c = getopt_long(argc + 1, argv - 1, "h", longs, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(models_usage, stdout); return LG_EXIT_OK;
        case 'c': check = 1; break;
        case 's': show = 1; break;
        case 'j': json = 1; break;
        default: return lg_cli_bad_option("models", argv - 1);
        }
    }
    int first = optind - 1;                  /* getopt saw argv - 1 */
    if (check && show)
        return lg_cli_usage("models", "--check and --show do not go together", "");
    if (show) {
        if (first >= argc)
            return lg_cli_usage("models", "--show needs one or more model names or files", "");
        return show_models(argc, argv, first, json);
    }
    if (!check) {
        if (first < argc)
            return lg_cli_usage("models", "unexpected argument ", argv[first]);
        return list_models(json);
    }
    if (first >= argc)
        return lg_cli_usage("models", "--check needs one or more model files", "");
    return check_files(argc, argv, first);
}
