/* inline.h — the program's helpers are static inline functions of its own
 * header: a leak inside one is found once, at this file's line, judged with
 * every file that calls it.  Bad and good twins side by side. */
#ifndef INLINE_H
#define INLINE_H
#include <linger/linger.h>

extern lg_object *g_bus;       /* watched through bus_watch, never unwatched */
extern lg_object *g_tabs;      /* watched through tabs_watch, unwatched in close.c */
extern lg_object *g_memo;      /* filled through memo_put, never trimmed */
extern lg_object *g_seen;      /* filled through seen_put, trimmed in prune.c */
extern lg_object *g_plugins;   /* filled through reg_add from load.c, never emptied */
extern lg_object *g_jobs;      /* filled through reg_add from jobs.c, emptied in jobs.c */
extern lg_object *g_mime;      /* reached through mime_table(), never trimmed */
extern lg_object *g_types;     /* reached through types_table(), trimmed in prune.c */

static inline void bus_watch(lg_object *listener)
{
    lg_emitter_on(g_bus, listener);   /* expect: listener-strong-ref @lg_emitter_on expect-per-file: listener-strong-ref @lg_emitter_on */
}

static inline void tabs_watch(lg_object *listener)
{
    lg_emitter_on(g_tabs, listener);  /* unwatched by tabs_unwatch, below */
}

static inline void tabs_unwatch(lg_object *listener)
{
    lg_emitter_off(g_tabs, listener);
}

static inline void memo_put(lg_object *k, lg_object *v)
{
    lg_dict_set(g_memo, k, v);        /* expect: unbounded-cache @lg_dict_set expect-per-file: unbounded-cache @lg_dict_set */
}

static inline void seen_put(lg_object *k, lg_object *v)
{
    lg_dict_set(g_seen, k, v);        /* expect-per-file: unbounded-cache @lg_dict_set */
}

static inline void reg_add(lg_object *list, lg_object *x)
{
    lg_list_append(list, x);          /* expect: unbounded-cache @lg_list_append expect-note: "'g_plugins' that load.c" */
}

static inline lg_object *mime_table(void)
{
    return g_mime;
}

static inline lg_object *types_table(void)
{
    return g_types;
}

/* a closure's function defined here: reads capture 0 only */
static inline lg_object *on_tick(lg_object *self, lg_object *arg)
{
    (void)arg;
    return lg_retain(lg_closure_capture(self, 0));
}

#endif
