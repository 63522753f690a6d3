/*
 * args.c — command-line surgery for libclang and the launcher (see args.h).
 * The real compiler always gets the original argv untouched; only the copy
 * given to libclang is filtered.
 */
#include "args.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lg_strv_push(lg_strv *sv, const char *s)
{
    if (sv->n + 1 >= sv->cap) {
        size_t cap = sv->cap ? sv->cap * 2 : 16;
        char **v = realloc(sv->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        sv->v = v;
        sv->cap = cap;
    }
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d == NULL)
        return -1;
    memcpy(d, s, n + 1);
    sv->v[sv->n++] = d;
    sv->v[sv->n] = NULL;
    return 0;
}

void lg_strv_free(lg_strv *sv)
{
    for (size_t i = 0; i < sv->n; i++)
        free(sv->v[i]);
    free(sv->v);
    memset(sv, 0, sizeof *sv);
}

int lg_split_command(const char *cmd, lg_strv *out)
{
    size_t len = strlen(cmd);
    char *buf = malloc(len + 1);
    if (buf == NULL)
        return -1;
    const char *p = cmd;
    int rc = 0;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
            p++;
        if (!*p)
            break;
        size_t n = 0;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
            if (*p == '\'') {
                for (p++; *p && *p != '\''; p++)
                    buf[n++] = *p;
                if (!*p) { rc = -1; break; }
                p++;
            } else if (*p == '"') {
                for (p++; *p && *p != '"'; p++) {
                    if (*p == '\\' && (p[1] == '"' || p[1] == '\\' || p[1] == '$' || p[1] == '`'))
                        p++;
                    buf[n++] = *p;
                }
                if (!*p) { rc = -1; break; }
                p++;
            } else if (*p == '\\' && p[1]) {
                buf[n++] = p[1];
                p += 2;
            } else {
                buf[n++] = *p++;
            }
        }
        if (rc < 0)
            break;
        buf[n] = 0;
        if (lg_strv_push(out, buf) < 0) {
            rc = -1;
            break;
        }
    }
    free(buf);
    return rc;
}

static char *read_file(const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    while (s != NULL) {
        if (n + 1 == cap) {
            if (cap >= max) {
                free(s);
                s = NULL;
                break;
            }
            char *t = realloc(s, cap * 2);
            if (t == NULL) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
        size_t r = fread(s + n, 1, cap - n - 1, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    if (s != NULL)
        s[n] = 0;
    return s;
}

/* What a whole expansion may take: response files referring to each other
 * 8 deep with 8 references each would otherwise expand to 16.7 million
 * arguments.  Real builds stay far below. */
#define MAX_RESPONSE_FILES 4096
#define MAX_RESPONSE_BYTES ((size_t)64 << 20)
#define MAX_ARGUMENTS 1000000

typedef struct {
    size_t files, bytes;  /* response files read, and their bytes, so far */
} budget;

static int expand(char *const *argv, size_t argc, const char *dir, lg_strv *out, int depth,
                  budget *b, char *err, size_t errsz)
{
    for (size_t i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '@' || a[1] == 0) {
            if (out->n >= MAX_ARGUMENTS) {
                snprintf(err, errsz, "more than %d arguments after expanding response files",
                         MAX_ARGUMENTS);
                return -1;
            }
            if (lg_strv_push(out, a) < 0)
                return -1;
            continue;
        }
        if (depth > 8) {
            snprintf(err, errsz, "response files nested too deeply at '%s'", a);
            return -1;
        }
        char path[4096];
        if (a[1] != '/' && dir != NULL)
            snprintf(path, sizeof path, "%s/%s", dir, a + 1);
        else
            snprintf(path, sizeof path, "%s", a + 1);
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {   /* a FIFO would block */
            snprintf(err, errsz, "response file '%s' is not a regular file", path);
            return -1;
        }
        if (++b->files > MAX_RESPONSE_FILES) {
            snprintf(err, errsz, "more than %d response files (do they refer to each other?)",
                     MAX_RESPONSE_FILES);
            return -1;
        }
        char *text = read_file(path, MAX_RESPONSE_BYTES);
        if (text == NULL) {
            snprintf(err, errsz, "cannot read response file '%s'", path);
            return -1;
        }
        b->bytes += strlen(text);
        if (b->bytes > MAX_RESPONSE_BYTES) {
            free(text);
            snprintf(err, errsz, "response files of more than %zu MB in all",
                     MAX_RESPONSE_BYTES >> 20);
            return -1;
        }
        lg_strv inner = { 0 };
        int rc = lg_split_command(text, &inner);
        free(text);
        if (rc == 0)
            rc = expand(inner.v, inner.n, dir, out, depth + 1, b, err, errsz);
        else
            snprintf(err, errsz, "unterminated quote in response file '%s'", path);
        lg_strv_free(&inner);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int lg_expand_response_files(char *const *argv, size_t argc, const char *dir, lg_strv *out,
                             char *err, size_t errsz)
{
    budget b = { 0, 0 };
    return expand(argv, argc, dir, out, 0, &b, err, errsz);
}

int lg_is_c_source(const char *path)
{
    size_t n = strlen(path);
    return n > 2 && strcmp(path + n - 2, ".c") == 0;
}

static int looks_like_source(const char *a)
{
    static const char *ext[] = { ".c", ".i", ".cc", ".cpp", ".cxx", ".C", ".m", ".s", ".S" };
    size_t n = strlen(a);
    for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
        size_t e = strlen(ext[i]);
        if (n > e && strcmp(a + n - e, ext[i]) == 0)
            return 1;
    }
    return 0;
}

/* Options whose value is the next argument. */
static int takes_value(const char *a)
{
    static const char *opts[] = {
        "-o", "-MF", "-MT", "-MQ", "-I", "-D", "-U", "-include", "-imacros", "-isystem",
        "-idirafter", "-iquote", "-x", "-arch", "-target", "-Xclang", "-Xlinker",
        "-Xpreprocessor", "-Xassembler", "-L", "-isysroot", "--sysroot", "-iprefix",
        "-iwithprefix", "-iwithprefixbefore", "-aux-info", "-working-directory", "-B",
    };
    for (size_t i = 0; i < sizeof opts / sizeof *opts; i++)
        if (strcmp(a, opts[i]) == 0)
            return 1;
    return 0;
}

/* Flags that must not reach libclang (with their value when separate). */
static int dropped(const char *a)
{
    static const char *exact[] = {
        "-c", "-S", "-E", "-M", "-MM", "-MD", "-MMD", "-MP", "-MG", "-pipe", "-Werror",
        "-pedantic-errors", "-fanalyzer", "-fconserve-stack", "-save-temps",
        "-fno-allow-store-data-races", "-fallow-store-data-races", "-mindirect-branch-register",
        "-mno-fp-ret-in-387", "-mskip-rax-setup", "-fno-var-tracking-assignments",
        "-fvar-tracking-assignments", "-fno-var-tracking", "-fmerge-all-constants",
    };
    static const char *prefix[] = {
        "-Werror=", "-MF", "-MT", "-MQ", "-o", "-fno-ipa-", "-fipa-", "-fno-tree-", "-ftree-",
        "-fdiagnostics-color", "-mpreferred-stack-boundary=", "-flto", "-fprofile-",
        "-Wp,-MD", "-Wp,-MMD", "-fdump-", "-fplugin", "-save-temps=",
        "-fmacro-prefix-map=", "-fdebug-prefix-map=", "-ffile-prefix-map=",
    };
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strcmp(a, exact[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof prefix / sizeof *prefix; i++)
        if (strncmp(a, prefix[i], strlen(prefix[i])) == 0)
            return 1;
    return 0;
}

const char *lg_compiler_wrapper(char *const *argv, size_t argc)
{
    static const char *const wrappers[] = { "distcc", "icecc", "ccache", "sccache" };
    if (argc < 2 || argv[1][0] == '-')
        return NULL;                 /* distcc --help, ccache -s: no compiler named */
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++)
        if (strcmp(base, wrappers[i]) == 0)
            return wrappers[i];
    return NULL;
}

int lg_compile_args_parse(char *const *argv, size_t argc, lg_compile_args *out)
{
    memset(out, 0, sizeof *out);
    int deps = 0;
    out->wrapper = lg_compiler_wrapper(argv, argc);
    for (size_t i = out->wrapper ? 2 : 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-c") == 0 || strcmp(a, "-S") == 0)
            out->compile = 1;
        else if (strcmp(a, "-E") == 0)
            out->preprocess = 1;
        else if (strcmp(a, "-M") == 0 || strcmp(a, "-MM") == 0)
            deps = 1;
        if (strcmp(a, "-x") == 0 && i + 1 < argc && strcmp(argv[i + 1], "c") != 0
            && strcmp(argv[i + 1], "none") != 0)
            out->other_lang = 1;
        if (strncmp(a, "-x", 2) == 0 && a[2] && strcmp(a + 2, "c") != 0 && strcmp(a + 2, "none") != 0)
            out->other_lang = 1;
        if (a[0] != '-' && looks_like_source(a)) {
            if (lg_strv_push(&out->sources, a) < 0)
                return -1;
            continue;
        }
        int value = takes_value(a) && i + 1 < argc;
        if (dropped(a)) {
            if (value)
                i++;
            continue;
        }
        if (lg_strv_push(&out->flags, a) < 0)
            return -1;
        if (value) {
            if (lg_strv_push(&out->flags, argv[++i]) < 0)
                return -1;
        }
    }
    out->deps_only = deps && !out->compile;
    return 0;
}

void lg_compile_args_free(lg_compile_args *a)
{
    lg_strv_free(&a->flags);
    lg_strv_free(&a->sources);
}

const char *lg_compile_source(const lg_compile_args *a)
{
    const char *off = getenv("LINGER_DISABLE");
    if (off != NULL && *off && strcmp(off, "0") != 0)
        return NULL;
    if (!a->compile || a->preprocess || a->deps_only || a->other_lang || a->sources.n != 1)
        return NULL;
    return lg_is_c_source(a->sources.v[0]) ? a->sources.v[0] : NULL;
}

_Noreturn void lg_exec_compiler(char **argv, const char *who)
{
    execvp(argv[0], argv);
    fprintf(stderr, "%s: error: cannot run '%s': %s\n", who, argv[0], strerror(errno));
    _exit(127);
}
