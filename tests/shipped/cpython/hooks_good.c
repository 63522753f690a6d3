/* hooks_good.c — hook lists done right: a weak reference appended (the
 * caller's object keeps the hook alive; a dead one is skipped), or the
 * hook removed when it is unregistered.  Nothing here is flagged. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *weak_hooks, *hooks, *by_name;

static PyObject *add_hook(PyObject *module, PyObject *hook)
{
    PyObject *ref = PyWeakref_NewRef(hook, NULL);
    if (ref == NULL || PyList_Append(weak_hooks, ref) < 0)
        return NULL;
    Py_DECREF(ref);
    PyList_Append(hooks, hook);
    PyDict_SetItemString(by_name, "hook", PyWeakref_NewProxy(hook, NULL));
    (void)module;
    Py_RETURN_NONE;
}

static PyObject *remove_hook(PyObject *module, PyObject *hook)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(hooks); i++)
        if (PyList_GET_ITEM(hooks, i) == hook)
            PySequence_DelItem(hooks, i);
    PyDict_DelItemString(by_name, "hook");
    (void)module;
    Py_RETURN_NONE;
}

static void fire(void)
{
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(weak_hooks); i++) {
        PyObject *hook = PyWeakref_GetObject(PyList_GET_ITEM(weak_hooks, i));
        if (hook != Py_None)
            Py_XDECREF(PyObject_CallNoArgs(hook));
        PyObject *again = PyWeakref_GET_OBJECT(PyList_GET_ITEM(weak_hooks, i));
        if (again != Py_None)
            Py_XDECREF(PyObject_CallNoArgs(again));
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(hooks); i++)
        Py_XDECREF(PyObject_CallNoArgs(PyList_GET_ITEM(hooks, i)));
}

static PyObject *py_fire(PyObject *module, PyObject *unused)
{
    fire();
    (void)module;
    (void)unused;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    { "add_hook", add_hook, METH_O, NULL },
    { "remove_hook", remove_hook, METH_O, NULL },
    { "fire", py_fire, METH_NOARGS, NULL },
    { NULL, NULL, 0, NULL },
};
static struct PyModuleDef moddef = { PyModuleDef_HEAD_INIT, "hooks_good", NULL, -1, methods };

PyMODINIT_FUNC PyInit_hooks_good(void)
{
    weak_hooks = PyList_New(0);
    hooks = PyList_New(0);
    by_name = PyDict_New();
    return PyModule_Create(&moddef);
}
