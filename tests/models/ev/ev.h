/* ev.h — an in-house API with other argument orders: the listener before
 * the emitter, the item before the vector, handles instead of listeners,
 * GLib-style tasks with one user_data pointer and a destroy notify. */
#ifndef EV_H
#define EV_H
typedef struct ev_thing ev_thing;
typedef void (*ev_task_fn)(void *user_data);
typedef void (*ev_destroy_fn)(void *user_data);

unsigned long ev_listen(ev_thing *listener, ev_thing *source);
void ev_unlisten(ev_thing *source, unsigned long handle);
ev_thing *ev_vec(void);
void vec_push(ev_thing *item, ev_thing *vec);
void vec_drop(ev_thing *vec, unsigned i);
ev_thing *vec_at(ev_thing *vec, unsigned i);
unsigned vec_len(ev_thing *vec);
void ev_fire(ev_thing *callable, int arg);
ev_thing *ev_buf(unsigned long bytes);
unsigned ev_task_add(ev_task_fn fn, void *user_data, ev_destroy_fn destroy);
void store_generic(ev_thing *into, int flags, ev_thing *what);
#define VEC_ADD(v, x) store_generic((v), 0, (x))
#endif
