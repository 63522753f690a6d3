/* deep.h — parameters resolved through callers in other files, several
 * links deep and around a cycle; containers trimmed in another file; a
 * closure whose function (in another file) reads its capture, and one whose
 * function does not. */
#include <linger/linger.h>

extern lg_object *g_registry;  /* filled through three helpers, never emptied */
extern lg_object *g_seen;      /* filled through two helpers, trimmed in trim.c */
extern lg_object *g_pending;   /* filled around a ping/pong cycle, never emptied */

void reg_add(lg_object *r, lg_object *x);
void reg_put(lg_object *r, lg_object *x);
void reg_store(lg_object *r, lg_object *x);
void ping(lg_object *t, lg_object *x, int n);
void pong(lg_object *t, lg_object *x, int n);
lg_object *reader_fn(lg_object *self, lg_object *arg);
lg_object *idle_fn(lg_object *self, lg_object *arg);
