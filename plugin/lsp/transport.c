/*
 * transport.c — the wire: Content-Length framing of JSON-RPC messages on
 * stdin/stdout.  Reading fills the server's input buffer and hands back one
 * message body at a time; writing sends one whole message at a time under
 * one lock (a parse set aside after a timeout may still wake up and write).
 */
#define _GNU_SOURCE 1
#include "lsp_int.h"
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

pthread_mutex_t lg__lsp_out_lock = PTHREAD_MUTEX_INITIALIZER;

void lg__lsp_send(json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (body == NULL)
        return;
    pthread_mutex_lock(&lg__lsp_out_lock);
    printf("Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    fflush(stdout);
    pthread_mutex_unlock(&lg__lsp_out_lock);
    free(body);
}

void lg__lsp_respond(json_t *id, json_t *result)
{
    lg__lsp_send(json_pack("{s:O, s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

void lg__lsp_respond_error(json_t *id, int code, const char *message)
{
    lg__lsp_send(json_pack("{s:O, s:{s:i, s:s}}", "id", id ? id : json_null(), "error", "code", code,
                   "message", message));
}

void lg__lsp_log(int type, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    lg__lsp_send(json_pack("{s:s, s:{s:i, s:s}}", "method", "window/logMessage", "params", "type", type,
                   "message", buf));
}

/* Reads more input; 0 on end of input. */
static int fill(server *s)
{
    if (s->inlen == sizeof s->in)
        return 1;
    ssize_t n = read(0, s->in + s->inlen, sizeof s->in - s->inlen);
    if (n <= 0)
        return n < 0 && errno == EINTR;
    s->inlen += (size_t)n;
    return 1;
}

int lg__lsp_input_waiting(int timeout_ms)
{
    struct pollfd p = { 0, POLLIN, 0 };
    return poll(&p, 1, timeout_ms) > 0;
}

/* Reads one message body (malloc'd) into *body; 0 at end of input. */
int lg__lsp_read_message(server *s, char **body, size_t *blen)
{
    for (;;) {
        char *end = memmem(s->in, s->inlen, "\r\n\r\n", 4);
        if (end == NULL) {
            if (s->inlen == sizeof s->in)
                s->inlen = 0;                     /* garbage without headers: dropped */
            if (!fill(s))
                return 0;
            continue;
        }
        size_t hlen = (size_t)(end - s->in) + 4;
        /* the last Content-Length in the header block; bytes left over from a
         * message whose length was wrong may precede it on the same line */
        long length = -1;
        for (char *p = s->in; p + 15 <= end; p++)
            if (strncasecmp(p, "Content-Length:", 15) == 0)
                length = strtol(p + 15, NULL, 10);
        if (length < 0 || length > (64L << 20)) {
            memmove(s->in, s->in + hlen, s->inlen - hlen);
            s->inlen -= hlen;
            lg__lsp_respond_error(NULL, -32700, "Parse error: a message without a valid Content-Length");
            continue;
        }
        char *b = malloc((size_t)length + 1);
        size_t have = s->inlen - hlen < (size_t)length ? s->inlen - hlen : (size_t)length;
        memcpy(b, s->in + hlen, have);
        memmove(s->in, s->in + hlen + have, s->inlen - hlen - have);
        s->inlen -= hlen + have;
        while (have < (size_t)length) {
            ssize_t n = read(0, b + have, (size_t)length - have);
            if (n <= 0 && !(n < 0 && errno == EINTR)) {
                free(b);
                return 0;
            }
            if (n > 0)
                have += (size_t)n;
        }
        b[length] = 0;
        *body = b;
        *blen = (size_t)length;
        return 1;
    }
}
