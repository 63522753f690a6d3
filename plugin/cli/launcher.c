/*
 * launcher.c — `linger-cc CC ARGS...`, the compiler launcher
 * (CMAKE_C_COMPILER_LAUNCHER=linger-cc, make CC="linger-cc gcc").
 *
 * The real compile runs exactly as given: same argv, same stdout and stderr,
 * same exit status, so objects and depfiles are byte-identical to a build
 * without the launcher.  Invocations that do not compile one C source
 * (linking, -E, -M alone, several sources, no source) are exec'd straight
 * through, as ccache does.  Otherwise, when the compiler is a clang that can
 * load linger's clang plugin (same LLVM major version), the compile runs with
 * -fplugin added: the check happens inside clang's own parse, for almost
 * nothing, and clang reports the findings itself.  With any other compiler
 * the same translation unit is analysed with libclang, with the same flags
 * (minus what libclang must not see), while the compiler runs, and the
 * findings follow the compiler's output on stderr as warnings.  A failed
 * analysis never fails the build (one note line instead); LINGER_WERROR=1
 * turns findings into a failing exit.
 */
#include "args.h"
#include "linger_cli.h"
#include "output.h"
#include <errno.h>
#include <limits.h>
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
    "  LINGER_DISABLE=1  run the compiler only\n"
    "  LINGER_PLUGIN=0   never use the clang plugin (always re-parse with libclang)\n"
    "  LINGER_PLUGIN=SO  use this clang plugin instead of the installed one\n"
    "  LINGER_VERBOSE=1  say on stderr how each file is checked\n";

/* With LINGER_VERBOSE=1: one line per checked file saying how. */
static void say_how(const char *src, const char *how)
{
    const char *v = getenv("LINGER_VERBOSE");
    if (v != NULL && strcmp(v, "1") == 0)
        fprintf(stderr, "linger-cc: %s: checked %s\n", src, how);
}

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

/* ---- the clang plugin */

#ifdef LINGER_PLUGIN_BUILD_PATH
/* path, or the same file found through PATH, made real into out. */
static int real_command(const char *cmd, char *out)
{
    if (strchr(cmd, '/') != NULL)
        return realpath(cmd, out) != NULL;
    const char *path = getenv("PATH");
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        size_t n = strcspn(p, ":");
        char cand[PATH_MAX];
        if (snprintf(cand, sizeof cand, "%.*s/%s", (int)n, n ? p : ".", cmd) < (int)sizeof cand
            && access(cand, X_OK) == 0 && realpath(cand, out) != NULL)
            return 1;
        p += n + (p[n] == ':');
    }
    return 0;
}

/* The major version `cc --version` reports for a clang, or -1. */
static int clang_major(const char *cc)
{
    int fd[2];
    if (pipe(fd) < 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execlp(cc, cc, "--version", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[512];
    size_t len = 0;
    ssize_t r;
    while (len < sizeof buf - 1 && (r = read(fd[0], buf + len, sizeof buf - 1 - len)) != 0) {
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0)
            len += (size_t)r;
    }
    buf[len] = 0;
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    const char *v = strstr(buf, "clang version ");
    return v != NULL ? atoi(v + 14) : -1;
}

/* 1 when cc is a clang of the LLVM major version the plugin was built for. */
static int loads_plugin(const char *cc)
{
    char real[PATH_MAX], ours[PATH_MAX];
    if (!real_command(cc, real))
        return 0;
    if (realpath(LINGER_PLUGIN_CLANG, ours) != NULL && strcmp(real, ours) == 0)
        return 1;                                  /* the very clang it was built for */
    const char *base = strrchr(real, '/') ? strrchr(real, '/') + 1 : real;
    const char *given = strrchr(cc, '/') ? strrchr(cc, '/') + 1 : cc;
    if (strncmp(base, "clang", 5) != 0 && strncmp(given, "clang", 5) != 0)
        return 0;                                  /* gcc, cc, ccache...: no plugins */
    return clang_major(cc) == LINGER_PLUGIN_LLVM_MAJOR;
}

/* The plugin to load into cc, or NULL to re-parse with libclang. */
static const char *plugin_for(const char *cc)
{
    static char found[PATH_MAX + 64];
    const char *env = getenv("LINGER_PLUGIN");
    if (env != NULL && (*env == 0 || strcmp(env, "0") == 0))
        return NULL;
    if (env != NULL) {
        snprintf(found, sizeof found, "%s", env);
    } else {
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        found[0] = 0;
        if (n > 0) {
            exe[n] = 0;
            char *slash = strrchr(exe, '/');
            if (slash != NULL) {
                *slash = 0;
                snprintf(found, sizeof found, "%s/%s", exe, LINGER_PLUGIN_INSTALL_REL);
            }
        }
        if (found[0] == 0 || access(found, R_OK) != 0)
            snprintf(found, sizeof found, "%s", LINGER_PLUGIN_BUILD_PATH);
    }
    if (access(found, R_OK) != 0 || !loads_plugin(cc))
        return NULL;
    return found;
}

/* Runs cc ARGS... -fplugin=SO (and werror): clang checks while it compiles. */
static _Noreturn void exec_with_plugin(char **cc, int n, const char *so)
{
    char **argv = calloc((size_t)n + 3, sizeof *argv);
    if (argv == NULL)
        exec_compiler(cc);
    size_t len = strlen(so) + 10;
    char *load = malloc(len);
    if (load == NULL)
        exec_compiler(cc);
    snprintf(load, len, "-fplugin=%s", so);
    int k = 0;
    for (int i = 0; i < n; i++)
        argv[k++] = cc[i];
    argv[k++] = load;
    const char *werror = getenv("LINGER_WERROR");
    if (werror != NULL && strcmp(werror, "1") == 0)
        argv[k++] = "-fplugin-arg-linger-werror";
    argv[k] = NULL;
    exec_compiler(argv);
}
#endif

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
#ifdef LINGER_PLUGIN_BUILD_PATH
    const char *so = plugin_for(cc[0]);
    if (so != NULL) {
        say_how(analysable(&ca), "by the clang plugin");
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        exec_with_plugin(cc, argc - 1, so);
    }
#endif
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
    say_how(src, "by re-parsing with libclang");
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
