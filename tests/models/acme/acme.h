/* acme.h — an in-house refcounted API, spelt nothing like linger's: macros
 * over _impl functions that take the caller's file, a variadic closure with
 * a count, an event bus and a table. */
#ifndef ACME_H
#define ACME_H
#include <stddef.h>

typedef struct acme_obj acme_obj;
typedef acme_obj *(*acme_fn)(acme_obj *self, acme_obj *arg);

acme_obj *acme_table_new_impl(const char *file);
#define acme_table_new() acme_table_new_impl(__FILE__)
int acme_table_put_impl(acme_obj *table, acme_obj *key, acme_obj *value, const char *file);
#define acme_table_put(t, k, v) acme_table_put_impl((t), (k), (v), __FILE__)
int acme_table_del(acme_obj *table, acme_obj *key);
acme_obj *acme_blob(size_t bytes);
acme_obj *acme_text(const char *s);
acme_obj *acme_ref(acme_obj *o);
void acme_unref(acme_obj *o);

acme_obj *acme_bus_new(void);
int acme_bus_on_impl(acme_obj *bus, acme_obj *listener, const char *file);
#define acme_bus_on(b, l) acme_bus_on_impl((b), (l), __FILE__)
int acme_bus_on_weak(acme_obj *bus, acme_obj *listener);
int acme_bus_off(acme_obj *bus, acme_obj *listener);

acme_obj *acme_closure_new(acme_fn fn, size_t n, ...);
acme_obj *acme_closure_get(acme_obj *self, size_t i);
#endif
