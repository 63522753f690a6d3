/*
 * launcher.c — `linger-cc CC ARGS...`, the compiler launcher
 * (CMAKE_C_COMPILER_LAUNCHER=linger-cc, make CC="linger-cc gcc").
 *
 * The real compile runs exactly as given: same argv, same stdout and stderr,
 * same exit status, so objects and depfiles are byte-identical to a build
 * without the launcher.  Invocations that do not compile one C source
 * (linking, -E, -M alone, several sources, no source) are exec'd straight
 * through, as ccache does.  Otherwise the same translation unit is analysed
 * with the same flags (minus what libclang must not see) while the compiler
 * runs, and the findings follow the compiler's output on stderr as warnings.
 * A failed analysis never fails the build (one note line instead);
 * LINGER_WERROR=1 turns findings into a failing exit.
 */
#include "args.h"
#include "linger_cli.h"
#include "output.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage[] =
    "usage: linger-cc COMPILER ARGS...\n"
    "\n"
    "Runs the compile COMPILER ARGS... unchanged and reports linger findings for the\n"
    "translation unit on stderr.  Use as CMAKE_C_COMPILER_LAUNCHER=linger-cc or\n"
    "make CC=\"linger-cc gcc\".\n"
    "\n"
    "environment:\n"
    "  LINGER_WERROR=1   findings make the launcher exit 1 (after a successful compile)\n"
    "  LINGER_DB=PATH    also store the findings in the findings database\n"
    "  LINGER_DISABLE=1  run the compiler only\n";

static _Noreturn void exec_compiler(char **argv)
{
    execvp(argv[0], argv);
    fprintf(stderr, "linger-cc: error: cannot run '%s': %s\n", argv[0], strerror(errno));
    _exit(127);
}

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

/* The single C source this invocation compiles, or NULL to pass through. */
static const char *analysable(const lg_compile_args *ca)
{
    const char *off = getenv("LINGER_DISABLE");
    if (off != NULL && *off && strcmp(off, "0") != 0)
        return NULL;
    if (!ca->compile || ca->preprocess || ca->deps_only || ca->other_lang || ca->sources.n != 1)
        return NULL;
    return lg_is_c_source(ca->sources.v[0]) ? ca->sources.v[0] : NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return LG_EXIT_ERROR;
    }
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("linger-cc %s\n", LINGER_VERSION_STRING);
        return 0;
    }
    char **cc = argv + 1;
    lg_strv expanded = { 0 };
    lg_compile_args ca;
    memset(&ca, 0, sizeof ca);
    char err[512];
    if (lg_expand_response_files(cc, (size_t)argc - 1, NULL, &expanded, err, sizeof err) < 0
        || lg_compile_args_parse(expanded.v, expanded.n, &ca) < 0 || analysable(&ca) == NULL) {
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        exec_compiler(cc);                       /* not ours: straight through */
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        exec_compiler(cc);
    }
    if (pid == 0)
        exec_compiler(cc);

    const char *src = analysable(&ca);
    lg_fallback_includes();
    lg_analysis a;
    memset(&a, 0, sizeof a);
    lg_frontend *fe = lg_frontend_new();
    if (fe != NULL)
        lg_analyze(fe, src, (const char *const *)ca.flags.v, (int)ca.flags.n, NULL, &a);
    lg_frontend_free(fe);

    int status = wait_status(pid);
    const char *db = getenv("LINGER_DB");
    char why[600];
    if (status == 0 && fe != NULL && !a.failed && db != NULL && *db
        && lg_cli_store(db, "linger-cc", argc - 1, argv + 1, &a, 1, why, sizeof why) < 0)
        fprintf(stderr, "linger-cc: note: findings not stored: %s\n", why);
    if (status == 0) {
        if (fe == NULL)
            fprintf(stderr, "linger-cc: note: analysis skipped for %s: cannot create a libclang index\n", src);
        else if (a.failed)
            fprintf(stderr, "linger-cc: note: analysis skipped for %s: %s\n", src,
                    a.error ? a.error : "unknown error");
        else
            lg_output_clang(stderr, &a);
        const char *werror = getenv("LINGER_WERROR");
        if (!a.failed && a.findings.n > 0 && werror != NULL && strcmp(werror, "1") == 0)
            status = 1;
    }
    lg_analysis_free(&a);
    lg_strv_free(&expanded);
    lg_compile_args_free(&ca);
    return status;
}
