/*
 * args.h — compiler command lines: splitting a shell-quoted command, expanding
 * @response files, and turning a compile's argv into what libclang may see
 * (no compiler, no output or depfile options, no GCC-only flags clang
 * rejects, no -Werror) plus the list of source files it compiles.
 */
#ifndef LINGER_ARGS_H
#define LINGER_ARGS_H

#include <stddef.h>

typedef struct {
    char **v;      /* owned strings */
    size_t n, cap;
} lg_strv;

int lg_strv_push(lg_strv *sv, const char *s);      /* copies s; -1 on no memory */
void lg_strv_free(lg_strv *sv);

/* Splits a shell-quoted command line ('..', "..", backslashes). -1 on an
 * unterminated quote. */
int lg_split_command(const char *cmd, lg_strv *out);

/* Appends argv to out with every @file replaced by its (shell-split)
 * contents, recursively.  Relative @files are read relative to dir (or the
 * current directory when dir is NULL).  -1 with err set on an unreadable file. */
int lg_expand_response_files(char *const *argv, size_t argc, const char *dir, lg_strv *out,
                             char *err, size_t errsz);

typedef struct {
    lg_strv flags;     /* for libclang */
    lg_strv sources;   /* source files named on the command line */
    int compile;       /* -c or -S seen */
    int preprocess;    /* -E seen */
    int deps_only;     /* -M or -MM without -c */
    int other_lang;    /* -x with a language other than C */
    const char *wrapper; /* a compiler wrapper argv[0] names (distcc, icecc, ccache,
                            sccache): the compiler is argv[1]; NULL when none */
} lg_compile_args;

/* The name of the compiler wrapper argv[0] is (distcc gcc -c ...: the
 * compiler is argv[1], and may run on another machine or not at all), or
 * NULL. */
const char *lg_compiler_wrapper(char *const *argv, size_t argc);

/* Classifies a compile's argv (argv[0] is the compiler, or a wrapper and
 * argv[1] the compiler; already expanded). */
int lg_compile_args_parse(char *const *argv, size_t argc, lg_compile_args *out);
void lg_compile_args_free(lg_compile_args *a);

/* 1 when path names a C source (".c"). */
int lg_is_c_source(const char *path);

/* The one C source a compile compiles, or NULL when it is not one to check
 * (linking, -E, -M alone, several sources, another language, or
 * LINGER_DISABLE set in the environment). */
const char *lg_compile_source(const lg_compile_args *a);

/* Runs argv (argv[0] found through PATH) in this process; on failure says
 * why on stderr as who and exits 127. */
_Noreturn void lg_exec_compiler(char **argv, const char *who);

#endif /* LINGER_ARGS_H */
