/*
 * cc.c — `linger cc COMPILER ARGS...`: a compile checked by re-parsing, what
 * linger-cc does when the compiler cannot load the clang plugin.
 *
 * The real compile runs exactly as given (same argv, stdout, stderr and exit
 * status: objects and depfiles byte-identical to a build without linger).
 * Invocations that do not compile one C source are exec'd straight through.
 * Otherwise the same translation unit is analysed with libclang, with the
 * same flags minus what libclang must not see, while the compiler runs, and
 * the findings follow the compiler's output on stderr as warnings.  A failed
 * analysis never fails the build (one note line instead); LINGER_WERROR=1
 * turns findings into a failing exit.
 */
#include "args.h"
#include "bigstack.h"
#include "linger_cli.h"
#include "index.h"
#include "output.h"
#include "sidecar.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "usage: linger cc COMPILER ARGS...\n"
    "\n"
    "Runs the compile COMPILER ARGS... unchanged and reports linger findings for the\n"
    "translation unit on stderr, re-parsing it with libclang (linger-cc does the\n"
    "same, or lets clang check with the linger plugin when it can).\n"
    "\n"
    "environment:\n"
    "  LINGER_WERROR=1   findings make the command exit 1 (after a successful compile)\n"
    "  LINGER_DB=PATH    also store the findings in the findings database\n"
    "  LINGER_DISABLE=1  run the compiler only\n"
    "  LINGER_VERBOSE=1  say on stderr how each file is checked\n"
    "  LINGER_SIDECAR=1  also write the unit's summaries beside the -o output\n"
    "                    (OUTPUT.linger; or =DIR: into DIR), for 'linger ingest' where\n"
    "                    the database is (remote execution: docs/distributed.md)\n"
    "  LINGER_MODELS=A:B more API models (shipped names or files); the project's\n"
    "                    .linger/models/*.yaml are always read\n";

static int wait_status(pid_t pid)
{
    int st;
    while (waitpid(pid, &st, 0) < 0) {
        if (errno != EINTR)
            return 127;
    }
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return 127;
}

typedef struct {
    lg_frontend *fe;          /* the front end */
    const char *src;          /* the source */
    lg_compile_args *ca;      /* its flags */
    lg_analysis *out;         /* the result */
} cc_job;

static void analyse_job(void *arg)
{
    cc_job *j = arg;
    lg_analyze_facts(j->fe, j->src, (const char *const *)j->ca->flags.v, (int)j->ca->flags.n, j->out);
}

/* The compile's units judged as one program seen alone. */
static void judge_alone(lg_analysis *r, size_t n)
{
    lg_analysis **all = calloc(n, sizeof *all);
    for (size_t i = 0; all != NULL && i < n; i++)
        all[i] = &r[i];
    if (all != NULL)
        lg_analysis_judge_compile(all, n, NULL);
    for (size_t i = 0; all == NULL && i < n; i++)   /* memory out: each alone */
        lg_analysis_judge(&r[i], NULL, NULL);
    free(all);
}

/* Judges the compile's units (its translation unit, then the project's
 * headers it walked): with the project index when the findings go to a
 * database (the other units' summaries; these ones' stored), else as one
 * program alone. */
static void judge(lg_analysis *r, size_t n, const lgm_set *models, const char *db, int argc,
                  char **argv)
{
    if (db == NULL) {
        judge_alone(r, n);
        return;
    }
    lg_index_unit *u = calloc(n, sizeof *u);
    lg_findings *out = calloc(n, sizeof *out);
    if (u == NULL || out == NULL) {
        fprintf(stderr, "linger-cc: note: findings not stored: out of memory\n");
        free(u);
        free(out);
        judge_alone(r, n);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        lgf_dump_if_asked(&r[i].facts);
        u[i] = (lg_index_unit){ r[i].path, &r[i].facts, r[i].parse.source, r[i].parse.source_len };
    }
    char why[600];
    lg_index_report rep;
    if (lg_index_compile(db, "linger-cc", argc, argv, u, n, models, NULL, out, &rep, why,
                         sizeof why) < 0)
        fprintf(stderr, "linger-cc: note: findings not stored: %s\n", why);
    if (rep.notes != NULL)
        fprintf(stderr, "linger-cc: note: %s", rep.notes);   /* one line per summary skipped */
    lg_index_report_free(&rep);
    for (size_t i = 0; i < n; i++)
        r[i].findings = out[i];                               /* moved */
    free(out);
    free(u);
}

/* The compile's summaries beside its output (sidecar.h): what a compile
 * run far from the findings database carries back.  A failure is a note:
 * the build goes on. */
static void write_sidecar(const char *spec, const char *src, lg_analysis *r, size_t n, int argc,
                          char **argv)
{
    char path[PATH_MAX], err[PATH_MAX + 128];
    lg_index_unit *u = calloc(n, sizeof *u);
    size_t k = 0;
    for (size_t i = 0; u != NULL && i < n; i++)
        if (r[i].have_facts)
            u[k++] = (lg_index_unit){ r[i].path, &r[i].facts, r[i].parse.source,
                                      r[i].parse.source_len };
    if (u == NULL)
        snprintf(err, sizeof err, "out of memory");
    if (u == NULL || lg_sidecar_path(spec, argv, argc, src, path, sizeof path, err, sizeof err) < 0
        || lg_sidecar_write(path, u, k, err, sizeof err) < 0)
        fprintf(stderr, "linger-cc: note: no sidecar for %s: %s\n", src, err);
    free(u);
}

/* Prints (and stores) what the analysis of r[0, n) found once the compile
 * succeeded; the exit status. */
static int finish(int status, const char *src, lg_frontend *fe, lg_analysis *r, size_t n,
                  const lgm_set *models, int argc, char **argv)
{
    const char *db = getenv("LINGER_DB");
    if (status != 0)
        return status;
    if (fe != NULL && !r[0].failed)
        judge(r, n, models, db != NULL && *db ? db : NULL, argc, argv);
    const char *sidecar = getenv("LINGER_SIDECAR");
    if (fe != NULL && !r[0].failed && sidecar != NULL && *sidecar)
        write_sidecar(sidecar, src, r, n, argc, argv);
    size_t found = 0;
    if (fe == NULL) {
        fprintf(stderr, "linger-cc: note: analysis skipped for %s: cannot create a libclang index\n", src);
    } else if (r[0].failed) {
        fprintf(stderr, "linger-cc: note: analysis skipped for %s: %s\n", src,
                r[0].error ? r[0].error : "unknown error");
    } else {
        for (size_t i = 0; i < n; i++) {
            lg_output_clang(stderr, &r[i]);
            found += r[i].findings.n;
        }
    }
    const char *werror = getenv("LINGER_WERROR");
    if (found > 0 && werror != NULL && strcmp(werror, "1") == 0)
        return 1;
    return 0;
}

int lg_cc_main(int argc, char **argv)
{
    if (argc < 1) {
        fputs(usage, stderr);
        return LG_EXIT_ERROR;
    }
    if (argc == 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    lg_strv expanded = { 0 };
    lg_compile_args ca;
    memset(&ca, 0, sizeof ca);
    char err[512];
    if (lg_expand_response_files(argv, (size_t)argc, NULL, &expanded, err, sizeof err) < 0
        || lg_compile_args_parse(expanded.v, expanded.n, &ca) < 0 || lg_compile_source(&ca) == NULL) {
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        lg_exec_compiler(argv, "linger-cc");      /* not ours: straight through */
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        lg_exec_compiler(argv, "linger-cc");
    }
    if (pid == 0)
        lg_exec_compiler(argv, "linger-cc");

    const char *src = lg_compile_source(&ca);
    const char *verbose = getenv("LINGER_VERBOSE");
    if (verbose != NULL && strcmp(verbose, "1") == 0)
        fprintf(stderr, "linger-cc: %s: checked by re-parsing with libclang%s%s%s\n", src,
                ca.wrapper ? " (the compile goes through " : "", ca.wrapper ? ca.wrapper : "",
                ca.wrapper ? ")" : "");
    lg_fallback_includes();
    size_t n = 1;
    lg_analysis *r = calloc(1, sizeof *r);
    if (r == NULL) {                   /* the compile goes on; the analysis cannot */
        fprintf(stderr, "linger-cc: error: out of memory (analysis skipped)\n");
        int status = wait_status(pid);
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        return status;
    }
    char dir[PATH_MAX], merr[1024];
    lg_workdir_absolute(src, dir, sizeof dir);
    char *slash = strrchr(dir, '/');
    if (slash != NULL && slash != dir)
        *slash = 0;
    lgm_set *models = lgm_set_standard(0, NULL, 0, dir, merr, sizeof merr);
    if (models == NULL) {               /* the compile goes on; the analysis cannot */
        fprintf(stderr, "linger-cc: error: %s (analysis skipped)\n", merr);
        int status = wait_status(pid);
        free(r);
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        return status;
    }
    lg_frontend *fe = lg_frontend_new(models);
    cc_job job = { fe, src, &ca, r };
    if (fe != NULL)
        lg_on_big_stack(analyse_job, &job);
    if (fe != NULL && !r[0].failed && lg_analysis_adopt_headers(&r, &n) < 0)
        fprintf(stderr, "linger-cc: note: out of memory: the headers' functions are left out\n");
    int status = finish(wait_status(pid), src, fe, r, n, models, argc, argv);
    for (size_t i = 0; i < n; i++)
        lg_analysis_free(&r[i]);         /* their facts point into the models: first */
    free(r);
    lg_frontend_free(fe);
    lgm_set_free(models);
    lg_strv_free(&expanded);
    lg_compile_args_free(&ca);
    return status;
}
