/* handlers.c — callables registered from Python; dispatch.c calls every one
 * and nothing removes one: a listener list only the whole module shows. */
#include "ext.h"

PyObject *handlers;

PyObject *add_handler(PyObject *module, PyObject *fn)
{
    (void)module;
    if (PyList_Append(handlers, fn) < 0) /* expect: listener-strong-ref @PyList_Append */ /* expect-per-file: unbounded-cache @PyList_Append */
        return NULL;
    Py_RETURN_NONE;
}
