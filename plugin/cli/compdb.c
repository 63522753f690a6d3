/*
 * compdb.c — reading compile_commands.json with jansson (see compdb.h).  A
 * malformed file or entry is an error naming the file and, for syntax errors,
 * the line and column; relative directories are taken relative to the
 * database's own directory.
 */
#include "compdb.h"
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *join(const char *dir, const char *path)
{
    size_t n = strlen(dir) + strlen(path) + 2;
    char *s = malloc(n);
    if (s == NULL)
        return NULL;
    if (path[0] == '/')
        snprintf(s, n, "%s", path);
    else
        snprintf(s, n, "%s/%s", dir, path);
    return s;
}

static int entry_load(json_t *e, size_t i, const char *dbdir, lg_compdb_entry *out,
                      char *err, size_t errsz)
{
    json_t *dir = json_object_get(e, "directory"), *file = json_object_get(e, "file");
    json_t *arguments = json_object_get(e, "arguments"), *command = json_object_get(e, "command");
    if (!json_is_object(e) || !json_is_string(dir) || !json_is_string(file)) {
        snprintf(err, errsz, "entry %zu: needs string \"directory\" and \"file\"", i);
        return -1;
    }
    out->directory = join(dbdir, json_string_value(dir));
    out->file = out->directory ? join(out->directory, json_string_value(file)) : NULL;
    if (out->file == NULL) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    lg_strv raw = { 0 };
    if (json_is_array(arguments)) {
        size_t k;
        json_t *a;
        json_array_foreach(arguments, k, a) {
            if (!json_is_string(a)) {
                snprintf(err, errsz, "entry %zu: \"arguments\" must hold strings", i);
                lg_strv_free(&raw);
                return -1;
            }
            lg_strv_push(&raw, json_string_value(a));
        }
    } else if (json_is_string(command)) {
        if (lg_split_command(json_string_value(command), &raw) < 0) {
            snprintf(err, errsz, "entry %zu: unterminated quote in \"command\"", i);
            lg_strv_free(&raw);
            return -1;
        }
    } else {
        snprintf(err, errsz, "entry %zu: needs \"arguments\" (array) or \"command\" (string)", i);
        return -1;
    }
    if (raw.n == 0) {
        snprintf(err, errsz, "entry %zu: empty command", i);
        lg_strv_free(&raw);
        return -1;
    }
    int rc = lg_expand_response_files(raw.v, raw.n, out->directory, &out->argv, err, errsz);
    lg_strv_free(&raw);
    if (rc == 0 && out->argv.n == 0) {   /* `@empty.rsp`: no compiler at all */
        snprintf(err, errsz, "entry %zu: empty command (its response files hold nothing)", i);
        return -1;
    }
    return rc;
}

int lg_compdb_load(const char *build_dir, lg_compdb_entry **out, size_t *n, char *err, size_t errsz)
{
    *out = NULL;
    *n = 0;
    char dbdir[PATH_MAX];
    if (realpath(build_dir, dbdir) == NULL) {
        snprintf(err, errsz, "%s: no such directory", build_dir);
        return -1;
    }
    char *path = join(dbdir, "compile_commands.json");
    json_error_t je;
    json_t *root = path ? json_load_file(path, 0, &je) : NULL;
    if (root == NULL) {
        if (path != NULL && je.line < 0)
            snprintf(err, errsz, "%s: cannot read (%s)", path, je.text);
        else
            snprintf(err, errsz, "%s:%d:%d: malformed JSON: %s", path ? path : build_dir,
                     je.line, je.column, je.text);
        free(path);
        return -1;
    }
    if (!json_is_array(root)) {
        snprintf(err, errsz, "%s: expected a JSON array of compile commands", path);
        json_decref(root);
        free(path);
        return -1;
    }
    size_t count = json_array_size(root);
    lg_compdb_entry *v = calloc(count ? count : 1, sizeof *v);
    int rc = v ? 0 : -1;
    char inner[512] = "out of memory";
    for (size_t i = 0; i < count && rc == 0; i++)
        rc = entry_load(json_array_get(root, i), i, dbdir, &v[i], inner, sizeof inner);
    if (rc < 0) {
        snprintf(err, errsz, "%s: %s", path, inner);
        lg_compdb_free(v, count);
    } else {
        *out = v;
        *n = count;
    }
    json_decref(root);
    free(path);
    return rc;
}

void lg_compdb_free(lg_compdb_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++) {
        free(e[i].directory);
        free(e[i].file);
        lg_strv_free(&e[i].argv);
    }
    free(e);
}
