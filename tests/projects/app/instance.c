/* instance.c — a per-instance struct made with calloc: the dict it fills
 * while it is built is its own (released with it in session_free), not a
 * long-lived place; and a call written with parentheses is the same call. */
#include "app.h"
#include <stdlib.h>

struct session {
    lg_object *seen;    /* this session's own */
};

lg_object *g_log;       /* every session's events, for ever */

struct session *session_new(lg_object *first)
{
    struct session *s = calloc(1, sizeof *s);
    s->seen = lg_dict();
    lg_dict_set(s->seen, first, first);
    (lg_list_append)(g_log, first); /* expect: unbounded-cache @(lg_list_append */ /* expect-per-file: unbounded-cache @(lg_list_append */
    return s;
}

void session_free(struct session *s)
{
    lg_release(s->seen);
    free(s);
}
