/*
 * reparse_bench.c FILE [-- FLAGS] — libclang's own cost for an edit: parse
 * FILE once with a precompiled preamble (as the editor server does), then
 * reparse it 20 times from an unsaved buffer with a digit of the last
 * lg_int( constant edited (typing inside a function); prints the median
 * reparse time in milliseconds.  The anchor of run_lsp_bench.sh.
 */
#include <clang-c/Index.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: reparse_bench FILE [-- FLAGS...]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 64);
    if (fread(text, 1, (size_t)n, f) != (size_t)n)
        return 2;
    fclose(f);
    text[n] = 0;
    int nflags = argc > 3 ? argc - 3 : 0;
    CXIndex idx = clang_createIndex(0, 0);
    struct CXUnsavedFile u = { argv[1], text, (unsigned long)n };
    CXTranslationUnit tu;
    unsigned opts = CXTranslationUnit_PrecompiledPreamble | CXTranslationUnit_KeepGoing
                    | CXTranslationUnit_CreatePreambleOnFirstParse;
    if (clang_parseTranslationUnit2(idx, argv[1], (const char *const *)argv + 3, nflags, &u, 1, opts, &tu)) {
        fprintf(stderr, "reparse_bench: parse failed\n");
        return 1;
    }
    char *at = NULL;                                /* the last lg_int( constant: the same edit */
    for (char *p = strstr(text, "lg_int("); p != NULL; p = strstr(p + 1, "lg_int("))
        at = p + 7;
    if (at == NULL)
        at = text + n - 2;
    double t[20];
    for (int i = 0; i < 20; i++) {
        *at = (char)('1' + i % 9);
        double t0 = now_ms();
        clang_reparseTranslationUnit(tu, 1, &u, clang_defaultReparseOptions(tu));
        t[i] = now_ms() - t0;
    }
    qsort(t, 20, sizeof *t, cmp);
    printf("%.3f\n", t[10]);
    clang_disposeTranslationUnit(tu);
    clang_disposeIndex(idx);
    free(text);
    return 0;
}
