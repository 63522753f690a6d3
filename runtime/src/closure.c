/*
 * closure.c — closures: a C function with captured objects (strong
 * references), callable through lg_call.  The captures are what the
 * closure-captured-buffer rule is about: a capture the function never reads
 * still lives as long as the closure.
 */
#include "builtins.h"
#include <stdarg.h>

static lg_object *closure_new(const char *file, int line, lg_fn fn, size_t n, va_list ap)
{
    if (fn == NULL) {
        lg__set_error("lg_closure: fn is NULL");
        return NULL;
    }
    if (n > (SIZE_MAX / 2) / sizeof(lg_object *)) {
        lg__set_error("lg_closure: too many captures");
        return NULL;
    }
    lg_object *o = lg__object_alloc(LG__TYPE(LG__T_CLOSURE), n * sizeof(lg_object *), file, line);
    if (o == NULL)
        return NULL;
    lg__closure *c = (lg__closure *)o;
    c->fn = fn;
    c->n = n;
    for (size_t i = 0; i < n; i++) {
        c->caps[i] = lg_retain(va_arg(ap, lg_object *));
        if (c->caps[i] != NULL)
            lg__stored(c->caps[i], file, line);
    }
    if (lg__ev_on && n > 0)
        lg__ev_closure_made();
    return o;
}

lg_object *lg_closure_at(const char *file, int line, lg_fn fn, size_t ncaptures, ...)
{
    va_list ap;
    va_start(ap, ncaptures);
    lg_object *o = closure_new(file, line, fn, ncaptures, ap);
    va_end(ap);
    return o;
}

lg_object *(lg_closure)(lg_fn fn, size_t ncaptures, ...)
{
    va_list ap;
    va_start(ap, ncaptures);
    lg_object *o = closure_new(NULL, 0, fn, ncaptures, ap);
    va_end(ap);
    return o;
}

lg_object *lg_closure_capture(lg_object *self, size_t i)
{
    if (lg__check(self, LG__T_CLOSURE, "lg_closure_capture") < 0)
        return NULL;
    lg__closure *c = (lg__closure *)self;
    if (i >= c->n) {
        lg__set_error("lg_closure_capture: index out of range");
        return NULL;
    }
    if (i < 64)
        c->read |= (uint64_t)1 << i;
    return c->caps[i];
}

size_t lg_closure_ncaptures(const lg_object *self)
{
    if (lg__check(self, LG__T_CLOSURE, "lg_closure_ncaptures") < 0)
        return 0;
    return ((const lg__closure *)self)->n;
}

lg_object *lg__closure_call(lg_object *self, lg_object *arg)
{
    lg__closure *c = (lg__closure *)self;
    c->calls++;
    return c->fn(self, arg);
}

lg_object *lg_call(lg_object *callable, lg_object *arg)
{
    if (lg__check_arg(callable, "lg_call", "callable") < 0)
        return NULL;
    if (callable->type->call == NULL) {
        lg__set_error("lg_call: object is not callable");
        return NULL;
    }
    lg_retain(callable);
    lg_object *r = callable->type->call(callable, arg);
    lg_release(callable);
    return r;
}

void lg__closure_traverse(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__closure *c = (lg__closure *)o;
    for (size_t i = 0; i < c->n; i++)
        visit(c->caps[i], arg);
}

void lg__closure_stored(lg_object *o, lg_visit_fn visit, void *arg)
{
    lg__closure *c = (lg__closure *)o;
    for (size_t i = 0; i < c->n; i++)
        if (c->caps[i] != NULL)
            visit(c->caps[i], arg);
}

void lg__closure_each_unread(lg_object *o, void (*fn)(size_t i, lg_object *cap, int called,
                                                      void *arg), void *arg)
{
    lg__closure *c = (lg__closure *)o;
    for (size_t i = 0; i < c->n && i < 64; i++)
        if (!((c->read >> i) & 1u) && c->caps[i] != NULL)
            fn(i, c->caps[i], c->calls > 0, arg);
}

void lg__closure_clear(lg_object *o)
{
    lg__closure *c = (lg__closure *)o;
    for (size_t i = 0; i < c->n; i++) {
        lg_object *cap = c->caps[i];
        c->caps[i] = NULL;
        lg_release(cap);
    }
}

void lg__closure_dealloc(lg_object *o)
{
    if (lg__ev_on) {
        lg__ev_closure_dead(o);
        lg__ev_container_dead(o);
    }
    lg__closure_clear(o);
}

size_t lg__closure_owned(const lg_object *o)
{
    return ((const lg__closure *)o)->n * sizeof(lg_object *);
}
