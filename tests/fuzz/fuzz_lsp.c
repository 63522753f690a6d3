/*
 * fuzz_lsp.c — libFuzzer harness for the editor server's wire and text
 * sync (plugin/lsp: transport.c, documents.c, positions.c), the real code.
 * The first byte picks UTF-8 or UTF-16 positions; the rest is what an
 * editor writes to the server's standard input: Content-Length framed
 * messages, read by lg__lsp_read_message from a file on fd 0.  Each body is
 * parsed as JSON-RPC and its textDocument/didOpen, didChange and didClose
 * applied as the server does (analysis is not run: it needs a parse per
 * input).  After each message every open document must still be a
 * NUL-terminated text of its recorded length, every position an editor can
 * send must map inside it, and every range the server can publish must be
 * built.  What the server writes back goes to /dev/null.
 */
#define _GNU_SOURCE
#include "lsp_int.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {                  /* the server's replies and diagnostics */
        dup2(null, 1);
        close(null);
    }
    return 0;
}

/* Puts the input on fd 0, where the server reads its messages. */
static int feed(const uint8_t *data, size_t size)
{
    int fd = memfd_create("lsp-input", 0);
    if (fd < 0)
        return -1;
    for (size_t off = 0; off < size;) {
        ssize_t n = write(fd, data + off, size - off);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    dup2(fd, 0);
    close(fd);
    return 0;
}

/* What must hold for every open document after any message. */
static void check_docs(server *s, long line, long ch)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        doc *d = s->docs[i];
        if (d->text == NULL)
            abort();
        if (d->text[d->len] != 0)
            abort();                  /* the text is its length, NUL-terminated */
        size_t off = lg__lsp_offset_of(s, d->text, d->len, line, ch);
        if (off > d->len)
            abort();
        unsigned l = line < 0 ? 0u : (unsigned)(line % 100000) + 1u;
        unsigned c = ch < 0 ? 1u : (unsigned)(ch % 100000) + 1u;
        json_decref(lg__lsp_range(s, d, l, c, (unsigned)(off % 7)));
        if (lg__lsp_find_doc(s, d->uri) != d)
            abort();                  /* one document per URI */
    }
}

static void dispatch(server *s, const char *body, size_t blen)
{
    json_t *msg = json_loadb(body, blen, 0, NULL);
    const char *method = json_string_value(json_object_get(msg, "method"));
    json_t *params = json_object_get(msg, "params");
    if (method != NULL && strcmp(method, "textDocument/didOpen") == 0)
        lg__lsp_did_open(s, params);
    else if (method != NULL && strcmp(method, "textDocument/didChange") == 0)
        lg__lsp_did_change(s, params);
    else if (method != NULL && strcmp(method, "textDocument/didClose") == 0)
        lg__lsp_did_close(s, params);
    json_t *pos = json_object_get(params, "position");
    check_docs(s, (long)json_integer_value(json_object_get(pos, "line")),
               (long)json_integer_value(json_object_get(pos, "character")));
    json_decref(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || feed(data + 1, size - 1) < 0)
        return 0;
    server *s = calloc(1, sizeof *s);
    if (s == NULL)
        return 0;
    s->utf8 = data[0] & 1;
    char *body;
    size_t blen;
    for (int n = 0; n < 64 && lg__lsp_read_message(s, &body, &blen); n++) {
        dispatch(s, body, blen);
        free(body);
    }
    for (size_t i = 0; i < s->ndocs; i++) {
        lg__lsp_doc_free(s->docs[i]);
        free(s->docs[i]);
    }
    free(s->docs);
    free(s);
    return 0;
}
