/* hooks_bad.c — module-level hook lists: callables registered from Python
 * and called on every event, never removed — each list keeps every hook
 * (and whatever the hook's closure holds) alive for ever.  The items are
 * read with PyList_GET_ITEM (a macro: no call), PyList_GetItem and
 * PySequence_GetItem, and called every way the C API calls an object. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *on_start, *on_stop, *on_tick, *on_error, *on_event, *on_save, *on_load;

static PyObject *add_hook(PyObject *module, PyObject *hook)
{
    PyList_Append(on_start, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Append(on_stop, Py_NewRef(hook)); /* expect: listener-strong-ref @PyList_Append */
    Py_INCREF(hook);
    PyList_Append(on_tick, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Append(on_error, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Append(on_event, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Append(on_save, hook); /* expect: listener-strong-ref @PyList_Append */
    PyList_Insert(on_load, 0, hook); /* expect: listener-strong-ref @PyList_Insert */
    (void)module;
    Py_RETURN_NONE;
}

static void fire(PyObject *arg)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(on_start); i++)
        Py_XDECREF(PyObject_CallNoArgs(PyList_GET_ITEM(on_start, i)));
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(on_stop); i++) {
        PyObject *hook = PyList_GET_ITEM(on_stop, i);
        Py_XDECREF(PyObject_CallObject(hook, NULL));
    }
    Py_XDECREF(PyObject_CallOneArg(PyList_GetItem(on_tick, 0), arg));
    Py_XDECREF(PyObject_Call(PyList_GetItem(on_error, 0), arg, NULL));
    Py_XDECREF(PyObject_CallFunctionObjArgs(PyList_GET_ITEM(on_event, 0), arg, NULL));
    PyObject *h = PySequence_GetItem(on_save, 0);
    Py_XDECREF(PyObject_CallFunction(h, "O", arg));
    Py_XDECREF(h);
    Py_XDECREF(PyObject_Vectorcall(PyList_GET_ITEM(on_load, 0), &arg, 1, NULL));
}

static PyObject *py_fire(PyObject *module, PyObject *arg)
{
    fire(arg);
    (void)module;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    { "add_hook", add_hook, METH_O, NULL },
    { "fire", py_fire, METH_O, NULL },
    { NULL, NULL, 0, NULL },
};
static struct PyModuleDef moddef = { PyModuleDef_HEAD_INIT, "hooks_bad", NULL, -1, methods };

PyMODINIT_FUNC PyInit_hooks_bad(void)
{
    on_start = PyList_New(0);
    return PyModule_Create(&moddef);
}
