/*
 * lsp.c — `linger lsp`, a Language Server Protocol server on stdio: the
 * loop, initialize and the dispatch of methods.  The wire is transport.c,
 * positions positions.c, documents and text sync documents.c, compile flags
 * flags.c, the findings database database.c, analysis and diagnostics
 * diagnostics.c, code actions actions.c; lsp_int.h holds what they share.
 *
 * One thread, one loop: read a message (Content-Length framing, JSON body via
 * jansson), handle it, and when no more input is waiting, analyse the
 * documents whose text changed — so a burst of edits costs one analysis of
 * the newest text.  Each open document keeps its libclang translation unit
 * (parsed from the unsaved buffer with a precompiled preamble; edits reparse
 * it), and its last findings for code actions.  Findings become diagnostics;
 * when the findings database holds evidence that confirms one, its message
 * says so, and the diagnostics are republished when the database changes.
 * Positions are UTF-16 code units unless the client offers UTF-8.
 */
#include "lsp_int.h"
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *capabilities(server *s)
{
    return json_pack("{s:{s:{s:b, s:i, s:{s:b}}, s:{s:[s]}, s:b, s:s}, s:{s:s, s:s}}",
        "capabilities", "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
        "codeActionProvider", "codeActionKinds", "quickfix", "hoverProvider", 1,
        "positionEncoding", s->utf8 ? "utf-8" : "utf-16",
        "serverInfo", "name", "linger", "version", LINGER_VERSION_STRING);
}

/* The models: `linger`, the initialization option `models` (names or
 * paths), LINGER_MODELS, the workspace's .linger/models; and the front end
 * that uses them.  -1 with err when one is bad. */
static int load_models(server *s, json_t *list, char *err, size_t errsz)
{
    lg_strv specs = { 0 };
    size_t i;
    json_t *v;
    if (list != NULL && !json_is_array(list)) {
        snprintf(err, errsz, "initializationOptions.models must be a list of model names or paths");
        return -1;
    }
    json_array_foreach(list, i, v) {
        if (!json_is_string(v)) {
            snprintf(err, errsz, "initializationOptions.models[%zu] is not a string", i);
            lg_strv_free(&specs);
            return -1;
        }
        lg_strv_push(&specs, json_string_value(v));
    }
    lgm_set *models = lgm_set_standard(0, (const char *const *)specs.v, specs.n,
                                       s->root[0] ? s->root : NULL, err, errsz);
    lg_strv_free(&specs);
    if (models == NULL)
        return -1;
    lg_frontend_set_models(s->fe, models);     /* the index stays: only what calls do changes */
    lg__lsp_index_free(s);                     /* the project index's calls point into them */
    lgm_set_free(s->models);
    s->models = models;
    return 0;
}

static void on_initialize(server *s, json_t *id, json_t *params)
{
    json_t *enc = json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"),
                                  "positionEncodings");
    size_t i;
    json_t *v;
    json_array_foreach(enc, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), "utf-8") == 0)
            s->utf8 = 1;
    json_t *root = json_object_get(params, "rootUri");
    if (json_is_string(root)) {
        char *p = lg__lsp_uri_to_path(json_string_value(root));
        snprintf(s->root, sizeof s->root, "%s", p);
        free(p);
    } else if (json_is_string(json_object_get(params, "rootPath"))) {
        snprintf(s->root, sizeof s->root, "%s", json_string_value(json_object_get(params, "rootPath")));
    }
    char err[1024];
    if (load_models(s, json_object_get(json_object_get(params, "initializationOptions"), "models"),
                    err, sizeof err) < 0) {
        lg__lsp_log(1, "linger: %s", err);
        lg__lsp_respond_error(id, -32602, err);
        return;
    }
    lg__lsp_find_db(s);
    lg__lsp_background_index(s, json_object_get(params, "initializationOptions"));
    s->db_stamp = lg__lsp_db_stamp(s);
    s->initialized = 1;
    lg__lsp_respond(id, capabilities(s));
}

/* Handles one message; returns 1 when the server must exit (status in *code). */
static int handle(server *s, json_t *msg, int *code)
{
    if (!json_is_object(msg)) {
        lg__lsp_respond_error(NULL, -32600, "Invalid Request: not a JSON object");
        return 0;
    }
    json_t *id = json_object_get(msg, "id");
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    if (method == NULL) {
        if (id == NULL || json_object_get(msg, "result") == NULL)
            lg__lsp_respond_error(id, -32600, "Invalid Request: no method");
        return 0;                                  /* a response to us: ignored */
    }
    if (strcmp(method, "exit") == 0) {
        *code = s->shutdown ? 0 : 1;
        return 1;
    }
    if (!s->initialized && strcmp(method, "initialize") != 0) {
        if (id != NULL)
            lg__lsp_respond_error(id, -32002, "Server not initialized");
        return 0;
    }
    if (s->shutdown && id != NULL) {
        lg__lsp_respond_error(id, -32600, "Invalid Request: the server is shutting down");
        return 0;
    }
    if (strcmp(method, "initialize") == 0) {
        if (s->initialized)
            lg__lsp_respond_error(id, -32600, "Invalid Request: already initialized");
        else
            on_initialize(s, id, params);
    } else if (strcmp(method, "initialized") == 0) {
    } else if (strcmp(method, "shutdown") == 0) {
        s->shutdown = 1;
        lg__lsp_respond(id, NULL);
    } else if (strcmp(method, "textDocument/didOpen") == 0) {
        lg__lsp_did_open(s, params);
    } else if (strcmp(method, "textDocument/didChange") == 0) {
        lg__lsp_did_change(s, params);
    } else if (strcmp(method, "textDocument/didSave") == 0) {
        doc *d = lg__lsp_find_doc(s, json_string_value(json_object_get(json_object_get(params, "textDocument"), "uri")));
        if (d != NULL)
            d->dirty = 1;
    } else if (strcmp(method, "textDocument/didClose") == 0) {
        lg__lsp_did_close(s, params);
    } else if (strcmp(method, "textDocument/codeAction") == 0) {
        lg__lsp_code_action(s, id, params);
    } else if (strcmp(method, "textDocument/hover") == 0) {
        lg__lsp_hover(s, id, params);
    } else if (id != NULL) {
        lg__lsp_respond_error(id, -32601, "Method not found");
    }
    return 0;
}

static const char lsp_usage[] =
    "usage: linger lsp\n"
    "\n"
    "A Language Server Protocol server on stdin/stdout: linger's findings as\n"
    "diagnostics, quick fixes and suppressions as code actions, run-time\n"
    "confirmation from the findings database ($LINGER_DB, or linger.db or\n"
    "build/linger.db in the workspace) in the messages.  See docs/editors.md.\n";

/* --help (0), --stdio (the only transport: accepted, -1 = go on), anything
 * else a usage error (2).  argv[-1] is the command's name, as getopt_long
 * wants argv[0]. */
static int parse_options(int argc, char **argv)
{
    static const struct option longs[] = {
        { "help", no_argument, NULL, 'h' }, { "stdio", no_argument, NULL, 's' }, { 0, 0, 0, 0 }
    };
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc + 1, argv - 1, ":h", longs, NULL)) != -1) {
        if (c == 'h') {
            fputs(lsp_usage, stdout);
            return LG_EXIT_OK;
        }
        if (c != 's')
            return lg_cli_bad_option("lsp", argv - 1);
    }
    if (optind < argc + 1) {
        fprintf(stderr, "linger: error: lsp: unexpected argument '%s'\n", argv[optind - 1]);
        return LG_EXIT_ERROR;
    }
    return -1;
}

int lg_lsp_main(int argc, char **argv)
{
    int rc = parse_options(argc, argv);
    if (rc >= 0)
        return rc;
    static server s;
    s.fe = lg_frontend_new(NULL);              /* linger's model until initialize says more */
    if (s.fe == NULL) {
        fprintf(stderr, "linger: error: cannot create a libclang index\n");
        return LG_EXIT_ERROR;
    }
    lg_fallback_includes();
    int code = 1;
    for (;;) {
        /* analyse when no input waits: the newest text only */
        if (s.inlen == 0 && !lg__lsp_input_waiting(0)) {
            for (size_t i = 0; i < s.ndocs;) {
                size_t before = s.ndocs;
                if (s.docs[i]->dirty)
                    lg__lsp_analyse(&s, s.docs[i]);   /* may set it aside: another takes slot i */
                if (s.ndocs == before)
                    i++;
            }
            while (s.inlen == 0 && !lg__lsp_input_waiting(1000)) {
                lg__lsp_background_reap(&s, 0);
                long long stamp = lg__lsp_db_stamp(&s);   /* the database changed: republish */
                if (s.initialized && stamp != s.db_stamp) {
                    s.db_stamp = stamp;
                    for (size_t i = 0; i < s.ndocs; i++)
                        s.docs[i]->dirty = 1;
                    break;
                }
            }
            if (s.inlen == 0 && !lg__lsp_input_waiting(0))
                continue;
        }
        char *body;
        size_t blen;
        if (!lg__lsp_read_message(&s, &body, &blen))
            break;                                /* the client went away */
        json_error_t je;
        json_t *msg = json_loadb(body, blen, 0, &je);
        free(body);
        if (msg == NULL) {
            lg__lsp_respond_error(NULL, -32700, "Parse error: malformed JSON");
            continue;
        }
        int stop = handle(&s, msg, &code);
        json_decref(msg);
        if (stop)
            break;
    }
    lg__lsp_background_reap(&s, 1);
    for (size_t i = 0; i < s.ndocs; i++) {
        lg__lsp_doc_free(s.docs[i]);
        free(s.docs[i]);
    }
    free(s.docs);
    lg__lsp_index_free(&s);                      /* its facts point into the models: first */
    lg_frontend_free(s.fe);
    lgm_set_free(s.models);
    return code;
}
