/* More shapes: whole calls inside macros, statement expressions, ternaries,
 * comma operators, compound literals, _Generic, function-static containers,
 * pointer typedefs, locals pointing at globals, do-while(0) macros. */
#include <stdlib.h>
#include <string.h>
#include <linger/linger.h>

typedef lg_object *obj_t;

struct app {
    obj_t listeners;
    obj_t by_name;
    obj_t scratch;
};

static struct app the_app;
static obj_t g_list;

#define ADD(x) lg_list_append(g_list, x)
#define SAFE_ADD(l, x) do { if ((l) != NULL) lg_list_append((l), (x)); } while (0)
#define PICK(x) _Generic((x), obj_t: (x), default: (x))
#define CAPTURE_ALL(fn, ...) lg_closure(fn, 1, __VA_ARGS__)

static lg_object *reads_nothing(lg_object *self, lg_object *arg)
{
    (void)self;
    return lg_retain(arg);
}

static lg_object *reads_all(lg_object *self, lg_object *arg)
{
    (void)arg;
    for (size_t i = 0; i < lg_closure_ncaptures(self); i++)
        (void)lg_closure_capture(self, i);
    return NULL;
}

void macros(obj_t x)
{
    ADD(x);
    SAFE_ADD(g_list, x);
    SAFE_ADD(the_app.listeners, PICK(x));
}

void expressions(obj_t x, int flag)
{
    obj_t target = flag ? the_app.by_name : g_list;
    lg_dict_set(target, x, x);
    lg_dict_set(the_app.by_name, lg_str("name"), (flag, x));
    lg_list_append(({ obj_t t = the_app.scratch; t; }), x);
    struct app *a = &the_app;
    lg_list_append(a->listeners, x);
    lg_list_append((&the_app)->scratch, x);
}

void statics(obj_t x)
{
    static obj_t seen;
    if (seen == NULL)
        seen = lg_list();
    lg_list_append(seen, x);
    static obj_t memo;
    lg_dict_set(memo, x, lg_int(1));
    lg_dict_del(memo, x);
}

void closures(void)
{
    obj_t huge = lg_buffer(256 * 1024);
    obj_t c = CAPTURE_ALL(reads_nothing, huge);
    obj_t d = lg_closure(reads_all, 1, huge);
    obj_t e = lg_closure(reads_nothing, 0);
    lg_list_append(g_list, c);
    lg_list_append(g_list, d);
    lg_list_append(g_list, e);
    lg_release(huge);
}

void callbacks(void)
{
    lg_object *(*fp)(lg_object *, lg_object *) = reads_nothing;
    obj_t c = lg_closure(fp, 1, lg_buffer(100000));
    lg_emitter_on(the_app.listeners, c);
    for (size_t i = 0; i < lg_list_len(g_list); i++)
        lg_release(lg_call(lg_list_get(g_list, i), NULL));
}

void removes(obj_t x)
{
    lg_list_remove(the_app.scratch, x);
    lg_list_clear(g_list);
}
