/* bus.h — a GObject-flavoured in-house API: signals connected with a
 * handler and its data (a handle comes back), disconnected all at once;
 * pools whose add both stores and returns its item. */
#ifndef BUS_H
#define BUS_H
typedef struct bus_obj bus_obj;
typedef void (*bus_handler)(bus_obj *sender, void *data);

unsigned long bus_connect(bus_obj *obj, const char *signal, bus_handler h, void *data);
void bus_disconnect_all(bus_obj *obj);
bus_obj *pool_new(void);
bus_obj *pool_add(bus_obj *pool, bus_obj *item);
void pool_reset(bus_obj *pool);
#endif
