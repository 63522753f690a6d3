/*
 * launcher.c — `linger-cc CC ARGS...`, the compiler launcher
 * (CMAKE_C_COMPILER_LAUNCHER=linger-cc, make CC="linger-cc gcc").
 *
 * It stays small (no libclang: starting it costs next to nothing) and only
 * decides.  Invocations that do not compile one C source (linking, -E, -M
 * alone, several sources) are exec'd straight through, as ccache does.  When
 * the compiler is a clang that can load linger's clang plugin (the same LLVM
 * major version), the compile is exec'd with -fplugin added: clang checks
 * inside its own parse and reports the findings itself.  Otherwise it execs
 * `linger cc CC ARGS...` (cc.c), which re-parses with libclang while the
 * compiler runs — always so behind a compiler wrapper (distcc, icecc,
 * ccache, sccache: `linger-cc distcc gcc -c x.c`), whose compile may run on
 * another machine or not at all: the analysis stays on this one, with the
 * database.  Either way the compile is the one given: objects are
 * byte-identical to a build without linger.
 */
#include "args.h"
#include <errno.h>
#include <limits.h>
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
    "make CC=\"linger-cc gcc\".  A clang that can load linger's clang plugin checks\n"
    "while it compiles; with other compilers the file is re-parsed with libclang.\n"
    "Behind a compiler wrapper (linger-cc distcc gcc ..., or icecc, ccache, sccache)\n"
    "the file is always re-parsed here: the compile may run on another machine.\n"
    "\n"
    "environment:\n"
    "  LINGER_WERROR=1   findings make the launcher exit 1 (after a successful compile)\n"
    "  LINGER_DB=PATH    also store the findings in the findings database\n"
    "  LINGER_DISABLE=1  run the compiler only\n"
    "  LINGER_PLUGIN=0   never use the clang plugin (always re-parse with libclang)\n"
    "  LINGER_PLUGIN=SO  use this clang plugin instead of the installed one\n"
    "  LINGER_SIDECAR=1  write the unit's summaries beside the -o output (OUTPUT.linger;\n"
    "                    =DIR: into DIR) for 'linger ingest' (remote execution)\n"
    "  LINGER_VERBOSE=1  say on stderr how each file is checked\n";

/* ---- the clang plugin */

#ifdef LINGER_PLUGIN_BUILD_PATH
/* With LINGER_VERBOSE=1: one line per checked file saying how. */
static void say_how(const char *src, const char *how)
{
    const char *v = getenv("LINGER_VERBOSE");
    if (v != NULL && strcmp(v, "1") == 0)
        fprintf(stderr, "linger-cc: %s: checked %s\n", src, how);
}

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
    const char *llvm = strstr(real, "/llvm-");     /* Debian: /usr/lib/llvm-N/bin/clang */
    if (llvm != NULL && llvm[6] >= '0' && llvm[6] <= '9')
        return atoi(llvm + 6) == LINGER_PLUGIN_LLVM_MAJOR;
    return clang_major(cc) == LINGER_PLUGIN_LLVM_MAJOR;   /* ask it (one exec) */
}

/* 1 when the compile preprocesses to a file and compiles that (-save-temps):
 * the plugin would then see the .i file, not the source. */
static int saves_temps(const lg_strv *args)
{
    for (size_t i = 0; i < args->n; i++)
        if (strncmp(args->v[i], "-save-temps", 11) == 0 || strcmp(args->v[i], "--save-temps") == 0)
            return 1;
    return 0;
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
        lg_exec_compiler(cc, "linger-cc");
    size_t len = strlen(so) + 10;
    char *load = malloc(len);
    if (load == NULL)
        lg_exec_compiler(cc, "linger-cc");
    snprintf(load, len, "-fplugin=%s", so);
    int k = 0;
    for (int i = 0; i < n; i++)
        argv[k++] = cc[i];
    argv[k++] = load;
    const char *werror = getenv("LINGER_WERROR");
    if (werror != NULL && strcmp(werror, "1") == 0)
        argv[k++] = "-fplugin-arg-linger-werror";
    argv[k] = NULL;
    lg_exec_compiler(argv, "linger-cc");
}
#endif

/* Runs `linger cc CC ARGS...` (linger next to linger-cc, else on PATH). */
static _Noreturn void exec_reparse(char **cc, int n)
{
    char **argv = calloc((size_t)n + 3, sizeof *argv);
    static char linger[PATH_MAX + 16];
    if (argv == NULL)
        lg_exec_compiler(cc, "linger-cc");
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    snprintf(linger, sizeof linger, "linger");
    if (len > 0) {
        exe[len] = 0;
        char *slash = strrchr(exe, '/');
        if (slash != NULL) {
            *slash = 0;
            snprintf(linger, sizeof linger, "%s/linger", exe);
            if (access(linger, X_OK) != 0)
                snprintf(linger, sizeof linger, "linger");
        }
    }
    argv[0] = linger;
    argv[1] = "cc";
    for (int i = 0; i < n; i++)
        argv[i + 2] = cc[i];
    execvp(argv[0], argv);
    fprintf(stderr, "linger-cc: note: analysis skipped: cannot run '%s': %s\n", linger,
            strerror(errno));
    lg_exec_compiler(cc, "linger-cc");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return 2;
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
    int ours = lg_expand_response_files(cc, (size_t)argc - 1, NULL, &expanded, err, sizeof err) == 0
               && lg_compile_args_parse(expanded.v, expanded.n, &ca) == 0
               && lg_compile_source(&ca) != NULL;
#ifdef LINGER_PLUGIN_BUILD_PATH
    /* a wrapper's compile may run on another machine (distcc, icecc) or not
     * at all (a ccache hit): the unit is analysed here, by re-parsing */
    /* ... and a compile that carries its summaries back in a sidecar
     * (LINGER_SIDECAR, sidecar.h) is analysed by `linger cc`, which writes it */
    const char *sidecar = getenv("LINGER_SIDECAR");
    const char *so = ours && !saves_temps(&expanded) && ca.wrapper == NULL
                     && (sidecar == NULL || *sidecar == 0) ? plugin_for(cc[0]) : NULL;
    if (so != NULL) {
        say_how(lg_compile_source(&ca), "by the clang plugin");
        lg_strv_free(&expanded);
        lg_compile_args_free(&ca);
        exec_with_plugin(cc, argc - 1, so);
    }
#endif
    lg_strv_free(&expanded);
    lg_compile_args_free(&ca);
    if (!ours)
        lg_exec_compiler(cc, "linger-cc");       /* not ours: straight through */
    exec_reparse(cc, argc - 1);
}
