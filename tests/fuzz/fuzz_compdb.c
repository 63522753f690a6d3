/*
 * fuzz_compdb.c — libFuzzer harness for compile_commands.json and @file
 * expansion (plugin/cli/compdb.c, args.c: what `linger check -p DIR` reads).
 * The input is up to four files separated by a line "--": the database,
 * then response files a.rsp, b.rsp and sub/c.rsp, written into a scratch
 * build directory that also holds a FIFO, a symlink loop, a link to
 * /dev/zero and a response file that names itself.  lg_compdb_load must
 * either load every entry (an absolute directory and file, a non-empty
 * command that lg_compile_args_parse classifies) or refuse with a message
 * that names the database — and never block, run away or crash.
 */
#define _GNU_SOURCE
#include "compdb.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];                 /* the scratch build directory */
static const char *const names[] = { "compile_commands.json", "a.rsp", "b.rsp", "sub/c.rsp" };

static void put(const char *name, const char *text, size_t len)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        abort();
    if (len > 0 && fwrite(text, 1, len, f) != len)
        abort();
    fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    snprintf(dir, sizeof dir, "/tmp/linger-fuzz-compdb-XXXXXX");
    if (mkdtemp(dir) == NULL)
        abort();
    char p[128];
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/fifo.rsp", dir);
    mkfifo(p, 0600);                 /* no writer: reading it would block */
    snprintf(p, sizeof p, "%s/loop.rsp", dir);
    if (symlink("loop.rsp", p) != 0)
        abort();
    snprintf(p, sizeof p, "%s/zero.rsp", dir);
    if (symlink("/dev/zero", p) != 0)
        abort();
    put("self.rsp", "-DSELF @self.rsp", 16);
    return 0;
}

/* The next part of the input: up to a line "--" or the end. */
static const char *part(const char *s, const char *end, size_t *len, const char **next)
{
    const char *sep = memmem(s, (size_t)(end - s), "\n--\n", 4);
    *len = (size_t)((sep ? sep : end) - s);
    *next = sep ? sep + 4 : end;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data, *end = s + size;
    for (size_t i = 0; i < 4; i++) {
        size_t len;
        const char *next;
        part(s, end, &len, &next);
        put(names[i], s, len);
        s = next;
    }
    lg_compdb_entry *v;
    size_t n;
    char err[1024] = "";
    if (lg_compdb_load(dir, &v, &n, err, sizeof err) < 0) {
        if (strstr(err, "compile_commands.json") == NULL)
            abort();                 /* a refusal names the database */
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (v[i].directory[0] != '/' || v[i].file[0] != '/' || v[i].argv.n == 0)
            abort();
        lg_compile_args ca;
        if (lg_compile_args_parse(v[i].argv.v, v[i].argv.n, &ca) == 0)
            lg_compile_args_free(&ca);
    }
    lg_compdb_free(v, n);
    return 0;
}
