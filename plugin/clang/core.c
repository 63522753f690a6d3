/*
 * core.c — see core.h.  Nothing here knows clang: the facts come in, the
 * findings go out exactly as `linger check` makes them (lg_rules_run sorts
 * and fingerprints them, lg_findings_suppress applies the comments).
 */
#include "core.h"
#include "store.h"
#include <assert.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void lg_plugin_analyze(const lg_index_unit *u, size_t n, const int *enabled, lg_findings *out)
{
    assert(u != NULL && out != NULL);
    for (size_t i = 0; i < n; i++)
        lgf_dump_if_asked(u[i].facts);
    lg_index_judge_compile(u, n, enabled, out);
}

/* This process's command line (NUL-separated in /proc/self/cmdline): the
 * compiler as the build ran it.  argv's strings live in *buf. */
static int own_command(char **buf, char ***argv)
{
    *buf = NULL;
    *argv = NULL;
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t cap = 4096, len = 0;
    char *b = malloc(cap + 1);
    ssize_t n;
    while (b != NULL && (n = read(fd, b + len, cap - len)) > 0) {
        len += (size_t)n;
        if (len == cap) {
            char *nb = realloc(b, cap * 2 + 1);
            if (nb == NULL)
                break;
            b = nb;
            cap *= 2;
        }
    }
    close(fd);
    if (b == NULL)
        return 0;
    b[len] = 0;
    int argc = 0;
    for (size_t i = 0; i < len; i++)
        argc += b[i] == 0;
    char **v = calloc((size_t)argc + 1, sizeof *v);
    if (v == NULL) {
        free(b);
        return 0;
    }
    int k = 0;
    for (size_t i = 0; i < len && k < argc; i += strlen(b + i) + 1)
        v[k++] = b + i;
    *buf = b;
    *argv = v;
    return k;
}

int lg_plugin_judge_indexed(const char *db, const lg_index_unit *u, size_t n,
                            const lgm_set *models, const int *enabled, lg_findings *out,
                            char **notes, char *err, size_t errsz)
{
    assert(db != NULL && u != NULL && n > 0 && out != NULL && notes != NULL);
    char *buf, **argv;
    int argc = own_command(&buf, &argv);
    static char *none[] = { "clang", NULL };
    for (size_t i = 0; i < n; i++)
        lgf_dump_if_asked(u[i].facts);
    lg_index_report rep;
    int rc = lg_index_compile(db, "clang plugin", argc ? argc : 1, argc ? argv : none, u, n,
                              models, enabled, out, &rep, err, errsz);
    *notes = rep.notes;
    rep.notes = NULL;
    lg_index_report_free(&rep);
    free(argv);
    free(buf);
    return rc;
}
